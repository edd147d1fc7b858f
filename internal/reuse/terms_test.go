package reuse

import (
	"testing"

	"github.com/parallax-news/parallax/internal/text"
)

// The cutter gives the terms of text.Terms.
func TestCutterAgreesWithTerms(t *testing.T) {
	sents := []string{
		"The U.S. and the US agreed; U.S.A. officials said.",
		"Al-Qaida’s leaders and al Qaeda's, al-Qaeda and AlQaida.",
		"He said: “don’t”—it's the state‐run E.U. plan, at 3.5% or 1,000.",
		"Ünïcode Wörds and CAPITALS, mid-sentence dots... and end.",
		"Mr. O'Neill's rock-'n'-roll isn't U.K.-based.",
	}
	for _, a := range allSidesIfPresent(t, 200) {
		for _, p := range a.Paragraphs {
			sents = append(sents, text.Sentences(p)...)
		}
	}
	tc := newCutter()
	for _, s := range sents {
		var got []uint64
		for _, t := range tc.terms(s, nil) {
			got = append(got, t.hash)
		}
		want := text.Terms(s)
		if len(got) != len(want) {
			t.Fatalf("%q: %d terms, text.Terms gives %d: %q", s, len(got), len(want), want)
		}
		for i, w := range want {
			if got[i] != hashString(w) {
				t.Fatalf("%q: term %d differs from text.Terms's %q", s, i, w)
			}
		}
	}
}
