package postgres

import (
	"testing"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/postgres/pgtest"
	"github.com/parallax-news/parallax/internal/store/storetest"
)

func TestFeedContract(t *testing.T) {
	storetest.RunFeeds(t, func(t *testing.T) news.FeedStore {
		s := open(t, pgtest.DSN(t))
		t.Cleanup(func() { s.Close() })
		return s
	})
}
