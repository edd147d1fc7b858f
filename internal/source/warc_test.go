package source

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// The fixtures were written by warcio.js (testdata/mkwarc.mjs), a WARC library other
// than our reader, so these tests check real interoperability, not our own round trip.

func TestWARCResponses(t *testing.T) {
	var skipped []string
	g := read(t, []string{"testdata/sample.warc.gz"}, Options{Skip: func(path, reason string) { skipped = append(skipped, reason) }})
	if len(g.errs) != 0 {
		t.Fatalf("errors: %v", g.errs)
	}
	if len(g.docs) != 2 {
		t.Fatalf("got %d documents, want the 2 HTML 200 responses: %+v", len(g.docs), g.docs)
	}
	d := g.docs[0]
	if d.Kind != news.KindHTML || d.URL != "https://news.example.com/2024/03/05/harbour" {
		t.Errorf("doc 0 = kind %q url %q", d.Kind, d.URL)
	}
	if want := time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC); !d.Fetched.Equal(want) {
		t.Errorf("Fetched = %v, want WARC-Date %v", d.Fetched, want)
	}
	if !bytes.Contains(d.Body, []byte("<h1>Harbour reopens after storm</h1>")) || bytes.HasPrefix(d.Body, []byte("HTTP/")) {
		t.Errorf("body is not the HTTP payload: %.80q", d.Body)
	}
	if d.Path != "testdata/sample.warc.gz:3" {
		t.Errorf("Path = %q, want the record number", d.Path)
	}
	// Content-Encoding: gzip inside the record is undone.
	if !bytes.Contains(g.docs[1].Body, []byte("Council passes budget")) {
		t.Errorf("gzip-encoded payload not decoded: %.60q", g.docs[1].Body)
	}
	want := []string{SkipNotContent, SkipNotContent, SkipStatus, SkipType, SkipNotContent}
	if strings.Join(skipped, "|") != strings.Join(want, "|") {
		t.Errorf("skipped = %q, want %q", skipped, want)
	}
}

func TestWETConversionsAndFilters(t *testing.T) {
	march := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		filter Filter
		urls   []string
	}{
		{"all", Filter{}, []string{"https://news.example.com/2024/03/05/harbour", "https://nouvelles.example.fr/2024/03/05/port", "https://other.example.org/2023/01/01/old"}},
		{"language", Filter{Languages: []string{"en"}}, []string{"https://news.example.com/2024/03/05/harbour", "https://other.example.org/2023/01/01/old"}},
		{"host", Filter{Hosts: []string{"example.fr"}}, []string{"https://nouvelles.example.fr/2024/03/05/port"}},
		{"date", Filter{Since: march}, []string{"https://news.example.com/2024/03/05/harbour", "https://nouvelles.example.fr/2024/03/05/port"}},
		{"until", Filter{Until: march}, []string{"https://other.example.org/2023/01/01/old"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := read(t, []string{"testdata/sample.wet.gz"}, Options{Filter: tt.filter})
			if len(g.errs) != 0 {
				t.Fatalf("errors: %v", g.errs)
			}
			var urls []string
			for _, d := range g.docs {
				if d.Kind != news.KindText {
					t.Errorf("%s: kind %q, want text", d.URL, d.Kind)
				}
				urls = append(urls, d.URL)
			}
			if strings.Join(urls, " ") != strings.Join(tt.urls, " ") {
				t.Errorf("urls = %q, want %q", urls, tt.urls)
			}
		})
	}
}

func TestWARCHostFilterOnResponses(t *testing.T) {
	g := read(t, []string{"testdata/sample.warc.gz"}, Options{Filter: Filter{Hosts: []string{"other.example.org"}}})
	if len(g.docs) != 1 || g.docs[0].URL != "https://www.other.example.org/2024/03/06/budget" {
		t.Fatalf("docs = %+v", g.docs)
	}
}

func TestWARCResume(t *testing.T) {
	var begun []string
	g := read(t, []string{"testdata/sample.wet.gz"}, Options{Begin: func(f string) int { begun = append(begun, f); return 2 }})
	if len(begun) != 1 || begun[0] != "testdata/sample.wet.gz" {
		t.Errorf("Begin calls = %q", begun)
	}
	if len(g.docs) != 1 || g.docs[0].URL != "https://other.example.org/2023/01/01/old" {
		t.Fatalf("resumed after 2 documents, got %+v", g.docs)
	}
}

func TestWARCTruncated(t *testing.T) {
	raw, err := os.ReadFile("testdata/sample.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "cut.warc.gz")
	write(t, p, raw[:len(raw)*2/3])
	g := read(t, []string{p}, Options{})
	if len(g.errs) != 1 || !strings.Contains(g.errs[0].Error(), p) {
		t.Fatalf("errors = %v, want one naming %s", g.errs, p)
	}
	if len(g.docs) == 0 {
		t.Errorf("records before the cut were lost")
	}
}

func TestWARCSniffedWithoutExtension(t *testing.T) {
	raw, err := os.ReadFile("testdata/sample.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "crawl-data")
	write(t, p, raw)
	g := read(t, []string{p}, Options{})
	if len(g.docs) != 2 {
		t.Fatalf("got %d docs, want 2 (sniffed as WARC)", len(g.docs))
	}
	_ = context.Background
}

// A record over the size limit is skipped without being held in memory, and the
// records after it are still read.
func TestWARCOversizeRecordSkipped(t *testing.T) {
	rec := func(uri, body string) string {
		block := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
		return fmt.Sprintf("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-03-05T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", uri, len(block), block)
	}
	huge := rec("https://big.example/", "<html><body>"+strings.Repeat("x", 3<<20)+"</body></html>")
	small := rec("https://small.example/", "<html><body><p>small page</p></body></html>")
	p := filepath.Join(t.TempDir(), "big.warc")
	write(t, p, []byte(huge+small))
	var skipped []string
	g := read(t, []string{p}, Options{MaxBytes: 1 << 20, Skip: func(_, reason string) { skipped = append(skipped, reason) }})
	if len(g.docs) != 1 || g.docs[0].URL != "https://small.example/" || len(g.errs) != 0 {
		t.Fatalf("docs %+v errs %v", g.docs, g.errs)
	}
	if len(skipped) != 1 || skipped[0] != SkipTooLarge {
		t.Errorf("skipped = %q", skipped)
	}
}
