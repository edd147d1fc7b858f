package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// The digest is the same for the same writes made at other times, one batch or one by
// one, and changes when a decision changes (an article's story, a relation).
func TestDigest(t *testing.T) {
	ctx := context.Background()
	digest := func(ws []news.Write, batched bool) string {
		t.Helper()
		s := open(t, tempPath(t))
		defer s.Close()
		if batched {
			if _, err := s.WriteBatch(ctx, ws); err != nil {
				t.Fatal(err)
			}
		} else {
			for _, w := range ws {
				if err := s.AddRelations(ctx, w.Relations); err != nil {
					t.Fatal(err)
				}
				if _, err := s.Put(ctx, w.Article, w.StoryID); err != nil {
					t.Fatal(err)
				}
				for _, from := range w.Merged {
					if err := s.MergeStory(ctx, from, w.StoryID); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		d, err := s.Digest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	want := digest(batchWrites(), true)
	time.Sleep(2 * time.Millisecond) // other ingest times
	if got := digest(batchWrites(), false); got != want {
		t.Errorf("the same writes one by one: digest %s, want %s", got, want)
	}
	moved := batchWrites()
	moved[2].StoryID = "s3"
	if got := digest(moved, true); got == want {
		t.Error("an article in another story: same digest")
	}
	rel := batchWrites()
	rel[2].Relations[0].Fraction = 0.6
	if got := digest(rel, true); got == want {
		t.Error("another relation fraction: same digest")
	}
}
