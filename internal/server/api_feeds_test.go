package server

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

func TestAPIFeedsShowsHealth(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.AddFeed(ctx, news.Feed{URL: "https://a.example/rss", Interval: 20 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	f, _ := st.Feed(ctx, "https://a.example/rss")
	f.LastSuccess = time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)
	f.LastError, f.LastErrorAt, f.Failures = "HTTP 503", time.Date(2024, 3, 5, 11, 0, 0, 0, time.UTC), 1
	if err := st.UpdateFeed(ctx, *f); err != nil {
		t.Fatal(err)
	}
	st.Enqueue(ctx, []news.Fetch{{URL: "https://a.example/1"}})
	ts, _ := newTestServer(t, st, Options{})
	res, body := get(t, ts, "/api/feeds")
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	var got struct {
		Feeds []map[string]any
		Queue map[string]int
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Feeds) != 1 || got.Feeds[0]["last_success"] != "2024-03-05T10:00:00Z" || got.Feeds[0]["last_error"] != "HTTP 503" ||
		got.Feeds[0]["interval_seconds"] != 1200.0 || got.Queue["pending"] != 1 {
		t.Errorf("GET /api/feeds = %s", body)
	}
}
