package server

import (
	"fmt"
	"net/http"

	"github.com/parallax-news/parallax/internal/news"
)

// storyJSON is the answer of GET /api/stories/{id}: the story and its articles in full.
type storyJSON struct {
	Story     *news.Story     `json:"story"`
	Articles  []*news.Article `json:"articles"`
	Relations []news.Relation `json:"relations"` // between its articles and others
}

// apiStory answers GET /api/stories/{id}.
func (s *Server) apiStory(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	st, err := s.store.Story(r.Context(), id)
	if s.redirectMerged(w, r, "/api/stories/", id, err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("api story %q: %w", id, err)
	}
	articles, err := s.store.StoryArticles(r.Context(), id)
	if err != nil {
		return fmt.Errorf("api story %q: articles: %w", id, err)
	}
	if articles == nil {
		articles = []*news.Article{}
	}
	rels, err := s.relations(r.Context(), st.Articles)
	if err != nil {
		return fmt.Errorf("api story %q: relations: %w", id, err)
	}
	if rels == nil {
		rels = []news.Relation{}
	}
	writeJSON(w, http.StatusOK, storyJSON{Story: st, Articles: articles, Relations: rels})
	return nil
}
