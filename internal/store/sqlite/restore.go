package sqlite

import (
	"context"
	"database/sql"
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
	rows, err := s.r.QueryContext(ctx, "SELECT from_id, into_id, merged_at FROM story_merges ORDER BY from_id")
	if err != nil {
		return fmt.Errorf("sqlite: story merges: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var from, into, at string
		if err := rows.Scan(&from, &into, &at); err != nil {
			return fmt.Errorf("sqlite: story merges: %w", err)
		}
		t, err := parseUTC(at)
		if err != nil {
			return fmt.Errorf("sqlite: story merge %s: %w", from, err)
		}
		if err := fn(from, into, t); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RestoreMerge records that story from was merged into into at merged, without moving
// articles (an import brings them in their stories already). A merge of from already
// recorded is left as it is.
func (s *Store) RestoreMerge(ctx context.Context, from, into string, merged time.Time) error {
	if from == "" || into == "" || from == into {
		return fmt.Errorf("sqlite: restore merge %s into %s: %w", from, into, &news.InvalidError{Field: "story", Reason: "a merge needs two different story ids"})
	}
	if err := checkTime("merged", merged); err != nil {
		return fmt.Errorf("sqlite: restore merge %s into %s: %w", from, into, err)
	}
	_, err := s.w.ExecContext(ctx, "INSERT INTO story_merges (from_id, into_id, merged_at) VALUES (?, ?, ?) ON CONFLICT (from_id) DO NOTHING",
		from, into, formatUTC(merged))
	if err != nil {
		return fmt.Errorf("sqlite: restore merge %s into %s: %w", from, into, err)
	}
	return nil
}

// EachSourceEdit calls fn for every source a user edited, by label: the user's lean
// ("" when none), notes and edit time.
func (s *Store) EachSourceEdit(ctx context.Context, fn func(label, lean, notes string, edited time.Time) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT label, coalesce(user_lean, ''), notes, edited_at FROM sources
		WHERE user_lean IS NOT NULL OR notes <> '' OR edited_at IS NOT NULL ORDER BY label`)
	if err != nil {
		return fmt.Errorf("sqlite: source edits: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var label, lean, notes string
		var edited sql.NullString
		if err := rows.Scan(&label, &lean, &notes, &edited); err != nil {
			return fmt.Errorf("sqlite: source edits: %w", err)
		}
		var t time.Time
		if edited.Valid {
			if t, err = parseUTC(edited.String); err != nil {
				return fmt.Errorf("sqlite: source %q: edited_at: %w", label, err)
			}
		}
		if err := fn(label, lean, notes, t); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RestoreSourceEdit sets a source's user lean, notes and edit time as exported.
// Errors: ErrNotFound when no stored article has that source.
func (s *Store) RestoreSourceEdit(ctx context.Context, label, lean, notes string, edited time.Time) error {
	if err := checkTime("edited", edited); err != nil {
		return fmt.Errorf("sqlite: restore source %q: %w", label, err)
	}
	res, err := s.w.ExecContext(ctx, "UPDATE sources SET user_lean = ?, notes = ?, edited_at = ? WHERE label = ? AND articles > 0",
		null(lean), notes, nullUTC(edited), label)
	if err != nil {
		return fmt.Errorf("sqlite: restore source %q: %w", label, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("sqlite: restore source %q: %w", label, errors.Join(err, news.ErrNotFound))
	}
	return nil
}

func nullUTC(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatUTC(t)
}

// RestoreFollow saves f with its own id and times (new ids stay above it); a follow
// with that id already is left as it is. Errors: ErrInvalid for a follow AddFollow
// would refuse, or without an id.
func (s *Store) RestoreFollow(ctx context.Context, f news.Follow) error {
	if f.ID <= 0 {
		return fmt.Errorf("sqlite: restore follow: %w", &news.InvalidError{Field: "id", Reason: fmt.Sprintf("%d is not a follow id", f.ID)})
	}
	for _, t := range []time.Time{f.Created, f.Seen, f.Notified, f.Query.From, f.Query.To} {
		if err := checkTime("follow", t); err != nil {
			return fmt.Errorf("sqlite: restore follow %d: %w", f.ID, err)
		}
	}
	if f.Name == "" || f.Query.Empty() {
		return fmt.Errorf("sqlite: restore follow %d: %w", f.ID, &news.InvalidError{Field: "query", Reason: "a follow needs a name and a query"})
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO follows (id, name, q_text, q_source, q_entity, q_from, q_to, created_at, seen_at, notified_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, f.ID, f.Name, f.Query.Text, f.Query.Source, f.Query.Entity,
		nullTime(f.Query.From), nullTime(f.Query.To), formatUTC(f.Created), formatUTC(f.Seen), formatUTC(f.Notified))
	if err != nil {
		return fmt.Errorf("sqlite: restore follow %d: %w", f.ID, err)
	}
	return nil
}
