// Package worker runs `parallax worker`: one of several processes that share a
// PostgreSQL store and its ingest job queue. Extraction runs in parallel (each worker
// claims jobs with FOR UPDATE SKIP LOCKED and stages their articles); story assignment
// is serialized: the worker that holds the database's assignment lock takes extracted
// jobs in queue order, first replaying into its story index the articles other
// workers stored since its last turn (in the order they were stored), so that N
// workers give the same stories as one process ingesting the jobs in order.
package worker

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parallax-news/parallax/internal/extract"
	"github.com/parallax-news/parallax/internal/fetch"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/store/dump"
	"github.com/parallax-news/parallax/internal/store/postgres"
	"github.com/parallax-news/parallax/internal/story"
)

// Options tune a Worker. Zero values take the defaults.
type Options struct {
	Name        string        // the owner recorded on claimed jobs; default host-pid
	Extractors  int           // jobs extracted at once by this worker; default GOMAXPROCS
	Lease       time.Duration // how long a claimed job stays this worker's without renewal; default 1m
	Poll        time.Duration // how often an idle worker looks for work; default 1s
	MaxAttempts int           // claims of a job before it fails; default 3
	// Drain makes Run return once no job is pending, instead of waiting for more.
	Drain   bool
	Story   story.Options
	Extract extract.Options
	Source  source.Options
	// Fetch reads URL jobs (timeouts, size limit, robots.txt, private-address guard);
	// default fetch.New(fetch.DefaultConfig()).
	Fetch *fetch.Client
	Log   *slog.Logger
}

// Summary counts what a worker did.
type Summary struct {
	Extracted int // jobs this worker extracted
	Assigned  int // jobs this worker assigned
	Stored    int // articles it stored
	// Time spent extracting (summed over extractors) and holding the assignment lock
	// (replaying others' articles, assigning, storing): the second is the serial part
	// that bounds how far workers scale.
	Extracting, Assigning time.Duration
}

// Worker is one worker process's state: its story index and how far it has replayed
// the store's arrivals.
type Worker struct {
	st   *postgres.Store
	opts Options

	mu   sync.Mutex // guards sum
	sum  Summary
	ix   *story.Index // used only while holding the assignment lock
	seen int64        // the last arrival folded into ix
	// merges is how many story merges the store held when ix was last in step with it.
	merges int64
}

