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
	guardContain   = 0.65 // share of go-trafilatura's words that readability's text must hold
	guardLonger    = 1.15 // readability's text must have this many times as many words
	guardMaxLinked = 0.3  // readability's text in links must be below this share
	guardMinGain   = 30   // and it must add at least this many words
)

// recallGuard returns the readability paragraphs when they pass the guard above, else the
// main extractor's with their tail trimmed (trimTail).
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
		return trimTail(main, alt)
	}
	return alt
}

// wordBag counts the lowercased words (runs of letters, digits and marks) of paras.
func wordBag(paras []string) map[string]int {
	m := map[string]int{}
	for _, p := range paras {
		for _, w := range words(p) {
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

// The tail trim. When go-trafilatura's text is kept, its last paragraphs may be what
// follows the article on the page (an author box, a disclaimer, related items, a cookie
// table) that its rules did not recognise. Readability ends the article elsewhere: a run
// of paragraphs at the end of go-trafilatura's text that readability's text does not hold
// is cut, provided readability found the same article (it holds at least trimMinShare as
// many words) and the cut leaves most of the text (else the two disagree too much to trust
// either's end).
const (
	trimMinShare = 0.5 // readability's words over go-trafilatura's, at least
	trimMinWords = 50  // and readability's text has at least this many words
	trimHeld     = 0.7 // share of a paragraph's word triples readability must hold to keep it
	trimMaxCut   = 0.5 // the cut takes at most this share of go-trafilatura's words
)

// trimTail cuts main's trailing paragraphs that alt does not hold (see above).
func trimTail(main, alt []string) []string {
	if len(main) == 0 || len(alt) == 0 {
		return main
	}
	at := words(strings.Join(alt, "\n"))
	mn := len(words(strings.Join(main, "\n")))
	if len(at) < trimMinWords || float64(len(at)) < trimMinShare*float64(mn) {
		return main
	}
	held := make(map[string]bool, len(at))
	for i := 0; i+3 <= len(at); i++ {
		held[strings.Join(at[i:i+3], " ")] = true
	}
	joined := " " + strings.Join(at, " ") + " "
	holds := func(p string) bool {
		w := words(p)
		switch {
		case len(w) == 0:
			return true
		case len(w) < 3:
			return strings.Contains(joined, " "+strings.Join(w, " ")+" ")
		}
		n := 0
		for i := 0; i+3 <= len(w); i++ {
			if held[strings.Join(w[i:i+3], " ")] {
				n++
			}
		}
		return float64(n) >= trimHeld*float64(len(w)-2)
	}
	end := len(main)
	for end > 0 && !holds(main[end-1]) {
		end--
	}
	if end == 0 || float64(len(words(strings.Join(main[:end], "\n")))) < (1-trimMaxCut)*float64(mn) {
		return main
	}
	return main[:end]
}

// words are the lowercased words of s, split as wordBag splits them.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) && r != '_'
	})
}
