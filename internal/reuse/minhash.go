package reuse

import (
	"math/bits"
	"slices"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// Fingerprint sizes. A signature of sigHashes MinHash values (one permutation hashing)
// is cut into bands of
// bandRows; two articles become near-duplicate candidates when one band is equal. With
// 32 bands of 3 rows, a pair whose word-shingle Jaccard similarity is 0.5 is a candidate
// with probability 0.986, at 0.4 with 0.88, at 0.2 with 0.23 (1-(1-J^3)^32).
const (
	shingleLen = 4 // words per MinHash shingle
	sigHashes  = 96
	bandRows   = 3
	bands      = sigHashes / bandRows
	// anchorLen content words make a passage anchor; one anchor in anchorEvery is kept
	// (chosen by the hash, so two texts keep the same ones): a passage of three
	// sentences (about 36 shingles) keeps 3 or more anchors with probability > 0.99.
	anchorLen   = 4
	anchorEvery = 4
	// maxSentences bounds the sentences of an article that are fingerprinted and
	// aligned: the cost of one article must not depend on a pathological input.
	maxSentences = 300
)

// print is what the index keeps of an article's text.
type print struct {
	exact   uint64   // hash of the normalized body: equal for the same text
	sig     []uint32 // MinHash signature over word shingles
	anchors []uint64 // sampled content-word shingles, for passages shared in part
	refs    []news.Ref
	words   []int      // words per sentence of refs
	pairs   [][]uint64 // per sentence of refs: its pairs of adjacent content words, hashed
	sents   []uint64   // per sentence of refs: hash of its normalized text
	total   int        // words in refs
}

// sentencesOf cuts an article into the sentences that count for reuse: standfirst
// (paragraph -1) and body, without the headline (outlets rewrite headlines).
func sentencesOf(a *news.Article) []news.Ref {
	var refs []news.Ref
	add := func(p int, s string) {
		for j, sent := range text.Sentences(s) {
			if len(refs) < maxSentences {
				refs = append(refs, news.Ref{Article: a.ID, Paragraph: p, Sentence: j, Text: sent})
			}
		}
	}
	if a.Standfirst != "" {
		add(-1, a.Standfirst)
	}
	for i, p := range a.Paragraphs {
		add(i, p)
	}
	return refs
}

// fingerprint computes the print of a, cutting words with tc.
func fingerprint(a *news.Article, tc *cutter) *print {
	p := &print{refs: sentencesOf(a)}
	p.words = make([]int, len(p.refs))
	p.pairs = make([][]uint64, len(p.refs))
	p.sents = make([]uint64, len(p.refs))
	// The word and pair hashes go in the cutter's buffers, reused from article to
	// article; the print keeps one exact-size copy of the pairs.
	all, content, pairs := tc.all[:0], tc.content[:0], tc.pairs[:0]
	ends := make([]int, len(p.refs)) // pairs[ends[i-1]:ends[i]] are sentence i's
	var exact uint64
	for i, r := range p.refs {
		from := len(content)
		ts := tc.terms(r.Text, tc.out[:0])
		sent := uint64(0)
		for _, t := range ts {
			all = append(all, t.hash)
			exact = mix(exact*0x100000001b3 + t.hash)
			sent = mix(sent*0x100000001b3 + t.hash)
			if t.isContent {
				content = append(content, t.content)
			}
		}
		tc.out = ts
		words := len(ts)
		p.words[i], p.sents[i] = words, sent
		p.total += words
		for j := from; j+1 < len(content); j++ {
			pairs = append(pairs, mix(content[j]^bits.RotateLeft64(content[j+1], 29)))
		}
		ends[i] = len(pairs)
	}
	tc.all, tc.content, tc.pairs = all, content, pairs
	// One array for all: a slice per sentence would be an allocation per sentence.
	kept := slices.Clone(pairs)
	for i := range p.pairs {
		from := 0
		if i > 0 {
			from = ends[i-1]
		}
		if ends[i] > from {
			p.pairs[i] = kept[from:ends[i]:ends[i]]
		}
	}
	p.exact = exact
	p.sig = minhash(all, shingleLen)
	// The anchors, once each (in order of value: they are a set).
	anchors := tc.anchors[:0]
	for i := 0; i+anchorLen <= len(content) || (i == 0 && len(content) > 0); i++ {
		if s := shingle(content, i, anchorLen); s%anchorEvery == 0 {
			anchors = append(anchors, s)
		}
	}
	slices.Sort(anchors)
	anchors = slices.Compact(anchors)
	if len(anchors) > 0 {
		p.anchors = slices.Clone(anchors)
	}
	tc.anchors = anchors
	return p
}

// hashString is FNV-1a, mixed; inline because hash/fnv allocates per call.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return mix(h)
}

// mix is the finalizer of SplitMix64: it spreads every input bit over the output.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// shingle is the hash of the run of n word hashes of ws from i (all of ws when it is
// shorter than n: a short text is one shingle).
func shingle(ws []uint64, i, n int) uint64 {
	var x uint64
	for _, w := range ws[i:min(i+n, len(ws))] {
		x = bits.RotateLeft64(x, 23) ^ w
	}
	return mix(x)
}

// minhash returns the signature of the set of word shingles of ws (runs of n words) by
// one permutation hashing (Li, Owen and Zhang 2012): each shingle falls in one of
// sigHashes bins by the high bits of its hash and a bin keeps its smallest low bits, so
// a shingle costs one comparison, not sigHashes hash functions; an empty bin (a short
// text) takes the value of a bin chosen by its own probe sequence (optimal
// densification, Shrivastava 2017), so that two texts fill their empty bins alike. Two
// signatures agree in a bin with about the Jaccard similarity of the sets, as with
// sigHashes hash functions.
func minhash(ws []uint64, n int) []uint32 {
	var vals [sigHashes]uint32
	var full [sigHashes]bool
	for i := 0; i+n <= len(ws) || (i == 0 && len(ws) > 0); i++ {
		x := shingle(ws, i, n)
		b := ((x >> 32) * sigHashes) >> 32
		if v := uint32(x); v < vals[b] || !full[b] {
			vals[b], full[b] = v, true
		}
	}
	sig := make([]uint32, sigHashes)
	filled := false
	for i := range sig {
		sig[i] = vals[i]
		filled = filled || full[i]
	}
	if !filled {
		return sig
	}
	for i := range sig {
		if full[i] {
			continue
		}
		for k := uint64(1); ; k++ {
			j := (mix(uint64(i)<<32|k) >> 32) * sigHashes >> 32
			if full[j] {
				sig[i] = vals[j]
				break
			}
		}
	}
	return sig
}

// bandKeys returns the LSH bucket key of each band of sig.
func bandKeys(sig []uint32) []uint64 {
	keys := make([]uint64, bands)
	for b := range bands {
		x := uint64(b) + 1
		for _, v := range sig[b*bandRows : (b+1)*bandRows] {
			x = mix(x ^ uint64(v))
		}
		keys[b] = x
	}
	return keys
}

// similarity estimates the Jaccard similarity of the shingle sets behind two signatures.
func similarity(a, b []uint32) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}
