package story

import (
	"slices"
	"sort"
	"testing"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/news"
)

// TestViewMatchesFullRanking checks that the centroid view kept up to date from the
// terms each article changes is the one a full ranking of the story's sum gives: the
// same terms, in the same order (sums over the view run in that order), with the same
// weights. Stories grow, merge and leave the window over the first 3,000 AllSides
// articles in date order.
func TestViewMatchesFullRanking(t *testing.T) {
	if _, ok := corpus.Path("allsides", "articles.jsonl.gz"); !ok {
		t.Skip("../shared/corpus not present: skipping the AllSides view check")
	}
	var arts []*news.Article
	err := corpus.EachAllSides(func(a *news.Article) error {
		if len(a.Paragraphs) > 8 {
			a.Paragraphs = a.Paragraphs[:8:8]
		}
		arts = append(arts, a)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.SliceStable(arts, func(i, j int) bool { return arts[i].Published.Before(arts[j].Published) })
	arts = arts[:min(len(arts), 3000)]
	ix := New(Options{})
	merges := 0
	for _, a := range arts {
		res := ix.AssignDoc(Prepare(a, ix.Features()), a.Published)
		merges += len(res.Merged)
		c := ix.stories[res.Story]
		want := fullRanking(ix, c.sum, centroidTerms)
		if !slices.Equal(c.top, want) {
			t.Fatalf("article %s: story %s view %v, full ranking %v", a.ID, c.id, c.top, want)
		}
		if len(c.view) != len(want) {
			t.Fatalf("article %s: story %s view holds %d terms, want %d", a.ID, c.id, len(c.view), len(want))
		}
		for i, id := range want {
			if w := float64(c.sum[id]) / fixedOne; c.view[id] != w || c.topW[i] != w {
				t.Fatalf("article %s: story %s term %q weighs %v in the view, %v in its list, %v in the sum", a.ID, c.id, ix.names[id], c.view[id], c.topW[i], c.sum[id])
			}
		}
	}
	if merges == 0 {
		t.Errorf("no merge among %d articles: the merge path went unchecked", len(arts))
	}
}

// fullRanking is the reference: every term of sum sorted, heaviest first, ties by term.
func fullRanking(ix *Index, sum map[int32]int64, n int) []int32 {
	ids := make([]int32, 0, len(sum))
	for id := range sum {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if sum[ids[i]] != sum[ids[j]] {
			return sum[ids[i]] > sum[ids[j]]
		}
		return ix.names[ids[i]] < ix.names[ids[j]]
	})
	return ids[:min(len(ids), n)]
}
