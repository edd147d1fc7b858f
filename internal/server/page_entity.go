package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
)

// Bounds of a topic's story list: the newest matching articles looked at, and the
// stories listed from them.
const (
	topicArticles = 500
	topicStories  = 30
)

// errNoFind answers pages that need filtered search when the store has none.
var errNoFind = &statusError{http.StatusNotImplemented, "This store cannot search by entity, source or date."}

// topicStories returns the stories of the newest articles matching q (at most
// topicStories of them, newest first) and the number of matching articles.
func (s *Server) topicStories(ctx context.Context, q news.Query) ([]news.Story, int, error) {
	if s.finder == nil {
		return nil, 0, errNoFind
	}
	q.ByDate = true
	hits, total, err := s.finder.Find(ctx, q, news.Page{Limit: topicArticles})
	if err != nil {
		return nil, 0, err
	}
	var out []news.Story
	seen := map[string]bool{}
	for _, h := range hits {
		if h.StoryID == "" || seen[h.StoryID] || len(out) == topicStories {
			continue
		}
		seen[h.StoryID] = true
		st, err := s.store.Story(ctx, h.StoryID)
		if err != nil {
			return nil, 0, fmt.Errorf("story %q: %w", h.StoryID, err)
		}
		out = append(out, *st)
	}
	return out, total, nil
}

// entityView is the data of an entity's page.
type entityPageView struct {
	chrome
	Name     string
	Stories  []storyItem
	Articles int
	Search   string // link to all its articles
	CanWrite bool
}

// entityPage lists the stories whose articles name the entity.
func (s *Server) entityPage(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimSpace(r.PathValue("name"))
	if name == "" || len(name) > maxQuery {
		return &news.InvalidError{Field: "entity", Reason: "give a name of at most 500 characters"}
	}
	stories, total, err := s.topicStories(r.Context(), news.Query{Entity: name})
	if err != nil {
		return fmt.Errorf("entity %q: %w", name, err)
	}
	v := entityPageView{
		chrome: chrome{Title: name}, Name: name, Articles: total,
		Search:   "/search?" + url.Values{"entity": {name}, "sort": {"date"}}.Encode(),
		CanWrite: s.follows != nil && s.canWrite(r),
	}
	if v.Stories, err = s.storyItems(r.Context(), stories); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "entity", v)
}
