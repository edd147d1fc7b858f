package extract

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

// TestHTMLTitleAndDateClasses covers classes of pages whose headline or date the first
// reading got wrong: theme layout flags on <body> and content wrappers taken for chrome,
// pages using several <h1> for section heads, a tagline after " | " in the headline, and
// a date shown only as text under the headline, an author box holding a biography.
func TestHTMLTitleAndDateClasses(t *testing.T) {
	cases := []struct {
		file, title, published string
		authors                []string
	}{
		// "menu_sidebar_slide_left" and "wp-custom-logo" on <body>, "content-sidebar-wrap"
		// around the article: the h1 is still the article's, and so is the byline.
		{"layout-body-class.html", "Ten Ways to Grow Tomatoes Indoors", "", []string{"Mara Quill"}},
		// Two h1 section heads, neither like the meta title: the meta title, without the site.
		{"several-h1.html", "How Night Trains Came Back to Europe", "2024-03-14", nil},
		// The tagline after the bar goes; the date is the one under the headline, not the
		// footer's.
		{"tagline-h1.html", "Best Budget Tents of 2025", "2025-06-03", nil},
		// An author box whose text is mostly the biography: the name line above it.
		{"author-box.html", "Why Bread Goes Stale Faster in the Fridge", "", []string{"Odile Ferrand"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join("testdata", "html-meta", c.file)
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Extract(news.RawDoc{Path: path, Kind: news.KindHTML, URL: "https://example.org/post", Body: body}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != c.title {
				t.Errorf("title %q, want %q", a.Title, c.title)
			}
			if c.published != "" && (a.Published.IsZero() || a.Published.Format("2006-01-02") != c.published) {
				t.Errorf("published %v, want %s", a.Published, c.published)
			}
			if c.authors != nil && !slices.Equal(a.Authors, c.authors) {
				t.Errorf("authors %q, want %q", a.Authors, c.authors)
			}
		})
	}
}

// TestSplitNamesRole checks that a job title glued after a name without a comma is not
// read as part of the name, while names of three words stay whole.
func TestSplitNamesRole(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"By Jane Doe Tech Reporter", []string{"Jane Doe"}},
		{"John Roe Former McKinsey Consultant", []string{"John Roe"}},
		{"Ana Lima Writer", []string{"Ana Lima"}},
		{"Mary Ann Smith", []string{"Mary Ann Smith"}},
		{"Mary Ann Smith and Tom Hale", []string{"Mary Ann Smith", "Tom Hale"}},
	}
	for _, c := range cases {
		if got := splitNames(c.in); !slices.Equal(got, c.want) {
			t.Errorf("splitNames(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
