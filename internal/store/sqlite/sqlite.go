// Package sqlite is the embedded news.Store: one SQLite file in WAL mode holding
// articles, stories and an FTS5 full-text index, with versioned migrations embedded
// in the binary. It uses modernc.org/sqlite (pure Go, no cgo).
//
// Writes go through a single connection, so writers in one process never meet
// SQLITE_BUSY; reads use a pool of read-only connections and run concurrently with
// writes. Times come back with the instant and UTC offset they were stored with
// (compare them with time.Time.Equal); story and ingest times come back in UTC.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// busyTimeout is how long (ms) a connection waits for another process's lock.
const busyTimeout = 10000

// Store is a news.Store on one SQLite database. It is safe for concurrent use.
type Store struct {
	path string
	w    *sql.DB // the one writer connection
	r    *sql.DB // read-only connections; the writer itself for ":memory:"

	clockMu sync.Mutex
	clock   time.Time // the last ingest time given (see now)
}

var _ news.Store = (*Store)(nil)

// Open opens (creating it when missing) the SQLite database at path and applies the
// migrations it lacks. It fails when the file is not a SQLite database or its schema
// is newer than this binary knows. The path ":memory:" gives a private in-memory
// database on one connection, for tests; there, the fn given to Since must not call
// the store.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("sqlite: open %q: %w", path, &news.InvalidError{Field: "path", Reason: "want a file name without '?'"})
	}
	memory := path == ":memory:"
	s := &Store{path: path}
	var err error
	s.w, err = connect(ctx, path, writerParams)
	if err != nil {
		return nil, err
	}
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxLifetime(0)
	s.w.SetConnMaxIdleTime(0)
	if err := migrate(ctx, s.w, migrationFS, path); err != nil {
		s.w.Close()
		return nil, err
	}
	if err := setFTSHashSize(ctx, s.w); err != nil {
		s.w.Close()
		return nil, fmt.Errorf("sqlite: open %s: full-text index settings: %w", path, err)
	}
	if memory {
		s.r = s.w
		return s, nil
	}
	s.r, err = connect(ctx, path, readerParams)
	if err != nil {
		s.w.Close()
		return nil, err
	}
	n := max(4, runtime.GOMAXPROCS(0))
	s.r.SetMaxOpenConns(n)
	s.r.SetMaxIdleConns(n)
	return s, nil
}

// ftsHashSize lets the full-text index hold 16 MiB of new entries in memory before it
// writes them as a segment (FTS5's default is 1 MiB): a write batch of a few hundred
// articles then makes one segment, and FTS5 has far fewer segments to merge later
// (BenchmarkWriteBatchAllSides, 10,000 articles in batches of 256: 0.73 ms of CPU per
// article, 0.82 ms with the default). The setting is kept in the index's own config
// table, and set only when it differs, so that opening a store does not write to it.
const ftsHashSize = 16 << 20

func setFTSHashSize(ctx context.Context, db *sql.DB) error {
	var n int
	err := db.QueryRowContext(ctx, "SELECT count(*) FROM articles_fts_config WHERE k = 'hashsize' AND v = ?", ftsHashSize).Scan(&n)
	if err != nil || n > 0 {
		return err
	}
	_, err = db.ExecContext(ctx, "INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', ?)", ftsHashSize)
	return err
}

// writerParams: WAL lets readers work while a write is in progress; synchronous=NORMAL
// is durable across application crashes in WAL mode (a power loss may lose the last
// transactions, never corrupt the file); immediate transactions take the write lock
// up front so that a second process waits (busy_timeout) instead of failing mid-way.
var writerParams = []string{
	fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeout),
	"_pragma=foreign_keys(1)",
	"_pragma=journal_mode(WAL)",
	"_pragma=synchronous(NORMAL)",
	"_txlock=immediate",
}

var readerParams = []string{
	fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeout),
	"_pragma=foreign_keys(1)",
	"_pragma=query_only(1)",
}

func connect(ctx context.Context, path string, params []string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", path+"?"+strings.Join(params, "&"))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	// Ping opens a connection, which runs the pragmas: a file that is not a SQLite
	// database fails here ("file is not a database").
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s (is it a Parallax SQLite database?): %w", path, err)
	}
	return db, nil
}

// Close releases the database connections.
func (s *Store) Close() error {
	var errs []error
	if s.r != s.w {
		errs = append(errs, s.r.Close())
	}
	errs = append(errs, s.w.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlite: close %s: %w", s.path, err)
	}
	return nil
}

// Check verifies the database: SQLite's integrity_check and foreign_key_check, the
// FTS5 index's integrity-check, and that the full-text index holds every article once.
// The error names the first problems found.
func (s *Store) Check(ctx context.Context) error {
	fail := func(what string, err error) error {
		return fmt.Errorf("sqlite: check %s: %s: %w", s.path, what, err)
	}
	rows, err := s.w.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fail("integrity_check", err)
	}
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			rows.Close()
			return fail("integrity_check", err)
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fail("integrity_check", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("sqlite: check %s: integrity_check failed: %s", s.path, strings.Join(problems, "; "))
	}

	rows, err = s.w.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fail("foreign_key_check", err)
	}
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			rows.Close()
			return fail("foreign_key_check", err)
		}
		problems = append(problems, fmt.Sprintf("%s row %d references a missing %s row", table, rowid.Int64, parent))
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fail("foreign_key_check", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("sqlite: check %s: foreign_key_check failed: %s", s.path, strings.Join(problems, "; "))
	}

	if _, err := s.w.ExecContext(ctx, "INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')"); err != nil {
		return fail("full-text index integrity-check", err)
	}
	// Counting both sides and looking for orphans uses the articles primary key only;
	// looking each article up in the FTS table would scan it once per article.
	var articles, indexed, orphans int
	err = s.w.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM articles_fts),
		(SELECT count(*) FROM articles_fts f WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = f.article_id))`).
		Scan(&articles, &indexed, &orphans)
	if err != nil {
		return fail("full-text index coverage", err)
	}
	if articles != indexed || orphans > 0 {
		return fmt.Errorf("sqlite: check %s: full-text index out of sync: %d articles, %d indexed, %d indexed rows without article",
			s.path, articles, indexed, orphans)
	}
	return nil
}
