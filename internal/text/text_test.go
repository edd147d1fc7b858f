package text

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`It was not immediately clear how much Pompeo intends to reveal. He could cite declassified information, said the sources.`,
			[]string{"It was not immediately clear how much Pompeo intends to reveal.", "He could cite declassified information, said the sources."}},
		{`Earlier accusations by the George W. Bush administration of links to al-Qaida's Sept. 11, 2001, attacks on the U.S. have been discredited. But reports have surfaced.`,
			[]string{"Earlier accusations by the George W. Bush administration of links to al-Qaida's Sept. 11, 2001, attacks on the U.S. have been discredited.", "But reports have surfaced."}},
		{`"There have been times the Iranians have worked alongside al-Qaida," then CIA director Pompeo said. Mr. Smith agreed.`,
			[]string{`"There have been times the Iranians have worked alongside al-Qaida," then CIA director Pompeo said.`, "Mr. Smith agreed."}},
		{`She said: “It is a red flag.” Then she left!`, []string{`She said: “It is a red flag.”`, "Then she left!"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Sentences(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeFoldsWireVariants(t *testing.T) {
	pairs := [][2]string{
		{"two U.S. embassies in Africa", "two US embassies in Africa"},
		{"no Al-Qaida \"terrorists\" on its soil", "no al-Qaida “terrorists” on its soil"},
		{"ties to al Qaeda", "ties to Al-Qaida"},
		{"Al-Qaida's suspected second-in-command", "al-Qaida’s suspected second-in-command"},
	}
	for _, p := range pairs {
		if a, b := Normalize(p[0]), Normalize(p[1]); a != b {
			t.Errorf("Normalize(%q) = %q, Normalize(%q) = %q: want equal", p[0], a, p[1], b)
		}
	}
	if Normalize("US embassies") == Normalize("UK embassies") {
		t.Error("different words must not fold together")
	}
}

func TestClean(t *testing.T) {
	if got := Clean("  a\u00a0\tb\x00c \xff d  "); got != "a bc d" {
		t.Errorf("Clean = %q", got)
	}
}

// The fast test of Clean holds exactly for the strings the copy leaves alone.
func TestCleanFastPath(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\u00a0b", "a\u200bb", "\ufeffa",
		"“quoted” — dash’s", "x\xffy", "x\x7fy", "a\u2028b", "tab\x00", "Ünïcode wörds.", "a\u3000b", "\u0085",
		// eight bytes at a time: runs of spaces inside a block, across blocks, after a rune
		"abcdefgh  ijklmnop", "abcdefg  hijklmnop", "abcdefgh ijklmnopq", "a b c d e f g h i j k l",
		"abcdefg é  hijklmnop", "abcdefghijklmno\x7fpqrstuvw", "abcdefghijklmnop\nqrstuvw", "abcdefghijklmnop\u00a0qrstuvw"} {
		if got, want := clean(s), cleanCopy(s) == s; got != want {
			t.Errorf("clean(%q) = %v, want %v", s, got, want)
		}
		if Clean(s) != cleanCopy(s) {
			t.Errorf("Clean(%q) = %q, want %q", s, Clean(s), cleanCopy(s))
		}
	}
}

func TestTokensAgreeWithTerms(t *testing.T) {
	for _, s := range []string{
		"Iran has given safe haven to al Qaeda leaders, the sources told Reuters.",
		"two U.S. embassies in Africa; Al-Qaida’s suspected second-in-command ‐ don't",
		"“new burden” on Iran. Shi'ite -- x- -y 'quoted' ...",
		"",
	} {
		toks := Tokens(s)
		var terms []string
		for _, tk := range toks {
			terms = append(terms, tk.Term)
			if Normalize(s[tk.Start:tk.End]) != tk.Term {
				t.Errorf("Tokens(%q): span %q does not normalize to %q", s, s[tk.Start:tk.End], tk.Term)
			}
		}
		if want := Terms(s); !reflect.DeepEqual(terms, want) && !(len(terms) == 0 && len(want) == 0) {
			t.Errorf("Tokens(%q) terms %q, Terms %q", s, terms, want)
		}
	}
}

func TestContentTerms(t *testing.T) {
	got := ContentTerms("He could cite the U.S. report on Al-Qaida's leaders")
	want := []string{"cite", "us", "report", "alqaeda", "leaders"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ContentTerms = %q, want %q", got, want)
	}
}

func TestStem(t *testing.T) {
	for _, g := range [][]string{{"providing", "provided", "provide", "provides"}, {"ties", "tie"}, {"newly", "new"}} {
		for _, w := range g[1:] {
			if Stem(w) != Stem(g[0]) {
				t.Errorf("Stem(%q) = %q, Stem(%q) = %q; want equal", w, Stem(w), g[0], Stem(g[0]))
			}
		}
	}
	if Stem("news") == Stem("new") {
		t.Error(`"news" and "new" share a stem`)
	}
}

func TestFolds(t *testing.T) {
	for k := range aliases {
		if strings.Contains(k, " ") {
			continue // two words: Terms folds the pair, not a word
		}
		if !Folds(k) || !Folds(k+"'s") {
			t.Errorf("Folds(%q) or Folds(%q's) = false, but Terms folds it", k, k)
		}
	}
	for _, w := range []string{"us's", "use", "al", "state", "u"} {
		if got, want := Folds(w), strings.Join(Terms(w), " ") != w; got != want {
			t.Errorf("Folds(%q) = %v, want %v", w, got, want)
		}
	}
}

// nextStop must find the first sentence-ending byte wherever it falls in its 8-byte steps.
func TestNextStop(t *testing.T) {
	for _, stop := range []string{".", "!", "?", "…", "’"} {
		for at := 0; at < 20; at++ {
			s := strings.Repeat("a", at) + stop + strings.Repeat("b.", 10)
			for from := 0; from <= at; from++ {
				if got := nextStop(s, from); got != at {
					t.Errorf("nextStop(%q, %d) = %d, want %d", s, from, got, at)
				}
			}
		}
	}
	if got := nextStop(strings.Repeat("word ", 9), 0); got != 45 {
		t.Errorf("nextStop without a stop = %d, want 45", got)
	}
}

// Words and Terms give words of their own, as they always did: a caller that keeps one
// in a map must not pin the whole text it came from. (Tokens gives spans of s.)
func TestWordsDoNotPinText(t *testing.T) {
	s := strings.Repeat("The U.S. embassy said “wörds” were Important. ", 20)
	lo := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	hi := lo + uintptr(len(s))
	for name, ws := range map[string][]string{"Words": Words(s), "Terms": Terms(s)} {
		for _, w := range ws {
			if p := uintptr(unsafe.Pointer(unsafe.StringData(w))); p >= lo && p < hi {
				t.Fatalf("%s(s) word %q shares s's bytes", name, w)
			}
		}
	}
}
