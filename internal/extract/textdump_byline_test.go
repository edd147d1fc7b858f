package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

func TestDumpBylines(t *testing.T) {
	body := []string{
		"The city council voted on Tuesday to build a second bridge over the river, ending a debate that had run for more than a decade among residents and businesses.",
		"Construction is expected to begin next spring and to take three years, the mayor said, with most of the cost met by a grant from the national government.",
		"Opponents of the plan had argued that the money would be better spent on the old bridge, which has been closed to lorries since an inspection found cracks in two of its piers.",
	}
	for i := range 8 {
		body = append(body, fmt.Sprintf("Paragraph %d of the report goes on about the bridge, the river, the lorries and the cost of it all, as reports of this kind tend to do at length.", i+4))
	}
	for _, c := range []struct {
		name       string
		head, tail []string
		want       string
	}{
		{"reviewer is not the author", []string{"Council Approves New Bridge", "Reviewed by: Brian Stone, CFP", "By Mary Lake"}, nil, "Mary Lake"},
		{"only a reviewer", []string{"Council Approves New Bridge", "Fact-checked by Frank Bass"}, nil, ""},
		{"byline after the standfirst on one line", []string{"Council Approves New Bridge", "The vote ends a decade of debate. By Lisa Jennings on Dec. 19, 2025"}, nil, "Lisa Jennings"},
		{"author box after the article", []string{"Council Approves New Bridge"}, []string{"Share this article", "Written by John Crenshaw", "John writes about cities."}, "John Crenshaw"},
		{"byline far below the headline", []string{"Council Approves New Bridge"}, nil, "Mary Lake"},
		{"no single word after the article", []string{"Council Approves New Bridge"}, []string{"Visits by Tuesday"}, ""},
	} {
		lines := append(append(append([]string{"Home", "News", "Sport"}, c.head...), body...), c.tail...)
		if c.name == "byline far below the headline" {
			var more []string
			for i := range 10 {
				more = append(more, fmt.Sprintf("Section %d of the long report weighs the bridge against the ferry, the tunnel and doing nothing at all, and finds the bridge the cheapest.", i+1))
			}
			lines = append(append(append(append([]string{"Home", "News", "Sport"}, c.head...), body...), "By Mary Lake"), more...)
		}
		a, err := extractTextDump(news.RawDoc{Kind: news.KindText, Path: "t.txt", Body: []byte(strings.Join(lines, "\n"))}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(a.Authors, "; "); got != c.want {
			t.Errorf("%s: authors %q, want %q", c.name, got, c.want)
		}
	}
}

func TestTidyAuthors(t *testing.T) {
	for _, c := range []struct {
		in   []string
		site string
		want string
	}{
		{[]string{"Colin Gray Colin Gray"}, "", "Colin Gray"},
		{[]string{"Irene OkpanachiIrene Okpanachi"}, "", "Irene Okpanachi"},
		{[]string{"Nina Pineda WABC"}, "", "Nina Pineda"},
		{[]string{"Will Judd Former Deputy Tech"}, "", "Will Judd"},
		{[]string{"Author Tuhin Bhatt"}, "", "Tuhin Bhatt"},
		{[]string{"Tracy Parker", "Dietitian"}, "", "Tracy Parker"},
		{[]string{"Jill Barshay", "The Hechinger Report"}, "hechingerreport.org", "Jill Barshay"},
		// A lone outlet byline stays; so do two people and a three-word name.
		{[]string{"The Hechinger Report"}, "hechingerreport.org", "The Hechinger Report"},
		{[]string{"Reuters", "ILH Staff"}, "israelhayom.com", "Reuters; ILH Staff"},
		{[]string{"Matt De La O"}, "", "Matt De La O"},
	} {
		if got := strings.Join(tidyAuthors(c.in, c.site), "; "); got != c.want {
			t.Errorf("tidyAuthors(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
