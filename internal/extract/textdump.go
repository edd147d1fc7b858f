package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// A text dump is a whole page as a text browser prints it: one paragraph per line, menus,
// share buttons, related links and footers included. Its lines are classified from text
// cues alone: bullets, runs of short lines, function-word ratio, sentence punctuation,
// lines repeated on the page, known boilerplate phrases, and position relative to the
// densest run of prose. The body is the best-scoring run of lines (a maximum-sum segment),
// cleaned of the widgets inside it; the header above it gives title, standfirst, byline
// and dates.

// class is what a line of a dump is.
type class uint8

const (
	clsUnknown class = iota
	clsBoiler        // share buttons, menus, subscription prompts, footers
	clsNoise         // no words: audio-player clocks, separators
	clsCaption       // an image caption or its copy without credit
	clsByline
	clsDate
	clsTags
	clsAlt // an image's alt text printed as a line: "Screenshot of the settings page"
)

// dumpLine is one non-blank line of a dump with its cues.
type dumpLine struct {
	text    string // cleaned, bullet marker removed
	indent  int    // leading spaces as printed (a tab counts 8)
	deep    bool   // indented well past the column of the page's prose, not a list item
	bullet  bool
	words   int
	stop    float64 // share of function words
	ends    bool    // ends like a sentence
	repeat  int     // how many lines of the page have the same text
	site    int     // how many earlier documents of the same site hold the line
	inRun   bool    // part of a run of >= 3 short lines (a menu)
	navRun  bool    // in a run whose lines read like links: one or two words, or Title Case
	label   bool    // repeated on the page but each time among other lines: a section label ("Pros")
	listed  bool    // a heading whose only other copies are list items (a table of contents)
	barrier bool    // a heading that ends an article ("Related posts")
	inline  bool    // a barrier that may be an inline widget: "Related", "You may also like"
	common  int     // how many of its words the page's prose writes in lowercase
	cls     class
	caption news.Caption
}

var (
	reBullet = regexp.MustCompile(`^\s*(?:[•*\-–□◦▪●○·+»›>]|\d{1,2}[.)])\s+`)
	// Phrases that mark a line as page furniture; matched on short lines only.
	reBoiler = regexp.MustCompile(`(?i)\b(share (on|this|via|article|story)|^\d*\s*shares?$|^share\b|tweet\b|follow (us|@|\w+( \w+)? on (facebook|twitter|instagram|x|telegram|google))|subscribe|newsletter|related (posts?|articles?|stories|content|topics|coverage)|all rights reserved|copyright|click (here|the|to)|sign (up|in)|log ?in\b|register\b|advertisement|advertising|^ad$|cookies?\b|privacy( policy)?|terms (of|and) (use|service|conditions)|send in e-?mail|e-?mail this|print this|read more|read next|more from|you may (also )?like|you might (also )?like|recommended|most (popular|read|viewed)|trending|comments?\b|\breply\b|flag as|\bsays:$|leave a (comment|reply)|skip to|back to top|loading|don'?t miss|sponsored|download (the|our) app|contact us|about us|^(whatsapp|linkedin|pinterest|reddit|facebook|twitter|instagram|youtube|tiktok|telegram|x|threads|bluesky|email|e-mail|print|copy)$|copy link|listen to (this|the) article|min(ute)? read|^menu$|^search\b|^home\b|^next\b|^previous\b|^close\b|cancel reply|powered by|hosted by|\bsubmit\b)`)
	// Lines that close an article when they stand alone.
	reBarrier = regexp.MustCompile(`(?i)^(related( posts?| articles?| stories| content| news| reading| topics| videos)?|you (may|might|will) (also )?(like|enjoy|be interested in)|more (stories|news|articles|videos|posts|reads|like this|to (read|explore)|from [\w ]+|in [\w ]+|on [\w ]+)|recommended( for you| reading| articles| stories)?|(\d+ )?(comments?|responses?|replies)|leave a (reply|comment)|join the (discussion|conversation)|most (popular|read|viewed|shared)|popular (posts|stories|articles|now)|recent (posts|articles|stories)|latest (posts|news|stories|articles)|about the authors?|read (this |them |more |it )?(next|all)|all reads on this topic|also read|keep reading|further reading|trending( now| stories)?|what to read next|up next|next (article|post|story)|previous (article|post|story)|if you liked this|you may have missed|editor'?s picks|don'?t miss( these)?|end of (the )?article|explore more|similar (posts|articles|stories)|like this)\W*$`)
	// The label of an author box: "Written by", "About the author".
	reAuthorBox = regexp.MustCompile(`(?i)^(written by|about the authors?|meet the authors?)\W*$`)
	// The barriers that pages also print as a widget inside the article, which goes on
	// below it.
	reInlineWidget = regexp.MustCompile(`(?i)^(related|you (may|might|will)|more (stories|news|articles|reads|like this|to read)|recommended|also read|read (this |more |it )?next|trending|popular|latest|recent|editor|don'?t miss|keep reading|further reading|up next|explore more|similar)`)
	// A comment's header: "[avatar]Name says", "Name says:".
	reCommentHead = regexp.MustCompile(`^(\W*\[[^\]]*\])*\s*\p{Lu}[\pL.'’-]*(\s+\p{Lu}[\pL.'’-]*){0,3}\s+(says|said|wrote|replied|Says|Said|Wrote|Replied)\s*:?$`)
	// The heading of a comment thread: "3 thoughts on “Title”", "12 responses to ...".
	reCommentsHead = regexp.MustCompile(`(?i)^(\d+|one|two|three) (thoughts?|responses?|comments?|replies) (on|to) `)
	// An image's alt text: "Screenshot of ...", "A headshot of ...", "Diagram showing ...".
	reAlt = regexp.MustCompile(`(?i)^(an? |the |two |three )?(screenshot|diagram|infographic|illustration|image|photo|photograph|picture|graphic|chart|logo|icon|headshot|portrait|close-?up|banner|thumbnail)s?( of| showing| that shows| with| featuring| titled| depicting|:)\s`)
	// Post-to-post navigation ("← Older post", "Next post →") and form fields ("Email*").
	reNavLine    = regexp.MustCompile(`^(←|«|‹)\s|\s(→|»|›)$|^[\pL ]{1,30}\*$|(?i)^this field is for validation|^article image for:`)
	rePromo      = regexp.MustCompile(`[?!.:]\s+(LISTEN|WATCH|READ|VIDEO|PODCAST|READ MORE)\s*$|^(READ MORE|Read more|ALSO READ|Also read|Related|RELATED|See also|SEE ALSO|Watch|WATCH|Listen|LISTEN)\s*:`)
	reCaption    = regexp.MustCompile(`(?i)(photo(?:graph)?s?|images?|pictures?|credits?|photo credit|image credit|illustration|source)\s*:\s*|\((?:photo|image|picture)s?(?: by| credit)?:?\s+`)
	reByline     = regexp.MustCompile(`(?i)^(?:written |posted |reported |story |words |text )?by[:\s]\s*(.+)$|^(?:author|authors|written by|reporter|byline)\s*[:|]\s*(.+)$`)
	reDateLblAny = regexp.MustCompile(`(?i)(published|posted|updated|modified|edited|date)\W*(on|at)?\W*$`)
	reDateLbl    = regexp.MustCompile(`(?i)^(?:(?:first )?published(?: on| at)?|posted(?: on| at)?|updated(?: on| at)?|last (?:modified|updated)(?: on| at)?|modified(?: on| at)?|date)\s*:?\s*`)
	reTags       = regexp.MustCompile(`(?i)^(?:tags|tagged|tagged with|topics|filed under|keywords)\s*:\s*(.*)$`)
)

