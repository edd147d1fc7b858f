// Package ingest runs the pipeline for one store: source → extract → reuse → story → store.
// It is the single code path of `parallax ingest`, `parallax demo` and (later) the feed
// poller and workers: each document is extracted, skipped when already stored, assigned
// to a story and written with its relations to earlier articles (duplicate, update,
// reuse). Run writes many articles per transaction when the store is a
// news.BatchWriter, and counts a document done (checkpoint) only once it is stored, so
// a crash loses at most the batch in flight and a rerun completes the job. Doc and
// Article write one article: its relations just before it, idempotently, so a crash
// between the two is repaired by the rerun.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/parallax-news/parallax/internal/extract"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/reuse"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/story"
)

// Options tune a Pipeline.
type Options struct {
	Story story.Options
	// Extract tunes extraction; a nil Extract.Templates gets a fresh model for the
	// pipeline, so that text dumps learn their sites' furniture as they are ingested.
	Extract extract.Options
	Reuse   reuse.IndexOptions
	// Now gives the ingest time of undated articles; nil means time.Now.
	Now func() time.Time
	// Checkpoints, when set, makes Run resumable: it records how far each input file
	// got, and a later Run over the same file (same size, time and filter) passes over
	// what was done without extracting it again.
	Checkpoints news.FeedStore
	// Languages, when set, keeps only articles in these ISO 639-1 languages (the
	// extractor's detection); others are skipped with the reason "language filtered out".
	Languages []string
	// Progress, when set, is called after each document with the counts so far.
	Progress func(Summary)
	// Timing, when set, accumulates the time spent in each stage (for `parallax bench`);
	// it changes no result.
	Timing *Timing
	// MaxDocs, when positive, makes Run stop after this many documents read.
	MaxDocs int
	// Workers is the number of documents Run extracts at once; 0 means GOMAXPROCS.
	// Results are applied in input order, so the store is the same as with 1.
	Workers int
}

// Timing is the wall time a Pipeline spent in each stage, summed over documents.
type Timing struct {
	Read    time.Duration // source: files, gzip, splitting lines (Run only)
	Extract time.Duration // decoding and extraction
	Prepare time.Duration // an article's story features (Run's pool; in Story elsewhere)
	Reuse   time.Duration // reuse index and recording relations
	Story   time.Duration // story assignment
	Store   time.Duration // store lookups and writes
}

// Total is the sum of the stages.
func (t Timing) Total() time.Duration {
	return t.Read + t.Extract + t.Prepare + t.Reuse + t.Story + t.Store
}

// lap adds the time since *t0 to *d and restarts *t0; a no-op without Options.Timing.
// Run's goroutines time their stages at once, so the sum is atomic.
func (p *Pipeline) lap(d *time.Duration, t0 *time.Time) {
	if p.opts.Timing == nil {
		return
	}
	now := time.Now()
	atomic.AddInt64((*int64)(d), int64(now.Sub(*t0)))
	*t0 = now
}

// Pipeline ingests documents into a store. It is not safe for concurrent use: story
// assignment is serialized so that the stories depend only on the order of arrival.
type Pipeline struct {
	st    news.Store
	rels  news.RelationStore // nil when the store keeps no relations
	index *story.Index
	dedup *reuse.Index
	opts  Options
	since time.Time // where New's rebuild of the story window started; zero: the whole store
	runs  int
}

// Summary counts what a run did.
type Summary struct {
	Read       int            // documents read
	Extracted  int            // documents that gave an article
	Stored     int            // new articles stored
	Duplicates int            // documents whose article was already stored
	Failed     int            // inputs that could not be read, extracted or stored
	Resumed    int            // documents passed over because an earlier run did them
	Skipped    map[string]int // documents or archive records left out, by reason
	Relations  int            // relations found between new articles and earlier ones
}

// Add adds the counts of o to s.
func (s *Summary) Add(o Summary) {
	s.Read += o.Read
	s.Extracted += o.Extracted
	s.Stored += o.Stored
	s.Duplicates += o.Duplicates
	s.Failed += o.Failed
	s.Resumed += o.Resumed
	s.Relations += o.Relations
	for r, n := range o.Skipped {
		s.Skip(r, n)
	}
}

