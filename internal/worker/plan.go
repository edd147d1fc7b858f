package worker

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/store/postgres"
)

// Plan turns inputs into jobs, in the order a single `parallax ingest` would read
// them: http(s) URLs become URL jobs; a directory becomes one job per file (walked in
// lexical order, hidden files skipped, as ingest walks it); with split > 0, a JSONL
// file (.jsonl, .ndjson, .json, optionally .gz) becomes ranges of split lines and a
// WARC or WET archive ranges of split records; any other file is one job. Paths are made absolute, so that workers started elsewhere
// on a shared file system find them. Errors name the input.
func Plan(inputs []string, split int, src string) ([]postgres.Job, error) {
	var jobs []postgres.Job
	for _, in := range inputs {
		if strings.HasPrefix(in, "http://") || strings.HasPrefix(in, "https://") {
			jobs = append(jobs, postgres.Job{Kind: postgres.JobURL, Target: in, Source: src})
			continue
		}
		if in == "-" {
			return nil, fmt.Errorf("%s: standard input cannot be queued: %w", in, news.ErrInvalid)
		}
		abs, err := filepath.Abs(in)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in, err)
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, err // names the path
		}
		files := []string{abs}
		if fi.IsDir() {
			if files, err = walk(abs); err != nil {
				return nil, err
			}
		}
		for _, f := range files {
			var n int
			switch {
			case split > 0 && isJSONL(f):
				n, err = countLines(f)
			case split > 0 && isArchive(f):
				n, err = countRecords(f)
			default:
				jobs = append(jobs, postgres.Job{Kind: postgres.JobFile, Target: f, Source: src})
				continue
			}
			if err != nil {
				return nil, err
			}
			for first := 1; first <= n; first += split {
				jobs = append(jobs, postgres.Job{Kind: postgres.JobRange, Target: f, First: first, Last: min(first+split-1, n), Source: src})
			}
		}
	}
	return jobs, nil
}

func walk(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
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
	sort.Strings(files)
	return files, err
}

func isJSONL(path string) bool {
	switch filepath.Ext(strings.TrimSuffix(strings.ToLower(path), ".gz")) {
	case ".jsonl", ".ndjson", ".json":
		return true
	}
	return false
}

func isArchive(path string) bool {
	switch filepath.Ext(strings.TrimSuffix(strings.ToLower(path), ".gz")) {
	case ".warc", ".wet", ".arc":
		return true
	}
	return false
}

// countRecords returns the number of the last record of a WARC or WET archive that
// source hands over (documents are named PATH:N), reading it once.
func countRecords(path string) (int, error) {
	last := 0
	err := source.Read(context.Background(), []string{path}, source.Options{}, func(doc news.RawDoc, err error) error {
		if n, ok := lineOf(doc.Path, path); ok {
			last = max(last, n)
		} else if err != nil {
			return err // the archive itself cannot be read
		}
		return nil
	})
	return last, err
}

// countLines counts the lines of a (possibly gzipped) file as source numbers them.
func countLines(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	buf := make([]byte, 1<<20)
	n, last := 0, byte('\n')
	for {
		k, err := r.Read(buf)
		for _, c := range buf[:k] {
			if c == '\n' {
				n++
			}
		}
		if k > 0 {
			last = buf[k-1]
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
	}
	if last != '\n' {
		n++ // a last line without its newline
	}
	return n, nil
}
