// Package reuse finds the passages that articles share: sentences reported word for word
// (verbatim), with edits (edited, with the changed words), or in other words
// (paraphrase), and groups them across any number of articles.
//
// Candidates are found through an inverted index over content terms, so the cost grows
// with the number of sentences that share words, not with all pairs of sentences.
package reuse

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// Thresholds of a match. They are deliberately conservative: a wrong shared passage
// misleads a reader more than a missed one.
const (
	// minContent is the fewest content terms the shorter sentence of a pair needs:
	// "He declined to comment." says nothing about which story it belongs to.
	minContent = 4
	// minVerbatimContent is the same for sentences that are equal after normalization.
	minVerbatimContent = 3
	// editedCover is the share of the shorter sentence's terms that must appear, in
	// order, in the longer one for an edited passage.
	editedCover = 0.6
	// editedContent is the share of the shorter sentence's content terms that must
	// appear in the other for an edited passage.
	editedContent = 0.6
	// editedBigrams is the share of the shorter sentence's word pairs that must appear
	// in the other for an edited passage.
	editedBigrams = 0.4
	// paraphraseContent, paraphraseJaccard and paraphraseShared bound a paraphrase:
	// most content terms in common, and many of them, without the word order.
	paraphraseContent = 0.7
	paraphraseJaccard = 0.45
	paraphraseShared  = 6
	// partialParaphraseContent and partialParaphraseShared bound a partial paraphrase,
	// which also needs a clause of each sentence to say nearly the same.
	partialParaphraseContent = 0.6
	partialParaphraseShared  = 5
	// maxPosting caps how many sentences a term may index before it stops producing
	// candidates (it still counts in scores): a story's ubiquitous names ("Trump")
	// would otherwise pair every sentence with every other.
	minMaxPosting = 64
)

// Match is how two sentences relate when they report the same passage.
type Match struct {
	Kind       string        // news.Verbatim, news.Edited or news.Paraphrase
	Confidence float64       // 1 for verbatim; lower the looser the match
	Changes    []news.Change // for edited: From in the first sentence, To in the second
	Partial    bool          // one sentence holds only part of the other
}

// sentence is a sentence prepared for matching. Only what every pair of candidates
// needs is computed up front; the rest (bigrams, soft terms, clauses, grams) on first
// use, since most candidate pairs are decided before they are needed.
type sentence struct {
	ref     news.Ref
	src     string // the text prepared
	article int    // index of the article in order of first appearance
	toks    []text.Token
	terms   []string
	ids     []uint64 // hashString of each term: compared faster than the strings
	norm    string
	content map[string]bool
	done    uint8              // the lazy fields computed (has*)
	bi      map[[2]string]bool // bigrams()
	sft     map[string]bool    // softTerms()
	cls     []map[string]bool  // clauseTerms()
	grm     map[uint64]bool    // gramSet()
}

const (
	hasBigrams = 1 << iota
	hasSoft
	hasClauses
	hasGrams
)

func prepare(s string) *sentence {
	toks := text.Tokens(s)
	terms := make([]string, len(toks)) // text.Terms(s)
	ids := make([]uint64, len(toks))
	for i, t := range toks {
		terms[i] = t.Term
		ids[i] = hashString(t.Term)
	}
	p := &sentence{src: s, toks: toks, terms: terms, ids: ids, content: make(map[string]bool, len(toks))}
	// As text.ContentTerms and text.Normalize give them, from the one tokenization.
	for _, tk := range toks {
		t := strings.TrimSuffix(tk.Term, "'s")
		if text.IsStopword(t) && (t != "us" || s[tk.Start:tk.End] == "us") {
			continue
		}
		p.content[t] = true
	}
	p.norm = strings.Join(terms, " ")
	return p
}

// bigrams returns the set of the sentence's pairs of adjacent terms.
func (p *sentence) bigrams() map[[2]string]bool {
	if p.done&hasBigrams == 0 {
		p.done |= hasBigrams
		p.bi = make(map[[2]string]bool, len(p.terms))
		for i := 0; i+1 < len(p.terms); i++ {
			p.bi[[2]string{p.terms[i], p.terms[i+1]}] = true
		}
	}
	return p.bi
}

// softTerms returns the content terms stemmed and folded with synonyms.
func (p *sentence) softTerms() map[string]bool {
	if p.done&hasSoft == 0 {
		p.done |= hasSoft
		p.sft = make(map[string]bool, len(p.content))
		for c := range p.content {
			p.sft[soft(c)] = true
		}
	}
	return p.sft
}

