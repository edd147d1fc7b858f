// Package story groups articles into stories online: each new article joins the most
// similar active story or starts a new one, and two stories that one article links
// closely merge. Stories live in a sliding time window, and candidate stories are found
// through an inverted index over their top terms, so the cost of one assignment depends
// on the window, not on the size of the corpus.
//
// The state is a function of the articles of the recent past: document frequencies count
// the articles of the last History, stories are the sums of their members' term vectors
// weighed with the current frequencies. So an index rebuilt from the stored articles of
// that span (Add) continues exactly as the index that saw them arrive, also after
// merges, which the store applies by moving articles: a merged story keeps its members
// in arrival order, and its sums are exact, so they do not depend on the order of
// addition.
package story

import (
	"container/heap"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// Options tune assignment. Zero values take the defaults.
type Options struct {
	// Window is how far apart in time an article and a story's nearest article may be
	// for the article to join it (default 4 days). Older stories leave the index.
	Window time.Duration
	// History is the span of articles whose document frequencies weigh terms (default
	// 60 days).
	History time.Duration
	// Threshold is the least cosine similarity between an article and a story's centroid
	// for the article to join, after the time decay (default 0.10).
	Threshold float64
	// Merge is the least cosine similarity between two stories' centroids for them to
	// merge when one article reaches the threshold with both (default 0.25; > 1 never).
	Merge float64
	// Decay is the time constant of the similarity's decay with the distance between an
	// article and the time span of a story's articles (default 2 days): a saga's
	// developments days apart stay apart unless their words are close, while a story
	// that keeps growing stays open.
	Decay time.Duration
	// Nearest weighs the similarity of an article to the nearest of a story's recent
	// articles, which counts when it beats the similarity to the centroid (default 1;
	// negative: never).
	Nearest float64
	// Agree weighs the agreement of an article's headline words and entities with a
	// story: the share, weighed by idf, of those keys that the story's centroid holds. A
	// story's score is multiplied by 1 - Agree + Agree×agreement (default 0: off), so
	// that a story close in the bulk of its words but on other people or another event
	// scores lower than one that shares the names and the headline.
	Agree float64
	// Specificity is the power of the inverse document frequency that weighs a term
	// (default 2; 1 is plain tf-idf). Above 1, the rare words and names two articles share
	// ("DACA", "Yovanovitch") count for more against the vocabulary of a whole saga
	// ("impeachment", "hearing", "testimony"), so an article joins the development it is
	// about rather than the closest story on the same subject, and a story's late
	// commentary that shares its specific names still reaches it across the time decay.
	Specificity float64
	// Evicted, when set, receives the record of each story that leaves the window.
	Evicted func(Record)
	// Features say how articles are cut into terms.
	Features Features
}

const (
	defaultWindow      = 4 * 24 * time.Hour
	defaultHistory     = 60 * 24 * time.Hour
	defaultThreshold   = 0.10
	defaultMerge       = 0.25
	defaultSpecificity = 2.0
	defaultDecay       = 2 * 24 * time.Hour
	defaultNearest     = 1.0
	centroidTerms      = 100 // terms of a story's centroid that are scored
	postedTerms        = 24  // terms under which a story is posted in the inverted index
	queryTerms         = 12  // an article's top terms used to find candidate stories
	nearestStories     = 5   // best candidates whose members are compared one by one
	nearestMembers     = 16  // their latest members compared
	// Stories whose last article is two windows behind every article of the last
	// evictEvery arrivals leave the index; checking every evictEvery arrivals keeps the
	// cost amortized, and the "every article" rule keeps a backfill of old articles
	// working when one newer (or undated, stamped with the ingest time) came between.
	evictEvery = 256
	// fixedOne is 1 in the fixed point of story sums: a member adds at most 1 per term,
	// so a sum holds millions of members, to 1e-12 of a member's weight.
	fixedOne = 1 << 40
)

// fixed returns w in the fixed point of story sums.
func fixed(w float64) int64 { return int64(math.Round(w * fixedOne)) }

// Index is the online clustering state. It is not safe for concurrent use: assignment is
// serialized by design, so that the result depends only on the order of arrival.
type Index struct {
	opts Options

	ids     map[string]int32 // interned terms
	names   []string         // term by id
	df      []int32          // articles of the history holding each term
	docs    int              // articles in the history
	history docHeap          // those articles, oldest first, to forget them

	stories  map[string]*cluster
	postings map[int32][]*cluster
	merged   map[string]string // story id → the story it merged into
	// clock is the time the history ends at: the earliest of the last len(recent)
	// arrivals at its highest, so that one article stamped far ahead (an undated one
	// amid a backfill) does not make the history forget the present.
	clock     time.Time
	recent    [8]time.Time
	arrivals  int
	periodMin time.Time // the earliest article time of the current eviction period
	// Buffers reused by each assignment, to spare the collector.
	scratch []weighted        // reindex's candidate terms
	query   []weighted        // candidates' query terms
	seen    map[*cluster]bool // candidates' stories seen
	qvec    []float64         // candidates' article vector by term id, zero elsewhere
	// idfs caches idf by term for the current document frequencies: idfAt[id] is the
	// value of learned when idfs[id] was computed; learn bumps learned.
	idfs    []float64
	idfAt   []uint64
	learned uint64
}

type member struct {
	seq               int // arrival number in this index: members stay in arrival order across merges
	id, title, source string
	t                 time.Time
	titleTerms        []string
	terms             []weighted // term ids with 1 + log(count): weighed with the current idf when compared
}

type cluster struct {
	id string
	// sum is the sum of the members' unit term-count vectors, in fixed point (units of
	// 1/fixedOne) so that it is exact: the same members give the same sum in whatever
	// order they were added or merged, and an index rebuilt from the store (each story
	// whole, in arrival order) holds the sums of the index that saw the merges happen.
	sum         map[int32]int64
	view        map[int32]float64 // the centroidTerms heaviest terms of sum: the centroid
	top         []int32           // the view's terms, heaviest first: sums run in this order
	topW        []float64         // their weights in sum, in the same order
	posted      []int32
	first, last time.Time
	members     []member         // in arrival order, also after merges
	entities    map[string]int64 // entity display name → weight, in fixed point as sum
}

// New returns an empty index.
func New(opts Options) *Index {
	if opts.Window <= 0 {
		opts.Window = defaultWindow
	}
	if opts.History <= 0 {
		opts.History = defaultHistory
	}
	if opts.Threshold <= 0 {
		opts.Threshold = defaultThreshold
	}
	if opts.Merge <= 0 {
		opts.Merge = defaultMerge
	}
	if opts.Nearest == 0 {
		opts.Nearest = defaultNearest
	}
	if opts.Specificity <= 0 {
		opts.Specificity = defaultSpecificity
	}
	if opts.Decay <= 0 {
		opts.Decay = defaultDecay
	}
	opts.Features = opts.Features.withDefaults()
	return &Index{
		opts: opts, ids: map[string]int32{},
		stories: map[string]*cluster{}, postings: map[int32][]*cluster{}, merged: map[string]string{},
		seen: map[*cluster]bool{}, learned: 1,
	}
}

// ID is the id a story started by the article with this id gets: stable across runs.
func ID(firstArticleID string) string { return "s" + firstArticleID }

// Assignment is where an article went.
type Assignment struct {
	Story  string   // the story the article joined or started
	Merged []string // stories that merged into Story because of this article
}

// Assign places article a, published (or received) at t, into a story and returns the
// story's id: the most similar active story when its similarity reaches the threshold,
// else a new story named after a.
func (ix *Index) Assign(a *news.Article, t time.Time) string {
	return ix.AssignDoc(Prepare(a, ix.opts.Features), t).Story
}

// AssignDoc is Assign for an article already cut into features (with the index's
// Features options).
func (ix *Index) AssignDoc(d *Doc, t time.Time) Assignment {
	vec := ix.learn(d, t)
	cands := ix.candidates(vec, ix.keys(d, vec), t)
	var best *cluster
	var linked []*cluster
	if len(cands) > 0 && cands[0].score >= ix.opts.Threshold {
		best = cands[0].c
		for _, c := range cands[1:] {
			if c.score >= ix.opts.Threshold {
				linked = append(linked, c.c)
			}
		}
	}
	if best == nil {
		best = &cluster{id: ID(d.ID), first: t, last: t, sum: map[int32]int64{}, entities: map[string]int64{}}
		ix.stories[best.id] = best
	}
	ix.add(best, d, vec, t)
	res := Assignment{Story: best.id}
	for _, c := range linked {
		if ix.stories[c.id] != c || ix.similarity(best, c) < ix.opts.Merge {
			continue
		}
		from, into := c, best
		if preferredSurvivor(c, best) {
			from, into = best, c
		}
		ix.merge(from, into)
		res.Merged = append(res.Merged, from.id)
		best = into
		res.Story = into.id
	}
	ix.evict(t)
	return res
}

// preferredSurvivor reports whether a rather than b keeps its id when they merge: the
// bigger story, else the older one, so that links to the better known story stay.
func preferredSurvivor(a, b *cluster) bool {
	if len(a.members) != len(b.members) {
		return len(a.members) > len(b.members)
	}
	if !a.first.Equal(b.first) {
		return a.first.Before(b.first)
	}
	return a.id < b.id
}

// Add records that article a, at time t, belongs to story id, without choosing: used to
// rebuild the index from the store on start, oldest article first.
func (ix *Index) Add(a *news.Article, storyID string, t time.Time) {
	d := Prepare(a, ix.opts.Features)
	vec := ix.learn(d, t)
	storyID = ix.Resolve(storyID)
	c := ix.stories[storyID]
	if c == nil {
		c = &cluster{id: storyID, first: t, last: t, sum: map[int32]int64{}, entities: map[string]int64{}}
		ix.stories[storyID] = c
	}
	ix.add(c, d, vec, t)
	ix.evict(t)
}

// Resolve follows the merges this index saw or was told of (Merged): the id of the story
// that a story id now stands for.
func (ix *Index) Resolve(id string) string {
	for i := 0; i < 64; i++ {
		next, ok := ix.merged[id]
		if !ok {
			break
		}
		id = next
	}
	return id
}

// Merged tells the index that story from merged into story into (read back from a store).
func (ix *Index) Merged(from, into string) {
	if from != into {
		ix.merged[from] = into
	}
}

// Len returns the number of stories in the active window.
func (ix *Index) Len() int { return len(ix.stories) }

// Window returns the configured time window.
func (ix *Index) Window() time.Duration { return ix.opts.Window }

// Features returns the feature options of the index: Docs given to AssignDoc must be
// prepared with them.
func (ix *Index) Features() Features { return ix.opts.Features }

// History returns the span of articles that weigh terms: a rebuild reads this far back.
func (ix *Index) History() time.Duration { return ix.opts.History }

// learn counts d's terms in the document frequencies (forgetting articles older than the
// history before the clock) and returns d's unit tf-idf vector over interned terms, in d's term order.
func (ix *Index) learn(d *Doc, t time.Time) []weighted {
	ix.learned++ // the frequencies change: cached idfs are stale
	ix.recent[ix.arrivals%len(ix.recent)] = t
	if ix.arrivals >= len(ix.recent)-1 {
		m := ix.recent[0]
		for _, r := range ix.recent[1:] {
			if r.Before(m) {
				m = r
			}
		}
		if m.After(ix.clock) {
			ix.clock = m
		}
	}
	cut := ix.clock.Add(-ix.opts.History)
	for len(ix.history) > 0 && ix.history[0].t.Before(cut) {
		old := heap.Pop(&ix.history).(histDoc)
		for _, id := range old.terms {
			ix.df[id]--
		}
		ix.docs--
	}
	terms := make([]int32, len(d.Terms))
	for i, w := range d.Terms {
		id, ok := ix.ids[w]
		if !ok {
			id = int32(len(ix.names))
			ix.ids[w] = id
			ix.names = append(ix.names, w)
			ix.df = append(ix.df, 0)
			ix.idfs = append(ix.idfs, 0)
			ix.idfAt = append(ix.idfAt, 0)
		}
		terms[i] = id
	}
	if !t.Before(cut) {
		for _, id := range terms {
			ix.df[id]++
		}
		ix.docs++
		heap.Push(&ix.history, histDoc{t: t, terms: terms})
	}
	vec := make([]weighted, len(terms))
	var norm float64
	for i, id := range terms {
		v := (1 + math.Log(d.Weights[i])) * ix.idf(id)
		vec[i] = weighted{id, v}
		norm += v * v
	}
	norm = math.Sqrt(norm)
	for i := range vec {
		vec[i].w /= norm
	}
	return vec
}

// idf is the weight of a term for the current document frequencies, raised to the
// Specificity. A term that no other article of the history holds weighs as one that two
// hold: it cannot match, and squared, the words an article alone uses (a typo, a name
// seen once) would otherwise outweigh what it shares, most of all in a young index.
func (ix *Index) idf(id int32) float64 {
	if ix.idfAt[id] == ix.learned {
		return ix.idfs[id]
	}
	df := max(ix.df[id], 2)
	v := math.Log(float64(ix.docs+1)/float64(df)) + 0.5
	switch p := ix.opts.Specificity; p {
	case 1:
	case 2:
		v *= v
	default:
		v = math.Pow(v, p)
	}
	ix.idfs[id], ix.idfAt[id] = v, ix.learned
	return v
}

type weighted struct {
	id int32
	w  float64
}

type candidate struct {
	c     *cluster
	score float64
}

// candidates returns the active stories that share a top term with vec and are within
// the window of t, most similar first.
func (ix *Index) candidates(vec []weighted, keys []int32, t time.Time) []candidate {
	// A term no other article of the history holds cannot find a story: the query is the
	// heaviest of the others.
	top := ix.query[:0]
	for _, q := range vec {
		if ix.df[q.id] > 1 {
			top = append(top, q)
		}
	}
	sort.SliceStable(top, func(i, j int) bool { return top[i].w > top[j].w })
	if len(top) > queryTerms {
		top = top[:queryTerms]
	}
	ix.query = top[:0]
	seen := ix.seen
	clear(seen)
	var out []candidate
	for _, q := range top {
		for _, c := range ix.postings[q.id] {
			if seen[c] {
				continue
			}
			seen[c] = true
			if t.Before(c.first.Add(-ix.opts.Window)) || t.After(c.last.Add(ix.opts.Window)) {
				continue
			}
			out = append(out, candidate{c, ix.score(vec, c) * ix.decay(c, t) * ix.agreement(keys, c)})
		}
	}
	byScore := func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].c.id < out[j].c.id
	}
	sort.Slice(out, byScore)
	// A big story's centroid is broad: an article on one side of it (one state of an
	// election night) can be far from the centroid and close to one member. The best few
	// candidates also count their nearest recent member.
	if ix.opts.Nearest > 0 && len(out) > 0 {
		for len(ix.qvec) < len(ix.names) {
			ix.qvec = append(ix.qvec, 0)
		}
		q := ix.qvec
		for _, v := range vec {
			q[v.id] = v.w
		}
		defer func() {
			for _, v := range vec {
				q[v.id] = 0
			}
		}()
		for i := range out[:min(len(out), nearestStories)] {
			c := out[i].c
			nn := ix.nearestMember(q, c) * ix.opts.Nearest * ix.decay(c, t) * ix.agreement(keys, c)
			if nn > out[i].score {
				out[i].score = nn
			}
		}
		sort.Slice(out, byScore)
	}
	return out
}