// extractTextDump reads a page dump (KindText).
func extractTextDump(doc news.RawDoc, opts Options) (*news.Article, error) {
	s, err := decodeText(doc.Body)
	if err != nil {
		return nil, err
	}
	lines := readLines(s)
	if len(lines) == 0 {
		return nil, &news.InvalidError{Field: "body", Reason: "empty input"}
	}
	host := siteKey(doc, lines)
	if opts.Templates != nil {
		learnSite(opts.Templates, host, lines)
	}
	classify(lines)
	start, end := densest(lines)
	a := &news.Article{}
	if start < 0 {
		// No prose at all: a title-only page, the best we can do is its first line.
		for _, l := range lines {
			if l.cls == clsUnknown && !l.bullet && l.repeat == 1 && l.words > 0 {
				a.Title = l.text
				break
			}
		}
		pageKind(lines, a)
		return a, nil
	}
	h := readHeader(lines, start, end, siteDateOrder(opts.Templates, host, lines), urlSlug(doc.URL), a)
	useURLDate(a, doc.URL)
	a.Authors = tidyAuthors(a.Authors, domainOf(doc.URL))
	a.Title = trimTitleSite(a.Title, domainOf(doc.URL))
	seen := map[string]bool{}
	widget := false // inside an inline "Related" widget the body run crossed
	for i := h.bodyStart; i <= end; i++ {
		l := &lines[i]
		if l.inline {
			widget = true
		} else if widget && l.prose() {
			widget = false
		}
		if i == h.titleAt && a.Title != "" || widget || !isBody(l, a) || seen[l.text] {
			continue
		}
		seen[l.text] = true
		a.Paragraphs = append(a.Paragraphs, l.text)
	}
	collectCaptions(lines, h.titleAt, end, a)
	pageKind(lines, a)
	name, domain := pageSource(lines)
	if a.Source.Name == "" {
		a.Source.Name = name
	}
	if domainOf(doc.URL) == "" {
		a.Source.Domain = domain
	}
	for _, l := range lines {
		if l.cls == clsTags {
			a.Tags = append(a.Tags, splitTags(l.text, lines[h.bodyStart:end+1])...)
		}
	}
	return a, nil
}

