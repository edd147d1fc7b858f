package extract

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/parallax-news/parallax/internal/text"
)

// pageMeta is what one walk over an HTML page collects for the metadata: meta tags,
// JSON-LD, headings, bylines, <time> elements and figures, each with enough context
// (inside a header, a footer, a figure, a related-items box) to judge it.
type pageMeta struct {
	meta    map[string][]string // lowercased name/property/itemprop -> contents, in order
	title   string              // the <title> element
	lang    string              // <html lang>
	jsonld  []string            // raw JSON-LD scripts
	h1      []heading
	bylines []string  // texts of elements marked as author or byline
	times   []timeRef // <time> and date-marked elements
	// textDates are short visible texts that read as a date ("March 5, 2024"), outside
	// chrome, figures and related-item boxes, in document order.
	textDates []timeRef
	captions  []captionRef
	elements  int // element count, for the not-an-article check
	links     int // <a> elements
	articles  int // <article> elements
}

type heading struct {
	Text  string `json:"t"`
	text  string
	chrom bool // inside the page's chrome: nav, footer, aside, or a logo/brand box
	order int  // element index in document order
}

type timeRef struct {
	value string // datetime attribute, else the text
	text  string
	kind  string // "published", "modified" or "" (unknown)
	order int
}

type captionRef struct {
	text, credit string
}

// maxTextDates bounds the visible dates kept from one page.
const maxTextDates = 20

var reYear = regexp.MustCompile(`\b(19|20)\d\d\b`)

// maxMetaElements bounds the walk over pathological pages.
const maxMetaElements = 200000

// collectMeta walks the page once.
func collectMeta(doc *html.Node) *pageMeta {
	pm := &pageMeta{meta: map[string][]string{}}
	heads := headlineBoxes(doc)
	var walk func(n *html.Node, chrome, skip int)
	walk = func(n *html.Node, chrome, skip int) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode && skip == 0 && chrome == 0 && len(pm.textDates) < maxTextDates {
				if t := strings.TrimSpace(c.Data); len(t) >= 8 && dateLike(t) && reYear.MatchString(t) {
					if _, ok := parseMetaDate(t); ok {
						pm.textDates = append(pm.textDates, timeRef{value: t, text: t, order: pm.elements})
					}
				}
			}
			if c.Type != html.ElementNode {
				continue
			}
			pm.elements++
			if pm.elements > maxMetaElements {
				return
			}
			ch, sk := chrome, skip
			switch c.DataAtom {
			case atom.Html:
				pm.lang = attr(c, "lang")
			case atom.Title:
				if pm.title == "" && !inSVG(c) {
					pm.title = text.Clean(nodeText(c))
				}
				continue
			case atom.Meta:
				key := strings.ToLower(strings.TrimSpace(firstNonEmpty(attr(c, "property"), attr(c, "name"), attr(c, "itemprop"))))
				val := firstNonEmpty(attr(c, "content"), attr(c, "datetime"))
				if key != "" && strings.TrimSpace(val) != "" {
					pm.meta[key] = append(pm.meta[key], text.Clean(html.UnescapeString(val)))
				}
				continue
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(c, "type")), "ld+json") {
					pm.jsonld = append(pm.jsonld, nodeText(c))
				}
				continue
			case atom.Style, atom.Noscript, atom.Template, atom.Svg:
				continue
			case atom.Nav, atom.Footer, atom.Aside:
				ch++
			case atom.Article:
				pm.articles++
			case atom.A:
				pm.links++
			case atom.H1:
				pm.h1 = append(pm.h1, heading{text: headingText(c), chrom: chrome > 0 || isChrome(c), order: pm.elements})
			case atom.Time:
				if skip == 0 {
					pm.times = append(pm.times, timeRef{value: firstNonEmpty(attr(c, "datetime"), nodeText(c)), text: text.Clean(nodeText(c)), kind: dateKind(c), order: pm.elements})
				}
			case atom.Figure:
				pm.captions = appendCaption(pm.captions, c)
				sk++
			}
			if hidden(c) {
				continue
			}
			cls := strings.ToLower(attr(c, "class") + " " + attr(c, "id"))
			if pageWrapper(c, cls) || heads[c] {
				// Themes put layout flags on <body> and on the content wrappers ("menu_sidebar_slide_left",
				// "wp-custom-logo", "content-sidebar-wrap"): they describe the page, not a box of chrome.
				// Nor is a box that holds the headline one of related items: "__next" is the root
				// of a Next.js page, not a "next article" teaser.
				cls = ""
			}
			if isRelated(cls) {
				sk++
			}
			if isChromeClass(cls) {
				ch++
			}
			if skip == 0 && chrome == 0 {
				if b := bylineText(c); b != "" {
					pm.bylines = append(pm.bylines, b)
				}
			}
			if skip == 0 && chrome == 0 && isByline(c, cls) {
				if t := text.Clean(nodeText(c)); t != "" && len(t) < 300 {
					pm.bylines = append(pm.bylines, t)
				} else if name := boxName(c); name != "" {
					pm.bylines = append(pm.bylines, name)
				}
			}
			if skip == 0 && chrome == 0 {
				if t, kind := labelledDate(c); t != "" {
					pm.times = append(pm.times, timeRef{value: t, text: t, kind: kind, order: pm.elements})
				}
			}
			if skip == 0 && c.DataAtom != atom.Time && c.DataAtom != atom.Meta {
				if k := dateClassKind(cls, attr(c, "itemprop")); k != "" {
					if t := text.Clean(nodeText(c)); t != "" && len(t) < 120 {
						pm.times = append(pm.times, timeRef{value: firstNonEmpty(attr(c, "datetime"), attr(c, "content"), t), text: t, kind: k, order: pm.elements})
					}
				}
			}
			walk(c, ch, sk)
		}
	}
	walk(doc, 0, 0)
	return pm
}

