package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/reuse"
)

// runEvalReuse evaluates duplicate and reuse detection on the AllSides corpus: a first
// pass sends the real articles through the reuse index (speed, memory, and the relations
// the real corpus has), a second pass adds synthetic edited copies, partial reuses and
// unrelated same-topic articles (seeded) and scores the relations found.
func runEvalReuse(ctx context.Context, e *env, args []string) error {
	fs := flags("eval reuse", e.stderr)
	in := fs.String("in", "", "articles JSONL (may be .gz) with id, url, source, title, published, text, topic (default: the shared corpus's allsides/articles.jsonl.gz)")
	seed := fs.Uint64("seed", 1, "seed of the synthetic articles")
	copies := fs.Int("copies", 600, "edited copies (near duplicates) to inject")
	reuses := fs.Int("reuses", 400, "partial reuses (3-5 sentences of one article in a new one) to inject")
	unrelated := fs.Int("unrelated", 400, "unrelated articles of the same topic to inject")
	window := fs.Duration("window", 0, "reuse time window (default 168h)")
	verbose := fs.Bool("v", false, "print the first missed and false relations")
	speed := fs.Bool("speed", false, "run only pass 1 (the real corpus: speed and memory), not the scored pass 2")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of pass 1 to this file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 || *copies < 0 || *reuses < 0 || *unrelated < 0 {
		return errUsage
	}
	if *in == "" {
		p, ok := corpus.Path("allsides", "articles.jsonl.gz")
		if !ok {
			return fmt.Errorf("the shared corpus (allsides/articles.jsonl.gz) is not found; give --in")
		}
		*in = p
	}
	real, err := readTopical(*in)
	if err != nil {
		return err
	}
	opts := reuse.IndexOptions{Window: *window}

	// Pass 1: the real corpus alone.
	fmt.Fprintf(e.stderr, "parallax eval reuse: pass 1, %d real articles\n", len(real))
	stopProfile, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	p1, err := streamReuse(ctx, real, opts)
	stopProfile()
	if err != nil {
		return err
	}
	exclude := map[string]bool{}
	kinds := map[string]int{}
	for _, r := range p1.rels {
		exclude[r.Earlier], exclude[r.Later] = true, true
		kinds[r.Kind]++
	}
	fmt.Fprintf(e.stdout, "pass 1: real corpus, %d articles through the reuse index in %.2fs (wall): %.0f articles/s\n",
		len(real), p1.total.Seconds(), float64(len(real))/p1.total.Seconds())
	fmt.Fprintf(e.stdout, "  CPU per article: first %d %.0f µs (%.0f articles/s), last %d %.0f µs (%.0f articles/s); last/first %.2f\n",
		p1.n, p1.firstPer, 1e6/p1.firstPer, p1.n, p1.lastPer, 1e6/p1.lastPer, p1.lastPer/p1.firstPer)
	fmt.Fprintf(e.stdout, "  CPU per article, all %d: %.0f µs (%.0f articles/s): Prepare %.0f µs, AddPrepared %.0f µs\n",
		len(real), p1.allPer, 1e6/p1.allPer, p1.preparePer, p1.addPer)
	fmt.Fprintf(e.stdout, "  index: %d articles, %d buckets; heap %.0f MB after %d articles, %.0f MB at the end\n",
		p1.held, p1.buckets, p1.heapEarly/(1<<20), p1.n, p1.heapEnd/(1<<20))
	fmt.Fprintf(e.stdout, "  relations in the real corpus: %d duplicate, %d update, %d reuse (%d articles, left out of the synthetic set)\n",
		kinds[news.RelDuplicate], kinds[news.RelUpdate], kinds[news.RelReuse], len(exclude))
	if *speed {
		return nil
	}

	// Pass 2: with synthetic articles.
	set, err := reuse.BuildEval(real, exclude, reuse.EvalOptions{Seed: *seed, Copies: *copies, Reuses: *reuses, Unrelated: *unrelated})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "parallax eval reuse: pass 2, %d articles\n", len(set.Stream))
	p2, err := streamReuse(ctx, set.Stream, opts)
	if err != nil {
		return err
	}
	s := set.Score(p2.rels)
	fmt.Fprintf(e.stdout, "pass 2: seed %d, %d articles (%d copies, %d partial reuses, %d unrelated same-topic injected) in %.2fs\n",
		*seed, len(set.Stream), *copies, *reuses, *unrelated, p2.total.Seconds())
	fmt.Fprintf(e.stdout, "  near duplicates  P %.3f  R %.3f  (%d found, %d right of %d; kind right %d, source right %d)\n",
		s.NearPrecision(), s.NearRecall(), s.NearFound, s.NearRight, s.NearGold, s.NearKindRight, s.NearSourceRight)
	fmt.Fprintf(e.stdout, "  partial reuse    P %.3f  R %.3f  (%d found, %d right of %d; source right %d)\n",
		s.ReusePrecision(), s.ReuseRecall(), s.ReuseFound, s.ReuseRight, s.ReuseGold, s.ReuseSourceRight)
	fmt.Fprintf(e.stdout, "  false links %d, of them between different stories on the same topic %d; gold pairs found with the wrong kind %d; links outside the gold between articles holding the same real sentences %d\n",
		s.FalseLinks, s.FalseSameTopic, s.WrongKind, s.RealText)
	if *verbose {
		for _, x := range s.Examples {
			fmt.Fprintf(e.stdout, "  %s\n", x)
		}
		byID := map[string]*news.Article{}
		for _, ea := range set.Stream {
			byID[ea.Article.ID] = ea.Article
		}
		for _, p := range s.False {
			a, b := byID[p[0]], byID[p[1]]
			if a == nil || b == nil {
				continue
			}
			fmt.Fprintf(e.stdout, "  false link %s (%s, %s) -> %s (%s, %s):\n", a.ID, a.Source.Name, set.Topic[a.ID], b.ID, b.Source.Name, set.Topic[b.ID])
			for _, sh := range reuse.SharedSentences(a, b) {
				fmt.Fprintf(e.stdout, "    [%s] %q\n      = %q\n", sh[0], sh[1], sh[2])
			}
		}
		for _, p := range s.MissedReuse[:min(len(s.MissedReuse), 5)] {
			a, b := byID[p[0]], byID[p[1]]
			if a == nil || b == nil {
				continue
			}
			fmt.Fprintf(e.stdout, "  missed reuse %s (%s) -> %s (%s):\n", a.ID, a.Source.Name, b.ID, b.Source.Name)
			for _, sh := range reuse.SharedSentences(a, b) {
				fmt.Fprintf(e.stdout, "    [%s] %q\n      = %q\n", sh[0], sh[1], sh[2])
			}
		}
	}
	return nil
}

