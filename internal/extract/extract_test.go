package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenCases are the fixtures with a golden Article next to them (NAME.golden.json).
var goldenCases = []struct {
	file string
	kind string
	url  string
}{
	{"haaretz-pompeo-mossad-2021-01-12.txt", news.KindText, ""},
	{"israelhayom-pompeo-alqaida-2021-01-12.txt", news.KindText, ""},
	{"article.html", news.KindHTML, ""},
	{"article.jsonl", news.KindJSONL, ""},
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join("testdata", c.file)
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Extract(news.RawDoc{Path: path, Kind: c.kind, URL: c.url, Body: body}, Options{})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			got, err := json.MarshalIndent(a, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := path + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/extract -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s; got:\n%s", path, golden, got)
			}
		})
	}
}

// corpusDir finds ../shared/corpus relative to the module root, or skips the test.
func corpusDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the test's directory")
		}
		dir = parent
	}
	c := filepath.Join(dir, "..", "shared", "corpus")
	if _, err := os.Stat(c); err != nil {
		t.Skipf("corpus not found at %s: %v", c, err)
	}
	return c
}

// TestSeeds checks what a reader of the two seed articles would notice first, on the
// copies in ../shared/corpus/seeds.
func TestSeeds(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "seeds")
	tests := []struct {
		file       string
		title      string
		standfirst string
		authors    []string
		first      string
		last       string
		paragraphs int
		caption    news.Caption
		warning    string
	}{
		{
			file:       "haaretz-pompeo-mossad-2021-01-12.txt",
			title:      "Pompeo Reportedly Meets With Mossad Chief Ahead of Accusing Iran of Al-Qaida Ties",
			standfirst: "The outgoing secretary of state is set to use",
			authors:    []string{"Judy Maltz"},
			first:      "Mossad Chief Yossi Cohen was seen",
			last:       "This comes as Rafael Grossi",
			paragraphs: 9,
			caption: news.Caption{
				Text:   "U.S. Secretary of State Mike Pompeo visits the White House on an apparent family tour in Washington, U.S. December 11, 2020",
				Credit: "JONATHAN ERNST/ REUTERS",
			},
		},
		{
			file:       "israelhayom-pompeo-alqaida-2021-01-12.txt",
			title:      "Pompeo plans to expose Iran links to al-Qaida, sources say",
			standfirst: "With just eight days left in office",
			authors:    []string{"Reuters", "ILH Staff"},
			first:      "US Secretary of State Mike Pompeo is expected to offer details",
			last:       `Biden has said the United States will rejoin the nuclear deal "if Iran resumes strict compliance."`,
			paragraphs: 15,
			caption:    news.Caption{Text: "US Secretary of State Mike Pompeo", Credit: "AFP/Andrew Caballero-Reynolds"},
			warning:    "published date ambiguous: 01-12-2021",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			body, err := os.ReadFile(path)
			if err != nil {
				t.Skipf("seed missing: %v", err)
			}
			a, err := Extract(news.RawDoc{Path: path, Kind: news.KindText, Body: body}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title {
				t.Errorf("title = %q, want %q", a.Title, tt.title)
			}
			if !strings.HasPrefix(a.Standfirst, tt.standfirst) {
				t.Errorf("standfirst = %q, want it to start with %q", a.Standfirst, tt.standfirst)
			}
			if strings.Join(a.Authors, "|") != strings.Join(tt.authors, "|") {
				t.Errorf("authors = %q, want %q", a.Authors, tt.authors)
			}
			if len(a.Paragraphs) != tt.paragraphs {
				t.Errorf("%d paragraphs, want %d:\n%s", len(a.Paragraphs), tt.paragraphs, strings.Join(a.Paragraphs, "\n"))
			}
			if len(a.Paragraphs) > 0 {
				if !strings.HasPrefix(a.Paragraphs[0], tt.first) {
					t.Errorf("first paragraph = %q, want it to start with %q", a.Paragraphs[0], tt.first)
				}
				if last := a.Paragraphs[len(a.Paragraphs)-1]; !strings.HasPrefix(last, tt.last) {
					t.Errorf("last paragraph = %q, want it to start with %q", last, tt.last)
				}
			}
			found := false
			for _, c := range a.Captions {
				found = found || c == tt.caption
			}
			if !found {
				t.Errorf("captions = %q, want one %q", a.Captions, tt.caption)
			}
			if a.Language != "en" {
				t.Errorf("language = %q, want en", a.Language)
			}
			if !a.Published.IsZero() && a.Published.Year() == 2020 {
				t.Errorf("published = %v: a caption's date became the publication date", a.Published)
			}
			if tt.warning != "" && !contains(a.Warnings, tt.warning) {
				t.Errorf("warnings = %q, want %q", a.Warnings, tt.warning)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	big := bytes.Repeat([]byte("a"), DefaultMaxBytes+1)
	tests := []struct {
		name string
		kind string
		body []byte
		opts Options
	}{
		{"empty.txt", news.KindText, nil, Options{}},
		{"blank.html", news.KindHTML, []byte(" \n\t\n"), Options{}},
		{"binary.txt", news.KindText, []byte("GIF89a\x00\x01\x02\x03binary"), Options{}},
		{"binary.html", news.KindHTML, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Options{}},
		{"control.txt", news.KindText, bytes.Repeat([]byte("\x01\x02\x03\x04abc"), 100), Options{}},
		{"invalid-utf8.txt", news.KindText, bytes.Repeat([]byte("\x81\x8d\x8f\x90\x9d text "), 20), Options{}},
		{"invalid-utf8.html", news.KindHTML, append([]byte(`<html><head><meta charset="utf-8"><title>T</title></head><body><p>`), bytes.Repeat([]byte("\xff\xfe\xc3"), 50)...), Options{}},
		{"huge.txt", news.KindText, big, Options{}},
		{"limit.html", news.KindHTML, []byte("<html><body><p>" + strings.Repeat("word ", 100) + "</p></body></html>"), Options{MaxBytes: 100}},
		{"no-title-no-body.html", news.KindHTML, []byte("<html><body></body></html>"), Options{}},
		{"bad.jsonl", news.KindJSONL, []byte(`{"title": 3`), Options{}},
		{"empty-article.jsonl", news.KindJSONL, []byte(`{"url": "https://example.com/a"}`), Options{}},
		{"unknown.kind", "pdf", []byte("hello"), Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "testdir/" + tt.name
			a, err := Extract(news.RawDoc{Path: path, Kind: tt.kind, Body: tt.body}, tt.opts)
			if err == nil {
				t.Fatalf("no error; got article %+v", a)
			}
			if !errors.Is(err, news.ErrInvalid) {
				t.Errorf("error %v does not match news.ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the path %q", err, path)
			}
		})
	}
}

func TestWindows1252(t *testing.T) {
	body := []byte("Caf\xe9 owners say \x93prices\x94 rose again\n\nThe caf\xe9 on the corner of the street raised the price of a coffee for the second time this year, its owner said on Monday.\n")
	a, err := Extract(news.RawDoc{Path: "cafe.txt", Kind: news.KindText, Body: body}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Café owners say “prices” rose again" {
		t.Errorf("title = %q", a.Title)
	}
}

func TestIDAndSource(t *testing.T) {
	body := []byte("Storm hits the coast overnight\n\nA strong storm hit the coast overnight, cutting power to thousands of homes and closing the main roads, officials said on Tuesday morning.\n")
	a, err := Extract(news.RawDoc{Path: "a.txt", Kind: news.KindText, URL: "HTTPS://WWW.Example.com/news/storm/#top", Source: "Example News", Body: body}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Extract(news.RawDoc{Path: "b.txt", Kind: news.KindText, URL: "https://www.example.com/news/storm", Body: body}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != b.ID || len(a.ID) != 16 {
		t.Errorf("ids %q and %q: want the same 16-hex id for the same canonical URL", a.ID, b.ID)
	}
	if a.Source.Name != "Example News" || a.Source.Domain != "example.com" {
		t.Errorf("source = %+v", a.Source)
	}
	if a.Input != (news.Input{Path: "a.txt", Kind: news.KindText}) {
		t.Errorf("input = %+v", a.Input)
	}
	c, err := Extract(news.RawDoc{Path: "c.txt", Kind: news.KindText, Body: body}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == a.ID || len(c.ID) != 16 {
		t.Errorf("id without URL = %q", c.ID)
	}
}

func TestDates(t *testing.T) {
	tests := []struct {
		name, header, published, warning string
	}{
		{"day first", "Published on 13-01-2021 16:24", "2021-01-13T16:24:00Z", ""},
		{"month first", "Published on 01-13-2021 16:24", "2021-01-13T16:24:00Z", ""},
		{"ambiguous", "Published on 01-12-2021 16:24", "", "published date ambiguous: 01-12-2021"},
		{"resolved by modified", "Published on 01-12-2021 16:24\nLast modified: 01-13-2021 09:00", "2021-01-12T16:24:00Z", ""},
		{"month name", "January 12, 2021", "2021-01-12T00:00:00Z", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := "Pompeo to accuse Iran of al-Qaida ties\n\n" + tt.header + "\n\n" +
				"The outgoing secretary of state is expected to offer details on the allegations in a speech on Tuesday, sources said.\n" +
				"A photo of the secretary taken on December 11, 2020 Credit: REUTERS\n" +
				"It was not immediately clear how much of the intelligence he intends to reveal in his speech to the press club.\n"
			a, err := Extract(news.RawDoc{Path: "d.txt", Kind: news.KindText, Body: []byte(body)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if !a.Published.IsZero() {
				got = a.Published.Format("2006-01-02T15:04:05Z07:00")
			}
			if got != tt.published {
				t.Errorf("published = %q, want %q", got, tt.published)
			}
			if tt.warning != "" && !contains(a.Warnings, tt.warning) {
				t.Errorf("warnings = %q, want %q", a.Warnings, tt.warning)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	for _, c := range goldenCases {
		body, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body, c.kind)
	}
	f.Add([]byte("Title\n\n• Home\n• News\nBy A and B\nPublished 01-02-2020\n"), news.KindText)
	f.Add([]byte("<html><head><meta charset=latin1><title>x</title></head><body><p>caf\xe9</p></body></html>"), news.KindHTML)
	f.Fuzz(func(t *testing.T, body []byte, kind string) {
		a, err := Extract(news.RawDoc{Path: "fuzz", Kind: kind, Body: body}, Options{MaxBytes: 1 << 20})
		if err != nil {
			if !errors.Is(err, news.ErrInvalid) {
				t.Fatalf("error %v is not ErrInvalid", err)
			}
			return
		}
		if a.Title == "" && len(a.Paragraphs) == 0 {
			t.Fatal("article without title and body")
		}
		if _, err := json.Marshal(a); err != nil {
			t.Fatal(err)
		}
	})
}
