package server

import (
	"fmt"
	"net/http"

	"github.com/parallax-news/parallax/internal/news"
)

// feedJSON is one followed feed in GET /api/feeds: its health (last success, last
// error, consecutive failures) and schedule.
type feedJSON struct {
	news.Feed
	IntervalSeconds int `json:"interval_seconds"`
}

// apiFeeds answers GET /api/feeds: the followed feeds with their health, by URL, and
// the page queue's counts by state. A store without feeds (news.FeedStore) gives an
// empty list.
func (s *Server) apiFeeds(w http.ResponseWriter, r *http.Request) error {
	out := struct {
		Feeds []feedJSON     `json:"feeds"`
		Queue map[string]int `json:"queue"`
	}{Feeds: []feedJSON{}, Queue: map[string]int{}}
	fs, ok := s.store.(news.FeedStore)
	if ok {
		feeds, err := fs.Feeds(r.Context())
		if err != nil {
			return fmt.Errorf("api feeds: %w", err)
		}
		for _, f := range feeds {
			out.Feeds = append(out.Feeds, feedJSON{Feed: f, IntervalSeconds: int(f.Interval.Seconds())})
		}
		counts, err := fs.FetchCounts(r.Context())
		if err != nil {
			return fmt.Errorf("api feeds: %w", err)
		}
		for _, st := range []string{news.FetchPending, news.FetchDone, news.FetchFailed} {
			out.Queue[st] = counts[st]
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