// headlineBoxes are the elements that contain an <h1> with text (bounded walk).
func headlineBoxes(doc *html.Node) map[*html.Node]bool {
	boxes := map[*html.Node]bool{}
	seen := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && seen < maxMetaElements; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			seen++
			switch c.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Head:
				continue
			case atom.H1:
				if strings.TrimSpace(nodeText(c)) != "" {
					for p := c.Parent; p != nil && !boxes[p]; p = p.Parent {
						boxes[p] = true
					}
				}
				continue
			}
			walk(c)
		}
	}
	walk(doc)
	return boxes
}

// first returns the first value of the first key that has one.
func (pm *pageMeta) first(keys ...string) string {
	for _, k := range keys {
		for _, v := range pm.meta[k] {
			if v != "" {
				return v
			}
		}
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func inSVG(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Svg {
			return true
		}
	}
	return false
}

// nodeText is the text under n, block elements and <br> separated by a space, scripts
// and styles left out; bounded to 64 KiB.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && b.Len() < 64<<10; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				switch c.DataAtom {
				case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg:
					continue
				case atom.Br:
					b.WriteByte(' ')
					continue
				}
				if n.Type == html.ElementNode && n.DataAtom == atom.Script {
					continue
				}
				b.WriteByte(' ')
				walk(c)
				b.WriteByte(' ')
			}
		}
	}
	if n.DataAtom == atom.Script || n.DataAtom == atom.Title {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			}
		}
		return b.String()
	}
	walk(n)
	return b.String()
}

// inline elements run on in a line of text: no space is put around them ("C<span>ycle</span>"
// is one word).
var inline = map[atom.Atom]bool{
	atom.A: true, atom.Span: true, atom.Em: true, atom.Strong: true, atom.B: true, atom.I: true,
	atom.U: true, atom.S: true, atom.Small: true, atom.Mark: true, atom.Abbr: true, atom.Sup: true,
	atom.Sub: true, atom.Code: true, atom.Q: true, atom.Cite: true, atom.Font: true, atom.Time: true,
}

var reTitleLabel = regexp.MustCompile(`(?i)^(?:title|headline)\s*:\s*`)

