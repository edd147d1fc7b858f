package extract

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestPruneComments(t *testing.T) {
	for _, c := range []struct {
		name, page string
		want       []string
	}{
		{"WordPress comment list", `<article><p>Article text.</p></article><div id="comments" class="comments-wrapper"><ol class="commentlist"><li class="comment"><div class="comment-content"><p>Great post!</p></div></li></ol></div>`, []string{"Article text."}},
		{"comment bodies without a wrapper", `<div><p>Article text.</p><div class="comment-body"><p>I disagree.</p></div></div>`, []string{"Article text."}},
		{"a wrapper named comments around the headline", `<div class="comments"><h1>Headline</h1><p>Article text.</p></div>`, []string{"Headline", "Article text."}},
		{"an inline count is no comment box", `<p>Article text. <span class="comments">3 comments</span></p>`, []string{"Article text. 3 comments"}},
	} {
		doc, err := html.Parse(strings.NewReader(c.page))
		if err != nil {
			t.Fatal(err)
		}
		pruneComments(doc)
		if got := htmlParagraphs(doc, ""); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestCleanParagraphsFurniture(t *testing.T) {
	in := []string{"Table of Contents", "First paragraph of the article.", "\u200d", "Read more", "Related content:", "Second paragraph.", "Contents [hide]"}
	want := []string{"First paragraph of the article.", "Second paragraph."}
	if got := cleanParagraphs(in); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCleanParagraphsRepeats(t *testing.T) {
	long := "This passage of the article is printed twice by the page's theme."
	in := []string{long, "Pros", "A point in favour.", "Pros", "Another point.", long}
	want := []string{long, "Pros", "A point in favour.", "Pros", "Another point."}
	if got := cleanParagraphs(in); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
