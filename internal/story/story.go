// Package story groups articles into stories online: each new article joins the most
// similar active story or starts a new one. Stories live in a sliding time window, and
// candidate stories are found through an inverted index over their top terms, so the cost
// of one assignment depends on the window, not on the size of the corpus.
package story

import (
	"math"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// Options tune assignment. Zero values take the defaults.
type Options struct {
	// Window is how far apart in time an article and a story's nearest article may be
	// for the article to join it (default 4 days). Older stories leave the index.
	Window time.Duration
	// Threshold is the least cosine similarity between an article and a story's centroid
	// for the article to join (default 0.25).
	Threshold float64
}

const (
	defaultWindow    = 4 * 24 * time.Hour
	defaultThreshold = 0.25
	centroidTerms    = 120 // terms kept per story centroid
	queryTerms       = 12  // an article's top terms used to find candidate stories
	// A story leaves the index once its last article is two windows behind the latest one
	// and it has not grown for idleArrivals arrivals: the second rule keeps a backfill of
	// old articles working when newer ones (or undated ones, stamped with the ingest time)
	// came first. Eviction runs every evictEvery arrivals, so its cost is amortized.
	idleArrivals = 4096
	evictEvery   = 256
	leadWords    = 160 // body words of an article that count (the lead carries the event)
	titleWeight  = 2.0
)

// Index is the online clustering state. It is not safe for concurrent use: assignment is
// serialized by design, so that the result depends only on the order of arrival.
type Index struct {
	opts     Options
	docs     int            // articles seen, for idf
	df       map[string]int // document frequency of each term
	stories  map[string]*cluster
	postings map[string]map[*cluster]struct{}
	latest   time.Time // the latest article time seen: the window ends here
	arrivals int       // articles added so far: the clock of idleness
}

type cluster struct {
	id          string
	sum         map[string]float64 // sum of member vectors, pruned to centroidTerms
	norm        float64
	first, last time.Time
	n           int
	indexed     []string // terms under which the cluster is posted
	touched     int      // ix.arrivals when the story last grew
}

// New returns an empty index.
func New(opts Options) *Index {
	if opts.Window <= 0 {
		opts.Window = defaultWindow
	}
	if opts.Threshold <= 0 {
		opts.Threshold = defaultThreshold
	}
	return &Index{opts: opts, df: map[string]int{}, stories: map[string]*cluster{}, postings: map[string]map[*cluster]struct{}{}}
}

// ID is the id a story started by the article with this id gets: stable across runs.
func ID(firstArticleID string) string { return "s" + firstArticleID }

// Assign places article a, published (or received) at t, into a story and returns the
// story's id: the most similar active story when its similarity reaches the threshold,
// else a new story named after a.
func (ix *Index) Assign(a *news.Article, t time.Time) string {
	tf := termFreqs(a)
	ix.learn(tf)
	vec := ix.weigh(tf)
	best, score := ix.nearest(vec, t)
	if best == nil || score < ix.opts.Threshold {
		best = &cluster{id: ID(a.ID), first: t, last: t}
		ix.stories[best.id] = best
	}
	ix.add(best, vec, t)
	ix.evict()
	return best.id
}

// Add records that article a, at time t, belongs to story id, without choosing: used to
// rebuild the index from the store on start.
func (ix *Index) Add(a *news.Article, storyID string, t time.Time) {
	tf := termFreqs(a)
	ix.learn(tf)
	c := ix.stories[storyID]
	if c == nil {
		c = &cluster{id: storyID, first: t, last: t}
		ix.stories[storyID] = c
	}
	ix.add(c, ix.weigh(tf), t)
	ix.evict()
}

// Len returns the number of stories in the active window.
func (ix *Index) Len() int { return len(ix.stories) }

// Window returns the configured time window.
func (ix *Index) Window() time.Duration { return ix.opts.Window }

func (ix *Index) learn(tf map[string]float64) {
	ix.docs++
	for w := range tf {
		ix.df[w]++
	}
}

// weigh turns term frequencies into a unit tf-idf vector.
func (ix *Index) weigh(tf map[string]float64) map[string]float64 {
	vec := make(map[string]float64, len(tf))
	var norm float64
	for w, f := range tf {
		idf := math.Log(float64(ix.docs+1) / float64(ix.df[w]))
		v := (1 + math.Log(f)) * (idf + 0.5)
		vec[w] = v
		norm += v * v
	}
	norm = math.Sqrt(norm)
	if norm > 0 {
		for w := range vec {
			vec[w] /= norm
		}
	}
	return vec
}

func (ix *Index) nearest(vec map[string]float64, t time.Time) (*cluster, float64) {
	cands := map[*cluster]struct{}{}
	for _, w := range top(vec, queryTerms) {
		for c := range ix.postings[w] {
			cands[c] = struct{}{}
		}
	}
	var best *cluster
	bestScore := 0.0
	for c := range cands {
		if t.Before(c.first.Add(-ix.opts.Window)) || t.After(c.last.Add(ix.opts.Window)) {
			continue
		}
		var dot float64
		for w, v := range vec {
			dot += v * c.sum[w]
		}
		s := dot / c.norm
		if s > bestScore || (s == bestScore && best != nil && c.id < best.id) {
			best, bestScore = c, s
		}
	}
	return best, bestScore
}

func (ix *Index) add(c *cluster, vec map[string]float64, t time.Time) {
	if c.sum == nil {
		c.sum = map[string]float64{}
	}
	for w, v := range vec {
		c.sum[w] += v
	}
	if len(c.sum) > centroidTerms {
		keep := map[string]struct{}{}
		for _, w := range top(c.sum, centroidTerms) {
			keep[w] = struct{}{}
		}
		for w := range c.sum {
			if _, ok := keep[w]; !ok {
				delete(c.sum, w)
			}
		}
	}
	c.norm = 0
	for _, v := range c.sum {
		c.norm += v * v
	}
	c.norm = math.Sqrt(c.norm)
	c.n++
	ix.arrivals++
	c.touched = ix.arrivals
	if t.Before(c.first) {
		c.first = t
	}
	if t.After(c.last) {
		c.last = t
	}
	if t.After(ix.latest) {
		ix.latest = t
	}
	ix.unpost(c)
	c.indexed = top(c.sum, 2*queryTerms)
	for _, w := range c.indexed {
		if ix.postings[w] == nil {
			ix.postings[w] = map[*cluster]struct{}{}
		}
		ix.postings[w][c] = struct{}{}
	}
}

func (ix *Index) unpost(c *cluster) {
	for _, w := range c.indexed {
		delete(ix.postings[w], c)
		if len(ix.postings[w]) == 0 {
			delete(ix.postings, w)
		}
	}
	c.indexed = nil
}

// evict drops the stories that can no longer grow (see idleArrivals).
func (ix *Index) evict() {
	if ix.arrivals%evictEvery != 0 {
		return
	}
	cut := ix.latest.Add(-2 * ix.opts.Window)
	for id, c := range ix.stories {
		if c.last.Before(cut) && ix.arrivals-c.touched > idleArrivals {
			ix.unpost(c)
			delete(ix.stories, id)
		}
	}
}

// top returns the n keys with the largest values, ties broken by key.
func top(m map[string]float64, n int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > n {
		keys = keys[:n]
	}
	return keys
}

// termFreqs counts the content words of the headline (weighted), standfirst and lead.
func termFreqs(a *news.Article) map[string]float64 {
	tf := map[string]float64{}
	addTerms(tf, a.Title, titleWeight, 0)
	budget := leadWords
	budget -= addTerms(tf, a.Standfirst, 1, budget)
	for _, p := range a.Paragraphs {
		if budget <= 0 {
			break
		}
		budget -= addTerms(tf, p, 1, budget)
	}
	return tf
}

// addTerms adds the content terms of s to tf with weight w, reading at most limit words
// (0: no limit); it returns the number of words read.
func addTerms(tf map[string]float64, s string, w float64, limit int) int {
	words := text.Terms(s)
	if limit > 0 && len(words) > limit {
		words = words[:limit]
	}
	for _, t := range words {
		t = strings.TrimSuffix(t, "'s")
		if len([]rune(t)) < 3 || text.IsStopword(t) || !hasLetter(t) {
			continue
		}
		tf[t] += w
	}
	return len(words)
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