// readLines splits a dump into cleaned, non-blank lines with their cues.
func readLines(s string) []dumpLine {
	raw := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var lines []dumpLine
	for _, r := range raw {
		t := text.Clean(r)
		if t == "" {
			continue
		}
		l := dumpLine{indent: indentOf(r)}
		if m := reBullet.FindString(r); m != "" && strings.TrimSpace(m) != "" {
			rest := text.Clean(r[len(m):])
			// "-- : --" and "- 5 -" are not bullets.
			if rest != "" {
				l.bullet = true
				t = rest
			}
		}
		l.text = t
		ws := text.Words(t)
		l.words = len(ws)
		fn := 0
		for _, w := range ws {
			if isFunctionWord(w) {
				fn++
			}
		}
		if len(ws) > 0 {
			l.stop = float64(fn) / float64(len(ws))
		}
		l.ends = endsSentence(t)
		lines = append(lines, l)
	}
	return lines
}

// indentOf counts the leading blanks of a raw line, a tab as 8.
func indentOf(r string) int {
	n := 0
	for _, c := range r {
		switch c {
		case ' ', '\u00a0':
			n++
		case '\t':
			n += 8
		default:
			return n
		}
	}
	return n
}

// markDeep marks the lines indented at least deepIndent past the page's prose column.
func markDeep(lines []dumpLine) {
	words := map[int]int{}
	total := 0
	for _, l := range lines {
		if l.prose() && !l.bullet {
			words[l.indent] += l.words
			total += l.words
		}
	}
	// The article's column is the leftmost that holds a fair share of the prose: a comment
	// thread indented below a short article can hold more words than the article.
	base := -1
	for in, n := range words {
		if n*5 >= total && (base < 0 || in < base) {
			base = in
		}
	}
	if base < 0 {
		return
	}
	for i := range lines {
		lines[i].deep = !lines[i].bullet && lines[i].indent >= base+deepIndent
	}
}

// deepIndent is the indentation from which a text browser's line is nested inside
// something else than the article's column: comment threads, sidebars, quoted widgets.
const deepIndent = 8

func isFunctionWord(w string) bool {
	return text.IsStopword(w) || languageWords[w] != 0
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"'”’)]» `)
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?' || r == '…' || r == ':' || r == ';'
}

// prose reports a line that reads like running text.
func (l *dumpLine) prose() bool {
	return l.words >= 12 && l.stop >= 0.2 || l.words >= 8 && l.ends && l.stop >= 0.25
}

// classify marks each line's class from its own text and from the page around it.
func classify(lines []dumpLine) {
	count := map[string]int{}
	for _, l := range lines {
		count[strings.ToLower(l.text)]++
	}
	for i := range lines {
		lines[i].repeat = count[strings.ToLower(lines[i].text)]
	}
	markLabels(lines)
	markListed(lines)
	markDeep(lines)
	// Words the page's prose writes in lowercase are common words, not names: "Healthy
	// Eating Plate" is a heading, "Judy Maltz" a byline.
	lower := lowerWords(lines)
	for i := range lines {
		for _, w := range strings.Fields(lines[i].text) {
			w = strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }))
			if lower[w] {
				lines[i].common++
			}
		}
	}
	// Runs of short non-sentence lines are menus, link lists and footers.
	short := func(l *dumpLine) bool { return l.words <= 5 && !l.ends }
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && short(&lines[j]) {
			j++
		}
		if j-i >= 3 {
			linkish := 0
			for k := i; k < j; k++ {
				lines[k].inRun = true
				if lines[k].words <= 2 || titleCased(lines[k].text) {
					linkish++
				}
			}
			if linkish*3 >= (j-i)*2 {
				for k := i; k < j; k++ {
					lines[k].navRun = true
				}
			}
		}
		if j == i {
			j++
		}
		i = j
	}
	var credits []string
	for i := range lines {
		l := &lines[i]
		low := strings.ToLower(l.text)
		letters, alnum, visible := 0, 0, 0
		for _, r := range l.text {
			switch {
			case unicode.IsLetter(r):
				letters++
				alnum++
			case unicode.IsDigit(r):
				alnum++
			}
			if !unicode.IsSpace(r) {
				visible++
			}
		}
		switch {
		case letters == 0 || alnum*2 < visible || l.words == 0 || rePlaceholder.MatchString(l.text):
			l.cls = clsNoise
		case l.site >= templateMinDocs:
			l.cls = clsBoiler
		case reTags.MatchString(l.text):
			l.cls = clsTags
		case l.words <= 12 && reBarrier.MatchString(l.text):
			l.cls, l.barrier = clsBoiler, true
			l.inline = reInlineWidget.MatchString(l.text)
		case l.words <= 25 && reCommentsHead.MatchString(l.text):
			l.cls, l.barrier = clsBoiler, true
		case l.words <= 12 && reCommentHead.MatchString(l.text):
			// Comments follow the article: the first comment's header ends it.
			l.cls, l.barrier = clsBoiler, true
		case l.words <= 40 && navCandidate(l.text, low) && reNavLine.MatchString(l.text):
			l.cls = clsBoiler
		case l.words <= 40 && promoCandidate(l.text) && rePromo.MatchString(l.text):
			l.cls = clsBoiler
		case l.words <= 15 && boilerCandidate(low) && reBoiler.MatchString(l.text):
			l.cls = clsBoiler
		case l.words <= 60 && isCookieOrRights(l.text, low):
			l.cls = clsBoiler
		case isBio(l):
			l.cls = clsBoiler
		case l.words <= 12 && isDateLine(l.text):
			l.cls = clsDate
		case l.words <= 12 && reByline.MatchString(l.text) && !l.ends:
			l.cls = clsByline
		case l.words >= 3 && l.words <= 80 && reAlt.MatchString(l.text):
			l.cls = clsAlt
		default:
			if c, ok := parseCaption(l.text); ok && l.words <= 70 {
				l.cls, l.caption = clsCaption, c
				if c.Credit != "" {
					credits = append(credits, c.Credit)
				}
			}
		}
	}
	// A page's rights line closes it: what follows is its footer, legal notes and
	// consent banners, never the article. So does an author box's label in the lower half
	// of the page ("Written by" above the author's name and biography).
	for i := range lines {
		if l := &lines[i]; l.cls == clsBoiler && l.words <= 20 && isRightsLine(l.text) {
			l.barrier = true
		} else if i > len(lines)/2 && l.words <= 3 && reAuthorBox.MatchString(l.text) {
			l.cls, l.barrier = clsBoiler, true
		}
	}
	// A caption is often printed twice: once as the image's alt text, once with its credit.
	// Both copies, and image alt texts glued to a credit, are captions.
	capText := map[string]bool{}
	for _, l := range lines {
		if l.cls == clsCaption && l.caption.Text != "" {
			capText[strings.ToLower(l.caption.Text)] = true
		}
	}
	for i := range lines {
		l := &lines[i]
		if l.cls != clsUnknown {
			continue
		}
		if capText[strings.ToLower(l.text)] {
			l.cls = clsCaption
			continue
		}
		for _, c := range credits {
			if len(c) >= 3 && strings.HasSuffix(l.text, c) && len(l.text) > len(c) {
				l.cls = clsCaption
				break
			}
		}
	}
}