// headingText is a heading's text as a reader sees it: inline elements do not break words,
// entities a CMS escaped twice are undone, and a "Title:" label goes.
func headingText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && b.Len() < 4096; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Type != html.ElementNode:
			case c.DataAtom == atom.Script || c.DataAtom == atom.Style || c.DataAtom == atom.Svg || c.DataAtom == atom.Noscript || c.DataAtom == atom.Template:
			case c.DataAtom == atom.Br:
				b.WriteByte(' ')
			case inline[c.DataAtom]:
				b.WriteByte(0)
				walk(c)
				b.WriteByte(0)
			default:
				b.WriteByte(' ')
				walk(c)
				b.WriteByte(' ')
			}
		}
	}
	walk(n)
	return reTitleLabel.ReplaceAllString(text.Clean(unescapeTwice(joinInline(b.String()))), "")
}

// joinInline resolves the NUL marks headingText leaves at inline elements' edges: nothing,
// unless a lowercase letter meets a capital ("Alternatives<span>Top Tools</span>" is laid
// out as two lines or words).
func joinInline(s string) string {
	if !strings.Contains(s, "\x00") {
		return s
	}
	var b strings.Builder
	var prev rune
	rs := []rune(s)
	for i, r := range rs {
		if r != 0 {
			b.WriteRune(r)
			prev = r
			continue
		}
		j := i
		for j < len(rs) && rs[j] == 0 {
			j++
		}
		if r == 0 && (i == 0 || rs[i-1] != 0) && j < len(rs) && unicode.IsLower(prev) && unicode.IsUpper(rs[j]) {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// hidden reports elements a reader does not see.
func hidden(n *html.Node) bool {
	if _, ok := attrOK(n, "hidden"); ok {
		return true
	}
	if attr(n, "aria-hidden") == "true" {
		return true
	}
	st := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden")
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// classWords splits class and id values into words at spaces, "-" and "_".
func classWords(cls string) []string {
	return strings.FieldsFunc(cls, func(r rune) bool { return r == ' ' || r == '-' || r == '_' || r == '\t' || r == '\n' })
}

func hasClassWord(cls string, words ...string) bool {
	for _, w := range classWords(cls) {
		for _, x := range words {
			if w == x {
				return true
			}
		}
	}
	return false
}

// isChrome reports a heading that is the site's logo or brand rather than a headline.
func isChrome(n *html.Node) bool {
	cls := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
	if hasClassWord(cls, "logo", "brand", "site", "sitename", "masthead") {
		return true
	}
	for p := n.Parent; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if pageWrapper(p, strings.ToLower(attr(p, "class")+" "+attr(p, "id"))) {
			continue
		}
		if p.DataAtom == atom.Header && hasClassWord(strings.ToLower(attr(p, "class")+" "+attr(p, "id")), "site", "masthead", "global") {
			return true
		}
		pc := strings.ToLower(attr(p, "class") + " " + attr(p, "id"))
		if hasClassWord(pc, "logo", "brand", "navbar", "masthead") {
			return true
		}
	}
	return false
}

// pageWrapper reports an element that wraps the whole page or its main content, whose
// class words name layout options rather than mark it as chrome.
func pageWrapper(n *html.Node, cls string) bool {
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main, atom.Article:
		return true
	}
	// "content-sidebar-wrap", "site-content-container": a box around the content and its
	// sidebar; "sidebar-content" alone is the sidebar's own box.
	return hasClassWord(cls, "content") && hasClassWord(cls, "wrap", "wrapper", "container", "inner")
}

func isChromeClass(cls string) bool {
	return hasClassWord(cls, "navbar", "nav", "menu", "footer", "sidebar", "breadcrumb", "breadcrumbs", "cookie", "newsletter", "subscribe", "popup", "modal")
}

// isRelated reports boxes of other items (related articles, recommended, most read,
// comments) whose dates and bylines are not the article's.
func isRelated(cls string) bool {
	return hasClassWord(cls, "related", "recommended", "recommendations", "more", "popular", "trending", "comments", "comment", "teaser", "teasers", "promo", "sidebar", "card", "cards", "carousel", "outbrain", "taboola", "next", "prev", "previous", "listing", "feed")
}

// isByline reports an element marked as holding the article's author.
func isByline(n *html.Node, cls string) bool {
	if strings.EqualFold(attr(n, "rel"), "author") {
		return true
	}
	if strings.Contains(strings.ToLower(attr(n, "itemprop")), "author") {
		return true
	}
	for _, w := range classWords(cls) {
		switch w {
		case "byline", "author", "authors", "by", "writer", "contributor", "contributors":
			return true
		}
		if strings.HasPrefix(w, "byline") || strings.HasSuffix(w, "author") || strings.HasPrefix(w, "authorname") || w == "author" {
			return true
		}
	}
	return false
}

// dateKind classifies a <time> element by its attributes and context.
func dateKind(n *html.Node) string {
	if _, ok := attrOK(n, "pubdate"); ok {
		return "published"
	}
	s := strings.ToLower(attr(n, "class") + " " + attr(n, "id") + " " + attr(n, "itemprop"))
	if p := n.Parent; p != nil && p.Type == html.ElementNode {
		s += " " + strings.ToLower(attr(p, "class")+" "+attr(p, "id")+" "+attr(p, "itemprop"))
	}
	return dateClassKind(s, "")
}

// dateClassKind reads "published"/"modified" from class, id and itemprop words.
func dateClassKind(cls, itemprop string) string {
	ip := strings.ToLower(itemprop)
	switch {
	case strings.Contains(ip, "datepublished"), strings.Contains(ip, "datecreated"):
		return "published"
	case strings.Contains(ip, "datemodified"):
		return "modified"
	}
	for _, w := range classWords(cls) {
		switch {
		case strings.Contains(w, "modified"), strings.Contains(w, "updated"):
			return "modified"
		case strings.Contains(w, "published"), strings.Contains(w, "pubdate"), w == "date", w == "posted", strings.HasPrefix(w, "postdate"), strings.HasPrefix(w, "entrydate"), strings.HasSuffix(w, "date") && !strings.Contains(w, "update") && !strings.Contains(w, "validate"):
			return "published"
		}
	}
	return ""
}

// appendCaption records a figure's caption and credit.
func appendCaption(list []captionRef, fig *html.Node) []captionRef {
	if len(list) >= 100 {
		return list
	}
	var capt, credit string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			cls := strings.ToLower(attr(c, "class"))
			switch {
			case hasClassWord(cls, "credit", "credits", "copyright", "source", "photographer"):
				credit = text.Clean(nodeText(c))
			case c.DataAtom == atom.Figcaption:
				capt = text.Clean(nodeText(c))
				walk(c)
			default:
				walk(c)
			}
		}
	}
	walk(fig)
	if credit != "" && strings.HasSuffix(capt, credit) {
		capt = strings.TrimSpace(strings.TrimSuffix(capt, credit))
	}
	if capt == "" && credit == "" {
		return list
	}
	if credit == "" {
		capt, credit = splitCredit(capt)
	} else if _, c := splitCredit(credit); c != "" {
		credit = c // "Photo: AFP" in a credit element
	}
	return append(list, captionRef{text: capt, credit: credit})
}

