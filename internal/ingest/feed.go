package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/parallax-news/parallax/internal/feed"
	"github.com/parallax-news/parallax/internal/fetch"
	"github.com/parallax-news/parallax/internal/news"
)

// PollOptions tune a Poller. Zero values take the defaults.
type PollOptions struct {
	Interval    time.Duration // a feed's poll interval when it has none (default 30 minutes)
	MaxBackoff  time.Duration // longest wait after failures (default 6 hours)
	RetryBase   time.Duration // first wait before retrying a failed page fetch (default 1 minute)
	MaxAttempts int           // page fetch attempts before giving up (default 8)
	Workers     int           // page fetches at once (default 4); the client limits each host
	Batch       int           // due fetches taken at a time (default 64)
	Now         func() time.Time
	Logger      *slog.Logger
}

func (o PollOptions) withDefaults() PollOptions {
	if o.Interval <= 0 {
		o.Interval = 30 * time.Minute
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 6 * time.Hour
	}
	if o.RetryBase <= 0 {
		o.RetryBase = time.Minute
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.Batch <= 0 {
		o.Batch = 64
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Poller keeps a store up to date from feeds: it polls feeds (conditional requests,
// backoff on errors, health recorded on the feed), queues the article links they list
// in the persisted fetch queue, and fetches and ingests queued pages, retrying failures
// later. Nothing queued is lost: a page is marked done only once ingested, and failed
// only after a permanent error or MaxAttempts tries.
type Poller struct {
	fs     news.FeedStore
	p      *Pipeline
	client *fetch.Client
	opts   PollOptions
	mu     sync.Mutex // serializes the pipeline (story assignment)
}

// NewPoller returns a poller writing through p into the feed store fs.
func NewPoller(fs news.FeedStore, p *Pipeline, client *fetch.Client, opts PollOptions) *Poller {
	return &Poller{fs: fs, p: p, client: client, opts: opts.withDefaults()}
}

var feedTypes = []string{"application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
	"application/xml", "text/xml", "application/rdf+xml", "text/plain", "text/html"}

var pageTypes = []string{"text/html", "application/xhtml+xml"}

// backoff is base·2^(failures-1), at most max.
func backoff(base time.Duration, failures int, max time.Duration) time.Duration {
	d := base
	for i := 1; i < failures && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// PollFeed fetches one feed now and queues its new article links. When f is followed
// (stored), its conditional-request validators and health are updated: on success the
// next poll is one interval away, on failure the wait doubles with each consecutive
// failure. It returns how many links were newly queued.
func (po *Poller) PollFeed(ctx context.Context, f news.Feed) (int, error) {
	now := po.opts.Now()
	interval := f.Interval
	if interval <= 0 {
		interval = po.opts.Interval
	}
	resp, err := po.client.Get(ctx, fetch.Request{URL: f.URL, ETag: f.ETag, LastModified: f.LastModified, Accept: feedTypes})
	var added int
	if err == nil && !resp.NotModified {
		var parsed *feed.Feed
		parsed, err = feed.Parse(f.URL, resp.Body)
		if err == nil {
			if f.Title == "" {
				f.Title = parsed.Title
			}
			if f.Site == "" {
				f.Site = parsed.Site
			}
			items := make([]news.Fetch, len(parsed.Items))
			for i, it := range parsed.Items {
				items[i] = news.Fetch{URL: it.URL, Feed: f.URL, Title: it.Title, Published: it.Published, NextTry: now}
			}
			added, err = po.fs.Enqueue(ctx, items)
			f.Items += added
		}
	}
	if ctx.Err() != nil {
		return added, ctx.Err()
	}
	f.LastPoll = now
	if err != nil {
		f.Failures++
		f.LastError, f.LastErrorAt = err.Error(), now
		wait := backoff(interval, f.Failures+1, po.opts.MaxBackoff)
		var se *fetch.StatusError
		if errors.As(err, &se) && se.RetryAfter > wait {
			wait = min(se.RetryAfter, 24*time.Hour)
		}
		f.NextPoll = now.Add(wait)
	} else {
		f.Failures = 0
		f.LastSuccess = now
		f.NextPoll = now.Add(interval)
		if !resp.NotModified {
			f.ETag, f.LastModified = resp.ETag, resp.LastModified
		}
	}
	if uerr := po.fs.UpdateFeed(ctx, f); uerr != nil && !errors.Is(uerr, news.ErrNotFound) {
		return added, uerr
	}
	if err != nil {
		return added, fmt.Errorf("poll %s: %w", f.URL, err)
	}
	return added, nil
}

// PollDue polls every followed feed whose next poll is due; failures are recorded on
// the feeds and logged, not returned.
func (po *Poller) PollDue(ctx context.Context) (polled, queued int, err error) {
	feeds, err := po.fs.Feeds(ctx)
	if err != nil {
		return 0, 0, err
	}
	now := po.opts.Now()
	for _, f := range feeds {
		if f.NextPoll.After(now) {
			continue
		}
		n, err := po.PollFeed(ctx, f)
		if ctx.Err() != nil {
			return polled, queued, ctx.Err()
		}
		polled++
		queued += n
		if err != nil {
			po.opts.Logger.Warn("feed poll failed", "feed", f.URL, "err", err, "failures", f.Failures+1)
		}
	}
	return polled, queued, nil
}

// FetchDue fetches and ingests the queued pages that are due, in batches, until none is
// due. Each page ends done, pending again (temporary error: retried after a growing
// wait) or failed (permanent error, or MaxAttempts reached); report (may be nil) is told
// of each failure.
func (po *Poller) FetchDue(ctx context.Context, report func(error)) (Summary, error) {
	var sum Summary
	var smu sync.Mutex
	for {
		due, err := po.fs.DueFetches(ctx, po.opts.Now(), po.opts.Batch)
		if err != nil {
			return sum, err
		}
		if len(due) == 0 {
			return sum, nil
		}
		work := make(chan news.Fetch)
		var wg sync.WaitGroup
		var firstErr error
		for range min(po.opts.Workers, len(due)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for f := range work {
					s, err := po.fetchOne(ctx, f, report)
					smu.Lock()
					sum.Add(s)
					if err != nil && firstErr == nil {
						firstErr = err
					}
					smu.Unlock()
				}
			}()
		}
		for _, f := range due {
			if ctx.Err() != nil {
				break
			}
			work <- f
		}
		close(work)
		wg.Wait()
		if firstErr != nil {
			return sum, firstErr
		}
		if err := ctx.Err(); err != nil {
			return sum, err
		}
	}
}

// fetchOne fetches, extracts and stores one queued page and records the outcome. Only
// store failures and cancellation are returned.
func (po *Poller) fetchOne(ctx context.Context, f news.Fetch, report func(error)) (Summary, error) {
	var sum Summary
	resp, err := po.client.Get(ctx, fetch.Request{URL: f.URL, Accept: pageTypes})
	if ctx.Err() != nil {
		return sum, ctx.Err()
	}
	var res Result
	if err == nil {
		sum.Read++
		doc := news.RawDoc{Path: f.URL, Kind: news.KindHTML, URL: resp.URL, Body: resp.Body, Fetched: resp.Fetched}
		po.mu.Lock()
		res, err = po.p.Doc(ctx, doc)
		po.mu.Unlock()
		if err == nil {
			sum.Extracted++
		} else if !errors.Is(err, news.ErrInvalid) {
			return sum, err // the store failed: stop, the fetch stays pending
		}
	}
	f.Attempts++
	switch {
	case err == nil:
		f.State, f.LastError = news.FetchDone, ""
		if res.Created {
			sum.Stored++
		} else {
			sum.Duplicates++
		}
	case fetch.Temporary(err) && !errors.Is(err, news.ErrInvalid) && f.Attempts < po.opts.MaxAttempts:
		f.State, f.LastError = news.FetchPending, err.Error()
		wait := backoff(po.opts.RetryBase, f.Attempts, po.opts.MaxBackoff)
		var se *fetch.StatusError
		if errors.As(err, &se) && se.RetryAfter > wait {
			wait = min(se.RetryAfter, 24*time.Hour)
		}
		f.NextTry = po.opts.Now().Add(wait)
		sum.Failed++
	default:
		f.State, f.LastError = news.FetchFailed, err.Error()
		sum.Failed++
	}
	if f.NextTry.IsZero() || f.State != news.FetchPending {
		f.NextTry = po.opts.Now()
	}
	if err != nil && report != nil {
		report(fmt.Errorf("%s (attempt %d, %s): %w", f.URL, f.Attempts, f.State, err))
	}
	if uerr := po.fs.UpdateFetch(context.WithoutCancel(ctx), f); uerr != nil {
		return sum, uerr
	}
	return sum, nil
}

// Run polls due feeds and fetches due pages every tick until ctx is done.
func (po *Poller) Run(ctx context.Context, tick time.Duration) error {
	if tick <= 0 {
		tick = time.Minute
	}
	for {
		if _, _, err := po.PollDue(ctx); err != nil && ctx.Err() == nil {
			po.opts.Logger.Error("feed poll", "err", err)
		}
		if _, err := po.FetchDue(ctx, func(err error) { po.opts.Logger.Warn("page fetch failed", "err", err) }); err != nil && ctx.Err() == nil {
			po.opts.Logger.Error("page fetch", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(tick):
		}
	}
}
