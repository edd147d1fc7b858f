package sqlite

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/storetest"
)

func TestMergeStory(t *testing.T) {
	ctx := context.Background()
	s := open(t, tempPath(t))
	defer s.Close()
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

	if err := s.MergeStory(ctx, "sB", "sA"); err != nil {
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

	// A later merge of the survivor re-points the earlier one: links stay one hop.
	if err := s.MergeStory(ctx, "sA", "sC"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"sA", "sB"} {
		if into, err := s.MergedInto(ctx, id); err != nil || into != "sC" {
			t.Errorf("MergedInto(%s) = %q, %v; want sC", id, into, err)
		}
	}
	if _, err := s.MergedInto(ctx, "sC"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("MergedInto(sC), never merged: %v; want ErrNotFound", err)
	}
	if n, m, err := s.Count(ctx); err != nil || n != 4 || m != 1 {
		t.Errorf("Count = %d articles, %d stories, %v; want 4, 1", n, m, err)
	}
	for _, bad := range [][2]string{{"sC", "sC"}, {"nope", "sC"}} {
		if err := s.MergeStory(ctx, bad[0], bad[1]); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("MergeStory(%s, %s): %v; want ErrInvalid", bad[0], bad[1], err)
		}
	}
}

func TestContractMerges(t *testing.T) {
	storetest.RunMerges(t, func(t *testing.T) news.Store { return open(t, tempPath(t)) })
}
