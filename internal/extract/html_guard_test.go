package extract

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestRecallGuard(t *testing.T) {
	words := func(prefix string, n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(prefix)
			b.WriteString(string(rune('a' + i%26)))
			b.WriteByte(' ')
		}
		return strings.TrimSpace(b.String())
	}
	main := []string{words("intro", 40), words("body", 40)}
	fuller := []string{main[0], words("list", 30), main[1], words("second", 40)}
	other := []string{words("menu", 200)}
	for _, c := range []struct {
		name   string
		alt    []string
		linked float64
		want   []string
	}{
		{"fuller article", fuller, 0.05, fuller},
		{"another box of the page", other, 0.05, main},
		{"link lists", fuller, 0.5, main},
		{"a few words more", append(slices.Clone(main), "one two three"), 0, main},
		{"nothing", nil, 0, main},
	} {
		if got := recallGuard(main, c.alt, c.linked); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %d paragraphs, want %d", c.name, len(got), len(c.want))
		}
	}
}

func TestPruneFurniture(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<div><p class="byline">By Jane Doe</p><p>Kept text.</p>
<figure><img src=x><figcaption>A caption. Photo: AFP</figcaption></figure><div class="related-posts"><p>Other story</p></div>
<p><time datetime="2024-01-02">Jan 2</time></p><p>By John Roe</p><p>More kept text.</p></div>`))
	if err != nil {
		t.Fatal(err)
	}
	pruneFurniture(doc)
	got := htmlParagraphs(doc, "")
	if want := []string{"Kept text.", "More kept text."}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTrimTail(t *testing.T) {
	words := func(prefix string, n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(prefix)
			b.WriteString(string(rune('a' + i%26)))
			b.WriteString(string(rune('a' + i/26)))
			b.WriteByte(' ')
		}
		return strings.TrimSpace(b.String())
	}
	body := []string{words("intro", 60), words("body", 80), words("end", 40)}
	bio := words("bio", 30)
	withBio := append(slices.Clone(body), bio, "Share")
	for _, c := range []struct {
		name      string
		main, alt []string
		want      []string
	}{
		{"author box after the article", withBio, body, body},
		{"readability holds the tail too", withBio, withBio, withBio},
		{"readability found another box", withBio, []string{words("menu", 20)}, withBio},
		{"the cut would take most of the text", append(slices.Clone(body), words("table", 400)), body, append(slices.Clone(body), words("table", 400))},
		{"no readability text", withBio, nil, withBio},
	} {
		if got := trimTail(c.main, c.alt); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %d paragraphs, want %d", c.name, len(got), len(c.want))
		}
	}
}
