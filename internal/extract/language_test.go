package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/text"
)

// eachWord must read words exactly as text.Words does: detectLanguage counts them with it.
func TestEachWordIsTextWords(t *testing.T) {
	for _, s := range []string{
		"",
		"The U.S. said al-Qaida's leader didn’t — hadn't — 'go'.",
		"Ünïcödé WÖRTER und ŒUVRES, 2021-01-12 at 16:24...",
		"trailing-. dots. and -dashes- 'quotes' ‘curly’",
		"bad \xff\xfe utf8 \xc3 mid\xffword",
		"日本語のテキスト and عربي text",
	} {
		var got []string
		eachWord(s, func(w []byte) { got = append(got, string(w)) })
		if want := text.Words(s); !slices.Equal(got, want) {
			t.Errorf("eachWord(%q) = %q, text.Words gives %q", s, got, want)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	for _, c := range []struct{ title, body, want string }{
		{"Pompeo says Iran is the new home of al Qaeda", "The United States said on Tuesday that it was not going to wait for the other side and that the network has a new base.", "en"},
		{"Die Regierung und das Parlament", "Die Regierung hat am Dienstag gesagt, dass sie nicht mit der Opposition über die Reform sprechen wird, aber auch nicht warten will.", "de"},
		{"Le gouvernement et la réforme", "Le gouvernement a dit mardi qu'il ne va pas attendre les syndicats pour la réforme, mais il est prêt à discuter avec elle sur le fond.", "fr"},
		{"El gobierno y la reforma", "El gobierno dijo el martes que no va a esperar a los sindicatos para la reforma, pero que está dispuesto a hablar con ellos por su parte.", "es"},
		{"Numbers", "1 2 3 4 5 6 7 8 9 10", ""},
	} {
		if got := detectLanguage(c.title, strings.Split(c.body, ". ")); got != c.want {
			t.Errorf("detectLanguage(%q) = %q, want %q", c.title, got, c.want)
		}
	}
	// Only the first languageSample bytes are read: a German article with a long English
	// appendix is still German, and the appendix is never tokenized.
	de := strings.Repeat("Die Regierung hat gesagt, dass sie nicht mit der Opposition sprechen wird. ", languageSample/70+1)
	en := strings.Repeat("The government said that it would not talk with the opposition about it. ", 1000)
	if got := detectLanguage("Regierung", []string{de, en}); got != "de" {
		t.Errorf("long German article with an English appendix: got %q, want de", got)
	}
}

// BenchmarkDetectLanguageAllSides is language detection alone on real articles: it runs
// on every extracted article.
func BenchmarkDetectLanguageAllSides(b *testing.B) {
	arts, _, err := corpus.FirstAllSides(500)
	if err != nil || len(arts) == 0 {
		b.Skipf("AllSides corpus not available: %v", err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a := arts[i%len(arts)]
		detectLanguage(a.Title, a.Paragraphs)
	}
}
