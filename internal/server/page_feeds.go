package server

import (
	"fmt"
	"net/http"

	"github.com/parallax-news/parallax/internal/news"
)

// feedsView is the data of the followed feeds page: each feed's health and the page
// fetch queue's counts.
type feedsView struct {
	chrome
	Feeds                 []news.Feed
	Pending, Done, Failed int
	Supported             bool
}

// feedsPage shows the followed feeds (see parallax feeds) with their health: when each
// was last polled and succeeded, its last error and how many polls in a row failed.
func (s *Server) feedsPage(w http.ResponseWriter, r *http.Request) error {
	v := feedsView{chrome: chrome{Title: "Feeds"}}
	fs, ok := s.store.(news.FeedStore)
	if ok {
		v.Supported = true
		feeds, err := fs.Feeds(r.Context())
		if err != nil {
			return fmt.Errorf("feeds page: %w", err)
		}
		v.Feeds = feeds
		counts, err := fs.FetchCounts(r.Context())
		if err != nil {
			return fmt.Errorf("feeds page: %w", err)
		}
		v.Pending, v.Done, v.Failed = counts[news.FetchPending], counts[news.FetchDone], counts[news.FetchFailed]
	}
	return s.render(w, http.StatusOK, "feeds", v)
}
