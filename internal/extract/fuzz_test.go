package extract

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/news"
)

// fuzzMaxBytes bounds the bodies the fuzz targets hand to Extract, so that each input is
// fast: the fuzzer looks for crashes and hangs, not for big inputs (badinput_test.go has those).
const fuzzMaxBytes = 32 << 10

// seedBytes is how much of a corpus page a seed keeps: whole pages make each mutation
// slow (tens of milliseconds with the fuzzer's instrumentation), and the structure the
// mutator needs (head, menus, the first paragraphs) is at the start.
const seedBytes = 12 << 10

// cut keeps the first seedBytes of b, ending at a line break when there is one.
func cut(b []byte) []byte {
	if len(b) <= seedBytes {
		return b
	}
	b = b[:seedBytes]
	if i := bytes.LastIndexByte(b, '\n'); i > 0 {
		b = b[:i+1]
	}
	return b
}

// fuzzHang is how long one input may take before the target calls it a hang. It is a
// bound against endless loops, far above any real page, not a speed check.
const fuzzHang = 20 * time.Second

// Seeds from the WCXB pages of the shared corpus: the smallest few, so that each mutation
// runs fast (most pages are far above fuzzMaxBytes).
var (
	wcxbHTML = []string{"4681", "0488", "0406", "4249"}
	wcxbText = []string{"4681", "0486", "0180", "0001"}
)

// wcxbSeeds returns the WCXB seed pages (HTML, decompressed) and text dumps, and the two
// seed articles, from the shared corpus; none when the corpus is absent (the testdata
// seeds still run).
func wcxbSeeds(f *testing.F) (pages, dumps [][]byte) {
	f.Helper()
	for _, id := range wcxbHTML {
		if p, ok := corpus.Path("extraction", "wcxb-dev-articles", "html", id+".html.gz"); ok {
			if b, err := gunzipFile(p); err == nil {
				pages = append(pages, cut(b))
			}
		}
	}
	for _, id := range wcxbText {
		if p, ok := corpus.Path("textdumps", "wcxb-dev-articles", id+".txt"); ok {
			if b, err := os.ReadFile(p); err == nil {
				dumps = append(dumps, cut(b))
			}
		}
	}
	for _, name := range []string{"haaretz-pompeo-mossad-2021-01-12.txt", "israelhayom-pompeo-alqaida-2021-01-12.txt"} {
		if p, ok := corpus.Path("seeds", name); ok {
			if b, err := os.ReadFile(p); err == nil {
				dumps = append(dumps, cut(b))
			}
		}
	}
	return pages, dumps
}

func gunzipFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(zr, fuzzMaxBytes+1))
}

// fuzzOne extracts body as kind and checks what must hold for any input: the error is
// ErrInvalid and names the input, or the article has a title or body, an id, and encodes
// as JSON; and extraction ends.
func fuzzOne(t *testing.T, kind string, body []byte) {
	if len(body) > fuzzMaxBytes {
		t.Skip("larger than the fuzz bound")
	}
	type result struct {
		a   *news.Article
		err error
	}
	done := make(chan result, 1)
	go func() {
		a, err := Extract(news.RawDoc{Path: "fuzz-input", Kind: kind, Body: body}, Options{MaxBytes: fuzzMaxBytes})
		done <- result{a, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(fuzzHang):
		t.Fatalf("extracting %d bytes as %s did not end within %v", len(body), kind, fuzzHang)
	}
	if r.err != nil {
		if !errors.Is(r.err, news.ErrInvalid) {
			t.Fatalf("error %v is not ErrInvalid", r.err)
		}
		if !bytes.Contains([]byte(r.err.Error()), []byte("fuzz-input")) {
			t.Fatalf("error %q does not name the input", r.err)
		}
		return
	}
	a := r.a
	if a.Title == "" && len(a.Paragraphs) == 0 {
		t.Fatal("article without title and body")
	}
	if a.ID == "" {
		t.Fatal("article without id")
	}
	if _, err := json.Marshal(a); err != nil {
		t.Fatal(err)
	}
}

// FuzzHTML fuzzes HTML extraction (go-trafilatura plus our metadata).
func FuzzHTML(f *testing.F) {
	pages, _ := wcxbSeeds(f)
	for _, p := range pages {
		f.Add(p)
	}
	if b, err := os.ReadFile(filepath.Join("testdata", "article.html")); err == nil {
		f.Add(b)
	}
	f.Add([]byte("<html><head><meta charset=latin1><title>x</title></head><body><p>caf\xe9</p></body></html>"))
	f.Add([]byte(`<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"H","datePublished":"2020-01-02","author":[{"name":"A"}]}</script></head><body><article><h1>H</h1><p>Body text of the article here.</p></article></body></html>`))
	f.Add([]byte("<div><div><div><p>Deep</p></div></div></div>"))
	f.Fuzz(func(t *testing.T, body []byte) { fuzzOne(t, news.KindHTML, body) })
}

// FuzzTextDump fuzzes text-dump extraction (our line classifier).
func FuzzTextDump(f *testing.F) {
	_, dumps := wcxbSeeds(f)
	for _, d := range dumps {
		f.Add(d)
	}
	for _, name := range []string{"haaretz-pompeo-mossad-2021-01-12.txt", "israelhayom-pompeo-alqaida-2021-01-12.txt"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(cut(b))
		}
	}
	f.Add([]byte("Title\n\n• Home\n• News\nBy A and B\nPublished 01-02-2020\n"))
	f.Add([]byte("Headline here\nBy Reuters\nJan. 12, 2021 4:24 PM\n\nFirst paragraph of the body, long enough to count.\n"))
	f.Fuzz(func(t *testing.T, body []byte) { fuzzOne(t, news.KindText, body) })
}

// FuzzJSONL fuzzes the decoding of one JSONL line as an Article.
func FuzzJSONL(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("testdata", "article.jsonl")); err == nil {
		for _, l := range bytes.Split(b, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 {
				f.Add(l)
			}
		}
	}
	f.Add([]byte(`{"title":"T","text":"Body.","published":"2020-01-02","authors":["A"],"source":{"name":"N","domain":"n.com"}}`))
	f.Add([]byte(`{"title":"T","paragraphs":["a","b"],"published":null,"url":"https://x.example/a"}`))
	f.Add([]byte(`{"id":"x","title":"","text":"","published":"not a date"}`))
	f.Fuzz(func(t *testing.T, body []byte) { fuzzOne(t, news.KindJSONL, body) })
}
