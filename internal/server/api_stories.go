package server

import (
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
	if list == nil {
		list = []news.Story{}
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}
