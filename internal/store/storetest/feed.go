package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// RunFeeds runs the contract suite of news.FeedStore. open must return a new, empty
// store for each call; RunFeeds does not close it (pass a cleanup through t).
func RunFeeds(t *testing.T, open func(t *testing.T) news.FeedStore) {
	tests := []struct {
		name string
		fn   func(*testing.T, news.FeedStore)
	}{
		{"FeedsFollow", testFeedsFollow},
		{"FeedsHealth", testFeedsHealth},
		{"FetchQueue", testFetchQueue},
		{"Checkpoints", testCheckpoints},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

func testFeedsFollow(t *testing.T, s news.FeedStore) {
	ctx := context.Background()
	for _, u := range []string{"https://b.example/rss", "https://a.example/atom"} {
		if ok, err := s.AddFeed(ctx, news.Feed{URL: u, Title: "T " + u, Interval: 15 * time.Minute}); err != nil || !ok {
			t.Fatalf("AddFeed(%s) = %v, %v", u, ok, err)
		}
	}
	if ok, err := s.AddFeed(ctx, news.Feed{URL: "https://b.example/rss", Title: "changed"}); err != nil || ok {
		t.Errorf("AddFeed again = %v, %v; want false, nil", ok, err)
	}
	if _, err := s.AddFeed(ctx, news.Feed{URL: "ftp://x/feed"}); !errors.Is(err, news.ErrInvalid) {
		t.Errorf("AddFeed(ftp) = %v, want ErrInvalid", err)
	}
	fs, err := s.Feeds(ctx)
	if err != nil || len(fs) != 2 || fs[0].URL != "https://a.example/atom" || fs[1].Title != "T https://b.example/rss" || fs[1].Interval != 15*time.Minute {
		t.Fatalf("Feeds = %+v, %v", fs, err)
	}
	if fs[0].Added.IsZero() {
		t.Error("Added not set")
	}
	if err := s.RemoveFeed(ctx, "https://a.example/atom"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveFeed(ctx, "https://a.example/atom"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("RemoveFeed twice = %v, want ErrNotFound", err)
	}
	if _, err := s.Feed(ctx, "https://a.example/atom"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("Feed(removed) = %v, want ErrNotFound", err)
	}
}

func testFeedsHealth(t *testing.T, s news.FeedStore) {
	ctx := context.Background()
	if _, err := s.AddFeed(ctx, news.Feed{URL: "https://a.example/rss"}); err != nil {
		t.Fatal(err)
	}
	f, err := s.Feed(ctx, "https://a.example/rss")
	if err != nil {
		t.Fatal(err)
	}
	f.ETag, f.LastModified = `"v2"`, "Tue, 05 Mar 2024 10:00:00 GMT"
	f.LastPoll, f.LastSuccess, f.LastErrorAt, f.NextPoll = at(1), at(0), at(1), at(2)
	f.LastError, f.Failures, f.Items, f.Title = "HTTP 503", 2, 17, "A"
	if err := s.UpdateFeed(ctx, *f); err != nil {
		t.Fatal(err)
	}
	g, err := s.Feed(ctx, f.URL)
	if err != nil {
		t.Fatal(err)
	}
	if g.ETag != f.ETag || g.LastModified != f.LastModified || !g.LastPoll.Equal(f.LastPoll) || !g.LastSuccess.Equal(f.LastSuccess) ||
		!g.LastErrorAt.Equal(f.LastErrorAt) || !g.NextPoll.Equal(f.NextPoll) || g.LastError != f.LastError || g.Failures != 2 || g.Items != 17 || g.Title != "A" {
		t.Errorf("UpdateFeed round trip\n got %+v\nwant %+v", g, f)
	}
	if err := s.UpdateFeed(ctx, news.Feed{URL: "https://nope.example/"}); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("UpdateFeed(unknown) = %v, want ErrNotFound", err)
	}
}

func testFetchQueue(t *testing.T, s news.FeedStore) {
	ctx := context.Background()
	n, err := s.Enqueue(ctx, []news.Fetch{
		{URL: "https://a.example/1", Feed: "https://a.example/rss", Title: "One", NextTry: at(0)},
		{URL: "https://a.example/2", NextTry: at(1)},
		{URL: "https://a.example/3", NextTry: at(5)},
	})
	if err != nil || n != 3 {
		t.Fatalf("Enqueue = %d, %v", n, err)
	}
	if n, err := s.Enqueue(ctx, []news.Fetch{{URL: "https://a.example/1"}, {URL: "https://a.example/4", NextTry: at(0)}}); err != nil || n != 1 {
		t.Errorf("Enqueue with a repeat = %d, %v; want 1", n, err)
	}
	due, err := s.DueFetches(ctx, at(1), 10)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, f := range due {
		urls = append(urls, f.URL)
	}
	if len(urls) != 3 || urls[0] != "https://a.example/1" || urls[2] != "https://a.example/2" {
		t.Fatalf("DueFetches(at 1) = %q", urls)
	}
	if due[0].Feed != "https://a.example/rss" || due[0].Title != "One" || due[0].State != news.FetchPending {
		t.Errorf("fields lost: %+v", due[0])
	}
	f := due[0]
	f.Attempts, f.LastError, f.NextTry = 1, "HTTP 503", at(3)
	if err := s.UpdateFetch(ctx, f); err != nil {
		t.Fatal(err)
	}
	done := due[1]
	done.State = news.FetchDone
	if err := s.UpdateFetch(ctx, done); err != nil {
		t.Fatal(err)
	}
	due, _ = s.DueFetches(ctx, at(1), 10)
	if len(due) != 1 || due[0].URL != "https://a.example/2" {
		t.Errorf("after retry-later and done: due = %+v", due)
	}
	due, _ = s.DueFetches(ctx, at(10), 1)
	if len(due) != 1 {
		t.Errorf("limit 1: %d", len(due))
	}
	counts, err := s.FetchCounts(ctx)
	if err != nil || counts[news.FetchPending] != 3 || counts[news.FetchDone] != 1 {
		t.Errorf("FetchCounts = %v, %v", counts, err)
	}
	if err := s.UpdateFetch(ctx, news.Fetch{URL: "https://x.example/", State: news.FetchDone}); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("UpdateFetch(unknown) = %v", err)
	}
	if err := s.UpdateFetch(ctx, news.Fetch{URL: "https://a.example/1", State: "weird"}); !errors.Is(err, news.ErrInvalid) {
		t.Errorf("UpdateFetch(bad state) = %v", err)
	}
}

func testCheckpoints(t *testing.T, s news.FeedStore) {
	ctx := context.Background()
	if n, err := s.Checkpoint(ctx, "job"); err != nil || n != 0 {
		t.Errorf("unknown checkpoint = %d, %v", n, err)
	}
	for _, n := range []int{5, 9} {
		if err := s.SetCheckpoint(ctx, "job", n); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Checkpoint(ctx, "job"); err != nil || got != n {
			t.Errorf("Checkpoint = %d, %v; want %d", got, err, n)
		}
	}
}
