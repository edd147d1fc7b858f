package reuse

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// synthetic returns n articles in time order, among them edited copies and partial
// reuses of earlier ones, so that an index finds every kind of relation.
func synthetic(n int) ([]*news.Article, []time.Time) {
	rng := rand.New(rand.NewPCG(7, 11))
	var as []*news.Article
	var ts []time.Time
	for i := range n {
		var a *news.Article
		switch {
		case i > 4 && i%5 == 0: // a copy with a dropped paragraph, another outlet
			o := as[rng.IntN(len(as))]
			paras := append([]string(nil), o.Paragraphs[1:]...)
			a = art(fmt.Sprintf("a%d", i), fmt.Sprintf("outlet%d", i%7), paras)
		case i > 4 && i%5 == 1: // three sentences of an earlier one in a new text
			o := as[rng.IntN(len(as))]
			paras := append(body(rng, 10), o.Paragraphs[0], o.Paragraphs[1])
			a = art(fmt.Sprintf("a%d", i), fmt.Sprintf("outlet%d", i%7), paras)
		default:
			a = art(fmt.Sprintf("a%d", i), fmt.Sprintf("outlet%d", i%7), body(rng, 12))
		}
		as = append(as, a)
		ts = append(ts, t0.Add(time.Duration(i)*time.Hour))
	}
	return as, ts
}

// TestPrepareThenAddEqualsAdd checks that preparing articles on several goroutines
// and adding them in order gives exactly the relations of Add.
func TestPrepareThenAddEqualsAdd(t *testing.T) {
	sets := map[string]func() ([]*news.Article, []time.Time){
		"synthetic": func() ([]*news.Article, []time.Time) { return synthetic(300) },
		"allsides": func() ([]*news.Article, []time.Time) {
			as := allSidesIfPresent(t, 2000)
			ts := make([]time.Time, len(as))
			for i, a := range as {
				ts[i] = a.Published
			}
			return as, ts
		},
	}
	for name, load := range sets {
		t.Run(name, func(t *testing.T) {
			as, ts := load()
			if len(as) == 0 {
				t.Skip("shared corpus absent: allsides/articles.jsonl.gz")
			}
			serial := NewIndex(IndexOptions{})
			var want [][]news.Relation
			for i, a := range as {
				want = append(want, serial.Add(a, ts[i]))
			}
			prepared := make([]*Prepared, len(as))
			var wg sync.WaitGroup
			for w := range 4 {
				wg.Go(func() {
					for i := w; i < len(as); i += 4 {
						prepared[i] = Prepare(as[i])
					}
				})
			}
			wg.Wait()
			ix := NewIndex(IndexOptions{})
			found := 0
			for i, p := range prepared {
				if p.ID() != as[i].ID {
					t.Fatalf("Prepare(%s).ID() = %s", as[i].ID, p.ID())
				}
				got := ix.AddPrepared(p, ts[i])
				found += len(got)
				if !reflect.DeepEqual(got, want[i]) {
					t.Fatalf("article %s: AddPrepared = %+v, Add = %+v", as[i].ID, got, want[i])
				}
			}
			if found == 0 {
				t.Fatal("no relations found: the comparison proves nothing")
			}
			last := len(prepared) - 1
			if ix.AddPrepared(prepared[last], ts[last]) != nil || ix.Len() != serial.Len() {
				t.Errorf("re-adding a held article related it, or the indexes differ in size (%d, %d)", ix.Len(), serial.Len())
			}
		})
	}
}
