//go:build unix

package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/cputime"
	"github.com/parallax-news/parallax/internal/ingest"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

// allSidesStore is the whole AllSides corpus (37k articles) ingested, with its real
// story clustering, into a SQLite file that is built once and kept for later runs:
// $PARALLAX_BENCH_DB, else parallax-bench-allsides.db in the temporary directory.
var allSides struct {
	once sync.Once
	path string
	err  error
}

func allSidesStore(b *testing.B) *sqlite.Store {
	b.Helper()
	in, ok := corpus.Path("allsides", "articles.jsonl.gz")
	if !ok {
		b.Skip("the shared corpus (allsides/articles.jsonl.gz) is absent")
	}
	allSides.once.Do(func() {
		allSides.path = os.Getenv("PARALLAX_BENCH_DB")
		if allSides.path == "" {
			allSides.path = filepath.Join(os.TempDir(), "parallax-bench-allsides.db")
		}
		if _, err := os.Stat(allSides.path); err == nil {
			return
		}
		ctx := context.Background()
		tmp := allSides.path + ".building"
		os.Remove(tmp)
		st, err := sqlite.Open(ctx, tmp)
		if err != nil {
			allSides.err = err
			return
		}
		p, err := ingest.New(ctx, st, ingest.Options{})
		if err == nil {
			var sum ingest.Summary
			sum, err = p.Run(ctx, []string{in}, source.Options{}, nil)
			b.Logf("built %s: %s", allSides.path, sum)
		}
		if cerr := st.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp, allSides.path)
		}
		allSides.err = err
	})
	if allSides.err != nil {
		b.Fatal(allSides.err)
	}
	st, err := sqlite.Open(context.Background(), allSides.path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// benchStories picks the story with the most articles and a typical multi-article one
// (the median size of the stories with two or more articles).
func benchStories(b *testing.B, st news.Store) map[string]news.Story {
	ctx := context.Background()
	var multi []news.Story
	for off := 0; ; off += sqlite.MaxLimit {
		page, err := st.Stories(ctx, news.Page{Limit: sqlite.MaxLimit, Offset: off})
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range page {
			if len(s.Articles) > 1 {
				multi = append(multi, s)
			}
		}
		if len(page) < sqlite.MaxLimit {
			break
		}
	}
	if len(multi) == 0 {
		b.Fatal("no story has two articles")
	}
	sort.SliceStable(multi, func(i, j int) bool { return len(multi[i].Articles) < len(multi[j].Articles) })
	return map[string]news.Story{"typical": multi[len(multi)/2], "largest": multi[len(multi)-1]}
}

// BenchmarkStoryPage measures the server time of the story page (store reads, the
// comparison, the layout, the template) over the whole AllSides corpus: "cold" with
// the comparison computed in the request, "cached" as a reader opening it again.
//
//	go test -run '^$' -bench StoryPage -benchtime 20x ./internal/server/
func BenchmarkStoryPage(b *testing.B) {
	st := allSidesStore(b)
	n, m, err := st.Count(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	stories := benchStories(b, st)
	quiet := slog.New(slog.DiscardHandler)
	for _, name := range []string{"typical", "largest"} {
		story := stories[name]
		for _, cached := range []bool{false, true} {
			label := fmt.Sprintf("%s-%darticles/cold", name, len(story.Articles))
			if cached {
				label = fmt.Sprintf("%s-%darticles/cached", name, len(story.Articles))
			}
			b.Run(label, func(b *testing.B) {
				b.Logf("%d articles, %d stories in the store; story %s", n, m, story.ID)
				srv := New(st, Options{Compare: compare.Compare, Logger: quiet})
				h := srv.Handler()
				serve := func() {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/stories/"+story.ID, nil))
					if rec.Code != http.StatusOK {
						b.Fatalf("story %s: status %d", story.ID, rec.Code)
					}
				}
				serve() // warm the store's page cache either way
				cpu0 := cpuTime()
				for b.Loop() {
					if !cached {
						srv.cmps = newCmpCache(cmpCacheSize)
					}
					serve()
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/page")
				// On a loaded machine the wall time includes waiting for a core; the CPU
				// time of the process per page is the server's own cost.
				b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N)/1000, "cpu-ms/page")
			})
		}
	}
}

var cpuTime = cputime.Self
