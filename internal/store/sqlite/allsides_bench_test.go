package sqlite

import (
	"context"
	"fmt"
	"testing"

	"github.com/parallax-news/parallax/internal/corpus"
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
	as, total, err := corpus.FirstAllSides(5000)
	if err != nil {
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
