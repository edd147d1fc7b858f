package story

import (
	"sort"
	"time"
)

// Record describes one active story.
type Record struct {
	ID       string
	Title    string    // the member headline that best covers the story's top terms
	First    time.Time // earliest article time
	Last     time.Time // latest article time
	Outlets  []string  // outlets, in order of first appearance
	Articles []string  // article ids, in order of arrival
	Entities []string  // the most mentioned entities, most first (at most 8)
}

// Story returns the record of an active story (following merges), and false when the
// story is unknown or has left the window.
func (ix *Index) Story(id string) (Record, bool) {
	c, ok := ix.stories[ix.Resolve(id)]
	if !ok {
		return Record{}, false
	}
	return ix.record(c), true
}

// Stories returns the records of the active stories, newest (by last article) first.
func (ix *Index) Stories() []Record {
	cs := make([]*cluster, 0, len(ix.stories))
	for _, c := range ix.stories {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		if !cs[i].last.Equal(cs[j].last) {
			return cs[i].last.After(cs[j].last)
		}
		return cs[i].id < cs[j].id
	})
	out := make([]Record, len(cs))
	for i, c := range cs {
		out[i] = ix.record(c)
	}
	return out
}

func (ix *Index) record(c *cluster) Record {
	r := Record{ID: c.id, First: c.first, Last: c.last}
	seen := map[string]bool{}
	for _, m := range c.members {
		r.Articles = append(r.Articles, m.id)
		if !seen[m.source] {
			seen[m.source] = true
			r.Outlets = append(r.Outlets, m.source)
		}
	}
	r.Title = ix.representative(c)
	ents := make([]string, 0, len(c.entities))
	for e := range c.entities {
		ents = append(ents, e)
	}
	sort.Slice(ents, func(i, j int) bool {
		if c.entities[ents[i]] != c.entities[ents[j]] {
			return c.entities[ents[i]] > c.entities[ents[j]]
		}
		return ents[i] < ents[j]
	})
	if len(ents) > 8 {
		ents = ents[:8]
	}
	r.Entities = ents
	return r
}

// representative picks the headline whose words weigh most in the story's centroid, per
// word (so that neither a long nor a one-word headline wins by its length alone); ties
// go to the earliest.
func (ix *Index) representative(c *cluster) string {
	best, bestScore := "", -1.0
	for _, m := range c.members {
		if m.title == "" {
			continue
		}
		var s float64
		for _, t := range m.titleTerms {
			if id, ok := ix.ids[t]; ok {
				s += c.view[id] * ix.idf(id)
			}
		}
		s /= float64(len(m.titleTerms) + 2)
		if s > bestScore {
			best, bestScore = m.title, s
		}
	}
	return best
}
