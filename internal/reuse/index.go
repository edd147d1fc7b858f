package reuse

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// IndexOptions tune an Index. Zero values take the defaults.
type IndexOptions struct {
	// Window is how far apart in time two articles may be to be related (default 7
	// days). Articles older than the newest one by more than the window leave the index.
	Window time.Duration
	// MaxArticles bounds the articles held, whatever their times (default 100,000, some
	// 3.5 GB at about 35 KB an article): the oldest leave first.
	MaxArticles int
	// MaxBucket bounds the articles held under one LSH band value or passage anchor
	// (default 24): the newest are kept. A phrase every article of a story repeats
	// cannot make a bucket, and the cost of a lookup, grow.
	MaxBucket int
	// MaxCandidates bounds the earlier articles aligned with a new one (default 16).
	MaxCandidates int
}

const (
	defaultWindow        = 7 * 24 * time.Hour
	defaultMaxArticles   = 100_000
	defaultMaxBucket     = 24
	defaultMaxCandidates = 16
	evictEvery           = 128

	// minWords: shorter bodies (a headline and a teaser) say too little to relate.
	minWords = 25
	// minAnchors shared passage anchors make a candidate for partial reuse; minSimilar
	// is the least estimated Jaccard similarity of an LSH candidate.
	minAnchors = 3
	minSimilar = 0.3
	// A near duplicate: most of the later article's words are in passages shared with
	// the earlier (inserted local paragraphs and boilerplate take the rest), and a good
	// part of the earlier's (a reprint may be cut short); or the later is nearly all
	// the earlier's text, cut shorter still.
	dupLater      = 0.45
	dupEarlier    = 0.45
	dupCutLater   = 0.9
	dupCutEarlier = 0.15
	// Partial reuse: at least reuseSentences sentences of the later article aligned
	// with the earlier carrying reuseMinWords words (three lines of a copyright notice
	// are not a passage), or reuseShortSentences carrying reuseWords words.
	reuseSentences      = 3
	reuseMinWords       = 40
	reuseShortSentences = 2
	reuseWords          = 60
	// reuseOwnSentences of the shared sentences must show reuse on their own: nearly
	// the same whole sentences (ownCover), not mostly quotation (stories quoting one
	// statement share it without reusing each other's text), not an aside in
	// parentheses (a credit, a link), and not text either outlet repeats across its
	// articles (Index.recurrent).
	reuseOwnSentences = 1
	// boilerArticles other unrelated articles of an outlet repeating a sentence make
	// it boilerplate.
	boilerArticles = 2
	// maxRecurrent bounds Index.recurrent: some 40 MB, the sentences of about 30,000
	// articles.
	maxRecurrent = 1 << 20
	// A shared pair of sentences shows reuse on its own when both have ownMinWords
	// words and their common words in order cover ownCover of the longer: a short
	// sentence ("He declined to comment.", a promo line) or a phrase inside a longer
	// sentence is something two reporters may both write.
	ownMinWords = 8
	ownCover    = 0.8
	// boilerAnywhere other unrelated articles of any outlets repeating a sentence make
	// it boilerplate ("Copyright 2019 The Associated Press. All rights reserved.").
	boilerAnywhere = 6
)

// Index finds, for each new article, the earlier articles it duplicates, updates or
// reuses. It holds articles of a sliding time window in buckets of bounded size, so
// the memory and the time it spends per new article do not grow with the corpus:
// candidates come from the exact text hash, the URL, MinHash LSH bands (near
// duplicates) and sampled content-word shingles (passages shared in part), and the
// sentence alignment (Align) decides. It is not safe for concurrent use.
type Index struct {
	opts    IndexOptions
	docs    map[string]*entry
	exact   map[uint64][]*entry
	urls    map[string][]*entry
	bands   *postings
	anchors *postings
	// ents are the held articles by slot (entry.slot), as the postings name them;
	// freeEnts the slots free for reuse.
	ents     []*entry
	freeEnts []int32
	pairs    pairIndex // align's, kept for its buffers
	// boiler counts, per normalized sentence, the held articles that have it and copy
	// no earlier article: a sentence many unrelated articles repeat is boilerplate
	// ("Copyright 2019 The Associated Press."), not reuse.
	boiler *counts
	// recurrent counts, per outlet and normalized sentence (entry.boilerKey), the
	// articles of the outlet seen so far, held or not, that have the sentence and copy
	// no earlier article: a sentence unrelated articles of one outlet repeat is the
	// site's boilerplate ("Click here for reprint permission."), explainer box, podcast
	// promo or standard background line, which come back weeks apart. It never shrinks
	// with the window but is bounded by maxRecurrent keys (the rarest go first).
	recurrent *counts
	latest    time.Time
	seq       int
}

