package feed

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

func TestParse(t *testing.T) {
	tests := []struct {
		file, url string
		want      []Item
		title     string
	}{
		{"rss.xml", "https://news.example.com/rss", []Item{
			{URL: "https://news.example.com/2024/03/05/harbour", Title: "Harbour reopens after storm", Summary: "The harbour reopened.", Published: time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC), Authors: []string{"Jane Reporter"}},
			{URL: "https://news.example.com/2024/03/06/budget", Title: "Council passes budget", Published: time.Date(2024, 3, 6, 9, 0, 0, 0, time.UTC)},
		}, "Example News"},
		{"atom.xml", "https://atom.example.org/feed", []Item{
			{URL: "https://atom.example.org/ferries", Title: "Ferries resume", Summary: "Ferries are back.", Published: time.Date(2024, 3, 5, 12, 0, 0, 0, time.UTC), Authors: []string{"Sam Writer"}},
		}, "Atom Example"},
		{"feed.json", "https://json.example.net/feed.json", []Item{
			{URL: "https://json.example.net/a", Title: "Piers damaged", Summary: "Damage was limited.", Published: time.Date(2024, 3, 5, 8, 0, 0, 0, time.UTC), Authors: []string{"Ann"}},
		}, "JSON Example"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			f, err := Parse(tt.url, b)
			if err != nil {
				t.Fatal(err)
			}
			if f.Title != tt.title {
				t.Errorf("title %q", f.Title)
			}
			if !reflect.DeepEqual(f.Items, tt.want) {
				t.Errorf("items\n got %+v\nwant %+v", f.Items, tt.want)
			}
		})
	}
}

func TestParseNotAFeed(t *testing.T) {
	_, err := Parse("https://x.example/feed", []byte("<html><body>hello</body></html>"))
	if !errors.Is(err, news.ErrInvalid) || !strings.Contains(err.Error(), "https://x.example/feed") {
		t.Errorf("err = %v", err)
	}
}

func TestOPMLRoundTrip(t *testing.T) {
	f, err := os.Open("testdata/feeds.opml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := ReadOPML("feeds.opml", f)
	if err != nil {
		t.Fatal(err)
	}
	want := []Outline{
		{URL: "https://news.example.com/rss", Title: "Example News", Site: "https://news.example.com/"},
		{URL: "https://atom.example.org/feed", Title: "Atom Example"},
		{URL: "https://json.example.net/feed.json", Title: "JSON Example"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ReadOPML\n got %+v\nwant %+v", got, want)
	}
	var buf bytes.Buffer
	if err := WriteOPML(&buf, "Parallax feeds", got, time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	again, err := ReadOPML("export", &buf)
	if err != nil || !reflect.DeepEqual(again, want) {
		t.Errorf("round trip: %+v, %v\n%s", again, err, buf.String())
	}
	if _, err := ReadOPML("bad.opml", strings.NewReader("not xml")); !errors.Is(err, news.ErrInvalid) || !strings.Contains(err.Error(), "bad.opml") {
		t.Errorf("bad OPML: %v", err)
	}
}
