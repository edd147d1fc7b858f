package extract

import (
	"fmt"
	"net/url"
	"slices"

	"github.com/parallax-news/parallax/internal/news"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/text"
)

// titleSeparators cut a page title into the headline and the site's name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " // ", " ~ "}

// pickTitle chooses the headline: the page's visible <h1> when it agrees with what the
// metadata calls the title (or is the only headline-like one), else the metadata's title
// (JSON-LD headline, og:title, twitter:title, <title>) with the site's name taken off.
func pickTitle(pm *pageMeta, ld ldArticle, sites []string) string {
	var metas []string
	for _, m := range []string{ld.headline, pm.first("og:title"), pm.first("twitter:title"), pm.title} {
		// Some sites escape their meta titles twice ("And finally&#8230;").
		if m = text.Clean(unescapeTwice(m)); m != "" {
			metas = append(metas, m)
		}
	}
	metas = dropTruncated(metas, sites)
	var h1s []string
	for _, h := range pm.h1 {
		if h.chrom || h.text == "" {
			continue
		}
		if n := len(strings.Fields(h.text)); n > 40 {
			continue
		}
		// A theme that prints the headline twice (one for small screens) has one headline.
		if !slices.Contains(h1s, h.text) {
			h1s = append(h1s, h.text)
		}
	}
	// The <h1> closest to a meta title (taken without the site's name): a page may have
	// another <h1> for its site's name, which the full <title> holds too.
	best, bestSim := "", 0.0
	for _, h := range h1s {
		for _, m := range metas {
			if !similarTitle(h, m) {
				continue
			}
			if sim := jaccard(h, stripSite(m, sites)); sim > bestSim {
				best, bestSim = h, sim
			}
		}
	}
	if best != "" {
		// A meta title that is the headline with its count or year ("8 Recent Trends in
		// Photography", "... Platforms 2025") names the article in full.
		for _, m := range metas {
			if m = stripSite(m, sites); numbered(m, best) {
				return m
			}
		}
		// An <h1> set in capitals has the headline's words but not its case, and one with
		// "?" inside its words lost characters to a wrong encoding: a meta title that
		// matches it gives both.
		if shouting(best) || lostChars(best) {
			for _, m := range metas {
				if m = stripSite(m, sites); similarTitle(m, best) && !shouting(m) && !strings.Contains(m, "?") {
					return m
				}
			}
		}
		return cleanHeadline(best, sites)
	}
	// A page with several <h1>, none of which matches its meta title, uses <h1> for section
	// heads: the meta title names the article better. The site's name and a newsletter box
	// do not count as section heads.
	heads := 0
	for _, h := range h1s {
		if !isSiteName(h, sites) && !boilerHeading(h) {
			heads++
		}
	}
	if heads < 2 || len(metas) == 0 {
		for _, h := range h1s {
			if len(strings.Fields(h)) >= 2 && !isSiteName(h, sites) && !boilerHeading(h) && !sectionLabel(h, metas, sites) {
				return cleanHeadline(h, sites)
			}
		}
	}
	for _, m := range metas {
		if t := stripSite(m, sites); t != "" {
			return t
		}
	}
	if len(h1s) > 0 {
		return h1s[0]
	}
	return ""
}

// dropTruncated leaves out a meta title that another one continues: JSON-LD headlines
// are often cut at 110 characters ("... Solutions (Including"), which the page's
// og:title or <title> gives whole.
func dropTruncated(metas, sites []string) []string {
	var out []string
	for i, m := range metas {
		cut := false
		for j, o := range metas {
			o = stripSite(o, sites)
			if j == i || len(o) <= len(m) || !strings.HasPrefix(o, m) {
				continue
			}
			// The rest goes on with a word, not with a subtitle or the site's name.
			rest := strings.TrimLeft(o[len(m):], " ")
			if r, _ := utf8.DecodeRuneInString(rest); unicode.IsLetter(r) || unicode.IsDigit(r) {
				cut = true
			}
		}
		if !cut {
			out = append(out, m)
		}
	}
	return out
}

// numbered reports whether title holds the words of head and, besides them, only numbers.
func numbered(title, head string) bool {
	hw := map[string]int{}
	for _, w := range words(head) {
		hw[w]++
	}
	extra := 0
	for _, w := range words(title) {
		if hw[w] > 0 {
			hw[w]--
			continue
		}
		if strings.Trim(w, "0123456789") != "" {
			return false
		}
		extra++
	}
	for _, n := range hw {
		if n > 0 {
			return false
		}
	}
	return extra > 0
}

