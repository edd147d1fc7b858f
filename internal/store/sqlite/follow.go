package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/news"
)

var _ news.FollowStore = (*Store)(nil)

const followCols = "id, name, q_text, q_source, q_entity, q_from, q_to, created_at, seen_at, notified_at"

func scanFollow(row scanner) (news.Follow, error) {
	var f news.Follow
	var from, to sql.NullString
	var created, seen, notified string
	if err := row.Scan(&f.ID, &f.Name, &f.Query.Text, &f.Query.Source, &f.Query.Entity, &from, &to, &created, &seen, &notified); err != nil {
		return f, err
	}
	var err error
	for _, t := range []struct {
		dst *time.Time
		s   sql.NullString
	}{{&f.Query.From, from}, {&f.Query.To, to}} {
		if *t.dst, err = parseNullTime(t.s); err != nil {
			return f, fmt.Errorf("follow %d: %w", f.ID, err)
		}
	}
	for _, t := range []struct {
		dst *time.Time
		s   string
	}{{&f.Created, created}, {&f.Seen, seen}, {&f.Notified, notified}} {
		if *t.dst, err = parseUTC(t.s); err != nil {
			return f, fmt.Errorf("follow %d: %w", f.ID, err)
		}
	}
	return f, nil
}

// AddFollow saves a followed topic; all its cursors start now, so only articles stored
// from now on are new to it. Errors: ErrInvalid for an empty query or text too long.
func (s *Store) AddFollow(ctx context.Context, f news.Follow) (*news.Follow, error) {
	invalid := func(field, reason string) (*news.Follow, error) {
		return nil, fmt.Errorf("sqlite: follow: %w", &news.InvalidError{Field: field, Reason: reason})
	}
	q := f.Query
	q.Text, q.Entity, q.Source = strings.TrimSpace(q.Text), strings.TrimSpace(q.Entity), strings.TrimSpace(q.Source)
	if q.Empty() {
		return invalid("query", "follow words, an entity or a source")
	}
	for _, v := range []struct{ field, s string }{{"q", q.Text}, {"entity", q.Entity}, {"source", q.Source}} {
		if len(v.s) > news.MaxFollowQuery || !utf8.ValidString(v.s) {
			return invalid(v.field, fmt.Sprintf("use at most %d characters of text", news.MaxFollowQuery))
		}
	}
	for _, t := range []struct {
		field string
		t     time.Time
	}{{"from", q.From}, {"to", q.To}} {
		if err := checkTime(t.field, t.t); err != nil {
			return nil, fmt.Errorf("sqlite: follow: %w", err)
		}
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
	if len(name) > news.MaxFollowName || !utf8.ValidString(name) {
		return invalid("name", fmt.Sprintf("use at most %d characters of text", news.MaxFollowName))
	}
	now := formatUTC(time.Now())
	res, err := s.w.ExecContext(ctx, `INSERT INTO follows (name, q_text, q_source, q_entity, q_from, q_to, created_at, seen_at, notified_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, name, q.Text, q.Source, q.Entity, nullTime(q.From), nullTime(q.To), now, now, now)
	if err != nil {
		return nil, fmt.Errorf("sqlite: follow: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, fmt.Errorf("sqlite: follow: %w", err)
	}
	return s.follow(ctx, s.w, id)
}

// Follows lists the followed topics, oldest first.
func (s *Store) Follows(ctx context.Context) ([]news.Follow, error) {
	return queryAll(ctx, s.r, "follows", scanFollow, "SELECT "+followCols+" FROM follows ORDER BY id")
}

// Follow returns one followed topic, or an ErrNotFound error.
func (s *Store) Follow(ctx context.Context, id int64) (*news.Follow, error) {
	return s.follow(ctx, s.r, id)
}

func (s *Store) follow(ctx context.Context, db queryRower, id int64) (*news.Follow, error) {
	f, err := scanFollow(db.QueryRowContext(ctx, "SELECT "+followCols+" FROM follows WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: follow %d: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: follow %d: %w", id, err)
	}
	return &f, nil
}

// DeleteFollow stops following; ErrNotFound when there is no such topic.
func (s *Store) DeleteFollow(ctx context.Context, id int64) error {
	res, err := s.w.ExecContext(ctx, "DELETE FROM follows WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("sqlite: unfollow %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("sqlite: unfollow %d: %w", id, errors.Join(err, news.ErrNotFound))
	}
	return nil
}

// MarkFollow moves the Seen and Notified cursors; a zero time leaves a cursor as is.
func (s *Store) MarkFollow(ctx context.Context, id int64, seen, notified time.Time) error {
	arg := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return formatUTC(t)
	}
	res, err := s.w.ExecContext(ctx, "UPDATE follows SET seen_at = coalesce(?, seen_at), notified_at = coalesce(?, notified_at) WHERE id = ?",
		arg(seen), arg(notified), id)
	if err != nil {
		return fmt.Errorf("sqlite: mark follow %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("sqlite: mark follow %d: %w", id, errors.Join(err, news.ErrNotFound))
	}
	return nil
}
