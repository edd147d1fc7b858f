package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text with its place in that text, so that a stage comparing by
// terms can quote the original wording back.
type Token struct {
	Word  string // as Words gives it: lowercase, curly apostrophes folded
	Term  string // as Terms gives it: spelling variants folded
	Start int    // byte offset of the word's first byte in the text
	End   int    // byte offset just past the word's last byte
}

// Tokens cuts s into the words of Words, with their byte spans in s, and folds them as
// Terms does: the Term fields of Tokens(s) are exactly Terms(s). A two-word variant
// ("al Qaeda") becomes one token spanning both words.
func Tokens(s string) []Token {
	var buf [64]Token // most sentences: no slice to grow
	toks := foldTerms(cut(s, buf[:0], false))
	out := make([]Token, len(toks)) // never nil, as before
	copy(out, toks)
	return out
}

// wordByte marks the ASCII bytes that are word runes (letters and digits); the scan of
// cut decodes only the bytes above ASCII.
var wordByte = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = isWordRune(unicode.ToLower(rune(c)))
	}
	return t
}()

// cut appends to dst the words of s (as Words cuts them) with their spans, their Word
// lowercased, and Term left equal to Word. Without own, the lowered copies of ASCII
// words with capitals share one string: one allocation a call rather than one a word,
// and the other words are spans of s, as Tokens always gave them.
func cut(s string, dst []Token, own bool) []Token {
	first := len(dst)
	start := -1
	plain := true // the word so far is ASCII without capitals: its Word is its span
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case wordByte[c]:
				if start < 0 {
					start = i
					plain = true
				}
				if 'A' <= c && c <= 'Z' {
					plain = false
				}
			case start >= 0 && (c == '\'' || c == '-' || c == '.') && i+1 < len(s) && nextIsWordRune(s[i+1:]):
				// inner apostrophe, hyphen or dot: part of the word
			default:
				if start >= 0 {
					dst = appendWord(dst, s, start, i, plain, own)
					start = -1
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		lr := unicode.ToLower(r)
		switch {
		case isWordRune(lr):
			if start < 0 {
				start = i
			}
			plain = false
		case start >= 0 && isConnector(lr) && i+size < len(s) && nextIsWordRune(s[i+size:]):
			plain = false
		default:
			if start >= 0 {
				dst = appendWord(dst, s, start, i, plain, own)
				start = -1
			}
		}
		i += size
	}
	if start >= 0 {
		dst = appendWord(dst, s, start, len(s), plain, own)
	}
	// Words left empty are ASCII with capitals (appendWord folded the others): lower
	// them into one buffer.
	n := 0
	for _, t := range dst[first:] {
		if t.Word == "" {
			n += t.End - t.Start
		}
	}
	if n == 0 {
		return dst
	}
	var b strings.Builder
	b.Grow(n)
	for _, t := range dst[first:] {
		if t.Word == "" {
			for j := t.Start; j < t.End; j++ {
				c := s[j]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				b.WriteByte(c)
			}
		}
	}
	low := b.String()
	off := 0
	for k := first; k < len(dst); k++ {
		if t := &dst[k]; t.Word == "" {
			t.Word = low[off : off+t.End-t.Start]
			t.Term = t.Word
			off += t.End - t.Start
		}
	}
	return dst
}

// appendWord appends the word s[start:end]. A plain word is its own span; a word with
// runes above ASCII is folded here; an ASCII word with capitals is left with an empty
// Word for cut to lower. With own, every word gets its own string instead, sharing no
// bytes with s or with the other words, as Words and Terms always gave them: a caller
// that keeps one word in a map must not pin the whole text.
func appendWord(dst []Token, s string, start, end int, plain, own bool) []Token {
	w := s[start:end]
	switch {
	case !plain && isASCII(w): // has a capital
		if own {
			w = strings.ToLower(w)
		} else {
			w = ""
		}
	case !plain:
		w = foldWord(w)
		if own && w == s[start:end] {
			w = strings.Clone(w) // strings.Map gave w back unchanged
		}
	case own:
		w = strings.Clone(w)
	}
	return append(dst, Token{Word: w, Term: w, Start: start, End: end})
}

// pairFirst and aliasFirst hold the first bytes of the words that may be spelling
// variants, the first word of a two-word variant and a one-word variant, so that most
// words skip the map lookups.
var pairFirst, aliasFirst = func() (p, a [256]bool) {
	for k := range aliases {
		if f, _, ok := strings.Cut(k, " "); ok {
			p[f[0]] = true
		} else {
			a[k[0]] = true
		}
	}
	return p, a
}()

// foldTerms sets the Term of each token as Terms folds it, merging a two-word variant
// into one token, in place.
func foldTerms(toks []Token) []Token {
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		w := t.Word
		if i+1 < len(toks) && pairFirst[w[0]] {
			next := toks[i+1]
			if a, ok := aliases[w+" "+next.Word]; ok {
				out = append(out, Token{Word: w + " " + next.Word, Term: a, Start: t.Start, End: next.End})
				i++
				continue
			}
		}
		t.Term = w
		if aliasFirst[w[0]] {
			if a, ok := aliases[w]; ok {
				t.Term = a
			} else if strings.HasSuffix(w, "'s") {
				if a, ok := aliases[strings.TrimSuffix(w, "'s")]; ok {
					t.Term = a + "'s"
				}
			}
		}
		out = append(out, t)
	}
	return out
}

func isConnector(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == '-' || r == '.' || r == '‐'
}

func nextIsWordRune(s string) bool {
	if s[0] < utf8.RuneSelf {
		return wordByte[s[0]]
	}
	r, _ := utf8.DecodeRuneInString(s)
	return isWordRune(unicode.ToLower(r))
}

// foldWord lowercases a word as Words does, folding curly apostrophes and the Unicode
// hyphen to their ASCII forms.
func foldWord(w string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '’', '‘':
			return '\''
		case '‐':
			return '-'
		}
		return unicode.ToLower(r)
	}, w)
}

// ContentTerms is Terms without stopwords and without a trailing possessive "'s": the
// words that carry a sentence's claim, for overlap scores. "US" and "U.S." are kept
// (as "us"); the pronoun "us" is not.
func ContentTerms(s string) []string {
	var out []string
	for _, tk := range Tokens(s) {
		t := strings.TrimSuffix(tk.Term, "'s")
		if IsStopword(t) && (t != "us" || s[tk.Start:tk.End] == "us") {
			continue
		}
		out = append(out, t)
	}
	return out
}