// shouting reports a title written in capitals only (at least three words of letters).
func shouting(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			letters++
		}
	}
	return letters > 0 && len(strings.Fields(s)) >= 3
}

// lostChars reports a title with a "?" between two words ("Event Planning? Beginner?
// Guide"), where a character the page's encoding could not hold was replaced.
func lostChars(s string) bool {
	return strings.Contains(s, "\uFFFD") || reInnerQuery.MatchString(s)
}

var reInnerQuery = regexp.MustCompile(`\p{L}\? \p{L}.*\p{L}\? \p{L}|\p{L}\?\p{L}`)

// sectionLabel reports an <h1> that names the page's section or product rather than the
// article ("M&A Updates", "Web Designs", "VPN Services"): a short heading that shares
// few words with a longer meta title.
func sectionLabel(h string, metas, sites []string) bool {
	hw := wordSet(h)
	if len(hw) > 3 {
		return false
	}
	for _, m := range metas {
		m = stripSite(m, sites)
		if len(wordSet(m)) > len(hw) && jaccard(h, m) < 0.25 {
			return true
		}
	}
	return false
}

// cleanHeadline takes off what a page's <h1> carries besides the headline: a tagline after
// " | ", the site's name after a separator, a date before or after it ("Dec 18 2025
// Preparing a transition"), a "Blog:" label.
func cleanHeadline(h string, sites []string) string {
	h = cutTagline(h)
	for _, sep := range titleSeparators {
		if i := strings.LastIndex(h, sep); i > 0 && isSiteName(h[i+len(sep):], sites) && len(strings.Fields(h[:i])) >= 2 {
			h = strings.TrimSpace(h[:i])
		}
	}
	if loc := reLeadDate.FindStringIndex(h); loc != nil && len(strings.Fields(h[loc[1]:])) >= 3 {
		h = strings.TrimSpace(h[loc[1]:])
	}
	if loc := reTrailDate.FindStringIndex(h); loc != nil && len(strings.Fields(h[:loc[0]])) >= 3 {
		h = strings.TrimSpace(h[:loc[0]])
	}
	if t := reHeadLabel.ReplaceAllString(h, ""); len(strings.Fields(t)) >= 2 {
		h = t
	}
	return h
}

const dateExpr = `(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2})`

var (
	reLeadDate = regexp.MustCompile(`(?i)^` + dateExpr + `\s*[-–—|:·•]?\s+`)
	// A date in brackets ("... (2025-09-21)") names an edition and stays.
	reTrailDate = regexp.MustCompile(`(?i)[,\s]+[-–—|:·•]?\s*` + dateExpr + `$`)
	reHeadLabel = regexp.MustCompile(`(?i)^(?:blog|article|news|post|guide)\s*:\s*`)
)

// cutTagline drops a tagline after " | " from a heading ("Best Movers in NYC 2025 | Top
// 19 Companies"): the bar separates a title from a second phrase, not a clause of it.
func cutTagline(h string) string {
	head, _, ok := strings.Cut(h, " | ")
	if !ok || len(strings.Fields(head)) < 2 {
		return h
	}
	return strings.TrimSpace(head)
}

// boilerHeading reports headings of page furniture rather than of the article.
func boilerHeading(h string) bool {
	low := strings.ToLower(strings.Trim(h, " :."))
	for _, p := range []string{"subscribe to ", "sign up for ", "sign up to ", "join our ", "get our newsletter"} {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	switch low {
	case "related articles", "related posts", "related", "menu", "open menu close menu", "main menu", "navigation", "post navigation", "search", "comments", "leave a reply", "share", "our blog", "blog", "news", "latest news", "recent posts", "subscribe", "newsletter", "you may also like", "more stories", "read more", "table of contents", "contents":
		return true
	}
	return false
}

// jaccard is the share of the two titles' distinct words that both hold.
func jaccard(a, b string) float64 {
	wa, wb := wordSet(a), wordSet(b)
	common := 0
	for w := range wa {
		if wb[w] {
			common++
		}
	}
	if all := len(wa) + len(wb) - common; all > 0 {
		return float64(common) / float64(all)
	}
	return 0
}

// similarTitle reports whether two titles share most words (one may carry a site name or
// a subtitle the other lacks).
func similarTitle(a, b string) bool {
	wa, wb := wordSet(a), wordSet(b)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	common := 0
	for w := range wa {
		if wb[w] {
			common++
		}
	}
	small := min(len(wa), len(wb))
	return common*10 >= small*8 && common*10 >= max(len(wa), len(wb))*4
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		m[w] = true
	}
	return m
}

