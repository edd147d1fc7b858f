package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

func TestURLSlug(t *testing.T) {
	for _, c := range []struct {
		url  string
		want string // sorted words, "" for none
	}{
		{"https://talkreal.org/en/blog/best-language-learning-app/", "app best language learn"},
		{"https://example.com/news/2021/01/12/pompeo-says-iran.html", "iran pompeo"},
		{"https://example.com/article/123456", ""},
		{"https://example.com/", ""},
		{"https://example.com/a/b?id=5", ""},
		{"https://example.com/2025-trends-in-photography-8f3a9c2e1b7d4", "2025 photography trend"},
	} {
		got := urlSlug(c.url)
		var ws []string
		for w := range got {
			ws = append(ws, w)
		}
		sortStrings(ws)
		if g := strings.Join(ws, " "); g != c.want {
			t.Errorf("urlSlug(%q) = %q, want %q", c.url, g, c.want)
		}
	}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// A table of contents repeats subheadings above the body; the address names the headline.
func TestTitleFromURLSlug(t *testing.T) {
	dump := strings.Join([]string{
		"Home", "Blog", "Guides", "Contact",
		"Cheap Ways to Heat a Drafty Old House",
		"Table of contents",
		"  • Why old houses lose heat",
		"  • Sealing windows",
		"Why old houses lose heat",
		"Old houses lose most of their heat through gaps around the windows and doors, and through roofs that were never insulated when they were built a century ago.",
		"Sealing the gaps is the cheapest thing you can do, and it pays for itself within a single winter in most of the houses we have looked at over the years.",
		"Sealing windows",
		"A roll of foam tape and an afternoon of work will cut the draughts from a window frame by more than half, which is more than a new boiler would save you.",
	}, "\n")
	doc := news.RawDoc{Kind: news.KindText, Path: "t.txt", URL: "https://example.com/guides/heat-drafty-old-house/", Body: []byte(dump)}
	a, err := extractTextDump(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Cheap Ways to Heat a Drafty Old House" {
		t.Errorf("title %q", a.Title)
	}
}

// A listicle's sections repeat their labels ("Features", "Pros", "Cons") and hold short
// list items between short prose paragraphs: the body runs through all of them.
func TestListicleSectionsStayInBody(t *testing.T) {
	var ls []string
	ls = append(ls, "Home", "Reviews", "Deals", "Best Budget Tents for Summer Camping")
	ls = append(ls, "We pitched a dozen tents in the rain and wind over three weekends, and these are the ones that kept us dry without costing a fortune at the checkout.")
	for i, name := range []string{"Alpha Dome", "Beta Ridge", "Gamma Trail", "Delta Hut"} {
		n := fmt.Sprint(i + 2)
		ls = append(ls, name, "Features",
			"  • Sleeps "+n+" adults with room for their packs",
			"  • Packs down to the size of "+n+" loaves of bread",
			"  • Poles are colour coded for pitching in the dark ("+n+" of them)",
			"Pros",
			"  • Stays dry in a downpour for "+n+" days",
			"  • Quick to pitch alone in "+n+" minutes",
			"Cons",
			"  • Zips snag when they are wet after "+n+" nights",
			"  • The porch is too small for "+n+" pairs of boots",
			"Verdict",
			"The "+name+" is the tent we would take on a wet weekend, since it went up in minutes and kept the rain out all night.")
	}
	ls = append(ls, "Related posts", "Ten things to pack for a festival")
	doc := news.RawDoc{Kind: news.KindText, Path: "t.txt", URL: "https://example.com/best-budget-tents/", Body: []byte(strings.Join(ls, "\n"))}
	a, err := extractTextDump(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Join(a.Paragraphs, "\n")
	for _, want := range []string{"The Delta Hut is the tent", "Packs down to the size", "Cons", "The porch is too small"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "Ten things to pack") {
		t.Errorf("body runs past Related posts:\n%s", body)
	}
}

// A comment thread that a text browser indents below the article is not its body, even
// when it holds more words than the article.
func TestIndentedCommentsLeftOut(t *testing.T) {
	ls := []string{"News", "Sports", "Weather",
		"Council Approves New Bridge Over the River",
		"The city council voted on Tuesday to build a second bridge over the river, ending a debate that had run for more than a decade among residents and businesses.",
		"Construction is expected to begin next spring and to take three years, the mayor said, with most of the cost met by a grant from the national government.",
		"Opponents of the plan had argued that the money would be better spent on the old bridge, which has been closed to lorries since an inspection found cracks in two of its piers.",
		"The council will publish the final design in the autumn, and residents will be able to comment on it for six weeks before the contract is awarded to a builder.",
	}
	for i := range 8 {
		ls = append(ls, fmt.Sprintf("          I have lived by the river for %d years and I think that this bridge is a waste of money that the city does not have, and nobody asked us about it.", i+3))
	}
	doc := news.RawDoc{Kind: news.KindText, Path: "t.txt", Body: []byte(strings.Join(ls, "\n"))}
	a, err := extractTextDump(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Join(a.Paragraphs, "\n")
	if !strings.Contains(body, "Construction is expected") || strings.Contains(body, "lived by the river") {
		t.Errorf("body:\n%s", body)
	}
}

// An article's headings listed in its table of contents stay in the body.
func TestTOCHeadingsStayInBody(t *testing.T) {
	ls := []string{"Home", "Guides", "Contact", "How to Paint a Room",
		"Table of contents",
		"  • Choosing the colour",
		"  • Preparing the walls",
		"Choosing the colour",
		"Pick a colour in daylight, since the shade you see under the shop's lights is seldom the one you will live with once it is on your walls at home.",
		"Preparing the walls",
		"Fill the cracks, sand the filler flat and wash the walls with sugar soap, because paint will not stick to grease and dust however good it is.",
	}
	a, err := extractTextDump(news.RawDoc{Kind: news.KindText, Path: "t.txt", Body: []byte(strings.Join(ls, "\n"))}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Join(a.Paragraphs, "\n")
	if !strings.Contains(body, "Preparing the walls\nFill the cracks") {
		t.Errorf("body:\n%s", body)
	}
}

func TestTrimTitleSite(t *testing.T) {
	for _, c := range []struct{ in, site, want string }{
		{"The Ultimate Car Maintenance Checklist | Bridgestone Tires", "bridgestonetire.com", "The Ultimate Car Maintenance Checklist"},
		{"Critics’ Choice: Best UK Art Exhibitions 2025 – Artlyst", "artlyst.com", "Critics’ Choice: Best UK Art Exhibitions 2025"},
		{"What is Project Management? The Complete Guide 2025What is Project Management? The Complete Guide 2025", "", "What is Project Management? The Complete Guide 2025"},
		// A dash tail that is not the site's name is part of the headline.
		{"Pompeo: Iran is the new home base for al-Qaida - with proof", "israelhayom.com", "Pompeo: Iran is the new home base for al-Qaida - with proof"},
		{"Iran | Tehran", "", "Iran | Tehran"},
	} {
		if got := trimTitleSite(c.in, c.site); got != c.want {
			t.Errorf("trimTitleSite(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
