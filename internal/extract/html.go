package extract

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/go-shiori/dom"
	readability "github.com/go-shiori/go-readability"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// extractHTML finds an HTML page's main content with go-trafilatura and its metadata with
// our own reading of JSON-LD, meta tags, headings, bylines and <time> elements (see
// html_meta.go); the page is parsed once for both. A recall guard (html_guard.go) takes
// readability's fuller text when go-trafilatura kept only part of the article.
func extractHTML(doc news.RawDoc) (a *news.Article, err error) {
	body, err := decodeHTML(doc.Body)
	if err != nil {
		return nil, err
	}
	// go-trafilatura walks arbitrary DOMs; a bug there must not take the pipeline down.
	defer func() {
		if r := recover(); r != nil {
			a, err = nil, &news.InvalidError{Field: "body", Reason: fmt.Sprintf("HTML extraction failed: %v", r)}
		}
	}()
	body = fixMojibake(body)
	root, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return nil, &news.InvalidError{Field: "body", Reason: fmt.Sprintf("cannot parse HTML: %v", err)}
	}
	pm := collectMeta(root)
	if pm.elements > maxMetaElements {
		return nil, &news.InvalidError{Field: "body", Reason: fmt.Sprintf("more than %d HTML elements", maxMetaElements)}
	}
	ld := parseJSONLD(pm.jsonld)
	pruneComments(root)
	opts := trafilatura.Options{
		EnableFallback:  true,
		ExcludeComments: true,
		Deduplicate:     true,
		HtmlDateMode:    trafilatura.Fast,
	}
	if u, err := url.Parse(strings.TrimSpace(doc.URL)); err == nil && u.Host != "" {
		opts.OriginalURL = u
	}
	// Readability is go-trafilatura's fallback; run here, its result serves both as that
	// fallback and as the recall guard's alternative (readability works on its own copy).
	var alt []string
	altLinked := 1.0
	if ra, rerr := readability.FromDocument(root, opts.OriginalURL); rerr == nil && ra.Node != nil {
		opts.FallbackCandidates = &trafilatura.FallbackCandidates{Readability: ra.Node}
		// go-trafilatura may take and change the node: prune and read a copy.
		own := dom.Clone(ra.Node, true)
		pruneFurniture(own)
		alt = cleanParagraphs(htmlParagraphs(own, ""))
		altLinked = linkedShare(own)
	}
	res, terr := trafilatura.ExtractDocument(root, opts)
	if terr != nil || res == nil {
		res = &trafilatura.ExtractResult{}
	}
	m := res.Metadata
	a = &news.Article{
		URL:        firstNonEmpty(strings.TrimSpace(doc.URL), pm.first("og:url"), strings.TrimSpace(m.URL)),
		Paragraphs: recallGuard(cleanParagraphs(htmlParagraphs(res.ContentNode, res.ContentText)), alt, altLinked),
	}
	a.Source.Domain = domainOf(a.URL)
	a.Source.Name = text.Clean(firstNonEmpty(pm.first("og:site_name"), ld.publisher, m.Sitename))
	sites := siteNames(pm, ld, a.Source.Domain)
	a.Title = pickTitle(pm, ld, sites)
	if a.Title == "" {
		a.Title = text.Clean(m.Title)
	}
	for len(a.Paragraphs) > 0 && a.Title != "" && text.Normalize(a.Paragraphs[0]) == text.Normalize(a.Title) {
		a.Paragraphs = a.Paragraphs[1:]
	}
	if len(a.Paragraphs) == 0 && a.Title == "" {
		return nil, &news.InvalidError{Field: "body", Reason: fmt.Sprintf("no article content found: %v", terr)}
	}
	a.Authors = pickAuthors(pm, ld, m.Author, sites)
	if len(a.Authors) == 0 {
		if p := personalSite(pm, ld, a.Source.Domain); p != "" {
			a.Authors = []string{p}
		}
	}
	a.Published, a.Modified = pickDates(pm, ld, m.Date)
	a.Language = htmlLanguage(firstNonEmpty(pm.lang, ld.language, pm.first("og:locale"), pm.first("content-language"), m.Language))
	desc := text.Clean(firstNonEmpty(ld.description, pm.first("og:description"), pm.first("description"), m.Description))
	if desc != "" && !leadsBody(desc, a.Paragraphs) && text.Normalize(desc) != text.Normalize(a.Title) {
		a.Standfirst = desc
	}
	var tags []string
	tags = append(tags, pm.meta["article:tag"]...)
	tags = append(tags, ld.keywords...)
	if len(tags) == 0 {
		for _, k := range pm.meta["keywords"] {
			tags = append(tags, strings.Split(k, ",")...)
		}
	}
	tags = append(append(tags, m.Tags...), m.Categories...)
	for _, t := range tags {
		if t = text.Clean(t); t != "" && len(t) < 80 && !containsFold(a.Tags, t) && len(a.Tags) < 50 {
			a.Tags = append(a.Tags, t)
		}
	}
	for _, c := range pm.captions {
		a.Captions = append(a.Captions, news.Caption{Text: c.text, Credit: c.credit})
	}
	if a.Title == "" {
		a.Warn("no title found")
	}
	if why := notArticle(pm, ld, a); why != "" {
		a.Warn(WarnNotArticle + ": " + why)
	}
	return a, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// decodeHTML returns the page as UTF-8, honouring a BOM or a declared charset. A page
