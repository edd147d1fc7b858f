package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parallax-news/parallax/internal/store/schema"
)

// migrationFS holds the schema migrations, NNNN_name.sql, applied in version order.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// migrateLock is the advisory lock key that serializes migrations of one database
// ("parallax" in ASCII): two processes starting at once apply each migration once.
const migrateLock = 0x706172616c6c6178

// migration is one schema step.
type migration = schema.Migration

// readMigrations lists the migrations in fsys's migrations directory, in version order.
func readMigrations(fsys fs.FS) ([]migration, error) { return schema.Read(fsys) }

// migrate brings the database up to the newest migration in fsys, one transaction per
// migration (PostgreSQL DDL is transactional), recording each in schema_migrations. A
// database whose version is newer than the newest migration is an error: this binary is
// too old for it. It returns the versions it applied.
func migrate(ctx context.Context, pool *pgxpool.Pool, fsys fs.FS, where string) ([]int, error) {
	fail := func(err error) ([]int, error) { return nil, fmt.Errorf("postgres: migrate %s: %w", where, err) }
	ms, err := readMigrations(fsys)
	if err != nil {
		return fail(err)
	}
	known := 0
	if len(ms) > 0 {
		known = ms[len(ms)-1].Version
	}
	var applied []int
	for _, m := range ms {
		done, current, err := apply(ctx, pool, m)
		if err != nil {
			return fail(fmt.Errorf("%s: %w", m.Name, err))
		}
		if current > known {
			return fail(fmt.Errorf("database schema version %d is newer than this binary knows (%d): use a newer parallax", current, known))
		}
		if done {
			applied = append(applied, m.Version)
		}
	}
	if len(ms) == 0 {
		return nil, nil
	}
	return applied, nil
}

// apply runs m unless it is recorded, holding the migration lock for the transaction.
// It returns whether it ran m and the database's version before.
func apply(ctx context.Context, pool *pgxpool.Pool, m migration) (bool, int, error) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return false, 0, err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(migrateLock)); err != nil {
		return false, 0, err
	}
	_, err = tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`)
	if err != nil {
		return false, 0, err
	}
	var current int
	var done bool
	err = tx.QueryRow(ctx, "SELECT coalesce(max(version), 0), coalesce(bool_or(version = $1), false) FROM schema_migrations", m.Version).
		Scan(&current, &done)
	if err != nil {
		return false, 0, err
	}
	if done {
		return false, current, tx.Commit(ctx)
	}
	// The simple protocol runs a file of several statements in one round trip.
	if _, err := tx.Exec(ctx, m.SQL, pgx.QueryExecModeSimpleProtocol); err != nil {
		return false, current, err
	}
	if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version) VALUES ($1)", m.Version); err != nil {
		return false, current, err
	}
	return true, current, tx.Commit(ctx)
}
