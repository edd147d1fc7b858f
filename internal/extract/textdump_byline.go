package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bylines in text dumps come in many shapes: "By Jane Doe", "ByJane DoeMar 5, 2025 | 6
// comments", "September 1st, 2023 By Emily Norwood", "Written by" above a bare name, "Jane
// Doe July 13, 2025 — 7 minutes read", or a bare name next to the date. findAuthors reads
// them from the lines around the headline.

var (
	// A "by" that starts a byline: at the start of the line, after a date or separator, or
	// glued to the name ("ByNina Pineda").
	reByAny   = regexp.MustCompile(`(?:^|[\s\d|•·,:;)\]])(?:(?:written|posted|reported|story|words|text|reviewed|edited|compiled)\s+)?[Bb][Yy]\s*[:\-–]?\s*`)
	reByGlued = regexp.MustCompile(`^(?:[Ww]ritten |[Pp]osted )?By(\p{Lu})`)
	// A labelled byline: "Author: Jane Doe".
	reAuthorLbl = regexp.MustCompile(`(?i)^(?:authors?|written by|posted by|reporter|byline|words)\s*[:|]\s*(.+)$`)
	// A label standing alone whose name follows on the next line.
	reByLabel = regexp.MustCompile(`(?i)^(by|written by|posted by|author|authors|words by|story by|reporter|about the author)\s*:?$`)
	// What makes a "by" name someone else than the author.
	reNotAuthorBy = regexp.MustCompile(`(?i)(reviewed|edited|fact[- ]?checked|checked|photos?|photographs?|images?|illustrations?|illustrated|video|produced|translated|designed|powered|hosted|sponsored|presented|brought to you)\s*(by)?\s*[:\-–]?\s*$`)
	// Where a byline's names end.
	reByEnd = regexp.MustCompile(`\s*(\||•|·|—|–|\s-\s|\(|\d|\bon\s|\bin\s\p{Lu}|\b(?:Updated|Published|Posted|Last|Reviewed|Fact|Edited|Follow|Share|Image|Photo|Logo|logo|Contributor|Staff Writer|Senior|Editor|Reporter|Writer|Correspondent|Columnist|Expert|Founder|Co-Founder|CEO|COO|Director|Manager|Specialist|Head of)\b|(?i:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d))`)
	// Words that make a short capitalized line a label, not a name.
	reNotName = regexp.MustCompile(`(?i)\b(page|contents|trial|caption|logo|select|related|show|hide|home|blog|news|menu|search|login|log in|sign|subscribe|partner|partnerships|education|services?|products?|solutions?|resources?|learn|about|contact|privacy|terms|more|read|view|share|follow|download|free|start|get|book|demo|recent|latest|popular|featured|center|centre|company|information|benchmarks|quarterly|travel|power|devices|banks|outdoor|favorites|compliance|recruitment|guide|guides|please|wait|features|awards|events?|categories|category|tags?|topics?|video|videos|photos?|images?|gallery|podcast|newsletter|shop|store|cart|account|support|help|faq|careers|jobs|team|staff picks|editor'?s picks|table|overview|summary|introduction|conclusion|references|sources|disclaimer|sponsored|advertisement|takeaways|join|now|insights?|courses?|strategy|analytics|skills|magazine|calculator|release|appointment|quote|request)\b`)
	// Credentials that follow a name after a comma ("Jane Doe, MD, PhD").
	reCredential = regexp.MustCompile(`^(?:[A-Z][A-Za-z]{0,2}\.?){1,4}$|^[A-Z]{2,6}$|^Ph\.?D\.?$|^Jr\.?$|^Sr\.?$|^I{1,3}V?$`)
)

