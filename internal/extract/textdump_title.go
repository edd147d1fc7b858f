package extract

import (
	"math"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/text"
)

// pickDumpTitle chooses the headline among the lines above the body (and the first lines of
// it). A headline is a short line that is not a sentence run-on nor page furniture, close
// above the body, whose words recur in the body, often capitalized, and often printed twice
// (breadcrumb and heading). It returns -1 when no line qualifies.
func pickDumpTitle(lines []dumpLine, bodyStart, end int, slug map[string]bool) int {
	vocab := bodyVocab(lines, bodyStart, end)
	best, bestAt := 0.0, -1
	lo := max(0, bodyStart-80)
	dist := 0.0 // how much lies between the candidate and the body
	// The headline may open the body run, printed twice (breadcrumb, heading).
	prose := 0
	for i := bodyStart; i < len(lines) && i <= bodyStart+5 && i <= end; i++ {
		// A breadcrumb's last item (a bullet) or a short standfirst may come first; the
		// article's running text ends the search.
		if l := &lines[i]; l.prose() && !l.bullet {
			if prose++; l.words > 25 || prose > 1 {
				break
			}
			if strings.HasSuffix(l.text, ".") && l.words >= 12 {
				continue // a standfirst sentence, not a headline
			}
		}
		if s, ok := titleScore(&lines[i], vocab); ok {
			s += slugScore(&lines[i], slug)
			if metaFollows(lines, i) {
				s += 3
			}
			if s > best {
				best, bestAt = s, i
			}
		}
	}
	for i := min(bodyStart-1, len(lines)-1); i >= lo; i-- {
		l := &lines[i]
		if i < bodyStart {
			switch {
			case l.cls != clsUnknown || looksLikeName(l):
				dist += 0.03
			case l.prose():
				dist += 0.5
			default:
				dist += 0.12
			}
		}
		s, ok := titleScore(l, vocab)
		if !ok {
			continue
		}
		s -= dist
		s += slugScore(l, slug)
		if metaFollows(lines, i) {
			s += 3
		}
		if s > best {
			best, bestAt = s, i
		}
	}
	return bestAt
}

// titleScore rates one line as a headline; ok is false when it cannot be one.
func titleScore(l *dumpLine, vocab map[string]int) (float64, bool) {
	if l.cls != clsUnknown || l.barrier || l.words < 2 || l.words > 30 || len(l.text) > 250 {
		return 0, false
	}
	if strings.HasSuffix(l.text, ":") || strings.HasSuffix(l.text, ",") || looksLikeName(l) || reNotTitle.MatchString(l.text) {
		return 0, false
	}
	if l.bullet {
		return 0, false
	}
	s := 4.0
	ws := text.Words(l.text)
	content, known := 0, 0
	tf := 0.0
	for _, w := range ws {
		if isFunctionWord(w) {
			continue
		}
		content++
		if n := vocab[stem(w)]; n > 0 {
			known++
			tf += min(math.Log2(1+float64(n)), 3)
		}
	}
	if content == 0 {
		return 0, false
	}
	s += 3*float64(known)/float64(content) + min(tf, 12)
	caps, n := 0, 0
	for _, w := range strings.Fields(l.text) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		n++
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			caps++
		}
	}
	if n > 0 && caps*10 >= n*6 {
		s += 1.5
	}
	if l.repeat >= 2 && l.repeat <= 3 {
		s += 1.5
	}
	switch {
	case l.words < 3:
		s -= 3
	case l.words > 20:
		s -= 2
	}
	if l.prose() && l.ends {
		s -= 4
	} else if strings.HasSuffix(l.text, ".") {
		s -= 3
	}
	if l.bullet {
		s -= 2
	}
	if l.inRun {
		s -= 1
	}
	return s, true
}

// metaFollows reports a byline, a date or a reading time among the few lines after line i:
// what follows a headline.
func metaFollows(lines []dumpLine, i int) bool {
	for k := i + 1; k < len(lines) && k <= i+5; k++ {
		l := &lines[k]
		if l.cls == clsByline || l.cls == clsDate || looksLikeName(l) || reMetaLine.MatchString(l.text) {
			return true
		}
		if l.prose() {
			return false
		}
	}
	return false
}

var reMetaLine = regexp.MustCompile(`(?i)^(written by|by\b|posted|published|updated|last updated|\d+ min(ute)?s? read|reading time)`)

// reNotTitle: lines that sit where headlines do but are labels, prompts or placeholders.
var reNotTitle = regexp.MustCompile(`(?i)^(picture of|photo of|image of|avatar|logo|icon\b|fact checked|reviewed by|medically reviewed|edited by|updated|published|posted|reading time|\d+ min(ute)?s? read|table of contents|in this article|on this page|key takeaways|summary|overview|contents|book a demo|get a (demo|quote)|request a demo|free trial|start (your|a) free|get started|learn more|existing user|breadcrumb|you are here)`)

