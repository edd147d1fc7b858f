package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

type got struct {
	docs []news.RawDoc
	errs []error
}

func read(t *testing.T, paths []string, opts Options) got {
	t.Helper()
	var g got
	err := Read(context.Background(), paths, opts, func(d news.RawDoc, err error) error {
		if err != nil {
			g.errs = append(g.errs, err)
			return nil
		}
		g.docs = append(g.docs, d)
		return nil
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return g
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gz(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func TestReadDirectoryKindsAndGzip(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "b", "page.html.gz"), gz(t, []byte("<html><body><p>Hello</p></body></html>")))
	write(t, filepath.Join(dir, "a.txt"), []byte("Headline\n\nBody text here."))
	write(t, filepath.Join(dir, "c.jsonl"), []byte("{\"title\":\"one\"}\n\n{\"title\":\"two\"}"))
	write(t, filepath.Join(dir, "noext"), []byte("<!DOCTYPE html><html></html>"))
	write(t, filepath.Join(dir, ".hidden.txt"), []byte("secret"))
	g := read(t, []string{dir}, Options{Source: "Src"})
	if len(g.errs) != 0 {
		t.Fatalf("errors: %v", g.errs)
	}
	var summary []string
	for _, d := range g.docs {
		summary = append(summary, filepath.Base(d.Path)+"="+d.Kind)
		if d.Source != "Src" {
			t.Errorf("%s: source %q not carried", d.Path, d.Source)
		}
	}
	want := "a.txt=text page.html.gz=html c.jsonl:1=jsonl c.jsonl:3=jsonl noext=html"
	if s := strings.Join(summary, " "); s != want {
		t.Errorf("docs = %s\nwant  %s", s, want)
	}
	if string(g.docs[1].Body) != "<html><body><p>Hello</p></body></html>" {
		t.Errorf("gzip not undone: %q", g.docs[1].Body)
	}
}

func TestReadBadInputsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "image.txt")
	write(t, bin, []byte{0x89, 'P', 'N', 'G', 0, 0, 0, 1})
	empty := filepath.Join(dir, "empty.html")
	write(t, empty, []byte(" \n"))
	big := filepath.Join(dir, "big.txt")
	write(t, big, bytes.Repeat([]byte("word "), 1000))
	bomb := filepath.Join(dir, "bomb.html.gz")
	write(t, bomb, gz(t, bytes.Repeat([]byte("a"), 1<<20)))
	corrupt := filepath.Join(dir, "corrupt.txt.gz")
	write(t, corrupt, gz(t, bytes.Repeat([]byte("text "), 1000))[:60])
	missing := filepath.Join(dir, "missing.txt")

	g := read(t, []string{bin, empty, big, bomb, corrupt, missing}, Options{MaxBytes: 4096})
	if len(g.docs) != 0 {
		t.Errorf("bad inputs gave documents: %v", g.docs)
	}
	want := []string{bin, empty, big, bomb, corrupt, missing}
	if len(g.errs) != len(want) {
		t.Fatalf("got %d errors, want %d: %v", len(g.errs), len(want), g.errs)
	}
	for i, err := range g.errs {
		var se *Error
		if !errors.As(err, &se) || se.Path != want[i] || !strings.HasPrefix(err.Error(), want[i]+": ") {
			t.Errorf("error %d = %v; want one naming %s", i, err, want[i])
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("error %d is not one line: %q", i, err)
		}
	}
	if !errors.Is(g.errs[5], news.ErrNotFound) || !errors.Is(g.errs[0], news.ErrInvalid) {
		t.Errorf("error kinds: %v, %v", g.errs[5], g.errs[0])
	}
}

func TestReadStdinAndLongJSONLLine(t *testing.T) {
	in := strings.NewReader("{\"title\":\"a\"}\n{\"title\":\"" + strings.Repeat("x", 100) + "\"}\n{\"title\":\"c\"}\n")
	g := read(t, []string{"-"}, Options{Stdin: in, MaxLineBytes: 50})
	if len(g.docs) != 2 || g.docs[0].Path != "-:1" || g.docs[1].Path != "-:3" {
		t.Errorf("docs = %+v", g.docs)
	}
	if len(g.errs) != 1 || !strings.HasPrefix(g.errs[0].Error(), "-:2: ") {
		t.Errorf("errs = %v; want the long line 2 reported", g.errs)
	}
}

func TestSniff(t *testing.T) {
	for in, want := range map[string]string{
		"  {\"a\":1}":                    news.KindJSONL,
		"<!DOCTYPE html>\n<html>":        news.KindHTML,
		"\ufeff<html lang=en>":           news.KindHTML,
		"Headline\n\nSome text, said X.": news.KindText,
	} {
		if got := Sniff([]byte(in)); got != want {
			t.Errorf("Sniff(%q) = %s, want %s", in, got, want)
		}
	}
}
