package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// storyView is the data of the story page: the articles side by side, their sentences
// marked with the shared passage they belong to, and the rest of the comparison.
type storyView struct {
	chrome
	Story        *news.Story
	Columns      []*column
	Compared     bool // false when no comparison could be made (no Compare option)
	Passages     []passageView
	Unique       int // sentences no other article reports
	Speakers     []speakerView
	Entities     []entityView
	Attributions []noteView
	Hedges       []noteView
	Timeline     []timelineEntry
	Axis         timelineAxis
	Coverage     coverage
	Total        int          // all the story's articles; Columns may show fewer
	Choices      []choiceView // every article, to choose the columns, when not all are shown
	Headlines    []headlineView
	Uniques      []uniqueGroup
}

// choiceView is one article in the form that chooses the columns.
type choiceView struct {
	ID, Label, Title string
	Checked          bool
}

// headlineView is one outlet's headline, its words that no other headline uses marked.
type headlineView struct {
	Label     string
	Lean      string
	LeanClass string
	Slug      string // its column's
	Pieces    []headPiece
}

// headPiece is a run of a headline: Own when no other headline has the word.
type headPiece struct {
	Text string
	Own  bool
}

// uniqueGroup is one outlet's sentences that no other article reports.
type uniqueGroup struct {
	Label string
	Refs  []refView
}

// column is one article in its column.
type column struct {
	Slug       string // unique among the columns, for anchors: "haaretz", "israel-hayom"
	Label      string // the source's name
	Lean       string // the source's lean; empty when unknown
	Article    *news.Article
	Standfirst []sentence
	Paragraphs [][]sentence
	Sentences  int // all sentences, standfirst included
	Shared     int // sentences in a shared passage
}

// sentence is one sentence as the story page shows it.
type sentence struct {
	ID      string // "s-haaretz-2-0": paragraph 2, sentence 0; "s-haaretz-sf-0" in the standfirst
	Text    string
	Passage int    // 1-based number of its shared passage; 0 when no other article reports it
	Class   string // "shared-verbatim", "shared-edited", "shared-paraphrase"
	Kind    string
	Pieces  []headPiece // for sentences of edited passages: the text with the changed words Own
	Anchor  string      // "p3-haaretz" on the first sentence of passage 3 in this column, else empty
	Next    string      // link to the same passage in the next column that has it
	NextIn  string      // that column's source
}

// passageView is one shared passage in the list under the columns.
type passageView struct {
	N          int
	Kind       string
	Class      string
	Confidence string // "87%"; empty when unknown
	Refs       []refView
	Changes    []news.Change
}

// refView is a link to a sentence in a column.
type refView struct {
	Label string
	Href  string
	Text  string
}

// speakerView groups the quotes of one speaker.
type speakerView struct {
	Speaker string
	Quotes  []refView
}

// entityView is an entity with the outlets that mention it.
type entityView struct {
	Name    string
	Kind    string
	Aliases []string
	Outlets []string
}

// noteView is an attribution or a hedge: what an article says, and where.
type noteView struct {
	Label  string
	Href   string
	Cited  string // attributions only
	Phrase string
}

// timelineEntry is one article on the coverage timeline.
type timelineEntry struct {
	Label     string
	LeanClass string
	Y         int // the centre of its lane in the SVG
	Title     string
	ID        string
	Published time.Time
	After     string // "+2 h 15 min" after the first article; empty for the first or undated
	X         int    // position on the axis, 0..timelineWidth; -1 when undated
}

// timelineAxis is the SVG drawing of the timeline: one lane per lean present.
type timelineAxis struct {
	Width, Height int
	Points        []timelineEntry // dated entries only
	Lanes         []timelineLane
	First, Last   time.Time
}

// timelineLane is one horizontal lane of the timeline.
type timelineLane struct {
	Label string
	Class string
	Y     int
}

// The SVG timeline's geometry in user units: the drawing width, the height of a lane,
// and the room above the lanes and below them (for the dates).
const (
	timelineWidth  = 600
	timelineLaneH  = 28
	timelineTop    = 6
	timelineBottom = 24
)

