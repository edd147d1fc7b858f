package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

var _ news.StoryMerger = (*Store)(nil)

// MergeStory moves the articles of story from into story into, recomputes into's
// aggregates, deletes from's row and records the merge, in one transaction.
// Errors: ErrInvalid when from equals into or from is not a stored story.
func (s *Store) MergeStory(ctx context.Context, from, into string) error {
	fail := func(err error) error { return fmt.Errorf("sqlite: merge story %s into %s: %w", from, into, err) }
	if from == into || from == "" || into == "" {
		return fail(&news.InvalidError{Field: "story", Reason: "a merge needs two different story ids"})
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM stories WHERE id = ?", from).Scan(&n); err != nil {
		return fail(err)
	}
	if n == 0 {
		return fail(&news.InvalidError{Field: "story", Reason: "story " + from + " is not stored"})
	}
	now := formatUTC(time.Now())
	steps := []struct {
		q    string
		args []any
	}{
		{"UPDATE articles SET story_id = ?2 WHERE story_id = ?1", []any{from, into}},
		{`INSERT INTO stories (id, title, first, last, article_count, updated_at)
			SELECT ?1, '', min(sort_time), max(sort_time), count(*), ?2 FROM articles WHERE story_id = ?1
			ON CONFLICT (id) DO UPDATE SET first = excluded.first, last = excluded.last,
				article_count = excluded.article_count, updated_at = excluded.updated_at`, []any{into, now}},
		{storyTitle, []any{into}},
		{"DELETE FROM stories WHERE id = ?", []any{from}},
		{"UPDATE story_merges SET into_id = ?2 WHERE into_id = ?1", []any{from, into}},
		{"INSERT INTO story_merges (from_id, into_id, merged_at) VALUES (?, ?, ?) ON CONFLICT (from_id) DO UPDATE SET into_id = excluded.into_id, merged_at = excluded.merged_at", []any{from, into, now}},
	}
	for _, st := range steps {
		if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}

// MergedInto returns the story id that id was merged into (merges re-point earlier
// merges, so this is the surviving story), or an ErrNotFound error.
func (s *Store) MergedInto(ctx context.Context, id string) (string, error) {
	var into string
	err := s.r.QueryRowContext(ctx, "SELECT into_id FROM story_merges WHERE from_id = ?", id).Scan(&into)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("sqlite: story %s: not merged: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("sqlite: merged story %s: %w", id, err)
	}
	return into, nil
}