// findAuthors returns the byline's names near the headline (titleAt) and the top of the
// body, people and agencies apart: "By Reuters and ILH Staff" gives two.
func findAuthors(lines []dumpLine, lower map[string]bool, titleAt, bodyStart, end int) []string {
	from, to := max(0, min(titleAt-6, bodyStart-12)), min(len(lines)-1, max(bodyStart+4, titleAt+10))
	// Labelled bylines first, nearest the headline first. The body run may start well
	// below the real top of the article (a table of contents, an intro the scorer did not
	// take), so when none is near, they are looked for further up.
	if names := labelledByline(lines, from, to, titleAt); names != nil {
		return names
	}
	// A bare name, or a name before a date, next to other byline furniture.
	for i := from; i <= to; i++ {
		l := &lines[i]
		if l.cls == clsCaption || l.cls == clsBoiler || l.cls == clsTags || l.words > 14 || i == titleAt {
			continue
		}
		t := stripPlaceholders(l.text)
		if d, ok := parseDate(t); ok {
			if k := strings.Index(t, d.raw); k > 0 {
				t = strings.TrimSpace(t[:k])
			} else {
				continue
			}
		} else if !nearMeta(lines, i, titleAt) {
			continue
		}
		if name := bareName(t, lower); name != "" {
			return []string{name}
		}
	}
	if names := labelledByline(lines, max(0, bodyStart-60), from-1, titleAt); names != nil {
		return names
	}
	// An author box after the article: "Written by Jane Doe" below its last paragraph.
	// Only full names count there: a single word after "by" is as often "by appointment".
	if full := fullNames(labelledByline(lines, max(to+1, end-3), min(len(lines)-1, end+25), end)); full != nil {
		return full
	}
	// Last, a short "By Jane Doe" line anywhere above the article's end (its headline may
	// have been missed), nearest the headline first.
	var short []dumpLine
	for i := 0; i <= end && i < len(lines); i++ {
		l := lines[i]
		if l.words > 14 || l.prose() || i >= from && i <= to {
			l.cls = clsCaption // skipped by labelledByline
		}
		short = append(short, l)
	}
	return fullNames(labelledByline(short, 0, len(short)-1, titleAt))
}

// fullNames keeps the names of two words or more.
func fullNames(names []string) []string {
	var full []string
	for _, n := range names {
		if len(strings.Fields(n)) >= 2 {
			full = append(full, n)
		}
	}
	return full
}

// labelledByline returns the names of the "By ..." line in lines[from..to] nearest to
// line near.
func labelledByline(lines []dumpLine, from, to, near int) []string {
	best, bestDist := []string(nil), 1<<30
	for i := from; i <= to; i++ {
		l := &lines[i]
		if l.cls == clsCaption || l.cls == clsTags || l.words > 30 || l.prose() && l.ends {
			continue
		}
		var names []string
		t := stripPlaceholders(l.text)
		if reByLabel.MatchString(t) && i+1 < len(lines) {
			names = dumpBylineNames(stripPlaceholders(lines[i+1].text), true)
		} else if m := reAuthorLbl.FindStringSubmatch(t); m != nil {
			names = dumpBylineNames(m[1], true)
		} else if rest, ok := afterBy(t); ok {
			names = dumpBylineNames(rest, true)
		}
		if len(names) == 0 {
			continue
		}
		if d := abs(i - near); d < bestDist {
			best, bestDist = names, d
		}
	}
	return best
}

// afterBy returns what follows a "by" that opens a byline in t.
func afterBy(t string) (string, bool) {
	if m := reByGlued.FindStringSubmatchIndex(t); m != nil {
		return t[m[2]:], true
	}
	m := reByAny.FindStringIndex(t)
	if m == nil {
		return "", false
	}
	// A reviewer, an editor, a photographer or a fact-checker is not the author.
	if reNotAuthorBy.MatchString(t[:m[1]]) {
		return "", false
	}
	// "by" inside a sentence ("caused by the storm") is no byline: what precedes must be
	// a date, a label or nothing much.
	pre := strings.TrimSpace(t[:m[0]])
	if pre != "" {
		// A capital "By" after a finished sentence opens a byline too (a standfirst and
		// its byline printed on one line).
		sentence := strings.HasSuffix(pre, ".") && strings.HasPrefix(strings.TrimSpace(t[m[0]:]), "By")
		if _, ok := parseDate(pre); !ok && !sentence && len(strings.Fields(pre)) > 2 && !strings.ContainsAny(pre, "|•·") {
			return "", false
		}
	}
	return t[m[1]:], true
}

