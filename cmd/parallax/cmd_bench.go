package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/eval"
	"github.com/parallax-news/parallax/internal/ingest"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

// runBench measures the whole pipeline (issue 11): it ingests a JSONL corpus into a fresh
// SQLite store through the real ingest pipeline and prints throughput (wall and CPU),
// each stage's share, peak RSS, store size and the time per article of the first and last
// 5,000; then it runs an HTML extraction set through go-trafilatura alone and through our
// whole pipeline in the same process, interleaved, and prints the ratio.
func runBench(ctx context.Context, e *env, args []string) error {
	fs := flags("bench", e.stderr)
	defIn, _ := corpus.Path("allsides", "articles.jsonl.gz")
	defHTML, _ := corpus.Path("extraction", "wcxb-dev-articles")
	in := fs.String("in", defIn, "the JSONL corpus to ingest")
	htmlSet := fs.String("html", defHTML, "the HTML set (a folder with html/ID.html[.gz] and ground-truth/ID.json); \"\" skips the HTML run")
	db := fs.String("db", "", "a fresh SQLite file to ingest into (default: one in a temporary folder, removed after)")
	limit := fs.Int("limit", 0, "ingest only the first N articles (0: all)")
	htmlLimit := fs.Int("html-limit", 0, "run only the first N HTML pages (0: all)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the JSONL ingest to this file")
	memprofile := fs.String("memprofile", "", "write a heap profile taken at the end of the JSONL ingest (pipeline still open) to this file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *in == "" {
		if *in == "" {
			fmt.Fprintln(e.stderr, "parallax bench: no corpus found; give --in FILE")
		}
		return errUsage
	}
	if fi, err := os.Stat(*in); err != nil || fi.IsDir() {
		return fmt.Errorf("--in %s: not a readable corpus file (JSONL, gzip allowed)", *in)
	}
	if *db == "" {
		dir, err := os.MkdirTemp("", "parallax-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*db = filepath.Join(dir, "bench.db")
	} else if _, err := os.Stat(*db); err == nil {
		return fmt.Errorf("--db %s: exists; the benchmark needs a fresh store", *db)
	}
	stopProfile, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	memLimit := limitMemory()
	err = benchJSONL(ctx, e.stdout, *in, *db, *limit, *memprofile)
	stopProfile()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "  memory limit   %d MiB (Go soft limit; GOMEMLIMIT overrides)\n", memLimit>>20)
	if *htmlSet == "" {
		return nil
	}
	return benchHTML(ctx, e.stdout, *htmlSet, *htmlLimit)
}

// benchJSONL ingests in into a fresh store at db and prints the figures.
func benchJSONL(ctx context.Context, w io.Writer, in, db string, limit int, memprofile string) error {
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	var tm ingest.Timing
	// The wall and CPU clocks after each document: time per article over any stretch.
	var walls, cpus []time.Duration
	start, cpu0 := time.Now(), cpuTime()
	gc0, cycles0 := gcStats()
	p, err := ingest.New(ctx, st, ingest.Options{Timing: &tm, MaxDocs: limit, Progress: func(ingest.Summary) {
		walls = append(walls, time.Since(start))
		cpus = append(cpus, cpuTime()-cpu0)
	}})
	if err != nil {
		return err
	}
	sum, err := p.Run(ctx, []string{in}, source.Options{}, nil)
	wall, cpu := time.Since(start), cpuTime()-cpu0
	gc, cycles := gcStats()
	gc, cycles = gc-gc0, cycles-cycles0
	if err != nil {
		return err
	}
	digest, err := st.Digest(ctx)
	if err != nil {
		return err
	}
	if memprofile != "" {
		if err := writeHeapProfile(memprofile); err != nil {
			return err
		}
		runtime.KeepAlive(p)
	}
	if err := st.Close(); err != nil {
		return err
	}
	n := len(walls)
	fmt.Fprintf(w, "JSONL ingest: %s\n", in)
	fmt.Fprintf(w, "  %s\n", sum)
	fmt.Fprintf(w, "  documents      %d in %s wall, %s CPU (GOMAXPROCS %d)\n", n, wall.Round(time.Millisecond), cpu.Round(time.Millisecond), runtime.GOMAXPROCS(0))
	fmt.Fprintf(w, "  throughput     %.0f articles/s wall, %.0f articles/s of CPU\n", perSec(n, wall), perSec(n, cpu))
	fmt.Fprintf(w, "  collector      %d cycles, %s CPU (%.1f%% of the CPU; the runtime's estimate, idle marking included)\n",
		cycles, gc.Round(time.Millisecond), 100*float64(gc)/float64(max(cpu, 1)))
	total := tm.Total()
	fmt.Fprintf(w, "  stages (share of the %s timed wall):\n", total.Round(time.Millisecond))
	for _, s := range []struct {
		name string
		d    time.Duration
	}{{"read/decode", tm.Read}, {"extract", tm.Extract}, {"prepare", tm.Prepare}, {"reuse index", tm.Reuse}, {"story", tm.Story}, {"store write", tm.Store}} {
		fmt.Fprintf(w, "    %-12s %5.1f%%  %s\n", s.name, 100*float64(s.d)/float64(max(total, 1)), s.d.Round(time.Millisecond))
	}
	fmt.Fprintf(w, "  peak RSS       %.0f MiB\n", float64(peakRSS())/(1<<20))
	fmt.Fprintf(w, "  store size     %.1f MiB\n", float64(fileSizes(db, db+"-wal", db+"-shm"))/(1<<20))
	fmt.Fprintf(w, "  store digest   %s (what was decided and stored, without ingest times)\n", digest)
	k := min(5000, n/2)
	if k > 0 {
		first := func(c []time.Duration) time.Duration { return c[k-1] / time.Duration(k) }
		last := func(c []time.Duration) time.Duration { return (c[n-1] - c[n-k-1]) / time.Duration(k) }
		if n == 2*k {
			last = func(c []time.Duration) time.Duration { return (c[n-1] - c[k-1]) / time.Duration(k) }
		}
		fmt.Fprintf(w, "  per article    first %d: %s wall, %s CPU; last %d: %s wall, %s CPU\n",
			k, first(walls).Round(time.Microsecond), first(cpus).Round(time.Microsecond),
			k, last(walls).Round(time.Microsecond), last(cpus).Round(time.Microsecond))
	}
	return nil
}

