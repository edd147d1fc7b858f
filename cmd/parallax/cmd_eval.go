package main

import (
	"context"
	"fmt"
	"sort"
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
	case "reuse":
		return runEvalReuse(ctx, e, args[1:])
	}
	return errUsage
}

// runEvalCluster clusters the articles of --in in publication order (as they would arrive)
// and scores the stories of the labelled ones against --gold.
func runEvalCluster(ctx context.Context, e *env, args []string) error {
	fs := flags("eval cluster", e.stderr)
	gold := fs.String("gold", "", "story labels (JSONL: id, story)")
	in := fs.String("in", "", "the articles (JSONL, may be .gz)")
	window := fs.Duration("window", 0, "story time window (default 96h)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *gold == "" || *in == "" || fs.NArg() != 0 {
		return errUsage
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
	ix := story.New(story.Options{Window: *window})
	got := map[string]string{}
	start := time.Now()
	for _, a := range arts {
		got[a.ID] = ix.Assign(a, a.Published)
	}
	elapsed := time.Since(start)
	s := eval.Cluster(want, got)
	fmt.Fprintf(e.stdout, "articles clustered  %d in %.2fs (%.0f µs/article); %d input lines failed\n",
		len(arts), elapsed.Seconds(), float64(elapsed.Microseconds())/float64(max(1, len(arts))), failed)
	fmt.Fprintf(e.stdout, "labelled articles   %d of %d found; %d gold stories, %d predicted\n", s.Items, len(want), s.GoldClusters, s.PredictedClusters)
	fmt.Fprintf(e.stdout, "BCubed   P %.3f  R %.3f  F1 %.3f\n", s.BCubedPrecision, s.BCubedRecall, s.BCubedF1)
	fmt.Fprintf(e.stdout, "pairwise P %.3f  R %.3f  F1 %.3f\n", s.PairPrecision, s.PairRecall, s.PairF1)
	return nil
}

// headParagraphs keeps the first paragraphs only: clustering reads the lead, and holding
// whole bodies of a large corpus in memory would cost for nothing.
func headParagraphs(ps []string) []string {
	if len(ps) > 8 {
		return ps[:8:8]
	}
	return ps
}
