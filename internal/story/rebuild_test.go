package story

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// stream is articles in order of arrival with their times.
type stream struct {
	arts  []*news.Article
	times []time.Time
}

func (s *stream) add(a *news.Article, t time.Time) {
	s.arts = append(s.arts, a)
	s.times = append(s.times, t)
}

// stored runs s through an index that assigns every article and returns, for each cut
// k, the story each of the first k articles is stored under once the merges of those
// k arrivals are applied (as a store applies them), and the ids assigned.
func (s *stream) stored(opts Options) (assigned []string, storedAt func(k int) []string) {
	ix := New(opts)
	type merge struct {
		at         int
		from, into string
	}
	var merges []merge
	for i, a := range s.arts {
		as := ix.AssignDoc(Prepare(a, ix.Features()), s.times[i])
		assigned = append(assigned, as.Story)
		for _, from := range as.Merged {
			merges = append(merges, merge{i, from, as.Story})
		}
	}
	storedAt = func(k int) []string {
		into := map[string]string{}
		for _, m := range merges {
			if m.at < k {
				into[m.from] = m.into
			}
		}
		out := make([]string, k)
		for i, id := range assigned[:k] {
			for into[id] != "" {
				id = into[id]
			}
			out[i] = id
		}
		return out
	}
	return assigned, storedAt
}

// checkRebuild checks, at every cut of s, that an index rebuilt from the stored
// assignments of the articles before the cut (Add, in arrival order, merges applied)
// holds the stories of the index that assigned them, and assigns the articles after
// the cut as it did: what a PostgreSQL worker taking over assignment relies on.
func checkRebuild(t *testing.T, opts Options, s *stream) {
	t.Helper()
	assigned, storedAt := s.stored(opts)
	for k := 1; k < len(s.arts); k++ {
		online, rebuilt := New(opts), New(opts)
		for i, id := range storedAt(k) {
			online.AssignDoc(Prepare(s.arts[i], online.Features()), s.times[i])
			rebuilt.Add(s.arts[i], id, s.times[i])
		}
		if diff := sameStories(online, rebuilt); diff != "" {
			t.Errorf("rebuilt after %d arrivals: %s", k, diff)
		}
		for i := k; i < len(s.arts); i++ {
			as := rebuilt.AssignDoc(Prepare(s.arts[i], rebuilt.Features()), s.times[i])
			if as.Story != assigned[i] {
				t.Errorf("rebuilt after %d arrivals: article %d (%s) went to %s, online to %s", k, i, s.arts[i].ID, as.Story, assigned[i])
				break
			}
		}
	}
}

// sameStories describes how the stories of two indexes differ ("" when they do not).
func sameStories(a, b *Index) string {
	if a.Len() != b.Len() {
		return fmt.Sprintf("%d stories, want %d", b.Len(), a.Len())
	}
	for id, ca := range a.stories {
		cb := b.stories[id]
		if cb == nil {
			return fmt.Sprintf("story %s missing", id)
		}
		ids := func(c *cluster) (out []string) {
			for _, m := range c.members {
				out = append(out, m.id)
			}
			return out
		}
		names := func(ix *Index, top []int32) (out []string) {
			for _, id := range top {
				out = append(out, ix.names[id])
			}
			return out
		}
		switch {
		case !reflect.DeepEqual(ids(ca), ids(cb)):
			return fmt.Sprintf("story %s: members %v, want %v", id, ids(cb), ids(ca))
		case !reflect.DeepEqual(names(a, ca.top), names(b, cb.top)):
			return fmt.Sprintf("story %s: centroid terms %v, want %v", id, names(b, cb.top), names(a, ca.top))
		case !reflect.DeepEqual(a.record(ca), b.record(cb)):
			return fmt.Sprintf("story %s: record %+v, want %+v", id, b.record(cb), a.record(ca))
		}
		for _, t := range ca.top {
			if wa, wb := ca.view[t], cb.view[b.ids[a.names[t]]]; wa != wb {
				return fmt.Sprintf("story %s: weight of %q %v, want %v", id, a.names[t], wb, wa)
			}
		}
	}
	return ""
}

// words returns n made-up words unique to tag, so that articles share only the words
// a test gives them.
func words(tag string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, " %s%c%c", tag, 'a'+i/26, 'a'+i%26)
	}
	return b.String()
}

