package feed

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// Outline is one feed of an OPML list.
type Outline struct {
	URL   string // xmlUrl
	Title string // title, else text
	Site  string // htmlUrl
}

type opmlDoc struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    struct {
		Title       string `xml:"title,omitempty"`
		DateCreated string `xml:"dateCreated,omitempty"`
	} `xml:"head"`
	Body struct {
		Outlines []opmlOutline `xml:"outline"`
	} `xml:"body"`
}

type opmlOutline struct {
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr,omitempty"`
	Type     string        `xml:"type,attr,omitempty"`
	XMLURL   string        `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string        `xml:"htmlUrl,attr,omitempty"`
	Children []opmlOutline `xml:"outline"`
}

// MaxOPMLBytes bounds an OPML file.
const MaxOPMLBytes = 16 << 20

// ReadOPML reads the feeds of an OPML document, flattening folders, in document order
// and without repeats. name is used in errors. Errors wrap news.ErrInvalid.
func ReadOPML(name string, r io.Reader) ([]Outline, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxOPMLBytes+1))
	if err != nil {
		return nil, fmt.Errorf("opml %s: %w", name, err)
	}
	if len(b) > MaxOPMLBytes {
		return nil, fmt.Errorf("opml %s: larger than %d MiB: %w", name, MaxOPMLBytes>>20, news.ErrInvalid)
	}
	var doc opmlDoc
	if err := xml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("opml %s: not an OPML document (%v): %w", name, err, news.ErrInvalid)
	}
	var out []Outline
	seen := map[string]bool{}
	var walk func([]opmlOutline)
	walk = func(os []opmlOutline) {
		for _, o := range os {
			if u := strings.TrimSpace(o.XMLURL); u != "" && !seen[u] {
				seen[u] = true
				title := o.Title
				if title == "" {
					title = o.Text
				}
				out = append(out, Outline{URL: u, Title: strings.TrimSpace(title), Site: strings.TrimSpace(o.HTMLURL)})
			}
			walk(o.Children)
		}
	}
	walk(doc.Body.Outlines)
	return out, nil
}

// WriteOPML writes feeds as an OPML 2.0 document.
func WriteOPML(w io.Writer, title string, feeds []Outline, created time.Time) error {
	var doc opmlDoc
	doc.Version = "2.0"
	doc.Head.Title = title
	if !created.IsZero() {
		doc.Head.DateCreated = created.UTC().Format(time.RFC1123Z)
	}
	for _, f := range feeds {
		text := f.Title
		if text == "" {
			text = f.URL
		}
		doc.Body.Outlines = append(doc.Body.Outlines, opmlOutline{Text: text, Title: f.Title, Type: "rss", XMLURL: f.URL, HTMLURL: f.Site})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
