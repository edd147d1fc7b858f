package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// hitsPerPage is the length of a page of search results.
const hitsPerPage = 20

// maxQuery bounds the length of a search query, in bytes.
const maxQuery = 500

// searchView is the data of the search page.
type searchView struct {
	chrome
	Form     searchForm
	Searched bool   // a query was given
	Error    string // why the query was refused, for a 400
	Hits     []news.Hit
	Total    int
	Pager    pager
	Exports  []exportLink
	CanWrite bool     // the follow button is offered
	Filtered bool     // the store supports filters
	Sources  []string // source labels, offered for the source filter
}

// searchForm is the search form's values as given.
type searchForm struct {
	Q, Source, From, To, Entity, Sort string
}

// exportLink is a link to one export format.
type exportLink struct{ Label, Href string }

// exportLinks are links to path in each export format, with the parameters of v.
func exportLinks(path string, v url.Values) []exportLink {
	var out []exportLink
	for _, f := range []struct{ label, format string }{{"JSON", "json"}, {"JSONL", "jsonl"}, {"CSV", "csv"}} {
		q := url.Values{}
		for k, vs := range v {
			q[k] = vs
		}
		q.Set("format", f.format)
		out = append(out, exportLink{f.label, path + "?" + q.Encode()})
	}
	return out
}

// readSearchForm reads the search parameters of r.
func readSearchForm(r *http.Request) searchForm {
	q := r.URL.Query()
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	return searchForm{Q: get("q"), Source: get("source"), From: get("from"), To: get("to"), Entity: get("entity"), Sort: get("sort")}
}

// empty reports whether the form asks for nothing.
func (f searchForm) empty() bool { return f.Q == "" && f.Source == "" && f.Entity == "" }

// values is the form as URL parameters, without empty ones.
func (f searchForm) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"q": f.Q, "source": f.Source, "from": f.From, "to": f.To, "entity": f.Entity, "sort": f.Sort} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// query checks the form and makes it a news.Query. Dates are whole days (UTC); "to"
// includes its day.
func (f searchForm) query() (news.Query, error) {
	q := news.Query{Text: f.Q, Source: f.Source, Entity: f.Entity}
	for _, v := range []struct{ field, s string }{{"q", f.Q}, {"source", f.Source}, {"entity", f.Entity}} {
		if len(v.s) > maxQuery {
			return q, &news.InvalidError{Field: v.field, Reason: fmt.Sprintf("too long; use at most %d characters", maxQuery)}
		}
	}
	var err error
	if q.From, err = parseDay("from", f.From); err != nil {
		return q, err
	}
	if q.To, err = parseDay("to", f.To); err != nil {
		return q, err
	}
	if !q.To.IsZero() {
		q.To = q.To.AddDate(0, 0, 1)
	}
	switch f.Sort {
	case "", "relevance":
	case "date":
		q.ByDate = true
	default:
		return q, &news.InvalidError{Field: "sort", Reason: fmt.Sprintf("%q is not an order; use relevance or date", f.Sort)}
	}
	return q, nil
}

// parseDay reads a YYYY-MM-DD date; empty is the zero time.
func parseDay(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return t, &news.InvalidError{Field: field, Reason: fmt.Sprintf("%q is not a date; use YYYY-MM-DD", s)}
	}
	return t, nil
}

// searchPage runs a search with filters; without a query it shows the form, and a
// query the store refuses is shown back with the reason and status 400.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	f := readSearchForm(r)
	v := searchView{chrome: chrome{Title: "Search", Query: f.Q}, Form: f, Filtered: s.finder != nil}
	if s.sources != nil && s.finder != nil {
		list, err := s.sources.Sources(r.Context())
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		for _, si := range list {
			v.Sources = append(v.Sources, si.Label)
		}
	}
	if f.empty() {
		return s.render(w, http.StatusOK, "search", v)
	}
	v.Title = "Search: " + strings.TrimSpace(strings.Join([]string{f.Q, f.Entity, f.Source}, " "))
	v.Searched = true
	v.Exports = exportLinks("/api/search/export", f.values())
	v.CanWrite = s.follows != nil && s.canWrite(r)
	page, err := parsePage(r)
	var q news.Query
	if err == nil {
		q, err = f.query()
	}
	if err == nil {
		v.Hits, v.Total, err = s.find(r, q, news.Page{Limit: hitsPerPage, Offset: (page - 1) * hitsPerPage})
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

// find runs q through the store's filtered search, or its plain search when it has
// none (then only words are allowed).
func (s *Server) find(r *http.Request, q news.Query, p news.Page) ([]news.Hit, int, error) {
	if len(q.Text) > maxQuery {
		return nil, 0, &news.InvalidError{Field: "q", Reason: fmt.Sprintf("the query is too long; use at most %d characters", maxQuery)}
	}
	if s.finder != nil {
		hits, total, err := s.finder.Find(r.Context(), q, p)
		if err != nil {
			return nil, 0, fmt.Errorf("search %q: %w", q.Text, err)
		}
		return hits, total, nil
	}
	if q.Source != "" || q.Entity != "" || !q.From.IsZero() || !q.To.IsZero() || q.ByDate {
		return nil, 0, &news.InvalidError{Field: "q", Reason: "this store can search words only, without filters"}
	}
	hits, total, err := s.store.Search(r.Context(), q.Text, p)
	if err != nil {
		return nil, 0, fmt.Errorf("search %q: %w", q.Text, err)
	}
	return hits, total, nil
}

// search runs a plain-words query, one page of hitsPerPage.
func (s *Server) search(r *http.Request, q string, page int) ([]news.Hit, int, error) {
	return s.find(r, news.Query{Text: q}, news.Page{Limit: hitsPerPage, Offset: (page - 1) * hitsPerPage})
}