// benchHTML runs the pages of set through go-trafilatura alone and through our whole
// pipeline (extract, reuse, story, store into a fresh SQLite store), alternating blocks
// of pages so that both see the same load on a shared machine, and prints the ratio.
func benchHTML(ctx context.Context, w io.Writer, set string, limit int) error {
	docs, err := loadHTMLSet(set, limit)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "parallax-bench-html-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := sqlite.Open(ctx, filepath.Join(dir, "html.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := ingest.New(ctx, st, ingest.Options{})
	if err != nil {
		return err
	}
	var peerWall, peerCPU, oursWall, oursCPU time.Duration
	var bytes int64
	failed := 0
	const block = 25
	for i := 0; i < len(docs); i += block {
		if err := ctx.Err(); err != nil {
			return err
		}
		part := docs[i:min(i+block, len(docs))]
		t0, c0 := time.Now(), cpuTime()
		for _, d := range part {
			trafilaturaExtract(d)
		}
		t1, c1 := time.Now(), cpuTime()
		for _, d := range part {
			bytes += int64(len(d.Body))
			if _, err := p.Doc(ctx, d); err != nil {
				failed++
			}
		}
		t2, c2 := time.Now(), cpuTime()
		peerWall += t1.Sub(t0)
		peerCPU += c1 - c0
		oursWall += t2.Sub(t1)
		oursCPU += c2 - c1
	}
	n := len(docs)
	fmt.Fprintf(w, "HTML path: %d pages of %s (%.1f MiB), interleaved in blocks of %d\n", n, set, float64(bytes)/(1<<20), block)
	fmt.Fprintf(w, "  go-trafilatura alone  %6.1f pages/s wall, %6.1f pages/s of CPU\n", perSec(n, peerWall), perSec(n, peerCPU))
	fmt.Fprintf(w, "  parallax pipeline     %6.1f pages/s wall, %6.1f pages/s of CPU (%d not stored)\n", perSec(n, oursWall), perSec(n, oursCPU), failed)
	fmt.Fprintf(w, "  ratio                 %.2fx wall, %.2fx CPU (target >= 0.8x)\n",
		float64(peerWall)/float64(max(oursWall, 1)), float64(peerCPU)/float64(max(oursCPU, 1)))
	return nil
}

// loadHTMLSet reads the pages of an extraction set into memory, gzip undone, with the
// URL of their ground truth (both extractors see it).
func loadHTMLSet(set string, limit int) ([]news.RawDoc, error) {
	dir := filepath.Join(set, "html")
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("--html %s: %w", set, err)
	}
	var docs []news.RawDoc
	for _, ent := range ents {
		name := ent.Name()
		id := strings.TrimSuffix(strings.TrimSuffix(name, ".gz"), ".html")
		if !ent.Type().IsRegular() || id == name || strings.HasPrefix(name, ".") {
			continue
		}
		body, err := readMaybeGzip(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		doc := news.RawDoc{Path: filepath.Join(dir, name), Kind: news.KindHTML, Body: body, Fetched: time.Now().UTC()}
		if g, err := eval.ReadGold(filepath.Join(set, "ground-truth", id+".json")); err == nil {
			doc.URL = g.URL
		}
		docs = append(docs, doc)
		if limit > 0 && len(docs) == limit {
			break
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("--html %s: no html/ID.html[.gz] pages: %w", set, news.ErrNotFound)
	}
	return docs, nil
}

func readMaybeGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	b, err := io.ReadAll(io.LimitReader(r, source.DefaultMaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(b) > source.DefaultMaxBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB", path, source.DefaultMaxBytes>>20)
	}
	return b, nil
}

// trafilaturaExtract runs go-trafilatura as `parallax eval extract` does (fallback
// extractors on, comments off); a panic counts as a failure.
func trafilaturaExtract(doc news.RawDoc) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	opts := trafilatura.Options{EnableFallback: true, ExcludeComments: true}
	if u, err := url.Parse(doc.URL); err == nil && u.Host != "" {
		opts.OriginalURL = u
	}
	_, err := trafilatura.Extract(strings.NewReader(string(doc.Body)), opts)
	return err == nil
}

// gcStats is the processor time the Go collector has used (the runtime's estimate) and
// the number of collections completed. The count does not depend on the machine's load.
func gcStats() (time.Duration, uint64) {
	s := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	var d time.Duration
	var n uint64
	if s[0].Value.Kind() == metrics.KindFloat64 {
		d = time.Duration(s[0].Value.Float64() * float64(time.Second))
	}
	if s[1].Value.Kind() == metrics.KindUint64 {
		n = s[1].Value.Uint64()
	}
	return d, n
}

func perSec(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// fileSizes is the total size of the files that exist among paths.
func fileSizes(paths ...string) int64 {
	var n int64
	for _, p := range slices.Compact(paths) {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// writeHeapProfile writes the live heap (after a collection) to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--memprofile: %w", err)
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("--memprofile: %w", err)
	}
	return f.Close()
}
