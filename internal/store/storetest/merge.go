package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// RunMerges runs the contract suite of news.StoryMerger (the SQLite store's merge test,
// shared so that every backend runs it). open must return a new, empty store
// implementing news.Store and news.StoryMerger; RunMerges closes it.
func RunMerges(t *testing.T, open func(t *testing.T) news.Store) {
	ctx := context.Background()
	s := open(t)
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	m, ok := s.(news.StoryMerger)
	if !ok {
		t.Fatalf("%T does not implement news.StoryMerger", s)
	}
	day := time.Date(2019, 11, 5, 0, 0, 0, 0, time.UTC)
	put := func(id, story string, d int) {
		t.Helper()
		a := &news.Article{ID: id, Title: "Headline " + id, Published: day.AddDate(0, 0, d)}
		if _, err := s.Put(ctx, a, story); err != nil {
			t.Fatal(err)
		}
	}
	put("a1", "sA", 1)
	put("a2", "sA", 2)
	put("b1", "sB", 0)
	put("c1", "sC", 3)

	if err := m.MergeStory(ctx, "sB", "sA"); err != nil {
		t.Fatal(err)
	}
	st, err := s.Story(ctx, "sA")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.Articles, []string{"b1", "a1", "a2"}) || !st.First.Equal(day) || !st.Last.Equal(day.AddDate(0, 0, 2)) {
		t.Errorf("merged story: articles %v, %v..%v", st.Articles, st.First, st.Last)
	}
	if st.Title != "Headline b1" {
		t.Errorf("merged story title %q; want the earliest headline", st.Title)
	}
	if _, err := s.Story(ctx, "sB"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("Story(sB) after the merge: %v; want ErrNotFound", err)
	}
	if got, err := s.Article(ctx, "b1"); err != nil || got.StoryID != "sA" {
		t.Errorf("article b1 after the merge: %+v, %v; want story sA", got, err)
	}
	// A later article in the survivor keeps the merged title (the earliest stays).
	put("a3", "sA", 5)
	if st, err := s.Story(ctx, "sA"); err != nil || st.Title != "Headline b1" || len(st.Articles) != 4 {
		t.Errorf("after a later article: %+v, %v; want title Headline b1 and 4 articles", st, err)
	}

	// A later merge of the survivor re-points the earlier one: links stay one hop.
	if err := m.MergeStory(ctx, "sA", "sC"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"sA", "sB"} {
		if into, err := m.MergedInto(ctx, id); err != nil || into != "sC" {
			t.Errorf("MergedInto(%s) = %q, %v; want sC", id, into, err)
		}
	}
	if _, err := m.MergedInto(ctx, "sC"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("MergedInto(sC), never merged: %v; want ErrNotFound", err)
	}
	if n, k, err := s.Count(ctx); err != nil || n != 5 || k != 1 {
		t.Errorf("Count = %d articles, %d stories, %v; want 5, 1", n, k, err)
	}
	for _, bad := range [][2]string{{"sC", "sC"}, {"nope", "sC"}} {
		if err := m.MergeStory(ctx, bad[0], bad[1]); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("MergeStory(%s, %s): %v; want ErrInvalid", bad[0], bad[1], err)
		}
	}
}
