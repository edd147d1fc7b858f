package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/ingest"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/progress"
	"github.com/parallax-news/parallax/internal/source"
)

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

func runIngest(ctx context.Context, e *env, args []string) error {
	limitMemory()
	fs := flags("ingest", e.stderr)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the store (SQLite file)")
	src := fs.String("source", "", "the outlet's name, recorded on every article")
	url := fs.String("url", "", "the page URL, recorded on every article")
	var feeds, opmls, hosts, langs listFlag
	fs.Var(&feeds, "feed", "ingest the articles of this RSS/Atom/JSON feed (repeatable)")
	fs.Var(&opmls, "opml", "ingest the articles of every feed in this OPML file (repeatable)")
	fs.Var(&hosts, "host", "archives: keep only records of these hosts and their subdomains (comma-separated)")
	fs.Var(&langs, "lang", "keep only articles in these ISO 639-1 languages (comma-separated)")
	since := fs.String("since", "", "archives: keep only records fetched on or after this date (2006-01-02 or RFC 3339)")
	until := fs.String("until", "", "archives: keep only records fetched before this date")
	fs.BoolVar(&e.cfg.AllowPrivate, "allow-private", e.cfg.AllowPrivate, "let feeds and pages on private, loopback and link-local addresses be fetched")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 && len(feeds) == 0 && len(opmls) == 0 {
		return errUsage
	}
	filter := source.Filter{Hosts: hosts, Languages: langs}
	var err error
	if filter.Since, err = parseDay(*since, "--since"); err != nil {
		return err
	}
	if filter.Until, err = parseDay(*until, "--until"); err != nil {
		return err
	}
	for _, path := range opmls {
		outlines, err := readOPML(path)
		if err != nil {
			return err
		}
		for _, o := range outlines {
			feeds = append(feeds, o.URL)
		}
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	// Feeds and checkpoints are kept by stores that implement news.FeedStore (SQLite, PostgreSQL).
	var checkpoints news.FeedStore
	fst, ok := st.(feedStore)
	if ok {
		checkpoints = fst
	} else if len(feeds) > 0 {
		return fmt.Errorf("--db %s: this store does not keep feeds", e.cfg.DB)
	}

	meter := progress.New(e.stderr, progress.Options{Label: "parallax ingest", Total: totalBytes(fs.Args())})
	p, err := ingest.New(ctx, st, ingest.Options{Checkpoints: checkpoints, Languages: langs, Progress: func(s ingest.Summary) {
		meter.Update(s.Read, fmt.Sprintf("stored %d, already stored %d, failed %d", s.Stored, s.Duplicates, s.Failed))
	}})
	if err != nil {
		return err
	}
	var sum ingest.Summary
	if fs.NArg() > 0 {
		opts := source.Options{Source: *src, URL: *url, Stdin: e.stdin, Filter: filter,
			Wrap: func(r io.Reader) io.Reader { return meter.Reader(r) }}
		sum, err = p.Run(ctx, fs.Args(), opts, func(err error) {
			meter.Clear()
			e.printErr("ingest", err)
		})
	}
	meter.Finish()
	if err == nil && len(feeds) > 0 {
		var fsum ingest.Summary
		fsum, err = ingestFeeds(ctx, e, fst, p, feeds)
		sum.Add(fsum)
	}
	fmt.Fprintf(e.stderr, "parallax ingest: %s\n", sum)
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return errFailed
	}
	return nil
}

// parseDay reads a --since/--until value: a date or an RFC 3339 time.
func parseDay(v, flag string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%s %q: want a date (2006-01-02) or an RFC 3339 time: %w", flag, v, errUsage)
}

// totalBytes is the size of the files under paths (the progress total); 0 when unknown.
func totalBytes(paths []string) int64 {
	var n int64
	for _, p := range paths {
		if p == "-" {
			return 0
		}
		filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if fi, err := d.Info(); err == nil {
					n += fi.Size()
				}
			}
			return nil
		})
	}
	return n
}