// origin is the earliest known article holding a sentence.
type origin struct {
	id  string
	t   time.Time
	seq int
}

func (o origin) before(p origin) bool {
	if !o.t.Equal(p.t) {
		return o.t.Before(p.t)
	}
	return o.seq < p.seq
}

type entry struct {
	id, url, outlet, wire string
	outletHash            uint64 // hashString(outlet), for boilerKey
	t                     time.Time
	seq                   int
	slot                  int32 // in Index.ents, once held
	p                     *print
	keys                  []uint64 // LSH band keys
	origins               []origin // per sentence of p.refs
	counted               []uint64 // keys of boiler this entry incremented
	gone                  bool
}

// boilerKey is the key of sentence i of e in Index.recurrent.
func (e *entry) boilerKey(i int) uint64 { return mix(e.outletHash ^ e.p.sents[i]) }

// anywhereKey is the key of sentence i of e in Index.boiler, whatever the outlet.
func (e *entry) anywhereKey(i int) uint64 { return mix(0x5bd1e995 ^ e.p.sents[i]) }

func (e *entry) self() origin { return origin{e.id, e.t, e.seq} }

// NewIndex returns an empty index.
func NewIndex(opts IndexOptions) *Index {
	if opts.Window <= 0 {
		opts.Window = defaultWindow
	}
	if opts.MaxArticles <= 0 {
		opts.MaxArticles = defaultMaxArticles
	}
	if opts.MaxBucket <= 0 {
		opts.MaxBucket = defaultMaxBucket
	}
	if opts.MaxCandidates <= 0 {
		opts.MaxCandidates = defaultMaxCandidates
	}
	return &Index{opts: opts, docs: map[string]*entry{}, exact: map[uint64][]*entry{},
		urls: map[string][]*entry{}, bands: newPostings(opts.MaxBucket), anchors: newPostings(opts.MaxBucket), boiler: newCounts(), recurrent: newCounts()}
}

// Window returns the configured time window.
func (ix *Index) Window() time.Duration { return ix.opts.Window }

// Len returns the number of articles held.
func (ix *Index) Len() int { return len(ix.docs) }

// Buckets returns the number of non-empty buckets (exact, URL, band and anchor).
func (ix *Index) Buckets() int {
	return len(ix.exact) + len(ix.urls) + ix.bands.Len() + ix.anchors.Len()
}

// Add relates article a, published (or received) at t, to the earlier articles of the
// window and then holds it for the articles to come. It returns the relations found,
// in which a may be the earlier article when its time is before the other's (a
// backfill). An article whose id is already held, or whose body is too short to tell,
// gives none. Add is AddPrepared(Prepare(a), t).
func (ix *Index) Add(a *news.Article, t time.Time) []news.Relation {
	if ix.docs[a.ID] != nil {
		return nil // not worth preparing
	}
	return ix.AddPrepared(Prepare(a), t)
}

// Prepared is an article made ready for an Index by Prepare: its normalized text,
// sentences, shingles, MinHash signature and hashes. It holds no reference to any
// index, and the index it is added to does not change it.
type Prepared struct {
	id, url, outlet, wire string
	p                     *print
	keys                  []uint64 // LSH band keys; nil when the body is too short
}

// ID returns the id of the prepared article.
func (p *Prepared) ID() string { return p.id }

// cutters hold the word buffers of Prepare: one per goroutine at a time, so Prepare
// needs no lock.
var cutters = sync.Pool{New: func() any { return newCutter() }}

// Prepare computes what an Index needs of article a, without touching any index: the
// per-article half of Add, safe to call from many goroutines at once (an ingest
// worker pool), while AddPrepared, the serial half, relates it.
func Prepare(a *news.Article) *Prepared {
	tc := cutters.Get().(*cutter)
	p := fingerprint(a, tc)
	cutters.Put(tc)
	pr := &Prepared{id: a.ID, url: a.URL, outlet: outletKey(a.Source), wire: Wire(a), p: p}
	if p.total >= minWords {
		pr.keys = bandKeys(p.sig)
	}
	return pr
}

