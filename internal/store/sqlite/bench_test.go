package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

var benchWords = strings.Fields(`the government said on tuesday that talks with iran over sanctions
would resume next week officials in washington and jerusalem declined to comment reportedly
according to sources familiar with the matter parliament voted budget election minister president
military strike ceasefire hostages negotiations agreement protest police court ruling economy inflation
markets oil prices rose fell sharply analysts warned investors europe united nations security council`)

// benchArticle is a news article of realistic size: a headline, a standfirst, two
// authors, eight paragraphs of about 60 words, two captions and three tags (~3 KB).
func benchArticle(r *rand.Rand, i int) *news.Article {
	words := func(n int) string {
		w := make([]string, n)
		for j := range w {
			w[j] = benchWords[r.IntN(len(benchWords))]
		}
		return strings.Join(w, " ")
	}
	paras := make([]string, 8)
	for j := range paras {
		paras[j] = words(60) + "."
	}
	return &news.Article{
		ID:         fmt.Sprintf("bench-%08d", i),
		URL:        fmt.Sprintf("https://example.com/news/%d", i),
		Source:     news.Source{Name: fmt.Sprintf("Outlet %d", i%40), Domain: fmt.Sprintf("outlet%d.com", i%40), Lean: "center"},
		Title:      words(10),
		Standfirst: words(25),
		Authors:    []string{"Jane Doe", "Reuters"},
		Published:  time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute),
		Language:   "en",
		Paragraphs: paras,
		Captions:   []news.Caption{{Text: words(12), Credit: "AP"}, {Text: words(8)}},
		Tags:       []string{"World", "Middle East", "Politics"},
		Input:      news.Input{Path: fmt.Sprintf("corpus/%d.html", i), Kind: news.KindHTML},
	}
}

// BenchmarkPut measures ingest into a file database, one writer, five articles per story.
//
//	go test -run '^$' -bench Put -benchtime 5000x ./internal/store/sqlite/
func BenchmarkPut(b *testing.B) {
	s := open(b, tempPath(b))
	defer s.Close()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	articles := make([]*news.Article, b.N)
	for i := range articles {
		articles[i] = benchArticle(r, i)
	}
	b.ResetTimer()
	for i, a := range articles {
		if _, err := s.Put(ctx, a, fmt.Sprintf("story-%d", i/5)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkPutParallel is BenchmarkPut from GOMAXPROCS goroutines: writes are
// serialized, so this shows the cost of contention, not a speed-up.
func BenchmarkPutParallel(b *testing.B) {
	s := open(b, tempPath(b))
	defer s.Close()
	ctx := context.Background()
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		r := rand.New(rand.NewPCG(uint64(next.Load()), 3))
		for pb.Next() {
			i := int(next.Add(1))
			if _, err := s.Put(ctx, benchArticle(r, i), fmt.Sprintf("story-%d", i/5)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
