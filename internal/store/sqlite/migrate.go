package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/parallax-news/parallax/internal/store/schema"
)

// migrationFS holds the schema migrations, NNNN_name.sql, applied in version order.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one schema step.
type migration = schema.Migration

// readMigrations lists the migrations in fsys's migrations directory, in version order.
func readMigrations(fsys fs.FS) ([]migration, error) { return schema.Read(fsys) }

// migrate applies every migration in fsys that the database at dbPath has not recorded, one
// transaction per migration, recording each in schema_migrations. A database whose
// version is newer than the newest migration is an error: this binary is too old for it.
func migrate(ctx context.Context, db *sql.DB, fsys fs.FS, dbPath string) error {
	fail := func(err error) error { return fmt.Errorf("sqlite: migrate %s: %w", dbPath, err) }
	ms, err := readMigrations(fsys)
	if err != nil {
		return fail(err)
	}
	_, err = db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at TEXT NOT NULL
	)`)
	if err != nil {
		return fail(err)
	}
	var current int
	if err := db.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&current); err != nil {
		return fail(err)
	}
	known := 0
	if len(ms) > 0 {
		known = ms[len(ms)-1].Version
	}
	if current > known {
		return fail(fmt.Errorf("database schema version %d is newer than this binary knows (%d): use a newer parallax", current, known))
	}
	// Every migration not yet recorded is applied, not only those above the current
	// version: migrations written on parallel branches may land out of number order.
	for _, m := range ms {
		if err := apply(ctx, db, m); err != nil {
			return fail(fmt.Errorf("%s: %w", m.Name, err))
		}
	}
	return nil
}

func apply(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Another process may have applied it since we looked: the transaction holds the
	// write lock (_txlock=immediate), so this second look is final.
	var done int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.Version).Scan(&done); err != nil {
		return err
	}
	if done > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
		m.Version, time.Now().UTC().Format(time.RFC3339Nano))
	if err != nil {
		return err
	}
	return tx.Commit()
}
