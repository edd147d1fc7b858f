package sqlite

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/news"
)

// BenchmarkPutAllSides stores real articles (the first 5,000 of AllSides, five to a
// story) into a fresh file database, one writer: ns/op is per article, MB/s over the
// article's text. Past the 5,000 the articles repeat under new ids.
//
//	go test -run '^$' -bench PutAllSides -benchtime 5000x ./internal/store/sqlite/
func BenchmarkPutAllSides(b *testing.B) {
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
		if len(as) == 5000 {
			return enough
		}
		return nil
	})
	if err != nil && !errors.Is(err, enough) {
		b.Fatal(err)
	}
	s := open(b, tempPath(b))
	defer s.Close()
	ctx := context.Background()
	b.SetBytes(total / int64(len(as)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		a := as[i%len(as)]
		if i >= len(as) {
			c := *a
			c.ID = fmt.Sprintf("%s-%d", a.ID, i/len(as))
			a = &c
		}
		if _, err := s.Put(ctx, a, fmt.Sprintf("story-%d", i/5)); err != nil {
			b.Fatal(err)
		}
	}
}