// AddPrepared is Add for an article already prepared: it relates p, at time t, to the
// earlier articles of the window and then holds it. p must not be added twice to
// indexes in use at once (the index keeps it); a nil p gives none.
func (ix *Index) AddPrepared(p *Prepared, t time.Time) []news.Relation {
	if p == nil || ix.docs[p.id] != nil {
		return nil
	}
	e := ix.newEntry(p, t)
	if e == nil {
		return nil
	}
	rels := ix.relate(e)
	copied := false
	for _, r := range rels {
		copied = copied || (r.Later == e.id && r.Kind != news.RelReuse)
	}
	ix.insert(e, !copied)
	return rels
}

// Insert holds article a, at time t, without relating it: used to rebuild the index
// from the store on start.
func (ix *Index) Insert(a *news.Article, t time.Time) {
	if ix.docs[a.ID] != nil {
		return
	}
	ix.InsertPrepared(Prepare(a), t)
}

// InsertPrepared is Insert for an article already prepared.
func (ix *Index) InsertPrepared(p *Prepared, t time.Time) {
	if p == nil || ix.docs[p.id] != nil {
		return
	}
	if e := ix.newEntry(p, t); e != nil {
		ix.insert(e, true)
	}
}

func (ix *Index) newEntry(pr *Prepared, t time.Time) *entry {
	p := pr.p
	if p.total < minWords {
		return nil
	}
	ix.seq++
	e := &entry{id: pr.id, url: pr.url, outlet: pr.outlet, outletHash: hashString(pr.outlet), wire: pr.wire, t: t, seq: ix.seq, p: p, keys: pr.keys}
	e.origins = make([]origin, len(p.refs))
	for i := range e.origins {
		e.origins[i] = e.self()
	}
	return e
}

// boilerplate reports whether sentence i of e is boilerplate: recurrent in its
// outlet's articles (Index.recurrent), or in many outlets' held articles.
func (ix *Index) boilerplate(e *entry, i int) bool {
	if ix.recurs(e, i) {
		return true
	}
	self := 0
	if e.counted != nil {
		self = 1
	}
	return ix.boiler.get(e.anywhereKey(i))-self >= boilerAnywhere
}

// boilerFlags reports for each sentence of e whether it is boilerplate, and returns the
// words of the others.
func (ix *Index) boilerFlags(e *entry) ([]bool, int) {
	flags := make([]bool, len(e.p.words))
	n := 0
	for i, w := range e.p.words {
		if flags[i] = ix.boilerplate(e, i); !flags[i] {
			n += w
		}
	}
	return flags, n
}

// outletKey identifies an outlet: its domain, else its name.
func outletKey(s news.Source) string {
	if s.Domain != "" {
		return strings.TrimPrefix(strings.ToLower(s.Domain), "www.")
	}
	return strings.ToLower(strings.TrimSpace(s.Name))
}

// candidate is an earlier article that may share text with the new one.
type candidate struct {
	e              *entry
	bands, anchors int
	exact, sameURL bool
	shared, count  int // the new article's words and sentences shared with e
	sharedE        int // e's words shared
	content        int // e's words outside boilerplate
	// The shared sentences that show reuse (Index.own), counted up to
	// reuseOwnSentences.
	ownCount         int
	source           origin
	hasSource        bool
	sentencesMatched map[int]bool // e's sentences matched (each counts once)
}

func (ix *Index) near(e, x *entry) bool {
	if x.gone || x.id == e.id {
		return false
	}
	d := e.t.Sub(x.t)
	return d.Abs() <= ix.opts.Window
}

