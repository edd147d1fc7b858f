package story

import (
	"sort"
	"testing"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/news"
)

// BenchmarkAssignAllSides clusters the whole AllSides corpus in date order (undated
// articles first, at the zero time) once per iteration, features included, and reports
// the cost per article: `go test -bench AssignAllSides -benchtime 1x ./internal/story/`.
func BenchmarkAssignAllSides(b *testing.B) {
	if _, ok := corpus.Path("allsides", "articles.jsonl.gz"); !ok {
		b.Skip("../shared/corpus not present: skipping the AllSides benchmark")
	}
	var arts []*news.Article
	err := corpus.EachAllSides(func(a *news.Article) error {
		if len(a.Paragraphs) > 8 {
			a.Paragraphs = a.Paragraphs[:8:8] // only the lead is read
		}
		arts = append(arts, a)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	sort.SliceStable(arts, func(i, j int) bool { return arts[i].Published.Before(arts[j].Published) })
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ix := New(Options{})
		for _, a := range arts {
			ix.Assign(a, a.Published)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(arts)), "µs/article")
}
