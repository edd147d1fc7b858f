package main

// The bad-input suite: hostile or broken inputs through the real `parallax ingest` path
// (run, in-process), each checked for a clear error naming the input, bounded memory, and
// the good inputs of the same run still stored.

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

// ingestWith runs `parallax ingest --db DB args...` with stdin and returns the exit
// status and stderr.
func ingestWith(t *testing.T, db string, stdin io.Reader, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"ingest", "--db", db}, args...), stdin, &out, &errb)
	return code, errb.String()
}

// stored returns the articles of the store at db, checking its integrity first.
func stored(t *testing.T, db string) []*news.Article {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Check(ctx); err != nil {
		t.Fatalf("integrity: %v", err)
	}
	var out []*news.Article
	if err := st.Since(ctx, time.Time{}, func(s news.Stored) error {
		out = append(out, s.Article)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// pattern is an endless reader of a repeated text: a huge input never held in memory.
type pattern struct {
	unit []byte
	left int64 // bytes still to give
	read int64 // bytes given
	off  int
}

func (p *pattern) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, io.EOF
	}
	n := 0
	for n < len(b) && p.left > 0 {
		c := copy(b[n:min(len(b), n+int(min(p.left, int64(len(p.unit)-p.off))))], p.unit[p.off:])
		n += c
		p.off = (p.off + c) % len(p.unit)
		p.left -= int64(c)
	}
	p.read += int64(n)
	return n, nil
}

const gib = 1 << 30

// allocDuring reports the bytes allocated while fn runs (TotalAlloc, which only grows:
// had the input been held in memory it would count at least its size).
func allocDuring(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// seedDump is a good input for the runs that mix good and bad inputs.
const seedDump = "../../internal/sample/haaretz-pompeo-mossad-2021-01-12.txt"

func TestBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("reads gigabyte inputs")
	}
	prose := "The council met on Tuesday and voted to reopen the harbour after the storm, officials said.\n"

	t.Run("1GiB from stdin", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "p.db")
		in := &pattern{unit: []byte(prose), left: gib}
		var code int
		var errs string
		alloc := allocDuring(func() { code, errs = ingestWith(t, db, in, "-") })
		if code != 1 || !strings.Contains(errs, "parallax ingest: -: larger than the 32 MiB limit") {
			t.Errorf("exit %d, stderr %q: want the size limit error naming stdin", code, errs)
		}
		if in.read > 64<<20 {
			t.Errorf("read %d MiB of the input after passing the limit", in.read>>20)
		}
		if alloc > 256<<20 {
			t.Errorf("allocated %d MiB for a 1 GiB input", alloc>>20)
		}
	})

	t.Run("1GiB sparse file", func(t *testing.T) {
		dir := t.TempDir()
		big := filepath.Join(dir, "big.txt")
		f, err := os.Create(big)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(strings.Repeat(prose, 100)) // text first, then a 1 GiB hole of NULs
		if err := f.Truncate(gib); err != nil {
			t.Fatal(err)
		}
		f.Close()
		db := filepath.Join(dir, "p.db")
		var code int
		var errs string
		alloc := allocDuring(func() { code, errs = ingestWith(t, db, nil, big, seedDump) })
		if code != 1 || !strings.Contains(errs, big+": larger than the 32 MiB limit") {
			t.Errorf("exit %d, stderr %q: want the size limit error naming %s", code, errs, big)
		}
		if alloc > 512<<20 {
			t.Errorf("allocated %d MiB for a 1 GiB file", alloc>>20)
		}
		if n := len(stored(t, db)); n != 1 {
			t.Errorf("stored %d articles, want the good input's 1", n)
		}
	})

	t.Run("1GiB JSONL line", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "p.db")
		good := `{"title":"Harbour reopens","text":"The harbour reopened on Tuesday after the storm."}` + "\n"
		long := &pattern{unit: []byte(`"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",`), left: gib}
		in := io.MultiReader(strings.NewReader(good+`{"title":"x","tags":[`), long, strings.NewReader("\"\"]}\n"+strings.Replace(good, "Harbour", "Ferries", 1)))
		var code int
		var errs string
		alloc := allocDuring(func() { code, errs = ingestWith(t, db, in, "-") })
		if code != 1 || !strings.Contains(errs, "-:2: line longer than 16 MiB") {
			t.Errorf("exit %d, stderr %q: want line 2 reported as too long", code, errs)
		}
		if alloc > 256<<20 {
			t.Errorf("allocated %d MiB for a 1 GiB line", alloc>>20)
		}
		if n := len(stored(t, db)); n != 2 {
			t.Errorf("stored %d articles, want lines 1 and 3", n)
		}
	})

	t.Run("gzip bomb", func(t *testing.T) {
		dir := t.TempDir()
		bomb := filepath.Join(dir, "bomb.txt.gz")
		f, err := os.Create(bomb)
		if err != nil {
			t.Fatal(err)
		}
		zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
		if _, err := io.Copy(zw, &pattern{unit: bytes.Repeat([]byte("a"), 64<<10), left: gib}); err != nil {
			t.Fatal(err)
		}
		zw.Close()
		f.Close()
		fi, _ := os.Stat(bomb)
		db := filepath.Join(dir, "p.db")
		var code int
		var errs string
		alloc := allocDuring(func() { code, errs = ingestWith(t, db, nil, bomb, seedDump) })
		if code != 1 || !strings.Contains(errs, bomb+": larger than the 32 MiB limit") {
			t.Errorf("%d-byte bomb: exit %d, stderr %q: want the size limit error naming it", fi.Size(), code, errs)
		}
		if alloc > 512<<20 {
			t.Errorf("allocated %d MiB for a 1 GiB gzip bomb", alloc>>20)
		}
		if n := len(stored(t, db)); n != 1 {
			t.Errorf("stored %d articles, want the good input's 1", n)
		}
	})

	t.Run("deeply nested HTML", func(t *testing.T) {
		dir := t.TempDir()
		page := filepath.Join(dir, "nested.html")
		var b bytes.Buffer
		b.WriteString("<!doctype html><html><head><title>Nested harbour page</title></head><body>")
		for range 100_000 {
			b.WriteString("<div>")
		}
		b.WriteString("<p>" + strings.Repeat(prose, 5) + "</p>")
		for range 100_000 {
			b.WriteString("</div>")
		}
		b.WriteString("</body></html>")
		if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		db := filepath.Join(dir, "p.db")
		code, errs := ingestWith(t, db, nil, page, seedDump)
		// Either outcome is fine so long as it is clean: extracted, or refused by name.
		if code == 1 && !strings.Contains(errs, page) {
			t.Errorf("exit %d, stderr %q: a failure must name %s", code, errs, page)
		}
		if code != 0 && code != 1 {
			t.Errorf("exit %d: %s", code, errs)
		}
		if n := len(stored(t, db)); n < 1 {
			t.Errorf("stored %d articles, want at least the good input", n)
		}
	})

	t.Run("encodings and NUL bytes", func(t *testing.T) {
		dir := t.TempDir()
		files := map[string][]byte{
			// Latin-1 (Windows-1252) text: decoded, not refused.
			"latin1.txt": []byte("Caf\xe9 owners protest\n\nThe caf\xe9 owners of the old town met the mayor on Monday to protest against the new rules, which they said would ruin them.\n"),
			// UTF-8 with Latin-1 lines mixed in.
			"mixed.txt": []byte("Caf\xc3\xa9 owners protest\n\nThe caf\xe9 owners of the old town met the mayor on Monday to protest against the new rules.\nThe na\xc3\xafve plan, they said, would ruin them.\n"),
			// Not text in any encoding.
			"garbage.txt": append([]byte("Title\n"), bytes.Repeat([]byte{0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xff, 0xfe}, 200)...),
			// A NUL byte near the start and one far from it (past the sniffed head).
			"nul-head.txt":  []byte("Harbour reopens\n\nThe harbour\x00 reopened on Tuesday after the storm.\n"),
			"nul-tail.html": append([]byte("<html><head><title>Harbour</title></head><body><p>"+strings.Repeat(prose, 200)), []byte("\x00</p></body></html>")...),
			"nul.jsonl":     []byte("{\"title\":\"Harbour\\u0000 reopens\",\"text\":\"The harbour reopened on Tuesday.\"}\n"),
		}
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		db := filepath.Join(t.TempDir(), "p.db")
		code, errs := ingestWith(t, db, nil, dir)
		if code != 1 {
			t.Errorf("exit %d, want 1 (some inputs failed): %s", code, errs)
		}
		for _, name := range []string{"garbage.txt", "nul-head.txt", "nul-tail.html", "nul.jsonl:1"} {
			if !strings.Contains(errs, filepath.Join(dir, name)+":") {
				t.Errorf("%s not reported: %s", name, errs)
			}
		}
		got := map[string]*news.Article{}
		for _, a := range stored(t, db) {
			got[filepath.Base(a.Input.Path)] = a
			for _, s := range append([]string{a.Title}, a.Paragraphs...) {
				if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
					t.Errorf("%s: stored text %q is not valid UTF-8 without NUL", a.Input.Path, s)
				}
			}
		}
		if a := got["latin1.txt"]; a == nil || !strings.Contains(a.Title+a.Text(), "Café") {
			t.Errorf("latin1.txt: want it stored with \"Café\" decoded: %+v", a)
		}
		if got["mixed.txt"] == nil && !strings.Contains(errs, "mixed.txt") {
			t.Errorf("mixed.txt neither stored nor reported: %s", errs)
		}
	})

	t.Run("truncated WARC", func(t *testing.T) {
		whole, err := gunzip("../../internal/source/testdata/sample.warc.gz")
		if err != nil {
			t.Fatal(err)
		}
		// Cut inside the payload of the second HTML response (record 6).
		rec6 := nthIndex(whole, []byte("WARC-Type: response"), 4)
		i := rec6 + bytes.Index(whole[rec6:], []byte("\r\n\r\n")) + 100
		dir := t.TempDir()
		warc := filepath.Join(dir, "cut.warc")
		if err := os.WriteFile(warc, whole[:i], 0o644); err != nil {
			t.Fatal(err)
		}
		db := filepath.Join(dir, "p.db")
		code, errs := ingestWith(t, db, nil, warc)
		if code != 1 || !strings.Contains(errs, warc+":6: ") || !strings.Contains(errs, "unexpected EOF") {
			t.Errorf("exit %d, stderr %q: want record 6 reported as truncated", code, errs)
		}
		if n := len(stored(t, db)); n != 1 {
			t.Errorf("stored %d articles, want the intact record's 1", n)
		}
	})

	t.Run("JSONL with a broken line", func(t *testing.T) {
		dir := t.TempDir()
		in := filepath.Join(dir, "articles.jsonl")
		lines := []string{
			`{"title":"Harbour reopens","text":"The harbour reopened on Tuesday after the storm."}`,
			`{"title":"Council passes budget","text":"The council passed the budget."}`,
			`{"title":"Broken line","text":"cut here`,
			`{"title":"Ferries resume","text":"Ferries resumed on Wednesday."}`,
		}
		if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		db := filepath.Join(dir, "p.db")
		code, errs := ingestWith(t, db, nil, in)
		if code != 1 || !strings.Contains(errs, in+":3:") || strings.Count(errs, in+":") != 1 {
			t.Errorf("exit %d, stderr %q: want line 3, only, reported", code, errs)
		}
		var titles []string
		for _, a := range stored(t, db) {
			titles = append(titles, a.Title)
		}
		if len(titles) != 3 || strings.Contains(strings.Join(titles, "|"), "Broken") {
			t.Errorf("stored %q, want the three good lines", titles)
		}
		// A rerun changes nothing. (It passes over the whole file as done, the bad line
		// included, through the resume checkpoint, so it does not report line 3 again.)
		if code, errs = ingestWith(t, db, nil, in); code > 1 {
			t.Errorf("rerun: exit %d: %s", code, errs)
		}
		if n := len(stored(t, db)); n != 3 {
			t.Errorf("after a rerun: %d articles, want 3", n)
		}
	})
}

func gunzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

func nthIndex(b, sep []byte, n int) int {
	at := -1
	for range n {
		i := bytes.Index(b[at+1:], sep)
		if i < 0 {
			panic(fmt.Sprintf("fewer than %d %q", n, sep))
		}
		at += 1 + i
	}
	return at
}
