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
	var spans [][2]int
	start := -1
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		lr := unicode.ToLower(r)
		switch {
		case isWordRune(lr):
			if start < 0 {
				start = i
			}
		case start >= 0 && isConnector(lr) && i+size < len(s) && nextIsWordRune(s[i+size:]):
			// inner apostrophe, hyphen or dot: part of the word
		default:
			if start >= 0 {
				spans = append(spans, [2]int{start, i})
				start = -1
			}
		}
		i += size
	}
	if start >= 0 {
		spans = append(spans, [2]int{start, len(s)})
	}
	words := make([]string, len(spans))
	for i, sp := range spans {
		words[i] = foldWord(s[sp[0]:sp[1]])
	}
	out := make([]Token, 0, len(spans))
	for i := 0; i < len(words); i++ {
		w := words[i]
		if i+1 < len(words) {
			if a, ok := aliases[w+" "+words[i+1]]; ok {
				out = append(out, Token{Word: w + " " + words[i+1], Term: a, Start: spans[i][0], End: spans[i+1][1]})
				i++
				continue
			}
		}
		term := w
		if a, ok := aliases[w]; ok {
			term = a
		} else if strings.HasSuffix(w, "'s") {
			if a, ok := aliases[strings.TrimSuffix(w, "'s")]; ok {
				term = a + "'s"
			}
		}
		out = append(out, Token{Word: w, Term: term, Start: spans[i][0], End: spans[i][1]})
	}
	return out
}

func isConnector(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == '-' || r == '.' || r == '‐'
}

func nextIsWordRune(s string) bool {
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
