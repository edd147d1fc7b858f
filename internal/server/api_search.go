package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// searchJSON is the answer of GET /api/search.
type searchJSON struct {
	Total int       `json:"total"`
	Hits  []hitJSON `json:"hits"`
}

// hitJSON is one search hit; the source is in the contract's {name, domain} form.
type hitJSON struct {
	Article   string     `json:"article"`
	Story     string     `json:"story"`
	Title     string     `json:"title"`
	Source    sourceJSON `json:"source"`
	Published *string    `json:"published"`
	Snippet   string     `json:"snippet"`
}

// sourceJSON is a source as the contract writes it: unknown fields are null.
type sourceJSON struct {
	Name   *string `json:"name"`
	Domain *string `json:"domain"`
}

// apiSearch answers GET /api/search?q=...&page=N: {"total": n, "hits": [...]}.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		return &news.InvalidError{Field: "q", Reason: "the query is empty; give words to search for, as in /api/search?q=pompeo"}
	}
	page, err := parsePage(r)
	if err != nil {
		return err
	}
	hits, total, err := s.search(r, q, page)
	if err != nil {
		return err
	}
	out := searchJSON{Total: total, Hits: []hitJSON{}}
	for _, h := range hits {
		hj := hitJSON{
			Article: h.ArticleID, Story: h.StoryID, Title: h.Title, Snippet: h.Snippet,
			Source: sourceJSON{Name: nullable(h.Source.Name), Domain: nullable(h.Source.Domain)},
		}
		if !h.Published.IsZero() {
			p := h.Published.Format(time.RFC3339)
			hj.Published = &p
		}
		out.Hits = append(out.Hits, hj)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// nullable is nil for the empty string.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
