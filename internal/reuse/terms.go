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

// terms calls fn for each term of s, in order.
func (tc *cutter) terms(s string, fn func(term)) {
	if mayPair(s) {
		for _, tk := range text.Tokens(s) {
			fn(fold(tk.Term))
		}
		return
	}
	buf := tc.buf[:0]
	// fh is the FNV-1a state of buf, kept as the bytes go in: hashBytes(buf) is
	// mix(fh), without a second pass over the word.
	const fnvOffset = 14695981039346656037
	fh := uint64(fnvOffset)
	flush := func() {
		if len(buf) == 0 {
			return
		}
		h := mix(fh)
		fh = fnvOffset
		m := &tc.memo[h&(memoSize-1)]
		if m.set && m.word == h {
			fn(m.t)
			buf = buf[:0]
			return
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
		fn(t)
		buf = buf[:0]
	}
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			r = unicode.ToLower(r)
		} else if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		if r == '’' || r == '‘' {
			r = '\''
		}
		switch {
		case isWord(r):
			if r < utf8.RuneSelf {
				buf = append(buf, byte(r))
				fh = (fh ^ uint64(r)) * 1099511628211
				break
			}
			n := len(buf)
			buf = utf8.AppendRune(buf, r)
			for _, c := range buf[n:] {
				fh = (fh ^ uint64(c)) * 1099511628211
			}
		case (r == '\'' || r == '-' || r == '.' || r == '‐') && len(buf) > 0 && nextIsWord(s[i+size:]):
			if r == '‐' {
				r = '-'
			}
			n := len(buf)
			buf = utf8.AppendRune(buf, r)
			for _, c := range buf[n:] {
				fh = (fh ^ uint64(c)) * 1099511628211
			}
		default:
			flush()
		}
		i += size
	}
	flush()
	tc.buf = buf
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
