package server

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

//go:embed templates/*.html static/*
var files embed.FS

// pageNames are the templates under templates/, each parsed with layout.html.
var pageNames = []string{"home", "story", "article", "search", "error", "sources", "source", "entity", "follows", "follow", "login", "feeds"}

// chrome is what the shared layout needs from every page's data.
type chrome struct {
	Title string // the page's own title; the layout adds the site name
	Query string // the search box's value
	Feed  string // an Atom feed of the page, when it has one
}

// sourceURL is the address of a source's page.
func sourceURL(label string) string { return "/sources/" + url.PathEscape(label) }

// entityURL is the address of an entity's page.
func entityURL(name string) string { return "/entities/" + url.PathEscape(name) }

// parsePages parses each page with the shared layout. Templates are fixed at build time,
// so a parse error is a programming error.
func parsePages(a assets) map[string]*template.Template {
	funcs := template.FuncMap{
		"asset":     a.url,
		"date":      formatDate,
		"iso":       func(t time.Time) string { return t.Format(time.RFC3339) },
		"span":      formatSpan,
		"plural":    plural,
		"join":      strings.Join,
		"sourceURL": sourceURL,
		"entityURL": entityURL,
		"leanClass": leanClass,
		"leanName":  leanName,
		"month":     func(t time.Time) string { return t.Format("Jan 2006") },
		"day":       func(t time.Time) string { return t.Format("2006-01-02") },
		"last":      func(v []volumeBar) int { return len(v) - 1 },
	}
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/partials.html", "templates/"+name+".html"))
		pages[name] = t
	}
	return pages
}

// render executes the page template name with data into a buffer and, only when that
// succeeds, writes it with status; on error nothing is written and the error returned.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) error {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// errorView is the data of the error page.
type errorView struct {
	chrome
	Status  int
	Message string
}

// renderError writes the HTML error page; if even that fails, a plain-text answer.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	v := errorView{chrome: chrome{Title: http.StatusText(status), Query: r.URL.Query().Get("q")}, Status: status, Message: msg}
	if err := s.render(w, status, "error", v); err != nil {
		s.log.ErrorContext(r.Context(), "render error page", "err", err)
		http.Error(w, msg, status)
	}
}

// formatDate is how the UI shows a time; the zero time is unknown.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return "date unknown"
	}
	return t.Format("2 Jan 2006, 15:04 MST")
}

// formatSpan shows the time from first to last, without repeating the day when both
// fall on the same one.
func formatSpan(first, last time.Time) string {
	switch {
	case first.IsZero() && last.IsZero():
		return "date unknown"
	case first.IsZero():
		return formatDate(last)
	case last.IsZero() || first.Equal(last):
		return formatDate(first)
	}
	last = last.In(first.Location())
	y1, m1, d1 := first.Date()
	y2, m2, d2 := last.Date()
	if y1 == y2 && m1 == m2 && d1 == d2 {
		return first.Format("2 Jan 2006, 15:04") + "–" + last.Format("15:04 MST")
	}
	return formatDate(first) + " – " + formatDate(last)
}

// plural writes "1 article", "3 articles".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// maxPage bounds ?page so that offsets stay reasonable.
const maxPage = 100000

// parsePage reads ?page (1 when absent) and rejects anything but a whole number from 1.
func parsePage(r *http.Request) (int, error) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxPage {
		return 0, &news.InvalidError{Field: "page", Reason: fmt.Sprintf("%q is not a page number; use a whole number from 1", v)}
	}
	return n, nil
}

// pager is the pagination of a list page.
type pager struct {
	Page, Pages int
	Prev, Next  string // links; empty when there is no such page
}

// newPager paginates total items, per per page, at page; links keep r's other parameters.
func newPager(r *http.Request, page, per, total int) pager {
	p := pager{Page: page, Pages: (total + per - 1) / per}
	link := func(n int) string {
		q := r.URL.Query()
		if n == 1 {
			q.Del("page")
		} else {
			q.Set("page", strconv.Itoa(n))
		}
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		return u.String()
	}
	if page > 1 {
		p.Prev = link(min(page-1, max(p.Pages, 1)))
	}
	if page < p.Pages {
		p.Next = link(page + 1)
	}
	return p
}

// assets are the embedded static files with a content hash each, used both as ETag and
// as a version in their URLs so that browsers may cache them for good.
type assets struct {
	hash map[string]string // file name under static/ -> short content hash
}

// loadAssets hashes the embedded static files.
func loadAssets() assets {
	a := assets{hash: map[string]string{}}
	entries, err := fs.ReadDir(files, "static")
	if err != nil {
		panic(err) // embedded at build time
	}
	for _, e := range entries {
		b, err := fs.ReadFile(files, "static/"+e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		a.hash[e.Name()] = hex.EncodeToString(sum[:6])
	}
	return a
}

// url is the versioned address of a static file.
func (a assets) url(name string) string {
	return "/static/" + name + "?v=" + a.hash[name]
}

// static serves an embedded asset. A request for the current version may be cached for a
// year; any other for an hour, revalidated by ETag.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	hash, ok := s.assets.hash[name]
	if !ok {
		status, msg := s.classify(r, errNoRoute)
		s.renderError(w, r, status, msg)
		return
	}
	if r.URL.Query().Get("v") == hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=3600")
	}
	w.Header().Set("ETag", `"`+hash+`"`)
	http.ServeFileFS(w, r, files, "static/"+name)
}
