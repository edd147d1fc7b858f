package analyze

import (
	"testing"

	"github.com/parallax-news/parallax/internal/corpus"
)

// BenchmarkAnalyze analyzes real articles (the first 1,000 of AllSides): quotes,
// attributions, hedges, entities. ns/op is per article; MB/s over the article's text.
//
//	go test -run '^$' -bench Analyze -benchtime 1000x ./internal/analyze/
func BenchmarkAnalyze(b *testing.B) {
	if _, ok := corpus.Path("allsides", "articles.jsonl.gz"); !ok {
		b.Skip("shared corpus absent: allsides/articles.jsonl.gz")
	}
	as, total, err := corpus.FirstAllSides(1000)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(total / int64(len(as)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if Analyze(as[i%len(as)]) == nil {
			b.Fatal("no analysis")
		}
	}
}
