package reuse

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// EvalArticle is one article of an evaluation stream, with the time it arrives at and
// its topic (the corpus's label, e.g. AllSides "elections").
type EvalArticle struct {
	Article *news.Article
	T       time.Time
	Topic   string
}

// Roles of the synthetic articles of an evaluation set.
const (
	RoleCopy      = "copy"      // an edited copy of a real article (near duplicate)
	RoleExact     = "exact"     // the same text, re-crawled or syndicated (exact duplicate)
	RoleReuse     = "reuse"     // a new article holding sentences of a real one (partial reuse)
	RoleUnrelated = "unrelated" // a real article of the same topic, held out and re-dated near another
)

// EvalSet is a stream of real articles with synthetic ones injected, and the relations
// the synthetic ones should get.
type EvalSet struct {
	Stream []EvalArticle // in time order
	// Near is the gold near-duplicate pairs (original, copy) with the kind expected
	// (duplicate, or update when the copy has the original's outlet); Reuse the gold
	// partial-reuse pairs (source, new article).
	Near  map[[2]string]string
	Reuse map[[2]string]bool
	Role  map[string]string // synthetic article id -> role
	Topic map[string]string // every article id -> topic
	// Articles holds the articles of Stream by id.
	Articles map[string]*news.Article
}

// EvalOptions size an evaluation set; Seed makes it reproducible.
type EvalOptions struct {
	Seed                      uint64
	Copies, Reuses, Unrelated int
}

// boilerplate is text that sites add around reprinted articles.
var boilerplate = []string{
	"Sign up for our newsletter to get the day's top stories delivered to your inbox every morning.",
	"Copyright 2019 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
	"Follow us on Twitter and Facebook for the latest updates.",
	"Click here to read more stories like this one.",
	"This story has been updated.",
	"Do you have a news tip? Email our newsroom.",
}

