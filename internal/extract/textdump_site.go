package extract

import (
	"regexp"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
)

// siteKey names the site a dump belongs to, for the template model: the URL's domain, else
// the source name given with the document, else a domain the page prints about itself
// ("www.israelhayom.com"). "" when none is known: the page then learns nothing.
func siteKey(doc news.RawDoc, lines []dumpLine) string {
	if d := domainOf(doc.URL); d != "" {
		return d
	}
	if s := strings.ToLower(strings.TrimSpace(doc.Source)); s != "" {
		return "source:" + s
	}
	return printedDomain(lines)
}

// reDomainLine is a line that is only a web address ("www.example.com", "example.co.uk").
var reDomainLine = regexp.MustCompile(`(?i)^(?:https?://)?((?:www\d?\.)?(?:[a-z0-9-]+\.)+[a-z]{2,6})/?$`)

// printedDomain is the first bare domain line of the page, without "www.".
func printedDomain(lines []dumpLine) string {
	for _, l := range lines {
		if m := reDomainLine.FindStringSubmatch(l.text); m != nil {
			return domainOf(m[1])
		}
	}
	return ""
}

// learnSite marks each line with how many earlier documents of the site held it, and adds
// the page to the model. When most of the page is known the page is a copy of one seen
// before (an update, a reprint): its lines are not taken as template then.
func learnSite(m *Templates, host string, lines []dumpLine) {
	if host == "" {
		return
	}
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = l.text
	}
	counts := m.Observe(host, texts)
	known := 0
	for _, c := range counts {
		if c >= templateMinDocs {
			known++
		}
	}
	if known*10 > len(lines)*9 {
		return
	}
	for i := range lines {
		lines[i].site = counts[i]
	}
}
