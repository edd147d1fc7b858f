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
	if err := mergeStory(ctx, tx, from, into, now()); err != nil {
		return fail(err)
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