// splitCredit takes a trailing "Photo: AFP" / "(Reuters)" / "Credit: ..." off a caption.
func splitCredit(s string) (string, string) {
	low := strings.ToLower(s)
	for _, k := range []string{"photo credit:", "credit:", "photo:", "photograph:", "image:", "picture:", "photo by ", "image by ", "foto:"} {
		if i := strings.LastIndex(low, k); i >= 0 {
			return strings.TrimSpace(strings.TrimRight(s[:i], " |/-–—(")), strings.Trim(strings.TrimSpace(s[i+len(k):]), " )")
		}
	}
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, "("); i > 0 {
			in := s[i+1 : len(s)-1]
			if strings.Contains(in, "/") || isAgency(in) {
				return strings.TrimSpace(s[:i]), in
			}
		}
	}
	return s, ""
}

// unescapeTwice undoes entities that a CMS escaped twice ("&amp;#8217;" shows "&#8217;").
func unescapeTwice(s string) string {
	if strings.Contains(s, "&") && strings.Contains(s, ";") {
		return html.UnescapeString(s)
	}
	return s
}

var (
	reAuthorHref   = regexp.MustCompile(`(?i)/(?:author|authors|writer|writers|contributor|contributors|people|staff|profile|profiles|journalist|journalists|reporter|columnist)/[^/?#]+/?(?:[?#].*)?$`)
	reBylineStart  = regexp.MustCompile(`(?i)^\s*(?:by|written by|posted by|words by|author|authors|authored by|story by|reporting by|contributors?)\s*:?\s*$|^\s*(?:by|written by|posted by|words by|author:|authored by|story by|reporting by)\s*:?\s+\p{Lu}`)
	reBylineLabels = regexp.MustCompile(`(?i)^\s*(?:by|written by|posted by|author|authors|authored by|words by|story by|contributors?)\s*:?\s*$`)
)

