package analyze

import (
	"errors"
	"testing"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/news"
)

// BenchmarkAnalyze analyzes real articles (the first 1,000 of AllSides): quotes,
// attributions, hedges, entities. ns/op is per article; MB/s over the article's text.
//
//	go test -run '^$' -bench Analyze -benchtime 1000x ./internal/analyze/
func BenchmarkAnalyze(b *testing.B) {
	if _, ok := corpus.Path("allsides", "articles.jsonl.gz"); !ok {
		b.Skip("shared corpus absent: allsides/articles.jsonl.gz")
	}
	enough := errors.New("enough")
	var as []*news.Article
	var total int64
	err := corpus.EachAllSides(func(a *news.Article) error {
		as = append(as, a)
		for _, p := range a.Paragraphs {
			total += int64(len(p))
		}
		if len(as) == 1000 {
			return enough
		}
		return nil
	})
	if err != nil && !errors.Is(err, enough) {
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
