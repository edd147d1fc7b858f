package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

// refusing is a SQLite store whose disk refuses one article: its batch fails as a
// whole, and so does a single write of that article.
type refusing struct {
	*sqlite.Store
	title string
}

var errRefused = errors.New("disk refused the write")

func (s refusing) refused(a *news.Article) bool { return a.Title == s.title }

func (s refusing) WriteBatch(ctx context.Context, ws []news.Write) ([]bool, error) {
	for _, w := range ws {
		if s.refused(w.Article) {
			return nil, fmt.Errorf("write batch: article %s: %w", w.Article.ID, errRefused)
		}
	}
	return s.Store.WriteBatch(ctx, ws)
}

func (s refusing) Put(ctx context.Context, a *news.Article, storyID string) (bool, error) {
	if s.refused(a) {
		return false, errRefused
	}
	return s.Store.Put(ctx, a, storyID)
}

// A store failure in one batch fails that document alone, named by its input: the
// others of its batch, and the batches before and after, are stored.
func TestRunBatchFailureFailsOneDocument(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	jsonl := filepath.Join(dir, "in.jsonl")
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "{\"title\": \"Article number %d\", \"text\": \"Body of article %d about the harbour budget and other things.\"}\n", i, i)
	}
	os.WriteFile(jsonl, []byte(b.String()), 0o644)
	st := refusing{Store: open(t, filepath.Join(dir, "t.db")), title: "Article number 150"}
	p, err := New(ctx, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var reported []error
	sum, err := p.Run(ctx, []string{jsonl}, source.Options{}, func(err error) { reported = append(reported, err) })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 299 || sum.Failed != 1 || len(reported) != 1 {
		t.Fatalf("summary %s, reported %v; want 299 stored and 1 failed", sum, reported)
	}
	if msg := reported[0].Error(); !errors.Is(reported[0], errRefused) || !strings.Contains(msg, jsonl) || !strings.Contains(msg, ":151") {
		t.Errorf("reported %q; want the refusal naming %s line 151", msg, jsonl)
	}
	if n, _, _ := st.Count(ctx); n != 299 {
		t.Errorf("store holds %d articles; want 299", n)
	}
}
