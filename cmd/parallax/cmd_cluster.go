package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/story"
)

func runCluster(ctx context.Context, e *env, args []string) error {
	fs := flags("cluster", e.stderr)
	in := fs.String("in", "", "the articles (JSONL; - for stdin)")
	window := fs.Duration("window", 0, "story time window (default 96h)")
	stories := fs.Bool("stories", false, "print one story record per line instead of one line per article")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *in == "" || fs.NArg() != 0 {
		return errUsage
	}
	var gone []story.Record
	opts := story.Options{Window: *window}
	if *stories {
		opts.Evicted = func(r story.Record) { gone = append(gone, r) }
	}
	ix := story.New(opts)
	type line struct {
		ID    string `json:"id"`
		Story string `json:"story"`
	}
	// Stories can merge after an article was placed, so the lines are written at the end,
	// each with the story its article ended in.
	var lines []line
	failed := 0
	err := eachArticle(ctx, e, []string{*in}, source.Options{Stdin: e.stdin}, func(a *news.Article) error {
		lines = append(lines, line{a.ID, ix.Assign(a, a.Published)})
		return nil
	}, func(err error) {
		failed++
		e.printErr("cluster", err)
	})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	if *stories {
		for _, r := range append(gone, ix.Stories()...) {
			if err := enc.Encode(storyRecord(r)); err != nil {
				return err
			}
		}
	} else {
		for _, l := range lines {
			l.Story = ix.Resolve(l.Story)
			if err := enc.Encode(l); err != nil {
				return err
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d input lines failed: %w", failed, errFailed)
	}
	return nil
}

// storyRecord is the JSON form of a story record of `cluster --stories`.
func storyRecord(r story.Record) any {
	return struct {
		ID       string   `json:"id"`
		Title    string   `json:"title"`
		First    *string  `json:"first"`
		Last     *string  `json:"last"`
		Outlets  []string `json:"outlets"`
		Count    int      `json:"count"`
		Articles []string `json:"articles"`
		Entities []string `json:"entities"`
	}{r.ID, r.Title, rfc3339(r.First), rfc3339(r.Last), nonNilStrings(r.Outlets), len(r.Articles), nonNilStrings(r.Articles), nonNilStrings(r.Entities)}
}

func rfc3339(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.RFC3339)
	return &s
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