// BuildEval injects synthetic articles into real, a stream of real articles in time
// order. Originals, reuse sources, hosts and unrelated articles are drawn from the
// articles not in exclude (articles the detector already relates to others in the real
// corpus, whose gold relations are unknown) with a body of at least 8 sentences.
// Hosts and unrelated articles leave the real stream: their text is new when it comes.
func BuildEval(real []EvalArticle, exclude map[string]bool, opts EvalOptions) (*EvalSet, error) {
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	set := &EvalSet{Near: map[[2]string]string{}, Reuse: map[[2]string]bool{}, Role: map[string]string{}, Topic: map[string]string{}}
	var pool []int
	for i, ea := range real {
		set.Topic[ea.Article.ID] = ea.Topic
		if exclude[ea.Article.ID] || len(flat(ea.Article)) < 8 {
			continue
		}
		pool = append(pool, i)
	}
	need := 3*opts.Copies + 3*opts.Reuses + 2*opts.Unrelated
	if len(pool) < need {
		return nil, fmt.Errorf("reuse eval: %d usable articles, need %d", len(pool), need)
	}
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	used := map[int]bool{}
	held := map[int]bool{} // leave the real stream
	dated := func(i int) bool { return !real[i].Article.Published.IsZero() }
	anyArticle := func(int) bool { return true }
	// take draws an unused article that ok accepts (-1 when none is left).
	take := func(ok func(int) bool) int {
		for k, i := range pool {
			if !used[i] && ok(i) {
				used[i] = true
				pool = append(pool[:k:k], pool[k+1:]...)
				return i
			}
		}
		return -1
	}
	inPool := map[int]bool{}
	for _, i := range pool {
		inPool[i] = true
	}
	// nearby draws the unused article nearest in time to real[i] that ok accepts,
	// looking at most reach articles away (-1 when none). Text moved to another time
	// must come from near its own: an article unrelated to everything of its own
	// window may share passages with articles of another time (the same story weeks
	// later), which would count as false links.
	nearby := func(i, reach int, ok func(int) bool) int {
		for d := 1; d <= reach; d++ {
			for _, j := range [2]int{i - d, i + d} {
				if j >= 0 && j < len(real) && inPool[j] && !used[j] && ok(j) {
					used[j] = true
					return j
				}
			}
		}
		return -1
	}
	// nearTopic draws the article nearest to real[i] of its topic within reach, else
	// the nearest that ok accepts.
	const reach = 300
	nearTopic := func(i int, ok func(int) bool) int {
		if j := nearby(i, reach, func(j int) bool { return real[j].Topic == real[i].Topic && ok(j) }); j >= 0 {
			return j
		}
		return nearby(i, len(real), ok)
	}
	var injected []EvalArticle
	nDated := 0
	for _, i := range pool {
		if dated(i) {
			nDated++
		}
	}
	if nDated < need {
		return nil, fmt.Errorf("reuse eval: %d usable dated articles, need %d", nDated, need)
	}
	// With need articles in the pool, and as many dated, every draw below finds one.
	for k := range opts.Copies {
		oi := take(anyArticle)
		o := real[oi]
		// The inserted "local" paragraphs come from a held-out article near in time.
		fi := nearby(oi, len(real), anyArticle)
		held[fi] = true
		filler := real[fi].Article.Paragraphs
		next := 0
		nextFiller := func() string {
			p := filler[next%len(filler)]
			next++
			return p
		}
		c, role := editedCopy(rng, o.Article, k, nextFiller)
		sameOutlet := role == RoleCopy && rng.Float64() < 0.3
		if sameOutlet {
			c.Source = o.Article.Source
			c.URL = o.Article.URL
			if rng.Float64() < 0.5 {
				c.URL = "" // an update found by outlet and text, not by URL
			}
		}
		kind := news.RelDuplicate
		if sameOutlet {
			kind = news.RelUpdate
		}
		set.Near[[2]string{o.Article.ID, c.ID}] = kind
		set.Role[c.ID] = role
		set.Topic[c.ID] = o.Topic
		injected = append(injected, EvalArticle{c, o.T.Add(time.Duration(rng.Int64N(int64(36 * time.Hour)))), o.Topic})
	}
	for k := range opts.Reuses {
		si := take(anyArticle)
		src := real[si]
		hi := nearTopic(si, anyArticle)
		held[hi] = true
		host := real[hi]
		r := reusing(rng, src.Article, host.Article, k)
		set.Reuse[[2]string{src.Article.ID, r.ID}] = true
		set.Role[r.ID] = RoleReuse
		set.Topic[r.ID] = host.Topic
		injected = append(injected, EvalArticle{r, src.T.Add(time.Hour + time.Duration(rng.Int64N(int64(47*time.Hour)))), host.Topic})
	}
	for k := range opts.Unrelated {
		// Both dated: undated articles are stamped at the end of the stream, where
		// articles of one story far apart in time (hence unrelated in the first pass)
		// would meet.
		ni := take(dated)
		near := real[ni]
		ui := nearTopic(ni, dated)
		held[ui] = true
		u := *real[ui].Article
		u.ID = fmt.Sprintf("unrelated-%d", k)
		set.Role[u.ID] = RoleUnrelated
		set.Topic[u.ID] = real[ui].Topic
		injected = append(injected, EvalArticle{&u, near.T.Add(time.Duration(rng.Int64N(int64(48*time.Hour))) - 24*time.Hour), real[ui].Topic})
	}
	for i, ea := range real {
		if !held[i] {
			set.Stream = append(set.Stream, ea)
		}
	}
	set.Stream = append(set.Stream, injected...)
	set.Articles = make(map[string]*news.Article, len(set.Stream))
	for _, ea := range set.Stream {
		set.Articles[ea.Article.ID] = ea.Article
	}
	slices.SortStableFunc(set.Stream, func(a, b EvalArticle) int { return a.T.Compare(b.T) })
	return set, nil
}

// flat lists an article's body sentences.
func flat(a *news.Article) []string {
	var out []string
	for _, p := range a.Paragraphs {
		out = append(out, text.Sentences(p)...)
	}
	return out
}

var usFold = strings.NewReplacer("U.S.", "US", "U.K.", "UK", "U.N.", "UN")

// editedCopy returns a copy of o with random edits of the kinds a reprint makes. One
// copy in ten is exact (only spacing and "U.S." spelled "US", which normalization folds).
func editedCopy(rng *rand.Rand, o *news.Article, k int, filler func() string) (*news.Article, string) {
	c := &news.Article{ID: fmt.Sprintf("copy-%d", k), Title: o.Title, Authors: o.Authors, Language: o.Language,
		Source: news.Source{Name: fmt.Sprintf("Syndicator %d", k%40), Domain: fmt.Sprintf("syndicator%d.example", k%40)},
		Input:  news.Input{Kind: news.KindJSONL, Path: "eval"}}
	paras := slices.Clone(o.Paragraphs)
	if rng.Float64() < 0.1 {
		for i, p := range paras {
			paras[i] = usFold.Replace(p) + " "
		}
		c.Paragraphs = paras
		return c, RoleExact
	}
	edits := 0
	for edits < 2 {
		if rng.Float64() < 0.5 { // drop sentences (up to a tenth, not the lead)
			paras = dropSentences(rng, paras)
			edits++
		}
		if rng.Float64() < 0.4 && len(paras) > 3 { // swap two paragraphs
			i := 1 + rng.IntN(len(paras)-2)
			paras[i], paras[i+1] = paras[i+1], paras[i]
			edits++
		}
		if rng.Float64() < 0.5 {
			for i, p := range paras {
				paras[i] = usFold.Replace(p)
			}
			edits++
		}
		if rng.Float64() < 0.4 {
			c.Title = rewriteTitle(rng, o.Title)
			edits++
		}
		if rng.Float64() < 0.4 { // one or two local paragraphs
			for range 1 + rng.IntN(2) {
				at := rng.IntN(len(paras) + 1)
				paras = slices.Insert(paras, at, filler())
			}
			edits++
		}
		if rng.Float64() < 0.3 && len(paras) > 4 { // cut short, keeping 60-90%
			keep := max(3, int(float64(len(paras))*(0.6+0.3*rng.Float64())))
			paras = paras[:min(keep, len(paras))]
			edits++
		}
		if rng.Float64() < 0.4 {
			for range 1 + rng.IntN(2) {
				paras = append(paras, boilerplate[rng.IntN(len(boilerplate))])
			}
			edits++
		}
	}
	c.Paragraphs = paras
	return c, RoleCopy
}

