package reuse

import (
	"bytes"
	"regexp"
	"sync"

	"github.com/parallax-news/parallax/internal/news"
)

// agency is a news agency and how articles credit it.
type agency struct {
	name string
	// byline matches an author entry that names the agency.
	byline *regexp.Regexp
	// credit matches the agency's credit in the body: a dateline "(Reuters) -", a
	// contribution line, "told Reuters" (only the agency's own reporting says so, and
	// outlets that reprint it keep the phrase).
	credit *regexp.Regexp
	// needles are literal strings one of which any credit contains: a cheap test
	// before the regular expression (most articles name no agency).
	needles [][]byte
}

func needles(s ...string) [][]byte {
	out := make([][]byte, len(s))
	for i, n := range s {
		out[i] = []byte(n)
	}
	return out
}

// creditReach is how far before and after a needle a credit may extend (bytes).
const creditReach = 40

var agencies = []agency{
	{
		name:    "Reuters",
		byline:  regexp.MustCompile(`(?i)\breuters\b`),
		credit:  regexp.MustCompile(`\(Reuters\)|(?i:\b(told|to|via|by|from|with|contributed|according to|reported by|reporting by)\s+Reuters\b|\bReuters (contributed|reported|reporting)\b|\bThomson Reuters\b)`),
		needles: needles("Reuters", "REUTERS", "reuters"),
	},
	{
		name:    "Associated Press",
		byline:  regexp.MustCompile(`(?i)\b(associated press|ap)\b`),
		credit:  regexp.MustCompile(`\(AP\)|(?i:\bassociated press\b)`),
		needles: needles("(AP)", "ssociated", "SSOCIATED"),
	},
	{
		name:    "AFP",
		byline:  regexp.MustCompile(`(?i)\b(afp|agence france[- ]presse)\b`),
		credit:  regexp.MustCompile(`\(AFP\)|\b(told|to|via|by|from|according to) AFP\b|\bAFP (contributed|reported)\b|(?i:\bagence france[- ]presse\b)`),
		needles: needles("AFP", "gence", "GENCE"),
	},
	{
		name:    "Bloomberg",
		byline:  regexp.MustCompile(`(?i)\bbloomberg( news)?\s*$`),
		credit:  regexp.MustCompile(`\(Bloomberg\)`),
		needles: needles("(Bloomberg)"),
	},
}

// Wire returns the news agency that article a credits, from its byline first and then
// from its standfirst and body, or "" when it credits none. Image credits
// (captions) do not count: a wire photo says nothing about the text.
func Wire(a *news.Article) string {
	for _, ag := range agencies {
		for _, au := range a.Authors {
			if ag.byline.MatchString(au) {
				return ag.name
			}
		}
	}
	// The body is joined in a buffer kept from call to call: a string of it would be
	// an allocation of the article's size.
	bp := bodies.Get().(*[]byte)
	body := append((*bp)[:0], a.Standfirst...)
	for _, p := range a.Paragraphs {
		body = append(append(body, '\n'), p...)
	}
	if len(a.Paragraphs) == 0 {
		body = append(body, '\n') // as strings.Join would have it
	}
	best, at := "", -1
	for _, ag := range agencies {
		// The regular expression runs only around the needles' occurrences: a credit
		// is a few words, and the bodies are long.
		for _, n := range ag.needles {
			for from := 0; ; {
				i := bytes.Index(body[from:], n)
				if i < 0 {
					break
				}
				i += from
				lo, hi := max(0, i-creditReach), min(len(body), i+len(n)+creditReach)
				if loc := ag.credit.FindIndex(body[lo:hi]); loc != nil && (at < 0 || lo+loc[0] < at) {
					best, at = ag.name, lo+loc[0]
				}
				from = i + len(n)
			}
		}
	}
	if cap(body) <= maxKeptBody {
		*bp = body
		bodies.Put(bp)
	}
	return best
}

// bodies are Wire's buffers; one larger than maxKeptBody is let go.
var bodies = sync.Pool{New: func() any { return new([]byte) }}

const maxKeptBody = 1 << 20
