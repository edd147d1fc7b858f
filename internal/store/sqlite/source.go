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

var _ news.SourceStore = (*Store)(nil)

const sourceCols = "label, domain, coalesce(user_lean, lean), notes, edited_at, articles, first, last"

func scanSource(row scanner) (news.SourceInfo, error) {
	var si news.SourceInfo
	var domain, lean, edited sql.NullString
	var first, last string
	if err := row.Scan(&si.Label, &domain, &lean, &si.Notes, &edited, &si.Articles, &first, &last); err != nil {
		return si, err
	}
	si.Domain, si.Lean = domain.String, lean.String
	var err error
	if edited.Valid {
		if si.Edited, err = parseUTC(edited.String); err != nil {
			return si, fmt.Errorf("source %s: edited_at: %w", si.Label, err)
		}
	}
	if si.First, err = parseUTC(first); err != nil {
		return si, fmt.Errorf("source %s: first: %w", si.Label, err)
	}
	if si.Last, err = parseUTC(last); err != nil {
		return si, fmt.Errorf("source %s: last: %w", si.Label, err)
	}
	return si, nil
}

// Sources lists every source with at least one article, by label.
func (s *Store) Sources(ctx context.Context) ([]news.SourceInfo, error) {
	return queryAll(ctx, s.r, "sources", scanSource, "SELECT "+sourceCols+" FROM sources WHERE articles > 0 ORDER BY label")
}

// Source returns one source by label, or an ErrNotFound error.
func (s *Store) Source(ctx context.Context, label string) (*news.SourceInfo, error) {
	return s.source(ctx, s.r, label)
}

type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) source(ctx context.Context, db queryRower, label string) (*news.SourceInfo, error) {
	si, err := scanSource(db.QueryRowContext(ctx, "SELECT "+sourceCols+" FROM sources WHERE label = ? AND articles > 0", label))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: source %q: %w", label, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: source %q: %w", label, err)
	}
	return &si, nil
}

// EditSource sets a user's lean (an empty one restores the articles' lean) and notes.
// Errors: ErrNotFound for an unknown label, ErrInvalid for text too long or not UTF-8.
func (s *Store) EditSource(ctx context.Context, label string, e news.SourceEdit) (*news.SourceInfo, error) {
	invalid := func(field, reason string) (*news.SourceInfo, error) {
		return nil, fmt.Errorf("sqlite: edit source %q: %w", label, &news.InvalidError{Field: field, Reason: reason})
	}
	var sets []string
	var args []any
	if e.Lean != nil {
		lean := strings.ToLower(strings.TrimSpace(*e.Lean))
		if len(lean) > news.MaxLeanLen || !utf8.ValidString(lean) {
			return invalid("lean", fmt.Sprintf("use at most %d characters of text", news.MaxLeanLen))
		}
		sets = append(sets, "user_lean = ?")
		args = append(args, null(lean))
	}
	if e.Notes != nil {
		notes := strings.TrimSpace(*e.Notes)
		if len(notes) > news.MaxNotesLen || !utf8.ValidString(notes) {
			return invalid("notes", fmt.Sprintf("use at most %d characters of text", news.MaxNotesLen))
		}
		sets = append(sets, "notes = ?")
		args = append(args, notes)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: edit source %q: %w", label, err)
	}
	defer tx.Rollback()
	if len(sets) > 0 {
		sets = append(sets, "edited_at = ?")
		args = append(args, formatUTC(time.Now()), label)
		res, err := tx.ExecContext(ctx, "UPDATE sources SET "+strings.Join(sets, ", ")+" WHERE label = ? AND articles > 0", args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: edit source %q: %w", label, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return nil, fmt.Errorf("sqlite: edit source %q: %w", label, errors.Join(err, news.ErrNotFound))
		}
	}
	si, err := s.source(ctx, tx, label)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: edit source %q: %w", label, err)
	}
	return si, nil
}

// SourceStories lists the stories of the source's articles, newest (by the source's
// latest article in them) first.
func (s *Store) SourceStories(ctx context.Context, label string, p news.Page) ([]news.Story, int, error) {
	fail := func(err error) ([]news.Story, int, error) {
		return nil, 0, fmt.Errorf("sqlite: source %q stories: %w", label, err)
	}
	limit, offset := window(p)
	tx, err := s.readTx(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	var known, total int
	err = tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM sources WHERE label = ?1 AND articles > 0),
		(SELECT count(DISTINCT story_id) FROM articles a WHERE `+sourceKey+` = ?1 AND story_id IS NOT NULL)`, label).Scan(&known, &total)
	if err != nil {
		return fail(err)
	}
	if known == 0 {
		return fail(news.ErrNotFound)
	}
	rows, err := tx.QueryContext(ctx, `SELECT st.id, st.title, st.first, st.last FROM stories st
		JOIN (SELECT story_id, max(sort_time) AS t FROM articles a WHERE `+sourceKey+` = ? AND story_id IS NOT NULL GROUP BY story_id) m
		ON m.story_id = st.id ORDER BY m.t DESC, st.id LIMIT ? OFFSET ?`, label, limit, offset)
	if err != nil {
		return fail(err)
	}
	var out []news.Story
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			rows.Close()
			return fail(err)
		}
		out = append(out, st)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
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
		return nil, fmt.Errorf("sqlite: source %q volume: %w", label, err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT substr(sort_time, 1, 7), count(*) FROM articles a
		WHERE `+sourceKey+` = ? GROUP BY 1 ORDER BY 1`, label)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	var out []news.Volume
	for rows.Next() {
		var month string
		var v news.Volume
		if err := rows.Scan(&month, &v.Articles); err != nil {
			return fail(err)
		}
		if v.Period, err = time.Parse("2006-01", month); err != nil {
			return fail(fmt.Errorf("month %q: %w", month, err))
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	return out, nil
}
