package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/parallax-news/parallax/internal/news"
)

// redirectMerged answers a request for a story that is not stored because clustering
// merged it into another (news.StoryMerger) with a permanent redirect to prefix+the
// surviving story, keeping the query, so that links to the merged id keep working. It
// reports whether it answered; err is the error reading the story.
func (s *Server) redirectMerged(w http.ResponseWriter, r *http.Request, prefix, id string, err error) bool {
	if !errors.Is(err, news.ErrNotFound) {
		return false
	}
	into, ok := s.mergedInto(r.Context(), id)
	if !ok {
		return false
	}
	target := prefix + url.PathEscape(into)
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
	return true
}

// mergedInto returns the story id was merged into, when the store records merges.
func (s *Server) mergedInto(ctx context.Context, id string) (string, bool) {
	m, ok := s.store.(news.StoryMerger)
	if !ok {
		return "", false
	}
	into, err := m.MergedInto(ctx, id)
	if err != nil || into == "" || into == id {
		return "", false
	}
	return into, true
}
