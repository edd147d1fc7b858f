package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax/internal/news"
)

var _ news.StoryMerger = (*Store)(nil)

// MergeStory moves the articles of story from into story into, recomputes into's
// aggregates (title from its earliest titled article), deletes from's row and records
// the merge, re-pointing earlier merges into from, in one transaction that locks both
// stories' rows. Errors: ErrInvalid when from equals into or from is not a stored story.
func (s *Store) MergeStory(ctx context.Context, from, into string) error {
	fail := func(err error) error { return fmt.Errorf("postgres: merge story %s into %s: %w", from, into, err) }
	if from == into || from == "" || into == "" {
		return fail(&news.InvalidError{Field: "story", Reason: "a merge needs two different story ids"})
	}
	if err := errors.Join(checkText("story", from), checkText("story", into)); err != nil {
		return fail(err)
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback(ctx)
	var found bool
	err = tx.QueryRow(ctx, "SELECT coalesce(bool_or(id = $1), false) FROM (SELECT id FROM stories WHERE id IN ($1, $2) ORDER BY id FOR UPDATE) s", from, into).Scan(&found)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fail(err)
	}
	if !found {
		return fail(&news.InvalidError{Field: "story", Reason: "story " + from + " is not stored"})
	}
	t := now()
	steps := []struct {
		q    string
		args []any
	}{
		{"UPDATE articles SET story_id = $2 WHERE story_id = $1", []any{from, into}},
		{`INSERT INTO stories AS s (id, title, title_sort, title_article, first, last, article_count, updated_at)
			SELECT $1, coalesce(t.title, ''), t.sort_time, t.id, a.first, a.last, a.n, $2
			FROM (SELECT min(sort_time) AS first, max(sort_time) AS last, count(*) AS n FROM articles WHERE story_id = $1) a
			LEFT JOIN LATERAL (SELECT title, sort_time, id FROM articles WHERE story_id = $1 AND title <> ''
				ORDER BY sort_time, id LIMIT 1) t ON true
			WHERE a.n > 0
			ON CONFLICT (id) DO UPDATE SET title = excluded.title, title_sort = excluded.title_sort,
				title_article = excluded.title_article, first = excluded.first, last = excluded.last,
				article_count = excluded.article_count, updated_at = excluded.updated_at`, []any{into, t}},
		{"DELETE FROM stories WHERE id = $1", []any{from}},
		{"UPDATE story_merges SET into_id = $2 WHERE into_id = $1", []any{from, into}},
		{`INSERT INTO story_merges (from_id, into_id, merged_at) VALUES ($1, $2, $3)
			ON CONFLICT (from_id) DO UPDATE SET into_id = excluded.into_id, merged_at = excluded.merged_at`, []any{from, into, t}},
	}
	for _, st := range steps {
		if _, err := tx.Exec(ctx, st.q, st.args...); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fail(err)
	}
	return nil
}

// MergedInto returns the story id that id was merged into (merges re-point earlier
// merges, so this is the surviving story), or an ErrNotFound error.
func (s *Store) MergedInto(ctx context.Context, id string) (string, error) {
	var into string
	err := s.pool.QueryRow(ctx, "SELECT into_id FROM story_merges WHERE from_id = $1", id).Scan(&into)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("postgres: story %s: not merged: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("postgres: merged story %s: %w", id, err)
	}
	return into, nil
}