// isSiteName reports whether s names the site (its name or its domain's label).
func isSiteName(s string, sites []string) bool {
	n := squash(s)
	if n == "" {
		return false
	}
	for _, site := range sites {
		if q := squash(site); q != "" && (n == q || strings.HasPrefix(q, n) && len(n)*2 > len(q) || strings.HasPrefix(n, q) && len(q)*2 > len(n)) {
			return true
		}
	}
	return false
}

// squash keeps the lowercased letters and digits of s ("Happily Connected" and
// "happilyconnected.com" both start "happilyconnected").
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// stripSite takes the site's name off a page title: a segment after (or before) a
// separator that names the site, else a short last segment after " | ".
func stripSite(t string, sites []string) string {
	t = text.Clean(t)
	for changed := true; changed; {
		changed = false
		for _, sep := range titleSeparators {
			i := strings.LastIndex(t, sep)
			if i > 0 && isSiteName(t[i+len(sep):], sites) {
				t, changed = strings.TrimSpace(t[:i]), true
				break
			}
			if j := strings.Index(t, sep); j > 0 && isSiteName(t[:j], sites) {
				t, changed = strings.TrimSpace(t[j+len(sep):]), true
				break
			}
		}
	}
	// A domain before the headline with no separator ("davidbau.com Vibe Coding") names
	// the site all the same.
	for _, site := range sites {
		if !strings.Contains(site, ".") || strings.ContainsAny(site, " /") {
			continue
		}
		if rest, ok := cutPrefixFold(t, site+" "); ok && len(strings.Fields(rest)) >= 2 {
			t = strings.TrimSpace(rest)
			break
		}
	}
	// A short trailing segment after a pipe is the site's name nearly always.
	if i := strings.LastIndex(t, " | "); i > 0 {
		tail := t[i+3:]
		if n := len(strings.Fields(tail)); n <= 4 && len(strings.Fields(t[:i])) >= 3 {
			t = strings.TrimSpace(t[:i])
		}
	}
	return t
}

// cutPrefixFold is strings.CutPrefix without regard to case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// siteNames are the names the page gives its site, and its domain's main label.
func siteNames(pm *pageMeta, ld ldArticle, domain string) []string {
	var out []string
	for _, s := range []string{pm.first("og:site_name"), ld.publisher, pm.first("application-name"), pm.first("apple-mobile-web-app-title"), pm.first("twitter:site")} {
		s = strings.TrimPrefix(text.Clean(s), "@")
		if s != "" {
			out = append(out, s)
		}
	}
	if domain != "" {
		out = append(out, domain)
		labels := strings.Split(domain, ".")
		if len(labels) >= 2 {
			out = append(out, labels[len(labels)-2])
		}
	}
	return out
}

// Authors ---------------------------------------------------------------------------

var (
	reBylinePrefix = regexp.MustCompile(`(?i)^(?:(?:written|posted|published|reviewed|edited|authored|reported|story|words|text|photos?|fact[- ]checked|medically reviewed)\s*(?:by)?|by|author(?:s|ed by)?|contributors?|about the author|about|from)\s*[:\-–—]?\s+`)
	reBylineCut    = regexp.MustCompile(`(?i)\s*(?:\||•|·|/\s|\bon\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d)|\b(?:updated|published|posted|last updated|modified)\b|\b\d{1,2}\s*(?:min|minute)s?\s+read\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\b\d{4}-\d{2}-\d{2}|\b\d{1,2}/\d{1,2}/\d{2,4}).*$`)
	reAuthorJunk   = regexp.MustCompile(`(?i)^(?:the author|author|authors|admin|staff writer|written by|posted by|by|guest|editor|editorial|unknown|anonymous|contributor|share|follow|view all posts|see all|more|read more)$`)
)

// agencies are news agencies and wire services: a byline that names one besides a
// person gives both.
var agencies = setOf("reuters ap afp upi dpa ansa efe xinhua tass itar-tass pti ani ians bloomberg kyodo yonhap aap anp apa tt ntb sda ritzau bernama antara jta wafa bna kuna wam spa mena")

// isAgency reports a news agency's name ("Reuters", "AP", "Associated Press", "AFP").
func isAgency(s string) bool {
	l := strings.ToLower(strings.Trim(strings.TrimSpace(s), "()."))
	if agencies[l] {
		return true
	}
	switch l {
	case "associated press", "the associated press", "agence france-presse", "agence france presse", "press association", "pa media", "united press international", "bloomberg news", "reuters staff", "jewish telegraphic agency":
		return true
	}
	return false
}

