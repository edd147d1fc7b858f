// Package ingest runs the pipeline for one store: source → extract → reuse → story → store.
// It is the single code path of `parallax ingest`, `parallax demo` and (later) the feed
// poller and workers: each document is extracted, skipped when already stored, assigned
// to a story and written in one transaction, so a crash loses at most the document in
// flight and a rerun completes the job. Its relations to earlier articles (duplicate,
// update, reuse) are recorded just before it, idempotently, so a crash between the two
// is repaired by the rerun.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/parallax-news/parallax/internal/extract"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/reuse"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/story"
)

// Options tune a Pipeline.
type Options struct {
	Story   story.Options
	Extract extract.Options
	Reuse   reuse.IndexOptions
	// Now gives the ingest time of undated articles; nil means time.Now.
	Now func() time.Time
}

// Pipeline ingests documents into a store. It is not safe for concurrent use: story
// assignment is serialized so that the stories depend only on the order of arrival.
type Pipeline struct {
	st    news.Store
	rels  news.RelationStore // nil when the store keeps no relations
	index *story.Index
	dedup *reuse.Index
	opts  Options
}

// Summary counts what a run did.
type Summary struct {
	Read       int // documents read
	Stored     int // new articles stored
	Duplicates int // documents whose article was already stored
	Failed     int // inputs that could not be read, extracted or stored
	Relations  int // relations found between new articles and earlier ones
}

// Add adds the counts of o to s.
func (s *Summary) Add(o Summary) {
	s.Read += o.Read
	s.Stored += o.Stored
	s.Duplicates += o.Duplicates
	s.Failed += o.Failed
	s.Relations += o.Relations
}

func (s Summary) String() string {
	return fmt.Sprintf("read %d, stored %d, already stored %d, failed %d, relations %d", s.Read, s.Stored, s.Duplicates, s.Failed, s.Relations)
}

// New returns a pipeline over st, rebuilding the story index from the articles in the
// store's active window (the latest story's last time, minus twice the window), and the
// reuse index from those of its own window. Relations are found and recorded when st is
// also a news.RelationStore.
func New(ctx context.Context, st news.Store, opts Options) (*Pipeline, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	p := &Pipeline{st: st, index: story.New(opts.Story), opts: opts}
	if rs, ok := st.(news.RelationStore); ok {
		p.rels = rs
		p.dedup = reuse.NewIndex(opts.Reuse)
	}
	latest, err := st.Stories(ctx, news.Page{Limit: 1})
	if err != nil {
		return nil, fmt.Errorf("ingest: read latest story: %w", err)
	}
	if len(latest) == 0 {
		return p, nil
	}
	since := latest[0].Last.Add(-2 * p.index.Window())
	walk := since
	if p.dedup != nil {
		if d := latest[0].Last.Add(-p.dedup.Window()); d.Before(walk) {
			walk = d
		}
	}
	err = st.Since(ctx, walk, func(s news.Stored) error {
		t := sortTime(s.Article, s.Ingested)
		if !t.Before(since) {
			p.index.Add(s.Article, s.StoryID, t)
		}
		if p.dedup != nil {
			p.dedup.Insert(s.Article, t)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ingest: rebuild story index: %w", err)
	}
	return p, nil
}

func sortTime(a *news.Article, ingested time.Time) time.Time {
	if !a.Published.IsZero() {
		return a.Published
	}
	return ingested
}

// Result is what happened to one document.
type Result struct {
	Article *news.Article
	StoryID string
	Created bool // false when the article was already stored
	// Relations are those found between the new article and earlier ones (none when
	// the article was already stored).
	Relations []news.Relation
}

// Doc extracts one document and stores it in its story. An article already stored is left
// as it is (Created false). Errors name the document's path.
func (p *Pipeline) Doc(ctx context.Context, doc news.RawDoc) (Result, error) {
	a, err := extract.Extract(doc, p.opts.Extract)
	if err != nil {
		return Result{}, err
	}
	return p.Article(ctx, a)
}

// Article stores an already extracted article in its story.
func (p *Pipeline) Article(ctx context.Context, a *news.Article) (Result, error) {
	if err := a.Validate(); err != nil {
		return Result{}, fmt.Errorf("%s: %w", a.Input.Path, err)
	}
	if old, err := p.st.Article(ctx, a.ID); err == nil {
		return Result{Article: old.Article, StoryID: old.StoryID}, nil
	} else if !errors.Is(err, news.ErrNotFound) {
		return Result{}, fmt.Errorf("%s: %w", a.Input.Path, err)
	}
	t := sortTime(a, p.opts.Now())
	var rels []news.Relation
	if p.dedup != nil {
		rels = p.dedup.Add(a, t)
		if err := p.rels.AddRelations(ctx, rels); err != nil {
			return Result{}, fmt.Errorf("%s: store relations: %w", a.Input.Path, err)
		}
	}
	storyID := p.index.Assign(a, t)
	created, err := p.st.Put(ctx, a, storyID)
	if err != nil {
		return Result{}, fmt.Errorf("%s: store: %w", a.Input.Path, err)
	}
	return Result{Article: a, StoryID: storyID, Created: created, Relations: rels}, nil
}

// Run ingests every document under paths, read with src (see source.Read). Failures of single inputs are
// passed to report (which may be nil) and counted; Run itself fails only when the store
// fails or ctx is cancelled.
func (p *Pipeline) Run(ctx context.Context, paths []string, src source.Options, report func(error)) (Summary, error) {
	var sum Summary
	fail := func(err error) {
		sum.Failed++
		if report != nil {
			report(err)
		}
	}
	err := source.Read(ctx, paths, src, func(doc news.RawDoc, err error) error {
		if err != nil {
			fail(err)
			return nil
		}
		sum.Read++
		res, err := p.Doc(ctx, doc)
		switch {
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			fail(err)
		case res.Created:
			sum.Stored++
			sum.Relations += len(res.Relations)
		default:
			sum.Duplicates++
		}
		return nil
	})
	return sum, err
}
