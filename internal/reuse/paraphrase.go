package reuse

import (
	"strings"

	"github.com/parallax-news/parallax/internal/text"
)

// synonymGroups are words that news copy swaps for one another when it rewrites a wire
// story ("without providing hard evidence" ~ "has not provided concrete evidence"). Each
// group folds to its first word's stem. Kept small and general: a wrong synonym makes
// unrelated claims look alike.
var synonymGroups = [][]string{
	{"hard", "concrete", "solid", "firm", "credible", "tangible"},
	{"provide", "offer", "present", "give", "produce", "furnish"},
	{"evidence", "proof"},
	{"new", "newly", "recent", "recently", "fresh"},
	{"plan", "intend", "aim"},
	{"accuse", "allege", "charge", "blame"},
	{"tie", "link", "connection", "relation", "connect"},
	{"kill", "slay", "assassinate"},
	{"reveal", "disclose", "expose", "unveil"},
	{"agreement", "deal", "accord", "pact"},
	{"lawmaker", "legislator"},
	{"increase", "rise", "jump", "surge", "climb"},
	{"decrease", "fall", "drop", "decline", "plunge"},
	{"purchase", "buy"},
	{"begin", "start", "launch"},
	{"end", "finish", "conclude"},
	{"help", "assist", "aid"},
	{"big", "large", "major"},
	{"show", "demonstrate", "indicate"},
	{"official", "authority"},
	{"country", "nation"},
	{"previously", "earlier", "before"},
}

var synonyms = func() map[string]string {
	m := map[string]string{}
	for _, g := range synonymGroups {
		for _, w := range g {
			m[text.Stem(w)] = text.Stem(g[0])
		}
	}
	return m
}()

// soft is the form of a content term for paraphrase: its stem, folded with synonyms.
func soft(t string) string {
	s := text.Stem(t)
	if c, ok := synonyms[s]; ok {
		return c
	}
	return s
}

// clauseBreaks are the words that start a new clause inside a sentence.
var clauseBreaks = map[string]bool{"but": true, "while": true, "although": true, "though": true,
	"whereas": true, "where": true, "which": true, "without": false}

// clauses cuts a sentence's tokens into clauses at punctuation and at clause words,
// and returns each clause's soft content terms (lowercase words only: a clause is
// matched on what it says, not on whom it names).
func clauses(s string, toks []text.Token) []map[string]bool {
	var out []map[string]bool
	cur := map[string]bool{}
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = map[string]bool{}
	}
	for i, tk := range toks {
		if i > 0 && (strings.ContainsAny(s[toks[i-1].End:tk.Start], ",;:()—–") || clauseBreaks[tk.Word]) {
			flush()
		}
		t := strings.TrimSuffix(tk.Term, "'s")
		if text.IsStopword(t) {
			continue
		}
		if w := s[tk.Start:tk.End]; w != strings.ToLower(w) {
			continue // a name
		}
		cur[soft(t)] = true
	}
	flush()
	return out
}

// sameClause reports whether two sentences hold clauses of at least three words that
// say nearly the same (three quarters of each clause's words in the other).
func sameClause(a, b []map[string]bool) bool {
	for _, ca := range a {
		if len(ca) < 3 {
			continue
		}
		for _, cb := range b {
			if len(cb) < 3 {
				continue
			}
			n := 0
			for t := range ca {
				if cb[t] {
					n++
				}
			}
			if 4*n >= 3*len(ca) && 4*n >= 3*len(cb) {
				return true
			}
		}
	}
	return false
}
