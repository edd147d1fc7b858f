package compare

import (
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// timeline lists articles (already in order of publication, unknown last) with the
// minutes since the first known publication. A time at midnight UTC is taken as a
// bare date: feeds and extractors give "2021-01-12" that way, and the order within
// that day is then unknown.
func timeline(as []*news.Article) []news.Publication {
	out := make([]news.Publication, 0, len(as))
	var first time.Time
	for _, a := range as {
		p := news.Publication{Article: a.ID, Source: a.Source.Label()}
		if !a.Published.IsZero() {
			s := a.Published.Format(time.RFC3339)
			p.Published = &s
			u := a.Published.UTC()
			p.DateOnly = u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && a.Published.Location() == time.UTC
			if first.IsZero() {
				first = a.Published
			}
			m := int(a.Published.Sub(first).Minutes())
			p.MinutesAfterFirst = &m
		}
		out = append(out, p)
	}
	return out
}
