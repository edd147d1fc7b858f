package ingest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/fetch"
	"github.com/parallax-news/parallax/internal/news"
)

func articlePage(title, body string) string {
	return fmt.Sprintf(`<!doctype html><html lang="en"><head><title>%s</title><meta property="og:title" content="%s">
<meta property="article:published_time" content="2024-03-05T08:00:00Z"></head><body><article><h1>%s</h1>
<p>%s</p><p>The second paragraph adds detail so that the page reads as a real article, with enough words to pass.</p>
<p>A third paragraph closes the report with a quote from an official who spoke on the record.</p></article></body></html>`, title, title, title, body)
}

// newsSite serves a feed and its pages on loopback: good pages, one disallowed by
// robots.txt, one that fails twice before it works, one 404, one image.
type newsSite struct {
	srv        *httptest.Server
	feedHits   atomic.Int32
	notMod     atomic.Int32
	flakyHits  atomic.Int32
	feedStatus atomic.Int32
	hidden     atomic.Int32
}

func newNewsSite(t *testing.T) *newsSite {
	s := &newsSite{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /hidden/\n")
	})
	mux.HandleFunc("GET /rss", func(w http.ResponseWriter, r *http.Request) {
		s.feedHits.Add(1)
		if c := s.feedStatus.Load(); c != 0 {
			http.Error(w, "down", int(c))
			return
		}
		if r.Header.Get("If-None-Match") == `"f1"` {
			s.notMod.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"f1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback News</title><link>/</link>`)
		for _, p := range []string{"/a/harbour", "/a/budget", "/hidden/secret", "/a/flaky", "/a/gone", "/a/image"} {
			fmt.Fprintf(w, `<item><title>%s</title><link>%s</link></item>`, p, p)
		}
		fmt.Fprint(w, `</channel></rss>`)
	})
	mux.HandleFunc("GET /a/harbour", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, articlePage("Harbour reopens after storm", "The city harbour reopened on Tuesday after a three-day closure caused by the storm."))
	})
	mux.HandleFunc("GET /a/budget", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, articlePage("Council passes budget", "The council passed its budget for next year by a narrow vote on Wednesday evening."))
	})
	mux.HandleFunc("GET /hidden/secret", func(w http.ResponseWriter, r *http.Request) {
		s.hidden.Add(1)
		fmt.Fprint(w, articlePage("Secret", "Should never be fetched."))
	})
	mux.HandleFunc("GET /a/flaky", func(w http.ResponseWriter, r *http.Request) {
		if s.flakyHits.Add(1) <= 2 {
			http.Error(w, "try later", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, articlePage("Ferries resume", "Ferries resumed their normal schedule in the afternoon after the storm."))
	})
	mux.HandleFunc("GET /a/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("GET /a/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write([]byte{0xff, 0xd8, 0xff})
	})
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestPollerFeedsPagesRetriesAndHealth(t *testing.T) {
	ctx := context.Background()
	site := newNewsSite(t)
	st := open(t, filepath.Join(t.TempDir(), "f.db"))
	p, err := New(ctx, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Now().UTC()}
	client := fetch.New(fetch.Config{AllowPrivate: true, ReadTimeout: 2 * time.Second, HostInterval: -1})
	po := NewPoller(st, p, client, PollOptions{Now: clk.now, Interval: 10 * time.Minute, RetryBase: time.Minute})
	feedURL := site.srv.URL + "/rss"
	if _, err := st.AddFeed(ctx, news.Feed{URL: feedURL}); err != nil {
		t.Fatal(err)
	}

	polled, queued, err := po.PollDue(ctx)
	if err != nil || polled != 1 || queued != 6 {
		t.Fatalf("PollDue = %d polled, %d queued, %v; want 1 and 6", polled, queued, err)
	}
	var failures []string
	sum, err := po.FetchDue(ctx, func(err error) { failures = append(failures, err.Error()) })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 2 || sum.Failed != 4 {
		t.Errorf("first fetch round: %v; want 2 stored, 4 failed (robots, flaky, 404, image)", sum)
	}
	if site.hidden.Load() != 0 {
		t.Error("a page disallowed by robots.txt was fetched")
	}
	counts, _ := st.FetchCounts(ctx)
	if counts[news.FetchDone] != 2 || counts[news.FetchPending] != 1 || counts[news.FetchFailed] != 3 {
		t.Errorf("queue after round 1 = %v; want 2 done, 1 pending (flaky, retried later), 3 failed", counts)
	}
	// Not yet due: nothing happens.
	if sum, _ := po.FetchDue(ctx, nil); sum.Read+sum.Failed != 0 {
		t.Errorf("a retry ran before its time: %v", sum)
	}
	clk.advance(time.Minute + time.Second)
	po.FetchDue(ctx, nil) // second 503
	clk.advance(2*time.Minute + time.Second)
	sum, err = po.FetchDue(ctx, nil)
	if err != nil || sum.Stored != 1 {
		t.Errorf("third attempt of the flaky page: %v, %v; want it stored", sum, err)
	}
	n, _, _ := st.Count(ctx)
	if n != 3 {
		t.Errorf("store holds %d articles, want 3", n)
	}

	// The feed is polled again only when due, then with its ETag (304).
	if polled, _, _ := po.PollDue(ctx); polled != 0 {
		t.Errorf("feed polled %d times before its interval", polled)
	}
	clk.advance(10 * time.Minute)
	if _, _, err := po.PollDue(ctx); err != nil || site.notMod.Load() != 1 {
		t.Errorf("second poll: %v, 304s = %d; want a conditional request answered 304", err, site.notMod.Load())
	}
	f, _ := st.Feed(ctx, feedURL)
	if f.Title != "Loopback News" || f.Failures != 0 || !f.LastSuccess.Equal(clk.t) || f.Items != 6 {
		t.Errorf("feed health after success = %+v", f)
	}

	// Errors: recorded, and the next poll backs off.
	site.feedStatus.Store(http.StatusInternalServerError)
	for i, wantWait := range []time.Duration{20 * time.Minute, 40 * time.Minute} {
		clk.advance(time.Hour)
		po.PollDue(ctx)
		f, _ = st.Feed(ctx, feedURL)
		if f.Failures != i+1 || !strings.Contains(f.LastError, "500") || !f.LastErrorAt.Equal(clk.t) {
			t.Errorf("after failure %d: %+v", i+1, f)
		}
		if got := f.NextPoll.Sub(clk.t); got != wantWait {
			t.Errorf("after failure %d: next poll in %v, want %v", i+1, got, wantWait)
		}
	}
	if f.LastSuccess.IsZero() {
		t.Error("last success lost after errors")
	}
}
