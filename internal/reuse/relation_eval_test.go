package reuse

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

func evalCorpus() []EvalArticle {
	rng := rand.New(rand.NewPCG(7, 8))
	var real []EvalArticle
	for i := range 300 {
		a := art(fmt.Sprint("r", i), fmt.Sprint("outlet", i%7), body(rng, 12))
		a.Published = t0.Add(time.Duration(i) * 3 * time.Hour)
		real = append(real, EvalArticle{Article: a, T: a.Published, Topic: fmt.Sprint("topic", i%5)})
	}
	return real
}

// The set is reproducible from its seed, and the detector finds what was injected.
func TestBuildEvalIsReproducibleAndScored(t *testing.T) {
	opts := EvalOptions{Seed: 3, Copies: 20, Reuses: 15, Unrelated: 10}
	a, err := BuildEval(evalCorpus(), nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := BuildEval(evalCorpus(), nil, opts)
	if !reflect.DeepEqual(a.Near, b.Near) || !reflect.DeepEqual(a.Reuse, b.Reuse) || len(a.Stream) != len(b.Stream) {
		t.Fatal("two sets built from the same seed differ")
	}
	for i := range a.Stream {
		if !reflect.DeepEqual(a.Stream[i].Article.Paragraphs, b.Stream[i].Article.Paragraphs) {
			t.Fatalf("article %d differs between two builds", i)
		}
	}
	if len(a.Near) != 20 || len(a.Reuse) != 15 {
		t.Fatalf("gold: %d near duplicates, %d reuses; want 20 and 15", len(a.Near), len(a.Reuse))
	}
	ix := NewIndex(IndexOptions{})
	var rels []news.Relation
	for _, ea := range a.Stream {
		rels = append(rels, ix.Add(ea.Article, ea.T)...)
	}
	s := a.Score(rels)
	if s.NearRecall() < 0.9 || s.NearPrecision() < 0.9 || s.ReuseRecall() < 0.9 || s.ReusePrecision() < 0.9 || s.FalseLinks > 1 {
		t.Errorf("score %+v", s)
	}
	// Scoring nothing found: recall 0, and no false link.
	if z := a.Score(nil); z.NearRecall() != 0 || z.ReuseRecall() != 0 || z.FalseLinks != 0 {
		t.Errorf("empty score %+v", z)
	}
}
