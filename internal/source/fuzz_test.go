package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// fuzzRead reads body as one input of the given kind ("" sniffs) with small limits, and
// checks what must hold for any input: every document is non-empty, of a known kind,
// within the limit and named after the input; every failure is an *Error naming it.
func fuzzRead(t *testing.T, name, kind string, body []byte) (docs []news.RawDoc, errs []error) {
	const limit = 64 << 10
	opts := Options{MaxBytes: limit, MaxLineBytes: limit}
	// A hang is a failure too: the fuzzer has no time limit of its own per input.
	timer := time.AfterFunc(10*time.Second, func() {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		panic(fmt.Sprintf("reading %d bytes as %q did not end within 10s:\n%s", len(body), kind, buf))
	})
	defer timer.Stop()
	err := readStream(context.Background(), name, kind, bytes.NewReader(body), opts, func(d news.RawDoc, err error) error {
		if err != nil {
			var se *Error
			if !errors.As(err, &se) || !strings.HasPrefix(se.Path, name) {
				t.Fatalf("failure %v is not an *Error naming %s", err, name)
			}
			errs = append(errs, err)
			return nil
		}
		if !strings.HasPrefix(d.Path, name) {
			t.Fatalf("document path %q does not name %s", d.Path, name)
		}
		// An empty archive record is handed over as it is (extract then refuses it by
		// name); any other document has a body.
		if len(d.Body) == 0 && kind != news.KindWARC && !bytes.HasPrefix(body, []byte("WARC/")) || int64(len(d.Body)) > limit {
			t.Fatalf("document %s: %d bytes, want 1..%d", d.Path, len(d.Body), limit)
		}
		switch d.Kind {
		case news.KindHTML, news.KindText, news.KindJSONL:
		default:
			t.Fatalf("document %s: kind %q", d.Path, d.Kind)
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatalf("readStream: %v", err)
	}
	return docs, errs
}

// FuzzWARC fuzzes the WARC/WET record reader (gzip undone first when the data is gzip).
func FuzzWARC(f *testing.F) {
	for _, name := range []string{"sample.warc.gz", "sample.wet.gz"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		if plain, err := gunzipAll(b); err == nil {
			f.Add(plain)
		}
	}
	f.Add([]byte("WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"))
	f.Add([]byte("WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 60\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>"))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 99999999999\r\n\r\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzRead(t, "fuzz.warc", news.KindWARC, body)
	})
}

// FuzzJSONLLines fuzzes the JSONL line splitter: each non-blank line (or a line too long)
// is handed over once, numbered from 1.
func FuzzJSONLLines(f *testing.F) {
	f.Add([]byte("{\"title\":\"a\"}\n{\"title\":\"b\"}\n"))
	f.Add([]byte("{\"title\":\"a\"}\n{broken\n\n{\"title\":\"c\"}"))
	f.Add([]byte("\xef\xbb\xbf{\"title\":\"bom\"}\r\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		docs, errs := fuzzRead(t, "fuzz.jsonl", news.KindJSONL, body)
		if len(errs) == 0 && bytes.IndexByte(body[:min(len(body), 8<<10)], 0) < 0 {
			want := 0
			for _, l := range bytes.Split(body, []byte("\n")) {
				if len(bytes.TrimSpace(l)) > 0 {
					want++
				}
			}
			if len(docs) != want {
				t.Fatalf("%d documents for %d non-blank lines", len(docs), want)
			}
		}
	})
}

// FuzzSniff fuzzes reading an input of unknown kind (sniffing, gzip, the dispatch).
func FuzzSniff(f *testing.F) {
	f.Add([]byte("<!doctype html><title>x</title>"))
	f.Add([]byte("Plain text\nof a page\n"))
	f.Add([]byte("{\"title\":\"x\"}\n"))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 0\r\n\r\n\r\n\r\n"))
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzRead(t, "fuzz-input", "", body)
	})
}

func gunzipAll(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(zr, 1<<20))
}
