package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

func TestURLDate(t *testing.T) {
	for _, c := range []struct{ url, want string }{
		{"https://www.npr.org/2023/10/17/1206601882/plumbers-are-training", "2023-10-17"},
		{"https://karl-voit.at/2021/01/18/tool-choices", "2021-01-18"},
		{"https://example.com/news/2024-11-19-key-steps", "2024-11-19"},
		{"https://example.com/photo/2024/09/16", "2024-09-16"},
		{"https://example.com/2024/13/01/x", ""},
		{"https://example.com/2024/09/", ""},
		{"https://example.com/x?d=/2024/09/16/", ""},
		{"https://example.com/item/12345678", ""},
	} {
		got := ""
		if d, ok := urlDate(c.url); ok {
			got = d.Format("2006-01-02")
		}
		if got != c.want {
			t.Errorf("urlDate(%q) = %q, want %q", c.url, got, c.want)
		}
	}
}

// The address's day settles a numeric date the page leaves ambiguous, and the warning goes.
func TestURLDateSettlesAmbiguous(t *testing.T) {
	dump := bridgeDump("Published on 01-12-2021 16:24")
	a, err := extractTextDump(news.RawDoc{Kind: news.KindText, Path: "t.txt", Body: []byte(dump)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Published.IsZero() || len(a.Warnings) == 0 {
		t.Fatalf("without an address: published %v, warnings %q", a.Published, a.Warnings)
	}
	a, err = extractTextDump(news.RawDoc{Kind: news.KindText, Path: "t.txt", URL: "https://example.com/2021/12/01/bridge/", Body: []byte(dump)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Published.Format("2006-01-02") != "2021-12-01" {
		t.Errorf("published %v", a.Published)
	}
	for _, w := range a.Warnings {
		if strings.Contains(w, "ambiguous") {
			t.Errorf("warning left: %q", w)
		}
	}
}

// A date far from the headline still counts when it stands as page furniture (labelled,
// alone, by a byline); a date inside a sentence there does not.
func TestDumpDateFarFromHeadline(t *testing.T) {
	ls := []string{"Council Approves New Bridge"}
	for i := range 20 {
		ls = append(ls, fmt.Sprintf("Paragraph %d of the report goes on about the bridge, the river, the lorries and the cost of it all, as reports of this kind tend to do at length.", i+1))
	}
	for _, c := range []struct{ tail, want string }{
		{"Published: Nov 24, 2025", "2025-11-24"},
		{"The old bridge was closed on Nov 24, 2015 after an inspection found cracks in its piers.", ""},
	} {
		lines := append(append([]string{}, ls...), c.tail, "Share this article")
		a, err := extractTextDump(news.RawDoc{Kind: news.KindText, Path: "t.txt", Body: []byte(strings.Join(lines, "\n"))}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if !a.Published.IsZero() {
			got = a.Published.Format("2006-01-02")
		}
		if got != c.want {
			t.Errorf("%q: published %q, want %q", c.tail, got, c.want)
		}
	}
}

// A blog's published and updated dates glued together: the earlier is the publication,
// in whichever order the page prints them.
func TestGluedDatePair(t *testing.T) {
	for _, c := range []struct{ line, pub, mod string }{
		{"Posted on June 29, 2020November 12, 2021", "2020-06-29", "2021-11-12"},
		{"May 21, 2025April 24, 2025 by The Ritualist", "2025-04-24", "2025-05-21"},
	} {
		dump := bridgeDump(c.line)
		a, err := extractTextDump(news.RawDoc{Kind: news.KindText, Path: "t.txt", Body: []byte(dump)}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Published.Format("2006-01-02"); got != c.pub {
			t.Errorf("%q: published %s, want %s", c.line, got, c.pub)
		}
		if got := a.Modified.Format("2006-01-02"); got != c.mod {
			t.Errorf("%q: modified %s, want %s", c.line, got, c.mod)
		}
	}
}

// bridgeDump is a short two-paragraph article dump with dateLine under its headline.
func bridgeDump(dateLine string) string {
	return strings.Join([]string{
		"Council Approves New Bridge",
		dateLine,
		"The city council voted on Tuesday to build a second bridge over the river, ending a debate that had run for more than a decade among residents and businesses.",
		"Construction is expected to begin next spring and to take three years, the mayor said, with most of the cost met by a grant from the national government.",
	}, "\n")
}
