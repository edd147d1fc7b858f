// Package feed reads RSS, Atom and JSON Feed documents into a plain list of items (via
// github.com/mmcdole/gofeed), and reads and writes OPML feed lists.
package feed

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/parallax-news/parallax/internal/news"
)

// Feed is a parsed feed document.
type Feed struct {
	Title string
	Site  string // the site's home page, when the feed gives it
	Items []Item
}

// Item is one entry of a feed: an article to fetch.
type Item struct {
	URL       string // absolute link to the article page
	Title     string
	Summary   string // description or content as given (may hold HTML)
	Published time.Time
	Authors   []string
}

// Parse parses an RSS, Atom or JSON Feed document fetched from feedURL; relative item
// links are resolved against it. Items without a usable http(s) link are dropped.
// Errors wrap news.ErrInvalid and name feedURL.
func Parse(feedURL string, body []byte) (*Feed, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("feed %s: not RSS, Atom or JSON Feed (%v): %w", feedURL, err, news.ErrInvalid)
	}
	base, _ := url.Parse(feedURL)
	out := &Feed{Title: strings.TrimSpace(f.Title), Site: resolve(base, f.Link)}
	seen := map[string]bool{}
	for _, it := range f.Items {
		link := it.Link
		if link == "" && len(it.Links) > 0 {
			link = it.Links[0]
		}
		if link == "" && strings.HasPrefix(it.GUID, "http") {
			link = it.GUID
		}
		link = resolve(base, link)
		if link == "" || seen[link] {
			continue
		}
		seen[link] = true
		item := Item{URL: link, Title: strings.TrimSpace(it.Title), Summary: it.Description}
		if item.Summary == "" {
			item.Summary = it.Content
		}
		switch {
		case it.PublishedParsed != nil:
			item.Published = it.PublishedParsed.UTC()
		case it.UpdatedParsed != nil:
			item.Published = it.UpdatedParsed.UTC()
		}
		for _, a := range it.Authors {
			if a != nil && strings.TrimSpace(a.Name) != "" {
				item.Authors = append(item.Authors, strings.TrimSpace(a.Name))
			}
		}
		out.Items = append(out.Items, item)
	}
	return out, nil
}

// resolve makes ref absolute against base; it returns "" unless the result is http(s).
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}
