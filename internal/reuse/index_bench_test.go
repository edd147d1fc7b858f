package reuse

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/news"
)

var errEnough = errors.New("enough")

// allSides reads the first n dated AllSides articles, in time order.
func allSides(b testing.TB, n int) []*news.Article {
	b.Helper()
	if _, ok := corpus.Path("allsides", "articles.jsonl.gz"); !ok {
		b.Skip("shared corpus absent: allsides/articles.jsonl.gz")
	}
	var as []*news.Article
	err := corpus.EachAllSides(func(a *news.Article) error {
		if !a.Published.IsZero() {
			as = append(as, a)
		}
		if len(as) == n {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		b.Fatal(err)
	}
	slices.SortStableFunc(as, func(x, y *news.Article) int { return x.Published.Compare(y.Published) })
	return as
}

// BenchmarkIndexAdd measures the cost of relating one article (and holding it) in an
// index that already holds the corpus's earlier articles: ns/op is per article.
func BenchmarkIndexAdd(b *testing.B) {
	as := allSides(b, 8000)
	ix := NewIndex(IndexOptions{})
	warm := len(as) / 2
	for _, a := range as[:warm] {
		ix.Add(a, a.Published)
	}
	rest := as[warm:]
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		a := *rest[i%len(rest)]
		if i >= len(rest) {
			a.ID = a.ID + "#" + string(rune('a'+i/len(rest)%26))
			a.Published = a.Published.Add(time.Duration(i/len(rest)) * time.Minute)
		}
		ix.Add(&a, a.Published)
	}
}

// allSidesIfPresent is allSides, or nothing when the corpus is absent.
func allSidesIfPresent(t *testing.T, n int) []*news.Article {
	if _, ok := corpus.Path("allsides", "articles.jsonl.gz"); !ok {
		return nil
	}
	return allSides(t, n)
}