// cleanByline cuts a byline to its names: "By" and "Written by" go, and so does what
// follows the names (a date, "| Updated", a reading time).
func cleanByline(s string) string {
	s = text.Clean(s)
	for range 3 {
		t := reBylinePrefix.ReplaceAllString(s, "")
		if t == s {
			break
		}
		s = t
	}
	s = reBylineCut.ReplaceAllString(s, "")
	return strings.Trim(s, " ,;:-–—|.")
}

// splitNames cuts a cleaned byline into people and agencies: at ",", ";", "&", "|" and
// " and ", keeping a comma part that is a credential ("PhD", "MD") with nothing, and not
// cutting an organisation's own name ("Center for Drug Evaluation and Research").
func splitNames(s string) []string {
	s = cleanByline(s)
	if s == "" {
		return nil
	}
	var out []string
	add := func(p string) {
		p = strings.Trim(cleanByline(p), " .,;:-–—")
		if len(out) > 0 && jobTitle(p) {
			return // "Jane Doe, Print Managing Editor"
		}
		p = cutRole(p)
		if notName(p) {
			return
		}
		if p == "" || reAuthorJunk.MatchString(p) || strings.Contains(p, "://") || strings.Contains(p, "@") && !strings.HasPrefix(p, "@") {
			return
		}
		if len(out) > 0 && (credential(p) || jobTitle(p)) && !isAgency(p) || !validName(p) {
			return
		}
		if len(strings.Fields(p)) > 6 {
			return
		}
		for _, x := range out {
			if strings.EqualFold(x, p) {
				return
			}
		}
		out = append(out, p)
	}
	for _, part := range regexp.MustCompile(`\s*(?:[,;|]|\s&\s|\s+and\s+|\s+And\s+|\s+AND\s+)\s*`).Split(s, -1) {
		add(part)
	}
	// An organisation name joined with "and" ("Center for Drug Evaluation and Research"):
	// when a part starts lowercase or is one word after "for/of", keep s whole instead.
	if len(out) > 1 && strings.Contains(s, " and ") && !strings.ContainsAny(s, ",;&|") {
		for _, p := range out {
			if len(strings.Fields(p)) == 1 && !isAgency(p) {
				return []string{s}
			}
		}
		low := strings.ToLower(s)
		if strings.Contains(low, " for ") || strings.Contains(low, " of ") {
			return []string{s}
		}
	}
	return out
}

// notName reports byline parts that are links or labels of an author box, not names
// ("View Full Profile", "All posts", "Member Login").
func notName(p string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if nameStops[w] {
			return true
		}
	}
	return false
}

var nameStops = setOf("us author view profile posts articles bio read more follow login logout member subscribe share menu search home sign log click")

// cutRole drops a job title glued after a name without a comma ("Jane Doe Tech
// Reporter", "John Roe Former McKinsey Consultant"): from the third word on, the first
// role word or role qualifier starts the title when a role word follows.
func cutRole(p string) string {
	ws := strings.Fields(p)
	if len(ws) < 3 {
		return p
	}
	role := -1
	for i := len(ws) - 1; i >= 2; i-- {
		if roleWords[strings.ToLower(strings.Trim(ws[i], ".,;:"))] {
			role = i
		}
	}
	if role < 0 {
		return p
	}
	for i := 2; i <= role; i++ {
		w := strings.ToLower(strings.Trim(ws[i], ".,;:"))
		if roleWords[w] || roleQualifiers[w] {
			return strings.Join(ws[:i], " ")
		}
	}
	return p
}

var roleQualifiers = setOf("senior sr lead head former staff tech technology chief managing contributing associate deputy executive assistant principal")

// validName rejects what bylines hold besides names: dates, month names, user handles
// ("brandon-peaktwo", "andrew.keaveney"), placeholders.
func validName(p string) bool {
	low := strings.ToLower(p)
	switch low {
	case "undefined", "null", "none", "nan", "n/a", "admin", "administrator":
		return false
	}
	if _, ok := parseMetaDate(p); ok {
		return false
	}
	if monthNames[strings.TrimSuffix(low, ".")] {
		return false // "March", "Sept." ("Maria" is a name)
	}
	if !strings.Contains(p, " ") && p == low && strings.ContainsAny(p, "0123456789-._") {
		return false
	}
	return true
}

var monthNames = setOf("jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december")

