package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/reuse"
	"github.com/parallax-news/parallax/internal/source"
)

// maxCompare bounds one comparison: a reader cannot use a side-by-side of more, and
// the cost grows with the square of shared sentences.
const maxCompare = 200

func runCompare(ctx context.Context, e *env, args []string) error {
	fs := flags("compare", e.stderr)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the store (SQLite file), with --story")
	storyID := fs.String("story", "", "compare the articles of this stored story")
	format := fs.String("format", "json", "output format: json (the contract's Comparison) or text (a readable brief)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "json" && *format != "text" {
		return fmt.Errorf("--format %q: want json or text", *format)
	}
	var arts []*news.Article
	var rels []news.Relation
	switch {
	case *storyID != "" && fs.NArg() == 0:
		st, err := e.openStore(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		if arts, err = st.StoryArticles(ctx, *storyID); err != nil {
			return fmt.Errorf("story %s: %w", *storyID, err)
		}
		ids := make([]string, len(arts))
		for i, a := range arts {
			ids[i] = a.ID
		}
		if rels, err = relationsOf(ctx, st, ids); err != nil {
			return fmt.Errorf("story %s: %w", *storyID, err)
		}
	case *storyID == "" && fs.NArg() >= 1:
		failed := 0
		err := eachArticle(ctx, e, fs.Args(), source.Options{Stdin: e.stdin}, func(a *news.Article) error {
			arts = append(arts, a)
			return nil
		}, func(err error) {
			failed++
			e.printErr("compare", err)
		})
		if err != nil {
			return err
		}
		if failed > 0 {
			return errFailed
		}
		if len(arts) < 2 {
			return fmt.Errorf("need at least two articles to compare, got %d", len(arts))
		}
		rels = reuse.Relate(arts)
	default:
		return errUsage
	}
	if len(arts) > maxCompare {
		return fmt.Errorf("%d articles to compare: at most %d at a time", len(arts), maxCompare)
	}
	c := compare.Compare(arts)
	if *format == "text" {
		return compare.WriteText(e.stdout, c)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(news.WithRelations(c, rels))
}
