package extract

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// TestHTMLMetadata checks the metadata a reader would check first on a news page whose
// JSON-LD, meta tags and visible byline disagree in the usual ways.
func TestHTMLMetadata(t *testing.T) {
	path := filepath.Join("testdata", "news-jsonld.html")
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Extract(news.RawDoc{Path: path, Kind: news.KindHTML, URL: "https://www.israelhayom.com/2021/01/12/pompeo/", Body: body}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Pompeo says Iran is al-Qaida's new home base"; a.Title != want {
		t.Errorf("title %q, want %q (the h1, without the site name)", a.Title, want)
	}
	if want := []string{"Reuters", "ILH Staff"}; !slices.Equal(a.Authors, want) {
		t.Errorf("authors %q, want %q", a.Authors, want)
	}
	if got, want := a.Published.Format(time.RFC3339), "2021-01-12T18:05:00+02:00"; got != want {
		t.Errorf("published %s, want %s (not the caption's 2020-12-11 nor the related item's)", got, want)
	}
	if got, want := a.Modified.Format(time.RFC3339), "2021-01-13T09:00:00+02:00"; got != want {
		t.Errorf("modified %s, want %s", got, want)
	}
	if a.Source.Name != "Israel Hayom" || a.Source.Domain != "israelhayom.com" {
		t.Errorf("source %+v", a.Source)
	}
	if a.Language != "en" {
		t.Errorf("language %q", a.Language)
	}
	if want := []string{"Iran", "al-Qaida", "Mike Pompeo"}; !slices.Equal(a.Tags, want) {
		t.Errorf("tags %q, want %q", a.Tags, want)
	}
	if len(a.Captions) != 1 || a.Captions[0].Credit != "AFP" || !strings.HasPrefix(a.Captions[0].Text, "Mike Pompeo speaks") {
		t.Errorf("captions %+v, want one credited to AFP", a.Captions)
	}
	for _, p := range a.Paragraphs {
		if p == "Advertisement" || strings.HasPrefix(p, "By Reuters") {
			t.Errorf("boilerplate paragraph kept: %q", p)
		}
	}
	if len(a.Paragraphs) != 3 {
		t.Errorf("%d paragraphs, want 3: %q", len(a.Paragraphs), a.Paragraphs)
	}
}

