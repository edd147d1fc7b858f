// Package ingest runs the pipeline for one store: source → extract → story → store.
// It is the single code path of `parallax ingest`, `parallax demo` and (later) the feed
// poller and workers: each document is extracted, skipped when already stored, assigned
// to a story and written in one transaction, so a crash loses at most the document in
// flight and a rerun completes the job.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/parallax-news/parallax/internal/extract"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/story"
)

// Options tune a Pipeline.
type Options struct {
	Story story.Options
	// Extract tunes extraction; a nil Extract.Templates gets a fresh model for the
	// pipeline, so that text dumps learn their sites' furniture as they are ingested.
	Extract extract.Options
	// Now gives the ingest time of undated articles; nil means time.Now.
	Now func() time.Time
}

// Pipeline ingests documents into a store. It is not safe for concurrent use: story
// assignment is serialized so that the stories depend only on the order of arrival.
type Pipeline struct {
	st    news.Store
	index *story.Index
	opts  Options
}

// Summary counts what a run did.
type Summary struct {
	Read       int // documents read
	Stored     int // new articles stored
	Duplicates int // documents whose article was already stored
	Failed     int // inputs that could not be read, extracted or stored
}

// Add adds the counts of o to s.
func (s *Summary) Add(o Summary) {
	s.Read += o.Read
	s.Stored += o.Stored
	s.Duplicates += o.Duplicates
	s.Failed += o.Failed
}

func (s Summary) String() string {
	return fmt.Sprintf("read %d, stored %d, already stored %d, failed %d", s.Read, s.Stored, s.Duplicates, s.Failed)
}

// New returns a pipeline over st, rebuilding the story index from the articles in the
// store's active window (the latest story's last time, minus twice the window).
func New(ctx context.Context, st news.Store, opts Options) (*Pipeline, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Extract.Templates == nil {
		opts.Extract.Templates = extract.NewTemplates(0)
	}
	p := &Pipeline{st: st, index: story.New(opts.Story), opts: opts}
	latest, err := st.Stories(ctx, news.Page{Limit: 1})
	if err != nil {
		return nil, fmt.Errorf("ingest: read latest story: %w", err)
	}
	if len(latest) == 0 {
		return p, nil
	}
	since := latest[0].Last.Add(-2 * p.index.Window())
	err = st.Since(ctx, since, func(s news.Stored) error {
		p.index.Add(s.Article, s.StoryID, sortTime(s.Article, s.Ingested))
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
	storyID := p.index.Assign(a, sortTime(a, p.opts.Now()))
	created, err := p.st.Put(ctx, a, storyID)
	if err != nil {
		return Result{}, fmt.Errorf("%s: store: %w", a.Input.Path, err)
	}
	return Result{Article: a, StoryID: storyID, Created: created}, nil
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
		default:
			sum.Duplicates++
		}
		return nil
	})
	return sum, err
}