func (ix *Index) relate(e *entry) []news.Relation {
	cands := map[*entry]*candidate{}
	get := func(x *entry) *candidate {
		c := cands[x]
		if c == nil {
			c = &candidate{e: x}
			cands[x] = c
		}
		return c
	}
	for _, x := range ix.exact[e.p.exact] {
		if ix.near(e, x) {
			get(x).exact = true
		}
	}
	if e.url != "" {
		for _, x := range ix.urls[e.url] {
			if ix.near(e, x) {
				get(x).sameURL = true
			}
		}
	}
	for _, k := range e.keys {
		ix.bands.each(k, math.MaxInt, func(s int32) {
			if x := ix.ents[s]; ix.near(e, x) {
				get(x).bands++
			}
		})
	}
	for _, k := range e.p.anchors {
		// A full bucket is a phrase too common to point at a passage ("senate
		// majority leader mitch").
		ix.anchors.each(k, ix.opts.MaxBucket-1, func(s int32) {
			if x := ix.ents[s]; ix.near(e, x) {
				get(x).anchors++
			}
		})
	}
	var list []*candidate
	exact := false
	for _, c := range cands {
		if c.exact || c.sameURL || c.anchors >= minAnchors || (c.bands > 0 && similarity(e.p.sig, c.e.p.sig) >= minSimilar) {
			list = append(list, c)
			exact = exact || c.exact
		}
	}
	if exact {
		return ix.relateExact(e, list)
	}
	slices.SortFunc(list, func(a, b *candidate) int {
		if c := cmp.Compare(b.score(), a.score()); c != 0 {
			return c
		}
		return cmp.Compare(a.e.seq, b.e.seq)
	})
	if len(list) > ix.opts.MaxCandidates {
		list = list[:ix.opts.MaxCandidates]
	}
	if len(list) == 0 {
		return nil
	}
	eContent := ix.align(e, list)
	var rels []news.Relation
	for _, c := range list {
		if r, ok := ix.decide(e, eContent, c); ok {
			rels = append(rels, r)
		}
	}
	return rels
}

func (c *candidate) score() int {
	s := c.anchors + 4*c.bands
	if c.sameURL {
		s += 1 << 20
	}
	return s
}

// relateExact relates e to the held articles with the same normalized text: they are
// duplicates, and e's sentences have the origins of the earliest of them.
func (ix *Index) relateExact(e *entry, list []*candidate) []news.Relation {
	slices.SortFunc(list, func(a, b *candidate) int { return cmp.Compare(a.e.seq, b.e.seq) })
	var rels []news.Relation
	var first *entry
	for _, c := range list {
		if !c.exact {
			continue
		}
		x := c.e
		if first == nil || x.self().before(first.self()) {
			first = x
		}
		earlier, later := x, e
		if e.self().before(x.self()) {
			earlier, later = e, x
		}
		src := earlier.self()
		for _, o := range x.origins {
			if o.before(src) {
				src = o
			}
		}
		rels = append(rels, news.Relation{Kind: news.RelDuplicate, Earlier: earlier.id, Later: later.id,
			Fraction: 1, Source: src.id, Wire: wireOf(later, earlier)})
		if len(rels) == ix.opts.MaxCandidates {
			break
		}
	}
	if first != nil && first.self().before(e.self()) && len(first.origins) == len(e.origins) {
		copy(e.origins, first.origins)
	}
	return rels
}

func wireOf(later, earlier *entry) string {
	if later.wire != "" {
		return later.wire
	}
	return earlier.wire
}

