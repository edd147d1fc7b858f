package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/story"
)

func runCluster(ctx context.Context, e *env, args []string) error {
	fs := flags("cluster", e.stderr)
	in := fs.String("in", "", "the articles (JSONL; - for stdin)")
	window := fs.Duration("window", 0, "story time window (default 96h)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *in == "" || fs.NArg() != 0 {
		return errUsage
	}
	ix := story.New(story.Options{Window: *window})
	enc := json.NewEncoder(e.stdout)
	failed := 0
	err := eachArticle(ctx, e, []string{*in}, source.Options{Stdin: e.stdin}, func(a *news.Article) error {
		id := ix.Assign(a, a.Published)
		return enc.Encode(struct {
			ID    string `json:"id"`
			Story string `json:"story"`
		}{a.ID, id})
	}, func(err error) {
		failed++
		e.printErr("cluster", err)
	})
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d input lines failed: %w", failed, errFailed)
	}
	return nil
}