// A small story that merges into a big one: its articles arrived before most of the
// big one's, so in arrival order (as an index rebuilt from the store holds the merged
// story) they are not among the latest members that the nearest-member score reads.
// An article that shares its words with one of them only, and little with the merged
// centroid, must get the same story from the index that saw the merge and from one
// rebuilt after it. Before members were kept in arrival order across merges, the first
// joined the merged story through that member and the second started a new story.
func TestRebuildAfterMergeAssignsAlike(t *testing.T) {
	var s stream
	at := day
	next := func() time.Time { at = at.Add(10 * time.Minute); return at }
	for i := range 40 { // unrelated articles, so that the stories' words are rare
		s.add(art(fmt.Sprintf("f%d", i), "Filler"+words(fmt.Sprintf("f%c%c", 'a'+i/26, 'a'+i%26), 2), "", words(fmt.Sprintf("g%c%c", 'a'+i/26, 'a'+i%26), 20)), next())
	}
	volcano := "Ash clouds rose over the remote island of Tarvos after the volcano erupted at dawn and lava reached the harbour."
	for i := range 4 {
		s.add(art(fmt.Sprintf("x%d", i), "Volcano erupts on Tarvos island", "", volcano+words(fmt.Sprintf("t%c", 'a'+i), 12)), next())
	}
	for i := range 20 {
		s.add(art(fmt.Sprintf("y%d", i), "Senate passes budget bill after spending debate", "",
			"The senate passed the budget bill late on Tuesday after a long debate over spending."+words(fmt.Sprintf("y%c", 'a'+i), 3)), next())
	}
	s.add(art("link", "Senate passes budget bill after spending debate", "",
		"The senate passed the budget bill late on Tuesday after a long debate over spending. "+volcano), next())
	s.add(art("q", "Tarvos volcano", "", words("ta", 12)), next()) // x0's own words
	// The scenario is built on plain tf-idf and its threshold.
	opts := Options{Merge: 0.01, Threshold: 0.14, Specificity: 1}
	ix := New(opts)
	for i, a := range s.arts[:len(s.arts)-1] {
		as := ix.AssignDoc(Prepare(a, ix.Features()), s.times[i])
		want := ID(a.ID)
		switch a.ID[0] {
		case 'x':
			want = ID("x0")
		case 'y':
			want = ID("y0")
		case 'l':
			if !slices.Equal(as.Merged, []string{ID("x0")}) {
				t.Fatalf("the linking article merged %v, want the volcano story", as.Merged)
			}
			want = ID("y0")
		}
		if as.Story != want {
			t.Fatalf("article %s went to %s, want %s: the test needs the volcano and budget stories apart, then linked", a.ID, as.Story, want)
		}
	}
	checkRebuild(t, opts, &s)
}

// A stream of articles drawn from a few topics (words shuffled, lengths varied, some
// linking two topics) merges stories often. At every cut, the rebuilt index holds the
// same stories to the last bit of their weights: a story's sum must not depend on the
// order its members were added in (merged as blocks, or one by one in arrival order),
// or the terms of its centroid, its postings and its scores drift apart.
func TestRebuildMatchesOnlineWithMerges(t *testing.T) {
	topics := []string{
		"Ash clouds rose over the remote island after the volcano erupted at dawn and lava reached the harbour.",
		"The senate passed the budget bill late on Tuesday after a long debate over spending and taxes.",
		"The central bank raised interest rates by half a point to fight inflation, its governor said.",
		"Floods swept through the river valley, forcing thousands from their homes as rain kept falling.",
	}
	r := rand.New(rand.NewPCG(1, 2))
	var s stream
	at := day
	for i := range 60 {
		at = at.Add(7 * time.Minute)
		ws := strings.Fields(topics[r.IntN(len(topics))])
		r.Shuffle(len(ws), func(i, j int) { ws[i], ws[j] = ws[j], ws[i] })
		body := strings.Join(ws[:8+r.IntN(len(ws)-8)], " ") + words(fmt.Sprintf("w%c%c", 'a'+i/26, 'a'+i%26), r.IntN(6))
		if r.IntN(5) == 0 {
			body += " " + topics[r.IntN(len(topics))]
		}
		s.add(art(fmt.Sprintf("a%02d", i), ws[0]+" "+ws[1], "", body), at)
	}
	opts := Options{Merge: 0.05, Threshold: 0.2}
	ix := New(opts)
	merges := 0
	for i, a := range s.arts {
		merges += len(ix.AssignDoc(Prepare(a, ix.Features()), s.times[i]).Merged)
	}
	if merges < 3 {
		t.Fatalf("%d merges in the stream; the test needs several", merges)
	}
	checkRebuild(t, opts, &s)
}
