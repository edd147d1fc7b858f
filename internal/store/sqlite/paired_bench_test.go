package sqlite

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/news"
)

var (
	pairSQL      = flag.String("pair-sql", "", "BenchmarkWriteBatchPaired: statements (;-separated) run on store B's writer after it opens")
	pairPageSize = flag.Int("pair-page-size", 0, "BenchmarkWriteBatchPaired: page size of store B, set before it is created (0: the default)")
	pairArticles = flag.Int("pair-articles", 10000, "BenchmarkWriteBatchPaired: how many AllSides articles to write")
)

// BenchmarkWriteBatchPaired compares the WriteBatch CPU of a store with other settings
// (B: -pair-sql, -pair-page-size) against today's (A), on a loaded machine: both get the
// same batches of 256 AllSides articles in turn, and only the writing goroutine's own
// thread CPU is counted. The store written second in a pair is systematically cheaper,
// so the run is made twice, A first on even batches then on odd ones, and the metric
// B/A is the geometric mean of the two ratios (an A/A run gives 0.99-1.01).
//
//	go test -run '^$' -bench WriteBatchPaired -benchtime 1x ./internal/store/sqlite/ -args -pair-sql 'PRAGMA wal_autocheckpoint=16384'
func BenchmarkWriteBatchPaired(b *testing.B) {
	if _, ok := corpus.Path("allsides", "articles.jsonl.gz"); !ok {
		b.Skip("shared corpus absent: allsides/articles.jsonl.gz")
	}
	as, _, err := corpus.FirstAllSides(*pairArticles)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		ratio := 1.0
		var per [2]time.Duration
		for phase := range 2 {
			cpu := pairedRun(b, ctx, as, phase)
			ratio *= float64(cpu[1]) / float64(cpu[0])
			per[0] += cpu[0]
			per[1] += cpu[1]
		}
		b.ReportMetric(math.Sqrt(ratio), "B/A")
		b.ReportMetric(float64(per[0].Microseconds())/float64(2*len(as)), "A-cpu-µs/article")
		b.ReportMetric(float64(per[1].Microseconds())/float64(2*len(as)), "B-cpu-µs/article")
	}
}

// pairedRun writes as to two fresh stores, A (today's settings) and B, and returns the
// writing thread's CPU time in each.
func pairedRun(b *testing.B, ctx context.Context, as []*news.Article, phase int) [2]time.Duration {
	var stores [2]*Store
	for i := range stores {
		path := tempPath(b)
		if i == 1 && *pairPageSize > 0 {
			// modernc applies _pragma parameters in name order (journal_mode before
			// page_size), so the page size is set on the empty file first.
			db, err := sql.Open("sqlite", path)
			if err != nil {
				b.Fatal(err)
			}
			for _, q := range []string{fmt.Sprintf("PRAGMA page_size=%d", *pairPageSize), "PRAGMA journal_mode=WAL"} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					b.Fatal(q, err)
				}
			}
			db.Close()
		}
		stores[i] = open(b, path)
		defer stores[i].Close()
		if i == 1 {
			for _, q := range strings.Split(*pairSQL, ";") {
				if strings.TrimSpace(q) == "" {
					continue
				}
				if _, err := stores[i].w.ExecContext(ctx, q); err != nil {
					b.Fatal(q, err)
				}
			}
		}
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const size = 256
	var cpu [2]time.Duration
	for k := 0; k < len(as); k += size {
		var ws []news.Write
		for j := k; j < min(k+size, len(as)); j++ {
			ws = append(ws, news.Write{Article: as[j], StoryID: fmt.Sprintf("story-%d", j/3)})
		}
		for o := range 2 {
			i := (o + k/size + phase) % 2
			c0 := threadCPU()
			if _, err := stores[i].WriteBatch(ctx, ws); err != nil {
				b.Fatal(err)
			}
			cpu[i] += threadCPU() - c0
		}
	}
	return cpu
}
