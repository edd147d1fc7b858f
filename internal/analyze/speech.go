package analyze

import (
	"slices"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// Speaker kinds of a speech act.
const (
	named     = iota // a name: "Pompeo said"
	pronoun          // "she added": resolved to the paragraph's last speaker
	unnamed          // "the sources told Reuters", "US officials say"
	continued        // "..., saying": the sentence's previous speaker
)

// act is one speech verb of a sentence with its speaker.
type act struct {
	verb       int    // index of the verb in the sentence's words
	kind       int    // named, pronoun, unnamed or continued
	who        string // the name, pronoun or unnamed phrase
	start, end int    // byte span of the attribution phrase in the sentence
	inverted   bool   // the speaker follows the verb ("said the sources")
	speaker    string // resolved speaker, "" when unknown
}

// quoteSpan is a quotation in a paragraph's text: byte offsets of its opening and
// closing marks (end is past the closing mark).
type quoteSpan struct{ open, close int }

// findSpeech fills an's quotes and attributions.
func findSpeech(an *Analysis, ents *entities) {
	lastPerson := ""  // the last person named outside quotes, across paragraphs
	prevSpeaker := "" // the last speaker of the previous paragraph
	for i := 0; i < len(an.Sentences); {
		j := i
		for j < len(an.Sentences) && an.Sentences[j].Paragraph == an.Sentences[i].Paragraph {
			j++
		}
		lastPerson, prevSpeaker = paragraphSpeech(an, ents, i, j, lastPerson, prevSpeaker)
		i = j
	}
}

// paragraphSpeech handles sentences [from, to) of one paragraph and returns the last
// person named outside quotes and the paragraph's last speaker. A pronoun speaker with
// no speaker before it in the paragraph is the previous paragraph's last speaker, as
// in a quote continued over paragraphs ("..., said Andrew Light." / "“...,” he said."),
// else the last person named.
func paragraphSpeech(an *Analysis, ents *entities, from, to int, lastPerson, prevSpeaker string) (string, string) {
	// The paragraph as its sentences joined by one space, and where each starts.
	starts := make([]int, to-from)
	var b strings.Builder
	for k := from; k < to; k++ {
		if k > from {
			b.WriteByte(' ')
		}
		starts[k-from] = b.Len()
		b.WriteString(an.Sentences[k].Text)
	}
	para := b.String()
	quotes := findQuotes(para)
	inQuote := func(k, pos int) bool {
		p := starts[k-from] + pos
		for _, q := range quotes {
			if p >= q.open && p < q.close {
				return true
			}
		}
		return false
	}
	sentenceOf := func(p int) int {
		k := 0
		for k+1 < len(starts) && starts[k+1] <= p {
			k++
		}
		return from + k
	}
	lastSpeaker := ""
	acts := make([][]act, to-from)
	var covered [][2]int // paragraph byte spans of reported clauses already quoted
	for k := from; k < to; k++ {
		s := an.Sentences[k].Text
		ws := sentenceWords(s)
		var persons []mention
		for _, m := range ents.mentions {
			if m.sent == k && !inQuote(k, m.start) {
				persons = append(persons, m)
			}
		}
		as := findActs(s, ws, persons, func(pos int) bool { return inQuote(k, pos) })
		for n := range as {
			a := &as[n]
			switch a.kind {
			case named:
				a.speaker = a.who
				if e := ents.resolve(a.who); e != nil {
					a.speaker = e.Name
				}
			case pronoun:
				a.speaker = lastSpeaker
				if a.speaker == "" {
					earlier := lastPerson
					if prevSpeaker != "" {
						earlier = prevSpeaker
					}
					a.speaker = lastPersonBefore(ents, persons, a.start, earlier)
				}
			case unnamed:
				a.speaker = a.who
			case continued:
				if n > 0 {
					a.speaker = as[n-1].speaker
				}
			}
			if a.speaker != "" && a.kind != unnamed {
				lastSpeaker = a.speaker
			}
			if a.speaker != "" && a.kind != continued {
				an.Attributions = append(an.Attributions, news.Attribution{
					Article: an.Article, Cited: a.speaker, Phrase: s[a.start:a.end],
					Paragraph: an.Sentences[k].Paragraph, Sentence: an.Sentences[k].Sentence,
					CitedKind: citedKind(ents, *a),
				})
			}
		}
		acts[k-from] = as
		for _, m := range persons {
			if e := ents.resolve(m.name); e != nil && e.Kind == news.Person {
				lastPerson = e.Name
			}
		}
		// Reported speech: a speaker says a clause ("X told Haaretz that ..."). A
		// sentence may hold quotation marks only inside that clause (a partial quote:
		// "that the allegations will place a “new burden” on Iran"); the clause is then
		// the quote, and the marked words are not quoted again on their own.
		for _, a := range as {
			if a.speaker == "" || a.kind == continued || ws[a.verb].Word == "according" {
				continue
			}
			if strings.ContainsAny(s[:a.end], "\"“”") || a.inverted && strings.ContainsAny(s, "\"“”") {
				continue
			}
			if clause := reported(s, ws, a); clause != "" {
				an.Quotes = append(an.Quotes, news.Quote{Article: an.Article, Speaker: a.speaker, Text: clause,
					Paragraph: an.Sentences[k].Paragraph, Sentence: an.Sentences[k].Sentence})
				at := starts[k-from] + strings.Index(s, clause)
				covered = append(covered, [2]int{at, at + len(clause)})
				break
			}
		}
	}
	// Direct quotes: the speaker is named after the closing mark in the same sentence,
	// else before the opening mark.
	for _, q := range quotes {
		if slices.ContainsFunc(covered, func(c [2]int) bool { return q.open >= c[0] && q.close <= c[1]+len("”") }) {
			continue
		}
		ks, ke := sentenceOf(q.open), sentenceOf(max(q.close-1, q.open))
		speaker := ""
		for _, a := range acts[ke-from] {
			if starts[ke-from]+a.start >= q.close && a.speaker != "" {
				speaker = a.speaker
				break
			}
		}
		if speaker == "" {
			for _, a := range acts[ks-from] {
				if starts[ks-from]+ws0(a) < q.open && a.speaker != "" {
					speaker = a.speaker
				}
			}
		}
		inner := strings.TrimSpace(para[q.open:q.close])
		inner = strings.TrimSpace(trimMarks(inner))
		inner = strings.TrimRight(inner, ",.")
		if speaker == "" || inner == "" {
			continue
		}
		an.Quotes = append(an.Quotes, news.Quote{Article: an.Article, Speaker: speaker, Text: inner,
			Paragraph: an.Sentences[ks].Paragraph, Sentence: an.Sentences[ks].Sentence})
	}
	return lastPerson, lastSpeaker
}

// ws0 is where an act's verb is, as a byte offset in its sentence.
func ws0(a act) int { return a.start }

func trimMarks(s string) string {
	for _, m := range []string{"\"", "“", "”"} {
		s = strings.TrimPrefix(s, m)
		s = strings.TrimSuffix(s, m)
	}
	return s
}

// lastPersonBefore is the last person named before byte pos of the sentence, else the
// one named earlier in the article.
func lastPersonBefore(ents *entities, persons []mention, pos int, earlier string) string {
	who := earlier
	for _, m := range persons {
		if m.start >= pos {
			break
		}
		if e := ents.resolve(m.name); e != nil && e.Kind == news.Person {
			who = e.Name
		}
	}
	return who
}

// findQuotes finds quotations: curly pairs, and straight double quotes taken in pairs.
// An unclosed quotation runs to the paragraph's end.
func findQuotes(p string) []quoteSpan {
	var out []quoteSpan
	open := -1
	for i, r := range p {
		switch {
		case open < 0 && (r == '“' || r == '"'):
			open = i
		case open >= 0 && (r == '”' || r == '"'):
			out = append(out, quoteSpan{open, i + len(string(r))})
			open = -1
		}
	}
	if open >= 0 {
		out = append(out, quoteSpan{open, len(p)})
	}
	return out
}

func sentenceWords(s string) []word {
	var ws []word
	for _, tk := range text.Tokens(s) {
		ws = append(ws, word{tk, s[tk.Start:tk.End]})
	}
	return ws
}

// gap is the text between words i-1 and i (or before word 0).
func gap(s string, ws []word, i int) string {
	if i == 0 {
		return s[:ws[0].Start]
	}
	if i >= len(ws) {
		return s[ws[len(ws)-1].End:]
	}
	return s[ws[i-1].End:ws[i].Start]
}

// findActs finds the speech verbs of a sentence outside quotations and who speaks.
func findActs(s string, ws []word, ms []mention, inQuote func(int) bool) []act {
	var out []act
	mentionEnding := func(end int) *mention {
		for n := range ms {
			if ms[n].end == end || (ms[n].end+2 == end && strings.HasSuffix(s[:end], "'s")) {
				return &ms[n]
			}
		}
		return nil
	}
	mentionStarting := func(start int) *mention {
		for n := range ms {
			if ms[n].start == start {
				return &ms[n]
			}
		}
		return nil
	}
	for v := 0; v < len(ws); v++ {
		w := ws[v].Word
		if inQuote(ws[v].Start) {
			continue
		}
		// "according to X"
		if w == "according" && v+2 < len(ws) && ws[v+1].Word == "to" {
			// The source runs to the next punctuation, a verb or a clause word, and is
			// short: "according to a recent analysis" ends before "has contributed".
			end := v + 2
			for end+1 < len(ws) && end+1 < v+10 && !strings.ContainsAny(gap(s, ws, end+1), ",.;:()—–-") &&
				!sourceStops[ws[end+1].Word] && !speechVerbs[ws[end+1].Word] {
				end++
			}
			who, kind := "", unnamed
			for n := range ms {
				m := ms[n]
				if m.start >= ws[v+2].Start && m.end <= ws[end].End {
					who, kind = m.name, named
					if m.kind == news.Person {
						break
					}
				}
			}
			if who == "" {
				who = s[ws[v+2].Start:ws[end].End]
			}
			out = append(out, act{verb: v, kind: kind, who: who, start: ws[v].Start, end: ws[end].End, inverted: true})
			continue
		}
		if w == "saying" && strings.Contains(gap(s, ws, v), ",") {
			out = append(out, act{verb: v, kind: continued, start: ws[v].Start, end: ws[v].End})
			continue
		}
		if !speechVerbs[w] {
			continue
		}
		verbEnd := ws[v].End
		// "told Reuters": the outlet told is part of the phrase
		if (w == "told" || w == "tells") && v+1 < len(ws) {
			if m := mentionStarting(ws[v+1].Start); m != nil {
				verbEnd = m.end
			}
		}
		before := gap(s, ws, v)
		// Inverted: ', said the sources' / '," said Pompeo'
		if (v == 0 || strings.ContainsAny(before, ",\"”")) && w != "told" && w != "tells" {
			if v+1 < len(ws) {
				n := v + 1
				if ws[n].Word == "the" && n+1 < len(ws) {
					n++
				}
				switch {
				case pronouns[ws[v+1].Word]:
					out = append(out, act{verb: v, kind: pronoun, who: ws[v+1].Word, start: ws[v].Start, end: ws[v+1].End, inverted: true})
					continue
				case anonymous[ws[n].Word]:
					out = append(out, act{verb: v, kind: unnamed, who: ws[n].Word, start: ws[v].Start, end: ws[n].End, inverted: true})
					continue
				}
				for k := v + 1; k < min(len(ws), v+4); k++ {
					if m := mentionStarting(ws[k].Start); m != nil {
						out = append(out, act{verb: v, kind: named, who: m.name, start: ws[v].Start, end: m.end, inverted: true})
						break
					}
				}
				if len(out) > 0 && out[len(out)-1].verb == v {
					continue
				}
			}
		}
		// Subject before the verb, over auxiliaries.
		j := v - 1
		for j >= 0 && strings.TrimSpace(gap(s, ws, j+1)) == "" && (ws[j].Word == "has" || ws[j].Word == "have" || ws[j].Word == "had" || ws[j].Word == "also" || ws[j].Word == "later" || ws[j].Word == "then") {
			j--
		}
		if j < 0 {
			continue
		}
		g := strings.TrimSpace(gap(s, ws, j+1))
		switch {
		case g == "" && pronouns[ws[j].Word]:
			out = append(out, act{verb: v, kind: pronoun, who: ws[j].Word, start: ws[j].Start, end: verbEnd})
			continue
		case g == "":
			if m := mentionEnding(ws[j].End); m != nil {
				start := m.start
				if start >= 4 && strings.EqualFold(s[start-4:start], "the ") {
					start -= 4
				}
				out = append(out, act{verb: v, kind: named, who: m.name, start: start, end: verbEnd})
				continue
			}
		case g == ",":
			// an appositive: "Sima Shine, the head of ..., told"
			for k := j; k > 0 && k > j-15; k-- {
				if strings.TrimSpace(gap(s, ws, k)) == "," {
					if m := mentionEnding(ws[k-1].End); m != nil && m.kind == news.Person {
						out = append(out, act{verb: v, kind: named, who: m.name, start: m.start, end: verbEnd})
					}
					break
				}
			}
			continue
		}
		// An unnamed source within the clause: "sources familiar with the matter said".
		for k := j; k >= 0 && k > j-10; k-- {
			if k < j && strings.TrimSpace(gap(s, ws, k+1)) != "" {
				break
			}
			if anonymous[ws[k].Word] {
				start := k
				for start > 0 && strings.TrimSpace(gap(s, ws, start)) == "" && !speechVerbs[ws[start-1].Word] && ws[start-1].Word != "that" && ws[start-1].Word != "and" && ws[start-1].Word != "amid" {
					start--
				}
				cited := start
				for cited < k && (ws[cited].Word == "a" || ws[cited].Word == "an" || ws[cited].Word == "the") {
					cited++
				}
				out = append(out, act{verb: v, kind: unnamed, who: s[ws[cited].Start:ws[k].End], start: ws[start].Start, end: verbEnd})
				break
			}
		}
	}
	return out
}

// reported returns the clause a speech act reports ("... told Haaretz that CLAUSE",
// "CLAUSE, said the sources"), or "" when the sentence reports none.
func reported(s string, ws []word, a act) string {
	trim := func(c string) string {
		c = strings.TrimSpace(c)
		c = strings.TrimRight(c, ".,;: ")
		if len(strings.Fields(c)) < 4 {
			return ""
		}
		return c
	}
	if a.inverted {
		if a.verb == 0 || !strings.Contains(gap(s, ws, a.verb), ",") {
			return ""
		}
		return trim(s[:ws[a.verb-1].End])
	}
	v := a.verb
	n := v + 1
	for n < len(ws) && ws[n].Start < a.end { // over "told Haaretz"
		n++
	}
	if ws[v].Word == "according" || n >= len(ws) {
		return ""
	}
	if ws[n].Word == "that" {
		n++
	} else if strings.TrimSpace(gap(s, ws, n)) != "" || ws[v].Word == "reported" || ws[v].Word == "denied" {
		return ""
	}
	if n >= len(ws) {
		return ""
	}
	return trim(s[ws[n].Start:])
}

// citedKind says what an act's speaker is: a person, unnamed sources, a news outlet or
// another organization (a country that "denied" speaks through its government).
func citedKind(ents *entities, a act) string {
	if a.kind == unnamed {
		if isOutlet(a.speaker) {
			return news.CitedOutlet
		}
		return news.CitedAnonymous
	}
	if isOutlet(a.speaker) {
		return news.CitedOutlet
	}
	if e := ents.resolve(a.speaker); e != nil {
		switch e.Kind {
		case news.Person:
			return news.CitedPerson
		case news.Organization, news.Place:
			return news.CitedOrganization
		}
	}
	if a.kind == pronoun {
		return news.CitedPerson
	}
	if a.kind == named && isAllCaps(strings.ReplaceAll(a.speaker, ".", "")) {
		return news.CitedOrganization // "according to NASA"
	}
	return ""
}

// sourceStops end the source of "according to": auxiliaries and clause words.
var sourceStops = set(`has have had is are was were will would could can may might should must did does
	do that which who whom whose when while where because as if than but and or to`)