// credential reports a comma part of a byline that qualifies the name before it.
func credential(p string) bool {
	ws := strings.Fields(strings.NewReplacer(".", "", "-", "", "®", "").Replace(p))
	if len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		if !credentialWords[strings.ToLower(w)] && (w != strings.ToUpper(w) || len(w) > 6) {
			return false
		}
	}
	return true
}

// jobTitle reports a byline part that gives the role of the name before it
// ("Sr. Director of Operations", "Shipping Expert").
func jobTitle(p string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if roleWords[w] {
			return true
		}
	}
	return false
}

var roleWords = setOf("head reviewer journalist expert editor writer reporter correspondent director manager founder cofounder ceo cto cfo president dietitian nutritionist analyst consultant engineer representative columnist specialist coordinator officer intern professor researcher scientist physician attorney lawyer advisor adviser strategist producer photographer")

var credentialWords = setOf("phd md msc mba mph rd rdn ld cdn fand bsc ba bs jr sr mfa np rn lcsw cfa cpa esq dds")

// pickAuthors chooses the byline. A byline the page shows (an element marked author or
// byline) that reads as names comes first, since it is what readers see; then JSON-LD's
// author when it is a person, the author meta tags, JSON-LD's organisation author, and
// go-trafilatura's guess.
func pickAuthors(pm *pageMeta, ld ldArticle, trafAuthor string, site []string) []string {
	var cands [][]string
	var ldNames []string
	for _, a := range ld.authors {
		ldNames = append(ldNames, splitNames(a)...)
	}
	// JSON-LD's people, when the page's byline shows them, are the cleanest form.
	if len(ldNames) > 0 && !ld.authorsOrg {
		for _, b := range pm.bylines {
			if containsAllFold(b, ldNames) {
				return ldNames
			}
		}
	}
	var visible []string
	for _, b := range pm.bylines {
		if names := bylineNames(b); len(names) > 0 && allNamelike(names) {
			visible = names
			break
		}
	}
	if visible != nil {
		// "Jane Doe Senior Editor" when another byline element holds just "Jane Doe".
		for i, n := range visible {
			for _, b := range pm.bylines {
				if m := cleanByline(b); len(m) < len(n) && namelike(m) && strings.HasPrefix(n, m+" ") {
					visible[i] = m
					break
				}
			}
		}
		cands = append(cands, visible)
	}
	if !ld.authorsOrg {
		cands = append(cands, ldNames)
	}
	// Slack's and Twitter's card labels: twitter:label1 "Written by", twitter:data1 "Jane Doe".
	for i := 1; i <= 4; i++ {
		n := strconv.Itoa(i)
		switch strings.ToLower(strings.Trim(pm.first("twitter:label"+n), " :")) {
		case "written by", "author", "by", "authors":
			cands = append(cands, splitNames(pm.first("twitter:data"+n)))
		}
	}
	for _, k := range []string{"author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator", "byl", "citation_author"} {
		for _, v := range pm.meta[k] {
			if strings.Contains(v, "://") || strings.HasPrefix(v, "@") {
				continue
			}
			cands = append(cands, splitNames(v))
		}
	}
	if ld.authorsOrg {
		cands = append(cands, ldNames)
	}
	cands = append(cands, splitNames(strings.ReplaceAll(trafAuthor, ";", ",")))
	for _, c := range cands {
		c = dropSite(c, site)
		if len(c) > 0 && len(c) <= 8 {
			return c
		}
	}
	return nil
}

var rePossessiveSite = regexp.MustCompile(`^(.+?)['’]s\s+(?:blog|substack|newsletter|notes|site|website|weblog|journal|thoughts|homepage|home page)\b`)

// personalSite finds the author of a personal site, which names itself after its owner
// and so shows no byline: "Colin Watson's blog", or a site name that reads as a person's
// and is the site's domain too ("Polly Barks" on pollybarks.com, "Owain Brennan" on
// owain.bearblog.dev), given as og:site_name or as the <title>'s last segment.
func personalSite(pm *pageMeta, ld ldArticle, host string) string {
	var cands []string
	cands = append(cands, pm.first("og:site_name"), ld.publisher)
	t := text.Clean(pm.title)
	for _, sep := range []string{" | ", " — ", " – ", " - "} {
		if i := strings.LastIndex(t, sep); i > 0 {
			cands = append(cands, t[i+len(sep):])
			break
		}
	}
	for _, c := range cands {
		c = text.Clean(c)
		if m := rePossessiveSite.FindStringSubmatch(c); m != nil {
			if n := strings.TrimSpace(m[1]); validName(n) && len(strings.Fields(n)) <= 4 {
				return n
			}
		}
	}
	labels := strings.Split(strings.ToLower(host), ".")
	if len(labels) > 1 {
		labels = labels[:len(labels)-1] // the top-level domain
	}
	for _, c := range cands {
		c = text.Clean(c)
		if !personName(c) {
			continue
		}
		name := squash(c)
		first, last := squash(strings.Fields(c)[0]), squash(strings.Fields(c)[len(strings.Fields(c))-1])
		for _, l := range labels {
			if l = squash(l); l == name || l == first && len(l) >= 4 || l == first+last {
				return c
			}
		}
	}
	return ""
}

