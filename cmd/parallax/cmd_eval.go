package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/eval"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/story"
)

func runEval(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return errUsage
	}
	switch args[0] {
	case "cluster":
		return runEvalCluster(ctx, e, args[1:])
	case "extract":
		return runEvalExtract(ctx, e, args[1:])
	case "reuse":
		return runEvalReuse(ctx, e, args[1:])
	}
	return errUsage
}

// The grid that --by-week picks parameters from, on one week, to score them on the other.
// The thresholds go low enough for the agreement factor (--grid-agree), which scales
// scores down.
var (
	gridThresholds = []float64{0.06, 0.07, 0.08, 0.09, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20}
	gridMerges     = []float64{0.2, 0.25, 0.3, 0.35, 0.4, 2}
)

// runEvalCluster clusters the articles of --in in publication order (as they would arrive)
// and scores the stories of the labelled ones against --gold.
func runEvalCluster(ctx context.Context, e *env, args []string) error {
	fs := flags("eval cluster", e.stderr)
	gold := fs.String("gold", "", "story labels (JSONL: id, story)")
	in := fs.String("in", "", "the articles (JSONL, may be .gz)")
	var opts story.Options
	fs.DurationVar(&opts.Window, "window", 0, "story time window (default 96h)")
	fs.Float64Var(&opts.Threshold, "threshold", 0, "least article-story similarity to join (default: the package's)")
	fs.Float64Var(&opts.Merge, "merge", 0, "least story-story similarity to merge (default: the package's; > 1 never)")
	fs.DurationVar(&opts.Decay, "decay", 0, "time constant of the similarity decay (default 48h)")
	fs.Float64Var(&opts.Features.TitleWeight, "title-weight", 0, "weight of headline words (default: the package's)")
	fs.Float64Var(&opts.Features.EntityWeight, "entity-weight", 0, "weight of entity mentions (default: the package's)")
	fs.Float64Var(&opts.Nearest, "nearest", 0, "weight of the similarity to a story's nearest recent article (default: the package's; negative: never)")
	fs.Float64Var(&opts.Agree, "agree", 0, "weight of the headline and entity agreement with a story (default: the package's; 0 off)")
	fs.Float64Var(&opts.Specificity, "specificity", 0, "power of the idf that weighs terms (default: the package's; 1 is plain tf-idf)")
	fs.IntVar(&opts.Features.LeadWords, "lead-words", 0, "body words read (default: the package's)")
	byWeek := fs.Bool("by-week", false, "cross-validate by week: pick threshold and merge level on one week of the labels, score on the other")
	gridDecay := fs.String("grid-decay", "", "with --by-week: comma-separated decay time constants the grid also tries (default: --decay alone)")
	gridLead := fs.String("grid-lead", "", "with --by-week: comma-separated lead lengths in words the grid also tries (default: --lead-words alone)")
	gridAgree := fs.String("grid-agree", "", "with --by-week: comma-separated agreement weights the grid also tries (default: --agree alone)")
	explain := fs.Bool("errors", false, "list the gold stories that were split and the predicted stories that mix gold stories")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *gold == "" || *in == "" || fs.NArg() != 0 {
		return errUsage
	}
	decays, err := durationList(*gridDecay, opts.Decay)
	if err != nil {
		return fmt.Errorf("--grid-decay %q: %w", *gridDecay, err)
	}
	agrees, err := floatList(*gridAgree, opts.Agree)
	if err != nil {
		return fmt.Errorf("--grid-agree %q: %w", *gridAgree, err)
	}
	leads, err := intList(*gridLead, opts.Features.LeadWords)
	if err != nil {
		return fmt.Errorf("--grid-lead %q: %w", *gridLead, err)
	}
	labels, err := corpus.Labels(*gold)
	if err != nil {
		return fmt.Errorf("--gold %s: %w", *gold, err)
	}
	want := map[string]string{}
	for _, l := range labels {
		want[l.ID] = l.Story
	}
	var arts []*news.Article
	failed := 0
	err = eachArticle(ctx, e, []string{*in}, source.Options{}, func(a *news.Article) error {
		a.Paragraphs = headParagraphs(a.Paragraphs)
		arts = append(arts, a)
		return nil
	}, func(err error) {
		failed++
		e.printErr("eval cluster", err)
	})
	if err != nil {
		return err
	}
	sort.SliceStable(arts, func(i, j int) bool { return arts[i].Published.Before(arts[j].Published) })

	// The timed run: features and assignment together, as ingest does them.
	ix := story.New(opts)
	got := make(map[string]string, len(arts))
	const block = 5000
	var curve []time.Duration
	start, startCPU := time.Now(), cpuTime()
	blockStart := startCPU
	for i, a := range arts {
		got[a.ID] = ix.Assign(a, a.Published)
		if (i+1)%block == 0 || i+1 == len(arts) {
			now := cpuTime()
			curve = append(curve, now-blockStart)
			blockStart = now
		}
	}
	elapsed, elapsedCPU := time.Since(start), cpuTime()-startCPU
	resolve(ix, got)
	fmt.Fprintf(e.stdout, "articles clustered  %d in %.2fs wall, %.2fs CPU (%.0f µs CPU/article); %d input lines failed\n",
		len(arts), elapsed.Seconds(), elapsedCPU.Seconds(), float64(elapsedCPU.Microseconds())/float64(max(1, len(arts))), failed)
	fmt.Fprintf(e.stdout, "CPU time per article by block of %d (date order; undated articles first):", block)
	for i, d := range curve {
		n := block
		if i == len(curve)-1 && len(arts)%block != 0 {
			n = len(arts) % block
		}
		fmt.Fprintf(e.stdout, " %.0f", float64(d.Microseconds())/float64(n))
	}
	fmt.Fprintf(e.stdout, " µs (last/first %.2f)\n", ratioOf(curve, len(arts), block))
	s := eval.Cluster(want, got)
	fmt.Fprintf(e.stdout, "labelled articles   %d of %d found; %d gold stories, %d predicted\n", s.Items, len(want), s.GoldClusters, s.PredictedClusters)
	printScore(e.stdout, "all", s)
	if *explain {
		printErrors(e.stdout, labels, arts, got)
	}
	if !*byWeek {
		return nil
	}

	// Cross-validation by week: the features are cut once, and each parameter setting
	// reruns the assignment over the stream from History and two windows before the first
	// labelled article: the index's state depends only on that span (see package story).
	weeks := splitWeeks(labels, arts)
	from := weeks[0].start.Add(-ix.History() - 2*ix.Window())
	sub := arts[sort.Search(len(arts), func(i int) bool { return !arts[i].Published.Before(from) }):]
	type setting struct {
		lead             int
		decay            time.Duration
		agree            float64
		threshold, merge float64
	}
	var settings []setting
	runs := map[setting]map[string]string{}
	for _, lead := range leads {
		feats := opts.Features
		feats.LeadWords = lead
		docs := make([]*story.Doc, len(sub))
		for i, a := range sub {
			docs[i] = story.Prepare(a, feats)
		}
		for _, dc := range decays {
			for _, ag := range agrees {
				for _, th := range gridThresholds {
					for _, m := range gridMerges {
						if err := ctx.Err(); err != nil {
							return err
						}
						st := setting{lead, dc, ag, th, m}
						settings = append(settings, st)
						o := opts
						o.Features = feats
						o.Decay, o.Agree, o.Threshold, o.Merge = dc, ag, th, m
						runs[st] = assignAll(o, sub, docs)
					}
				}
			}
		}
	}
	for _, w := range weeks {
		printScore(e.stdout, "defaults, week "+w.name, eval.Cluster(w.gold, got))
	}
	fmt.Fprintf(e.stdout, "grid (pairwise F1 / BCubed F1):  lead decay agree threshold merge  %s  %s\n", weeks[0].name, weeks[1].name)
	for _, st := range settings {
		a, b := eval.Cluster(weeks[0].gold, runs[st]), eval.Cluster(weeks[1].gold, runs[st])
		fmt.Fprintf(e.stdout, "  %s %s %.2f %.2f %.2f  %.3f/%.3f  %.3f/%.3f\n", leadLabel(st.lead), durationLabel(st.decay), st.agree, st.threshold, st.merge, a.PairF1, a.BCubedF1, b.PairF1, b.BCubedF1)
	}
	for i, train := range weeks {
		test := weeks[1-i]
		var best setting
		bestScore := -1.0
		for _, st := range settings {
			sc := eval.Cluster(train.gold, runs[st])
			if v := (sc.BCubedF1 + sc.PairF1) / 2; v > bestScore {
				best, bestScore = st, v
			}
		}
		fmt.Fprintf(e.stdout, "fold %d: picked on %s (%d labels): lead %s decay %s agree %.2f threshold %.2f merge %.2f (train mean F1 %.3f)\n",
			i+1, train.name, len(train.gold), leadLabel(best.lead), durationLabel(best.decay), best.agree, best.threshold, best.merge, bestScore)
		printScore(e.stdout, "  test "+test.name, eval.Cluster(test.gold, runs[best]))
	}
	return nil
}

