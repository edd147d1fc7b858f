package ingest

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

// writeWARCRecord writes one gzip member holding one WARC/1.1 record.
func writeWARCRecord(w io.Writer, typ, uri string, date time.Time, contentType string, block []byte, n int) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
	if err != nil {
		return err
	}
	fmt.Fprintf(zw, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\nWARC-Date: %s\r\n",
		typ, n, date.UTC().Format(time.RFC3339))
	if uri != "" {
		fmt.Fprintf(zw, "WARC-Target-URI: %s\r\n", uri)
	}
	fmt.Fprintf(zw, "Content-Type: %s\r\nContent-Length: %d\r\n\r\n", contentType, len(block))
	zw.Write(block)
	zw.Write([]byte("\r\n\r\n"))
	return zw.Close()
}

// articleHTML renders an AllSides article as the page an outlet would serve.
func articleHTML(a *news.Article) []byte {
	var b strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&b, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s | %s</title>\n", esc(a.Title), esc(a.Source.Label()))
	fmt.Fprintf(&b, "<meta property=\"og:title\" content=\"%s\">\n", esc(a.Title))
	if !a.Published.IsZero() {
		fmt.Fprintf(&b, "<meta property=\"article:published_time\" content=\"%s\">\n", a.Published.Format(time.RFC3339))
	}
	for _, au := range a.Authors {
		fmt.Fprintf(&b, "<meta name=\"author\" content=\"%s\">\n", esc(au))
	}
	b.WriteString("</head><body><header><nav><a href=\"/\">Home</a> <a href=\"/politics\">Politics</a> <a href=\"/world\">World</a></nav></header>\n<main><article>")
	fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(a.Title))
	for _, p := range a.Paragraphs {
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(p))
	}
	b.WriteString("</article></main><footer><p>Copyright. All rights reserved.</p></footer></body></html>\n")
	return []byte(b.String())
}

// writeAllSidesWARC writes a WARC of n HTTP responses rendered from the AllSides corpus
// (plus one request record each, as crawlers write them), streaming: one article at a time.
func writeAllSidesWARC(path string, n int) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	written := 0
	stop := fmt.Errorf("enough")
	err = corpus.EachAllSides(func(a *news.Article) error {
		if written >= n {
			return stop
		}
		if a.URL == "" || len(a.Paragraphs) == 0 {
			return nil
		}
		date := a.Published
		if date.IsZero() {
			date = time.Date(2019, 12, 1, 0, 0, 0, 0, time.UTC)
		}
		page := articleHTML(a)
		req := fmt.Sprintf("GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: bench\r\n\r\n", a.Source.Domain)
		if err := writeWARCRecord(bw, "request", a.URL, date, "application/http; msgtype=request", []byte(req), 2*written); err != nil {
			return err
		}
		resp := "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + strconv.Itoa(len(page)) + "\r\n\r\n" + string(page)
		if err := writeWARCRecord(bw, "response", a.URL, date, "application/http; msgtype=response", []byte(resp), 2*written+1); err != nil {
			return err
		}
		written++
		return nil
	})
	if err != nil && err != stop {
		return written, err
	}
	return written, bw.Flush()
}

// peakRSS returns the process's peak resident set (VmHWM) in bytes.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// BenchmarkIngestWARC ingests a 10,000-response WARC built from the AllSides corpus
// into a fresh SQLite store and reports records/s and the peak RSS of the ingest
// (VmHWM, reset before it starts). Run it once:
//
//	go test ./internal/ingest/ -run '^$' -bench IngestWARC -benchtime 1x
//
// PARALLAX_BENCH_WARC=path keeps the WARC there (to time `parallax ingest` on it).
func BenchmarkIngestWARC(b *testing.B) {
	if _, ok := corpus.Path("allsides", "articles.jsonl.gz"); !ok {
		b.Skip("corpus absent: allsides/articles.jsonl.gz (see internal/corpus)")
	}
	const records = 10000
	dir := b.TempDir()
	warc := os.Getenv("PARALLAX_BENCH_WARC")
	if warc == "" {
		warc = filepath.Join(dir, "allsides.warc.gz")
	}
	if _, err := os.Stat(warc); err != nil {
		n, err := writeAllSidesWARC(warc, records)
		if err != nil || n != records {
			b.Fatalf("write WARC: %d records, %v", n, err)
		}
	}
	fi, _ := os.Stat(warc)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		runtime.GC()
		os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // reset VmHWM to the current RSS
		st, err := sqlite.Open(ctx, filepath.Join(dir, fmt.Sprintf("bench%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		p, err := New(ctx, st, Options{Checkpoints: st})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		sum, err := p.Run(ctx, []string{warc}, source.Options{}, nil)
		el := time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if sum.Read != records || sum.Stored+sum.Duplicates+sum.Failed != records {
			b.Fatalf("summary %v; want %d responses read", sum, records)
		}
		b.ReportMetric(float64(sum.Read)/el.Seconds(), "records/s")
		b.ReportMetric(float64(peakRSS())/(1<<20), "peakRSS-MB")
		b.ReportMetric(float64(fi.Size())/(1<<20), "warc-MB")
		b.Logf("%s in %v", sum, el.Round(time.Millisecond))
		st.Close()
		b.StartTimer()
	}
}