// markLabels marks the repeated lines that are labels of a page's sections ("Features",
// "Pros", "Best fit"): each copy stands among different lines. A menu or a link list printed
// twice repeats with its neighbours.
func markLabels(lines []dumpLine) {
	key := func(i int) string {
		if i < 0 || i >= len(lines) {
			return ""
		}
		return strings.ToLower(lines[i].text)
	}
	type ctx struct{ prev, next map[string]int }
	seen := map[string]*ctx{}
	for i := range lines {
		if lines[i].repeat < 2 {
			continue
		}
		k := key(i)
		c := seen[k]
		if c == nil {
			c = &ctx{map[string]int{}, map[string]int{}}
			seen[k] = c
		}
		c.prev[key(i-1)]++
		c.next[key(i+1)]++
	}
	for i := range lines {
		l := &lines[i]
		if l.repeat < 3 || l.words > 6 || l.bullet {
			continue
		}
		c := seen[key(i)]
		shared := false
		for _, n := range c.prev {
			shared = shared || n > 1
		}
		for _, n := range c.next {
			shared = shared || n > 1
		}
		l.label = !shared
	}
}

// markListed marks the lines printed once as they are and otherwise only as list items:
// the headings of an article whose table of contents lists them.
func markListed(lines []dumpLine) {
	plain := map[string]int{}
	for _, l := range lines {
		if l.repeat > 1 && !l.bullet {
			plain[strings.ToLower(l.text)]++
		}
	}
	for i := range lines {
		l := &lines[i]
		l.listed = l.repeat > 1 && !l.bullet && !l.inRun && plain[strings.ToLower(l.text)] == 1
	}
}

// titleCased reports a line whose words of four letters or more all begin with a capital
// or a digit, as menu entries and link titles do ("Tax, Audit & Accounting"); list items
// that say something are written in sentence case ("Credits expire after 12 months").
func titleCased(s string) bool {
	n := 0
	for _, w := range strings.Fields(s) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if utf8.RuneCountInString(w) < 4 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
		n++
	}
	return n > 0
}

// lowerWords is the set of words the page writes in lowercase in its longer lines.
func lowerWords(lines []dumpLine) map[string]bool {
	lower := map[string]bool{}
	for i := range lines {
		if lines[i].words < 6 {
			continue
		}
		for _, w := range strings.Fields(lines[i].text) {
			w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
				lower[w] = true
			}
		}
	}
	return lower
}

// rePlaceholder matches what a text browser prints for images and embeds: "[gif][logo]",
// "photo_1024x547.jpg".
var rePlaceholder = regexp.MustCompile(`(?i)^(\[[^\]]*\]\s*)+$|^[\w.-]+\.(jpe?g|png|gif|webp|svg)$`)