// clauseTerms returns the soft terms of each clause.
func (p *sentence) clauseTerms() []map[string]bool {
	if p.done&hasClauses == 0 {
		p.done |= hasClauses
		p.cls = clauses(p.src, p.toks)
	}
	return p.cls
}

// gramSet returns the hashes of the sentence's runs of minPart terms.
func (p *sentence) gramSet() map[uint64]bool {
	if p.done&hasGrams == 0 {
		p.done |= hasGrams
		p.grm = grams(p.terms)
	}
	return p.grm
}

// Pair reports whether sentences a and b report the same passage, and how. ok is false
// for unrelated sentences and for sentences too short to tell.
func Pair(a, b string) (m Match, ok bool) {
	pa, pb := prepare(a), prepare(b)
	pa.ref.Text, pb.ref.Text = a, b
	return match(pa, pb)
}

func match(a, b *sentence) (Match, bool) {
	short, long := a, b
	if len(b.content) < len(a.content) {
		short, long = b, a
	}
	if a.norm == b.norm && len(a.content) >= minVerbatimContent {
		return Match{Kind: news.Verbatim, Confidence: 1, Changes: []news.Change{}}, true
	}
	if len(short.content) < minContent {
		return Match{}, false
	}
	shared := 0
	for c := range short.content {
		if long.content[c] {
			shared++
		}
	}
	contain := float64(shared) / float64(len(short.content))
	if contain >= editedContent {
		sb, lb := a.bigrams(), b.bigrams()
		if len(lb) < len(sb) {
			sb, lb = lb, sb
		}
		bi := 0
		for g := range sb {
			if lb[g] {
				bi++
			}
		}
		bigrams := 0.0
		if len(sb) > 0 {
			bigrams = float64(bi) / float64(len(sb))
		}
		pairs := lcs(a.ids, b.ids)
		cover := float64(len(pairs)) / float64(min(len(a.terms), len(b.terms)))
		if cover >= editedCover && bigrams >= editedBigrams {
			changes, partial := diff(a, b, pairs)
			conf := (cover + contain + bigrams) / 3
			return Match{Kind: news.Edited, Confidence: min(round(conf), 0.99), Changes: changes, Partial: partial}, true
		}
	}
	return paraphrase(a, b)
}

// paraphrase matches sentences that make the same claim in other words: most of their
// stemmed, synonym-folded content terms in common, many of them, in any order; or
// (partial) one sentence's claim inside a longer one, when most of the shorter's terms
// are there and a clause of each says nearly the same ("without providing hard
// evidence" ~ "but has not provided concrete evidence").
func paraphrase(a, b *sentence) (Match, bool) {
	short, long := a.softTerms(), b.softTerms()
	if len(long) < len(short) {
		short, long = long, short
	}
	if len(short) < minContent {
		return Match{}, false
	}
	shared := 0
	for t := range short {
		if long[t] {
			shared++
		}
	}
	contain := float64(shared) / float64(len(short))
	jaccard := float64(shared) / float64(len(a.softTerms())+len(b.softTerms())-shared)
	switch {
	case contain >= paraphraseContent && jaccard >= paraphraseJaccard && shared >= paraphraseShared:
		return Match{Kind: news.Paraphrase, Confidence: round(0.5 * (contain + jaccard) * 0.8), Changes: []news.Change{}}, true
	case contain >= partialParaphraseContent && shared >= partialParaphraseShared && sameClause(a.clauseTerms(), b.clauseTerms()):
		return Match{Kind: news.Paraphrase, Confidence: round(0.6 * contain), Changes: []news.Change{}, Partial: true}, true
	}
	return Match{}, false
}

func round(x float64) float64 { return float64(int(x*100+0.5)) / 100 }

// dpPool holds the tables of lcs: allocating and clearing one per pair of sentences
// cost more than filling it.
var dpPool = sync.Pool{New: func() any { return new([]int32) }}

// lcs returns the index pairs of a longest common subsequence of a and b.
func lcs[T comparable](a, b []T) [][2]int {
	n, m := len(a), len(b)
	w := m + 1
	buf := dpPool.Get().(*[]int32)
	if cap(*buf) < (n+1)*w {
		*buf = make([]int32, (n+1)*w)
	}
	dp := (*buf)[:(n+1)*w]
	// Only the row below the last and the column right of the last are read before
	// they are written.
	clear(dp[n*w:])
	for i := n - 1; i >= 0; i-- {
		dp[i*w+m] = 0
		ai := a[i]
		row, below := dp[i*w:i*w+m+1], dp[(i+1)*w:(i+1)*w+m+1]
		for j := m - 1; j >= 0; j-- {
			if ai == b[j] {
				row[j] = below[j+1] + 1
			} else {
				row[j] = max(below[j], row[j+1])
			}
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j] && !runStart(a, b, i, j, len(out) > 0 && out[len(out)-1] == [2]int{i - 1, j - 1}, dp, w):
			if out == nil {
				out = make([][2]int, 0, dp[0])
			}
			out = append(out, [2]int{i, j})
			i++
			j++
		case dp[(i+1)*w+j] >= dp[i*w+j+1]:
			i++
		default:
			j++
		}
	}
	dpPool.Put(buf)
	return out
}

