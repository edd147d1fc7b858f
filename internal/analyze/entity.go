package analyze

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// key is the comparison form of an entity name: its Terms without a leading "the" and
// a trailing possessive, with long and short forms folded ("United States" -> "us").
func key(name string) string {
	ts := text.Terms(name)
	if len(ts) > 0 && ts[0] == "the" {
		ts = ts[1:]
	}
	if n := len(ts); n > 0 {
		ts[n-1] = strings.TrimSuffix(ts[n-1], "'s")
	}
	k := strings.Join(ts, " ")
	if a, ok := keyAliases[k]; ok {
		return a
	}
	return k
}

// mention is one place a sentence names an entity.
type mention struct {
	sent       int    // index of the sentence in the article
	start, end int    // byte span of the name (without title) in the sentence
	name       string // the name as written, without title
	full       string // the name with its title, when it had one
	kind       string // the kind the context says, or "" when it says nothing
}

// entities is an article's entity table.
type entities struct {
	byKey    map[string]*Entity
	order    []*Entity
	mentions []mention
}

// resolve finds the entity a name refers to: by key, else (for a single word) the
// person whose last name it is.
func (t *entities) resolve(name string) *Entity {
	k := key(name)
	if e, ok := t.byKey[k]; ok {
		return e
	}
	if !strings.Contains(k, " ") {
		var found *Entity
		for _, e := range t.order {
			if e.Kind == news.Person && lastWord(e.key) == k {
				if found != nil {
					return nil
				}
				found = e
			}
		}
		return found
	}
	return nil
}

func (t *entities) list() []Entity {
	out := make([]Entity, 0, len(t.order))
	for _, e := range t.order {
		out = append(out, *e)
	}
	return out
}

func lastWord(k string) string { return k[strings.LastIndexByte(k, ' ')+1:] }

// word is a token of a sentence with its surface form.
type word struct {
	text.Token
	surface string
}

// findEntities finds the named entities of an article's sentences and merges their
// aliases: a surname alone joins the full name; titles are aliases.
func findEntities(sents []news.Ref) *entities {
	// Words capitalized inside a sentence somewhere in the article: a sentence's first
	// word is a name only if it is capitalized elsewhere too (or known).
	midCaps := map[string]bool{}
	words := make([][]word, len(sents))
	for i, s := range sents {
		for _, tk := range text.Tokens(s.Text) {
			words[i] = append(words[i], word{tk, s.Text[tk.Start:tk.End]})
		}
		for j, w := range words[i] {
			if j > 0 && capitalized(w.surface) {
				midCaps[w.Word] = true
			}
		}
	}
	t := &entities{byKey: map[string]*Entity{}}
	for i, s := range sents {
		if shouting(words[i]) {
			// Capitals say nothing in an all-caps sentence: names from the lexicons only.
			t.mentions = append(t.mentions, lookup(i, s.Text, words[i])...)
			continue
		}
		for _, seq := range sequences(s.Text, words[i]) {
			t.mentions = append(t.mentions, classify(i, s.Text, words[i], seq, midCaps)...)
		}
	}
	// Full names first, so that a lone surname finds its person.
	order := make([]int, len(t.mentions))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return strings.Count(t.mentions[b].name, " ") - strings.Count(t.mentions[a].name, " ")
	})
	assigned := make([]*Entity, len(t.mentions))
	for _, i := range order {
		m := t.mentions[i]
		e := t.resolve(m.name)
		if e == nil {
			k := key(m.name)
			if k == "" {
				continue
			}
			e = &Entity{Name: m.name, Kind: m.kind, key: k}
			if g, ok := known[k]; ok {
				e.Name, e.Kind = g.name, g.kind
			}
			t.byKey[k] = e
			t.order = append(t.order, e) // for resolve; reordered below
		}
		assigned[i] = e
	}
	// First-mention order, counts, aliases and kinds.
	seen := map[*Entity]bool{}
	t.order = t.order[:0]
	for i, m := range t.mentions {
		e := assigned[i]
		if e == nil {
			continue
		}
		if !seen[e] {
			seen[e] = true
			t.order = append(t.order, e)
		}
		e.Mentions++
		addAlias(e, m.name)
		if m.full != "" {
			addAlias(e, m.full)
		}
		if e.Kind == "" || (e.Kind == news.Other && m.kind != "" && m.kind != news.Other) {
			e.Kind = m.kind
		}
		if _, ok := known[e.key]; !ok && strings.Count(m.name, " ") > strings.Count(e.Name, " ") {
			e.Name = m.name
		}
	}
	for _, e := range t.order {
		if e.Kind == "" {
			e.Kind = news.Other
		}
		slices.Sort(e.Aliases)
	}
	return t
}

func addAlias(e *Entity, a string) {
	if !slices.Contains(e.Aliases, a) {
		e.Aliases = append(e.Aliases, a)
	}
}

