package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax/internal/news"
)

var _ news.FollowStore = (*Store)(nil)

const followCols = "id, name, q_text, q_source, q_entity, q_from, q_to, created_at, seen_at, notified_at"

func scanFollow(row pgx.Row) (news.Follow, error) {
	var f news.Follow
	var from, to *string
	if err := row.Scan(&f.ID, &f.Name, &f.Query.Text, &f.Query.Source, &f.Query.Entity, &from, &to, &f.Created, &f.Seen, &f.Notified); err != nil {
		return f, err
	}
	var err error
	if f.Query.From, err = parseNullTime(from); err != nil {
		return f, fmt.Errorf("follow %d: from: %w", f.ID, err)
	}
	if f.Query.To, err = parseNullTime(to); err != nil {
		return f, fmt.Errorf("follow %d: to: %w", f.ID, err)
	}
	f.Created, f.Seen, f.Notified = f.Created.UTC(), f.Seen.UTC(), f.Notified.UTC()
	return f, nil
}

// CheckFollow returns f with its query trimmed and its name defaulted (the query's
// words, entity and source), or an ErrInvalid error: an empty query, text too long or
// not storable, a date outside years 1-9999.
func CheckFollow(f news.Follow) (news.Follow, error) {
	invalid := func(field, reason string) (news.Follow, error) {
		return f, &news.InvalidError{Field: field, Reason: reason}
	}
	q := f.Query
	q.Text, q.Entity, q.Source = strings.TrimSpace(q.Text), strings.TrimSpace(q.Entity), strings.TrimSpace(q.Source)
	q.IngestedAfter, q.ByDate = time.Time{}, false
	if q.Empty() {
		return invalid("query", "follow words, an entity or a source")
	}
	for _, v := range []struct{ field, s string }{{"q", q.Text}, {"entity", q.Entity}, {"source", q.Source}} {
		if len(v.s) > news.MaxFollowQuery || checkText(v.field, v.s) != nil {
			return invalid(v.field, fmt.Sprintf("use at most %d characters of text", news.MaxFollowQuery))
		}
	}
	if err := errors.Join(checkTime("from", q.From), checkTime("to", q.To)); err != nil {
		return f, err
	}
	name := strings.TrimSpace(f.Name)
	if name == "" {
		var parts []string
		for _, p := range []string{q.Text, q.Entity, q.Source} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		name = strings.Join(parts, " · ")
	}
	if len(name) > news.MaxFollowName || checkText("name", name) != nil {
		return invalid("name", fmt.Sprintf("use at most %d characters of text", news.MaxFollowName))
	}
	f.Name, f.Query = name, q
	return f, nil
}

// AddFollow saves a followed topic; all its cursors start now (to the microsecond), so
// only articles stored from now on are new to it. Errors: ErrInvalid for an empty query
// or text too long.
func (s *Store) AddFollow(ctx context.Context, f news.Follow) (*news.Follow, error) {
	f, err := CheckFollow(f)
	if err != nil {
		return nil, fmt.Errorf("postgres: follow: %w", err)
	}
	t := now()
	got, err := scanFollow(s.pool.QueryRow(ctx, `INSERT INTO follows (name, q_text, q_source, q_entity, q_from, q_to, created_at, seen_at, notified_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7) RETURNING `+followCols,
		f.Name, f.Query.Text, f.Query.Source, f.Query.Entity, nullTime(f.Query.From), nullTime(f.Query.To), t))
	if err != nil {
		return nil, fmt.Errorf("postgres: follow: %w", err)
	}
	return &got, nil
}

// Follows lists the followed topics, oldest first.
func (s *Store) Follows(ctx context.Context) ([]news.Follow, error) {
	rows, err := s.pool.Query(ctx, "SELECT "+followCols+" FROM follows ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("postgres: follows: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (news.Follow, error) { return scanFollow(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: follows: %w", err)
	}
	return out, nil
}

// Follow returns one followed topic, or an ErrNotFound error.
func (s *Store) Follow(ctx context.Context, id int64) (*news.Follow, error) {
	f, err := scanFollow(s.pool.QueryRow(ctx, "SELECT "+followCols+" FROM follows WHERE id = $1", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("postgres: follow %d: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: follow %d: %w", id, err)
	}
	return &f, nil
}

// DeleteFollow stops following; ErrNotFound when there is no such topic.
func (s *Store) DeleteFollow(ctx context.Context, id int64) error {
	tag, err := s.pool.Exec(ctx, "DELETE FROM follows WHERE id = $1", id)
	if err != nil {
		return fmt.Errorf("postgres: unfollow %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: unfollow %d: %w", id, news.ErrNotFound)
	}
	return nil
}

// MarkFollow moves the Seen and Notified cursors; a zero time leaves a cursor as is.
func (s *Store) MarkFollow(ctx context.Context, id int64, seen, notified time.Time) error {
	arg := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.UTC()
	}
	tag, err := s.pool.Exec(ctx, "UPDATE follows SET seen_at = coalesce($1, seen_at), notified_at = coalesce($2, notified_at) WHERE id = $3",
		arg(seen), arg(notified), id)
	if err != nil {
		return fmt.Errorf("postgres: mark follow %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: mark follow %d: %w", id, news.ErrNotFound)
	}
	return nil
}