// New returns a worker on st.
func New(st *postgres.Store, opts Options) *Worker {
	if opts.Name == "" {
		host, _ := os.Hostname()
		opts.Name = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	if opts.Extractors <= 0 {
		opts.Extractors = runtime.GOMAXPROCS(0)
	}
	if opts.Lease <= 0 {
		opts.Lease = time.Minute
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 3
	}
	if opts.Fetch == nil {
		opts.Fetch = fetch.New(fetch.DefaultConfig())
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Worker{st: st, opts: opts, ix: story.New(opts.Story)}
}

// Run extracts and assigns jobs until ctx ends, or, with Drain, until no job is
// pending. It returns what this worker did; an error means the store failed.
func (w *Worker) Run(ctx context.Context) (Summary, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for i := range w.opts.Extractors {
		wg.Go(func() {
			if err := w.extractLoop(ctx); err != nil {
				cancel(fmt.Errorf("extractor %d: %w", i, err))
			}
		})
	}
	wg.Go(func() {
		if err := w.assignLoop(ctx); err != nil {
			cancel(fmt.Errorf("assigner: %w", err))
		}
	})
	wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return w.sum, err
	}
	if w.opts.Drain {
		return w.sum, nil
	}
	return w.sum, ctx.Err()
}

// sleep waits d or until ctx ends; it reports whether to go on.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// idle reports whether an idle loop should stop: ctx ended, or Drain and nothing
// pending.
func (w *Worker) idle(ctx context.Context) (stop bool, err error) {
	if w.opts.Drain {
		pending, err := w.st.Pending(ctx)
		if err != nil || !pending {
			return true, err
		}
	}
	return !sleep(ctx, w.opts.Poll), nil
}

func (w *Worker) extractLoop(ctx context.Context) error {
	for ctx.Err() == nil {
		job, err := w.st.Claim(ctx, w.opts.Name, w.opts.Lease, w.opts.MaxAttempts)
		if errors.Is(err, news.ErrNotFound) {
			stop, err := w.idle(ctx)
			if stop {
				return err
			}
			continue
		}
		if err != nil {
			return ignoreCancel(ctx, err)
		}
		start := time.Now()
		err = w.extractJob(ctx, job)
		w.mu.Lock()
		w.sum.Extracting += time.Since(start)
		w.mu.Unlock()
		if err != nil {
			if errors.Is(err, news.ErrConflict) {
				w.opts.Log.Warn("job taken over by another worker", "job", job.Seq, "err", err)
				continue
			}
			return ignoreCancel(ctx, err)
		}
		w.mu.Lock()
		w.sum.Extracted++
		w.mu.Unlock()
	}
	return nil
}

func ignoreCancel(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// extractJob reads and extracts the job's documents, renewing the lease meanwhile,
// and stages them.
func (w *Worker) extractJob(ctx context.Context, job *postgres.Job) error {
	jctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	go func() {
		t := time.NewTicker(w.opts.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-jctx.Done():
				return
			case <-t.C:
				if err := w.st.Renew(jctx, job.Seq, w.opts.Name, w.opts.Lease); err != nil {
					stop(err)
					return
				}
			}
		}
	}()
	docs, err := w.extract(jctx, job)
	if cause := context.Cause(jctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause // the lease was lost
	}
	if err != nil {
		return err
	}
	return w.st.Stage(ctx, job.Seq, w.opts.Name, docs)
}

// errStop ends a range read after its last line.
var errStop = errors.New("end of range")

// extract reads a job's documents in input order; each becomes an article or the
// error that stopped it. It fails only when ctx ends.
func (w *Worker) extract(ctx context.Context, job *postgres.Job) ([]postgres.Doc, error) {
	var docs []postgres.Doc
	add := func(doc news.RawDoc, err error) {
		unread := err != nil
		if err == nil {
			var a *news.Article
			a, err = extract.Extract(doc, w.opts.Extract)
			if err == nil {
				err = postgres.Check(a)
			}
			if err == nil {
				var b []byte
				if b, err = dump.MarshalArticle(a); err == nil {
					docs = append(docs, postgres.Doc{Article: b})
					return
				}
			}
		}
		docs = append(docs, postgres.Doc{Err: err.Error(), Unread: unread})
	}
	opts := w.opts.Source
	opts.Source = job.Source
	opts.Stdin = strings.NewReader("") // a queued "-" reads nothing
	switch job.Kind {
	case postgres.JobURL:
		add(w.fetch(ctx, job.Target, job.Source))
	case postgres.JobFile:
		err := source.Read(ctx, []string{job.Target}, opts, func(doc news.RawDoc, err error) error {
			add(doc, err)
			return nil
		})
		if err != nil {
			return nil, err
		}
	case postgres.JobRange: // JSONL lines or WARC records, both named PATH:N by source
		err := source.Read(ctx, []string{job.Target}, opts, func(doc news.RawDoc, err error) error {
			n, ok := lineOf(doc.Path, job.Target)
			switch {
			case !ok: // the whole file failed
				add(doc, err)
				return errStop
			case n > job.Last:
				return errStop
			case n >= job.First:
				add(doc, err)
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("job %d: unknown kind %q", job.Seq, job.Kind)
	}
	return docs, nil
}

// lineOf reads the line number source gives a JSONL document of file ("file:N").
func lineOf(docPath, file string) (int, bool) {
	rest, ok := strings.CutPrefix(docPath, file+":")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil
}

// fetch reads one page through the fetch client (its timeouts, size limit, robots.txt
// and address guard).
func (w *Worker) fetch(ctx context.Context, url, src string) (news.RawDoc, error) {
	resp, err := w.opts.Fetch.Get(ctx, fetch.Request{URL: url})
	if err != nil {
		return news.RawDoc{Path: url}, &source.Error{Path: url, Err: err}
	}
	kind := source.Sniff(resp.Body[:min(len(resp.Body), 8<<10)])
	if kind == news.KindJSONL {
		kind = news.KindHTML // one page: JSONL only comes from files
	}
	return news.RawDoc{Path: url, Kind: kind, URL: resp.URL, Source: src, Body: resp.Body, Fetched: resp.Fetched}, nil
}