// runStart reports whether the LCS walk should skip a lone match of a[i] and b[j] for a
// later one of the same length: "on" matched early would split a pure insertion
// ("details [in his speech ... on Tuesday] on allegations") into two changes.
func runStart[T comparable](a, b []T, i, j int, continues bool, dp []int32, w int) bool {
	if continues || (i+1 < len(a) && j+1 < len(b) && a[i+1] == b[j+1]) {
		return false
	}
	return dp[i*w+j+1] == dp[i*w+j] || dp[(i+1)*w+j] == dp[i*w+j]
}

// diff turns the common subsequence of a and b into the changes between them, as
// phrases of the original wording. When one sentence holds the other inside a longer
// text (partial), the words before and after the held part are not changes.
func diff(a, b *sentence, pairs [][2]int) ([]news.Change, bool) {
	// equal runs: [ai, bi, length]
	var runs [][3]int
	for _, p := range pairs {
		if k := len(runs) - 1; k >= 0 && runs[k][0]+runs[k][2] == p[0] && runs[k][1]+runs[k][2] == p[1] {
			runs[k][2]++
			continue
		}
		runs = append(runs, [3]int{p[0], p[1], 1})
	}
	// Drop short equalities that sit between larger edits: a lone "the" or "sources"
	// matched inside a rewritten clause splits one change into noise.
	for changed := true; changed; {
		changed = false
		for k := 0; k < len(runs); k++ {
			r := runs[k]
			pa, pb := 0, 0
			if k > 0 {
				pa, pb = runs[k-1][0]+runs[k-1][2], runs[k-1][1]+runs[k-1][2]
			}
			na, nb := len(a.terms), len(b.terms)
			if k+1 < len(runs) {
				na, nb = runs[k+1][0], runs[k+1][1]
			}
			before := max(r[0]-pa, r[1]-pb)
			after := max(na-(r[0]+r[2]), nb-(r[1]+r[2]))
			if r[2] <= 2 && r[2] <= before && r[2] <= after && (k > 0 || before > 0) && (k+1 < len(runs) || after > 0) {
				runs = slices.Delete(runs, k, k+1)
				changed = true
				break
			}
		}
	}
	if len(runs) == 0 {
		return []news.Change{}, false
	}
	// A partial match: the edges of the longer sentence outside the common part are
	// context, not edits.
	lo := [2]int{0, 0}
	hi := [2]int{len(a.terms), len(b.terms)}
	first, last := runs[0], runs[len(runs)-1]
	matched := 0
	for _, r := range runs {
		matched += r[2]
	}
	partial := false
	n := [2]int{len(a.terms), len(b.terms)}
	for side := range 2 {
		other := 1 - side
		lead, otherLead := first[side], first[other]
		trail := n[side] - (last[side] + last[2])
		otherTrail := n[other] - (last[other] + last[2])
		if float64(matched)/float64(n[side]) >= 0.6 {
			continue
		}
		if lead >= 5 && lead > 2*otherLead {
			lo[side] = first[side]
			partial = true
		}
		if trail >= 5 && trail > 2*otherTrail {
			hi[side] = last[side] + last[2]
			partial = true
		}
	}
	changes := []news.Change{}
	pa, pb := lo[0], lo[1]
	add := func(ea, eb int) {
		switch {
		case ea <= pa && eb <= pb:
		case ea > pa && eb > pb && clause(a, pa, ea) != clause(b, pb, eb):
			// A whole clause on one side only ("With just eight days left ..., Pompeo"
			// against "US Secretary of State Mike Pompeo") is one dropped and one added
			// phrase, not one rewritten into the other.
			changes = append(changes, news.Change{From: phrase(a, pa, ea), To: ""}, news.Change{From: "", To: phrase(b, pb, eb)})
		default:
			changes = append(changes, news.Change{From: phrase(a, pa, ea), To: phrase(b, pb, eb)})
		}
	}
	for _, r := range runs {
		add(r[0], r[1])
		pa, pb = r[0]+r[2], r[1]+r[2]
	}
	add(hi[0], hi[1])
	return changes, partial
}

