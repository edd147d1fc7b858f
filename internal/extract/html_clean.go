package extract

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var (
	// reTailHeading matches the heading of what follows an article: related items,
	// comments, newsletter and author boxes. Everything from it on is left out.
	reTailHeading = regexp.MustCompile(`(?i)^(?:read (?:this )?next|you (?:may|might) (?:also )?(?:like|enjoy)|recommended for you|most (?:read|popular|viewed)|trending now|(?:\d+ )?(?:comments?|responses?|replies)|leave a (?:reply|comment)|post a comment|join the (?:discussion|conversation)|sponsored content|sign up for (?:our|the) newsletter|subscribe to (?:our|the) newsletter)[\s:.!…]*$`)
	// reJunkLine matches lines of page furniture inside the content: share and print
	// prompts, advertisement labels, "Posted on DATE" lines, bare dates.
	reJunkLine = regexp.MustCompile(`(?i)^(?:advertisement|advert|ad|sponsored(?: content)?|share(?: this)?(?: on \w+)?|print|email|tweet|pin it|copy link|link copied|posted on|published on|posted in|reading time.*|\d+ min(?:ute)?s? read|scroll to (?:top|continue).*|click to (?:share|print|email).*|skip to (?:main )?content|back to top|loading\.*|image:?|photo:?|(?:table of )?contents(?:\s*\[?(?:hide|show)\]?)*|(?:read|learn|see|view|show) more|related (?:articles|content|posts|stories)|check price(?: on amazon)?|where to buy)[\s.:!]*$`)
	reDateOnly = regexp.MustCompile(`(?i)^(?:(?:posted|published|updated|last updated)(?: on)?:?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})(?:,?\s*(?:at\s*)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[a-z]{2,4})?)?$`)
)

// cleanParagraphs removes the boilerplate that main-content extraction leaves in: the
// comments, "read next" and newsletter boxes after the article (from their heading on,
// once past the first third of the text), furniture lines (share, advertisement, bare dates,
// "Posted on ...", a table of contents' label, "Read more"), lines with no letter or digit,
// and second copies of long paragraphs.
func cleanParagraphs(paras []string) []string {
	if len(paras) == 0 {
		return paras
	}
	total := 0
	for _, p := range paras {
		total += len(p)
	}
	out := paras[:0:0]
	done := 0
	seen := map[string]bool{}
	for i, p := range paras {
		if i > 0 && done*3 > total && len(p) < 80 && reTailHeading.MatchString(strings.TrimSpace(p)) {
			break
		}
		done += len(p)
		if len(p) < 100 {
			if reJunkLine.MatchString(p) || reDateOnly.MatchString(p) || !hasWord(p) {
				continue
			}
		}
		// A passage the page prints twice (the body again for another screen size, a
		// call to action repeated down the page) is one passage of the article. Short
		// lines repeat by design ("Pros", "Why we chose it") and stay.
		if w := words(p); len(w) >= minRepeatWords {
			key := strings.Join(w, " ")
			if seen[key] {
				continue
			}
			seen[key] = true
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return paras
	}
	return out
}

// commentBoxes are class or id words that mark a page's reader-comment section (WordPress
// "comments-area" and "commentlist", Disqus, a comment's own body). go-trafilatura drops the
// common ones but not all; readers' comments are never part of the article.
var commentBoxes = map[string]bool{
	"comments": true, "commentlist": true, "comment-list": true, "comments-list": true,
	"comments-area": true, "comments-section": true, "comment-section": true, "comments-wrapper": true,
	"comment-respond": true, "comment-content": true, "comment-body": true,
	"disqus_thread": true, "dsq-comments": true,
}

// pruneComments removes the reader-comment sections of a page: block elements marked by
// commentBoxes that hold no <h1> (a wrapper marked "comments" around the whole article is
// a theme's mistake, not a comment box).
func pruneComments(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			if commentBox(c) && !hasH1(c) {
				n.RemoveChild(c)
			} else {
				pruneComments(c)
			}
		}
		c = next
	}
}

func commentBox(n *html.Node) bool {
	switch tagOf(n) {
	case atom.Div, atom.Section, atom.Ol, atom.Ul, atom.Aside, atom.Article, atom.Li:
	default:
		return false
	}
	for _, w := range strings.Fields(strings.ToLower(attr(n, "class") + " " + attr(n, "id"))) {
		if commentBoxes[w] {
			return true
		}
	}
	return false
}

func hasH1(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (tagOf(c) == atom.H1 || hasH1(c)) {
			return true
		}
	}
	return false
}

// minRepeatWords is the length from which a paragraph seen before on the page is dropped.
const minRepeatWords = 8

// hasWord reports whether s holds a letter or a digit (not only marks, dashes or
// zero-width joiners).
func hasWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
