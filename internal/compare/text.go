package compare

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// WriteText writes c as a plain-text brief in the order an analyst reads a story: who
// published when, how the headlines frame it, the copy the articles share (with what each
// changed), what each alone reports, whom each quotes and cites, how each hedges, and
// whom each names.
func WriteText(w io.Writer, c *news.Comparison) error {
	bw := bufio.NewWriter(w)
	label := labels(c)
	where := func(r news.Ref) string { return label[r.Article] + " " + place(r.Paragraph) }
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	p("COVERAGE OF %d ARTICLES\n\n", len(c.Articles))
	p("Who published when\n")
	for _, t := range c.Timeline {
		when := "date unknown"
		if t.Published != nil {
			ts, _ := time.Parse(time.RFC3339, *t.Published)
			when = ts.UTC().Format("2 Jan 2006 15:04 UTC")
			if t.DateOnly {
				when = ts.UTC().Format("2 Jan 2006") + " (day only)"
			}
			if t.MinutesAfterFirst != nil && *t.MinutesAfterFirst > 0 {
				when += ", " + minutes(*t.MinutesAfterFirst) + " after the first"
			}
		}
		p("  %-24s %s\n", label[t.Article], when)
	}

	p("\nHeadlines\n")
	for _, h := range c.Headlines {
		p("  %s: %q\n", label[h.Article], h.Text)
		var notes []string
		if len(h.Verbs) > 0 {
			notes = append(notes, "verbs "+quoteList(h.Verbs))
		}
		if h.Attribution != "" {
			notes = append(notes, "credits "+fmt.Sprintf("%q", h.Attribution))
		} else {
			notes = append(notes, "credits no one")
		}
		if len(h.Hedges) > 0 {
			notes = append(notes, "hedges with "+quoteList(h.Hedges))
		}
		if len(h.Distinct) > 0 && len(c.Headlines) > 1 {
			notes = append(notes, "alone uses "+quoteList(h.Distinct))
		}
		p("    %s.\n", strings.Join(notes, "; "))
	}

	kinds := map[string]int{}
	for _, s := range c.Shared {
		kinds[s.Kind]++
	}
	p("\nShared copy: %d passages (%d verbatim, %d edited, %d paraphrased)\n", len(c.Shared),
		kinds[news.Verbatim], kinds[news.Edited], kinds[news.Paraphrase])
	if len(c.Shared) == 0 {
		p("  The articles share no passage: each was written on its own.\n")
	}
	for i, s := range c.Shared {
		kind := s.Kind
		if s.Partial {
			kind += ", in part"
		}
		if s.Kind != news.Verbatim {
			kind += fmt.Sprintf(", confidence %.2f", s.Confidence)
		}
		p("  %d. %s\n", i+1, kind)
		for _, r := range s.Sentences {
			p("     %s: %q\n", where(r), r.Text)
		}
		for _, ch := range s.Changes {
			switch {
			case ch.From == "":
				p("     + added %q\n", ch.To)
			case ch.To == "":
				p("     - dropped %q\n", ch.From)
			default:
				p("     ~ %q became %q\n", ch.From, ch.To)
			}
		}
	}

	p("\nWhat only one article reports\n")
	byArticle := map[string][]news.Ref{}
	for _, u := range c.Unique {
		byArticle[u.Article] = append(byArticle[u.Article], u)
	}
	for _, a := range c.Articles {
		us := byArticle[a.ID]
		p("  %s (%d sentences)\n", label[a.ID], len(us))
		for _, u := range us {
			p("    %s: %s\n", place(u.Paragraph), u.Text)
		}
	}

	p("\nWho is quoted\n")
	for _, a := range c.Articles {
		n := 0
		for _, q := range c.Quotes {
			if q.Article != a.ID {
				continue
			}
			if n == 0 {
				p("  %s\n", label[a.ID])
			}
			n++
			p("    %s (%s): %q\n", q.Speaker, place(q.Paragraph), q.Text)
		}
		if n == 0 {
			p("  %s quotes no one.\n", label[a.ID])
		}
	}

	p("\nWhom each cites\n")
	for _, a := range c.Articles {
		groups := map[string][]string{}
		for _, at := range c.Attributions {
			if at.Article != a.ID {
				continue
			}
			k := at.CitedKind
			if k == "" {
				k = "other"
			}
			groups[k] = appendCount(groups[k], at.Cited)
		}
		var parts []string
		for _, k := range []struct{ kind, name string }{{news.CitedPerson, "named people"}, {news.CitedAnonymous, "unnamed sources"},
			{news.CitedOutlet, "other outlets"}, {news.CitedOrganization, "institutions"}, {"other", "others"}} {
			if g := groups[k.kind]; len(g) > 0 {
				parts = append(parts, k.name+": "+strings.Join(g, ", "))
			}
		}
		if len(parts) == 0 {
			parts = []string{"no one"}
		}
		p("  %s: %s\n", label[a.ID], strings.Join(parts, "; "))
	}

	p("\nHedges and evidence qualifiers\n")
	for _, a := range c.Articles {
		var hs []string
		for _, h := range c.Hedges {
			if h.Article == a.ID {
				hs = append(hs, fmt.Sprintf("%q (%s)", h.Phrase, place(h.Paragraph)))
			}
		}
		if len(hs) == 0 {
			hs = []string{"none"}
		}
		p("  %s: %s\n", label[a.ID], strings.Join(hs, ", "))
	}

	p("\nPeople, organizations and places\n")
	var all []string
	only := map[string][]string{}
	for _, e := range c.Entities {
		if e.Kind == news.Other {
			continue
		}
		switch {
		case len(e.Articles) == len(c.Articles) && len(c.Articles) > 1:
			all = append(all, e.Name)
		case len(e.Articles) == 1:
			only[e.Articles[0]] = append(only[e.Articles[0]], e.Name)
		}
	}
	if len(c.Articles) > 1 {
		p("  Named by all: %s\n", orNone(all))
	}
	for _, a := range c.Articles {
		p("  Named only by %s: %s\n", label[a.ID], orNone(only[a.ID]))
	}
	return bw.Flush()
}

