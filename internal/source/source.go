// Package source turns inputs — files, directories, standard input — into RawDocs for the
// extract stage: it finds the files, decompresses gzip, tells HTML, text dumps and JSONL
// apart, splits JSONL into one document a line, and enforces size limits.
package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// Defaults for Options.
const (
	DefaultMaxBytes     = 32 << 20 // one HTML page or text dump
	DefaultMaxLineBytes = 16 << 20 // one JSONL line
)

// Options tune reading.
type Options struct {
	MaxBytes     int64  // largest document (after decompression); 0 = DefaultMaxBytes
	MaxLineBytes int    // largest JSONL line; 0 = DefaultMaxLineBytes
	URL          string // the page URL to record on every document (the --url flag)
	Source       string // the source name to record on every document (the --source flag)
	Stdin        io.Reader
	// Filter selects the records of WARC/WET archives (host, language, date).
	Filter Filter
	// Skip, when set, is told about each archive record left out and why (Skip* reasons).
	Skip func(path, reason string)
	// Begin, when set, is called as each file starts (not for stdin) and returns how many
	// of its handler calls (documents and failures) an earlier run already made; those are
	// passed over without being handed to the handler, so an interrupted run resumes.
	Begin func(file string) (done int)
	// Wrap, when set, wraps each file as it is opened (progress meters count its bytes).
	Wrap func(io.Reader) io.Reader
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

func (o Options) maxLine() int {
	if o.MaxLineBytes > 0 {
		return o.MaxLineBytes
	}
	return DefaultMaxLineBytes
}

// Error is a failure to read one input (a file, or one line of a JSONL file). Reading
// goes on with the next input; Error says which one failed.
type Error struct {
	Path string // the file, with ":LINE" for a JSONL line
	Err  error
}

func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Handler receives each document read, or the failure to read one input (doc is then
// zero but for Path, and err is an *Error). Returning an error stops Read with it.
type Handler func(doc news.RawDoc, err error) error

// Read reads every path ("-" is standard input; a directory is walked recursively, in
// lexical order, skipping hidden files) and calls h for each document in order.
// It returns the error h returns, or the context's error; failures of single inputs go
// to h, not to the return value.
func Read(ctx context.Context, paths []string, opts Options, h Handler) error {
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == "-" {
			in := opts.Stdin
			if in == nil {
				in = os.Stdin
			}
			if err := readStream(ctx, "-", "", in, opts, h); err != nil {
				return err
			}
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			if err := h(news.RawDoc{Path: p}, &Error{Path: p, Err: notFound(err)}); err != nil {
				return err
			}
			continue
		}
		if !fi.IsDir() {
			if err := readFile(ctx, p, opts, h); err != nil {
				return err
			}
			continue
		}
		var files []string
		walkErr := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return h(news.RawDoc{Path: path}, &Error{Path: path, Err: err})
			}
			name := d.Name()
			if path != p && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				files = append(files, path)
			}
			return nil
		})
		if walkErr != nil {
			return walkErr
		}
		sort.Strings(files)
		for _, f := range files {
			if err := readFile(ctx, f, opts, h); err != nil {
				return err
			}
		}
	}
	return nil
}

func notFound(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no such file or directory: %w", news.ErrNotFound)
	}
	return err
}

func readFile(ctx context.Context, path string, opts Options, h Handler) error {
	f, err := os.Open(path)
	if err != nil {
		return h(news.RawDoc{Path: path}, &Error{Path: path, Err: notFound(err)})
	}
	defer f.Close()
	var r io.Reader = f
	if opts.Wrap != nil {
		r = opts.Wrap(f)
	}
	return readStream(ctx, path, kindOfName(path), r, opts, h)
}

// kindOfName guesses the kind from the file name; "" means sniff the content.
func kindOfName(path string) string {
	name := strings.ToLower(strings.TrimSuffix(strings.ToLower(path), ".gz"))
	switch filepath.Ext(name) {
	case ".html", ".htm", ".xhtml", ".shtml":
		return news.KindHTML
	case ".txt", ".text":
		return news.KindText
	case ".warc", ".wet", ".arc":
		return news.KindWARC
	case ".jsonl", ".ndjson", ".json":
		return news.KindJSONL
	}
	return ""
}

