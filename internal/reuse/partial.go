package reuse

import (
	"cmp"
	"slices"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// A merged passage: one article's sentence made of parts of several sentences of
// another (a standfirst that merges two body sentences). Each part is a run of words
// the two sentences share in order; the parts must not overlap and together must cover
// a good share of the longer sentence, so that a stock phrase shared by chance ("said
// in a statement on Tuesday") never makes a passage.
const (
	minRun         = 4   // fewest words of an in-order run that counts towards a part
	minPart        = 6   // fewest words a part covers in the longer sentence
	minPartContent = 3   // fewest content words in a part
	minMergedCover = 0.5 // share of the longer sentence's words the parts cover
)

// part is the span [lo, hi) of sentence l's terms that sentence o reports.
type part struct {
	o      int
	lo, hi int
	conf   float64
}

// coveredSpan returns the span of l's terms that o's runs of shared words cover, and
// how many words those runs hold.
func coveredSpan(l, o *sentence) (lo, hi, words int) {
	pairs := lcs(l.ids, o.ids)
	lo, hi = -1, -1
	for k := 0; k < len(pairs); {
		e := k + 1
		for e < len(pairs) && pairs[e][0] == pairs[e-1][0]+1 && pairs[e][1] == pairs[e-1][1]+1 {
			e++
		}
		if e-k >= minRun {
			if lo < 0 {
				lo = pairs[k][0]
			}
			hi = pairs[e-1][0] + 1
			words += e - k
		}
		k = e
	}
	return lo, hi, words
}

// fragment reports whether sentences a and b share a run of words long enough to be a
// part of a merged passage.
func fragment(a, b *sentence) bool {
	// A run of minPart words shared in order is a shared minPart-gram: most pairs have
	// none, and the set test is much cheaper than the alignment.
	x, y := a.gramSet(), b.gramSet()
	if len(y) < len(x) {
		x, y = y, x
	}
	shared := false
	for g := range x {
		if y[g] {
			shared = true
			break
		}
	}
	if !shared {
		return false
	}
	pairs := lcs(a.ids, b.ids)
	for k := 0; k < len(pairs); {
		e := k + 1
		for e < len(pairs) && pairs[e][0] == pairs[e-1][0]+1 && pairs[e][1] == pairs[e-1][1]+1 {
			e++
		}
		if e-k >= minPart {
			content := 0
			for _, p := range pairs[k:e] {
				if a.content[a.terms[p[0]]] {
					content++
				}
			}
			if content >= minPartContent {
				return true
			}
		}
		k = e
	}
	return false
}

// merge is a sentence l and the sentences of one other article that make it up.
type merge struct {
	l     int
	parts []part
}

// merges finds the sentences made up of parts of several sentences of another article,
// among the pairs of partial links.
func merges(ps []*sentence, pairs []link) []merge {
	type lb struct{ l, article int }
	byL := map[lb][]part{}
	for _, p := range pairs {
		l, o := p.a, p.b
		if len(ps[o].terms) > len(ps[l].terms) {
			l, o = o, l
		}
		lo, hi, words := coveredSpan(ps[l], ps[o])
		if lo < 0 || hi-lo < minPart {
			continue
		}
		content := 0
		for _, t := range ps[l].terms[lo:hi] {
			if ps[l].content[t] {
				content++
			}
		}
		if content < minPartContent {
			continue
		}
		k := lb{l, ps[o].article}
		byL[k] = append(byL[k], part{o: o, lo: lo, hi: hi, conf: float64(words) / float64(hi-lo)})
	}
	var out []merge
	for k, parts := range byL {
		if len(parts) < 2 {
			continue
		}
		slices.SortFunc(parts, func(x, y part) int { return cmp.Or(cmp.Compare(x.lo, y.lo), cmp.Compare(x.o, y.o)) })
		ok := true
		for i, p := range parts {
			if i > 0 && p.lo < parts[i-1].hi {
				ok = false
				break
			}
		}
		if ok && float64(partsCover(parts)) >= minMergedCover*float64(len(ps[k.l].terms)) {
			out = append(out, merge{l: k.l, parts: parts})
		}
	}
	slices.SortFunc(out, func(x, y merge) int {
		return cmp.Or(cmp.Compare(x.l, y.l), cmp.Compare(ps[x.parts[0].o].article, ps[y.parts[0].o].article))
	})
	return out
}

// gapChanges are the words of merged sentence l that none of its parts report: added
// in l when l's article comes after the passage's first, dropped otherwise.
func gapChanges(ps []*sentence, m merge, first int) []news.Change {
	l := ps[m.l]
	var out []news.Change
	at := 0
	add := func(lo, hi int) {
		content := false
		for _, t := range l.terms[lo:hi] {
			content = content || (l.content[t] && !text.IsStopword(t))
		}
		if !content {
			return
		}
		ph := phrase(l, lo, hi)
		if l.article == ps[first].article {
			out = append(out, news.Change{From: ph, To: ""})
		} else {
			out = append(out, news.Change{From: "", To: ph})
		}
	}
	for _, p := range m.parts {
		if p.lo > at {
			add(at, p.lo)
		}
		at = p.hi
	}
	if at < len(l.terms) {
		add(at, len(l.terms))
	}
	return out
}

func partsCover(parts []part) int {
	n := 0
	for _, p := range parts {
		n += p.hi - p.lo
	}
	return n
}

// grams hashes every run of minPart consecutive terms.
func grams(terms []string) map[uint64]bool {
	if len(terms) < minPart {
		return nil
	}
	m := make(map[uint64]bool, len(terms)-minPart+1)
	for i := 0; i+minPart <= len(terms); i++ {
		// FNV-1a of the terms, each followed by a zero byte, inline: hash/fnv
		// allocates per call.
		h := uint64(14695981039346656037)
		for _, t := range terms[i : i+minPart] {
			for j := 0; j < len(t); j++ {
				h ^= uint64(t[j])
				h *= 1099511628211
			}
			h *= 1099511628211 // ^= 0
		}
		m[h] = true
	}
	return m
}
