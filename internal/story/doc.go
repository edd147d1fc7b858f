package story

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// Doc is an article cut into the features clustering reads: weighted terms of the
// headline, standfirst and lead, and named entities. It depends only on the article and
// the feature options, not on an index, so one Doc can be assigned in several indexes.
type Doc struct {
	ID     string
	Title  string
	Source string // the outlet's label
	// Terms are the distinct features, in order of first occurrence; Weights their raw
	// weighted counts. Entity features are "=" followed by the folded phrase.
	Terms   []string
	Weights []float64
	// Entities are the display forms of the entity features, in order of weight.
	Entities []string
	title    []string // the headline's content terms
}

// Features tune what a Doc holds. Zero values take the defaults.
type Features struct {
	TitleWeight  float64 // weight of a headline word against a body word (default 2)
	EntityWeight float64 // weight of an entity mention (default 2)
	LeadWords    int     // body words read, standfirst first (default 300)
}

func (f Features) withDefaults() Features {
	if f.TitleWeight <= 0 {
		f.TitleWeight = 2
	}
	if f.EntityWeight <= 0 {
		f.EntityWeight = 2
	}
	if f.LeadWords <= 0 {
		f.LeadWords = 300
	}
	return f
}

// Prepare cuts a into the features of f.
func Prepare(a *news.Article, f Features) *Doc {
	f = f.withDefaults()
	// A lead of f.LeadWords words holds about half as many distinct terms: sizing for
	// them spares the map and slices their growth.
	n := f.LeadWords/2 + 16
	d := &Doc{ID: a.ID, Title: a.Title, Source: a.Source.Label(), Terms: make([]string, 0, n), Weights: make([]float64, 0, n)}
	pos := make(map[string]int, n)
	add := func(t string, w float64) {
		i, ok := pos[t]
		if !ok {
			i = len(d.Terms)
			pos[t] = i
			d.Terms = append(d.Terms, t)
			d.Weights = append(d.Weights, 0)
		}
		d.Weights[i] += w
	}
	for _, t := range contentTerms(a.Title) {
		add(t, f.TitleWeight)
		d.title = append(d.title, t)
	}
	budget := f.LeadWords
	ents := map[string]float64{}
	var entOrder []string
	read := func(s string) {
		if budget <= 0 || s == "" {
			return
		}
		toks := text.Tokens(s)
		if len(toks) > budget {
			toks = toks[:budget]
			s = s[:toks[len(toks)-1].End]
		}
		budget -= len(toks)
		for _, tk := range toks {
			if t, ok := contentTerm(tk.Term); ok {
				add(t, 1)
			}
		}
		for _, e := range entities(s, toks) {
			if _, ok := ents[e.key]; !ok {
				entOrder = append(entOrder, e.name)
			}
			ents[e.key] += f.EntityWeight
			add(e.key, f.EntityWeight)
		}
	}
	read(a.Standfirst)
	for _, p := range a.Paragraphs {
		read(p)
	}
	d.Entities = entOrder
	return d
}

// contentTerms are the words of s that carry meaning: folded, no stopwords, no numbers.
func contentTerms(s string) []string {
	var out []string
	for _, t := range text.Terms(s) {
		if t, ok := contentTerm(t); ok {
			out = append(out, t)
		}
	}
	return out
}

func contentTerm(t string) (string, bool) {
	t = strings.TrimSuffix(t, "'s")
	if utf8.RuneCountInString(t) < 3 || text.IsStopword(t) || !hasLetter(t) {
		return "", false
	}
	return t, true
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

type entity struct{ key, name string }

// entities finds named entities cheaply: runs of capitalized words ("Supreme Court",
// "Amy Robach", "DACA"). A lone capitalized word that opens a sentence is skipped, since
// its capital says nothing; stopwords end a run ("the", "of").
func entities(s string, toks []text.Token) []entity {
	var out []entity
	var run []text.Token
	flush := func() {
		if len(run) == 0 {
			return
		}
		sentenceStart := run[0].Start == 0 || endsSentence(s[:run[0].Start])
		if len(run) == 1 && sentenceStart {
			run = run[:0]
			return
		}
		if len(run) > 4 { // a title-case line, not a name
			run = run[:0]
			return
		}
		keys := make([]string, 0, len(run))
		for _, tk := range run {
			keys = append(keys, strings.TrimSuffix(tk.Term, "'s"))
		}
		name := s[run[0].Start:run[len(run)-1].End]
		out = append(out, entity{key: "=" + strings.Join(keys, "_"), name: strings.TrimSuffix(strings.TrimSuffix(name, "'s"), "’s")})
		run = run[:0]
	}
	for i, tk := range toks {
		r, _ := utf8.DecodeRuneInString(s[tk.Start:])
		word := s[tk.Start:tk.End]
		capital := unicode.IsUpper(r) && (!text.IsStopword(tk.Term) || allCaps(word))
		if capital && len(run) > 0 && i > 0 && gapBreaks(s[toks[i-1].End:tk.Start]) {
			flush()
		}
		if !capital {
			flush()
			continue
		}
		run = append(run, tk)
	}
	flush()
	return out
}

// allCaps reports whether word has two letters or more, all capitals: "US", "U.S.", "NATO".
func allCaps(word string) bool {
	n := 0
	for _, r := range word {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// gapBreaks reports whether the characters between two words end a name: anything but
// spaces (a comma, a dash, a quote, a full stop).
func gapBreaks(gap string) bool {
	return strings.TrimSpace(gap) != ""
}

func endsSentence(before string) bool {
	before = strings.TrimRightFunc(before, func(r rune) bool {
		return unicode.IsSpace(r) || r == '"' || r == '“' || r == '\'' || r == '‘' || r == '(' || r == '—' || r == '-'
	})
	if before == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(before)
	return r == '.' || r == '!' || r == '?' || r == ':'
}
