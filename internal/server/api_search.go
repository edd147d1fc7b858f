package server

import (
	"net/http"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// searchJSON is the answer of GET /api/search.
type searchJSON struct {
	Total int       `json:"total"`
	Page  int       `json:"page"`
	Pages int       `json:"pages"`
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
	Lean   string  `json:"lean,omitempty"`
}

func newHitJSON(h news.Hit) hitJSON {
	return hitJSON{
		Article: h.ArticleID, Story: h.StoryID, Title: h.Title, Snippet: h.Snippet,
		Source:    sourceJSON{Name: nullable(h.Source.Name), Domain: nullable(h.Source.Domain), Lean: h.Source.Lean},
		Published: nullTime(h.Published),
	}
}

// apiQuery reads the search parameters of an API request; a query is required.
func apiQuery(r *http.Request) (news.Query, error) {
	f := readSearchForm(r)
	if f.empty() {
		return news.Query{}, &news.InvalidError{Field: "q", Reason: "the query is empty; give words to search for, as in /api/search?q=pompeo, or an entity or source"}
	}
	return f.query()
}

// apiSearch answers GET /api/search?q=...&source=...&entity=...&from=...&to=...&sort=...&page=N.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	q, err := apiQuery(r)
	if err != nil {
		return err
	}
	page, err := parsePage(r)
	if err != nil {
		return err
	}
	hits, total, err := s.find(r, q, news.Page{Limit: hitsPerPage, Offset: (page - 1) * hitsPerPage})
	if err != nil {
		return err
	}
	out := searchJSON{Total: total, Page: page, Pages: (total + hitsPerPage - 1) / hitsPerPage, Hits: []hitJSON{}}
	for _, h := range hits {
		out.Hits = append(out.Hits, newHitJSON(h))
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

// nullTime is nil for the zero time, else RFC 3339.
func nullTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.RFC3339)
	return &s
}
