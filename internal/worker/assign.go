package worker

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/dump"
	"github.com/parallax-news/parallax/internal/store/postgres"
	"github.com/parallax-news/parallax/internal/story"
)

// assignLoop takes the assignment lock whenever it is free and assigns extracted
// jobs in queue order while the head job is extracted.
func (w *Worker) assignLoop(ctx context.Context) error {
	for ctx.Err() == nil {
		progressed, err := w.assignTurn(ctx)
		if errors.Is(err, news.ErrConflict) {
			// A writer outside the workers stored some of the job's articles: the
			// next turn sees them stored and skips them.
			w.opts.Log.Warn("story assignment retried", "err", err)
			if !sleep(ctx, w.opts.Poll) {
				return nil
			}
			continue
		}
		if err != nil {
			return ignoreCancel(ctx, err)
		}
		if progressed {
			continue
		}
		stop, err := w.idle(ctx)
		if stop {
			return err
		}
	}
	return nil
}

// assignTurn holds the lock for as long as the head job is extracted. It reports
// whether it assigned any job.
func (w *Worker) assignTurn(ctx context.Context) (bool, error) {
	a, err := w.st.TryAssign(ctx)
	if errors.Is(err, news.ErrConflict) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer a.Release(context.WithoutCancel(ctx))
	start := time.Now()
	defer func() {
		w.mu.Lock()
		w.sum.Assigning += time.Since(start)
		w.mu.Unlock()
	}()
	// Another worker merged stories since this one's last turn: its index still holds
	// the merged stories apart, so it is rebuilt from the store, where their articles
	// have moved to the surviving stories.
	merges, err := a.Merges(ctx)
	if err != nil {
		return false, err
	}
	if merges != w.merges {
		w.ix, w.seen, w.merges = story.New(w.opts.Story), 0, merges
	}
	if err := w.catchUp(ctx, a); err != nil {
		return false, err
	}
	progressed := false
	for ctx.Err() == nil {
		job, docs, err := a.Head(ctx)
		if errors.Is(err, news.ErrNotFound) {
			return progressed, nil
		}
		if err != nil {
			return progressed, err
		}
		if job.State != postgres.Extracted {
			return progressed, nil
		}
		if err := w.assignJob(ctx, a, job, docs); err != nil {
			// The index took articles the store did not: rebuild it next turn.
			w.ix, w.seen = story.New(w.opts.Story), 0
			return progressed, err
		}
		progressed = true
	}
	return progressed, nil
}

// catchUp folds into the index the articles stored since its last turn, in the order
// they were stored: then the index is what one process that had stored them all
// would hold. Articles in no story were not assigned, and are left out.
func (w *Worker) catchUp(ctx context.Context, a *postgres.Assigner) error {
	return a.Arrivals(ctx, w.seen, func(arrival int64, st news.Stored) error {
		if st.StoryID != "" {
			w.ix.Add(st.Article, st.StoryID, sortTime(st.Article, st.Ingested))
		}
		w.seen = arrival
		return nil
	})
}

func sortTime(a *news.Article, ingested time.Time) time.Time {
	if !a.Published.IsZero() {
		return a.Published
	}
	return ingested
}

// assignJob does for one job what ingest.Pipeline does for its documents, in order:
// an article already stored (or earlier in the job) is skipped, any other is
// assigned to a story; then the job's articles are stored and it is marked done in
// one transaction.
func (w *Worker) assignJob(ctx context.Context, a *postgres.Assigner, job *postgres.Job, docs []postgres.Doc) error {
	articles := make([]*news.Article, len(docs))
	var ids []string
	job.Read, job.Stored, job.Duplicates, job.Failed = 0, 0, 0, 0
	job.AssignedBy = w.opts.Name
	for i, d := range docs {
		if d.Article == nil {
			continue
		}
		art, err := dump.UnmarshalArticle(d.Article)
		if err != nil {
			return fmt.Errorf("job %d document %d: %w", job.Seq, i, err)
		}
		articles[i] = art
		ids = append(ids, art.ID)
	}
	stored, err := a.Stored(ctx, ids)
	if err != nil {
		return err
	}
	var items []news.Stored
	var positions []int
	var merges []postgres.Merge
	for i, art := range articles {
		if art == nil {
			job.Failed++
			if !docs[i].Unread {
				job.Read++ // read, then failed extraction (as ingest counts)
			}
			continue
		}
		job.Read++
		if stored[art.ID] {
			job.Duplicates++
			continue
		}
		stored[art.ID] = true
		now := time.Now().UTC().Truncate(time.Microsecond) // the store's precision: a replay sees the same time
		as := w.ix.AssignDoc(story.Prepare(art, w.ix.Features()), sortTime(art, now))
		for _, from := range as.Merged {
			merges = append(merges, postgres.Merge{From: from, Into: as.Story})
		}
		items = append(items, news.Stored{Article: art, StoryID: as.Story, Ingested: now})
		positions = append(positions, i)
		job.Stored++
	}
	last, err := a.Finish(ctx, job, items, positions, merges)
	if err != nil {
		return err
	}
	if len(merges) > 0 {
		if w.merges, err = a.Merges(ctx); err != nil {
			return err
		}
	}
	if last > 0 {
		w.seen = last
	}
	w.mu.Lock()
	w.sum.Assigned++
	w.sum.Stored += job.Stored
	w.mu.Unlock()
	w.opts.Log.Info("job done", "job", job.Seq, "target", job.Target, "stored", job.Stored, "duplicates", job.Duplicates, "failed", job.Failed)
	return nil
}