var reRights = regexp.MustCompile(`(?i)(all rights reserved|©|we use cookies|this (web)?site uses cookies|cookie (policy|settings|preferences|consent)|this cookie|cookies? (is|are) (set|used)|sets this cookie|by (continuing|using) (to use )?(this|our) (web)?site|by (submitting|signing up|entering your email|providing your email|clicking)|i agree to (be contacted|receive|the terms)|(to )?opt[ -]out\b|unsubscribe at any time|store and/or access information on a device|personali[sz]ed (advertising|ads|content)|(we|may) (earn|receive) (a )?(small )?(commission|compensation)|affiliate (links?|commission)|independently selected by our editors|not (endorsed|sponsored) by|for informational purposes only)`)

// reBio is an author's biography: "Jane Doe is a freelance writer who ...", "(Editor) – Albert
// comes from ...": page furniture around the article, not its text.
var (
	reBioStart = regexp.MustCompile(`^(\([^)]{1,40}\)\s*[–—-]\s*)?\p{Lu}[\pL.'’-]+(\s+\p{Lu}[\pL.'’-]*){0,3}(,\s*[\pL.]+){0,4},?\s+(is|was|has been|has|comes|joined|writes|covers|brings|specializes)\b`)
	reBioWords = regexp.MustCompile(`(?i)\b(writer|editor|journalist|reporter|contributor|correspondent|columnist|freelance|blogger|author of|has written|graduated|degree in|board-certified|lives in)`)
	// Words of a biography that a company's description shares ("based in Brooklyn", "20
	// years of experience"): they make a biography only with a personal pronoun.
	reBioShared = regexp.MustCompile(`(?i)\b(founder|specializ|years of experience|experience in|covers|covering|based in)`)
	rePersonal  = regexp.MustCompile(`(?i)\b(he|she|his|her|hers|him)\b`)
)

// reRightsLine is a site's copyright notice: "© 2025 Example Inc. All rights reserved.",
// "Copyright 2024 Example".
var reRightsLine = regexp.MustCompile(`(?i)all rights reserved|^\W*(©|\(c\)|copyright)\s*(©\s*)?(19|20)\d\d\b`)

func isRightsLine(s string) bool {
	return (strings.Contains(s, "©") || strings.Contains(s, "(c)") || strings.Contains(s, "(C)") || holdsFold(s, "copyright") || holdsFold(s, "reserved")) && reRightsLine.MatchString(s)
}

// holdsFold reports whether s holds the lowercase ASCII text w in any case.
func holdsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

// rightsKeys holds, for every branch of reRights, a word it cannot match without: a line
// holding none of them is not a rights or consent line, and the costly pattern is skipped.
var rightsKeys = []string{"reserved", "©", "cookie", "by continuing", "by using", "by submitting", "by signing", "by entering", "by providing", "by clicking", "agree", "opt", "unsubscribe", "store and", "personali", "commission", "compensation", "affiliate", "independently", "endorsed", "sponsored", "informational"}

// isCookieOrRights reports a rights, consent or disclosure line; low is s in lowercase.
func isCookieOrRights(s, low string) bool {
	for _, k := range rightsKeys {
		if strings.Contains(low, k) {
			return reRights.MatchString(s)
		}
	}
	return false
}

// isBio reports an author biography of at most a paragraph.
func isBio(l *dumpLine) bool {
	if l.words < 8 || l.words > 120 || !reBioStart.MatchString(l.text) {
		return false
	}
	return reBioWords.MatchString(l.text) || reBioShared.MatchString(l.text) && rePersonal.MatchString(l.text)
}

// isDateLine reports a line that is a date, optionally labelled ("Published on ...").
func isDateLine(s string) bool {
	if !hasYear(s) {
		return false // every date parseDate reads has a four-digit year
	}
	d, ok := parseDate(s)
	if !ok {
		return false
	}
	rest := reDateLbl.ReplaceAllString(s, "")
	return len(rest)-d.span <= 16 || reDateLbl.MatchString(s)
}

// parseCaption splits a caption line at its credit marker ("Photo:", "Credit:", "(Photo by").
func parseCaption(s string) (news.Caption, bool) {
	if !strings.ContainsAny(s, ":(") {
		return news.Caption{}, false // every credit marker has one
	}
	m := reCaption.FindStringIndex(s)
	if m == nil {
		return news.Caption{}, false
	}
	credit := strings.TrimSpace(strings.TrimRight(s[m[1]:], ") "))
	capt := strings.TrimSpace(strings.TrimRight(s[:m[0]], " |-–—,;/("))
	if credit == "" || len(strings.Fields(credit)) > 10 {
		return news.Caption{}, false
	}
	// "Source: Reuters" inside a sentence is no caption; a credit marker is glued to the
	// caption or stands after a separator.
	if capt != "" && strings.Contains(strings.ToLower(s[m[0]:m[1]]), "source") && !strings.Contains(s[:m[0]], "|") {
		return news.Caption{}, false
	}
	return news.Caption{Text: capt, Credit: credit}, true
}