// bylineText finds bylines by what they say or link to, where no class marks them: a
// link to an author's page, an element whose text starts "By Name" or "Written by Name",
// or a "Written by" label followed by the name in the next element.
func bylineText(n *html.Node) string {
	if n.DataAtom == atom.A {
		if reAuthorHref.MatchString(attr(n, "href")) {
			if t := text.Clean(nodeText(n)); t != "" && len(t) < 80 {
				return t
			}
		}
		return ""
	}
	fc := n.FirstChild
	for fc != nil && fc.Type == html.TextNode && strings.TrimSpace(fc.Data) == "" {
		fc = fc.NextSibling
	}
	if fc == nil {
		return ""
	}
	switch {
	case fc.Type == html.TextNode && reBylineStart.MatchString(fc.Data):
	case fc.Type == html.ElementNode && inline[fc.DataAtom] && reBylineLabels.MatchString(nodeText(fc)):
		// "<strong>Contributors:</strong> Jane Doe", "<span>By </span><button>Jane Doe</button>"
	default:
		return ""
	}
	t := text.Clean(nodeText(n))
	if reBylineLabels.MatchString(t) {
		// "Written by" alone: the name is in the next element.
		for sib := n.NextSibling; sib != nil; sib = sib.NextSibling {
			if sib.Type == html.ElementNode {
				if name := text.Clean(nodeText(sib)); name != "" && len(name) < 80 {
					return t + " " + name
				}
				return ""
			}
		}
		return ""
	}
	if len(t) > 150 {
		return ""
	}
	return t
}

// boxName finds the name in an author box that also holds a biography: the first
// element, in document order, whose whole text reads as a name ("Jane Doe" above "Jane
// Doe is a reporter who..."), when the biography names the person again.
func boxName(n *html.Node) string {
	seen := 0
	var found string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && found == "" && seen < 50; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			seen++
			if t := text.Clean(nodeText(c)); len(t) < 60 && namelike(t) {
				found = t
				return
			}
			walk(c)
		}
	}
	walk(n)
	// The biography names the person again ("Jane Doe is a reporter", "Jane writes
	// about"): without that, the short line is more likely a product's or a team's.
	if found != "" && strings.Count(nodeText(n), strings.Fields(found)[0]) < 2 {
		return ""
	}
	return found
}

var reDateLabel = regexp.MustCompile(`(?i)^\s*(?:published|posted|updated|last updated|date|created|written)\b`)

// dateLike reports a short text that states a date ("March 5, 2024", "Published on
// 17.05.2021 at 10:00"), not a sentence that mentions one.
func dateLike(t string) bool {
	return len(t) <= 40 || len(t) <= 100 && reDateLabel.MatchString(t)
}

var reDateLabelOnly = regexp.MustCompile(`(?i)^\s*(?:(last )?updated|(last )?modified|published|posted|posted on|published on|updated on|date)\s*:?\s*$`)

// labelledDate reads a date shown as a label element followed by the date in the next
// element ("<div>Last updated:</div><div>Dec 12, 2025</div>"): the label's kind and the date.
func labelledDate(n *html.Node) (string, string) {
	if n.FirstChild == nil || n.FirstChild != n.LastChild || n.FirstChild.Type != html.TextNode || !reDateLabelOnly.MatchString(n.FirstChild.Data) {
		return "", ""
	}
	sib := n.NextSibling
	for sib != nil && sib.Type != html.ElementNode {
		if strings.TrimSpace(sib.Data) != "" {
			return "", ""
		}
		sib = sib.NextSibling
	}
	if sib == nil {
		return "", ""
	}
	t := text.Clean(nodeText(sib))
	if len(t) > 40 {
		return "", ""
	}
	if _, ok := parseMetaDate(t); !ok {
		return "", ""
	}
	label := strings.ToLower(n.FirstChild.Data)
	if strings.Contains(label, "updated") || strings.Contains(label, "modified") {
		return t, "modified"
	}
	return t, "published"
}
