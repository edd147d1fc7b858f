package reuse

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPostings checks the postings table against a map of slices under random pushes
// and removals, with keys that collide in the table's low bits and full buckets.
func TestPostings(t *testing.T) {
	const max = 3
	tab := newPostings(max)
	ref := map[uint64][]int32{}
	r := rand.New(rand.NewPCG(1, 2))
	key := func() uint64 { return uint64(r.IntN(3000)) << 40 } // few distinct, many probes
	for step := range 200_000 {
		k, ent := key(), int32(r.IntN(50))
		if r.IntN(3) == 0 {
			tab.remove(k, ent)
			b := ref[k]
			b = slices.DeleteFunc(b, func(x int32) bool { return x == ent })
			if len(b) == 0 {
				delete(ref, k)
			} else {
				ref[k] = b
			}
		} else {
			tab.push(k, ent)
			b := ref[k]
			if len(b) >= max {
				b = b[1:]
			}
			ref[k] = append(b, ent)
		}
		if step%1000 == 0 || step == 199_999 {
			if tab.Len() != len(ref) {
				t.Fatalf("step %d: %d keys, want %d", step, tab.Len(), len(ref))
			}
			for k, want := range ref {
				var got []int32
				tab.each(k, max, func(e int32) { got = append(got, e) })
				slices.Reverse(got)
				if !slices.Equal(got, want) {
					t.Fatalf("step %d key %x: %v, want %v", step, k, got, want)
				}
			}
		}
	}
}

// TestCounts checks counts against a map under random increments, decrements and
// halvings, with keys that collide in the table's low bits.
func TestCounts(t *testing.T) {
	c := newCounts()
	ref := map[uint64]uint32{}
	r := rand.New(rand.NewPCG(3, 4))
	for step := range 300_000 {
		k := uint64(r.IntN(5000)) << 40
		switch r.IntN(7) {
		case 0, 1:
			c.decr(k)
			if ref[k] <= 1 {
				delete(ref, k)
			} else {
				ref[k]--
			}
		case 2:
			if step%5000 == 2 {
				c.update(func(n uint32) uint32 { return n / 2 })
				for k, n := range ref {
					if n/2 == 0 {
						delete(ref, k)
					} else {
						ref[k] = n / 2
					}
				}
			}
		default:
			c.incr(k, 6)
			ref[k] = min(ref[k]+1, 6)
		}
		if step%1000 == 0 {
			if c.Len() != len(ref) {
				t.Fatalf("step %d: %d keys, want %d", step, c.Len(), len(ref))
			}
			for k := range uint64(5000) {
				if got, want := c.get(k<<40), int(ref[k<<40]); got != want {
					t.Fatalf("step %d key %d: %d, want %d", step, k, got, want)
				}
			}
		}
	}
}
