package extract

import (
	"regexp"
	"strings"
	"unicode"

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

var (
	reRightsTo  = regexp.MustCompile(`(?i)all rights reserved (?:to|by)\s+(.{2,60}?)\s*\.?$`)
	reCopyright = regexp.MustCompile(`(?i)^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*[,.]?\s*)?(.{2,60}?)\s*(?:[.,|]\s*all rights reserved.*|all rights reserved.*|\.)?$`)
)

// pageSource reads the outlet from the dump itself: its name from a rights line ("All
// rights reserved to Israel Hayom", "© 2021 Example Media Ltd."), its domain from a bare
// address line ("www.israelhayom.com").
func pageSource(lines []dumpLine) (name, domain string) {
	domain = printedDomain(lines)
	for i := len(lines) - 1; i >= 0 && name == ""; i-- {
		t := lines[i].text
		if lines[i].words > 14 {
			continue
		}
		if m := reRightsTo.FindStringSubmatch(t); m != nil {
			name = m[1]
		} else if m := reCopyright.FindStringSubmatch(t); m != nil && strings.ContainsAny(t, "©") || m != nil && strings.HasPrefix(strings.ToLower(t), "copyright") {
			name = m[1]
		}
		name = cleanSource(name)
	}
	return name, domain
}

var (
	reSourceTrim = regexp.MustCompile(`(?i)^(copyright|©|\(c\)|\d{4}(\s*[-–]\s*\d{4})?|by|the)\b\s*|\s*\b(copyright|©|\d{4}(\s*[-–]\s*\d{4})?|onwards|all rights reserved)$|^©\s*`)
	reNotSource  = regexp.MustCompile(`(?i)^(all rights( reserved)?|the authors?|onwards|agent|\W*)$|[{}<>]`)
)

// cleanSource strips the marks and years around an outlet's name in a rights line.
func cleanSource(name string) string {
	for {
		n := strings.Trim(reSourceTrim.ReplaceAllString(name, ""), " .,;:|-–—")
		if n == name {
			break
		}
		name = n
	}
	if len(strings.Fields(name)) > 6 || reNotSource.MatchString(name) {
		return ""
	}
	for _, r := range name {
		if unicode.IsUpper(r) {
			return name
		}
	}
	return ""
}
