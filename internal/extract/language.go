package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/text"
)

// languages are the codes detectLanguage tells apart, in the order that breaks ties.
var languages = []string{"en", "de", "fr", "es", "it", "nl", "pt"}

// languageWords maps a frequent function word to the languages (bits in languages'
// order) for which it is distinctive; English uses text.IsStopword.
var languageWords = func() map[string]uint8 {
	m := map[string]uint8{}
	for i, ws := range []string{
		1: "der die das und ist nicht ein eine mit von den dem des auf für sich auch zu im wird wurde sind aber oder wie",
		2: "le la les et est un une des du dans pour pas qui que sur au avec ce il elle sont par plus ont été mais",
		3: "el la los las y es un una del en por para que con no se su al lo como más pero fue sus han",
		4: "il lo la gli le e è un una di del della che per con non si sono nel alla anche ma più come",
		5: "de het een en is van in op dat niet met voor zijn er maar ook als bij door naar dan wordt",
		6: "o a os as e é um uma do da dos das em no na que para com não se por mais como foi são",
	} {
		for _, w := range strings.Fields(ws) {
			m[w] |= 1 << i
		}
	}
	return m
}()

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// languageSample bounds the bytes of text detectLanguage reads: a few hundred words
// tell the language as well as a whole article does, at a fraction of the cost.
const languageSample = 6 << 10

// detectLanguage guesses the ISO 639-1 code of an article from the function words of
// its title and first paragraphs (at most languageSample bytes); "" when they hold too
// few of them to tell.
func detectLanguage(title string, paragraphs []string) string {
	var b strings.Builder
	b.WriteString(title)
	for _, p := range paragraphs {
		if b.Len() >= languageSample {
			break
		}
		b.WriteByte('\n')
		b.WriteString(p)
	}
	s := b.String()
	if len(s) > languageSample {
		cut := strings.LastIndexAny(s[:languageSample], " \n\t")
		if cut <= 0 {
			cut = languageSample
		}
		s = s[:cut]
	}
	var counts [8]int
	n := 0
	eachWord(s, func(w []byte) {
		n++
		if text.IsStopword(string(w)) {
			counts[0]++
		}
		for bits, i := languageWords[string(w)], 1; bits != 0 && i < len(languages); i++ {
			if bits&(1<<i) != 0 {
				counts[i]++
			}
		}
	})
	best, bestN := "", 0
	for i, lang := range languages {
		if counts[i] > bestN {
			best, bestN = lang, counts[i]
		}
	}
	if bestN < 3 || bestN*20 < n {
		return ""
	}
	return best
}

// eachWord calls f with each word of s as text.Words reads it (lowercase letters and
// digits, inner apostrophes, hyphens and dots, curly apostrophes folded) in a buffer
// that f must not keep: map lookups with string(w) then cost no allocation.
func eachWord(s string, f func(w []byte)) {
	buf := make([]byte, 0, 64)
	flush := func() {
		for len(buf) > 0 {
			r, size := utf8.DecodeLastRune(buf)
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				break
			}
			buf = buf[:len(buf)-size]
		}
		if len(buf) > 0 {
			f(buf)
		}
		buf = buf[:0]
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		r = unicode.ToLower(r)
		if r == '’' || r == '‘' {
			r = '\''
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			buf = utf8.AppendRune(buf, r)
		case (r == '\'' || r == '-' || r == '.' || r == '‐') && len(buf) > 0 && nextIsWord(s[i:]):
			if r == '‐' {
				r = '-'
			}
			buf = utf8.AppendRune(buf, r)
		default:
			flush()
		}
	}
	flush()
}

// nextIsWord reports whether s starts with a letter or digit.
func nextIsWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