// score is a line's weight in the search for the body: prose counts for, furniture against.
func (l *dumpLine) score() float64 {
	switch {
	case l.barrier:
		return -1000
	case l.cls == clsBoiler:
		return -15
	case l.cls == clsCaption, l.cls == clsTags:
		return -8
	case l.cls == clsAlt:
		return -1
	case l.cls != clsUnknown:
		return -3
	}
	if l.deep {
		// Nested deep: a comment thread or a sidebar, seldom the article's own text.
		return -4
	}
	s := 0.0
	switch {
	case l.prose():
		s = float64(min(l.words, 80))
		if strings.HasSuffix(l.text, "...") || strings.HasSuffix(l.text, "…") {
			s = -5 // a teaser cut short
		}
	case l.words >= 6 && l.ends && l.stop >= 0.15:
		s = 3
	case l.navRun:
		s = -5
	case l.label, l.bullet && l.words >= 4 && !titleCased(l.text):
		// A section label or a list item that says something: the article's structure.
		s = -0.5
	case l.inRun:
		s = -3
	default:
		s = -1.5
	}
	// Menus are printed two or three times; a repeated prose line is more often the whole
	// article printed twice (the copies are merged when the body is read).
	if l.repeat > 1 && !l.prose() && !l.label && !l.listed {
		s = min(s, 0) - 6
	}
	if l.bullet && s > 0 {
		s /= 2
	}
	return s
}

// gapCap bounds what a run of non-prose lines between two prose runs costs, so that a
// table, a pull quote or an inline widget does not cut an article in two; a barrier
// ("Related posts") is never crossed.
const gapCap = 60

// densest returns the maximum-sum run of line scores: the article body. start is -1 when
// the page has no positive line.
func densest(lines []dumpLine) (start, end int) {
	// Blocks of consecutive positive or non-positive lines, the latter's cost capped.
	type block struct {
		from, to int
		score    float64
	}
	var blocks []block
	for i := 0; i < len(lines); {
		pos := lines[i].score() > 0
		b := block{from: i}
		barrier := false
		for i < len(lines) && (lines[i].score() > 0) == pos {
			b.score += lines[i].score()
			barrier = barrier || lines[i].barrier && !(lines[i].inline && resumes(lines, i))
			i++
		}
		b.to = i - 1
		if !pos && !barrier {
			b.score = max(b.score, -gapCap)
		}
		blocks = append(blocks, b)
	}
	best, cur := 0.0, 0.0
	start, end = -1, -1
	curStart := 0
	for _, b := range blocks {
		if cur <= 0 {
			cur, curStart = 0, b.from
		}
		cur += b.score
		if cur > best {
			best, start, end = cur, curStart, b.to
		}
	}
	return start, end
}

// resumes reports whether the article goes on below the widget heading at i ("Related",
// "You may also like" printed inside the article): within a few lines comes a stretch of
// running text longer than a list of teasers holds.
func resumes(lines []dumpLine, i int) bool {
	words, quiet := 0, 0
	for j := i + 1; j < len(lines) && j <= i+40; j++ {
		l := &lines[j]
		if l.barrier {
			break
		}
		if l.bullet && words == 0 {
			continue // the widget's own list of links
		}
		if l.prose() && l.cls == clsUnknown && !l.deep && !strings.HasSuffix(l.text, "...") && !strings.HasSuffix(l.text, "…") {
			words += l.words
			quiet = 0
			if words >= resumeWords {
				return true
			}
			continue
		}
		if quiet++; quiet > 8 && words == 0 || quiet > 3 && words > 0 {
			break
		}
	}
	return false
}

// resumeWords is how much unbroken running text below a widget heading shows the article
// going on: a teaser's summary is a sentence or two.
const resumeWords = 300

// header is what readHeader found above the body.
type header struct {
	bodyStart int
	titleAt   int
}

