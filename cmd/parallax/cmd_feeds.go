package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/parallax-news/parallax/internal/feed"
	"github.com/parallax-news/parallax/internal/fetch"
	"github.com/parallax-news/parallax/internal/ingest"
	"github.com/parallax-news/parallax/internal/news"
)

// fetchClient is the one HTTP client of a command, from the configuration.
func (e *env) fetchClient() *fetch.Client {
	return fetch.New(fetch.Config{AllowPrivate: e.cfg.AllowPrivate})
}

func runFeeds(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return errUsage
	}
	sub, args := args[0], args[1:]
	fs := flags("feeds "+sub, e.stderr)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the store (SQLite file)")
	var (
		interval *time.Duration
		title    *string
		asJSON   *bool
	)
	switch sub {
	case "add":
		interval = fs.Duration("interval", 0, "poll interval (default 30m)")
		title = fs.String("title", "", "the feed's name (default: the feed's own title)")
	case "import":
		interval = fs.Duration("interval", 0, "poll interval of the imported feeds (default 30m)")
	case "list":
		asJSON = fs.Bool("json", false, "print one JSON array of feeds with their health")
	case "remove", "export":
	default:
		return errUsage
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if (sub == "add" || sub == "remove" || sub == "import") && fs.NArg() == 0 || (sub == "list" || sub == "export") && fs.NArg() != 0 {
		return errUsage
	}
	st, err := e.openFeedStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "add":
		failed := 0
		for _, u := range fs.Args() {
			if err := addFeed(ctx, e, st, news.Feed{URL: u, Title: *title, Interval: *interval}); err != nil {
				e.printErr("feeds add", err)
				failed++
			}
		}
		if failed > 0 {
			return errFailed
		}
	case "remove":
		failed := 0
		for _, u := range fs.Args() {
			if err := st.RemoveFeed(ctx, u); err != nil {
				e.printErr("feeds remove", err)
				failed++
				continue
			}
			fmt.Fprintf(e.stderr, "parallax feeds: no longer following %s\n", u)
		}
		if failed > 0 {
			return errFailed
		}
	case "import":
		failed := 0
		for _, path := range fs.Args() {
			outlines, err := readOPML(path)
			if err != nil {
				e.printErr("feeds import", err)
				failed++
				continue
			}
			for _, o := range outlines {
				if err := addFeed(ctx, e, st, news.Feed{URL: o.URL, Title: o.Title, Site: o.Site, Interval: *interval}); err != nil {
					e.printErr("feeds import", fmt.Errorf("%s: %w", path, err))
					failed++
				}
			}
		}
		if failed > 0 {
			return errFailed
		}
	case "export":
		feeds, err := st.Feeds(ctx)
		if err != nil {
			return err
		}
		outlines := make([]feed.Outline, len(feeds))
		for i, f := range feeds {
			outlines[i] = feed.Outline{URL: f.URL, Title: f.Title, Site: f.Site}
		}
		return feed.WriteOPML(e.stdout, "Parallax feeds", outlines, time.Now())
	case "list":
		feeds, err := st.Feeds(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			if feeds == nil {
				feeds = []news.Feed{}
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetEscapeHTML(false)
			return enc.Encode(feeds)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "URL\tTITLE\tLAST SUCCESS\tFAILURES\tLAST ERROR")
		for _, f := range feeds {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", f.URL, f.Title, when(f.LastSuccess), f.Failures, f.LastError)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if counts, err := st.FetchCounts(ctx); err == nil && len(counts) > 0 {
			fmt.Fprintf(e.stderr, "parallax feeds: page queue: %d pending, %d done, %d failed\n",
				counts[news.FetchPending], counts[news.FetchDone], counts[news.FetchFailed])
		}
	}
	return nil
}

func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

func addFeed(ctx context.Context, e *env, st news.FeedStore, f news.Feed) error {
	u, err := news.CheckFeedURL(f.URL)
	if err != nil {
		return err
	}
	f.URL = u
	created, err := st.AddFeed(ctx, f)
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintf(e.stderr, "parallax feeds: following %s\n", f.URL)
	} else {
		fmt.Fprintf(e.stderr, "parallax feeds: already following %s\n", f.URL)
	}
	return nil
}

func readOPML(path string) ([]feed.Outline, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file: %w", path, news.ErrNotFound)
		}
		return nil, err
	}
	defer f.Close()
	return feed.ReadOPML(path, f)
}

// ingestFeeds polls each feed once (recording health when it is followed), then fetches
// and ingests every queued page that is due, including retries left by earlier runs.
func ingestFeeds(ctx context.Context, e *env, st feedStore, p *ingest.Pipeline, urls []string) (ingest.Summary, error) {
	po := ingest.NewPoller(st, p, e.fetchClient(), ingest.PollOptions{Logger: e.log})
	failed := 0
	for _, u := range urls {
		f := news.Feed{URL: u}
		if stored, err := st.Feed(ctx, u); err == nil {
			f = *stored
		}
		n, err := po.PollFeed(ctx, f)
		if err != nil {
			if ctx.Err() != nil {
				return ingest.Summary{}, ctx.Err()
			}
			e.printErr("ingest", err)
			failed++
			continue
		}
		fmt.Fprintf(e.stderr, "parallax ingest: %s: %d new links queued\n", u, n)
	}
	sum, err := po.FetchDue(ctx, func(err error) { e.printErr("ingest", err) })
	sum.Failed += failed
	if counts, cerr := st.FetchCounts(ctx); cerr == nil && counts[news.FetchPending] > 0 {
		fmt.Fprintf(e.stderr, "parallax ingest: %d pages wait for a retry (run ingest or serve again later)\n", counts[news.FetchPending])
	}
	return sum, err
}

// feedStore is what feed ingestion needs of the store.
type feedStore interface {
	news.Store
	news.FeedStore
}

// pollTick is how often serve looks for due feeds and pages.
const pollTick = 30 * time.Second

// startPolling runs the feed poller of serve in the background; stop waits for it.
func startPolling(ctx context.Context, e *env, st feedStore) (stop func(), err error) {
	p, err := ingest.New(ctx, st, ingest.Options{})
	if err != nil {
		return nil, err
	}
	po := ingest.NewPoller(st, p, e.fetchClient(), ingest.PollOptions{Logger: e.log})
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		po.Run(ctx, pollTick)
	}()
	return func() { cancel(); <-done }, nil
}
