package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// TestSeedSource: the outlet is read from the dump itself when no URL comes with it.
func TestSeedSource(t *testing.T) {
	tests := []struct {
		file string
		want news.Source
	}{
		{"israelhayom-pompeo-alqaida-2021-01-12.txt", news.Source{Name: "Israel Hayom", Domain: "israelhayom.com"}},
		{"haaretz-pompeo-mossad-2021-01-12.txt", news.Source{}},
	}
	for _, tt := range tests {
		path := filepath.Join("testdata", tt.file)
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		a, err := Extract(news.RawDoc{Path: path, Kind: news.KindText, Body: body}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Source.Name != tt.want.Name || a.Source.Domain != tt.want.Domain {
			t.Errorf("%s: source %+v, want %+v", tt.file, a.Source, tt.want)
		}
	}
}

// TestSiteDateOrder: Israel Hayom's "Published on 01-12-2021 16:24" cannot be read alone;
// once another page of the site has written a month-first date (12-25-2020), the site's
// convention settles it as 12 January 2021.
func TestSiteDateOrder(t *testing.T) {
	path := filepath.Join("testdata", "israelhayom-pompeo-alqaida-2021-01-12.txt")
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := NewTemplates(0)
	other := "www.israelhayom.com\n\nNetanyahu meets Gulf envoys in Jerusalem\n\nBy ILH Staff\n\nPublished on 12-25-2020 09:10\n\n" +
		strings.Repeat("The prime minister met the envoys on Friday to discuss the normalization agreements and the next steps in the region, officials said.\n\n", 4)
	if _, err := Extract(news.RawDoc{Path: "other.txt", Kind: news.KindText, Body: []byte(other)}, Options{Templates: m}); err != nil {
		t.Fatal(err)
	}
	a, err := Extract(news.RawDoc{Path: path, Kind: news.KindText, Body: body}, Options{Templates: m})
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2021, 1, 12, 16, 24, 0, 0, time.UTC)
	if !a.Published.Equal(want) {
		t.Errorf("published %v, want %v (warnings %q)", a.Published, want, a.Warnings)
	}
	if contains(a.Warnings, "published date ambiguous: 01-12-2021") {
		t.Errorf("still warns about the date: %q", a.Warnings)
	}
	// Without the site's convention the date stays unread, with a warning.
	a, err = Extract(news.RawDoc{Path: path, Kind: news.KindText, Body: body}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Published.IsZero() || !contains(a.Warnings, "published date ambiguous: 01-12-2021") {
		t.Errorf("published %v, warnings %q; want no date and the ambiguity warning", a.Published, a.Warnings)
	}
}