// personName reports two or three capitalized words made of letters (an initial with a
// period, a hyphen or an apostrophe allowed) with no word that names an organisation or
// a topic: "Pierce Freeman", "Julian K. Arni", not "Luxury Travel" or "Bread Dad" as far
// as the list of such words reaches.
func personName(s string) bool {
	ws := strings.Fields(s)
	if len(ws) < 2 || len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) || orgWords[strings.ToLower(strings.Trim(w, "."))] || len(r) > 1 && w == strings.ToUpper(w) && !strings.HasSuffix(w, ".") {
			return false
		}
		for _, c := range r {
			if !unicode.IsLetter(c) && c != '.' && c != '-' && c != '\'' && c != '’' {
				return false
			}
		}
	}
	return true
}

var orgWords = setOf("the blog news team media company inc llc ltd co corp group club press magazine journal daily times post review reviews guide guides kitchen home homes garden gardens dad mom mama papa life living travel travels studio studios shop store market labs lab digital online tech health care services service solutions center centre institute university college school academy foundation network agency partners consulting marketing design designs insurance bank finance capital law clinic hub world global international america american national city county state official report weekly monthly podcast tv radio channel games food foods coffee wine beauty fitness style fashion tips hq hotel hotels data society hospital hospitals animal animals int software systems cloud ai app apps coaching coach music gym tires tire energy series learning baking construction dental technologies technology business strategies strategy resources coverage tours tour photo photos photography art arts issue improvements faculty watch security expert builder investor depot canada talk revolution connected boom apart trails signal ritual baking babies buddha brands info")

// bylineNames reads the names of a visible byline: secondary credits ("Fact-checked by",
// "Edited by") are cut off unless the byline starts with one, a leading date before "by"
// goes, and of the parts between separators ("|", "•", "·") the first that names
// someone counts.
func bylineNames(b string) []string {
	b = text.Clean(b)
	if loc := reSecondaryCredit.FindStringIndex(b); loc != nil && loc[0] > 0 {
		b = b[:loc[0]]
	}
	if i := strings.Index(strings.ToLower(b), " by "); i > 0 {
		if _, isDate := parseMetaDate(b[:i]); isDate || len(splitNames(b[:i])) == 0 {
			b = b[i+1:]
		}
	}
	for _, part := range reBylineSep.Split(b, -1) {
		if names := splitNames(part); len(names) > 0 {
			return names
		}
	}
	return nil
}

var reSecondaryCredit = regexp.MustCompile(`(?i)\b(?:fact[- ]?checked|reviewed|medically reviewed|edited|data analysis|photos?|photography|illustrations?|graphics|video|additional reporting|contributing|produced)\s+by\b`)

var reBylineSep = regexp.MustCompile(`\s*[|•·]\s*`)

// allNamelike reports names of two to five words that start with capitals, as people's
// and organisations' names do, or a news agency.
func allNamelike(names []string) bool {
	for _, n := range names {
		if !namelike(n) {
			return false
		}
	}
	return true
}

func namelike(n string) bool {
	if isAgency(n) {
		return true
	}
	ws := strings.Fields(n)
	if len(ws) < 2 || len(ws) > 5 {
		return false
	}
	for _, w := range ws {
		r := []rune(w)
		if unicode.IsLower(r[0]) && !particles[w] {
			return false
		}
		if strings.ContainsAny(w, "0123456789@:") {
			return false
		}
	}
	return true
}

var particles = setOf("van von der de den la le da di du dos das del bin al el ibn y e")

// containsAllFold reports whether s names every one of names.
func containsAllFold(s string, names []string) bool {
	low := strings.ToLower(s)
	for _, n := range names {
		if !strings.Contains(low, strings.ToLower(n)) {
			return false
		}
	}
	return true
}

// dropSite leaves out names that are only the site's own name when a person is named too.
func dropSite(names []string, site []string) []string {
	var keep []string
	for _, n := range names {
		if len(names) > 1 && isSiteName(n, site) {
			continue
		}
		keep = append(keep, n)
	}
	return keep
}