// readHeader finds title, standfirst, byline and dates around the top of the body run,
// and where the body really starts (after a byline or date block that the run took in).
func readHeader(lines []dumpLine, start, end int, order dateOrder, slug map[string]bool, a *news.Article) header {
	h := header{bodyStart: start, titleAt: start}
	meta := func(l *dumpLine) bool {
		return l.cls == clsByline || l.cls == clsDate || l.cls == clsCaption || l.cls == clsBoiler || l.cls == clsNoise || looksLikeName(l)
	}
	// A byline or date block within the first lines of the run, after at most two prose
	// lines (headline, standfirst), means the body starts below it.
	prose := 0
	for i := start; i <= end && i < start+10; i++ {
		if l := &lines[i]; l.cls == clsByline || l.cls == clsDate || looksLikeName(l) {
			h.bodyStart = i + 1
		} else if lines[i].prose() {
			prose++
			if prose > 2 {
				break
			}
		}
	}
	for h.bodyStart <= end && meta(&lines[h.bodyStart]) {
		h.bodyStart++
	}
	if h.bodyStart > end {
		h.bodyStart = start
	}
	// The run may have taken in a teaser grid or a promo above the article: a line in its
	// first half that names the address's words and is followed by a byline or a date is
	// the headline, and the body starts below its byline block.
	if at := headlineInRun(lines, h.bodyStart, end, slug); at >= 0 {
		h.bodyStart = at + 1
		for h.bodyStart <= end && (meta(&lines[h.bodyStart]) || reMetaLine.MatchString(lines[h.bodyStart].text) && !lines[h.bodyStart].prose()) {
			h.bodyStart++
		}
		if h.bodyStart > end {
			h.bodyStart = start
		}
	}
	// Walk up from the body for the headline, taking a prose line on the way as standfirst.
	// The headline must come within a few lines of the standfirst, else the standfirst
	// was the headline.
	lo := max(0, h.bodyStart-30)
	standAt := -1
	h.titleAt = -1
	seen := 0
	for i := h.bodyStart - 1; i >= lo; i-- {
		l := &lines[i]
		if meta(l) || l.cls != clsUnknown || l.bullet {
			continue
		}
		if standAt >= 0 {
			if seen++; seen > 3 {
				break
			}
		}
		if l.prose() && standAt < 0 {
			standAt = i
			continue
		}
		if headline(l) {
			h.titleAt = i
			break
		}
		if l.prose() {
			break
		}
	}
	if h.titleAt < 0 && standAt >= 0 && lines[standAt].words <= 30 {
		h.titleAt, standAt = standAt, -1
	}
	// The walk takes the nearest headline-like line; the scored choice weighs what the
	// walk cannot: the headline's words recur in the body, it is capitalized, repeated.
	if t := pickDumpTitle(lines, h.bodyStart, end, slug); t >= 0 && t != h.titleAt {
		h.titleAt, standAt = t, -1
		for i := t + 1; i < h.bodyStart; i++ {
			if l := &lines[i]; l.cls == clsUnknown && !l.bullet && l.prose() && l.words <= 80 {
				standAt = i
				break
			}
		}
	}
	if h.titleAt >= 0 {
		a.Title = cleanTitle(lines[h.titleAt].text)
	} else {
		h.titleAt = h.bodyStart
	}
	if standAt >= 0 {
		a.Standfirst = lines[standAt].text
	}
	// Byline and dates: around the headline and the top of the body.
	pub, mod, others := findDates(lines, h.titleAt, h.bodyStart)
	if pub == nil && mod == nil {
		pub, mod, others = findDatesWide(lines, h.titleAt, end)
	}
	a.Authors = findAuthors(lines, lowerWords(lines), h.titleAt, h.bodyStart, end)
	resolveDates(pub, mod, others)
	pub.settle(order)
	mod.settle(order)
	if pub == nil && mod != nil {
		// A page that shows only "Updated ..." was published then, as far as it tells.
		pub = mod
	}
	if pub != nil {
		if pub.amb {
			a.Warn("published date ambiguous: " + pub.raw)
		} else {
			a.Published = pub.t
		}
	}
	if mod != nil {
		if mod.amb {
			a.Warn("modified date ambiguous: " + mod.raw)
		} else {
			a.Modified = mod.t
		}
	}
	return h
}

// headline reports a line that can be a headline: a few words, not a sentence run-on.
func headline(l *dumpLine) bool {
	if l.cls != clsUnknown || l.bullet || l.words > 30 || strings.HasSuffix(l.text, ":") || l.repeat > 2 {
		return false
	}
	return l.words >= 4 || l.words >= 2 && !l.inRun
}

// looksLikeName reports a bare byline: two to four capitalized words, nothing else.
func looksLikeName(l *dumpLine) bool {
	if l.cls != clsUnknown || l.bullet || l.words < 2 || l.words > 4 || len(l.text) > 40 || l.common > l.words/2 {
		return false
	}
	for _, w := range strings.Fields(l.text) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || isFunctionWord(strings.ToLower(w)) {
			return false
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && c != '.' && c != '-' && c != '\'' {
				return false
			}
		}
	}
	return true
}

// isBody reports whether a line inside the body run is a paragraph of the article.
func isBody(l *dumpLine, a *news.Article) bool {
	if l.cls != clsUnknown || l.barrier {
		return false
	}
	if l.text == a.Title || l.text == a.Standfirst {
		return false
	}
	if l.repeat > 1 && !l.prose() && !l.label && !l.listed {
		return false
	}
	if l.navRun && l.bullet {
		return false
	}
	return true
}

// collectCaptions takes the captions between the headline and the end of the body.
func collectCaptions(lines []dumpLine, from, to int, a *news.Article) {
	for i := max(0, from); i <= to && i < len(lines); i++ {
		c := lines[i].caption
		if lines[i].cls != clsCaption || c.Credit == "" {
			continue
		}
		if c.Text == "" && i > 0 && lines[i-1].cls == clsCaption {
			c.Text = lines[i-1].text
		}
		dup := false
		for _, o := range a.Captions {
			dup = dup || o == c
		}
		if !dup {
			a.Captions = append(a.Captions, c)
		}
	}
}

