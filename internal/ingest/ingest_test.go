package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

var seeds = []string{
	"../sample/haaretz-pompeo-mossad-2021-01-12.txt",
	"../sample/israelhayom-pompeo-alqaida-2021-01-12.txt",
}

func open(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestRunStoresSeedsInOneStoryIdempotently(t *testing.T) {
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "t.db"))
	p, err := New(ctx, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := p.Run(ctx, seeds, source.Options{}, nil)
	if err != nil || sum.String() != (Summary{Read: 2, Extracted: 2, Stored: 2, Relations: 1}).String() {
		t.Fatalf("first run: %v, %v", sum, err)
	}
	sum, err = p.Run(ctx, seeds, source.Options{}, nil)
	if err != nil || sum.String() != (Summary{Read: 2, Extracted: 2, Duplicates: 2}).String() {
		t.Fatalf("second run: %v, %v", sum, err)
	}
	n, m, err := st.Count(ctx)
	if err != nil || n != 2 || m != 1 {
		t.Errorf("store holds %d articles in %d stories (%v); want 2 in 1", n, m, err)
	}
}

func TestRunReportsBadInputsAndGoesOn(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := open(t, filepath.Join(dir, "t.db"))
	jsonl := filepath.Join(dir, "in.jsonl")
	os.WriteFile(jsonl, []byte(`{"title": "A good one", "text": "Body of the good article."}
{"title": broken
{"text": ""}
{"title": "Another good one", "text": "Another body."}
`), 0o644)
	p, err := New(ctx, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var reports []string
	sum, err := p.Run(ctx, []string{jsonl, filepath.Join(dir, "missing.html")}, source.Options{}, func(err error) {
		reports = append(reports, err.Error())
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 2 || sum.Failed != 3 {
		t.Errorf("summary %v; want 2 stored, 3 failed", sum)
	}
	for i, want := range []string{jsonl + ":2", jsonl + ":3", "missing.html"} {
		if i >= len(reports) || !strings.Contains(reports[i], want) {
			t.Errorf("report %d = %q, want it to name %s", i, reports, want)
		}
	}
}

// A pipeline opened on an existing store rebuilds its story window, so a later article of
// the same story joins it instead of starting a new one.
func TestNewRebuildsStoryWindow(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	st := open(t, path)
	p, err := New(ctx, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Run(ctx, seeds[:1], source.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	st.Close()

	st = open(t, path)
	p, err = New(ctx, st, Options{Now: func() time.Time { return time.Now().Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Run(ctx, seeds[1:], source.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	stories, err := st.Stories(ctx, news.Page{})
	if err != nil || len(stories) != 1 || len(stories[0].Articles) != 2 {
		t.Errorf("after reopening, stories = %+v (%v); want one story with both seeds", stories, err)
	}
}
