package analyze

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// headlineAttribution finds whom a headline credits: a trailing "..., sources say", a
// leading "Report: ...", "according to ...".
var headlineAttribution = []*regexp.Regexp{
	regexp.MustCompile(`(?i)[,:;—–-]\s*((?:[\p{L}'’.]+\s+){0,3}(?:says?|said|reports?|reported|claims?|tells|told|warns?|finds?))\s*[.!?]?$`),
	regexp.MustCompile(`(?i)^((?:[\p{L}'’.]+\s+){0,2}[\p{L}'’.]+)\s*:\s`),
	regexp.MustCompile(`(?i)\b(according to (?:[\p{L}'’.]+\s*){1,4})`),
	regexp.MustCompile(`^((?:\p{Lu}[\p{L}'’.]*\s+){1,3}(?:says|said|claims|tells|told|reports|warns))\b`),
}

// nounBefore are words after which a verb form is a noun ("the plans", "his meets").
var nounBefore = set(`the a an of his her its their our my your this that these those`)

// ReadHeadline reads how a headline frames its story: its verbs (with "to" chains,
// "plans to expose"), whom it credits ("sources say"), and its hedges ("Reportedly").
// Distinct words depend on the other headlines and are the caller's.
func ReadHeadline(article, title string) news.Headline {
	h := news.Headline{Article: article, Text: title, Verbs: []string{}, Hedges: []string{}, Distinct: []string{}}
	h.Hedges = append(h.Hedges, Hedges(title)...)
	attrStart, attrEnd := -1, -1
	for _, re := range headlineAttribution {
		if m := re.FindStringSubmatchIndex(title); m != nil {
			h.Attribution = strings.TrimSpace(title[m[2]:m[3]])
			attrStart, attrEnd = m[2], m[3]
			break
		}
	}
	ws := sentenceWords(title)
	// In a sentence-case headline a capitalized word inside is a name, not a verb.
	lower := 0
	for _, w := range ws {
		if !capitalized(w.surface) {
			lower++
		}
	}
	sentenceCase := lower*2 > len(ws)
	isVerb := func(i int) bool {
		w := ws[i]
		// "plans to expose", "Refuses to Give": an inflected form before "to" and a verb
		chain := i+2 < len(ws) && ws[i+1].Word == "to" && inflected(w.Word) && verbForms[ws[i+2].Word] &&
			!outletWords[w.Word] && !orgWords[w.Word]
		if speechVerbs[w.Word] && !(sentenceCase && capitalized(w.surface) && i > 0) {
			return true // "ABC says", "Robach Says"
		}
		if text.IsStopword(w.Word) || !(verbForms[w.Word] || chain) || hedgeWord(w.Word) {
			return false
		}
		if sentenceCase && i > 0 && capitalized(w.surface) {
			return false
		}
		if isAllCaps(w.surface) && len(w.surface) <= 4 {
			return false // an acronym
		}
		if _, ok := known[key(w.surface)]; ok {
			return false
		}
		if i > 0 && nounBefore[ws[i-1].Word] && !strings.HasSuffix(w.Word, "ing") {
			return false
		}
		if i > 0 && strings.HasSuffix(w.Word, "ing") && (ws[i-1].Word == "and" || ws[i-1].Word == "or" || ws[i-1].Word == "with") {
			return false // "frustrating polls": an adjective in a list
		}
		if chain {
			return true
		}
		// A bare form ("step", "say") is a verb after "to", a modal or a plural
		// subject ("Democrats slam"); elsewhere it is more likely a noun.
		if inflected(w.Word) {
			return true
		}
		if i == 0 {
			return false
		}
		prev := ws[i-1].Word
		return prev == "to" || modals[prev] || (strings.HasSuffix(prev, "s") && !verbForms[prev] && !strings.HasSuffix(prev, "ss")) ||
			(sentenceCase && capitalized(ws[i-1].surface)) // "Beto went"
	}
	for i := 0; i < len(ws); i++ {
		if ws[i].Start >= attrStart && ws[i].End <= attrEnd && ws[i].Start >= 0 {
			continue // the verb of the credit ("sources say") is not the headline's claim
		}
		if !isVerb(i) {
			continue
		}
		end := i
		// "plans to expose", "set to use"
		for end+2 < len(ws) && ws[end+1].Word == "to" && verbForms[ws[end+2].Word] && !text.IsStopword(ws[end+2].Word) {
			end += 2
		}
		h.Verbs = append(h.Verbs, title[ws[i].Start:ws[end].End])
		i = end
	}
	return h
}

func hedgeWord(w string) bool {
	return strings.HasSuffix(w, "ly")
}

func isAllCaps(s string) bool {
	has := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		has = has || unicode.IsUpper(r)
	}
	return has
}

var modals = set(`will would could can may might should must won't can't not never`)

// inflected reports whether a word carries a verb ending: -s, -ed, -ing.
func inflected(w string) bool {
	for _, suf := range []string{"s", "ed", "ing"} {
		if strings.HasSuffix(w, suf) && !strings.HasSuffix(w, "ss") && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}
