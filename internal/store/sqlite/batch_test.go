package sqlite

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// batchWrites are writes with relations, an article already written and a merge: the
// second story is merged into the first by the fourth article.
func batchWrites() []news.Write {
	day := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	art := func(id, title string, h int) *news.Article {
		return &news.Article{ID: id, Title: title, Published: day.Add(time.Duration(h) * time.Hour),
			Paragraphs: []string{"The harbour board met on " + id + " about the dredging budget."}, Source: news.Source{Name: "Outlet " + id}}
	}
	return []news.Write{
		{Article: art("a1", "Harbour budget", 5), StoryID: "s1"},
		{Article: art("a2", "Dredging plan", 1), StoryID: "s2"},
		{Article: art("a3", "Harbour budget again", 2), StoryID: "s1",
			Relations: []news.Relation{{Kind: news.RelReuse, Earlier: "a1", Later: "a3", Fraction: 0.5, Source: "a1", Wire: "Reuters"}}},
		{Article: art("a1", "Harbour budget", 5), StoryID: "s1"},
		{Article: art("a4", "", 3), StoryID: "s1", Merged: []string{"s2"}},
	}
}

// state is what a user sees of s: articles with their story, stories with their
// aggregates and title, relations and merges.
func state(t *testing.T, s *Store) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	err := s.Since(ctx, time.Time{}, func(st news.Stored) error {
		out = append(out, fmt.Sprintf("article %s story %s", st.Article.ID, st.StoryID))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	stories, err := s.Stories(ctx, news.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range stories {
		out = append(out, fmt.Sprintf("story %s %q %d %s %s", st.ID, st.Title, len(st.Articles), st.First, st.Last))
	}
	rels, err := s.Relations(ctx, news.RelationFilter{}, news.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rels {
		out = append(out, fmt.Sprintf("relation %+v", r))
	}
	if into, err := s.MergedInto(ctx, "s2"); err == nil {
		out = append(out, "merged s2 into "+into)
	}
	hits, _, err := s.Search(ctx, "dredging", news.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, fmt.Sprintf("search hits %d", len(hits)))
	if err := s.Check(ctx); err != nil {
		t.Error(err)
	}
	return out
}

// One WriteBatch leaves the store as the same writes made one by one with
// AddRelations, Put and MergeStory.
func TestWriteBatchEqualsSeparateWrites(t *testing.T) {
	ctx := context.Background()
	one := open(t, tempPath(t))
	defer one.Close()
	var wantCreated []bool
	for _, w := range batchWrites() {
		if err := one.AddRelations(ctx, w.Relations); err != nil {
			t.Fatal(err)
		}
		ok, err := one.Put(ctx, w.Article, w.StoryID)
		if err != nil {
			t.Fatal(err)
		}
		wantCreated = append(wantCreated, ok)
		for _, from := range w.Merged {
			if err := one.MergeStory(ctx, from, w.StoryID); err != nil {
				t.Fatal(err)
			}
		}
	}
	batch := open(t, tempPath(t))
	defer batch.Close()
	created, err := batch.WriteBatch(ctx, batchWrites())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(created, wantCreated) {
		t.Errorf("created = %v, want %v", created, wantCreated)
	}
	want, got := state(t, one), state(t, batch)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("batch store:\n%q\nseparate writes:\n%q", got, want)
	}
	ids, err := batch.StoredIDs(ctx, []string{"a1", "zz", "a4"})
	if err != nil || !reflect.DeepEqual(ids, map[string]bool{"a1": true, "a4": true}) {
		t.Errorf("StoredIDs = %v, %v", ids, err)
	}
	// Ingest times follow the order of the writes.
	var last time.Time
	for _, id := range []string{"a1", "a2", "a3", "a4"} {
		st, err := batch.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !st.Ingested.After(last) {
			t.Errorf("article %s ingested at %v, not after the write before it (%v)", id, st.Ingested, last)
		}
		last = st.Ingested
	}
}

// A batch with one bad write stores nothing, names the article, and leaves what was
// stored before it.
func TestWriteBatchFailsWhole(t *testing.T) {
	ctx := context.Background()
	s := open(t, tempPath(t))
	defer s.Close()
	ws := batchWrites()
	if _, err := s.WriteBatch(ctx, ws[:2]); err != nil {
		t.Fatal(err)
	}
	before := state(t, s)
	bad := []news.Write{
		ws[2],
		{Article: &news.Article{ID: "b1", Title: "Bad merge"}, StoryID: "s9", Merged: []string{"nosuch"}},
	}
	_, err := s.WriteBatch(ctx, bad)
	if !errors.Is(err, news.ErrInvalid) || !contains(err.Error(), "article b1") {
		t.Errorf("err = %v; want ErrInvalid naming article b1", err)
	}
	if got := state(t, s); !reflect.DeepEqual(got, before) {
		t.Errorf("a failed batch changed the store:\n%q\nwant\n%q", got, before)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
