package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/postgres"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

// Config is the whole configuration: defaults, then PARALLAX_* environment variables,
// then flags.
type Config struct {
	DB   string // the store: a SQLite file path or a postgres:// DSN
	Addr string // the address serve listens on
	// AllowPrivate lets the fetcher reach private, loopback and link-local addresses
	// (PARALLAX_ALLOW_PRIVATE=1, --allow-private); off, such feeds and pages are refused.
	AllowPrivate bool
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config { return Config{DB: "./parallax.db", Addr: ":8080"} }

// FromEnv overrides the defaults with PARALLAX_DB and PARALLAX_ADDR.
func (c *Config) FromEnv(getenv func(string) string) error {
	if v := getenv("PARALLAX_DB"); v != "" {
		c.DB = v
	}
	if v := getenv("PARALLAX_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("PARALLAX_ALLOW_PRIVATE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("PARALLAX_ALLOW_PRIVATE=%q: want 1, 0, true or false", v)
		}
		c.AllowPrivate = b
	}
	return c.Validate()
}

// Validate reports a configuration that cannot work.
func (c *Config) Validate() error {
	if strings.TrimSpace(c.DB) == "" {
		return errors.New("--db is empty")
	}
	if c.Addr == "" {
		return errors.New("--addr is empty")
	}
	return nil
}

var errUsage = errors.New("usage")

// openStore validates the configuration and opens the store it names: PostgreSQL for
// a postgres:// DSN, else the SQLite file.
func (e *env) openStore(ctx context.Context) (news.Store, error) {
	if err := e.cfg.Validate(); err != nil {
		return nil, err
	}
	if postgres.IsDSN(e.cfg.DB) {
		return postgres.Open(ctx, e.cfg.DB)
	}
	return sqlite.Open(ctx, e.cfg.DB)
}

// openFeedStore opens the store for commands that follow feeds: one that implements
// news.FeedStore (SQLite and PostgreSQL do).
func (e *env) openFeedStore(ctx context.Context) (feedStore, error) {
	st, err := e.openStore(ctx)
	if err != nil {
		return nil, err
	}
	fst, ok := st.(feedStore)
	if !ok {
		st.Close()
		return nil, fmt.Errorf("--db %s: this store does not keep feeds", postgres.Redact(e.cfg.DB))
	}
	return fst, nil
}

// flags returns a flag set for command name that writes its errors to w.
func flags(name string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	return fs
}

// parse parses args; a flag error has already been printed, so it becomes errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errUsage
		}
		return errUsage
	}
	return nil
}