func dropSentences(rng *rand.Rand, paras []string) []string {
	var sents [][]string
	total := 0
	for _, p := range paras {
		s := text.Sentences(p)
		sents = append(sents, s)
		total += len(s)
	}
	n := 1 + rng.IntN(max(1, total/10))
	for range n {
		pi := 1 + rng.IntN(max(1, len(sents)-1))
		if pi >= len(sents) || len(sents[pi]) == 0 {
			continue
		}
		si := rng.IntN(len(sents[pi]))
		sents[pi] = slices.Delete(sents[pi], si, si+1)
	}
	var out []string
	for _, s := range sents {
		if len(s) > 0 {
			out = append(out, strings.Join(s, " "))
		}
	}
	return out
}

func rewriteTitle(rng *rand.Rand, t string) string {
	switch rng.IntN(3) {
	case 0:
		return "UPDATE: " + t
	case 1:
		return t + " - report"
	}
	w := strings.Fields(t)
	if len(w) > 4 {
		w = w[:len(w)-2]
	}
	return "Breaking: " + strings.Join(w, " ")
}

// reusing returns a new article: host's text with 3 to 5 consecutive sentences of src
// (lightly edited) inserted as one or two paragraphs.
func reusing(rng *rand.Rand, src, host *news.Article, k int) *news.Article {
	var long []string
	for _, s := range flat(src) {
		if len(text.Words(s)) >= 8 {
			long = append(long, s)
		}
	}
	n := min(3+rng.IntN(3), len(long))
	at := rng.IntN(len(long) - n + 1)
	passage := slices.Clone(long[at : at+n])
	for i := range passage {
		if rng.Float64() < 0.3 {
			passage[i] = usFold.Replace(passage[i])
		}
	}
	paras := slices.Clone(host.Paragraphs)
	insert := []string{strings.Join(passage, " ")}
	if n > 3 && rng.Float64() < 0.5 {
		insert = []string{strings.Join(passage[:2], " "), strings.Join(passage[2:], " ")}
	}
	pos := 1 + rng.IntN(len(paras))
	paras = slices.Insert(paras, pos, insert...)
	return &news.Article{ID: fmt.Sprintf("reuse-%d", k), Title: host.Title, Source: host.Source, Authors: host.Authors,
		Language: host.Language, Paragraphs: paras, Input: news.Input{Kind: news.KindJSONL, Path: "eval"}}
}

