package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/parallax-news/parallax/internal/news"
)

// articleView is the data of the article page.
type articleView struct {
	chrome
	*news.Stored
	// Reused are its reuse relations (duplicate of, updated version of, reuses / reused
	// by), first; Related the other articles of its story.
	Reused  []relatedView
	Related []relatedView
}

// relatedView is another article related to the one shown.
type relatedView struct {
	Kind      string // "same story", or how a reuse relation links the two
	Fraction  string // shared share of the later article, for reuse relations
	Wire      string // the news agency credited, for reuse relations
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
	if rs, ok := s.store.(news.RelationStore); ok {
		rels, err := rs.Relations(r.Context(), news.RelationFilter{Articles: []string{id}}, news.Page{Limit: 100})
		if err != nil {
			return fmt.Errorf("article %q: relations: %w", id, err)
		}
		for _, rel := range rels {
			rv, err := s.relatedByReuse(r, id, rel)
			if err != nil {
				return fmt.Errorf("article %q: relations: %w", id, err)
			}
			v.Reused = append(v.Reused, rv)
		}
	}
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

// relatedByReuse describes the other article of rel, seen from the article id.
func (s *Server) relatedByReuse(r *http.Request, id string, rel news.Relation) (relatedView, error) {
	other, later := rel.Earlier, id == rel.Earlier
	if later {
		other = rel.Later
	}
	var kind string
	switch {
	case rel.Kind == news.RelDuplicate && later:
		kind = "duplicated by"
	case rel.Kind == news.RelDuplicate:
		kind = "duplicate of"
	case rel.Kind == news.RelUpdate && later:
		kind = "updated as"
	case rel.Kind == news.RelUpdate:
		kind = "updated version of"
	case later:
		kind = "reused by"
	default:
		kind = "reuses"
	}
	rv := relatedView{Kind: kind, ID: other, Wire: rel.Wire, Fraction: fmt.Sprintf("%.0f%%", 100*rel.Fraction)}
	o, err := s.store.Article(r.Context(), other)
	if errors.Is(err, news.ErrNotFound) {
		return rv, nil
	}
	if err != nil {
		return rv, err
	}
	rv.Title, rv.Source = o.Article.Title, o.Article.Source.Label()
	if !o.Article.Published.IsZero() {
		rv.Published = formatDate(o.Article.Published)
	}
	return rv, nil
}
