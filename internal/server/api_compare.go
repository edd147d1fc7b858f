package server

import (
	"fmt"
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
