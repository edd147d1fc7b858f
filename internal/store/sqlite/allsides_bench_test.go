package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

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
	cpu0 := cpuTime()
	defer func() { reportCPU(b, cpu0) }()
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

// BenchmarkWriteBatchAllSides is BenchmarkPutAllSides through WriteBatch, in batches of
// 16, 64 and 256 articles: ns/op is per article.
//
//	go test -run '^$' -bench WriteBatchAllSides -benchtime 5000x ./internal/store/sqlite/
func BenchmarkWriteBatchAllSides(b *testing.B) {
	if _, ok := corpus.Path("allsides", "articles.jsonl.gz"); !ok {
		b.Skip("shared corpus absent: allsides/articles.jsonl.gz")
	}
	as, total, err := corpus.FirstAllSides(5000)
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{16, 64, 256} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			s := open(b, tempPath(b))
			defer s.Close()
			ctx := context.Background()
			b.SetBytes(total / int64(len(as)))
			b.ReportAllocs()
			cpu0 := cpuTime()
			defer func() { reportCPU(b, cpu0) }()
			var ws []news.Write
			flush := func() {
				if _, err := s.WriteBatch(ctx, ws); err != nil {
					b.Fatal(err)
				}
				ws = ws[:0]
			}
			for i := 0; b.Loop(); i++ {
				a := as[i%len(as)]
				if i >= len(as) {
					c := *a
					c.ID = fmt.Sprintf("%s-%d", a.ID, i/len(as))
					a = &c
				}
				ws = append(ws, news.Write{Article: a, StoryID: fmt.Sprintf("story-%d", i/5)})
				if len(ws) == size {
					flush()
				}
			}
			flush()
		})
	}
}

// reportCPU adds the process's CPU time per op since cpu0 (all goroutines, SQLite's
// included) as the metric cpu-ns/op.
func reportCPU(b *testing.B, cpu0 time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	}
}
