package ingest

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"path/filepath"
	"sort"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sample"
	"github.com/parallax-news/parallax/internal/story"
)

// sampleStream returns the bundled AllSides slice in arrival order: by publication date,
// then by id (the order in which the store's Since gives articles of the same time back).
func sampleStream(t *testing.T) []*news.Article {
	t.Helper()
	f, err := sample.FS().Open("allsides-2019-11-16-to-12-31.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var arts []*news.Article
	for sc.Scan() {
		a := new(news.Article)
		if err := json.Unmarshal(sc.Bytes(), a); err != nil {
			t.Fatal(err)
		}
		a.Input = news.Input{Path: "sample:" + a.ID, Kind: news.KindJSONL}
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	sort.SliceStable(arts, func(i, j int) bool {
		if !arts[i].Published.Equal(arts[j].Published) {
			return arts[i].Published.Before(arts[j].Published)
		}
		return arts[i].ID < arts[j].ID
	})
	return arts
}

// Online equals offline: clustering the stream in one batch, ingesting it one article at a
// time, and ingesting it across pipeline restarts (each rebuilding the index from the store)
// give every article the same story, merges followed.
func TestOnlineEqualsOffline(t *testing.T) {
	ctx := context.Background()
	arts := sampleStream(t)
	if testing.Short() {
		arts = arts[:200]
	}

	ix := story.New(story.Options{})
	offline := map[string]string{}
	for _, a := range arts {
		offline[a.ID] = ix.Assign(a, a.Published)
	}
	stories := map[string]bool{}
	for id, s := range offline {
		offline[id] = ix.Resolve(s)
		stories[offline[id]] = true
	}
	if len(stories) < 20 || len(stories) > len(arts)*9/10 {
		t.Fatalf("offline: %d articles in %d stories: the stream does not exercise clustering", len(arts), len(stories))
	}

	ingest := func(name string, restarts map[int]bool) {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "t.db")
			st := open(t, path)
			p, err := New(ctx, st, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for i, a := range arts {
				if restarts[i] {
					st.Close()
					st = open(t, path)
					if p, err = New(ctx, st, Options{}); err != nil {
						t.Fatal(err)
					}
				}
				c := *a
				if _, err := p.Article(ctx, &c); err != nil {
					t.Fatal(err)
				}
			}
			diff := 0
			for _, a := range arts {
				got, err := st.Article(ctx, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.StoryID != offline[a.ID] {
					if diff++; diff <= 5 {
						t.Errorf("article %s (%s): story %s online, %s offline", a.ID, a.Title, got.StoryID, offline[a.ID])
					}
				}
			}
			if diff > 0 {
				t.Errorf("%d of %d articles differ", diff, len(arts))
			}
		})
	}
	ingest("one at a time", nil)
	ingest("with restarts", map[int]bool{len(arts) / 3: true, len(arts) * 2 / 3: true, len(arts) - 1: true})
}