// durationList parses a comma-separated list of durations; empty gives def alone.
func durationList(s string, def time.Duration) ([]time.Duration, error) {
	if strings.TrimSpace(s) == "" {
		return []time.Duration{def}, nil
	}
	var out []time.Duration
	for _, f := range strings.Split(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(f))
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("want positive durations such as 48h,96h")
		}
		out = append(out, d)
	}
	return out, nil
}

// floatList parses a comma-separated list of numbers; empty gives def alone.
func floatList(s string, def float64) ([]float64, error) {
	if strings.TrimSpace(s) == "" {
		return []float64{def}, nil
	}
	var out []float64
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || v < 0 || v > 1 {
			return nil, fmt.Errorf("want numbers from 0 to 1 such as 0,0.7")
		}
		out = append(out, v)
	}
	return out, nil
}

// intList parses a comma-separated list of positive whole numbers; empty gives def alone.
func intList(s string, def int) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return []int{def}, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("want positive whole numbers such as 160,300")
		}
		out = append(out, v)
	}
	return out, nil
}

// leadLabel prints a grid's lead length; zero is the package's default.
func leadLabel(n int) string {
	if n == 0 {
		return "default"
	}
	return strconv.Itoa(n)
}

// durationLabel prints a grid's decay; zero is the package's default.
func durationLabel(d time.Duration) string {
	if d == 0 {
		return "default"
	}
	return strconv.FormatFloat(d.Hours(), 'f', -1, 64) + "h"
}

