package analyze

import (
	"cmp"
	"slices"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
)

// Merge joins the entities of several articles into one list: the same key, or a lone
// surname and the only full name that ends with it ("Biden" and "Joe Biden"), are one
// entity. The list is sorted by how many articles mention an entity, then by mentions,
// then by name. Aliases and Articles are never nil.
func Merge(as []*Analysis) []news.Entity {
	type group struct {
		e        news.Entity
		key      string
		mentions int
		names    map[string]int // name -> mentions, to choose the display name
	}
	var groups []*group
	byKey := map[string]*group{}
	surname := map[string][]*group{}
	add := func(g *group, id string, e Entity) {
		if !slices.Contains(g.e.Articles, id) {
			g.e.Articles = append(g.e.Articles, id)
		}
		g.mentions += e.Mentions
		g.names[e.Name] += e.Mentions
		for _, a := range e.Aliases {
			if !slices.Contains(g.e.Aliases, a) {
				g.e.Aliases = append(g.e.Aliases, a)
			}
		}
		if g.e.Kind == news.Other && e.Kind != news.Other {
			g.e.Kind = e.Kind
		}
	}
	// Full names first, then single words, so that a surname finds its person.
	for pass := range 2 {
		for _, a := range as {
			for _, e := range a.Entities {
				single := !strings.Contains(e.key, " ")
				if single != (pass == 1) {
					continue
				}
				g := byKey[e.key]
				if g == nil && single {
					if ps := surname[e.key]; len(ps) == 1 && (e.Kind == news.Person || e.Kind == news.Other) {
						g = ps[0]
					}
				}
				if g == nil {
					g = &group{e: news.Entity{Name: e.Name, Kind: e.Kind, Aliases: []string{}, Articles: []string{}}, key: e.key, names: map[string]int{}}
					groups = append(groups, g)
					byKey[e.key] = g
					if e.Kind == news.Person && !single {
						surname[lastWord(e.key)] = append(surname[lastWord(e.key)], g)
					}
				}
				add(g, a.Article, e)
			}
		}
	}
	out := make([]news.Entity, 0, len(groups))
	for _, g := range groups {
		if kn, ok := known[g.key]; ok {
			g.e.Name = kn.name
		} else {
			best := ""
			for n, c := range g.names {
				if best == "" || strings.Count(n, " ") > strings.Count(best, " ") ||
					(strings.Count(n, " ") == strings.Count(best, " ") && (c > g.names[best] || (c == g.names[best] && n < best))) {
					best = n
				}
			}
			g.e.Name = best
		}
		slices.Sort(g.e.Aliases)
		out = append(out, g.e)
	}
	mentions := map[string]int{}
	for _, g := range groups {
		mentions[g.e.Name] += g.mentions
	}
	slices.SortStableFunc(out, func(x, y news.Entity) int {
		if c := cmp.Compare(len(y.Articles), len(x.Articles)); c != 0 {
			return c
		}
		if c := cmp.Compare(mentions[y.Name], mentions[x.Name]); c != 0 {
			return c
		}
		return cmp.Compare(x.Name, y.Name)
	})
	return out
}
