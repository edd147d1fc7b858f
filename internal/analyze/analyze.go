// Package analyze reads one article for what a comparison needs: its sentences, the
// named entities it mentions (with aliases merged), its quotes and their speakers, whom
// it cites (attributions), and its evidence and certainty qualifiers (hedges).
//
// It is rule-based: capitalization, a small gazetteer, title and speech-verb cues. It
// needs no model and is deterministic.
package analyze

import (
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// Analysis is what one article says and how.
type Analysis struct {
	Article      string             // the article's id
	Sentences    []news.Ref         // the standfirst (paragraph -1) then the body, in reading order
	Quotes       []news.Quote       // direct quotes with a known speaker, and reported speech
	Attributions []news.Attribution // who is cited, in reading order
	Hedges       []news.Hedge       // qualifiers, in reading order
	Entities     []Entity           // named entities, in order of first mention
}

// Entity is a named entity as one article mentions it.
type Entity struct {
	Name     string   // canonical name: the fullest plain form ("Mike Pompeo")
	Kind     string   // news.Person, news.Organization, news.Place or news.Other
	Aliases  []string // every form the article uses, sorted
	Mentions int      // how many times the article mentions it
	key      string
}

// Sentences cuts an article into sentences: its standfirst as paragraph -1, then each
// paragraph with text.Sentences.
func Sentences(a *news.Article) []news.Ref {
	var out []news.Ref
	add := func(p int, s string) {
		for j, t := range text.Sentences(s) {
			out = append(out, news.Ref{Article: a.ID, Paragraph: p, Sentence: j, Text: t})
		}
	}
	add(-1, a.Standfirst)
	for i, p := range a.Paragraphs {
		add(i, p)
	}
	return out
}

// Analyze reads article a. Slices in the result are never nil.
func Analyze(a *news.Article) *Analysis {
	an := &Analysis{
		Article:      a.ID,
		Sentences:    Sentences(a),
		Quotes:       []news.Quote{},
		Attributions: []news.Attribution{},
		Hedges:       []news.Hedge{},
	}
	if an.Sentences == nil {
		an.Sentences = []news.Ref{}
	}
	ents := findEntities(an.Sentences)
	an.Entities = ents.list()
	findSpeech(an, ents)
	for _, s := range an.Sentences {
		for _, h := range Hedges(s.Text) {
			an.Hedges = append(an.Hedges, news.Hedge{Article: a.ID, Phrase: h, Paragraph: s.Paragraph, Sentence: s.Sentence})
		}
	}
	return an
}