// keys returns the ids of d's headline terms and entities that other articles of the
// history hold too: the names and words that say which event an article is about.
func (ix *Index) keys(d *Doc, vec []weighted) []int32 {
	if ix.opts.Agree <= 0 {
		return nil
	}
	var out []int32
	seen := map[int32]bool{}
	for _, w := range d.title {
		if id, ok := ix.ids[w]; ok && ix.df[id] > 1 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for i, w := range d.Terms {
		if strings.HasPrefix(w, "=") && ix.df[vec[i].id] > 1 && !seen[vec[i].id] {
			seen[vec[i].id] = true
			out = append(out, vec[i].id)
		}
	}
	return out
}

// agreement is the factor the Agree option puts on c's score: 1 - Agree + Agree × the
// idf-weighed share of keys found among c's centroid terms.
func (ix *Index) agreement(keys []int32, c *cluster) float64 {
	if ix.opts.Agree <= 0 || len(keys) == 0 {
		return 1
	}
	var in, all float64
	for _, id := range keys {
		w := ix.idf(id)
		all += w
		if _, ok := c.view[id]; ok {
			in += w
		}
	}
	return 1 - ix.opts.Agree + ix.opts.Agree*in/all
}

// nearestMember is the highest cosine between the unit article vector q and one of the
// last nearestMembers members of c.
func (ix *Index) nearestMember(q []float64, c *cluster) float64 {
	best := 0.0
	for _, m := range c.members[max(0, len(c.members)-nearestMembers):] {
		var dot, norm float64
		for _, w := range m.terms {
			v := w.w * ix.idf(w.id)
			norm += v * v
			dot += v * q[w.id]
		}
		if norm > 0 {
			best = max(best, dot/math.Sqrt(norm))
		}
	}
	return best
}

// decay discounts a story by the time between t and its span of articles.
func (ix *Index) decay(c *cluster, t time.Time) float64 {
	var dt float64
	switch {
	case t.Before(c.first):
		dt = c.first.Sub(t).Hours()
	case t.After(c.last):
		dt = t.Sub(c.last).Hours()
	}
	return math.Exp(-dt / ix.opts.Decay.Hours())
}

// score is the cosine between a unit article vector and a story's centroid, both weighed
// with the current document frequencies.
func (ix *Index) score(vec []weighted, c *cluster) float64 {
	norm := ix.norm(c)
	if norm == 0 {
		return 0
	}
	var dot float64
	for _, q := range vec {
		if s, ok := c.view[q.id]; ok {
			dot += q.w * s * ix.idf(q.id)
		}
	}
	return dot / norm
}

func (ix *Index) norm(c *cluster) float64 {
	var n float64
	for i, id := range c.top {
		v := c.topW[i] * ix.idf(id)
		n += v * v
	}
	return math.Sqrt(n)
}

// similarity is the cosine between two stories' centroids.
func (ix *Index) similarity(a, b *cluster) float64 {
	na, nb := ix.norm(a), ix.norm(b)
	if na == 0 || nb == 0 {
		return 0
	}
	var dot float64
	for i, id := range a.top {
		if sb, ok := b.view[id]; ok {
			sa := a.topW[i]
			idf := ix.idf(id)
			dot += sa * idf * sb * idf
		}
	}
	return dot / (na * nb)
}

func (ix *Index) add(c *cluster, d *Doc, vec []weighted, t time.Time) {
	// The member's raw counts, unit length: every article weighs the same in its story
	// whatever its length, and the sum does not depend on the idf of the day.
	var norm float64
	for _, w := range d.Weights {
		norm += w * w
	}
	norm = math.Sqrt(norm)
	for i, q := range vec {
		c.sum[q.id] += fixed(d.Weights[i] / norm)
	}
	raw := make([]weighted, len(vec))
	for i, q := range vec {
		raw[i] = weighted{q.id, 1 + math.Log(d.Weights[i])}
	}
	c.members = append(c.members, member{seq: ix.arrivals, id: d.ID, title: d.Title, source: d.Source, t: t, titleTerms: d.title, terms: raw})
	for i, e := range d.Entities {
		c.entities[e] += fixed(1 / float64(i+1))
	}
	if t.Before(c.first) {
		c.first = t
	}
	if t.After(c.last) {
		c.last = t
	}
	ix.reindex(c, vec)
}

// reindex recomputes c's scored view and its postings. changed lists the terms whose
// weight in c.sum grew since c.view was last computed, or is nil when any term may have
// changed (a merge). Weights only grow between two reindexes of a story, so a term outside
// the old view that did not change still weighs less than every term of the old view, and
// the new view is the heaviest of the old view and the changed terms: selecting among
// those instead of the whole sum gives the same terms in the same order.
func (ix *Index) reindex(c *cluster, changed []weighted) {
	ix.unpost(c)
	cand := ix.scratch[:0]
	if changed == nil || c.view == nil {
		for id, w := range c.sum {
			cand = append(cand, weighted{id, float64(w) / fixedOne})
		}
	} else {
		for _, id := range c.top {
			cand = append(cand, weighted{id, float64(c.sum[id]) / fixedOne})
		}
		for _, q := range changed {
			if _, ok := c.view[q.id]; !ok {
				cand = append(cand, weighted{q.id, float64(c.sum[q.id]) / fixedOne})
			}
		}
	}
	top := ix.heaviest(cand, centroidTerms)
	ix.scratch = cand[:0]
	if c.view == nil {
		c.view = make(map[int32]float64, centroidTerms)
	} else {
		clear(c.view)
	}
	c.top, c.topW = c.top[:0], c.topW[:0]
	for _, q := range top {
		c.view[q.id] = q.w
		c.top = append(c.top, q.id)
		c.topW = append(c.topW, q.w)
	}
	c.posted = c.top
	if len(c.posted) > postedTerms {
		c.posted = c.posted[:postedTerms]
	}
	for _, id := range c.posted {
		ix.postings[id] = append(ix.postings[id], c)
	}
}

// heaviest orders the n terms of cand with the largest weights first, ties broken by the
// term itself, so that the result depends only on the members, not on their order, and
// returns them (a prefix of cand, which it reorders).
func (ix *Index) heaviest(cand []weighted, n int) []weighted {
	less := func(a, b weighted) bool {
		if a.w != b.w {
			return a.w > b.w
		}
		return ix.names[a.id] < ix.names[b.id]
	}
	if len(cand) > n {
		selectFirst(cand, n, less)
		cand = cand[:n]
	}
	sort.Slice(cand, func(i, j int) bool { return less(cand[i], cand[j]) })
	return cand
}

// selectFirst reorders s so that its n first elements are the n least under less (a
// strict total order), in no particular order: Hoare's quickselect with a median-of-three
// pivot, O(len(s)) on average.
func selectFirst(s []weighted, n int, less func(a, b weighted) bool) {
	lo, hi := 0, len(s)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if less(s[mid], s[lo]) {
			s[mid], s[lo] = s[lo], s[mid]
		}
		if less(s[hi], s[lo]) {
			s[hi], s[lo] = s[lo], s[hi]
		}
		if less(s[hi], s[mid]) {
			s[hi], s[mid] = s[mid], s[hi]
		}
		pivot := s[mid]
		i, j := lo, hi
		for i <= j {
			for less(s[i], pivot) {
				i++
			}
			for less(pivot, s[j]) {
				j--
			}
			if i <= j {
				s[i], s[j] = s[j], s[i]
				i++
				j--
			}
		}
		// s[lo..j] ≤ pivot ≤ s[i..hi], and s[j+1..i-1] equals the pivot.
		switch {
		case n-1 <= j:
			hi = j
		case n-1 >= i:
			lo = i
		default:
			return
		}
	}
}