// Dates -----------------------------------------------------------------------------

var (
	reMetaISO     = regexp.MustCompile(`(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?`)
	reMetaSlash   = regexp.MustCompile(`\b(\d{4})/(\d{1,2})/(\d{1,2})\b`)
	reMetaMDY     = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	reMetaNumeric = regexp.MustCompile(`(?:^|[^\d./-])(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:$|[^\d./-])`)
	reMetaDMY     = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b`)
	monthOf       = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
)

// parseMetaDate reads a date from a metadata value or a short visible text: ISO 8601
// (with its time and offset when given), YYYY/MM/DD, "March 5, 2024", "5 March 2024".
// Numeric day-month orders that could be read both ways are not read.
func parseMetaDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 200 {
		return time.Time{}, false
	}
	if m := reMetaISO.FindStringSubmatch(s); m != nil {
		y, mo, d := atoiSafe(m[1]), atoiSafe(m[2]), atoiSafe(m[3])
		h, mi, sec := atoiSafe(m[4]), atoiSafe(m[5]), atoiSafe(m[6])
		loc := time.UTC
		if z := m[7]; z != "" && z != "Z" {
			z = strings.Replace(z, ":", "", 1)
			off := atoiSafe(z[1:3])*3600 + atoiSafe(z[3:5])*60
			if z[0] == '-' {
				off = -off
			}
			loc = time.FixedZone("", off)
		}
		return mkDate(y, mo, d, h, mi, sec, loc)
	}
	if m := reMetaSlash.FindStringSubmatch(s); m != nil {
		return mkDate(atoiSafe(m[1]), atoiSafe(m[2]), atoiSafe(m[3]), 0, 0, 0, time.UTC)
	}
	if m := reMetaMDY.FindStringSubmatch(s); m != nil {
		return mkDate(atoiSafe(m[3]), int(monthOf[strings.ToLower(m[1])]), atoiSafe(m[2]), 0, 0, 0, time.UTC)
	}
	if m := reMetaDMY.FindStringSubmatch(s); m != nil {
		return mkDate(atoiSafe(m[3]), int(monthOf[strings.ToLower(m[2])]), atoiSafe(m[1]), 0, 0, 0, time.UTC)
	}
	if m := reMetaNumeric.FindStringSubmatch(s); m != nil {
		// "17.05.2021", "2/24/2026": read only when the order cannot be mistaken (one part
		// above 12, or both parts equal); "01-12-2021" stays unread.
		a, b := atoiSafe(m[1]), atoiSafe(m[2])
		switch {
		case a > 12 && b <= 12, a == b:
			return mkDate(atoiSafe(m[3]), b, a, 0, 0, 0, time.UTC)
		case b > 12 && a <= 12:
			return mkDate(atoiSafe(m[3]), a, b, 0, 0, 0, time.UTC)
		}
		return time.Time{}, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 631152000 && n < 4102444800 {
		return time.Unix(n, 0).UTC(), true // a Unix time in seconds (some sites' meta tags)
	}
	return time.Time{}, false
}

func mkDate(y, mo, d, h, mi, sec int, loc *time.Location) (time.Time, bool) {
	if y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, min(sec, 59), 0, loc)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

func atoiSafe(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

var publishedKeys = []string{"article:published_time", "og:published_time", "article:published", "datepublished", "published_time", "published", "pubdate", "publishdate", "publish-date", "publish_date", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dcterms.created", "dc.date", "dc.date.created", "citation_publication_date", "citation_date", "date", "article.published", "cxenseparse:recs:publishtime", "og:article:published_time"}

var modifiedKeys = []string{"article:modified_time", "updated", "og:updated_time", "article:modified", "datemodified", "modified_time", "last-modified", "dcterms.modified", "dc.date.modified", "og:article:modified_time"}

// pickDates chooses the published and modified times: JSON-LD, then meta tags, then the
// page's <time> and date-marked elements outside figures and related-item boxes, then
// go-trafilatura's (htmldate's) guess for the published one.
func pickDates(pm *pageMeta, ld ldArticle, traf time.Time) (pub, mod time.Time) {
	pick := func(vals ...string) time.Time {
		for _, v := range vals {
			if t, ok := parseMetaDate(v); ok {
				return t
			}
		}
		return time.Time{}
	}
	var metaPub, metaMod []string
	for _, k := range publishedKeys {
		metaPub = append(metaPub, pm.meta[k]...)
	}
	for _, k := range modifiedKeys {
		metaMod = append(metaMod, pm.meta[k]...)
	}
	var timePub, timeMod, timeAny, timeEarly []string
	head := headlineOrder(pm)
	updated := func(low string) bool {
		return strings.Contains(low, "updated") || strings.Contains(low, "modified") || strings.Contains(low, "revised") || strings.Contains(low, "reviewed")
	}
	for i, t := range pm.times {
		kind := t.kind
		low := strings.ToLower(t.text)
		// A date inside an "Updated: ..." element (its own <time>, nested) is the update's.
		inUpdated := false
		for j := max(0, i-3); j < i; j++ {
			if p := strings.ToLower(pm.times[j].text); updated(p) && len(t.text) >= 6 && strings.Contains(p, low) {
				inUpdated = true
			}
		}
		switch {
		case updated(low), inUpdated:
			kind = "modified"
		case strings.Contains(low, "published"), strings.Contains(low, "posted"):
			kind = "published"
		}
		switch {
		case kind != "modified" && t.order < head:
			// Above the headline: a ticker's or a header's date more often than the article's.
			timeEarly = append(timeEarly, t.value, t.text)
		case kind == "published":
			timePub = append(timePub, t.value, t.text)
		case kind == "modified":
			timeMod = append(timeMod, t.value, t.text)
		default:
			timeAny = append(timeAny, t.value, t.text)
		}
	}
	// What the page shows as its publication date comes first: metadata is often the
	// first draft's or the CMS import's date.
	pub = pick(timePub...)
	// An earlier date in the metadata than the one shown: the page shows its last
	// revision's date without saying so (WordPress themes print the modified date in an
	// "entry-date published" element); the metadata keeps the first publication.
	if meta := pick(append([]string{ld.published}, metaPub...)...); pub.IsZero() || !meta.IsZero() && meta.Before(pub.Add(-48*time.Hour)) {
		if !meta.IsZero() {
			pub = meta
		}
	}
	if pub.IsZero() {
		pub = pick(append(timeAny, timeEarly...)...)
	}
	if pub.IsZero() {
		// A date shown as text under the headline is the page's own statement; htmldate's
		// guess (go-trafilatura's) reads ambiguous numeric dates one fixed way.
		pub = visibleDate(pm, true)
	}
	if pub.IsZero() && !traf.IsZero() {
		pub = traf
	}
	if pub.IsZero() {
		pub = visibleDate(pm, false)
	}
	mod = pick(timeMod...)
	if mod.IsZero() {
		mod = pick(append([]string{ld.modified}, metaMod...)...)
	}
	if !mod.IsZero() && !pub.IsZero() && mod.Before(pub) {
		mod = time.Time{}
	}
	return pub, mod
}

// visibleDate reads the first date the page shows as text after its first headline
// (before it: a header's or a menu's), else the first one at all.
func visibleDate(pm *pageMeta, afterHeadline bool) time.Time {
	passes := []int{0}
	if afterHeadline {
		passes = []int{headlineOrder(pm)}
		if passes[0] == 0 {
			return time.Time{}
		}
	}
	for _, pass := range passes {
		for _, t := range pm.textDates {
			if t.order < pass {
				continue
			}
			if d, ok := parseMetaDate(t.value); ok {
				return d
			}
		}
	}
	return time.Time{}
}

// headlineOrder is the document position of the page's first headline outside its chrome,
// 0 when it has none.
func headlineOrder(pm *pageMeta) int {
	for _, h := range pm.h1 {
		if !h.chrom {
			return h.order
		}
	}
	return 0
}

// notArticle says why a page looks like a home page or a listing rather than one article,
// or "" when it looks like an article.
func notArticle(pm *pageMeta, ld ldArticle, a *news.Article) string {
	if !ld.found && ld.pageType != "" && ld.pageType != "webpage" {
		return "its JSON-LD calls it a " + ld.pageType
	}
	words := 0
	for _, p := range a.Paragraphs {
		words += len(strings.Fields(p))
	}
	ogType := strings.ToLower(pm.first("og:type"))
	if u, err := url.Parse(a.URL); err == nil && u.Host != "" && (u.Path == "" || u.Path == "/") && u.RawQuery == "" && ogType != "article" && !ld.found {
		return "it is the site's home page"
	}
	if words < 150 && pm.links > 40 && pm.links > words/3 && !ld.found && ogType != "article" {
		return fmt.Sprintf("%d words of text among %d links", words, pm.links)
	}
	return ""
}