// bodyVocab is the set of content words of the body's prose.
func bodyVocab(lines []dumpLine, from, to int) map[string]int {
	v := map[string]int{}
	n := 0
	for i := max(0, from); i <= to && i < len(lines) && n < 3000; i++ {
		if lines[i].cls != clsUnknown {
			continue
		}
		for _, w := range text.Words(lines[i].text) {
			n++
			if !isFunctionWord(w) {
				v[stem(w)]++
			}
		}
	}
	return v
}

// stem folds plural and simple inflections so that "trends" in a headline meets "trend" in
// the body.
func stem(w string) string {
	for _, suf := range []string{"ies", "es", "s", "ing", "ed"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// reCrumbSep separates the parts of a breadcrumb or a "Site | Section | Headline" line.
var reCrumbSep = regexp.MustCompile(`\s+(?:\||>|»|›|/)\s+`)

// cleanTitle strips what a text browser glues to a headline: image placeholders, a
// breadcrumb trail before it, a date in front.
func cleanTitle(t string) string {
	t = stripPlaceholders(t)
	if parts := reCrumbSep.Split(t, -1); len(parts) >= 3 {
		t = strings.TrimSpace(parts[len(parts)-1])
	}
	if d, ok := parseDate(t); ok && strings.HasPrefix(t, d.raw) && len(t) > len(d.raw)+10 {
		t = strings.TrimLeft(t[len(d.raw):], " -–—|•·:")
	}
	return t
}

// urlSlug is the set of content words of a page address's last wordy path segment
// ("/blog/best-language-learning-app/" gives best, language, learning, app), stemmed: sites
// name an article's address after its headline. nil when the address has no such segment
// (a numeric id, a bare domain).
func urlSlug(u string) map[string]bool {
	pu, err := url.Parse(strings.TrimSpace(u))
	if err != nil || pu.Path == "" {
		return nil
	}
	segs := strings.Split(pu.Path, "/")
	for i := len(segs) - 1; i >= 0; i-- {
		seg := reURLExt.ReplaceAllString(strings.ToLower(segs[i]), "")
		words := strings.FieldsFunc(seg, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		out := map[string]bool{}
		letters := 0
		for _, w := range words {
			if isAllDigits(w) && len(w) != 4 || len(words) == 1 && len(w) > 30 || idLike(w) {
				continue // an id, not a word of the headline
			}
			if !isAllDigits(w) {
				letters++
			}
			if !isFunctionWord(w) {
				out[stem(w)] = true
			}
		}
		if letters >= 2 && len(out) >= 2 {
			return out
		}
	}
	return nil
}

var reURLExt = regexp.MustCompile(`\.(html?|php\d?|aspx?|jsp|cfm|shtml)$`)

// idLike reports a hash or id glued into an address ("8f3a9c2e1b7d4"): long, letters and
// digits mixed.
func idLike(w string) bool {
	return len(w) >= 7 && strings.ContainsAny(w, "0123456789") && !isAllDigits(w)
}

func isAllDigits(w string) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return w != ""
}

// slugScore is what a candidate headline gains from naming the words of the page's
// address: the share of the slug's words it holds.
func slugScore(l *dumpLine, slug map[string]bool) float64 {
	if len(slug) < 2 {
		return 0
	}
	have := map[string]bool{}
	for _, w := range text.Words(l.text) {
		have[stem(w)] = true
	}
	n := 0
	for w := range slug {
		if have[w] {
			n++
		}
	}
	return 10 * float64(n) / float64(len(slug))
}

// headlineInRun finds a headline inside the first half of the body run (past its first
// lines, which pickDumpTitle weighs): a headline-shaped line holding most of the words of
// the page's address, followed by a byline, a date or a reading time. -1 when none.
func headlineInRun(lines []dumpLine, from, end int, slug map[string]bool) int {
	if len(slug) < 2 {
		return -1
	}
	for i := from + 4; i <= from+(end-from)/2; i++ {
		l := &lines[i]
		if l.prose() && l.ends || !headline(l) || slugScore(l, slug) < 9 {
			continue
		}
		if _, ok := titleScore(l, nil); !ok {
			continue
		}
		for k := i + 1; k < len(lines) && k <= i+3; k++ {
			m := &lines[k]
			if m.cls == clsByline || m.cls == clsDate || reMetaLine.MatchString(m.text) && !m.prose() {
				return i
			}
		}
	}
	return -1
}

// trimTitleSite drops what a page's title line adds to the headline: a copy of it glued
// on ("Guide 2025Guide 2025"), a "| Section" or "| Site" tail, or a "– Site" tail naming
// the site (site is the page's domain). A dash tail that is not the site's name may be
// part of the headline and stays.
func trimTitleSite(t, site string) string {
	t = undouble(t)
	if i := strings.LastIndex(t, " | "); i > 0 && len(strings.Fields(t[:i])) >= 3 && len(strings.Fields(t[i+3:])) <= 6 {
		return strings.TrimSpace(t[:i])
	}
	for _, sep := range []string{" – ", " — ", " - "} {
		if i := strings.LastIndex(t, sep); i > 0 && len(strings.Fields(t[:i])) >= 3 && site != "" && outletName(t[i+len(sep):], site) {
			return strings.TrimSpace(t[:i])
		}
	}
	return t
}