// streamed is what one pass of the reuse index measured.
type streamed struct {
	rels              []news.Relation
	total             time.Duration
	n                 int     // articles in each of the first and last slices timed
	firstPer, lastPer float64 // µs of CPU per article over the first and last n articles
	allPer            float64 // µs of CPU per article over all
	// preparePer and addPer split the time of one goroutine per article between
	// reuse.Prepare and Index.AddPrepared.
	preparePer, addPer float64
	held, buckets      int
	heapEarly, heapEnd float64 // bytes in use after n articles and at the end
}

// timedSlice is how many articles the start and the end of a run are timed over.
const timedSlice = 5000

func streamReuse(ctx context.Context, stream []reuse.EvalArticle, opts reuse.IndexOptions) (*streamed, error) {
	out := &streamed{n: min(timedSlice, len(stream)/2)}
	heap := func() float64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapAlloc)
	}
	base := heap()
	ix := reuse.NewIndex(opts)
	var first, last, prep, add, measuring time.Duration
	var mark time.Duration
	begin := cpuTime()
	for i, ea := range stream {
		if i%1000 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if i == 0 || i == len(stream)-out.n {
			mark = cpuTime()
		}
		start := time.Now()
		p := reuse.Prepare(ea.Article)
		mid := time.Now()
		rels := ix.AddPrepared(p, ea.T)
		end := time.Now()
		prep += mid.Sub(start)
		add += end.Sub(mid)
		out.total += end.Sub(start)
		out.rels = append(out.rels, rels...)
		if i+1 == out.n {
			c := cpuTime()
			first = c - mark
			out.heapEarly = heap() - base
			measuring = cpuTime() - c // the forced collection is not the index's work
		}
	}
	now := cpuTime()
	last = now - mark
	all := now - begin - measuring
	out.heapEnd = heap() - base
	out.held, out.buckets = ix.Len(), ix.Buckets()
	runtime.KeepAlive(ix)
	if out.n > 0 {
		out.firstPer = float64(first.Microseconds()) / float64(out.n)
		out.lastPer = float64(last.Microseconds()) / float64(out.n)
	}
	if len(stream) > 0 {
		n := float64(len(stream))
		out.allPer = float64(all.Microseconds()) / n
		// Wall-clock split, scaled to the CPU time: the share of each half.
		if w := prep + add; w > 0 {
			out.preparePer = out.allPer * float64(prep) / float64(w)
			out.addPer = out.allPer * float64(add) / float64(w)
		}
	}
	return out, nil
}

// readTopical reads articles with their topic from a JSONL file (gzip when it ends in
// .gz), in time order: dated articles by date, then undated ones a minute apart after
// the latest, as if ingested then.
func readTopical(path string) ([]reuse.EvalArticle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--in %s: %w", path, err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("--in %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var dated, undated []reuse.EvalArticle
	seen := map[string]bool{}
	line := 0
	for sc.Scan() {
		line++
		a := new(news.Article)
		if err := json.Unmarshal(sc.Bytes(), a); err != nil {
			return nil, fmt.Errorf("--in %s:%d: %w", path, line, err)
		}
		var t struct {
			Topic string `json:"topic"`
		}
		_ = json.Unmarshal(sc.Bytes(), &t) // the same line parsed above
		if a.ID == "" {
			a.ID = fmt.Sprintf("line-%d", line)
		}
		if seen[a.ID] {
			return nil, fmt.Errorf("--in %s:%d: id %s appears twice", path, line, a.ID)
		}
		seen[a.ID] = true
		a.Input = news.Input{Path: fmt.Sprintf("%s:%d", path, line), Kind: news.KindJSONL}
		ea := reuse.EvalArticle{Article: a, T: a.Published, Topic: t.Topic}
		if a.Published.IsZero() {
			undated = append(undated, ea)
		} else {
			dated = append(dated, ea)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--in %s: %w", path, err)
	}
	slices.SortStableFunc(dated, func(a, b reuse.EvalArticle) int { return a.T.Compare(b.T) })
	var latest time.Time
	if len(dated) > 0 {
		latest = dated[len(dated)-1].T
	}
	for i := range undated {
		undated[i].T = latest.Add(time.Duration(i+1) * time.Minute)
	}
	return append(dated, undated...), nil
}
