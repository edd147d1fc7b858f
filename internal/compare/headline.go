package compare

import (
	"github.com/parallax-news/parallax/internal/analyze"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// headlines reads each article's headline and marks the content words that no other
// headline uses (compared by a light stem, so that "Ties" and "tie" are one word).
func headlines(as []*news.Article) []news.Headline {
	out := make([]news.Headline, len(as))
	stems := make([]map[string]int, len(as)) // stem -> how many times in this headline
	for i, a := range as {
		out[i] = analyze.ReadHeadline(a.ID, a.Title)
		stems[i] = map[string]int{}
		for _, t := range text.ContentTerms(a.Title) {
			stems[i][text.Stem(t)]++
		}
	}
	for i, a := range as {
		if len(as) < 2 {
			break
		}
		seen := map[string]bool{}
		for _, tk := range text.Tokens(a.Title) {
			st := text.Stem(tk.Term)
			if stems[i][st] == 0 || seen[st] {
				continue
			}
			seen[st] = true
			elsewhere := false
			for j := range as {
				if j != i && stems[j][st] > 0 {
					elsewhere = true
					break
				}
			}
			if !elsewhere {
				out[i].Distinct = append(out[i].Distinct, a.Title[tk.Start:tk.End])
			}
		}
	}
	return out
}