// labels names each article by its outlet, numbered when an outlet has several.
func labels(c *news.Comparison) map[string]string {
	count := map[string]int{}
	for _, a := range c.Articles {
		count[a.Source.Label()]++
	}
	seen := map[string]int{}
	out := map[string]string{}
	for _, a := range c.Articles {
		l := a.Source.Label()
		if l == "unknown" {
			// no outlet known: the headline's first words name the article
			l = "article " + a.ID
			if ws := strings.Fields(a.Title); len(ws) > 0 {
				l = "“" + strings.Join(ws[:min(len(ws), 4)], " ")
				if len(ws) > 4 {
					l += "…"
				}
				l += "”"
			}
		} else if count[l] > 1 {
			seen[l]++
			l = fmt.Sprintf("%s (%d)", l, seen[l])
		}
		out[a.ID] = l
	}
	return out
}

func place(paragraph int) string {
	if paragraph < 0 {
		return "standfirst"
	}
	return fmt.Sprintf("para %d", paragraph+1)
}

func minutes(m int) string {
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m < 48*60:
		return fmt.Sprintf("%dh%02d", m/60, m%60)
	}
	return fmt.Sprintf("%d days", m/(24*60))
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// appendCount adds name to a list of "name" / "name (n times)" entries.
func appendCount(list []string, name string) []string {
	for i, e := range list {
		base, n := e, 1
		if j := strings.LastIndex(e, " ("); j > 0 && strings.HasSuffix(e, "×)") {
			base = e[:j]
			fmt.Sscanf(e[j+2:], "%d", &n)
		}
		if base == name {
			list[i] = fmt.Sprintf("%s (%d×)", name, n+1)
			return list
		}
	}
	return append(list, name)
}

func orNone(ss []string) string {
	if len(ss) == 0 {
		return "none"
	}
	return strings.Join(ss, ", ")
}