// capitalized reports whether a word starts with an uppercase letter, or is a name
// particle followed by one ("al-Masri").
func capitalized(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsUpper(r) {
		return true
	}
	for _, p := range []string{"al-", "el-", "al ", "el ", "bin-", "ibn-"} {
		if strings.HasPrefix(w, p) && len(w) > len(p) {
			r, _ := utf8.DecodeRuneInString(w[len(p):])
			return unicode.IsUpper(r)
		}
	}
	return false
}

// particles may sit inside a name between capitalized words.
var particles = set(`of for al bin ibn de del da van von der le la abu`)

// sequences cuts a sentence's words into runs of capitalized words, which may hold
// particles ("Institute for National Security Studies") and break at punctuation and
// at a possessive ("Politico's White House ...").
func sequences(s string, ws []word) [][]int {
	var out [][]int
	var cur []int
	flush := func() {
		// trailing particles are not part of the name
		for len(cur) > 0 && !capitalized(ws[cur[len(cur)-1]].surface) {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = nil
	}
	for i, w := range ws {
		if len(cur) > 0 && !joined(s, ws[i-1], w) {
			flush()
		}
		switch {
		case capitalized(w.surface):
			cur = append(cur, i)
		case (len(cur) > 0 || w.Word == "al" || w.Word == "el") && particles[w.Word] && i+1 < len(ws) && capitalized(ws[i+1].surface):
			cur = append(cur, i)
		default:
			flush()
			continue
		}
		if strings.HasSuffix(w.Word, "'s") && !(i+1 < len(ws) && orgWords[ws[i+1].Word] && capitalized(ws[i+1].surface)) {
			flush()
		}
	}
	flush()
	return out
}

// joined reports whether nothing but space separates words a and b, or the dot of an
// initial or abbreviation ("George W. Bush", "U.S. Secretary").
func joined(s string, a, b word) bool {
	gap := strings.TrimSpace(s[a.End:b.Start])
	if gap == "" {
		return true
	}
	return gap == "." && (utf8.RuneCountInString(a.surface) == 1 || strings.Contains(a.surface, "."))
}

// classify turns one run of capitalized words into mentions: it drops sentence-initial
// function words and demonyms, splits off titles ("Secretary of State"), and types the
// rest by gazetteer, final keyword and context.
func classify(sent int, s string, ws []word, seq []int, midCaps map[string]bool) []mention {
	// Drop leading function words and skip words; split at skip words inside.
	var parts [][]int
	var cur []int
	for _, i := range seq {
		w := strings.TrimSuffix(ws[i].Word, "'s")
		acronym := len(ws[i].surface) > 1 && strings.ToUpper(ws[i].surface) == ws[i].surface // "US"
		leading := len(cur) == 0 && ((text.IsStopword(w) && w != "new" && !acronym) ||
			(particles[w] && !capitalized(ws[i].surface) && w != "al" && w != "el"))
		if skipWords[w] || leading || compoundModifier(w) {
			if len(cur) > 0 {
				parts = append(parts, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, i)
	}
	if len(cur) > 0 {
		parts = append(parts, cur)
	}
	var out []mention
	for _, p := range parts {
		out = append(out, classifyPart(sent, s, ws, p, midCaps)...)
	}
	return out
}

func classifyPart(sent int, s string, ws []word, p []int, midCaps map[string]bool) []mention {
	span := func(p []int) (int, int, string) {
		a, b := ws[p[0]].Start, ws[p[len(p)-1]].End
		name := s[a:b]
		name = strings.TrimSuffix(strings.TrimSuffix(name, "'s"), "’s")
		if strings.Contains(name, ".") && b < len(s) && s[b] == '.' {
			name += "." // "U.S." keeps its last dot
		}
		return a, b, name
	}
	last := strings.TrimSuffix(ws[p[len(p)-1]].Word, "'s")
	a, b, name := span(p)
	k := key(name)
	// Whole name known, or an organization or place by its last word.
	if g, ok := known[k]; ok {
		return []mention{{sent: sent, start: a, end: b, name: name, kind: g.kind}}
	}
	if orgWords[last] && len(p) > 1 {
		return []mention{{sent: sent, start: a, end: b, name: name, kind: news.Organization}}
	}
	if placeWords[last] && len(p) > 1 {
		return []mention{{sent: sent, start: a, end: b, name: name, kind: news.Place}}
	}
	// A title inside: what follows is a person, what precedes is its own name.
	for j := len(p) - 1; j >= 0; j-- {
		n := titleAt(ws, p, j)
		if n == 0 {
			continue
		}
		rest := p[j+n:]
		if len(rest) == 0 {
			return nil // a bare title ("Prime Minister")
		}
		var out []mention
		if pre := p[:j]; len(pre) > 0 && !allTitles(ws, pre) {
			out = append(out, classifyPart(sent, s, ws, pre, midCaps)...)
		}
		ra, rb, rname := span(rest)
		_, _, full := span(p[j:])
		return append(out, mention{sent: sent, start: ra, end: rb, name: rname, full: full, kind: news.Person})
	}
	// Names the corpus lexicon has typed by their contexts.
	if g, ok := mined[k]; ok {
		return []mention{{sent: sent, start: a, end: b, name: name, kind: g.kind}}
	}
	// A sentence's first word alone is a name only when known elsewhere.
	if len(p) == 1 && p[0] == 0 && !midCaps[ws[0].Word] {
		return nil
	}
	kind := ""
	switch {
	case personContext(s, ws, p):
		kind = news.Person
	case len(p) > 1 && looksLikeName(ws, p) && (firstNames[ws[p[0]].Word] || mined[last].kind == news.Person):
		kind = news.Person
	case len(p) > 1:
		kind = news.Other
	}
	return []mention{{sent: sent, start: a, end: b, name: name, kind: kind}}
}

// titleAt returns the length in words of the title starting at p[j], or 0.
func titleAt(ws []word, p []int, j int) int {
	best := 0
	for _, t := range titles {
		if j+len(t) > len(p) || len(t) <= best {
			continue
		}
		ok := true
		for k, tw := range t {
			if ws[p[j+k]].Word != tw {
				ok = false
				break
			}
		}
		if ok {
			best = len(t)
		}
	}
	return best
}

func allTitles(ws []word, p []int) bool {
	for j := 0; j < len(p); {
		n := titleAt(ws, p, j)
		if n == 0 {
			return false
		}
		j += n
	}
	return true
}

// personContext reports whether the words around run p say it is a person: a lowercase
// title before it ("CIA director Pompeo"), a speech verb after it ("Pompeo said"), or an
// appositive ("Sima Shine, the head of ...").
func personContext(s string, ws []word, p []int) bool {
	first, last := p[0], p[len(p)-1]
	if first > 0 && !capitalized(ws[first-1].surface) && titleAt(ws, []int{first - 1}, 0) == 1 {
		return true
	}
	if last+1 < len(ws) && strings.TrimSpace(s[ws[last].End:ws[last+1].Start]) == "" {
		next := ws[last+1].Word
		if speechVerbs[next] || ((next == "has" || next == "had") && last+2 < len(ws) && speechVerbs[ws[last+2].Word]) {
			return true
		}
	}
	if last+2 < len(ws) && strings.TrimSpace(s[ws[last].End:ws[last+1].Start]) == "," && ws[last+1].Word == "the" {
		head := ws[last+2].Word
		return head == "head" || titleAt(ws, []int{last + 2}, 0) == 1
	}
	return false
}

// looksLikeName reports whether a run of two to four words reads as a person's name:
// no particle but name particles, no keyword, no all-caps acronym.
func looksLikeName(ws []word, p []int) bool {
	if len(p) > 4 {
		return false
	}
	for _, i := range p {
		w := ws[i]
		if !capitalized(w.surface) && w.Word != "abu" && w.Word != "bin" && w.Word != "al" {
			return false
		}
		if len(w.surface) > 1 && strings.ToUpper(w.surface) == w.surface && !strings.HasSuffix(w.surface, ".") && len(w.surface) > 2 {
			return false
		}
		if orgWords[w.Word] || placeWords[w.Word] {
			return false
		}
	}
	return true
}

// shouting reports whether a sentence is written in capitals (a headline pasted into
// the body): most of its words of two or more letters are all capitals.
func shouting(ws []word) bool {
	caps, n := 0, 0
	for _, w := range ws {
		if len(w.surface) < 2 {
			continue
		}
		n++
		if isAllCaps(w.surface) {
			caps++
		}
	}
	return n >= 4 && caps*10 >= n*8
}

// lookup finds the names of the gazetteer and the mined lexicon in a sentence by their
// words alone, longest first.
func lookup(sent int, s string, ws []word) []mention {
	var out []mention
	for i := 0; i < len(ws); {
		found := 0
		for n := min(4, len(ws)-i); n >= 1; n-- {
			name := s[ws[i].Start:ws[i+n-1].End]
			k := key(name)
			g, ok := known[k]
			if !ok {
				g, ok = mined[k]
			}
			if ok && !text.IsStopword(k) {
				out = append(out, mention{sent: sent, start: ws[i].Start, end: ws[i+n-1].End, name: name, kind: g.kind})
				found = n
				break
			}
		}
		i += max(found, 1)
	}
	return out
}

// compoundModifier reports whether a word is a name fused with a participle
// ("Iranian-backed", "Texas-based"): a modifier, not a name.
func compoundModifier(w string) bool {
	i := strings.LastIndexByte(w, '-')
	return i > 0 && modifierTails[w[i+1:]]
}

var modifierTails = set(`backed led based born owned linked run style controlled funded allied aligned
	affiliated friendly leaning era made sponsored supported inspired`)