// align runs the sentence alignment over e and the candidates, and records in each
// candidate what it shares with e, and in e the origin of each shared sentence.
func (ix *Index) align(e *entry, list []*candidate) (eContent int) {
	type loc struct {
		c *candidate // nil for e
		i int        // sentence index in the article's refs
	}
	// Only sentences that share pairs of content words with a sentence of the other
	// side go to the alignment: the rest cannot match, and aligning whole articles for
	// every candidate would cost most of the time.
	eBoiler, eContent := ix.boilerFlags(e)
	npairs := 0
	for _, ps := range e.p.pairs {
		npairs += len(ps)
	}
	post := &ix.pairs
	post.reset(npairs)
	for i, ps := range e.p.pairs {
		if eBoiler[i] {
			continue
		}
		for _, h := range ps {
			post.add(h, int32(i))
		}
	}
	mineUsed := make([]bool, len(e.p.refs))
	counts := make([]int, len(e.p.refs))
	mineHit := make([]bool, len(e.p.refs)) // by the candidate at hand
	where := map[news.Ref]loc{}
	var theirs []news.Ref
	var pending []int // sentences of e that a sentence of c at hand would hit
	for _, c := range list {
		c.sentencesMatched = map[int]bool{}
		clear(mineHit)
		var hits []int
		wordsC := 0
		for j, ps := range c.e.p.pairs {
			clear(counts)
			pending = pending[:0]
			for _, h := range ps {
				post.each(h, func(i int32) {
					counts[i]++
					if counts[i] == pairsNeeded(len(ps), len(e.p.pairs[i])) {
						pending = append(pending, int(i))
					}
				})
			}
			// Whether c's sentence is boilerplate is looked up only for the few that
			// hit: most sentences of a candidate share nothing with e.
			if len(pending) == 0 || ix.boilerplate(c.e, j) {
				continue
			}
			for _, i := range pending {
				mineHit[i] = true
			}
			hits = append(hits, j)
			wordsC += c.e.p.words[j]
		}
		wordsE := 0
		for i, h := range mineHit {
			if h {
				wordsE += e.p.words[i]
			}
		}
		// A candidate that cannot make a relation is not aligned (most are not): fewer
		// than reuseShortSentences of its sentences may match, and too few words on
		// either side for a near duplicate. (Its words outside boilerplate, c.content,
		// are counted only when needed: a candidate left out shares nothing, which
		// decide rejects whatever its content.)
		if !c.sameURL && len(hits) < reuseShortSentences {
			if float64(wordsE) < dupCutEarlier*float64(eContent) {
				continue
			}
			if _, c.content = ix.boilerFlags(c.e); float64(wordsC) < dupCutEarlier*float64(c.content) {
				continue
			}
		} else {
			_, c.content = ix.boilerFlags(c.e)
		}
		for i, h := range mineHit {
			mineUsed[i] = mineUsed[i] || h
		}
		for _, j := range hits {
			r := c.e.p.refs[j]
			where[key(r)] = loc{c, j}
			theirs = append(theirs, r)
		}
	}
	if len(theirs) == 0 {
		return eContent
	}
	var refs []news.Ref
	for i, r := range e.p.refs {
		if mineUsed[i] {
			where[key(r)] = loc{nil, i}
			refs = append(refs, r)
		}
	}
	refs = append(refs, theirs...)
	for _, p := range Align(refs) {
		if p.Kind == news.Paraphrase {
			continue // the same facts in other words are not reuse of a text
		}
		mine := -1
		for _, r := range p.Sentences {
			if l, ok := where[key(r)]; ok && l.c == nil {
				mine = l.i
			}
		}
		if mine < 0 {
			continue
		}
		// The passage's earliest known origin, e's sentence included.
		src := e.origins[mine]
		for _, r := range p.Sentences {
			if l, ok := where[key(r)]; ok && l.c != nil {
				if o := l.c.e.origins[l.i]; o.before(src) {
					src = o
				}
			}
		}
		e.origins[mine] = src
		for _, r := range p.Sentences {
			l, ok := where[key(r)]
			if !ok || l.c == nil || l.c.sentencesMatched[l.i] {
				continue
			}
			c := l.c
			c.sentencesMatched[l.i] = true
			c.count++
			c.shared += e.p.words[mine]
			c.sharedE += c.e.p.words[l.i]
			if c.ownCount < reuseOwnSentences && ix.own(e, mine, c.e, l.i) { // enough known
				c.ownCount++
			}
			if !c.hasSource || src.before(c.source) {
				c.source, c.hasSource = src, true
			}
		}
	}
	return eContent
}

// own reports whether sentence i of e and sentence j of x, aligned in a passage, show
// that one article reuses the other: see reuseOwnSentences.
func (ix *Index) own(e *entry, i int, x *entry, j int) bool {
	if min(e.p.words[i], x.p.words[j]) < ownMinWords {
		return false
	}
	a, b := e.p.refs[i].Text, x.p.refs[j].Text
	if quotation(a) || quotation(b) || aside(a) || aside(b) || ix.recurs(e, i) || ix.recurs(x, j) {
		return false
	}
	// Nearly the same words in the same order, whichever is longer: not a phrase of one
	// inside the other, nor the same fact told anew.
	ta, tb := text.Terms(a), text.Terms(b)
	return float64(len(lcs(ta, tb))) >= ownCover*float64(max(len(ta), len(tb)))
}

// aside reports whether sentence s stands wholly inside parentheses or brackets: a
// photo credit, a link to another article of the site ("(RELATED: ...)", "( PHOTOS: ...)").
func aside(s string) bool {
	s = strings.TrimRight(s, ".!? ")
	return len(s) > 1 && (s[0] == '(' && s[len(s)-1] == ')' || s[0] == '[' && s[len(s)-1] == ']')
}