func (ix *Index) unpost(c *cluster) {
	for _, id := range c.posted {
		list := ix.postings[id]
		for i, x := range list {
			if x == c {
				list[i] = list[len(list)-1]
				list = list[:len(list)-1]
				break
			}
		}
		if len(list) == 0 {
			delete(ix.postings, id)
		} else {
			ix.postings[id] = list
		}
	}
	c.posted = nil
}

// merge moves story from into story into and records it.
func (ix *Index) merge(from, into *cluster) {
	for id, w := range from.sum {
		into.sum[id] += w
	}
	// Members stay in arrival order, as in an index rebuilt from the store, where the
	// merged stories' articles come back as one story: the nearest-member score reads
	// the latest members, and the record's title and articles read them in order.
	into.members = append(into.members, from.members...)
	sort.SliceStable(into.members, func(i, j int) bool { return into.members[i].seq < into.members[j].seq })
	for e, w := range from.entities {
		into.entities[e] += w
	}
	if from.first.Before(into.first) {
		into.first = from.first
	}
	if from.last.After(into.last) {
		into.last = from.last
	}
	ix.unpost(from)
	delete(ix.stories, from.id)
	ix.merged[from.id] = into.id
	ix.reindex(into, nil)
}

// evict drops the stories that can no longer grow: every evictEvery arrivals, those whose
// last article is two windows older than every article of the period.
func (ix *Index) evict(t time.Time) {
	if ix.arrivals%evictEvery == 0 || t.Before(ix.periodMin) {
		ix.periodMin = t
	}
	ix.arrivals++
	if ix.arrivals%evictEvery != 0 {
		return
	}
	cut := ix.periodMin.Add(-2 * ix.opts.Window)
	var gone []*cluster
	for _, c := range ix.stories {
		if c.last.Before(cut) {
			gone = append(gone, c)
		}
	}
	sort.Slice(gone, func(i, j int) bool { return gone[i].id < gone[j].id })
	for _, c := range gone {
		if ix.opts.Evicted != nil {
			ix.opts.Evicted(ix.record(c))
		}
		ix.unpost(c)
		delete(ix.stories, c.id)
	}
}

type histDoc struct {
	t     time.Time
	terms []int32
}

type docHeap []histDoc

func (h docHeap) Len() int           { return len(h) }
func (h docHeap) Less(i, j int) bool { return h[i].t.Before(h[j].t) }
func (h docHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *docHeap) Push(x any)        { *h = append(*h, x.(histDoc)) }
func (h *docHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
