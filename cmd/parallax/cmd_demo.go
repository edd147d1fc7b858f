package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parallax-news/parallax/internal/ingest"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sample"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := flags("demo", e.stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	so := serveFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return errUsage
	}
	if err := so.check(); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "parallax-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	e.cfg.DB = filepath.Join(dir, "demo.db")
	st, err := demoStore(ctx, e, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	return serve(ctx, e, st, *addr, so)
}

// demoStore ingests the bundled sample corpus into a new store in dir.
func demoStore(ctx context.Context, e *env, dir string) (*sqlite.Store, error) {
	items, err := sample.WriteTo(filepath.Join(dir, "sample"))
	if err != nil {
		return nil, fmt.Errorf("write sample corpus: %w", err)
	}
	st, err := sqlite.Open(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		return nil, err
	}
	p, err := ingest.New(ctx, st, ingest.Options{})
	if err != nil {
		st.Close()
		return nil, err
	}
	var sum ingest.Summary
	for _, it := range items {
		s, err := p.Run(ctx, []string{it.Path}, source.Options{Source: it.Source}, func(err error) { e.printErr("demo", err) })
		if err != nil {
			st.Close()
			return nil, err
		}
		sum.Add(s)
	}
	n, m, err := st.Count(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	fmt.Fprintf(e.stderr, "parallax demo: %s; %d articles in %d stories\n", sum, n, m)
	if s, err := st.Article(ctx, seedID(ctx, st)); err == nil {
		fmt.Fprintf(e.stderr, "parallax demo: the seed story is /stories/%s\n", s.StoryID)
	}
	return st, nil
}

// seedID finds the Haaretz seed article through search, for the demo's hint.
func seedID(ctx context.Context, st news.Store) string {
	hits, _, err := st.Search(ctx, "Mossad Pompeo Qaida", news.Page{Limit: 1})
	if err != nil || len(hits) == 0 {
		return ""
	}
	return hits[0].ArticleID
}
