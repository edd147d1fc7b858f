package server

import (
	"context"
	"fmt"
	"net/http"

	"github.com/parallax-news/parallax/internal/news"
)

// apiStoriesPerPage is the length of a page of GET /api/stories.
const apiStoriesPerPage = 50

// apiStories answers GET /api/stories?page=N: an array of stories, newest first, in the
// contract's form of `parallax stories --json`.
func (s *Server) apiStories(w http.ResponseWriter, r *http.Request) error {
	page, err := parsePage(r)
	if err != nil {
		return err
	}
	list, err := s.store.Stories(r.Context(), news.Page{Limit: apiStoriesPerPage, Offset: (page - 1) * apiStoriesPerPage})
	if err != nil {
		return fmt.Errorf("api stories page %d: %w", page, err)
	}
	out := make([]any, 0, len(list))
	for _, st := range list {
		rels, err := s.relations(r.Context(), st.Articles)
		if err != nil {
			return fmt.Errorf("api stories page %d: %w", page, err)
		}
		out = append(out, withRelations(st, rels))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// relations returns the relations of the given articles (an empty list when the store
// keeps none), as stories and comparisons carry them.
func (s *Server) relations(ctx context.Context, ids []string) ([]news.Relation, error) {
	rs, ok := s.store.(news.RelationStore)
	if !ok || len(ids) == 0 {
		return nil, nil
	}
	return rs.Relations(ctx, news.RelationFilter{Articles: ids}, news.Page{Limit: 500})
}

// withRelations is v with its "relations" field when the store keeps relations.
func withRelations(v any, rels []news.Relation) any { return news.WithRelations(v, rels) }
