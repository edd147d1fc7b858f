package extract

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The recall guard. go-trafilatura sometimes keeps only part of an article: it drops
// lists, boxes of sub-sections or a whole second half that its rules take for
// boilerplate. Readability (go-shiori/go-readability, which go-trafilatura already runs as
// its fallback) scores the page's blocks differently and keeps such parts. Its output is
// taken instead when it holds nearly all of go-trafilatura's text (so it is the same
// article, not another box of the page), is clearly longer, and is not link lists.
const (
	guardContain   = 0.8  // share of go-trafilatura's words that readability's text must hold
	guardLonger    = 1.15 // readability's text must have this many times as many words
	guardMaxLinked = 0.3  // readability's text in links must be below this share
	guardMinGain   = 30   // and it must add at least this many words
)

// recallGuard returns the readability paragraphs when they pass the guard above, else the
// main extractor's.
func recallGuard(main, alt []string, altLinked float64) []string {
	if len(alt) == 0 || len(main) == 0 || altLinked >= guardMaxLinked {
		return main
	}
	mb, ab := wordBag(main), wordBag(alt)
	mn, an := 0, 0
	for _, c := range ab {
		an += c
	}
	common := 0
	for w, c := range mb {
		mn += c
		common += min(c, ab[w])
	}
	if mn == 0 || an-mn < guardMinGain || float64(an) < guardLonger*float64(mn) || float64(common) < guardContain*float64(mn) {
		return main
	}
	return alt
}

// wordBag counts the lowercased words (runs of letters, digits and marks) of paras.
func wordBag(paras []string) map[string]int {
	m := map[string]int{}
	for _, p := range paras {
		for _, w := range strings.FieldsFunc(strings.ToLower(p), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) && r != '_'
		}) {
			m[w]++
		}
	}
	return m
}

// linkedShare is the share of n's text (in bytes, spaces trimmed) that sits inside links.
func linkedShare(n *html.Node) float64 {
	var all, linked int
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				l := len(strings.TrimSpace(c.Data))
				all += l
				if in {
					linked += l
				}
			case html.ElementNode:
				walk(c, in || tagOf(c) == atom.A)
			}
		}
	}
	walk(n, false)
	if all == 0 {
		return 0
	}
	return float64(linked) / float64(all)
}

// pruneFurniture removes from readability's output what go-trafilatura's own cleaning
// leaves out and readability keeps: figures and their captions, <time> stamps, bylines,
// forms and buttons, and boxes of chrome or related items.
func pruneFurniture(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			cls := strings.ToLower(attr(c, "class") + " " + attr(c, "id"))
			switch tagOf(c) {
			case atom.Figure, atom.Figcaption, atom.Time, atom.Form, atom.Button, atom.Aside, atom.Nav, atom.Footer, atom.Input, atom.Select:
				n.RemoveChild(c)
			default:
				if hidden(c) || isByline(c, cls) || isChromeClass(cls) || isRelated(cls) || bylineText(c) != "" {
					n.RemoveChild(c)
				} else {
					pruneFurniture(c)
				}
			}
		}
		c = next
	}
}