// splitTags cuts a "Tags:" line into tags. Text browsers often glue the tag links
// together ("BidenIrannuclear dealPompeowashington"); such runs are cut where a word
// known from the article ends and another begins.
func splitTags(line string, body []dumpLine) []string {
	m := reTags.FindStringSubmatch(line)
	if m == nil {
		return nil
	}
	var out []string
	for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == '|' || r == ';' || r == '•' || r == '#' }) {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		vocab := map[string]bool{}
		for _, l := range body {
			for _, w := range text.Words(l.text) {
				vocab[w] = true
			}
		}
		out = append(out, unglue(p, vocab)...)
	}
	return out
}

// unglue splits glued tags at case changes ("dealPompeo") and inside a word where it
// splits into two known words ("Irannuclear" -> "Iran" + "nuclear").
func unglue(s string, vocab map[string]bool) []string {
	var tags []string
	cur := ""
	for _, tok := range strings.Fields(s) {
		pieces := cutCase(tok)
		for k, p := range pieces {
			parts := []string{p}
			if !vocab[strings.ToLower(p)] {
				parts = splitKnown(p, vocab)
			}
			for j, q := range parts {
				if (k > 0 || j > 0) && cur != "" {
					tags = append(tags, cur)
					cur = ""
				}
				if cur != "" {
					cur += " "
				}
				cur += q
			}
		}
	}
	if cur != "" {
		tags = append(tags, cur)
	}
	return tags
}

// cutCase cuts a token where a lowercase letter is followed by an uppercase one.
func cutCase(tok string) []string {
	var out []string
	rs := []rune(tok)
	st := 0
	for i := 1; i < len(rs); i++ {
		if unicode.IsLower(rs[i-1]) && unicode.IsUpper(rs[i]) {
			out = append(out, string(rs[st:i]))
			st = i
		}
	}
	return append(out, string(rs[st:]))
}

// splitKnown splits w into two known words when it can, else returns it whole.
func splitKnown(w string, vocab map[string]bool) []string {
	lw := strings.ToLower(w)
	if len(lw) != len(w) {
		return []string{w}
	}
	for i := 2; i <= len(lw)-2; i++ {
		if !utf8.RuneStart(lw[i]) {
			continue
		}
		if vocab[lw[:i]] && vocab[lw[i:]] {
			return []string{w[:i], w[i:]}
		}
	}
	return []string{w}
}

// The regular expressions that classify lines are costly on every line of a page; these
// pre-checks hold, for each pattern, what none of its branches can match without, so
// that a line lacking all of it skips the pattern. Keep them in step with the patterns.

// boilerKeys are the lowercase words every branch of reBoiler needs (one of them).
var boilerKeys = []string{"share", "tweet", "follow", "subscribe", "newsletter", "related", "reserved", "copyright", "click", "sign", "log", "register", "advertis", "cookie", "privacy", "terms", "send in", "mail this", "print this", "read ", "more from", "you m", "recommended", "most ", "trending", "comment", "reply", "flag as", "says:", "skip to", "back to top", "loading", "miss", "sponsored", "download", "contact us", "about us", "copy link", "listen to", "min read", "minute read", "powered by", "hosted by", "submit"}

// boilerWhole are the lines reBoiler matches only whole, and its line-opening words.
var (
	boilerWhole = map[string]bool{"ad": true, "menu": true, "whatsapp": true, "linkedin": true, "pinterest": true, "reddit": true, "facebook": true, "twitter": true, "instagram": true, "youtube": true, "tiktok": true, "telegram": true, "x": true, "threads": true, "bluesky": true, "email": true, "e-mail": true, "print": true, "copy": true}
	boilerFirst = []string{"search", "home", "next", "previous", "close"}
)

// boilerCandidate reports whether reBoiler can match the lowercase line low.
func boilerCandidate(low string) bool {
	if boilerWhole[low] {
		return true
	}
	for _, k := range boilerFirst {
		if strings.HasPrefix(low, k) {
			return true
		}
	}
	for _, k := range boilerKeys {
		if strings.Contains(low, k) {
			return true
		}
	}
	return false
}

// navCandidate reports whether reNavLine can match s (low: s in lowercase): an arrow at
// either end, a form field's closing "*", or one of its two phrases.
func navCandidate(s, low string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	switch {
	case first == '←' || first == '«' || first == '‹', last == '→' || last == '»' || last == '›', last == '*':
		return true
	}
	return strings.HasPrefix(low, "this field is for validation") || strings.HasPrefix(low, "article image for:")
}

// promoCandidate reports whether rePromo can match s: a colon, or a shouted call to
// listen, watch or read.
func promoCandidate(s string) bool {
	if strings.IndexByte(s, ':') >= 0 {
		return true
	}
	for _, k := range []string{"LISTEN", "WATCH", "READ", "VIDEO", "PODCAST"} {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// hasYear reports four digits in a row: every date pattern needs its year.
func hasYear(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if n++; n == 4 {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}