// recurs reports whether sentence i of e is in boilerArticles other articles of its
// outlet seen so far, held or not.
func (ix *Index) recurs(e *entry, i int) bool {
	if e.outlet == "" {
		return false
	}
	self := 0
	if e.counted != nil {
		self = 1
	}
	return ix.recurrent.get(e.boilerKey(i))-self >= boilerArticles
}

// quotation reports whether most of the words of sentence s are inside quotation
// marks. A sentence that closes a quotation opened in an earlier one (a closing mark
// and no opening before it) counts from its start.
func quotation(s string) bool {
	words, quoted := 0, 0
	in := false
	first := true
	for _, f := range strings.Fields(s) {
		open := strings.HasPrefix(f, "\"") || strings.HasPrefix(f, "“") || strings.HasPrefix(f, "'\"")
		closes := strings.HasSuffix(strings.TrimRight(f, ".,;:?!)"), "\"") || strings.Contains(f, "”")
		if first && closes && !open && !in {
			quoted = words // the quotation began before s
			in = true
		}
		first = first && !open && !closes
		if open {
			in = true
		}
		words++
		if in {
			quoted++
		}
		if closes && !(open && len([]rune(f)) == 1) {
			in = false
		}
	}
	return words > 0 && 2*quoted >= words
}

// pairsNeeded is how many content-word pairs two sentences with a and b pairs must
// share to be worth aligning: a third of the shorter's (an edited sentence keeps more),
// at least 2 when both have that many.
func pairsNeeded(a, b int) int {
	short := min(a, b)
	return max(min(2, short), (short+2)/3)
}

// key identifies a sentence across the articles of one alignment.
func key(r news.Ref) news.Ref { r.Text = ""; return r }

// decide turns what e shares with candidate c into a relation, if any.
func (ix *Index) decide(e *entry, eContent int, c *candidate) (news.Relation, bool) {
	x := c.e
	earlier, later := x, e
	sharedLater, sharedEarlier := c.shared, c.sharedE
	totalLater, totalEarlier := eContent, c.content
	if e.self().before(x.self()) {
		earlier, later = e, x
		sharedLater, sharedEarlier = c.sharedE, c.shared
		totalLater, totalEarlier = c.content, eContent
	}
	if totalLater == 0 || totalEarlier == 0 {
		return news.Relation{}, false
	}
	fLater := float64(sharedLater) / float64(totalLater)
	fEarlier := float64(sharedEarlier) / float64(totalEarlier)
	nearDup := (fLater >= dupLater && fEarlier >= dupEarlier) || (fLater >= dupCutLater && fEarlier >= dupCutEarlier)
	var kind string
	switch {
	case c.sameURL, nearDup && e.outlet != "" && e.outlet == x.outlet:
		kind = news.RelUpdate
	case nearDup:
		kind = news.RelDuplicate
	case c.ownCount >= reuseOwnSentences && ((c.count >= reuseSentences && sharedLater >= reuseMinWords) || (c.count >= reuseShortSentences && sharedLater >= reuseWords)):
		kind = news.RelReuse
	default:
		return news.Relation{}, false
	}
	r := news.Relation{Kind: kind, Earlier: earlier.id, Later: later.id,
		Fraction: math.Round(min(fLater, 1)*1000) / 1000, Wire: wireOf(later, earlier)}
	if c.hasSource {
		r.Source = c.source.id
	} else {
		r.Source = earlier.id
	}
	return r, true
}

// insert holds e under its keys, counting its sentences for boilerplate when it is
// original (copies no earlier article), then evicts what left the window.
func (ix *Index) insert(e *entry, original bool) {
	ix.docs[e.id] = e
	if n := len(ix.freeEnts); n > 0 {
		e.slot = ix.freeEnts[n-1]
		ix.freeEnts = ix.freeEnts[:n-1]
		ix.ents[e.slot] = e
	} else {
		e.slot = int32(len(ix.ents))
		ix.ents = append(ix.ents, e)
	}
	if original {
		e.counted = make([]uint64, 0, len(e.p.sents))
		seen := make(map[uint64]bool, len(e.p.sents))
		for i, h := range e.p.sents {
			if seen[h] {
				continue
			}
			seen[h] = true
			e.counted = append(e.counted, e.anywhereKey(i))
		}
		for _, k := range e.counted {
			ix.boiler.incr(k, math.MaxUint32)
		}
		if e.outlet != "" {
			if ix.recurrent.Len() >= maxRecurrent {
				ix.forgetRecurrent()
			}
			for i, h := range e.p.sents {
				if !seen[h] {
					continue
				}
				delete(seen, h)
				ix.recurrent.incr(e.boilerKey(i), math.MaxUint16)
			}
		}
	}
	ix.exact[e.p.exact] = ix.push(ix.exact[e.p.exact], e)
	if e.url != "" {
		ix.urls[e.url] = ix.push(ix.urls[e.url], e)
	}
	for _, k := range e.keys {
		ix.bands.push(k, e.slot)
	}
	for _, k := range e.p.anchors {
		ix.anchors.push(k, e.slot)
	}
	if e.t.After(ix.latest) {
		ix.latest = e.t
	}
	if e.seq%evictEvery == 0 || len(ix.docs) > ix.opts.MaxArticles {
		ix.evict()
	}
}

