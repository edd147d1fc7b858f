// Package compare lays the articles of one story side by side: the passages they share
// (verbatim, edited or paraphrased), what each alone reports, and whom they quote, name,
// cite and hedge.
package compare

import (
	"slices"

	"github.com/parallax-news/parallax/internal/analyze"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/reuse"
)

// Compare compares articles. They are ordered by publication time (unknown last), then
// id; each is read as its standfirst (paragraph -1) and paragraphs cut by
// text.Sentences. The output depends only on the articles, not on their order in the
// argument, and its slices are never nil.
func Compare(articles []*news.Article) *news.Comparison {
	as := slices.Clone(articles)
	slices.SortStableFunc(as, func(x, y *news.Article) int {
		switch {
		case x.Published.IsZero() != y.Published.IsZero():
			if x.Published.IsZero() {
				return 1
			}
			return -1
		case !x.Published.Equal(y.Published):
			return x.Published.Compare(y.Published)
		}
		if x.ID < y.ID {
			return -1
		}
		if x.ID > y.ID {
			return 1
		}
		return 0
	})
	c := &news.Comparison{
		Articles:     []news.ComparedArticle{},
		Unique:       []news.Ref{},
		Quotes:       []news.Quote{},
		Attributions: []news.Attribution{},
		Hedges:       []news.Hedge{},
	}
	analyses := make([]*analyze.Analysis, len(as))
	var sents []news.Ref
	for i, a := range as {
		c.Articles = append(c.Articles, news.NewComparedArticle(a))
		an := analyze.Analyze(a)
		analyses[i] = an
		sents = append(sents, an.Sentences...)
		c.Quotes = append(c.Quotes, an.Quotes...)
		c.Attributions = append(c.Attributions, an.Attributions...)
		c.Hedges = append(c.Hedges, an.Hedges...)
	}
	c.Shared = reuse.Align(sents)
	type at struct {
		article        string
		para, sentence int
	}
	shared := map[at]bool{}
	for _, p := range c.Shared {
		for _, r := range p.Sentences {
			shared[at{r.Article, r.Paragraph, r.Sentence}] = true
		}
	}
	for _, r := range sents {
		if !shared[at{r.Article, r.Paragraph, r.Sentence}] {
			c.Unique = append(c.Unique, r)
		}
	}
	c.Entities = analyze.Merge(analyses)
	canonicalSpeakers(c)
	c.Headlines = headlines(as)
	c.Timeline = timeline(as)
	return c
}

// canonicalSpeakers names each quoted or cited person as the merged entities do, so
// that one article's "Pompeo" and another's "Mike Pompeo" read as one speaker. A name
// that is an alias of more than one entity is left as written.
func canonicalSpeakers(c *news.Comparison) {
	canon := map[string]string{}
	for _, e := range c.Entities {
		for _, a := range append([]string{e.Name}, e.Aliases...) {
			if prev, ok := canon[a]; ok && prev != e.Name {
				canon[a] = ""
				continue
			}
			canon[a] = e.Name
		}
	}
	for i, q := range c.Quotes {
		if n := canon[q.Speaker]; n != "" {
			c.Quotes[i].Speaker = n
		}
	}
	for i, a := range c.Attributions {
		if n := canon[a.Cited]; n != "" {
			c.Attributions[i].Cited = n
		}
	}
}
