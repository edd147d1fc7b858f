// Package postgres is the news.Store for several processes sharing one PostgreSQL
// database (pgx, pgxpool): articles, stories and a tsvector/GIN full-text index, with
// versioned migrations embedded in the binary, plus the ingest job queue that
// `parallax worker` processes claim with FOR UPDATE SKIP LOCKED (queue.go, assign.go).
//
// Published and modified times come back exactly as stored (nanoseconds, UTC offset);
// story, sort and ingest times are timestamptz and come back in UTC, to the microsecond.
package postgres

import (
	"context"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parallax-news/parallax/internal/news"
)

// Store is a news.Store on one PostgreSQL database (the schema first on the
// connection's search_path). It is safe for concurrent use, also by several processes.
type Store struct {
	dsn  string // redacted, for messages
	pool *pgxpool.Pool
}

var _ news.Store = (*Store)(nil)

// IsDSN reports whether s names a PostgreSQL database rather than a SQLite file:
// a postgres:// or postgresql:// URL.
func IsDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Redact hides the password of a DSN URL, for messages and logs.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		if i := strings.Index(dsn, "@"); i > 0 {
			if j := strings.Index(dsn, "://"); j > 0 && j < i {
				return dsn[:j+3] + "…" + dsn[i:]
			}
		}
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// connectTimeout bounds how long Open waits for the server, unless the DSN says
// (connect_timeout).
const connectTimeout = 10 * time.Second

// Open connects to the database that dsn names (a postgres:// URL or key=value
// string, as libpq reads them) and applies the migrations it lacks. It fails when the
// server cannot be reached or its schema is newer than this binary knows. Errors name
// the DSN without its password.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := migrate(ctx, s.pool, migrationFS, s.dsn); err != nil {
		s.pool.Close()
		return nil, err
	}
	return s, nil
}

// Migrate applies the embedded migrations the database lacks and returns their
// versions (none when it is up to date), as Open would, for `parallax migrate`.
func Migrate(ctx context.Context, dsn string) ([]int, error) {
	s, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return migrate(ctx, s.pool, migrationFS, s.dsn)
}

func connect(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{dsn: Redact(dsn)}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's parse errors may quote the DSN, password included.
		return nil, fmt.Errorf("postgres: open %s: %w", s.dsn, &news.InvalidError{Field: "dsn", Reason: "not a PostgreSQL connection string"})
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = connectTimeout
	}
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "parallax"
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = int32(max(4, 2*runtime.GOMAXPROCS(0)))
	}
	s.pool, err = pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open %s: %w", s.dsn, err)
	}
	if err := s.pool.Ping(ctx); err != nil {
		s.pool.Close()
		return nil, fmt.Errorf("postgres: open %s (is the server running, and the DSN right?): %w", s.dsn, err)
	}
	return s, nil
}

// Close releases the connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// String is the redacted DSN.
func (s *Store) String() string { return s.dsn }
