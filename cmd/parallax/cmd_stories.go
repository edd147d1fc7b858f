package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/parallax-news/parallax/internal/news"
)

func runStories(ctx context.Context, e *env, args []string) error {
	fs := flags("stories", e.stderr)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the store (SQLite file)")
	asJSON := fs.Bool("json", false, "print one JSON array")
	limit := fs.Int("limit", 500, "how many stories at most")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 || *limit <= 0 {
		return errUsage
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	stories, err := st.Stories(ctx, news.Page{Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]json.Marshaler, 0, len(stories))
		for _, s := range stories {
			rels, err := relationsOf(ctx, st, s.Articles)
			if err != nil {
				return err
			}
			out = append(out, news.WithRelations(s, rels))
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STORY\tARTICLES\tLAST\tTITLE\tSOURCES")
	for _, s := range stories {
		last := "-"
		if !s.Last.IsZero() {
			last = s.Last.Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", s.ID, len(s.Articles), last, clip(s.Title, 70), clip(strings.Join(s.Sources, ", "), 60))
	}
	return tw.Flush()
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