func printScore(w io.Writer, name string, s eval.ClusterScore) {
	fmt.Fprintf(w, "%-28s BCubed P %.3f R %.3f F1 %.3f | pairwise P %.3f R %.3f F1 %.3f | %d items, %d gold, %d predicted\n",
		name, s.BCubedPrecision, s.BCubedRecall, s.BCubedF1, s.PairPrecision, s.PairRecall, s.PairF1, s.Items, s.GoldClusters, s.PredictedClusters)
}

func ratioOf(curve []time.Duration, n, block int) float64 {
	if len(curve) < 2 {
		return 1
	}
	last, lastN := curve[len(curve)-1], block
	if n%block != 0 {
		// a short last block is too noisy alone: take the last full one with it
		last += curve[len(curve)-2]
		lastN = block + n%block
	}
	return (float64(last) / float64(lastN)) / (float64(curve[0]) / float64(block))
}

// assignAll clusters docs in order with opts and returns each article's final story.
func assignAll(opts story.Options, arts []*news.Article, docs []*story.Doc) map[string]string {
	ix := story.New(opts)
	got := make(map[string]string, len(arts))
	for i, a := range arts {
		got[a.ID] = ix.AssignDoc(docs[i], a.Published).Story
	}
	resolve(ix, got)
	return got
}