// dumpBylineNames cuts the names out of the text after "by": up to the first separator, date
// or role, split at "and", "&" and commas, credentials kept with their name.
func dumpBylineNames(s string, labelled bool) []string {
	s = strings.TrimSpace(s)
	if loc := reByEnd.FindStringIndex(s); loc != nil {
		s = s[:loc[0]]
	}
	// A date glued to the name: "Kathryn GiuffridaMar 5" was cut at "Mar 5"; a lowercase
	// letter followed by a capital inside a word marks other glued text ("Boucher" "In").
	s = cutGlued(s)
	s = strings.NewReplacer(" and ", "\x00", " And ", "\x00", " & ", "\x00", ";", "\x00").Replace(s)
	var out []string
	for _, grp := range strings.Split(s, "\x00") {
		for _, p := range strings.Split(grp, ",") {
			p = strings.Trim(strings.TrimSpace(p), " .:-–—")
			if p == "" {
				continue
			}
			if reCredential.MatchString(p) && len(out) > 0 {
				out[len(out)-1] += ", " + p
				continue
			}
			if !plausibleName(p, labelled) {
				continue
			}
			if !hasFold(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// cutGlued cuts s where a lowercase letter runs into a capital inside a word
// ("Gabby BoucherIn Budget Travel" -> "Gabby Boucher"), except in name forms like
// "McCarthy" and "DeSiato" (a short capitalized prefix).
func cutGlued(s string) string {
	rs := []rune(s)
	wordStart := 0
	for i := 1; i < len(rs); i++ {
		if unicode.IsSpace(rs[i-1]) {
			wordStart = i
		}
		if unicode.IsLower(rs[i-1]) && unicode.IsUpper(rs[i]) && i-wordStart > 3 {
			return strings.TrimSpace(string(rs[:i]))
		}
	}
	return s
}

// plausibleName: one to five words, capitalized (or a single handle after "by"), no
// label words.
func plausibleName(p string, labelled bool) bool {
	ws := strings.Fields(p)
	if len(ws) == 0 || len(ws) > 5 || len(p) > 60 || reNotName.MatchString(p) {
		return false
	}
	if len(ws) == 1 {
		r, _ := utf8.DecodeRuneInString(p)
		return labelled && (unicode.IsLetter(r) || unicode.IsDigit(r)) && !isFunctionWord(strings.ToLower(p))
	}
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !isParticle(w) {
			return false
		}
	}
	return true
}

// isParticle: lowercase parts of names ("de", "van", "al").
func isParticle(w string) bool {
	switch w {
	case "de", "da", "del", "della", "di", "van", "von", "der", "den", "la", "le", "al", "el", "bin", "ibn", "du", "dos", "das":
		return true
	}
	return false
}

// bareName returns t when it reads as a person's name alone.
func bareName(t string, lower map[string]bool) string {
	t = strings.Trim(t, " .,:;-–—|•·")
	ws := strings.Fields(t)
	if len(ws) < 2 || len(ws) > 4 || !plausibleName(t, false) {
		return ""
	}
	common := 0
	for _, w := range ws {
		if lower[strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }))] {
			common++
		}
	}
	if common > len(ws)/2 {
		return ""
	}
	for _, w := range ws {
		for _, c := range w {
			if !unicode.IsLetter(c) && c != '.' && c != '-' && c != '\'' && c != '’' {
				return ""
			}
		}
	}
	return t
}

// nearMeta reports byline furniture within two lines of i: a date, a reading time, a
// "By" label, an avatar ("Picture of ..."), or the headline just above.
func nearMeta(lines []dumpLine, i, titleAt int) bool {
	if i > titleAt && i <= titleAt+3 {
		return true
	}
	for k := max(0, i-2); k <= i+2 && k < len(lines); k++ {
		if k == i {
			continue
		}
		t := lines[k].text
		if lines[k].cls == clsDate || reMetaLine.MatchString(t) || reByLabel.MatchString(t) || reAvatar.MatchString(t) {
			return true
		}
		if _, ok := parseDate(t); ok && lines[k].words <= 12 {
			return true
		}
	}
	return false
}

