package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

// A "Related" widget printed inside an article does not end it when the article goes on
// below; at the end of a page the same heading still closes the article, and so do an
// author box's label and a rights line.
func TestDumpWidgetInsideArticle(t *testing.T) {
	para := func(n int) string {
		return fmt.Sprintf("Paragraph %d of the report goes on about the bridge, the river, the lorries and the cost of it all, as reports of this kind tend to do at some length, and the council will meet again.", n)
	}
	var head, tail []string
	for i := range 6 {
		head = append(head, para(i+1))
	}
	for i := range 14 {
		tail = append(tail, para(i+7))
	}
	teasers := []string{"Related Content:", "Ferry fares to rise in spring", "Tunnel plan shelved again"}
	for _, c := range []struct {
		name  string
		lines []string
		want  int // paragraphs
	}{
		{"widget inside", append(append(append([]string{"Council Approves New Bridge"}, head...), teasers...), tail...), 20},
		{"widget at the end", append(append(append([]string{"Council Approves New Bridge"}, head...), tail...), append(teasers, "The ferry company said on Monday that fares would rise by a tenth in the spring, the first rise in years.")...), 20},
		{"author box at the end", append(append(append([]string{"Council Approves New Bridge"}, head...), tail...), "Written by", "Jane Doe", "Jane's reporting on the council has won two regional awards, and she lives by the river with her family and an old dog that hates the ferry."), 20},
		{"rights line at the end", append(append(append([]string{"Council Approves New Bridge"}, head...), tail...), "© 2025 Example Media Ltd. All rights reserved.", "We and our partners store and use information on your device to measure the audience of the site and to show you personalised offers, as the notice on this page explains in full."), 20},
	} {
		a, err := extractTextDump(news.RawDoc{Kind: news.KindText, Path: "t.txt", Body: []byte(strings.Join(c.lines, "\n"))}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Paragraphs) != c.want {
			t.Errorf("%s: %d paragraphs, want %d: %q", c.name, len(a.Paragraphs), c.want, a.Paragraphs)
		}
	}
}
