package main

import (
	"context"
	"fmt"

	"github.com/parallax-news/parallax/internal/store/postgres"
)

// runMigrate brings the store's schema up to date. Every command does that when it
// opens a store; migrate does only that, and says what it did, so that an operator
// can upgrade a shared PostgreSQL database before starting workers of a new version.
func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := flags("migrate", e.stderr)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the store (SQLite file or postgres:// DSN)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return errUsage
	}
	if err := e.cfg.Validate(); err != nil {
		return err
	}
	if !postgres.IsDSN(e.cfg.DB) {
		st, err := e.openStore(ctx) // SQLite migrates on open
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "parallax migrate: %s is up to date\n", e.cfg.DB)
		return st.Close()
	}
	applied, err := postgres.Migrate(ctx, e.cfg.DB)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(e.stderr, "parallax migrate: %s is up to date\n", postgres.Redact(e.cfg.DB))
		return nil
	}
	fmt.Fprintf(e.stderr, "parallax migrate: %s: applied migrations %v\n", postgres.Redact(e.cfg.DB), applied)
	return nil
}
