package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// What `parallax export|import` (store/dump) needs beyond the news interfaces: listing
// story merges and users' source edits, and restoring them, and follows, with their
// own ids and times.

// EachMerge calls fn for every recorded story merge, by merged id.
func (s *Store) EachMerge(ctx context.Context, fn func(from, into string, merged time.Time) error) error {
	rows, err := s.pool.Query(ctx, "SELECT from_id, into_id, merged_at FROM story_merges ORDER BY from_id")
	if err != nil {
		return fmt.Errorf("postgres: story merges: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var from, into string
		var t time.Time
		if err := rows.Scan(&from, &into, &t); err != nil {
			return fmt.Errorf("postgres: story merges: %w", err)
		}
		if err := fn(from, into, t.UTC()); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RestoreMerge records that story from was merged into into at merged, without moving
// articles (an import brings them in their stories already). A merge of from already
// recorded is left as it is.
func (s *Store) RestoreMerge(ctx context.Context, from, into string, merged time.Time) error {
	fail := func(err error) error { return fmt.Errorf("postgres: restore merge %s into %s: %w", from, into, err) }
	if from == "" || into == "" || from == into {
		return fail(&news.InvalidError{Field: "story", Reason: "a merge needs two different story ids"})
	}
	if err := errors.Join(checkText("story", from), checkText("story", into), checkTime("merged", merged)); err != nil {
		return fail(err)
	}
	if merged.IsZero() {
		merged = now()
	}
	_, err := s.pool.Exec(ctx, "INSERT INTO story_merges (from_id, into_id, merged_at) VALUES ($1, $2, $3) ON CONFLICT (from_id) DO NOTHING",
		from, into, merged.UTC())
	if err != nil {
		return fail(err)
	}
	return nil
}

// EachSourceEdit calls fn for every source a user edited, by label: the user's lean
// ("" when none), notes and edit time.
func (s *Store) EachSourceEdit(ctx context.Context, fn func(label, lean, notes string, edited time.Time) error) error {
	rows, err := s.pool.Query(ctx, `SELECT label, coalesce(user_lean, ''), notes, edited_at FROM sources
		WHERE user_lean IS NOT NULL OR notes <> '' OR edited_at IS NOT NULL ORDER BY label`)
	if err != nil {
		return fmt.Errorf("postgres: source edits: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var label, lean, notes string
		var edited *time.Time
		if err := rows.Scan(&label, &lean, &notes, &edited); err != nil {
			return fmt.Errorf("postgres: source edits: %w", err)
		}
		if err := fn(label, lean, notes, fromOpt(edited)); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RestoreSourceEdit sets a source's user lean, notes and edit time as exported.
// Errors: ErrNotFound when no stored article has that source.
func (s *Store) RestoreSourceEdit(ctx context.Context, label, lean, notes string, edited time.Time) error {
	fail := func(err error) error { return fmt.Errorf("postgres: restore source %q: %w", label, err) }
	if err := errors.Join(checkText("label", label), checkText("lean", lean), checkText("notes", notes), checkTime("edited", edited)); err != nil {
		return fail(err)
	}
	tag, err := s.pool.Exec(ctx, "UPDATE sources SET user_lean = $2, notes = $3, edited_at = $4 WHERE label = $1 AND articles > 0",
		label, null(lean), notes, optTime(edited))
	if err != nil {
		return fail(err)
	}
	if tag.RowsAffected() == 0 {
		return fail(news.ErrNotFound)
	}
	return nil
}

// RestoreFollow saves f with its own id and times (to the microsecond; new ids stay
// above it); a follow with that id already is left as it is. Errors: ErrInvalid for a
// follow AddFollow would refuse, or without an id.
func (s *Store) RestoreFollow(ctx context.Context, f news.Follow) error {
	fail := func(err error) error { return fmt.Errorf("postgres: restore follow %d: %w", f.ID, err) }
	if f.ID <= 0 {
		return fail(&news.InvalidError{Field: "id", Reason: fmt.Sprintf("%d is not a follow id", f.ID)})
	}
	checked, err := CheckFollow(f)
	if err != nil {
		return fail(err)
	}
	for _, t := range []time.Time{f.Created, f.Seen, f.Notified} {
		if err := checkTime("follow", t); err != nil {
			return fail(err)
		}
	}
	q := checked.Query
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `INSERT INTO follows (id, name, q_text, q_source, q_entity, q_from, q_to, created_at, seen_at, notified_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`, f.ID, checked.Name, q.Text, q.Source, q.Entity,
		nullTime(q.From), nullTime(q.To), f.Created.UTC(), f.Seen.UTC(), f.Notified.UTC())
	if err != nil {
		return fail(err)
	}
	// Ids are never reused: the identity goes on above the largest restored id.
	_, err = tx.Exec(ctx, `SELECT setval(q.seq, greatest(max(f.id), coalesce(pg_sequence_last_value(q.seq), 0)))
		FROM follows f, (SELECT pg_get_serial_sequence('follows', 'id')::regclass AS seq) q GROUP BY q.seq`)
	if err != nil {
		return fail(err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fail(err)
	}
	return nil
}
