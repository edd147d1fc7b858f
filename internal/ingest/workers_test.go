package ingest

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
)

// copyLines writes the first n lines of the gzipped JSONL file src to dst.
func copyLines(t *testing.T, src, dst string, n int) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 16<<20)
	var b strings.Builder
	for i := 0; i < n && sc.Scan(); i++ {
		b.Write(sc.Bytes())
		b.WriteByte('\n')
	}
	if err := os.WriteFile(dst, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyFiles copies up to n files of dir ending in suffix into dst.
func copyFiles(t *testing.T, dir, suffix, dst string, n int) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(dst, 0o755)
	for _, e := range ents {
		if n == 0 {
			return
		}
		if !strings.HasSuffix(e.Name(), suffix) {
			continue
		}
		in, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out, _ := os.Create(filepath.Join(dst, e.Name()))
		io.Copy(out, in)
		in.Close()
		out.Close()
		n--
	}
}

// storeState is what a user sees of a store: each article's story and the relations.
func storeState(t *testing.T, p *Pipeline) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	err := p.st.Since(ctx, time.Time{}, func(s news.Stored) error {
		out = append(out, fmt.Sprintf("article %s story %s title %q", s.Article.ID, s.StoryID, s.Article.Title))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rels, err := p.rels.Relations(ctx, news.RelationFilter{}, news.Page{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rels {
		out = append(out, fmt.Sprintf("relation %s %s->%s %.3f %s %s", r.Kind, r.Earlier, r.Later, r.Fraction, r.Source, r.Wire))
	}
	slices.Sort(out)
	return out
}

// TestWorkersGiveTheSerialStore ingests the same mixed inputs (AllSides JSONL, HTML
// pages, text dumps) with one worker and with four: stories, articles and relations
// must be identical, since results are applied in input order.
func TestWorkersGiveTheSerialStore(t *testing.T) {
	all, ok := corpus.Path("allsides", "articles.jsonl.gz")
	html, ok2 := corpus.Path("extraction", "wcxb-dev-articles", "html")
	dumps, ok3 := corpus.Path("textdumps", "wcxb-dev-articles")
	if !ok || !ok2 || !ok3 {
		t.Skip("shared corpus absent: skipping the workers determinism test")
	}
	in := t.TempDir()
	copyLines(t, all, filepath.Join(in, "a.jsonl"), 600)
	copyFiles(t, html, ".html.gz", filepath.Join(in, "b-html"), 25)
	copyFiles(t, dumps, ".txt", filepath.Join(in, "c-text"), 25)
	now := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	run := func(workers int) ([]string, Summary) {
		ctx := context.Background()
		st := open(t, filepath.Join(t.TempDir(), "t.db"))
		p, err := New(ctx, st, Options{Workers: workers, Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := p.Run(ctx, []string{in}, source.Options{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return storeState(t, p), sum
	}
	serial, ssum := run(1)
	parallel, psum := run(4)
	if ssum.String() != psum.String() {
		t.Errorf("summaries differ:\n serial   %s\n parallel %s", ssum, psum)
	}
	if ssum.Stored < 600 {
		t.Errorf("serial run stored %d articles; want at least the 600 JSONL ones: %s", ssum.Stored, ssum)
	}
	if !slices.Equal(serial, parallel) {
		for i := range min(len(serial), len(parallel)) {
			if serial[i] != parallel[i] {
				t.Fatalf("stores differ (%d vs %d lines); first difference:\n serial   %s\n parallel %s", len(serial), len(parallel), serial[i], parallel[i])
			}
		}
		t.Fatalf("stores differ: %d vs %d lines", len(serial), len(parallel))
	}
}

// TestMaxDocsStopsRun checks that Options.MaxDocs stops a run after that many documents.
func TestMaxDocsStopsRun(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	jsonl := filepath.Join(dir, "in.jsonl")
	var b strings.Builder
	for i := range 50 {
		fmt.Fprintf(&b, "{\"title\": \"Article number %d\", \"text\": \"Body of article %d about the budget.\"}\n", i, i)
	}
	os.WriteFile(jsonl, []byte(b.String()), 0o644)
	for _, workers := range []int{1, 3} {
		st := open(t, filepath.Join(dir, fmt.Sprintf("t%d.db", workers)))
		p, err := New(ctx, st, Options{MaxDocs: 20, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := p.Run(ctx, []string{jsonl}, source.Options{}, nil)
		if err != nil || sum.Read != 20 || sum.Stored != 20 {
			t.Errorf("workers %d: %s, %v; want 20 read and stored", workers, sum, err)
		}
		if n, _, _ := st.Count(ctx); n != 20 {
			t.Errorf("workers %d: store holds %d articles; want 20", workers, n)
		}
	}
}