// resolve rewrites each assignment to the story it ended in, following merges.
func resolve(ix *story.Index, got map[string]string) {
	for id, s := range got {
		got[id] = ix.Resolve(s)
	}
}

type week struct {
	name  string
	start time.Time
	gold  map[string]string
}

// splitWeeks cuts the labels into the first seven days of their span and the rest.
func splitWeeks(labels []corpus.Label, arts []*news.Article) [2]week {
	when := map[string]time.Time{}
	for _, a := range arts {
		when[a.ID] = a.Published
	}
	var first time.Time
	for _, l := range labels {
		if t, ok := when[l.ID]; ok && (first.IsZero() || t.Before(first)) {
			first = t
		}
	}
	cut := first.AddDate(0, 0, 7)
	w := [2]week{
		{name: first.Format("01-02") + ".." + cut.AddDate(0, 0, -1).Format("01-02"), start: first, gold: map[string]string{}},
		{name: cut.Format("01-02") + "..", start: cut, gold: map[string]string{}},
	}
	for _, l := range labels {
		t, ok := when[l.ID]
		switch {
		case !ok:
		case t.Before(cut):
			w[0].gold[l.ID] = l.Story
		default:
			w[1].gold[l.ID] = l.Story
		}
	}
	return w
}

// printErrors lists gold stories split over several predicted stories and predicted
// stories that hold several gold stories, with the headlines, to see classes of failure.
func printErrors(w io.Writer, labels []corpus.Label, arts []*news.Article, got map[string]string) {
	byID := map[string]*news.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	goldOf := map[string]string{}
	desc := map[string]string{}
	members := map[string][]string{}
	predMembers := map[string][]string{}
	for _, l := range labels {
		if _, ok := byID[l.ID]; !ok {
			continue
		}
		goldOf[l.ID] = l.Story
		desc[l.Story] = l.Desc
		members[l.Story] = append(members[l.Story], l.ID)
		predMembers[got[l.ID]] = append(predMembers[got[l.ID]], l.ID)
	}
	line := func(id string) string {
		a := byID[id]
		return fmt.Sprintf("    %s %-12.12s %-20.20s %s", a.Published.Format("01-02"), got[id], a.Source.Label(), a.Title)
	}
	var golds []string
	for g := range members {
		golds = append(golds, g)
	}
	sort.Strings(golds)
	fmt.Fprintln(w, "split gold stories:")
	for _, g := range golds {
		parts := map[string]bool{}
		for _, id := range members[g] {
			parts[got[id]] = true
		}
		if len(parts) < 2 {
			continue
		}
		fmt.Fprintf(w, "  %s (%d articles in %d stories) %s\n", g, len(members[g]), len(parts), desc[g])
		ids := append([]string(nil), members[g]...)
		sort.Slice(ids, func(i, j int) bool { return got[ids[i]] < got[ids[j]] })
		for _, id := range ids {
			fmt.Fprintln(w, line(id))
		}
	}
	var preds []string
	for p := range predMembers {
		preds = append(preds, p)
	}
	sort.Strings(preds)
	fmt.Fprintln(w, "mixed predicted stories:")
	for _, p := range preds {
		gs := map[string]bool{}
		for _, id := range predMembers[p] {
			gs[goldOf[id]] = true
		}
		if len(gs) < 2 {
			continue
		}
		fmt.Fprintf(w, "  %s (%d labelled articles of %d gold stories)\n", p, len(predMembers[p]), len(gs))
		for _, id := range predMembers[p] {
			fmt.Fprintf(w, "%s  [%s]\n", line(id), strings.TrimSpace(goldOf[id]))
		}
	}
}

// headParagraphs keeps the first paragraphs only, up to some 1,000 words: clustering
// reads the lead (story.Features.LeadWords), and holding whole bodies of a large corpus
// in memory would cost for nothing.
func headParagraphs(ps []string) []string {
	words := 0
	for i, p := range ps {
		words += strings.Count(p, " ") + 1
		if words >= 1000 {
			return ps[: i+1 : i+1]
		}
	}
	return ps
}
