package text

import "strings"

// Stem strips the commonest English inflections from a term ("providing", "provided",
// "provides" -> "provid"): enough to see one word across rewrites of a sentence or
// across headlines, not a linguistic stemmer. Short words are kept whole.
func Stem(t string) string {
	t = strings.TrimSuffix(t, "'s")
	if stemKeep[t] {
		return t
	}
	for _, suf := range []string{"ing", "ed", "es", "s", "ly"} {
		if len(t)-len(suf) >= 3 && strings.HasSuffix(t, suf) && !strings.HasSuffix(t, "ss") {
			t = t[:len(t)-len(suf)]
			break
		}
	}
	if len(t) > 4 {
		t = strings.TrimSuffix(t, "e")
	}
	return t
}

// stemKeep are words whose ending is no inflection.
var stemKeep = map[string]bool{"news": true, "series": true, "species": true, "always": true, "perhaps": true,
	"was": true, "has": true, "his": true, "its": true, "this": true, "thus": true, "gas": true, "bus": true,
	"during": true, "thing": true, "king": true, "ring": true, "bring": true, "sing": true, "united": true,
	"red": true, "bed": true, "need": true, "speed": true, "feed": true, "only": true, "early": true, "july": true,
	"italy": true, "apply": true, "reply": true, "supply": true, "family": true, "rally": true, "ally": true}
