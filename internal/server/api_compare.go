package server

import (
	"net/http"

	"github.com/parallax-news/parallax/internal/news"
)

// apiCompare answers GET /api/stories/{id}/compare with the contract's Comparison of the
// story's articles. Without a Compare option the comparison lists the articles only.
func (s *Server) apiCompare(w http.ResponseWriter, r *http.Request) error {
	_, articles, cmp, err := s.loadStory(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if cmp == nil {
		cmp = &news.Comparison{}
		for _, a := range articles {
			cmp.Articles = append(cmp.Articles, news.NewComparedArticle(a))
		}
	}
	writeJSON(w, http.StatusOK, withEmptyLists(*cmp))
	return nil
}

// withEmptyLists replaces nil lists by empty ones, so that clients always get arrays.
func withEmptyLists(c news.Comparison) news.Comparison {
	c.Articles = nonNil(c.Articles)
	c.Shared = nonNil(c.Shared)
	for i := range c.Shared {
		c.Shared[i].Sentences = nonNil(c.Shared[i].Sentences)
		c.Shared[i].Changes = nonNil(c.Shared[i].Changes)
	}
	c.Unique = nonNil(c.Unique)
	c.Quotes = nonNil(c.Quotes)
	c.Entities = nonNil(c.Entities)
	for i := range c.Entities {
		c.Entities[i].Aliases = nonNil(c.Entities[i].Aliases)
		c.Entities[i].Articles = nonNil(c.Entities[i].Articles)
	}
	c.Attributions = nonNil(c.Attributions)
	c.Hedges = nonNil(c.Hedges)
	return c
}

// nonNil returns s, or an empty slice when s is nil.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