// EvalScore is how the relations found on an EvalSet's stream compare with its gold.
type EvalScore struct {
	NearGold, NearFound, NearRight, NearKindRight, NearSourceRight int
	ReuseGold, ReuseFound, ReuseRight, ReuseSourceRight            int
	// FalseLinks counts relations of a synthetic article between articles the gold does
	// not relate at all; FalseSameTopic those of them between articles of the same
	// topic (different stories on the same topic must not be linked). WrongKind counts
	// gold pairs found with the other kind (a near duplicate found as partial reuse or
	// the reverse): a missed relation of its kind, not a link between different stories.
	// RealText counts the links outside the gold between articles that hold the same
	// real sentences (at least realShared identical sentences of 8 words or more, none of
	// the injected boilerplate): the injector drew them as different stories, but the
	// corpus's text is shared (an outlet's explainer box or promo, a running list of
	// candidates), so they are not counted as false links.
	FalseLinks, FalseSameTopic, WrongKind, RealText int
	Examples                                        []string // the first false or missed relations (sorted), for reading
	// False lists the false links (earlier, later), for reading; MissedReuse the gold
	// partial reuses not found.
	False, MissedReuse [][2]string
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (s EvalScore) NearPrecision() float64  { return ratio(s.NearRight, s.NearFound) }
func (s EvalScore) NearRecall() float64     { return ratio(s.NearRight, s.NearGold) }
func (s EvalScore) ReusePrecision() float64 { return ratio(s.ReuseRight, s.ReuseFound) }
func (s EvalScore) ReuseRecall() float64    { return ratio(s.ReuseRight, s.ReuseGold) }

// Score compares the relations found with the set's gold. Only relations with at least
// one synthetic article count: the real corpus has no gold.
func (set *EvalSet) Score(rels []news.Relation) EvalScore {
	s := EvalScore{NearGold: len(set.Near), ReuseGold: len(set.Reuse)}
	foundNear, foundReuse := map[[2]string]bool{}, map[[2]string]bool{}
	var examples []string
	example := func(format string, args ...any) { examples = append(examples, fmt.Sprintf(format, args...)) }
	for _, r := range rels {
		_, se := set.Role[r.Earlier]
		_, sl := set.Role[r.Later]
		if !se && !sl {
			continue
		}
		pair := [2]string{r.Earlier, r.Later}
		switch r.Kind {
		case news.RelDuplicate, news.RelUpdate:
			s.NearFound++
			if kind, ok := set.Near[pair]; ok {
				s.NearRight++
				foundNear[pair] = true
				if kind == r.Kind {
					s.NearKindRight++
				}
				if r.Source == r.Earlier {
					s.NearSourceRight++
				}
				continue
			}
		case news.RelReuse:
			s.ReuseFound++
			if set.Reuse[pair] {
				s.ReuseRight++
				foundReuse[pair] = true
				if r.Source == r.Earlier {
					s.ReuseSourceRight++
				}
				continue
			}
		}
		if _, near := set.Near[pair]; near || set.Reuse[pair] {
			s.WrongKind++
			example("wrong kind %s %s -> %s (%.2f)", r.Kind, r.Earlier, r.Later, r.Fraction)
			continue
		}
		if set.sharesRealText(r.Earlier, r.Later) {
			s.RealText++
			example("shared real text %s %s -> %s (%.2f)", r.Kind, r.Earlier, r.Later, r.Fraction)
			continue
		}
		s.FalseLinks++
		s.False = append(s.False, pair)
		if set.Topic[r.Earlier] == set.Topic[r.Later] {
			s.FalseSameTopic++
		}
		example("false %s %s -> %s (%.2f)", r.Kind, r.Earlier, r.Later, r.Fraction)
	}
	for p := range set.Near {
		if !foundNear[p] {
			example("missed near duplicate %s -> %s (%s)", p[0], p[1], set.Role[p[1]])
		}
	}
	for p := range set.Reuse {
		if !foundReuse[p] {
			s.MissedReuse = append(s.MissedReuse, p)
			example("missed reuse %s -> %s", p[0], p[1])
		}
	}
	slices.SortFunc(s.MissedReuse, func(a, b [2]string) int { return strings.Compare(a[1], b[1]) })
	slices.Sort(examples)
	s.Examples = examples[:min(len(examples), 20)]
	return s
}

// SharedSentences aligns the body sentences of a and b and returns the pairs of
// sentences (a's, b's) that align, with the passage kind: what makes a relation, for
// reading a false link.
func SharedSentences(a, b *news.Article) [][3]string {
	refs := append(sentencesOf(a), sentencesOf(b)...)
	var out [][3]string
	for _, p := range Align(refs) {
		var x, y string
		for _, r := range p.Sentences {
			switch r.Article {
			case a.ID:
				x = r.Text
			case b.ID:
				y = r.Text
			}
		}
		if x != "" && y != "" {
			out = append(out, [3]string{p.Kind, x, y})
		}
	}
	return out
}

// realShared identical real sentences make two articles share real text.
const realShared = 3

// sharesRealText reports whether articles a and b hold realShared identical sentences
// of 8 words or more that the injector did not add.
func (set *EvalSet) sharesRealText(a, b string) bool {
	x, y := set.Articles[a], set.Articles[b]
	if x == nil || y == nil {
		return false
	}
	injected := map[string]bool{}
	for _, bp := range boilerplate {
		for _, s := range text.Sentences(bp) {
			injected[strings.ToLower(strings.Join(text.Words(usFold.Replace(s)), " "))] = true
		}
	}
	sentences := func(a *news.Article) map[string]bool {
		out := map[string]bool{}
		for _, s := range flat(a) {
			if w := text.Words(usFold.Replace(s)); len(w) >= 8 {
				if k := strings.ToLower(strings.Join(w, " ")); !injected[k] {
					out[k] = true
				}
			}
		}
		return out
	}
	sx := sentences(x)
	n := 0
	for k := range sentences(y) {
		if sx[k] {
			n++
		}
	}
	return n >= realShared
}
