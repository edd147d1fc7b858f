package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

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

// readTx starts a read-only repeatable-read transaction, so that a method's several
// queries see one snapshot even while others write.
func (s *Store) readTx(ctx context.Context) (pgx.Tx, error) {
	return s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
}

// Story returns a story with its articles' ids (oldest first), its sources' labels
// in order of first appearance, and its first and last times (UTC), or an
// ErrNotFound error.
func (s *Store) Story(ctx context.Context, id string) (*news.Story, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: story %s: %w", id, err)
	}
	defer tx.Rollback(ctx)
	st, err := scanStory(tx.QueryRow(ctx, "SELECT id, title, first, last FROM stories WHERE id = $1", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("postgres: story %s: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: story %s: %w", id, err)
	}
	stories := []news.Story{st}
	if err := members(ctx, tx, stories); err != nil {
		return nil, fmt.Errorf("postgres: story %s: %w", id, err)
	}
	return &stories[0], nil
}

// Stories lists stories, newest (by last article) first, ties by id, one page at a time
// (see DefaultLimit and MaxLimit).
func (s *Store) Stories(ctx context.Context, p news.Page) ([]news.Story, error) {
	limit, offset := window(p)
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: stories: %w", err)
	}
	defer tx.Rollback(ctx)
	rows, err := tx.Query(ctx, "SELECT id, title, first, last FROM stories ORDER BY last DESC, id LIMIT $1 OFFSET $2", limit, offset)
	if err != nil {
		return nil, fmt.Errorf("postgres: stories: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (news.Story, error) { return scanStory(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: stories: %w", err)
	}
	if err := members(ctx, tx, out); err != nil {
		return nil, fmt.Errorf("postgres: stories: %w", err)
	}
	return out, nil
}

func scanStory(row pgx.Row) (news.Story, error) {
	var st news.Story
	err := row.Scan(&st.ID, &st.Title, &st.First, &st.Last)
	st.First, st.Last = st.First.UTC(), st.Last.UTC()
	return st, err
}

// members fills the stories' Articles and Sources with one query.
func members(ctx context.Context, tx pgx.Tx, stories []news.Story) error {
	if len(stories) == 0 {
		return nil
	}
	at := make(map[string]int, len(stories))
	ids := make([]string, len(stories))
	for i, st := range stories {
		at[st.ID] = i
		ids[i] = st.ID
	}
	rows, err := tx.Query(ctx, "SELECT story_id, id, source_name, source_domain FROM articles WHERE story_id = ANY($1) ORDER BY story_id, sort_time, id", ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	seen := map[[2]string]bool{}
	for rows.Next() {
		var storyID, id string
		var name, domain *string
		if err := rows.Scan(&storyID, &id, &name, &domain); err != nil {
			return err
		}
		st := &stories[at[storyID]]
		st.Articles = append(st.Articles, id)
		var src news.Source
		if name != nil {
			src.Name = *name
		}
		if domain != nil {
			src.Domain = *domain
		}
		label := src.Label()
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
		return nil, fmt.Errorf("postgres: story %s articles: %w", storyID, err)
	}
	tx, err := s.readTx(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback(ctx)
	var exists bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM stories WHERE id = $1)", storyID).Scan(&exists); err != nil {
		return fail(err)
	}
	if !exists {
		return fail(news.ErrNotFound)
	}
	rows, err := tx.Query(ctx, "SELECT "+articleCols+" FROM articles WHERE story_id = $1 ORDER BY sort_time, id", storyID)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	var out []*news.Article
	for rows.Next() {
		st, _, err := scanArticle(rows)
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
