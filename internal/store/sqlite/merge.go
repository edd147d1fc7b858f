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
	w := newTxWriter(tx)
	defer w.close()
	if err := w.merge(ctx, from, into, formatUTC(time.Now())); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}

// mergeSteps are the statements of a merge with their parameters: ?1 from, ?2 into, ?3 now.
var mergeSteps = []struct {
	q      string
	params int
}{
	{"UPDATE articles SET story_id = ?2 WHERE story_id = ?1", 2},
	{`INSERT INTO stories (id, title, first, last, article_count, updated_at)
			SELECT ?2, '', min(sort_time), max(sort_time), count(*), ?3 FROM articles WHERE story_id = ?2
			ON CONFLICT (id) DO UPDATE SET first = excluded.first, last = excluded.last,
				article_count = excluded.article_count, updated_at = excluded.updated_at`, 3},
	{"DELETE FROM stories WHERE id = ?1", 1},
	{"UPDATE story_merges SET into_id = ?2 WHERE into_id = ?1", 2},
	{"INSERT INTO story_merges (from_id, into_id, merged_at) VALUES (?1, ?2, ?3) ON CONFLICT (from_id) DO UPDATE SET into_id = excluded.into_id, merged_at = excluded.merged_at", 3},
}

// merge moves the articles of story from into story into, recomputes into's aggregates
// and title, deletes from's row and records the merge. Errors: ErrInvalid when from is
// not a stored story.
func (w *txWriter) merge(ctx context.Context, from, into, now string) error {
	var n int
	if err := w.tx.QueryRowContext(ctx, "SELECT count(*) FROM stories WHERE id = ?", from).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &news.InvalidError{Field: "story", Reason: "story " + from + " is not stored"}
	}
	args := []any{from, into, now}
	for i, st := range mergeSteps {
		if _, err := w.exec(ctx, st.q, args[:st.params]...); err != nil {
			return err
		}
		if i == 1 {
			if err := w.title(ctx, into); err != nil {
				return err
			}
		}
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
