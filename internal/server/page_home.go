package server

import (
	"context"
	"fmt"
	"net/http"

	"github.com/parallax-news/parallax/internal/news"
)

// storiesPerPage is the length of the home page's list.
const storiesPerPage = 20

// homeView is the data of the home page.
type homeView struct {
	chrome
	Stories  []storyItem
	Articles int // stored articles, all pages
	Total    int // stored stories, all pages
	Pager    pager
}

// storyItem is one story in a list.
type storyItem struct {
	news.Story
	Outlets  int // distinct sources
	Coverage coverage
	New      bool // has articles the user has not seen (followed view)
}

// storyItems dresses stories for a list, with their coverage by lean.
func (s *Server) storyItems(ctx context.Context, list []news.Story) ([]storyItem, error) {
	leans, err := s.leans(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]storyItem, 0, len(list))
	for _, st := range list {
		out = append(out, storyItem{Story: st, Outlets: countDistinct(st.Sources), Coverage: newCoverage(st.Sources, leans, nil)})
	}
	return out, nil
}

// home lists the latest stories, newest first.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	page, err := parsePage(r)
	if err != nil {
		return err
	}
	articles, stories, err := s.store.Count(r.Context())
	if err != nil {
		return fmt.Errorf("home: count: %w", err)
	}
	list, err := s.store.Stories(r.Context(), news.Page{Limit: storiesPerPage, Offset: (page - 1) * storiesPerPage})
	if err != nil {
		return fmt.Errorf("home: stories page %d: %w", page, err)
	}
	v := homeView{
		chrome:   chrome{Title: "Latest stories"},
		Articles: articles,
		Total:    stories,
		Pager:    newPager(r, page, storiesPerPage, stories),
	}
	if v.Stories, err = s.storyItems(r.Context(), list); err != nil {
		return fmt.Errorf("home: %w", err)
	}
	return s.render(w, http.StatusOK, "home", v)
}

// countDistinct counts the distinct strings of ss.
func countDistinct(ss []string) int {
	seen := make(map[string]bool, len(ss))
	for _, s := range ss {
		seen[s] = true
	}
	return len(seen)
}
