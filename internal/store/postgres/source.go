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

var _ news.SourceStore = (*Store)(nil)

// sourceKey is the SQL of an article's source label (news.Source.Label); the index
// articles_source is on it.
const sourceKey = "coalesce(a.source_name, a.source_domain, 'unknown')"

const sourceCols = "label, coalesce(domain, ''), coalesce(user_lean, lean, ''), notes, edited_at, articles, first, last"

func scanSource(row pgx.Row) (news.SourceInfo, error) {
	var si news.SourceInfo
	var edited *time.Time
	if err := row.Scan(&si.Label, &si.Domain, &si.Lean, &si.Notes, &edited, &si.Articles, &si.First, &si.Last); err != nil {
		return si, err
	}
	if edited != nil {
		si.Edited = edited.UTC()
	}
	si.First, si.Last = si.First.UTC(), si.Last.UTC()
	return si, nil
}

// Sources lists every source with at least one article, by label (bytewise).
func (s *Store) Sources(ctx context.Context) ([]news.SourceInfo, error) {
	rows, err := s.pool.Query(ctx, "SELECT "+sourceCols+" FROM sources WHERE articles > 0 ORDER BY label")
	if err != nil {
		return nil, fmt.Errorf("postgres: sources: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (news.SourceInfo, error) { return scanSource(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: sources: %w", err)
	}
	return out, nil
}

// Source returns one source by label, or an ErrNotFound error.
func (s *Store) Source(ctx context.Context, label string) (*news.SourceInfo, error) {
	if err := checkText("label", label); err != nil {
		return nil, fmt.Errorf("postgres: source %q: %w", label, news.ErrNotFound)
	}
	si, err := scanSource(s.pool.QueryRow(ctx, "SELECT "+sourceCols+" FROM sources WHERE label = $1 AND articles > 0", label))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("postgres: source %q: %w", label, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: source %q: %w", label, err)
	}
	return &si, nil
}

// checkEdit returns e's lean (lower case) and notes, trimmed, or an ErrInvalid error.
func checkEdit(e news.SourceEdit) (lean, notes *string, err error) {
	if e.Lean != nil {
		l := strings.ToLower(strings.TrimSpace(*e.Lean))
		if len(l) > news.MaxLeanLen || checkText("lean", l) != nil {
			return nil, nil, &news.InvalidError{Field: "lean", Reason: fmt.Sprintf("use at most %d characters of text", news.MaxLeanLen)}
		}
		lean = &l
	}
	if e.Notes != nil {
		n := strings.TrimSpace(*e.Notes)
		if len(n) > news.MaxNotesLen || checkText("notes", n) != nil {
			return nil, nil, &news.InvalidError{Field: "notes", Reason: fmt.Sprintf("use at most %d characters of text", news.MaxNotesLen)}
		}
		notes = &n
	}
	return lean, notes, nil
}

// EditSource sets a user's lean (an empty one restores the articles' lean) and notes.
// Errors: ErrNotFound for an unknown label, ErrInvalid for text too long or not UTF-8.
func (s *Store) EditSource(ctx context.Context, label string, e news.SourceEdit) (*news.SourceInfo, error) {
	lean, notes, err := checkEdit(e)
	if err != nil {
		return nil, fmt.Errorf("postgres: edit source %q: %w", label, err)
	}
	if lean == nil && notes == nil {
		return s.Source(ctx, label)
	}
	var leanArg any
	if lean != nil {
		leanArg = null(*lean)
	}
	si, err := scanSource(s.pool.QueryRow(ctx, `UPDATE sources SET
			user_lean = CASE WHEN $2 THEN $3 ELSE user_lean END,
			notes = coalesce($4, notes), edited_at = $5
		WHERE label = $1 AND articles > 0 RETURNING `+sourceCols,
		label, lean != nil, leanArg, notes, now()))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("postgres: edit source %q: %w", label, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: edit source %q: %w", label, err)
	}
	return &si, nil
}

// SourceStories lists the stories of the source's articles, newest (by the source's
// latest article in them) first.
func (s *Store) SourceStories(ctx context.Context, label string, p news.Page) ([]news.Story, int, error) {
	fail := func(err error) ([]news.Story, int, error) {
		return nil, 0, fmt.Errorf("postgres: source %q stories: %w", label, err)
	}
	if checkText("label", label) != nil {
		return fail(news.ErrNotFound)
	}
	limit, offset := window(p)
	tx, err := s.readTx(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback(ctx)
	var known bool
	var total int
	err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM sources WHERE label = $1 AND articles > 0),
		(SELECT count(DISTINCT story_id) FROM articles a WHERE `+sourceKey+` = $1 AND story_id IS NOT NULL)`, label).Scan(&known, &total)
	if err != nil {
		return fail(err)
	}
	if !known {
		return fail(news.ErrNotFound)
	}
	rows, err := tx.Query(ctx, `SELECT st.id, st.title, st.first, st.last FROM stories st
		JOIN (SELECT story_id, max(sort_time) AS t FROM articles a WHERE `+sourceKey+` = $1 AND story_id IS NOT NULL GROUP BY story_id) m
		ON m.story_id = st.id ORDER BY m.t DESC, st.id LIMIT $2 OFFSET $3`, label, limit, offset)
	if err != nil {
		return fail(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (news.Story, error) { return scanStory(r) })
	if err != nil {
		return fail(err)
	}
	if err := members(ctx, tx, out); err != nil {
		return fail(err)
	}
	return out, total, nil
}

// SourceVolume counts the source's articles per UTC month (of the publication time,
// else the ingest time), oldest first; months without articles are left out.
func (s *Store) SourceVolume(ctx context.Context, label string) ([]news.Volume, error) {
	fail := func(err error) ([]news.Volume, error) {
		return nil, fmt.Errorf("postgres: source %q volume: %w", label, err)
	}
	if checkText("label", label) != nil {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT date_trunc('month', a.sort_time AT TIME ZONE 'UTC') AS m, count(*) FROM articles a
		WHERE `+sourceKey+` = $1 GROUP BY 1 ORDER BY 1`, label)
	if err != nil {
		return fail(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (news.Volume, error) {
		var v news.Volume
		var m time.Time
		err := r.Scan(&m, &v.Articles)
		v.Period = time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC)
		return v, err
	})
	if err != nil {
		return fail(err)
	}
	return out, nil
}