// readStream reads one input: it undoes gzip, sniffs the kind when the name did not say it,
// and hands over one document (or one a line for JSONL).
func readStream(ctx context.Context, path, kind string, r io.Reader, opts Options, h Handler) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return h(news.RawDoc{Path: path}, &Error{Path: path, Err: fmt.Errorf("bad gzip data: %w", news.ErrInvalid)})
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	head, err := br.Peek(8 << 10)
	// An archive is read record by record, so a damaged tail loses only its own records.
	if kind == news.KindWARC || (kind == "" && bytes.HasPrefix(head, []byte("WARC/1."))) {
		return readWARC(ctx, path, br, opts, h)
	}
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return h(news.RawDoc{Path: path}, &Error{Path: path, Err: readErr(err)})
	}
	skip := 0
	if opts.Begin != nil && path != "-" {
		skip = opts.Begin(path)
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return h(news.RawDoc{Path: path}, &Error{Path: path, Err: fmt.Errorf("binary data, not a page, text or JSONL: %w", news.ErrInvalid)})
	}
	if kind == "" {
		kind = Sniff(head)
	}
	if kind == news.KindJSONL {
		return readLines(ctx, path, br, opts, skip, h)
	}
	if skip > 0 {
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(br, opts.maxBytes()+1))
	if err != nil {
		return h(news.RawDoc{Path: path}, &Error{Path: path, Err: readErr(err)})
	}
	if int64(len(body)) > opts.maxBytes() {
		return h(news.RawDoc{Path: path}, &Error{Path: path, Err: fmt.Errorf("larger than the %d MiB limit: %w", opts.maxBytes()>>20, news.ErrInvalid)})
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return h(news.RawDoc{Path: path}, &Error{Path: path, Err: fmt.Errorf("empty input: %w", news.ErrInvalid)})
	}
	return h(news.RawDoc{Path: path, Kind: kind, URL: opts.URL, Source: opts.Source, Body: body, Fetched: time.Now().UTC()}, nil)
}

func readErr(err error) error {
	if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("truncated or corrupt data (%v): %w", err, news.ErrInvalid)
	}
	return err
}

// readLines hands over one JSONL document a non-blank line; a line too long is reported
// with its number and skipped.
func readLines(ctx context.Context, path string, br *bufio.Reader, opts Options, skip int, h Handler) error {
	limit := opts.maxLine()
	n, handled := 0, 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n++
		line, tooLong, err := readLine(br, limit)
		at := fmt.Sprintf("%s:%d", path, n)
		if err != nil && err != io.EOF {
			return h(news.RawDoc{Path: at}, &Error{Path: at, Err: readErr(err)})
		}
		if tooLong || len(bytes.TrimSpace(line)) > 0 {
			handled++
		}
		switch {
		case handled <= skip && (tooLong || len(bytes.TrimSpace(line)) > 0):
		case tooLong:
			if herr := h(news.RawDoc{Path: at}, &Error{Path: at, Err: fmt.Errorf("line longer than %d MiB: %w", limit>>20, news.ErrInvalid)}); herr != nil {
				return herr
			}
		case len(bytes.TrimSpace(line)) > 0:
			if herr := h(news.RawDoc{Path: at, Kind: news.KindJSONL, URL: opts.URL, Source: opts.Source, Body: line, Fetched: time.Now().UTC()}, nil); herr != nil {
				return herr
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine reads up to '\n'; past limit bytes it discards the rest of the line and says so.
func readLine(br *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > limit {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(line) == 0 && !tooLong && len(chunk) == 0 {
			return nil, false, io.EOF
		}
		return line, tooLong, err
	}
}

// Sniff tells the kind of a document from its first bytes: JSONL when it starts with '{',
// HTML when it has an <html>, <!doctype html> or <head>/<body> tag near the start or many
// tags, else a text dump.
func Sniff(head []byte) string {
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
	if len(t) > 0 && t[0] == '{' {
		return news.KindJSONL
	}
	low := bytes.ToLower(t[:min(len(t), 4096)])
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<article", "<meta "} {
		if bytes.Contains(low, []byte(tag)) {
			return news.KindHTML
		}
	}
	if bytes.Count(low, []byte("</")) > 10 {
		return news.KindHTML
	}
	return news.KindText
}
