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
	// Related are the other articles of its story. Reuse relations (duplicate of,
	// update of, reuses) will join them here, each with its Kind.
	Related []relatedView
}

// relatedView is another article related to the one shown.
type relatedView struct {
	Kind      string // "same story" for now
	ID        string
	Title     string
	Source    string
	Published string
}

// articlePage shows one article's clean text and metadata, with its story's other
// articles.
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
	v := articleView{chrome: chrome{Title: title}, Stored: st}
	if st.StoryID != "" {
		others, err := s.store.StoryArticles(r.Context(), st.StoryID)
		if err != nil {
			return fmt.Errorf("article %q: story: %w", id, err)
		}
		for _, a := range others {
			if a.ID == id {
				continue
			}
			rv := relatedView{Kind: "same story", ID: a.ID, Title: a.Title, Source: a.Source.Label()}
			if !a.Published.IsZero() {
				rv.Published = formatDate(a.Published)
			}
			v.Related = append(v.Related, rv)
		}
	}
	return s.render(w, http.StatusOK, "article", v)
}
