package server

import (
	"fmt"
	"net/http"

	"github.com/parallax-news/parallax/internal/news"
)

// apiCompare answers GET /api/stories/{id}/compare with the contract's Comparison of the
// story's articles, or of those named by ?a=ID (repeated). Without a Compare option
// the comparison lists the articles only.
func (s *Server) apiCompare(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	_, articles, err := s.storyArticles(r.Context(), id)
	if err != nil {
		return err
	}
	if want := r.URL.Query()["a"]; len(want) > 0 {
		pick := map[string]bool{}
		for _, a := range want {
			pick[a] = true
		}
		var chosen []*news.Article
		for _, a := range articles {
			if pick[a.ID] {
				chosen = append(chosen, a)
			}
		}
		if len(chosen) == 0 {
			return &news.InvalidError{Field: "a", Reason: "none of the articles named belongs to the story"}
		}
		articles = chosen
	}
	cmp := s.comparison(id, articles)
	if cmp == nil {
		cmp = &news.Comparison{}
		for _, a := range articles {
			cmp.Articles = append(cmp.Articles, news.NewComparedArticle(a))
		}
	}
	ids := make([]string, len(articles))
	for i, a := range articles {
		ids[i] = a.ID
	}
	rels, err := s.relations(r.Context(), ids)
	if err != nil {
		return fmt.Errorf("api compare %q: relations: %w", r.PathValue("id"), err)
	}
	writeJSON(w, http.StatusOK, withRelations(cmp, rels))
	return nil
}