// Skip counts n documents left out for reason.
func (s *Summary) Skip(reason string, n int) {
	if s.Skipped == nil {
		s.Skipped = map[string]int{}
	}
	s.Skipped[reason] += n
}

// SkippedTotal is the number of documents skipped for any reason.
func (s Summary) SkippedTotal() int {
	n := 0
	for _, k := range s.Skipped {
		n += k
	}
	return n
}

func (s Summary) String() string {
	out := fmt.Sprintf("read %d, extracted %d, stored %d, already stored %d, failed %d", s.Read, s.Extracted, s.Stored, s.Duplicates, s.Failed)
	if s.Relations > 0 {
		out += fmt.Sprintf(", relations %d", s.Relations)
	}
	if s.Resumed > 0 {
		out += fmt.Sprintf(", resumed past %d done before", s.Resumed)
	}
	if len(s.Skipped) > 0 {
		reasons := make([]string, 0, len(s.Skipped))
		for r := range s.Skipped {
			reasons = append(reasons, r)
		}
		sort.Strings(reasons)
		parts := make([]string, len(reasons))
		for i, r := range reasons {
			parts[i] = fmt.Sprintf("%s %d", r, s.Skipped[r])
		}
		out += fmt.Sprintf(", skipped %d (%s)", s.SkippedTotal(), strings.Join(parts, "; "))
	}
	return out
}