func TestSplitNames(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"By Reuters and ILH Staff", []string{"Reuters", "ILH Staff"}},
		{"Written by Jane Doe, PhD | Updated March 3, 2024", []string{"Jane Doe"}},
		{"Center for Drug Evaluation and Research", []string{"Center for Drug Evaluation and Research"}},
		{"Anna Smith & Bob Jones; AP", []string{"Anna Smith", "Bob Jones", "AP"}},
		{"LEONARDO GARCIA", []string{"LEONARDO GARCIA"}},
		{"undefined", nil},
		{"brandon-peaktwo", nil},
		{"17 Dec 2025", nil},
	} {
		if got := splitNames(c.in); !slices.Equal(got, c.want) {
			t.Errorf("splitNames(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStripSite(t *testing.T) {
	sites := []string{"Tarkett", "tarkett.com", "tarkett"}
	for _, c := range []struct{ in, want string }{
		{"10 Easy Steps for a Great Interior Design | Tarkett", "10 Easy Steps for a Great Interior Design"},
		{"Tarkett - 10 Easy Steps for a Great Interior Design", "10 Easy Steps for a Great Interior Design"},
		{"What is Cloud Computing? | Google Cloud", "What is Cloud Computing?"},
		{"Laptop vs. Desktop: How Many Watts Does a Computer Use?", "Laptop vs. Desktop: How Many Watts Does a Computer Use?"},
	} {
		if got := stripSite(c.in, sites); got != c.want {
			t.Errorf("stripSite(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseMetaDate(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2021-01-12T18:05:00+02:00", "2021-01-12T18:05:00+02:00"},
		{"2021-01-12", "2021-01-12T00:00:00Z"},
		{"Updated September 28, 2025", "2025-09-28T00:00:00Z"},
		{"5 March 2024", "2024-03-05T00:00:00Z"},
		{"2021/01/12", "2021-01-12T00:00:00Z"},
		{"01/02/2021", ""}, // day and month order unknown
		{"2021-02-30", ""},
	} {
		got, ok := parseMetaDate(c.in)
		s := ""
		if ok {
			s = got.Format(time.RFC3339)
		}
		if s != c.want {
			t.Errorf("parseMetaDate(%q) = %q, want %q", c.in, s, c.want)
		}
	}
}

// TestNotArticle flags a home page full of links rather than extracting it silently.
func TestNotArticle(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><title>Daily News</title><meta property="og:type" content="website"></head><body><h1>Daily News</h1><ul>`)
	for i := range 60 {
		b.WriteString(`<li><a href="/story/` + string(rune('a'+i%26)) + `">Story headline number ` + strings.Repeat("x", i%5) + `</a></li>`)
	}
	b.WriteString(`</ul></body></html>`)
	a, err := Extract(news.RawDoc{Path: "home.html", Kind: news.KindHTML, URL: "https://daily.example/", Body: []byte(b.String())}, Options{})
	if err != nil {
		return // refusing the page is fine too
	}
	if !slices.ContainsFunc(a.Warnings, func(w string) bool { return strings.HasPrefix(w, WarnNotArticle) }) {
		t.Errorf("home page not flagged: warnings %q", a.Warnings)
	}
}

// TestBadHTML feeds inputs a crawler meets: each gives an article or an ErrInvalid error
// naming the file, never a panic (limits bound time and memory; go test's timeout catches a hang).
func TestBadHTML(t *testing.T) {
	article, err := os.ReadFile(filepath.Join("testdata", "news-jsonld.html"))
	if err != nil {
		t.Fatal(err)
	}
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write(bytes.Repeat([]byte("<p>aaaa</p>"), 1<<16))
	zw.Close()
	deep := strings.Repeat("<div>", 100000) + "<p>deep text here</p>" + strings.Repeat("</div>", 100000)
	for _, c := range []struct {
		name string
		body []byte
		ok   bool // an article is expected (else an error or an article are both fine)
	}{
		{"truncated.html", article[:len(article)*2/3], true},
		{"latin1-as-utf8.html", []byte("<html><head><meta charset=utf-8><title>Caf\xe9</title></head><body><p>Le caf\xe9 est ouvert \xe0 midi, dit le g\xe9rant du caf\xe9 de la gare.</p></body></html>"), false},
		{"utf8-as-latin1.html", []byte("<html><head><meta charset=iso-8859-1><title>Café</title></head><body><p>Le café est ouvert à midi.</p></body></html>"), true},
		{"nocharset.html", []byte("<p>Le caf\xe9 est ouvert.</p>"), true},
		{"binary.html", append([]byte("<html>\x00\x01\x02"), bytes.Repeat([]byte{0xff, 0x00}, 1000)...), false},
		{"gzip-bytes.html", bomb.Bytes(), false},
		{"deep.html", []byte(deep), false},
		{"huge.html", append([]byte("<html><body><p>"), bytes.Repeat([]byte("word "), 11<<20)...), false},
		{"tags-only.html", []byte(strings.Repeat("<div><span></span></div>", 1000)), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := Extract(news.RawDoc{Path: c.name, Kind: news.KindHTML, Body: c.body}, Options{})
			if err != nil {
				if !errors.Is(err, news.ErrInvalid) || !strings.Contains(err.Error(), c.name) {
					t.Errorf("error %q is not ErrInvalid naming the file", err)
				}
				if c.ok {
					t.Errorf("want an article, got %v", err)
				}
			} else if a.Title == "" && len(a.Paragraphs) == 0 {
				t.Error("empty article without error")
			}
		})
	}
}
