package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
)

// Page sizes.
const (
	DefaultLimit = 50  // the page size when news.Page.Limit is 0 (or negative)
	MaxLimit     = 500 // the largest page returned, whatever the Limit asked
)

func window(p news.Page) (limit, offset int) {
	limit, offset = p.Limit, max(p.Offset, 0)
	if limit <= 0 {
		limit = DefaultLimit
	}
	return min(limit, MaxLimit), offset
}

// readTx starts a read transaction, so that a method's several queries see one
// snapshot even while Put commits.
func (s *Store) readTx(ctx context.Context) (*sql.Tx, error) {
	return s.r.BeginTx(ctx, nil)
}

// Story returns a story with its articles' ids (oldest first), its sources' labels
// in order of first appearance, and its first and last times (UTC), or an
// ErrNotFound error.
func (s *Store) Story(ctx context.Context, id string) (*news.Story, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlite: story %s: %w", id, err)
	}
	defer tx.Rollback()
	st, err := scanStory(tx.QueryRowContext(ctx, "SELECT id, title, first, last FROM stories WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: story %s: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: story %s: %w", id, err)
	}
	stories := []news.Story{st}
	if err := members(ctx, tx, stories); err != nil {
		return nil, fmt.Errorf("sqlite: story %s: %w", id, err)
	}
	return &stories[0], nil
}

// Stories lists stories, newest (by last article) first, ties by id, one page at a time
// (see DefaultLimit and MaxLimit).
func (s *Store) Stories(ctx context.Context, p news.Page) ([]news.Story, error) {
	limit, offset := window(p)
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlite: stories: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT id, title, first, last FROM stories ORDER BY last DESC, id LIMIT ? OFFSET ?", limit, offset)
	if err != nil {
		return nil, fmt.Errorf("sqlite: stories: %w", err)
	}
	var out []news.Story
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: stories: %w", err)
		}
		out = append(out, st)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("sqlite: stories: %w", err)
	}
	if err := members(ctx, tx, out); err != nil {
		return nil, fmt.Errorf("sqlite: stories: %w", err)
	}
	return out, nil
}

func scanStory(row scanner) (news.Story, error) {
	var st news.Story
	var first, last string
	if err := row.Scan(&st.ID, &st.Title, &first, &last); err != nil {
		return st, err
	}
	var err error
	if st.First, err = parseUTC(first); err != nil {
		return st, fmt.Errorf("story %s: first: %w", st.ID, err)
	}
	if st.Last, err = parseUTC(last); err != nil {
		return st, fmt.Errorf("story %s: last: %w", st.ID, err)
	}
	return st, nil
}

// members fills the stories' Articles and Sources with one query.
func members(ctx context.Context, tx *sql.Tx, stories []news.Story) error {
	if len(stories) == 0 {
		return nil
	}
	at := make(map[string]int, len(stories))
	args := make([]any, len(stories))
	for i, st := range stories {
		at[st.ID] = i
		args[i] = st.ID
	}
	q := "SELECT story_id, id, source_name, source_domain FROM articles WHERE story_id IN (?" +
		strings.Repeat(", ?", len(stories)-1) + ") ORDER BY story_id, sort_time, id"
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	seen := map[[2]string]bool{}
	for rows.Next() {
		var storyID, id string
		var name, domain sql.NullString
		if err := rows.Scan(&storyID, &id, &name, &domain); err != nil {
			return err
		}
		st := &stories[at[storyID]]
		st.Articles = append(st.Articles, id)
		label := news.Source{Name: name.String, Domain: domain.String}.Label()
		if k := [2]string{storyID, label}; !seen[k] {
			seen[k] = true
			st.Sources = append(st.Sources, label)
		}
	}
	return rows.Err()
}

// StoryArticles returns a story's articles, oldest first (ties by id), or an
// ErrNotFound error.
func (s *Store) StoryArticles(ctx context.Context, storyID string) ([]*news.Article, error) {
	fail := func(err error) ([]*news.Article, error) {
		return nil, fmt.Errorf("sqlite: story %s articles: %w", storyID, err)
	}
	tx, err := s.readTx(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM stories WHERE id = ?", storyID).Scan(&n); err != nil {
		return fail(err)
	}
	if n == 0 {
		return fail(news.ErrNotFound)
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+articleCols+" FROM articles WHERE story_id = ? ORDER BY sort_time, id", storyID)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	var out []*news.Article
	for rows.Next() {
		st, err := scanArticle(rows)
		if err != nil {
			return fail(err)
		}
		out = append(out, st.Article)
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	return out, nil
}