// that claims (or is taken to be) UTF-8 but is mostly invalid is an error.
func decodeHTML(b []byte) (string, error) {
	enc, name, _ := charset.DetermineEncoding(b, "text/html")
	if name == "utf-8" {
		if utf8.Valid(b) {
			return string(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))), nil
		}
		if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) && !reUTF8Decl.Match(b[:min(len(b), 2048)]) {
			return decodeText(b)
		}
		if invalidUTF8(b)*100 > len(b) {
			return "", &news.InvalidError{Field: "body", Reason: "declared UTF-8 but is not valid UTF-8"}
		}
		return strings.ToValidUTF8(string(b), "\uFFFD"), nil
	}
	d, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(b)))
	if err != nil {
		return "", &news.InvalidError{Field: "body", Reason: fmt.Sprintf("cannot decode %s: %v", name, err)}
	}
	return string(d), nil
}

var reUTF8Decl = regexp.MustCompile(`(?i)charset\s*=\s*["']?\s*utf-?8`)

// invalidUTF8 counts the bytes of b that are not part of a valid UTF-8 sequence.
func invalidUTF8(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			n++
		}
		b = b[size:]
	}
	return n
}

// blocks are the elements of trafilatura's content tree that hold one paragraph each.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.Tr: true,
	atom.Dd: true, atom.Dt: true, atom.Figcaption: true,
}

// separators are elements whose text is never glued to the next element's (table cells,
// list and layout boxes) though they are not paragraphs of their own.
var separators = map[atom.Atom]bool{
	atom.Td: true, atom.Th: true, atom.Div: true, atom.Section: true, atom.Ul: true, atom.Ol: true,
	atom.Table: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Caption: true,
	atom.Figure: true, atom.Article: true, atom.Header: true, atom.Footer: true, atom.Dl: true,
}

// htmlParagraphs takes one paragraph per block element of the content tree; loose text
// outside blocks is its own paragraph. Without a tree it falls back to the text's lines.
func htmlParagraphs(root *html.Node, fallback string) []string {
	var out []string
	var loose strings.Builder
	flush := func() {
		if t := text.Clean(loose.String()); t != "" {
			out = append(out, t)
		}
		loose.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.ElementNode && blocks[tagOf(c)]:
				flush()
				var b strings.Builder
				textOf(c, &b)
				loose.WriteString(b.String())
				flush()
			case c.Type == html.TextNode:
				loose.WriteString(c.Data)
			case c.Type == html.ElementNode && (tagOf(c) == atom.Br || tagOf(c) == atom.Div || tagOf(c) == atom.Section):
				flush()
				walk(c)
				flush()
			default:
				walk(c)
			}
		}
	}
	if root != nil {
		walk(root)
		flush()
	}
	if len(out) > 0 {
		return out
	}
	for _, line := range strings.Split(fallback, "\n") {
		if line = text.Clean(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// textOf appends the text under n, with a space at line breaks.
func textOf(n *html.Node, b *strings.Builder) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			b.WriteString(c.Data)
		case c.Type == html.ElementNode && tagOf(c) == atom.Br:
			b.WriteByte(' ')
		case c.Type == html.ElementNode:
			sep := blocks[tagOf(c)] || separators[tagOf(c)]
			if sep {
				b.WriteByte(' ')
			}
			textOf(c, b)
			if sep {
				b.WriteByte(' ')
			}
		}
	}
}

// tagOf is n's element atom; go-trafilatura builds elements with a name but no atom.
func tagOf(n *html.Node) atom.Atom {
	if n.DataAtom != 0 || n.Type != html.ElementNode {
		return n.DataAtom
	}
	return atom.Lookup([]byte(n.Data))
}

// htmlLanguage keeps the primary subtag of a page's declared language ("en-US" -> "en").
func htmlLanguage(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	if len(s) != 2 {
		return ""
	}
	return s
}

// leadsBody reports whether a description merely repeats the start of the body, as many
// sites' meta descriptions do, in which case it is no standfirst.
func leadsBody(desc string, paras []string) bool {
	if len(paras) == 0 {
		return false
	}
	d := strings.TrimSuffix(strings.TrimSuffix(text.Normalize(desc), "..."), "…")
	d = strings.TrimSpace(d)
	lead := text.Normalize(strings.Join(paras[:min(3, len(paras))], " "))
	if d == "" || strings.HasPrefix(lead, d) {
		return true
	}
	// A truncated description: compare its first words.
	dw := strings.Fields(d)
	if len(dw) > 12 {
		dw = dw[:12]
	}
	return strings.HasPrefix(lead, strings.Join(dw, " "))
}

// splitAuthors cuts a byline into names at ";", ",", "&", "|" and " and ".
func splitAuthors(s string) []string {
	s = text.Clean(s)
	if s == "" {
		return nil
	}
	s = strings.NewReplacer(";", "\x00", ",", "\x00", " & ", "\x00", "|", "\x00", " and ", "\x00", " And ", "\x00").Replace(s)
	var out []string
	for _, p := range strings.Split(s, "\x00") {
		p = strings.TrimSpace(p)
		p = trimPrefixFold(p, "by ")
		p = strings.Trim(p, " .:-–—")
		if p != "" && !contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func trimPrefixFold(s, prefix string) string {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return strings.TrimSpace(s[len(prefix):])
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// WarnNotArticle starts the warning given to a page that looks like a home page, a
// listing or another page that is not one article.
const WarnNotArticle = "not an article"
