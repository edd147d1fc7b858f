package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const feedPage = `<!doctype html><html lang="en"><head><title>%s</title><meta property="og:title" content="%s">
<meta property="article:published_time" content="2024-03-05T08:00:00Z"></head><body><article><h1>%s</h1>
<p>The city harbour reopened on Tuesday after a three-day closure caused by the storm, officials said in a statement.</p>
<p>Ferries resumed their normal schedule in the afternoon and the port authority said damage to the piers was limited.</p></article></body></html>`

func feedSite(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("GET /feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Loopback Atom</title>
<entry><title>One</title><link href="/p/1"/><id>1</id><updated>2024-03-05T08:00:00Z</updated></entry>
<entry><title>Two</title><link href="/p/2"/><id>2</id><updated>2024-03-05T09:00:00Z</updated></entry></feed>`)
	})
	mux.HandleFunc("GET /p/{n}", func(w http.ResponseWriter, r *http.Request) {
		title := "Harbour story number " + r.PathValue("n")
		fmt.Fprintf(w, feedPage, title, title, title)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFeedsCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	opml := filepath.Join(t.TempDir(), "in.opml")
	os.WriteFile(opml, []byte(`<opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/rss"/>
<outline text="folder"><outline text="B" xmlUrl="https://b.example/atom" htmlUrl="https://b.example/"/></outline></body></opml>`), 0o644)
	if code, _, errs := parallax(t, "feeds", "add", "--db", db, "--interval", "15m", "https://c.example/feed.json"); code != 0 {
		t.Fatalf("feeds add: %d %s", code, errs)
	}
	if code, _, errs := parallax(t, "feeds", "import", "--db", db, opml); code != 0 {
		t.Fatalf("feeds import: %d %s", code, errs)
	}
	if code, _, errs := parallax(t, "feeds", "add", "--db", db, "not a url"); code != 1 || !strings.Contains(errs, "not a url") {
		t.Errorf("feeds add of a bad URL: exit %d, %q", code, errs)
	}
	if code, _, errs := parallax(t, "feeds", "remove", "--db", db, "https://a.example/rss"); code != 0 {
		t.Fatalf("feeds remove: %d %s", code, errs)
	}
	code, out, errs := parallax(t, "feeds", "list", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("feeds list: %d %s", code, errs)
	}
	var feeds []map[string]any
	if err := json.Unmarshal([]byte(out), &feeds); err != nil || len(feeds) != 2 || feeds[0]["url"] != "https://b.example/atom" || feeds[0]["site"] != "https://b.example/" {
		t.Errorf("feeds list --json = %s (%v)", out, err)
	}
	code, out, _ = parallax(t, "feeds", "export", "--db", db)
	if code != 0 || !strings.Contains(out, `xmlUrl="https://b.example/atom"`) || !strings.Contains(out, `xmlUrl="https://c.example/feed.json"`) || strings.Contains(out, "a.example") {
		t.Errorf("feeds export = %d\n%s", code, out)
	}
	if code, _, _ := parallax(t, "feeds", "frobnicate"); code != 2 {
		t.Errorf("unknown subcommand: exit %d, want 2", code)
	}
}

func TestIngestFeed(t *testing.T) {
	srv := feedSite(t)
	db := filepath.Join(t.TempDir(), "p.db")
	// Without --allow-private the loopback feed is refused.
	code, _, errs := parallax(t, "ingest", "--db", db, "--feed", srv.URL+"/feed.xml")
	if code != 1 || !strings.Contains(errs, "not allowed") {
		t.Errorf("loopback feed without --allow-private: exit %d, %s", code, errs)
	}
	code, _, errs = parallax(t, "ingest", "--db", db, "--allow-private", "--feed", srv.URL+"/feed.xml")
	if code != 0 || !strings.Contains(errs, "stored 2") {
		t.Fatalf("ingest --feed: exit %d\n%s", code, errs)
	}
	code, out, _ := parallax(t, "stories", "--db", db, "--json")
	var stories []struct{ Articles []string }
	json.Unmarshal([]byte(out), &stories)
	if n := 0; code == 0 {
		for _, s := range stories {
			n += len(s.Articles)
		}
		if n != 2 {
			t.Errorf("stories after ingest --feed hold %d articles, want the 2 pages: %s", n, out)
		}
	}
	// The same feed through an OPML file, into a fresh store.
	opml := filepath.Join(t.TempDir(), "f.opml")
	os.WriteFile(opml, []byte(`<opml version="2.0"><body><outline text="L" xmlUrl="`+srv.URL+`/feed.xml"/></body></opml>`), 0o644)
	code, _, errs = parallax(t, "ingest", "--db", filepath.Join(t.TempDir(), "o.db"), "--allow-private", "--opml", opml)
	if code != 0 || !strings.Contains(errs, "stored 2") {
		t.Errorf("ingest --opml: exit %d\n%s", code, errs)
	}
	// Again: the links are already queued and done; nothing new.
	code, _, errs = parallax(t, "ingest", "--db", db, "--allow-private", "--feed", srv.URL+"/feed.xml")
	if code != 0 || !strings.Contains(errs, "0 new links") || !strings.Contains(errs, "stored 0") {
		t.Errorf("second ingest --feed: exit %d\n%s", code, errs)
	}
}

func TestIngestWARCWithFilterAndSummary(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	code, _, errs := parallax(t, "ingest", "--db", db, "--host", "example.com", "../../internal/source/testdata/sample.warc.gz")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"read 1,", "stored 1,", "host filtered out 1", "HTTP status not 200 1", "not a response or conversion record 3"} {
		if !strings.Contains(errs, want) {
			t.Errorf("summary lacks %q:\n%s", want, errs)
		}
	}
	code, _, errs = parallax(t, "ingest", "--db", db, "--host", "example.com", "../../internal/source/testdata/sample.warc.gz")
	if code != 0 || !strings.Contains(errs, "read 0,") || !strings.Contains(errs, "resumed past 1") {
		t.Errorf("rerun: exit %d: %s", code, errs)
	}
}

// serve's poller picks up a followed feed at once and ingests its pages.
func TestServePollsFollowedFeeds(t *testing.T) {
	srv := feedSite(t)
	db := filepath.Join(t.TempDir(), "p.db")
	if code, _, errs := parallax(t, "feeds", "add", "--db", db, srv.URL+"/feed.xml"); code != 0 {
		t.Fatalf("feeds add: %s", errs)
	}
	e := &env{cfg: DefaultConfig(), stdout: io.Discard, stderr: io.Discard, log: slog.New(slog.DiscardHandler)}
	e.cfg.DB, e.cfg.AllowPrivate = db, true
	ctx := context.Background()
	st, err := e.openFeedStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stop, err := startPolling(ctx, e, st)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	n := 0
	for time.Now().Before(deadline) && n < 2 {
		time.Sleep(50 * time.Millisecond)
		n, _, _ = st.Count(ctx)
	}
	stop()
	if n != 2 {
		t.Fatalf("the poller stored %d articles, want the feed's 2 pages", n)
	}
	f, err := st.Feed(ctx, srv.URL+"/feed.xml")
	if err != nil || f.LastSuccess.IsZero() || f.Title != "Loopback Atom" || f.NextPoll.Before(f.LastSuccess.Add(29*time.Minute)) {
		t.Errorf("feed after polling = %+v, %v", f, err)
	}
}
