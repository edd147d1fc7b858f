package extract_test

import (
	"bufio"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/extract"
	"github.com/parallax-news/parallax/internal/news"
)

// benchPages reads up to n documents of kind from the corpus folder dir (gzip undone),
// skipping the benchmark when the corpus is absent.
func benchPages(b *testing.B, dir, suffix, kind string, n int) []news.RawDoc {
	b.Helper()
	d, ok := corpus.Path(dir)
	if !ok {
		b.Skipf("shared corpus absent: %s", dir)
	}
	ents, err := os.ReadDir(d)
	if err != nil {
		b.Fatal(err)
	}
	var docs []news.RawDoc
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), suffix) {
			continue
		}
		path := filepath.Join(d, e.Name())
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		var r io.Reader = f
		if strings.HasSuffix(path, ".gz") {
			if r, err = gzip.NewReader(f); err != nil {
				b.Fatal(err)
			}
		}
		body, err := io.ReadAll(r)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, news.RawDoc{Path: path, Kind: kind, Body: body})
		if len(docs) == n {
			break
		}
	}
	return docs
}

// runExtract extracts docs round-robin, one document an op, and reports MB/s over
// the average document.
func runExtract(b *testing.B, docs []news.RawDoc, opts func() extract.Options) {
	b.Helper()
	var total int64
	for _, d := range docs {
		total += int64(len(d.Body))
	}
	b.SetBytes(total / int64(len(docs)))
	b.ReportAllocs()
	o := opts()
	b.ResetTimer()
	failed := 0
	for i := 0; b.Loop(); i++ {
		if _, err := extract.Extract(docs[i%len(docs)], o); err != nil {
			failed++ // a page with no article is work too; its share is reported
		}
	}
	b.ReportMetric(float64(failed)/float64(b.N), "failed/op")
}

// BenchmarkExtractHTML extracts real article pages (WCXB dev): ns/op is per page.
//
//	go test -run '^$' -bench ExtractHTML -benchtime 200x ./internal/extract/
func BenchmarkExtractHTML(b *testing.B) {
	docs := benchPages(b, "extraction/wcxb-dev-articles/html", ".html.gz", news.KindHTML, 200)
	runExtract(b, docs, func() extract.Options { return extract.Options{} })
}

// BenchmarkExtractTextDump cleans real page-text dumps (WCXB dev rendered as text), with
// a site template model shared across the run as ingest does: ns/op is per dump.
func BenchmarkExtractTextDump(b *testing.B) {
	docs := benchPages(b, "textdumps/wcxb-dev-articles", ".txt", news.KindText, 200)
	runExtract(b, docs, func() extract.Options { return extract.Options{Templates: extract.NewTemplates(0)} })
}

// BenchmarkExtractJSONL decodes AllSides JSONL lines into articles (the JSONL path of
// `parallax ingest`): ns/op is per article.
func BenchmarkExtractJSONL(b *testing.B) {
	p, ok := corpus.Path("allsides", "articles.jsonl.gz")
	if !ok {
		b.Skip("shared corpus absent: allsides/articles.jsonl.gz")
	}
	f, err := os.Open(p)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 16<<20)
	var docs []news.RawDoc
	for sc.Scan() && len(docs) < 2000 {
		docs = append(docs, news.RawDoc{Path: p, Kind: news.KindJSONL, Body: append([]byte(nil), sc.Bytes()...)})
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	runExtract(b, docs, func() extract.Options { return extract.Options{} })
}
