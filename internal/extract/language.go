package extract

import (
	"strings"

	"github.com/parallax-news/parallax/internal/text"
)

// languageWords are frequent function words that are distinctive for each language; a
// text's language is the one whose words it uses most. English uses text.IsStopword.
var languageWords = map[string]map[string]bool{
	"de": setOf("der die das und ist nicht ein eine mit von den dem des auf für sich auch zu im wird wurde sind aber oder wie"),
	"fr": setOf("le la les et est un une des du dans pour pas qui que sur au avec ce il elle sont par plus ont été mais"),
	"es": setOf("el la los las y es un una del en por para que con no se su al lo como más pero fue sus han"),
	"it": setOf("il lo la gli le e è un una di del della che per con non si sono nel alla anche ma più come"),
	"nl": setOf("de het een en is van in op dat niet met voor zijn er maar ook als bij door naar dan wordt"),
	"pt": setOf("o a os as e é um uma do da dos das em no na que para com não se por mais como foi são"),
}

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// detectLanguage guesses the ISO 639-1 code of s from its function words; "" when s has
// too few of them to tell.
func detectLanguage(s string) string {
	ws := text.Words(s)
	if len(ws) > 3000 {
		ws = ws[:3000]
	}
	counts := map[string]int{}
	for _, w := range ws {
		if text.IsStopword(w) {
			counts["en"]++
		}
		for lang, set := range languageWords {
			if set[w] {
				counts[lang]++
			}
		}
	}
	best, bestN := "", 0
	for _, lang := range []string{"en", "de", "fr", "es", "it", "nl", "pt"} {
		if counts[lang] > bestN {
			best, bestN = lang, counts[lang]
		}
	}
	if bestN < 3 || bestN*20 < len(ws) {
		return ""
	}
	return best
}
