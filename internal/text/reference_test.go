package text

// The straightforward implementations of Sentences, Clean, Words, Terms and Tokens as
// they were before they were made fast (commit f407fa0), kept verbatim so that
// equivalence_test.go can hold the fast ones to exactly the same output.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

func refSentences(p string) []string {
	p = refCleanOld(p)
	var out []string
	start := 0
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		i += size
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		end := i
		for end < len(p) {
			c, cs := utf8.DecodeRuneInString(p[end:])
			if c == '"' || c == '\'' || c == '”' || c == '’' || c == ')' || c == ']' || c == '.' || c == '!' || c == '?' {
				end += cs
				continue
			}
			break
		}
		if end >= len(p) || p[end] != ' ' {
			i = end
			continue
		}
		next, _ := utf8.DecodeRuneInString(p[end+1:])
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || next == '"' || next == '“' || next == '\'' || next == '‘' || next == '(') {
			i = end
			continue
		}
		if r == '.' && refEndsWithAbbreviation(p[start:i-size]) {
			i = end
			continue
		}
		out = append(out, strings.TrimSpace(p[start:end]))
		start = end + 1
		i = end + 1
	}
	if rest := strings.TrimSpace(p[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

func refEndsWithAbbreviation(s string) bool {
	j := strings.LastIndexAny(s, " (\"“")
	w := s[j+1:]
	if w == "" {
		return false
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(w)]
}

// refCleanOld is Clean as it was: the old no-copy test, else the copy.
func refCleanOld(s string) string {
	if refIsClean(s) {
		return s
	}
	return refClean(s)
}

func refIsClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prevSpace := false
	for i := 0; i < len(s); {
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

// refClean is Clean without its no-copy test: it always builds the cleaned copy.
func refClean(s string) string {
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

func refWords(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		for len(cur) > 0 && !refIsWordRune(cur[len(cur)-1]) {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			out = append(out, string(cur))
		}
		cur = cur[:0]
	}
	rs := []rune(s)
	for i, r := range rs {
		r = unicode.ToLower(r)
		if r == '’' || r == '‘' {
			r = '\''
		}
		switch {
		case refIsWordRune(r):
			cur = append(cur, r)
		case (r == '\'' || r == '-' || r == '.' || r == '‐') && len(cur) > 0 && i+1 < len(rs) && refIsWordRune(unicode.ToLower(rs[i+1])):
			if r == '‐' {
				r = '-'
			}
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

func refIsWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func refTerms(s string) []string {
	ws := refWords(s)
	out := ws[:0:0]
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if i+1 < len(ws) {
			if a, ok := aliases[w+" "+ws[i+1]]; ok {
				out = append(out, a)
				i++
				continue
			}
		}
		if a, ok := aliases[w]; ok {
			w = a
		} else if strings.HasSuffix(w, "'s") {
			if a, ok := aliases[strings.TrimSuffix(w, "'s")]; ok {
				w = a + "'s"
			}
		}
		out = append(out, w)
	}
	return out
}

func refTokens(s string) []Token {
	var spans [][2]int
	start := -1
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		lr := unicode.ToLower(r)
		switch {
		case refIsWordRune(lr):
			if start < 0 {
				start = i
			}
		case start >= 0 && refIsConnector(lr) && i+size < len(s) && refNextIsWordRune(s[i+size:]):
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
		words[i] = refFoldWord(s[sp[0]:sp[1]])
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

func refIsConnector(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == '-' || r == '.' || r == '‐'
}

func refNextIsWordRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return refIsWordRune(unicode.ToLower(r))
}

func refFoldWord(w string) string {
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

func refFolds(w string) bool {
	if _, ok := aliases[w]; ok {
		return true
	}
	if len(w) > 2 && w[len(w)-2:] == "'s" {
		_, ok := aliases[w[:len(w)-2]]
		return ok
	}
	return false
}

func refIsStopword(w string) bool { _, ok := stopwords[w]; return ok }