// compareHeadlines marks, in each headline, the words no other headline uses (stop
// words aside): what each outlet chose to put forward.
func compareHeadlines(cols []*column) []headlineView {
	terms := make([]map[string]bool, len(cols))
	for i, c := range cols {
		terms[i] = map[string]bool{}
		for _, t := range text.Tokens(c.Article.Title) {
			terms[i][t.Term] = true
		}
	}
	var out []headlineView
	for i, c := range cols {
		title := c.Article.Title
		hv := headlineView{Label: c.Label, Lean: c.Lean, LeanClass: leanClass(c.Lean), Slug: c.Slug}
		at := 0
		for _, t := range text.Tokens(title) {
			shared := text.IsStopword(t.Word)
			for j := range cols {
				if j != i && terms[j][t.Term] {
					shared = true
					break
				}
			}
			if shared || len(cols) < 2 {
				continue
			}
			if t.Start > at {
				hv.Pieces = append(hv.Pieces, headPiece{Text: title[at:t.Start]})
			}
			hv.Pieces = append(hv.Pieces, headPiece{Text: title[t.Start:t.End], Own: true})
			at = t.End
		}
		if at < len(title) {
			hv.Pieces = append(hv.Pieces, headPiece{Text: title[at:]})
		}
		out = append(out, hv)
	}
	return out
}

// maxColumns is the most articles the story page sets side by side: more are
// unreadable, and the comparison's cost grows with every article. When a story has
// more, the page starts with defaultColumns, one per side (left, center, right,
// unknown) when it can, and readers choose others.
const (
	maxColumns     = 6
	defaultColumns = 4
)

// storyPage shows one story's articles side by side and how they compare. A story
// with more than maxColumns articles shows a selection: the ones named by ?a=ID (up to
// maxColumns), else one article per outlet, alternating across leans.
func (s *Server) storyPage(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	st, articles, err := s.storyArticles(r.Context(), id)
	if s.redirectMerged(w, r, "/stories/", id, err) {
		return nil
	}
	if err != nil {
		return err
	}
	leans, err := s.leans(r.Context())
	if err != nil {
		return fmt.Errorf("story %q: %w", st.ID, err)
	}
	shown := selectColumns(articles, leans, r.URL.Query()["a"])
	v := buildStoryView(st, articles, shown, s.comparison(id, shown), leans)
	return s.render(w, http.StatusOK, "story", v)
}

// storyArticles reads a story with its articles.
func (s *Server) storyArticles(ctx context.Context, id string) (*news.Story, []*news.Article, error) {
	st, err := s.store.Story(ctx, id)
	if err != nil {
		return nil, nil, fmt.Errorf("story %q: %w", id, err)
	}
	articles, err := s.store.StoryArticles(ctx, id)
	if err != nil {
		return nil, nil, fmt.Errorf("story %q: articles: %w", id, err)
	}
	return st, articles, nil
}

// comparison compares articles of story id, from the cache when it has them; nil
// without a Compare function.
func (s *Server) comparison(id string, articles []*news.Article) *news.Comparison {
	if s.compare == nil || len(articles) == 0 {
		return nil
	}
	key := cmpKey(id, articles)
	cmp, ok := s.cmps.get(key)
	if !ok {
		cmp = s.compare(articles)
		s.cmps.put(key, cmp)
	}
	return cmp
}

