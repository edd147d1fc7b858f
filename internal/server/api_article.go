package server

import (
	"fmt"
	"net/http"
)

// apiArticle answers GET /api/articles/{id} with the contract's Article object.
func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	st, err := s.store.Article(r.Context(), id)
	if err != nil {
		return fmt.Errorf("api article %q: %w", id, err)
	}
	writeJSON(w, http.StatusOK, st.Article)
	return nil
}