var reAvatar = regexp.MustCompile(`(?i)^(picture|photo|image|avatar|headshot|portrait) of\b|\bavatar\b`)

// stripPlaceholders removes what a text browser prints for images ("[Denise_Eve] ").
func stripPlaceholders(s string) string {
	return strings.TrimSpace(rePlaceholderIn.ReplaceAllString(s, " "))
}

var rePlaceholderIn = regexp.MustCompile(`\[[^\]\s]{0,60}\]`)

func hasFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// tidyAuthors mends what a text browser and the page layout glue to a byline's names: a
// name printed twice ("Colin Gray Colin Gray", "Irene OkpanachiIrene Okpanachi"), an
// outlet's acronym or a role after it ("Nina Pineda WABC", "Will Judd Former Deputy
// Tech"), a label before it ("Author Tuhin Bhatt"), a role standing as a name of its own
// ("Tracy Parker; Dietitian") and the outlet itself next to a person (site is the page's
// domain).
func tidyAuthors(names []string, site string) []string {
	var out []string
	for _, n := range names {
		n = undouble(n)
		ws := strings.Fields(n)
		if len(ws) >= 2 && strings.EqualFold(ws[0], "author") {
			ws = ws[1:]
		}
		for k := 2; k < len(ws); k++ {
			if lw := strings.ToLower(ws[k]); bylineTail[lw] || jobWords[lw] || acronym(ws[k]) {
				ws = ws[:k]
				break
			}
		}
		n = strings.Join(ws, " ")
		if n != "" && !hasFold(out, n) {
			out = append(out, n)
		}
	}
	if len(out) < 2 {
		return out
	}
	kept := out[:0]
	for _, n := range out {
		if roleOnly(n) || site != "" && outletName(n, site) {
			continue
		}
		kept = append(kept, n)
	}
	if len(kept) == 0 {
		return out[:1]
	}
	return kept
}

// undouble returns the first half of a text printed twice, with or without a space
// between the copies.
func undouble(s string) string {
	s = strings.TrimSpace(s)
	h := len(s) / 2
	if len(s) >= 6 && len(s)%2 == 0 && s[:h] == s[h:] {
		return s[:h]
	}
	if len(s) >= 7 && len(s)%2 == 1 && s[h] == ' ' && s[:h] == s[h+1:] {
		return s[:h]
	}
	return s
}

// bylineTail are the words after a name that start something else: a role, a date label,
// a glued preposition.
var bylineTail = map[string]bool{"updated": true, "published": true, "posted": true, "in": true, "on": true, "at": true, "former": true, "executive": true, "senior": true, "deputy": true, "chief": true, "staff": true, "editor": true, "writer": true, "reporter": true, "contributor": true, "correspondent": true, "journalist": true, "columnist": true}

// acronym reports an all-capitals word of two letters or more ("WABC", "USA"): an outlet
// or a desk after a name, not part of it.
func acronym(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2
}

// roleOnly reports a "name" that is only a job ("Journalist", "Dietitian").
func roleOnly(n string) bool {
	ws := strings.Fields(strings.ToLower(n))
	if len(ws) == 0 || len(ws) > 2 {
		return false
	}
	for _, w := range ws {
		if !jobWords[w] {
			return false
		}
	}
	return true
}

var jobWords = map[string]bool{"journalist": true, "reporter": true, "writer": true, "editor": true, "dietitian": true, "nutritionist": true, "gardener": true, "astrologer": true, "contributor": true, "correspondent": true, "columnist": true, "author": true, "staff": true, "photographer": true, "expert": true, "analyst": true, "consultant": true, "senior": true, "freelance": true}

// outletName reports whether n names the site itself ("The Hechinger Report" on
// hechingerreport.org).
func outletName(n, site string) bool {
	label := site
	if i := strings.IndexByte(label, '.'); i > 0 {
		label = label[:i]
	}
	var b strings.Builder
	for _, w := range strings.Fields(strings.ToLower(n)) {
		if w == "the" {
			continue
		}
		for _, r := range w {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
	}
	return len(label) >= 4 && b.String() == strings.ReplaceAll(label, "-", "")
}