// loadStory reads a story with all its articles and compares them; cmp is nil when
// the server has no Compare function.
func (s *Server) loadStory(ctx context.Context, id string) (*news.Story, []*news.Article, *news.Comparison, error) {
	st, articles, err := s.storyArticles(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	return st, articles, s.comparison(id, articles), nil
}

// leanOf is an article's source lean: the source table's, else the article's own.
func leanOf(a *news.Article, leans map[string]string) string {
	if l, ok := leans[a.Source.Label()]; ok {
		return l
	}
	return a.Source.Lean
}

// selectColumns picks the articles to set side by side, in story order: those whose
// ids are in want (at most maxColumns; unknown ids are ignored); else all when they
// fit; else defaultColumns first articles of outlets, taken in turn from the left,
// center, right and unknown-lean outlets, so that every side is seen.
func selectColumns(articles []*news.Article, leans map[string]string, want []string) []*news.Article {
	pick := map[string]bool{}
	for _, id := range want {
		if len(pick) < maxColumns {
			pick[id] = true
		}
	}
	var chosen []*news.Article
	for _, a := range articles {
		if pick[a.ID] {
			chosen = append(chosen, a)
		}
	}
	if len(chosen) > 0 {
		return chosen
	}
	if len(articles) <= maxColumns {
		return articles
	}
	buckets := map[string][]*news.Article{}
	seen := map[string]bool{}
	for _, a := range articles {
		if l := a.Source.Label(); !seen[l] {
			seen[l] = true
			side := news.Side(leanOf(a, leans))
			buckets[side] = append(buckets[side], a)
		}
	}
	for len(pick) < defaultColumns {
		took := false
		for _, side := range []string{news.LeanLeft, news.LeanCenter, news.LeanRight, ""} {
			if b := buckets[side]; len(b) > 0 && len(pick) < defaultColumns {
				pick[b[0].ID] = true
				buckets[side] = b[1:]
				took = true
			}
		}
		if !took {
			break
		}
	}
	for _, a := range articles {
		if pick[a.ID] {
			chosen = append(chosen, a)
		}
	}
	return chosen
}

// sentenceKey is a sentence's place in an article; paragraph -1 is the standfirst.
type sentenceKey struct{ para, sent int }

// mark is the shared passage a sentence belongs to.
type mark struct {
	n       int // 1-based passage number
	kind    string
	changed map[string]bool // words of this version an edit changed (lowercase), for edited passages
}

// changedWords are the words of one side of an edited passage's changes: From for the
// passage's first article, To for the others.
func changedWords(p news.Passage, first bool) map[string]bool {
	if p.Kind != news.Edited || len(p.Changes) == 0 {
		return nil
	}
	out := map[string]bool{}
	for _, c := range p.Changes {
		side := c.To
		if first {
			side = c.From
		}
		for _, w := range text.Words(side) {
			out[w] = true
		}
	}
	return out
}

// markChanged cuts a sentence into runs, the changed words Own.
func markChanged(s string, changed map[string]bool) []headPiece {
	var out []headPiece
	at := 0
	for _, t := range text.Tokens(s) {
		if !changed[t.Word] {
			continue
		}
		if t.Start > at {
			out = append(out, headPiece{Text: s[at:t.Start]})
		}
		out = append(out, headPiece{Text: s[t.Start:t.End], Own: true})
		at = t.End
	}
	if len(out) == 0 {
		return nil
	}
	if at < len(s) {
		out = append(out, headPiece{Text: s[at:]})
	}
	return out
}

// buildStoryView lays out the columns and maps the comparison's references onto them.
func buildStoryView(st *news.Story, all, articles []*news.Article, cmp *news.Comparison, leans map[string]string) storyView {
	v := storyView{chrome: chrome{Title: storyTitle(st, all)}, Story: st, Compared: cmp != nil, Total: len(all)}
	byID := map[string]int{}
	used := map[string]bool{}
	own := map[string]string{} // the articles' own leans, where the source table has none
	var labels []string
	for _, a := range all {
		own[a.Source.Label()] = a.Source.Lean
		labels = append(labels, a.Source.Label())
	}
	for i, a := range articles {
		byID[a.ID] = i
		label := a.Source.Label()
		v.Columns = append(v.Columns, &column{Slug: uniqueSlug(label, used), Label: label, Lean: leanOf(a, leans), Article: a})
	}
	if len(all) > len(articles) || len(all) > maxColumns {
		for _, a := range all {
			_, on := byID[a.ID]
			v.Choices = append(v.Choices, choiceView{ID: a.ID, Label: a.Source.Label(), Title: a.Title, Checked: on})
		}
	}
	v.Coverage = newCoverage(labels, leans, own)
	v.Headlines = compareHeadlines(v.Columns)
	if cmp == nil {
		cmp = &news.Comparison{}
	}

	// Which sentence belongs to which passage, and where each passage starts per column.
	marks := make([]map[sentenceKey]mark, len(articles))
	anchors := make([]map[int]sentenceKey, len(articles)) // passage number -> its first sentence in the column
	for i := range articles {
		marks[i] = map[sentenceKey]mark{}
		anchors[i] = map[int]sentenceKey{}
	}
	holders := make([][]int, len(cmp.Shared)+1) // passage number -> columns holding it, in column order
	for pi, p := range cmp.Shared {
		n := pi + 1
		for _, ref := range p.Sentences {
			c, ok := byID[ref.Article]
			if !ok {
				continue
			}
			k := sentenceKey{ref.Paragraph, ref.Sentence}
			if m, taken := marks[c][k]; taken && m.n != n {
				continue // an earlier passage claimed the sentence; it shows that one
			}
			marks[c][k] = mark{n: n, kind: p.Kind, changed: changedWords(p, ref.Article == p.Sentences[0].Article)}
			if _, ok := anchors[c][n]; !ok {
				anchors[c][n] = k
				holders[n] = append(holders[n], c)
			}
		}
		slices.Sort(holders[n])
	}

	for c, col := range v.Columns {
		a := col.Article
		cut := func(para int, p string) []sentence {
			var out []sentence
			for j, t := range text.Sentences(p) {
				k := sentenceKey{para, j}
				sn := sentence{ID: sentenceID(col.Slug, para, j), Text: t}
				if m, ok := marks[c][k]; ok {
					sn.Passage, sn.Kind, sn.Class = m.n, m.kind, kindClass(m.kind)
					sn.Pieces = markChanged(t, m.changed)
					if anchors[c][m.n] == k {
						sn.Anchor = passageAnchor(m.n, col.Slug)
						if next, ok := nextHolder(holders[m.n], c); ok {
							sn.Next = "#" + passageAnchor(m.n, v.Columns[next].Slug)
							sn.NextIn = v.Columns[next].Label
						} else {
							sn.Next = "#passage-" + strconv.Itoa(m.n)
						}
					}
					col.Shared++
				}
				col.Sentences++
				out = append(out, sn)
			}
			return out
		}
		if a.Standfirst != "" {
			col.Standfirst = cut(-1, a.Standfirst)
		}
		for i, p := range a.Paragraphs {
			col.Paragraphs = append(col.Paragraphs, cut(i, p))
		}
	}

	label := func(id string) (string, string) {
		if c, ok := byID[id]; ok {
			return v.Columns[c].Label, v.Columns[c].Slug
		}
		return id, ""
	}
	href := func(id string, para, sent int) string {
		if _, slug := label(id); slug != "" {
			return "#" + sentenceID(slug, para, sent)
		}
		return ""
	}

	for pi, p := range cmp.Shared {
		pv := passageView{N: pi + 1, Kind: p.Kind, Class: kindClass(p.Kind), Changes: p.Changes}
		if p.Confidence > 0 {
			pv.Confidence = strconv.Itoa(int(p.Confidence*100+0.5)) + "%"
		}
		for _, ref := range p.Sentences {
			l, _ := label(ref.Article)
			pv.Refs = append(pv.Refs, refView{Label: l, Href: href(ref.Article, ref.Paragraph, ref.Sentence), Text: ref.Text})
		}
		v.Passages = append(v.Passages, pv)
	}
	v.Unique = len(cmp.Unique)
	groups := map[string]int{}
	for _, u := range cmp.Unique {
		l, _ := label(u.Article)
		i, ok := groups[l]
		if !ok {
			i = len(v.Uniques)
			groups[l] = i
			v.Uniques = append(v.Uniques, uniqueGroup{Label: l})
		}
		v.Uniques[i].Refs = append(v.Uniques[i].Refs, refView{Label: l, Href: href(u.Article, u.Paragraph, u.Sentence), Text: u.Text})
	}

	speakers := map[string]int{}
	for _, q := range cmp.Quotes {
		name := strings.TrimSpace(q.Speaker)
		if name == "" {
			name = "Unnamed speaker"
		}
		i, ok := speakers[name]
		if !ok {
			i = len(v.Speakers)
			speakers[name] = i
			v.Speakers = append(v.Speakers, speakerView{Speaker: name})
		}
		l, _ := label(q.Article)
		v.Speakers[i].Quotes = append(v.Speakers[i].Quotes, refView{Label: l, Href: href(q.Article, q.Paragraph, q.Sentence), Text: q.Text})
	}

	for _, e := range cmp.Entities {
		ev := entityView{Name: e.Name, Kind: e.Kind}
		for _, al := range e.Aliases {
			if al != e.Name && !slices.Contains(ev.Aliases, al) {
				ev.Aliases = append(ev.Aliases, al)
			}
		}
		for _, id := range e.Articles {
			if l, _ := label(id); !slices.Contains(ev.Outlets, l) {
				ev.Outlets = append(ev.Outlets, l)
			}
		}
		v.Entities = append(v.Entities, ev)
	}
	for _, at := range cmp.Attributions {
		l, _ := label(at.Article)
		v.Attributions = append(v.Attributions, noteView{Label: l, Href: href(at.Article, at.Paragraph, at.Sentence), Cited: at.Cited, Phrase: at.Phrase})
	}
	for _, h := range cmp.Hedges {
		l, _ := label(h.Article)
		v.Hedges = append(v.Hedges, noteView{Label: l, Href: href(h.Article, h.Paragraph, h.Sentence), Phrase: h.Phrase})
	}

	v.Timeline, v.Axis = buildTimeline(all, leans)
	return v
}

// storyTitle is the story's headline, else its first article's.
func storyTitle(st *news.Story, articles []*news.Article) string {
	if st.Title != "" {
		return st.Title
	}
	for _, a := range articles {
		if a.Title != "" {
			return a.Title
		}
	}
	return "Untitled story"
}

// buildTimeline orders the articles by publication (undated last) and places the dated
// ones on an axis from the first to the last.
func buildTimeline(articles []*news.Article, leans map[string]string) ([]timelineEntry, timelineAxis) {
	var out []timelineEntry
	for _, a := range articles {
		out = append(out, timelineEntry{Label: a.Source.Label(), LeanClass: leanClass(leanOf(a, leans)), Title: a.Title, ID: a.ID, Published: a.Published, X: -1})
	}
	slices.SortStableFunc(out, func(a, b timelineEntry) int {
		switch {
		case a.Published.IsZero() && b.Published.IsZero():
			return 0
		case a.Published.IsZero():
			return 1
		case b.Published.IsZero():
			return -1
		}
		return a.Published.Compare(b.Published)
	})
	axis := timelineAxis{Width: timelineWidth}
	if len(out) == 0 || out[0].Published.IsZero() {
		return out, axis
	}
	laneY := map[string]int{}
	for _, l := range []timelineLane{{"left", "lean-left", 0}, {"center", "lean-center", 0}, {"right", "lean-right", 0}, {"unknown lean", "lean-unknown", 0}} {
		for _, e := range out {
			if e.LeanClass == l.Class && !e.Published.IsZero() {
				l.Y = timelineTop + len(axis.Lanes)*timelineLaneH + timelineLaneH/2
				laneY[l.Class] = l.Y
				axis.Lanes = append(axis.Lanes, l)
				break
			}
		}
	}
	axis.Height = timelineTop + len(axis.Lanes)*timelineLaneH + timelineBottom
	first := out[0].Published
	var last time.Time
	for _, e := range out {
		if !e.Published.IsZero() {
			last = e.Published
		}
	}
	span := last.Sub(first)
	for i := range out {
		e := &out[i]
		if e.Published.IsZero() {
			continue
		}
		if span > 0 {
			e.X = int(float64(timelineWidth) * float64(e.Published.Sub(first)) / float64(span))
		} else {
			e.X = timelineWidth / 2
		}
		e.Y = laneY[e.LeanClass]
		if i > 0 {
			e.After = "+" + formatDuration(e.Published.Sub(first))
		}
		axis.Points = append(axis.Points, *e)
	}
	axis.First, axis.Last = first, last
	return out, axis
}

// formatDuration writes a delay for readers: "0 min", "41 min", "3 h 5 min", "2 days".
func formatDuration(d time.Duration) string {
	switch {
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + " min"
	case d < 48*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return strconv.Itoa(h) + " h"
		}
		return strconv.Itoa(h) + " h " + strconv.Itoa(m) + " min"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + " days"
}

// nextHolder is the column after c, cyclically, among those holding a passage.
func nextHolder(holders []int, c int) (int, bool) {
	if len(holders) < 2 {
		return 0, false
	}
	i := slices.Index(holders, c)
	return holders[(i+1)%len(holders)], true
}

// kindClass is the CSS class of a passage kind.
func kindClass(kind string) string {
	switch kind {
	case news.Verbatim, news.Edited, news.Paraphrase:
		return "shared-" + kind
	}
	return "shared-other"
}

// passageAnchor is the id of passage n's first sentence in a column: "p3-haaretz".
func passageAnchor(n int, slug string) string { return "p" + strconv.Itoa(n) + "-" + slug }

// sentenceID is the id of one sentence in a column.
func sentenceID(slug string, para, sent int) string {
	p := "sf"
	if para >= 0 {
		p = strconv.Itoa(para)
	}
	return "s-" + slug + "-" + p + "-" + strconv.Itoa(sent)
}

// uniqueSlug makes an id-safe lowercase slug of label, distinct from those in used.
func uniqueSlug(label string, used map[string]bool) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(label) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	base := b.String()
	if base == "" {
		base = "article"
	}
	slug := base
	for i := 2; used[slug]; i++ {
		slug = base + "-" + strconv.Itoa(i)
	}
	used[slug] = true
	return slug
}