// clause reports whether tokens [i, j) of s stand between clause marks: the sentence's
// start or a comma (dash, colon, semicolon) before, and one of those marks after.
func clause(s *sentence, i, j int) bool {
	before := strings.TrimSpace(s.ref.Text[:s.toks[i].Start])
	after := strings.TrimSpace(s.ref.Text[s.toks[j-1].End:])
	mark := func(r string) bool { return r == "," || r == ";" || r == ":" || r == "—" || r == "–" }
	startOK := before == "" || mark(before[len(before)-1:]) || strings.HasSuffix(before, "—") || strings.HasSuffix(before, "–")
	endOK := after != "" && (mark(after[:1]) || strings.HasPrefix(after, "—") || strings.HasPrefix(after, "–"))
	return startOK && endOK
}

// phrase is the original text of tokens [i, j) of s, or "" when empty.
func phrase(s *sentence, i, j int) string {
	if i >= j {
		return ""
	}
	return s.ref.Text[s.toks[i].Start:s.toks[j-1].End]
}

// link is a match between two sentences, by their index in the input.
type link struct {
	a, b int
	m    Match
}

// Align finds the passages that the given sentences of two or more articles share.
// Sentences are grouped by their Article field; within one article, order them by
// paragraph and sentence. A passage holds at most one sentence per article (the
// best-matching one); its sentences are in the order of the articles' first appearance
// in sents, and the passages in the reading order of the first article that has them.
// A passage's Changes compare its first sentence with each of the others. Sentences of
// one article are never aligned with each other. The result is never nil.
func Align(sents []news.Ref) []news.Passage {
	ps := make([]*sentence, len(sents))
	for i, r := range sents {
		ps[i] = prepare(r.Text)
	}
	return alignPrepared(sents, ps)
}

