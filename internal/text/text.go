// Package text is the one place text is cut up: normalization, words, sentences and
// shingles. Every other stage uses these functions so that they agree on what a word is.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean folds runs of white space (including non-breaking spaces) to one space, drops
// control characters and invalid UTF-8, and trims.
func Clean(s string) string {
	if clean(s) {
		return s // most text is: no copy
	}
	return cleanCopy(s)
}

func cleanCopy(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			continue
		case unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b':
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || r == '\ufeff':
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// clean reports whether Clean(s) is s: no space at either end, no run of spaces, and
// nothing Clean drops or folds. It runs on every paragraph Sentences cuts, so it tests
// eight bytes at a time and decodes only the runes above ASCII.
func clean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	const ones, lows, highs = 0x0101010101010101, 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	prevSpace := false
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			// A high bit is set where some byte is below 0x20 (control characters and
			// white space other than ' '), is 0x7f, or is above ASCII.
			if ((x-0x20*ones)&^x|x|(x&^highs+ones))&highs == 0 {
				// The high bit of each byte that is ' ' (exact: no carry crosses bytes).
				t := x ^ 0x20*ones
				sp := ^((t&lows + lows) | t | lows)
				var carry uint64
				if prevSpace {
					carry = 0x80
				}
				if sp&(sp<<8|carry) != 0 {
					return false // a run of spaces
				}
				prevSpace = sp>>63 != 0
				i += 8
				continue
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				if prevSpace {
					return false
				}
				prevSpace = true
			case c < 0x20 || c == 0x7f:
				return false
			default:
				prevSpace = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff' {
			return false
		}
		prevSpace = false
		i += size
	}
	return true
}

// aliases maps a normalized word (or word pair joined by a space) to its canonical form,
// so that spelling variants common in wire copy compare equal.
var aliases = map[string]string{
	"u.s": "us", "u.s.": "us", "usa": "us", "u.s.a": "us",
	"u.k": "uk", "u.n": "un", "e.u": "eu",
	"al-qaida": "alqaeda", "al-qaeda": "alqaeda", "al qaida": "alqaeda", "al qaeda": "alqaeda",
	"alqaida": "alqaeda", "al-qaida's": "alqaeda's", "al-qaeda's": "alqaeda's",
	"qaida": "qaeda",
}

// Words splits s into lowercase words: letters, digits and inner apostrophes, hyphens
// and dots ("u.s", "al-qaida", "don't"). Curly quotes are folded to straight ones.
func Words(s string) []string {
	var buf [64]Token
	toks := cut(s, buf[:0], true)
	if len(toks) == 0 {
		return nil
	}
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Word
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Terms is Words with spelling variants folded ("U.S." and "US" give "us"; "Al-Qaida",
// "al Qaeda" give "alqaeda"): the form to compare passages by.
func Terms(s string) []string {
	var buf [64]Token
	toks := foldTerms(cut(s, buf[:0], true))
	if len(toks) == 0 {
		return nil
	}
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}

// Folds reports whether Terms gives the single word w (lowercase, as Words cuts it)
// another spelling: whether w, or w without a possessive "'s", is a variant. A caller
// that cuts words itself (the reuse fingerprint) folds only those, and takes the rest
// as they are.
func Folds(w string) bool {
	if w == "" || !foldFirst[w[0]] {
		return false // most words: no map lookup
	}
	if _, ok := aliases[w]; ok {
		return true
	}
	if len(w) > 2 && w[len(w)-2:] == "'s" {
		_, ok := aliases[w[:len(w)-2]]
		return ok
	}
	return false
}

// foldFirst marks the first bytes of the variants in aliases.
var foldFirst = func() (f [256]bool) {
	for k := range aliases {
		f[k[0]] = true
	}
	return f
}()

// Normalize is the canonical comparison form of s: its Terms joined by single spaces.
func Normalize(s string) string { return strings.Join(Terms(s), " ") }

// IsStopword reports whether w (lowercase) is an English function word.
func IsStopword(w string) bool {
	if len(w) > stopMaxLen {
		return false // most content words: no map lookup
	}
	_, ok := stopwords[w]
	return ok
}

var stopwords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(`a about above after again against all also am an and any are aren't as at be
	because been before being below between both but by can could did didn't do does doesn't doing don't down during each
	few for from further had has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his
	how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's me more most much must my myself no nor
	not now of off on once only or other ought our ours ourselves out over own said same says say she she'd she'll she's
	should so some such than that that's the their theirs them themselves then there there's these they they'd they'll
	they're they've this those through to too under until up upon us very was wasn't we we'd we'll we're we've were weren't
	what what's when when's where where's which while who who's whom why why's will with won't would wouldn't you you'd
	you'll you're you've your yours yourself yourselves mr mrs ms may might new one two told according since`) {
		m[w] = struct{}{}
	}
	return m
}()

// stopMaxLen is the length of the longest stopword.
var stopMaxLen = func() int {
	n := 0
	for w := range stopwords {
		n = max(n, len(w))
	}
	return n
}()
