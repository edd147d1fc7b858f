package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

var _ news.BatchWriter = (*Store)(nil)

// maxBatch bounds the writes of one WriteBatch: a transaction holds its full-text
// entries in memory until it commits.
const maxBatch = 4096

// WriteBatch makes ws in order in one transaction: each write's relations, its article
// (with its full-text entry and its story's aggregates) and its story merges, as
// AddRelations, Put and MergeStory would; each story's title is set once, and the
// full-text entries are added together at the end.
// One commit, and one flush of the full-text index, serve the whole batch. The articles
// get strictly increasing ingest times in the order of ws. It reports for each write
// whether its article was new (an article already stored is left as it is, and its
// relations and merges are still made, as with the separate calls). On error nothing
// of ws is stored. Errors: ErrInvalid, naming the article, when a write is invalid or
// merges a story that is not stored; ErrInvalid for more than 4,096 writes.
func (s *Store) WriteBatch(ctx context.Context, ws []news.Write) ([]bool, error) {
	if len(ws) > maxBatch {
		return nil, fmt.Errorf("sqlite: write batch: %w", &news.InvalidError{Field: "batch", Reason: fmt.Sprintf("%d writes; at most %d", len(ws), maxBatch)})
	}
	if len(ws) == 0 {
		return nil, nil
	}
	rows := make([]*articleRow, len(ws))
	for i, w := range ws {
		for _, r := range w.Relations {
			if err := r.Validate(); err != nil {
				return nil, fmt.Errorf("sqlite: write batch: article %s: relation %s-%s: %w", articleID(w.Article), r.Earlier, r.Later, err)
			}
		}
		for _, from := range w.Merged {
			if from == w.StoryID || from == "" || w.StoryID == "" {
				return nil, fmt.Errorf("sqlite: write batch: article %s: merge story %s into %s: %w", articleID(w.Article), from, w.StoryID,
					&news.InvalidError{Field: "story", Reason: "a merge needs two different story ids"})
			}
		}
		var err error
		if rows[i], err = newArticleRow(w.Article, w.StoryID, s.now()); err != nil {
			return nil, fmt.Errorf("sqlite: write batch: %w", err)
		}
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: write batch: %w", err)
	}
	defer tx.Rollback()
	tw := newTxWriter(tx)
	defer tw.close()
	now := formatUTC(time.Now())
	created := make([]bool, len(ws))
	var titles []string // stories whose title to set, in first-touched order
	seen := map[string]bool{}
	touch := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			titles = append(titles, id)
		}
	}
	for i, w := range ws {
		fail := func(err error) ([]bool, error) {
			return nil, fmt.Errorf("sqlite: write batch: article %s: %w", w.Article.ID, err)
		}
		for _, r := range w.Relations {
			if err := tw.relation(ctx, r, now); err != nil {
				return fail(fmt.Errorf("relation %s-%s: %w", r.Earlier, r.Later, err))
			}
		}
		if created[i], err = tw.putRow(ctx, rows[i]); err != nil {
			return fail(err)
		}
		if created[i] {
			touch(w.StoryID)
		}
		for _, from := range w.Merged {
			if err := tw.merge(ctx, from, w.StoryID, now); err != nil {
				return fail(fmt.Errorf("merge story %s into %s: %w", from, w.StoryID, err))
			}
			touch(w.StoryID)
		}
	}
	for _, id := range titles {
		if err := tw.title(ctx, id); err != nil {
			return nil, fmt.Errorf("sqlite: write batch: %w", err)
		}
	}
	// The full-text entries come last, one after the other: FTS5 flushes its pending
	// entries to a new segment whenever another statement of the transaction opens a
	// savepoint (as the articles insert does, for its trigger and conflict clause), so
	// interleaving them would write, and later merge, one tiny segment per article.
	for i, r := range rows {
		if created[i] {
			if err := tw.index(ctx, r); err != nil {
				return nil, fmt.Errorf("sqlite: write batch: article %s: %w", r.a.ID, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: write batch: %w", err)
	}
	return created, nil
}

func articleID(a *news.Article) string {
	if a == nil {
		return "(nil)"
	}
	return a.ID
}

// StoredIDs returns which of ids are stored, in queries of at most 500 ids.
func (s *Store) StoredIDs(ctx context.Context, ids []string) (map[string]bool, error) {
	out := make(map[string]bool, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 500)
		chunk := ids[:n]
		ids = ids[n:]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := s.r.QueryContext(ctx, "SELECT id FROM articles WHERE id IN (?"+strings.Repeat(", ?", len(chunk)-1)+")", args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: stored ids: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: stored ids: %w", err)
			}
			out[id] = true
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return nil, fmt.Errorf("sqlite: stored ids: %w", err)
		}
	}
	return out, nil
}

// now is the ingest time of an article put now: the wall clock, but strictly after the
// time given to the article before, so that ingest order is ingest-time order (a
// resumed ingest replays its articles in that order).
func (s *Store) now() time.Time {
	s.clockMu.Lock()
	defer s.clockMu.Unlock()
	t := time.Now().UTC().Round(0)
	if !t.After(s.clock) {
		t = s.clock.Add(time.Nanosecond)
	}
	s.clock = t
	return t
}
