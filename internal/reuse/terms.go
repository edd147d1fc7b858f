package reuse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/text"
)

// term is what a fingerprint needs of one word: the hash of its term (text.Terms) and,
// for a content word, the hash of its content form (without a possessive "'s").
type term struct {
	hash, content uint64
	isContent     bool
}

// cutter cuts sentences into the terms of text.Terms, fast: words are found in one
// pass over the bytes (by the rules of text.Words) and hashed there; only the rare word
// that text.Terms spells otherwise (text.Folds: "u.s.") goes through text.Terms.
// Sentences where a two-word spelling variant may occur ("al Qaeda") go through
// text.Tokens whole. A map of every word seen cost more in cache misses than folding
// the words again.
type cutter struct {
	buf []byte
	out []term // fingerprint's buffer of a sentence's terms
	// all, content, pairs and anchors are fingerprint's buffers of word, content
	// word, content pair and anchor hashes.
	all, content, pairs, anchors []uint64
	// memo remembers the term of the last word of each hash slot: the frequent words
	// (a few hundred make half of a text) skip the variant and stopword tables. Small
	// enough to stay in the processor's cache, unlike a map of every word seen.
	memo [memoSize]memoEntry
}

const memoSize = 4096

type memoEntry struct {
	word uint64 // hashBytes of the word as cut
	t    term
	set  bool
}

func newCutter() *cutter { return &cutter{} }

func fold(w string) term {
	ts := text.Terms(w)
	t := strings.Join(ts, " ")
	c := strings.TrimSuffix(t, "'s")
	return term{hash: hashString(t), content: hashString(c), isContent: !text.IsStopword(c)}
}

// hashBytes is hashString of string(b).
func hashBytes(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return mix(h)
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// terms appends the terms of s, in order, to out. A word's FNV-1a hash is kept as its
// bytes go in (hashBytes(word) is mix of it), and ASCII, most of the text, takes a
// short path.
func (tc *cutter) terms(s string, out []term) []term {
	if mayPair(s) {
		for _, tk := range text.Tokens(s) {
			out = append(out, fold(tk.Term))
		}
		return out
	}
	buf := tc.buf[:0]
	fh := uint64(fnvOffset)
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			switch {
			case asciiWord[c]:
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
				fh = (fh ^ uint64(c)) * fnvPrime
			case (c == '\'' || c == '-' || c == '.') && len(buf) > 0 && nextIsWord(s[i+1:]):
				buf = append(buf, c)
				fh = (fh ^ uint64(c)) * fnvPrime
			case len(buf) > 0:
				out = append(out, tc.word(buf, fh))
				buf, fh = buf[:0], fnvOffset
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		r = unicode.ToLower(r)
		if r == '’' || r == '‘' {
			r = '\''
		}
		switch {
		case isWord(r), (r == '\'' || r == '-' || r == '.' || r == '‐') && len(buf) > 0 && nextIsWord(s[i+size:]):
			if r == '‐' {
				r = '-'
			}
			n := len(buf)
			buf = utf8.AppendRune(buf, r)
			for _, c := range buf[n:] {
				fh = (fh ^ uint64(c)) * fnvPrime
			}
		case len(buf) > 0:
			out = append(out, tc.word(buf, fh))
			buf, fh = buf[:0], fnvOffset
		}
		i += size
	}
	if len(buf) > 0 {
		out = append(out, tc.word(buf, fh))
	}
	tc.buf = buf[:0]
	return out
}

// word returns the term of the word cut into buf, whose FNV-1a state is fh.
func (tc *cutter) word(buf []byte, fh uint64) term {
	h := mix(fh)
	m := &tc.memo[h&(memoSize-1)]
	if m.set && m.word == h {
		return m.t
	}
	var t term
	if text.Folds(string(buf)) {
		t = fold(string(buf))
	} else {
		t.hash = h
		c := buf
		if n := len(buf); n > 2 && buf[n-2] == '\'' && buf[n-1] == 's' {
			c = buf[:n-2]
			t.content = hashBytes(c)
		} else {
			t.content = t.hash
		}
		t.isContent = !text.IsStopword(string(c))
	}
	*m = memoEntry{word: h, t: t, set: true}
	return t
}

// asciiWord tells the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z'
	}
	return t
}()

func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func nextIsWord(s string) bool {
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return isWord(unicode.ToLower(r))
}

// mayPair reports whether s may hold a two-word spelling variant of text.Terms (they
// start with the word "al").
func mayPair(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if (s[i] == 'a' || s[i] == 'A') && (s[i+1] == 'l' || s[i+1] == 'L') && s[i+2] == ' ' && (i == 0 || !isWord(rune(s[i-1]))) {
			return true
		}
	}
	return false
}
