package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/parallax-news/parallax/internal/news"
)

// runDups lists the relations between stored articles, grouped by the earlier article.
func runDups(ctx context.Context, e *env, args []string) error {
	fs := flags("dups", e.stderr)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the store (SQLite file)")
	asJSON := fs.Bool("json", false, "print one JSON array")
	kind := fs.String("kind", "", "only this kind: duplicate, update or reuse")
	limit := fs.Int("limit", 0, "how many relations at most (0: all)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 || *limit < 0 {
		return errUsage
	}
	switch *kind {
	case "", news.RelDuplicate, news.RelUpdate, news.RelReuse:
	default:
		return fmt.Errorf("--kind %q: want duplicate, update or reuse", *kind)
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	rs, ok := st.(news.RelationStore)
	if !ok {
		return errors.New("this store does not keep reuse relations yet: use a SQLite store (--db PATH)")
	}
	rels := []news.Relation{}
	const page = 500
	for {
		n := page
		if *limit > 0 {
			n = min(page, *limit-len(rels))
		}
		got, err := rs.Relations(ctx, news.RelationFilter{Kind: *kind}, news.Page{Limit: n, Offset: len(rels)})
		if err != nil {
			return err
		}
		rels = append(rels, got...)
		if len(got) < n || (*limit > 0 && len(rels) >= *limit) {
			break
		}
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(rels)
	}
	titles := map[string]string{}
	label := func(id string) string {
		if t, ok := titles[id]; ok {
			return t
		}
		t := id
		if s, err := st.Article(ctx, id); err == nil {
			t = fmt.Sprintf("%s  %s [%s]", id, clip(s.Article.Title, 60), s.Article.Source.Label())
		}
		titles[id] = t
		return t
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	prev := ""
	for _, r := range rels {
		if r.Earlier != prev {
			fmt.Fprintf(tw, "%s\n", label(r.Earlier))
			prev = r.Earlier
		}
		extra := ""
		if r.Source != "" && r.Source != r.Earlier {
			extra += "  first in " + r.Source
		}
		if r.Wire != "" {
			extra += "  wire " + r.Wire
		}
		fmt.Fprintf(tw, "  %s\t%.2f\t%s%s\n", r.Kind, r.Fraction, label(r.Later), extra)
	}
	if len(rels) == 0 {
		fmt.Fprintln(e.stderr, "parallax dups: no relations in the store")
	}
	return tw.Flush()
}
