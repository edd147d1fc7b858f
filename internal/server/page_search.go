package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
)

// hitsPerPage is the length of a page of search results.
const hitsPerPage = 20

// maxQuery bounds the length of a search query, in bytes.
const maxQuery = 500

// searchView is the data of the search page.
type searchView struct {
	chrome
	Searched bool   // a query was given
	Error    string // why the query was refused, for a 400
	Hits     []news.Hit
	Total    int
	Pager    pager
}

// searchPage runs a full-text search; without a query it shows the form, and a query the
// store refuses is shown back with the reason and status 400.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	v := searchView{chrome: chrome{Title: "Search", Query: q}}
	if q == "" {
		return s.render(w, http.StatusOK, "search", v)
	}
	v.Title = "Search: " + q
	v.Searched = true
	page, err := parsePage(r)
	if err == nil {
		v.Hits, v.Total, err = s.search(r, q, page)
	}
	if errors.Is(err, news.ErrInvalid) {
		v.Error = invalidMessage(err)
		return s.render(w, http.StatusBadRequest, "search", v)
	}
	if err != nil {
		return err
	}
	v.Pager = newPager(r, page, hitsPerPage, v.Total)
	return s.render(w, http.StatusOK, "search", v)
}

// search checks q and asks the store for one page of hits.
func (s *Server) search(r *http.Request, q string, page int) ([]news.Hit, int, error) {
	if len(q) > maxQuery {
		return nil, 0, &news.InvalidError{Field: "q", Reason: fmt.Sprintf("the query is too long; use at most %d characters", maxQuery)}
	}
	hits, total, err := s.store.Search(r.Context(), q, news.Page{Limit: hitsPerPage, Offset: (page - 1) * hitsPerPage})
	if err != nil {
		return nil, 0, fmt.Errorf("search %q: %w", q, err)
	}
	return hits, total, nil
}
