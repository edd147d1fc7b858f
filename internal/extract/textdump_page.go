package extract

import (
	"strings"

	"github.com/parallax-news/parallax/internal/news"
)

// Warnings for pages that are not one article: a home page or a section front, a listing
// of teasers, a page with no running text. The article is still returned (the caller
// decides), but it says so rather than passing a junk article as a good one.
const (
	warnNoBody  = "not an article: no running text (a home page, a listing or a form?)"
	warnListing = "not an article: the page is mostly a list of teasers or links"
)

// pageKind warns when the extracted body is too thin to be an article, or when the page is
// dominated by teasers (headline plus cut-off summary) and short links rather than prose.
func pageKind(lines []dumpLine, a *news.Article) {
	words := 0
	for _, p := range a.Paragraphs {
		words += len(strings.Fields(p))
	}
	teasers, prose := 0, 0
	for i := range lines {
		l := &lines[i]
		if l.cls != clsUnknown {
			continue
		}
		t := strings.TrimSpace(l.text)
		if strings.HasSuffix(t, "...") || strings.HasSuffix(t, "…") || strings.HasSuffix(t, "[…]") || strings.HasSuffix(t, "[...]") {
			teasers++
		} else if l.prose() {
			prose++
		}
	}
	switch {
	case words < 50:
		a.Warn(warnNoBody)
	case teasers >= 6 && teasers*2 >= prose && words < 400:
		a.Warn(warnListing)
	}
}
