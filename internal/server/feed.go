package server

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// feedEntries is the length of a followed topic's Atom feed.
const feedEntries = 50

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string       `xml:"title"`
	ID      string       `xml:"id"`
	Updated string       `xml:"updated"`
	Links   []atomLink   `xml:"link"`
	Authors []atomPerson `xml:"author"`
	Summary string       `xml:"summary,omitempty"`
}

// baseURL is the site's absolute address: the configured one, else the request's.
func (s *Server) baseURL(r *http.Request) string {
	if s.opts.BaseURL != "" {
		return s.opts.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// followFeed answers GET /follows/{id}/feed.atom: the newest articles matching the
// topic, as an Atom feed (RFC 4287). Text is escaped by encoding/xml; summaries are
// plain text.
func (s *Server) followFeed(w http.ResponseWriter, r *http.Request) error {
	f, err := s.loadFollow(r)
	if err != nil {
		return err
	}
	q := f.Query
	q.ByDate = true
	hits, _, err := s.finder.Find(r.Context(), q, news.Page{Limit: feedEntries})
	if err != nil {
		return fmt.Errorf("follow %d feed: %w", f.ID, err)
	}
	base := s.baseURL(r)
	self := base + followURL(f.ID) + "/feed.atom"
	feed := atomFeed{
		Title:   "Parallax: " + f.Name,
		ID:      "urn:parallax:follow:" + strconv.FormatInt(f.ID, 10),
		Updated: f.Created.UTC().Format(time.RFC3339),
		Links:   []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}, {Rel: "alternate", Type: "text/html", Href: base + followURL(f.ID)}},
		Author:  atomPerson{Name: "Parallax"},
	}
	var latest time.Time
	for _, h := range hits {
		when := h.Published
		if when.IsZero() {
			when = f.Created
		}
		if when.After(latest) {
			latest = when
		}
		title := h.Title
		if title == "" {
			title = "Untitled article"
		}
		e := atomEntry{
			Title:   title + " (" + h.Source.Label() + ")",
			ID:      "urn:parallax:article:" + h.ArticleID, // stable whatever the host name
			Updated: when.UTC().Format(time.RFC3339),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: base + "/articles/" + h.ArticleID}},
			Authors: []atomPerson{{Name: h.Source.Label()}},
			Summary: h.Snippet,
		}
		if h.StoryID != "" {
			e.Links = append(e.Links, atomLink{Rel: "related", Type: "text/html", Href: base + "/stories/" + h.StoryID})
		}
		feed.Entries = append(feed.Entries, e)
	}
	if latest.IsZero() {
		latest = f.Created
	}
	feed.Updated = latest.UTC().Format(time.RFC3339)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		return fmt.Errorf("follow %d feed: %w", f.ID, err)
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
	return nil
}
