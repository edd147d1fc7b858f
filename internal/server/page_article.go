package server

import (
	"fmt"
	"net/http"

	"github.com/parallax-news/parallax/internal/news"
)

// articleView is the data of the article page.
type articleView struct {
	chrome
	*news.Stored
}

// articlePage shows one article's clean text and metadata, with a link to its story.
func (s *Server) articlePage(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	st, err := s.store.Article(r.Context(), id)
	if err != nil {
		return fmt.Errorf("article %q: %w", id, err)
	}
	title := st.Article.Title
	if title == "" {
		title = "Untitled article"
	}
	return s.render(w, http.StatusOK, "article", articleView{chrome: chrome{Title: title}, Stored: st})
}
