package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a dot that does not end a sentence (lowercase, without the dot).
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sen": true, "rep": true, "gov": true,
	"gen": true, "col": true, "lt": true, "sgt": true, "capt": true, "st": true, "jr": true, "sr": true,
	"inc": true, "corp": true, "co": true, "ltd": true, "no": true, "vs": true, "etc": true, "al": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "u.s": true, "u.k": true, "u.n": true, "d.c": true,
	"e.g": true, "i.e": true, "a.m": true, "p.m": true, "ft": true, "mt": true, "rev": true, "pres": true,
}

// Sentences splits a paragraph into sentences. A sentence ends at '.', '!' or '?' (and any
// closing quotes or brackets after it) followed by a space and an uppercase letter, digit
// or opening quote, unless the dot ends a known abbreviation or a single initial
// ("George W. Bush"). Quoted speech is kept whole when the quote closes the sentence.
func Sentences(p string) []string {
	p = Clean(p)
	var buf [16]string // most paragraphs: one allocation, of the exact size
	out := buf[:0]
	start := 0
	for i := 0; i < len(p); {
		// Clean left p valid UTF-8, so a byte of '.', '!', '?' or the lead byte of '…'
		// starts a rune: the scan steps over bytes and decodes nothing.
		i = nextStop(p, i)
		if i == len(p) {
			break
		}
		c := p[i]
		size := 1
		if c == 0xe2 {
			if !strings.HasPrefix(p[i:], "…") {
				i++
				continue
			}
			size = len("…")
		}
		i += size
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
		if c == '.' && endsWithAbbreviation(p[start:i-size]) {
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
	if len(out) == 0 {
		return nil
	}
	return append([]string(nil), out...)
}

// nextStop returns the index of the first byte of p at or after i that may end a
// sentence, or len(p). It tests eight bytes a step: sentence ends are rare.
func nextStop(p string, i int) int {
	for ; i+8 <= len(p); i += 8 {
		x := uint64(p[i]) | uint64(p[i+1])<<8 | uint64(p[i+2])<<16 | uint64(p[i+3])<<24 |
			uint64(p[i+4])<<32 | uint64(p[i+5])<<40 | uint64(p[i+6])<<48 | uint64(p[i+7])<<56
		if bytesEqual(x, '.')|bytesEqual(x, '!')|bytesEqual(x, '?')|bytesEqual(x, 0xe2) != 0 {
			break
		}
	}
	for i < len(p) && !stop[p[i]] {
		i++
	}
	return i
}

// bytesEqual sets the high bit of each byte of x that is c, exactly (no carry crosses
// bytes), and clears every other bit.
func bytesEqual(x uint64, c byte) uint64 {
	const lows = 0x7f7f7f7f7f7f7f7f
	t := x ^ uint64(c)*0x0101010101010101
	return ^((t&lows + lows) | t | lows)
}

// stop marks the bytes that may end a sentence: '.', '!', '?' and the lead byte of '…'.
var stop = [256]bool{'.': true, '!': true, '?': true, 0xe2: true}

// endsWithAbbreviation reports whether s (the text before a dot) ends with an
// abbreviation or a single capital initial.
func endsWithAbbreviation(s string) bool {
	// strings.LastIndexAny(s, " (\"“") without its rune-by-rune search for the '“'.
	j := len(s) - 1
	for ; j >= 0; j-- {
		if c := s[j]; c == ' ' || c == '(' || c == '"' || c == 0xe2 && strings.HasPrefix(s[j:], "“") {
			break
		}
	}
	// After '“', w starts inside the quote's bytes and so is never an abbreviation
	// or an initial: kept as it was, so that Sentences cuts as before.
	w := s[j+1:]
	if w == "" {
		return false
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	if !isASCII(w) {
		return abbreviations[strings.ToLower(w)] // the Kelvin sign lowers to 'k'
	}
	if len(w) > abbrMaxLen {
		return false
	}
	var b [8]byte // lowered without an allocation
	for k := 0; k < len(w); k++ {
		c := w[k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[k] = c
	}
	return abbreviations[string(b[:len(w)])]
}

// abbrMaxLen is the length of the longest abbreviation.
var abbrMaxLen = func() int {
	n := 0
	for a := range abbreviations {
		n = max(n, len(a))
	}
	if n > 8 {
		panic("text: abbreviation longer than endsWithAbbreviation's buffer")
	}
	return n
}()

func isASCII(s string) bool {
	for k := 0; k < len(s); k++ {
		if s[k] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