// alignPrepared is Align over sentences already prepared: ps[i] is prepare(sents[i].Text),
// not shared with another call (alignPrepared sets its ref and article; a cached
// sentence goes in as a shallow copy, since nothing else of it is written).
func alignPrepared(sents []news.Ref, ps []*sentence) []news.Passage {
	order := map[string]int{}
	for i, r := range sents {
		if _, ok := order[r.Article]; !ok {
			order[r.Article] = len(order)
		}
		ps[i].ref = r
		ps[i].article = order[r.Article]
	}
	links, frags := candidates(ps)

	// Greedy union of the best links first, keeping one sentence per article.
	slices.SortStableFunc(links, func(x, y link) int {
		if c := cmp.Compare(y.m.Confidence, x.m.Confidence); c != 0 {
			return c
		}
		if c := cmp.Compare(x.a, y.a); c != 0 {
			return c
		}
		return cmp.Compare(x.b, y.b)
	})
	parent := make([]int, len(ps))
	members := make([][]int, len(ps))
	for i := range parent {
		parent[i] = i
		members[i] = []int{i}
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	var used []link
	for _, l := range links {
		ra, rb := find(l.a), find(l.b)
		if ra == rb || clash(ps, members[ra], members[rb]) {
			continue
		}
		parent[rb] = ra
		members[ra] = append(members[ra], members[rb]...)
		members[rb] = nil
		used = append(used, l)
	}
	byRoot := map[int][]link{}
	for _, l := range used {
		r := find(l.a)
		byRoot[r] = append(byRoot[r], l)
	}
	// Sentences made of parts of several sentences of another article join the passage
	// of the sentence they are made of (or make a passage of their own). A part may
	// also belong to another passage: it reports both.
	partials := slices.Clone(frags)
	for _, l := range links {
		if l.m.Partial && l.m.Kind == news.Edited {
			partials = append(partials, l)
		}
	}
	// A part must be reported elsewhere too (be in a passage, or be matched to the
	// merged sentence itself): a body sentence that merely shares a phrase with a
	// standfirst ("to publicly accuse Iran of ties to al-Qaida") is the outlet's own.
	inPassage := map[int]bool{}
	for r, ls := range byRoot {
		if len(ls) > 0 {
			for _, i := range members[r] {
				inPassage[i] = true
			}
		}
	}
	merged := map[int]merge{}
	for _, m := range merges(ps, partials) {
		r := find(m.l)
		m.parts = slices.DeleteFunc(m.parts, func(p part) bool { return !inPassage[p.o] })
		if len(m.parts) < 2 || float64(partsCover(m.parts)) < minMergedCover*float64(len(ps[m.l].terms)) {
			continue
		}
		var fromB []int
		for _, i := range members[r] {
			if ps[i].article == ps[m.parts[0].o].article {
				fromB = append(fromB, i)
			}
		}
		if len(fromB) > 1 || (len(fromB) == 1 && !slices.ContainsFunc(m.parts, func(p part) bool { return p.o == fromB[0] })) {
			continue
		}
		if _, dup := merged[r]; dup {
			continue
		}
		merged[r] = m
		if _, ok := byRoot[r]; !ok {
			byRoot[r] = []link{}
		}
	}
	type built struct {
		first, root int
		p           news.Passage
	}
	var bs []built
	for root, ls := range byRoot {
		ms := slices.Clone(members[root])
		m, isMerged := merged[root]
		if isMerged {
			for _, p := range m.parts {
				if !slices.Contains(ms, p.o) {
					ms = append(ms, p.o)
				}
			}
		}
		slices.SortFunc(ms, func(x, y int) int { return less(ps[x], ps[y]) })
		p := passage(ps, ms, ls)
		if isMerged {
			p.Partial = true
			if p.Kind == news.Verbatim {
				p.Kind = news.Edited
			}
			for _, pt := range m.parts {
				p.Confidence = min(p.Confidence, round(pt.conf*0.9))
			}
			p.Changes = append(p.Changes, gapChanges(ps, m, ms[0])...)
		}
		bs = append(bs, built{ms[0], root, p})
	}
	slices.SortFunc(bs, func(x, y built) int { return cmp.Or(less(ps[x.first], ps[y.first]), cmp.Compare(x.root, y.root)) })
	out := make([]news.Passage, len(bs))
	for i, b := range bs {
		out[i] = b.p
	}
	return out
}

// candidates pairs sentences of different articles that share enough indexed content
// terms, and scores them.
func candidates(ps []*sentence) (links, frags []link) {
	maxPosting := max(minMaxPosting, len(ps)/10)
	postings := map[string][]int{}
	count := make([]int, len(ps)) // per earlier sentence, its terms shared with p
	var touched []int             // the sentences with a count
	for i, p := range ps {
		touched = touched[:0]
		for c := range p.content {
			post := postings[c]
			if len(post) > maxPosting {
				continue
			}
			for _, j := range post {
				if ps[j].article != p.article {
					if count[j] == 0 {
						touched = append(touched, j)
					}
					count[j]++
				}
			}
		}
		slices.Sort(touched)
		for _, j := range touched {
			n := count[j]
			count[j] = 0
			need := min(minVerbatimContent, len(p.content), len(ps[j].content))
			if n < max(need, 1) {
				continue
			}
			if m, ok := match(ps[j], p); ok {
				links = append(links, link{a: j, b: i, m: m})
			} else if n >= minPartContent && fragment(ps[j], p) {
				frags = append(frags, link{a: j, b: i})
			}
		}
		for c := range p.content {
			postings[c] = append(postings[c], i)
		}
	}
	return links, frags
}

// clash reports whether two groups hold sentences of the same article.
func clash(ps []*sentence, x, y []int) bool {
	for _, i := range x {
		for _, j := range y {
			if ps[i].article == ps[j].article {
				return true
			}
		}
	}
	return false
}

func less(x, y *sentence) int {
	if c := cmp.Compare(x.article, y.article); c != 0 {
		return c
	}
	if c := cmp.Compare(x.ref.Paragraph, y.ref.Paragraph); c != 0 {
		return c
	}
	return cmp.Compare(x.ref.Sentence, y.ref.Sentence)
}

// passage builds the shared passage of members ms (in order) joined by links ls.
func passage(ps []*sentence, ms []int, ls []link) news.Passage {
	p := news.Passage{Kind: news.Verbatim, Changes: []news.Change{}, Confidence: 1}
	for _, l := range ls {
		p.Confidence = min(p.Confidence, l.m.Confidence)
		p.Partial = p.Partial || l.m.Partial
		switch {
		case l.m.Kind == news.Paraphrase:
			p.Kind = news.Paraphrase
		case l.m.Kind == news.Edited && p.Kind == news.Verbatim:
			p.Kind = news.Edited
		}
	}
	first := ps[ms[0]]
	seen := map[news.Change]bool{}
	for _, i := range ms {
		p.Sentences = append(p.Sentences, ps[i].ref)
		if i == ms[0] || ps[i].norm == first.norm || ps[i].article == first.article {
			continue
		}
		if p.Kind == news.Verbatim {
			p.Kind = news.Edited
		}
		if p.Kind != news.Edited {
			continue
		}
		m, ok := match(first, ps[i])
		if !ok || m.Kind != news.Edited {
			continue
		}
		for _, c := range m.Changes {
			if !seen[c] {
				seen[c] = true
				p.Changes = append(p.Changes, c)
			}
		}
	}
	return p
}
