package feed

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

// FuzzParse fuzzes the RSS/Atom/JSON Feed reader: any body gives items with absolute
// http(s) links and no repeats, or an ErrInvalid error naming the feed.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"rss.xml", "atom.xml", "feed.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<rss version="2.0"><channel><item><link>/rel</link><guid>http://g.example/1</guid></item></channel></rss>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","url":"javascript:alert(1)"}]}`))
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><title>&b;</title></channel></rss>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > 1<<20 {
			t.Skip()
		}
		const at = "https://feed.example/rss"
		fd, err := Parse(at, body)
		if err != nil {
			if !errors.Is(err, news.ErrInvalid) || !strings.Contains(err.Error(), at) {
				t.Fatalf("error %q: want ErrInvalid naming the feed", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, it := range fd.Items {
			if !strings.HasPrefix(it.URL, "http://") && !strings.HasPrefix(it.URL, "https://") {
				t.Fatalf("item link %q is not absolute http(s)", it.URL)
			}
			if seen[it.URL] {
				t.Fatalf("item %q repeated", it.URL)
			}
			seen[it.URL] = true
		}
	})
}

// FuzzReadOPML fuzzes the OPML reader, and checks that what it reads survives a write
// and a second read unchanged.
func FuzzReadOPML(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "feeds.opml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`<opml version="2.0"><body><outline text="a"><outline xmlUrl="https://a.example/rss" title="A"/></outline></body></opml>`))
	f.Add([]byte(`<opml><body>` + strings.Repeat("<outline>", 200) + strings.Repeat("</outline>", 200) + `</body></opml>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := ReadOPML("fuzz.opml", bytes.NewReader(body))
		if err != nil {
			if !errors.Is(err, news.ErrInvalid) || !strings.Contains(err.Error(), "fuzz.opml") {
				t.Fatalf("error %q: want ErrInvalid naming the file", err)
			}
			return
		}
		var out bytes.Buffer
		if err := WriteOPML(&out, "t", got, news.Article{}.Published); err != nil {
			t.Fatalf("WriteOPML: %v", err)
		}
		again, err := ReadOPML("again.opml", &out)
		if err != nil {
			t.Fatalf("re-reading written OPML: %v\n%s", err, out.String())
		}
		if len(again) != len(got) {
			t.Fatalf("round trip: %d feeds, want %d", len(again), len(got))
		}
		for i := range got {
			if again[i].URL != got[i].URL {
				t.Fatalf("round trip: feed %d URL %q, want %q", i, again[i].URL, got[i].URL)
			}
		}
	})
}
