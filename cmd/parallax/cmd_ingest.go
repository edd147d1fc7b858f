package main

import (
	"context"
	"fmt"

	"github.com/parallax-news/parallax/internal/ingest"
	"github.com/parallax-news/parallax/internal/source"
)

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := flags("ingest", e.stderr)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the store (SQLite file)")
	src := fs.String("source", "", "the outlet's name, recorded on every article")
	url := fs.String("url", "", "the page URL, recorded on every article")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errUsage
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := ingest.New(ctx, st, ingest.Options{})
	if err != nil {
		return err
	}
	sum, err := p.Run(ctx, fs.Args(), source.Options{Source: *src, URL: *url, Stdin: e.stdin}, func(err error) { e.printErr("ingest", err) })
	fmt.Fprintf(e.stderr, "parallax ingest: %s\n", sum)
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return errFailed
	}
	return nil
}