// New returns a pipeline over st, rebuilding the story index from the articles of the
// index's history span before the latest story's last time, and the reuse index from
// those of its own window. Relations are found and recorded when st is also a
// news.RelationStore.
func New(ctx context.Context, st news.Store, opts Options) (*Pipeline, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Extract.Templates == nil {
		opts.Extract.Templates = extract.NewTemplates(0)
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
	// The index's state is a function of the articles of its history span (see package
	// story), so reading that span back continues it exactly; the extra window covers the
	// lag of the index's clock behind the latest article.
	since := latest[0].Last.Add(-p.index.History() - p.index.Window())
	p.since = since
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
	Created bool     // false when the article was already stored
	Merged  []string // stories merged into StoryID because of this article
	// Relations are those found between the new article and earlier ones (none when
	// the article was already stored).
	Relations []news.Relation
}

// Doc extracts one document and stores it in its story. An article already stored is left
// as it is (Created false). Errors name the document's path.
func (p *Pipeline) Doc(ctx context.Context, doc news.RawDoc) (Result, error) {
	t0 := p.start()
	a, err := extract.Extract(doc, p.opts.Extract)
	if tm := p.opts.Timing; tm != nil {
		p.lap(&tm.Extract, &t0)
	}
	if err != nil {
		return Result{}, err
	}
	return p.Article(ctx, a)
}

// Article stores an already extracted article in its story.
func (p *Pipeline) Article(ctx context.Context, a *news.Article) (Result, error) {
	return p.article(ctx, a, nil)
}

// article is Article with the article's story features already prepared (sd), or nil.
func (p *Pipeline) article(ctx context.Context, a *news.Article, sd *story.Doc) (Result, error) {
	w, res, err := p.assign(ctx, a, sd, nil, nil, nil)
	if err != nil || w == nil {
		return res, err
	}
	if err := p.write(ctx, w); err != nil {
		return Result{}, err
	}
	return w.result(), nil
}

// pendingWrite is what the store must record for one new article, in this order: its
// relations to earlier articles, the article in its story, then the story merges.
type pendingWrite struct {
	a       *news.Article
	rels    []news.Relation
	story   string
	merged  []string
	created bool
	err     error

	// In Run's writer queue: seq orders the entries; an entry without an article is a
	// checkpoint to save after the writes before it, or a request to commit now (flush).
	seq        int64
	checkpoint *cpMark
	flush      bool
}

func (w *pendingWrite) result() Result {
	return Result{Article: w.a, StoryID: w.story, Created: w.created, Merged: w.merged, Relations: w.rels}
}

// assign does the in-memory part of storing a: validation, the lookup of an article
// already stored (or, in inflight, queued to be), the reuse index and story assignment.
// It returns the writes to make, or nil and the Result when a was already stored. sd
// and rp, when not nil, are a's story features and reuse fingerprints. When
// seen is set it says whether a is stored (the Result then holds a itself); otherwise
// the store is asked.
func (p *Pipeline) assign(ctx context.Context, a *news.Article, sd *story.Doc, rp *reuse.Prepared, inflight map[string]*pendingWrite, seen func(id string) bool) (*pendingWrite, Result, error) {
	if err := a.Validate(); err != nil {
		return nil, Result{}, fmt.Errorf("%s: %w", a.Input.Path, err)
	}
	tm := p.opts.Timing
	if tm == nil {
		tm = &Timing{} // written to only through lap, which returns at once
	}
	t0 := p.start()
	if w, ok := inflight[a.ID]; ok {
		return nil, Result{Article: w.a, StoryID: w.story}, nil
	}
	if seen != nil {
		if seen(a.ID) {
			return nil, Result{Article: a}, nil
		}
	} else if old, err := p.st.Article(ctx, a.ID); err == nil {
		return nil, Result{Article: old.Article, StoryID: old.StoryID}, nil
	} else if !errors.Is(err, news.ErrNotFound) {
		return nil, Result{}, fmt.Errorf("%s: %w", a.Input.Path, err)
	}
	p.lap(&tm.Store, &t0)
	t := sortTime(a, p.opts.Now())
	w := &pendingWrite{a: a}
	if p.dedup != nil {
		if rp != nil {
			w.rels = p.dedup.AddPrepared(rp, t)
		} else {
			w.rels = p.dedup.Add(a, t)
		}
		p.lap(&tm.Reuse, &t0)
	}
	if sd == nil {
		sd = story.Prepare(a, p.index.Features())
	}
	as := p.index.AssignDoc(sd, t)
	p.lap(&tm.Story, &t0)
	w.story, w.merged = as.Story, as.Merged
	return w, Result{}, nil
}

// write makes the store writes of w and records in w whether the article was new.
func (p *Pipeline) write(ctx context.Context, w *pendingWrite) error {
	t0 := p.start()
	defer func() {
		if tm := p.opts.Timing; tm != nil {
			p.lap(&tm.Store, &t0)
		}
	}()
	a := w.a
	if p.rels != nil {
		if err := p.rels.AddRelations(ctx, w.rels); err != nil {
			return fmt.Errorf("%s: store relations: %w", a.Input.Path, err)
		}
	}
	created, err := p.st.Put(ctx, a, w.story)
	if err != nil {
		return fmt.Errorf("%s: store: %w", a.Input.Path, err)
	}
	w.created = created
	// Merges are recorded where the store can (news.StoryMerger); elsewhere the merged
	// stories stay apart in the store while the index goes on with one.
	if m, ok := p.st.(news.StoryMerger); ok {
		for _, from := range w.merged {
			if err := m.MergeStory(ctx, from, w.story); err != nil {
				return fmt.Errorf("%s: store: %w", a.Input.Path, err)
			}
		}
	}
	return nil
}

// start is the start of a timed stretch: the zero time without Options.Timing.
func (p *Pipeline) start() time.Time {
	if p.opts.Timing == nil {
		return time.Time{}
	}
	return time.Now()
}

// errEnough stops source.Read once Options.MaxDocs documents were read.
var errEnough = errors.New("ingest: enough documents")

// workers is the size of the extraction pool: Options.Workers, else GOMAXPROCS.
func (p *Pipeline) workers() int {
	if p.opts.Workers > 0 {
		return p.opts.Workers
	}
	return runtime.GOMAXPROCS(0)
}

func (p *Pipeline) extract(doc news.RawDoc) (*news.Article, error) {
	t0 := p.start()
	a, err := extract.Extract(doc, p.opts.Extract)
	if tm := p.opts.Timing; tm != nil {
		p.lap(&tm.Extract, &t0)
	}
	return a, err
}

// SkipLanguage is the skip reason of articles outside Options.Languages.
const SkipLanguage = "language filtered out"

// Run ingests every document under paths, read with src (see source.Read). Failures of
// single inputs are passed to report (which may be nil) and counted; Run itself fails
// only when the store fails or ctx is cancelled. With Options.Checkpoints set, a Run
// interrupted in any way (cancelled, killed) is resumed by the next Run over the same
// inputs, which then leaves the store as one uninterrupted Run would.
func (p *Pipeline) Run(ctx context.Context, paths []string, src source.Options, report func(error)) (Summary, error) {
	var sum Summary
	fail := func(err error) {
		sum.Failed++
		if report != nil {
			report(err)
		}
	}
	cp := &checkpointer{st: p.opts.Checkpoints, filter: src.Filter.String()}
	p.runs++
	job, err := p.beginJob(ctx, paths, cp.filter)
	if err != nil {
		return sum, err
	}
	if cp.st != nil {
		src.Begin = func(file string) int {
			n := cp.begin(ctx, file)
			sum.Resumed += n
			return n
		}
	}
	userSkip := src.Skip
	src.Skip = func(path, reason string) {
		sum.Skip(reason, 1)
		if userSkip != nil {
			userSkip(path, reason)
		}
	}
	// Documents are read in order; a pool of workers extracts them (and prepares their
	// story features) while the documents before them are applied one by one in input
	// order (story assignment and the reuse index see exactly the sequence of a serial
	// run), and a writer stores the applied ones in batches. A document counts as done
	// (summary, progress, checkpoint) once it and all before it are stored.
	r := p.newRunner(ctx, &sum, fail, cp)
	// A file's documents are all done before the next file's checkpoint begins.
	if begin := src.Begin; begin != nil {
		src.Begin = func(file string) int {
			if r.err == nil {
				r.err = r.drain()
			}
			return begin(file)
		}
	}
	// The time outside the handler is the source's: reading, gzip, splitting lines.
	last := p.start()
	err = source.Read(ctx, paths, src, func(doc news.RawDoc, err error) error {
		if tm := p.opts.Timing; tm != nil {
			p.lap(&tm.Read, &last)
		}
		if err := r.add(doc, err); err != nil {
			return err
		}
		if tm := p.opts.Timing; tm != nil {
			last = time.Now()
		}
		return nil
	})
	if err == nil || errors.Is(err, errEnough) {
		if derr := r.drain(); derr != nil {
			err = derr
		}
	}
	r.close()
	stopped := errors.Is(err, errEnough)
	if stopped {
		err = nil // a later Run over the same inputs resumes after the documents done
	}
	// Save how far the current file got even when cancelled: what was stored is stored.
	if ferr := cp.flush(context.WithoutCancel(ctx)); ferr != nil && err == nil {
		err = ferr
	}
	if err == nil && job != "" && !stopped {
		err = p.opts.Checkpoints.SetCheckpoint(ctx, job+" start", jobComplete)
	}
	return sum, err
}

const jobComplete = -1

// beginJob records the start of a resumable run over paths (its start time and where
// the story window was rebuilt from), or, when an earlier run of the same job did not
// complete, rebuilds the story index as that run had it: the window it started from,
// then the articles it stored, in the order it stored them. Story assignment then
// continues exactly as an uninterrupted run would have.
func (p *Pipeline) beginJob(ctx context.Context, paths []string, filter string) (string, error) {
	cps := p.opts.Checkpoints
	if cps == nil {
		return "", nil
	}
	h := sha256.New()
	for _, path := range paths {
		abs, _ := filepath.Abs(path)
		fmt.Fprintf(h, "%s\x00", abs)
		if fi, err := os.Stat(path); err == nil {
			fmt.Fprintf(h, "%d %d\x00", fi.Size(), fi.ModTime().UnixNano())
		}
	}
	fmt.Fprintf(h, "%s", filter)
	job := "job " + hex.EncodeToString(h.Sum(nil)[:12])
	start, err := cps.Checkpoint(ctx, job+" start")
	if err != nil {
		return "", fmt.Errorf("ingest: %w", err)
	}
	if start > 0 && p.runs == 1 {
		since, err := cps.Checkpoint(ctx, job+" since")
		if err != nil {
			return "", fmt.Errorf("ingest: %w", err)
		}
		if err := p.replay(ctx, time.Unix(0, int64(since)), time.Unix(0, int64(start))); err != nil {
			return "", err
		}
		return job, nil
	}
	since := int64(1) // 1 ns after the epoch: the whole store
	if !p.since.IsZero() {
		since = p.since.UnixNano()
	}
	if err := cps.SetCheckpoint(ctx, job+" since", int(since)); err != nil {
		return "", fmt.Errorf("ingest: %w", err)
	}
	if err := cps.SetCheckpoint(ctx, job+" start", int(time.Now().UnixNano())); err != nil {
		return "", fmt.Errorf("ingest: %w", err)
	}
	return job, nil
}

// replay rebuilds the story index of an interrupted job that started at start with the
// window rebuilt from since: first the articles stored before the job (as New adds
// them), then the job's own articles in the order they were stored.
func (p *Pipeline) replay(ctx context.Context, since, start time.Time) error {
	ix := story.New(p.opts.Story)
	var job []news.Stored
	err := p.st.Since(ctx, time.Time{}, func(s news.Stored) error {
		switch {
		case !s.Ingested.Before(start):
			job = append(job, s)
		case !sortTime(s.Article, s.Ingested).Before(since):
			ix.Add(s.Article, s.StoryID, sortTime(s.Article, s.Ingested))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("ingest: resume: rebuild story index: %w", err)
	}
	sort.SliceStable(job, func(i, j int) bool { return job[i].Ingested.Before(job[j].Ingested) })
	for _, s := range job {
		ix.Add(s.Article, s.StoryID, sortTime(s.Article, s.Ingested))
	}
	p.index = ix
	return nil
}

// checkpointer records, per input file, how many handler calls of source.Read were
// completed. It writes every few documents: after a crash the documents since the last
// write are read again and found already stored (ids are content-derived), so the
// store ends the same.
type checkpointer struct {
	st      news.FeedStore
	filter  string
	key     string
	n       int
	saved   int
	savedAt time.Time
}

const checkpointEvery = 64

func (c *checkpointer) begin(ctx context.Context, file string) int {
	if c.st == nil {
		return 0
	}
	c.flush(ctx)
	c.key, c.n, c.saved = "", 0, 0
	fi, err := os.Stat(file)
	if err != nil {
		return 0
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		abs = file
	}
	// The file's size and time tell a changed file from a rerun; the filter changes
	// which records count, so it is part of the job too.
	c.key = fmt.Sprintf("ingest %s size=%d mtime=%d %s", abs, fi.Size(), fi.ModTime().UnixNano(), c.filter)
	n, err := c.st.Checkpoint(ctx, c.key)
	if err != nil {
		return 0
	}
	c.n, c.saved, c.savedAt = n, n, time.Now()
	return n
}

// tick counts one completed handler call and says whether to save now (see mark).
func (c *checkpointer) tick() bool {
	if c.key == "" {
		return false
	}
	c.n++
	return c.n-c.saved >= checkpointEvery || time.Since(c.savedAt) > 2*time.Second
}

// cpMark is a checkpoint to save: file key and handler calls completed.
type cpMark struct {
	key string
	n   int
}

// mark returns the checkpoint to save now, counted as saved.
func (c *checkpointer) mark() *cpMark {
	c.saved, c.savedAt = c.n, time.Now()
	return &cpMark{key: c.key, n: c.n}
}

// save saves m, even when ctx is cancelled: what it counts is stored.
func (c *checkpointer) save(ctx context.Context, m cpMark) error {
	if err := c.st.SetCheckpoint(context.WithoutCancel(ctx), m.key, m.n); err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	return nil
}

func (c *checkpointer) flush(ctx context.Context) error {
	if c.key == "" || c.n == c.saved {
		return nil
	}
	if err := c.st.SetCheckpoint(ctx, c.key, c.n); err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	c.saved, c.savedAt = c.n, time.Now()
	return nil
}