// forgetRecurrent makes room in ix.recurrent: it drops the sentences seen once, and
// when that is not enough, halves every count.
func (ix *Index) forgetRecurrent() {
	ix.recurrent.update(func(n uint32) uint32 {
		if n <= 1 {
			return 0
		}
		return n
	})
	if ix.recurrent.Len() >= maxRecurrent/2 {
		ix.recurrent.update(func(n uint32) uint32 { return n / 2 })
	}
}

// push appends e to a bucket, dropping the oldest entry of a full one.
func (ix *Index) push(b []*entry, e *entry) []*entry {
	if len(b) >= ix.opts.MaxBucket {
		n := copy(b, b[1:])
		b = b[:n]
	}
	return append(b, e)
}

// evict drops the articles older than the window, then the oldest beyond MaxArticles.
func (ix *Index) evict() {
	cut := ix.latest.Add(-ix.opts.Window)
	for _, e := range ix.docs {
		if e.t.Before(cut) {
			ix.remove(e)
		}
	}
	if over := len(ix.docs) - ix.opts.MaxArticles; over > 0 {
		all := make([]*entry, 0, len(ix.docs))
		for _, e := range ix.docs {
			all = append(all, e)
		}
		slices.SortFunc(all, func(a, b *entry) int {
			if a.self().before(b.self()) {
				return -1
			}
			return 1
		})
		// Make room for a tenth more, so that this sort runs rarely.
		for _, e := range all[:min(len(all), over+ix.opts.MaxArticles/10)] {
			ix.remove(e)
		}
	}
}

func (ix *Index) remove(e *entry) {
	e.gone = true
	delete(ix.docs, e.id)
	for _, k := range e.counted {
		ix.boiler.decr(k)
	}
	drop := func(m map[uint64][]*entry, k uint64) {
		b := slices.DeleteFunc(m[k], func(x *entry) bool { return x == e })
		if len(b) == 0 {
			delete(m, k)
		} else {
			m[k] = b
		}
	}
	drop(ix.exact, e.p.exact)
	for _, k := range e.keys {
		ix.bands.remove(k, e.slot)
	}
	for _, k := range e.p.anchors {
		ix.anchors.remove(k, e.slot)
	}
	ix.ents[e.slot] = nil
	ix.freeEnts = append(ix.freeEnts, e.slot)
	if e.url != "" {
		b := slices.DeleteFunc(ix.urls[e.url], func(x *entry) bool { return x == e })
		if len(b) == 0 {
			delete(ix.urls, e.url)
		} else {
			ix.urls[e.url] = b
		}
	}
}

// Relate finds the relations among the given articles, taken in order of publication
// (undated ones last, in the given order), whatever their distance in time: what
// `parallax compare` reports for files.
func Relate(articles []*news.Article) []news.Relation {
	as := slices.Clone(articles)
	slices.SortStableFunc(as, func(x, y *news.Article) int {
		switch {
		case x.Published.IsZero() != y.Published.IsZero():
			if x.Published.IsZero() {
				return 1
			}
			return -1
		}
		return x.Published.Compare(y.Published)
	})
	ix := NewIndex(IndexOptions{Window: 200 * 365 * 24 * time.Hour, MaxCandidates: len(as) + 1})
	rels := []news.Relation{}
	var last time.Time
	for _, a := range as {
		t := a.Published
		if t.IsZero() {
			t = last
		}
		last = t
		rels = append(rels, ix.Add(a, t)...)
	}
	return rels
}
