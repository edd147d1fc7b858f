package worker

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/store/postgres"
	"github.com/parallax-news/parallax/internal/store/postgres/pgtest"
)

// htmlPages copies the first n WCXB article pages (gzipped HTML) into a directory.
func htmlPages(b *testing.B, n int) string {
	b.Helper()
	src, ok := corpus.Path("extraction", "wcxb-dev-articles", "html")
	if !ok {
		b.Skip("corpus absent: extraction/wcxb-dev-articles/html")
	}
	names, err := filepath.Glob(filepath.Join(src, "*.html.gz"))
	if err != nil || len(names) < n {
		b.Fatalf("%d pages in %s (%v), want %d", len(names), src, err, n)
	}
	dir := b.TempDir()
	for _, name := range names[:n] {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(name)), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkWorkers measures ingest throughput (articles/s) through the job queue with
// 1, 2 and 4 workers, each in-process with its own connection pool and one
// extractor, on two loads: AllSides JSONL (little extraction: assignment and the
// database dominate) and WCXB HTML pages (main-content extraction dominates).
//
//	PARALLAX_TEST_POSTGRES=postgres://... go test -run '^$' -bench Workers -benchtime 1x ./internal/worker/
func BenchmarkWorkers(b *testing.B) {
	loads := []struct {
		name  string
		input func(*testing.B) string
		split int
		n     int
	}{
		{"allsides-jsonl", func(b *testing.B) string { return allSides(b, 2000) }, 50, 2000},
		{"wcxb-html", func(b *testing.B) string { return htmlPages(b, 200) }, 0, 200},
	}
	for _, load := range loads {
		for _, workers := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("%s/workers=%d", load.name, workers), func(b *testing.B) {
				input := load.input(b)
				ctx := context.Background()
				stored := 0
				var assigning, extracting time.Duration
				b.ResetTimer()
				for range b.N {
					b.StopTimer()
					dsn := pgtest.DSN(b)
					st := openStore(b, dsn)
					enqueue(b, st, load.split, input)
					stores := make([]*postgres.Store, workers)
					for i := range stores {
						stores[i] = openStore(b, dsn)
					}
					b.StartTimer()
					var wg sync.WaitGroup
					sums := make([]Summary, workers)
					errs := make([]error, workers)
					for i := range workers {
						wg.Go(func() {
							w := New(stores[i], Options{Name: fmt.Sprint("w", i), Extractors: 1, Poll: 20 * time.Millisecond, Drain: true})
							sums[i], errs[i] = w.Run(ctx)
						})
					}
					wg.Wait()
					b.StopTimer()
					for i := range workers {
						if errs[i] != nil {
							b.Fatal(errs[i])
						}
						stored += sums[i].Stored
						assigning += sums[i].Assigning
						extracting += sums[i].Extracting
					}
					b.StartTimer()
				}
				if want := load.n * b.N; stored < want*9/10 {
					b.Fatalf("stored %d articles, want about %d", stored, want)
				}
				b.ReportMetric(float64(stored)/b.Elapsed().Seconds(), "articles/s")
				// The serial part: the share of the run during which some worker held
				// the assignment lock (Amdahl: speed-up <= 1/serial on any core count).
				b.ReportMetric(assigning.Seconds()/b.Elapsed().Seconds(), "serial")
				b.ReportMetric(extracting.Seconds()/float64(stored)*1000, "extract-ms/article")
			})
		}
	}
}
