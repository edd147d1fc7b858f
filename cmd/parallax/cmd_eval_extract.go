package main

import (
	"context"
	"fmt"
	"io"

	"github.com/parallax-news/parallax/internal/eval"
)

// runEvalExtract scores extraction on an evaluation set (HTML pages or text dumps) against
// its ground truth, next to the peer extractor run in the same process on the same pages.
func runEvalExtract(ctx context.Context, e *env, args []string) error {
	fs := flags("eval extract", e.stderr)
	set := fs.String("set", "", "the evaluation set: a folder with html/ID.html.gz, or a folder of ID.txt dumps")
	gold := fs.String("gold", "", "the ground-truth folder (default: SET/ground-truth, or the extraction set of the same name)")
	workers := fs.Int("workers", 0, "pages extracted in parallel (default: one per core)")
	limit := fs.Int("limit", 0, "score only the first N pages")
	show := fs.Int("show", 0, "list the N pages of lowest body F1 on stderr")
	noPeer := fs.Bool("no-peer", false, "score only Parallax (faster; no peer figures or speed ratio)")
	errs := fs.Bool("errors", false, "list on stderr every page whose title, authors or date miss the gold (got and wanted) or whose body F1 is below 0.8")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *set == "" || fs.NArg() != 0 {
		return errUsage
	}
	opts := eval.ExtractionOptions{Gold: *gold, Workers: *workers, Limit: *limit, Worst: *show, NoPeer: *noPeer}
	if *errs {
		opts.OnPage = func(s eval.PageScore) { printMisses(e.stderr, s) }
	}
	rep, err := eval.Extraction(ctx, *set, opts)
	if err != nil {
		return err
	}
	printExtractionReport(e.stdout, rep)
	for _, w := range rep.Worst {
		fmt.Fprintf(e.stderr, "  %s  P %.3f R %.3f F1 %.3f  title %v author %v date %v %s\n",
			w.ID, w.Precision, w.Recall, w.F1, w.Title, w.Author, w.Date, w.Err)
	}
	return nil
}

func printExtractionReport(w io.Writer, rep *eval.ExtractionReport) {
	fmt.Fprintf(w, "set %s (%s, %d pages; gold %s)\n", rep.Set, rep.Kind, rep.Ours.Pages, rep.Gold)
	fmt.Fprintf(w, "%-16s %6s %6s %6s  %6s %6s %6s  %8s %7s\n", "extractor", "P", "R", "F1", "title", "author", "date", "pages/s", "failed")
	for _, f := range []eval.ExtractionFigures{rep.Ours, rep.Peer} {
		if f.Pages == 0 {
			continue
		}
		meta := fmt.Sprintf("%6.3f %6.3f %6.3f", f.Title, f.Author, f.Date)
		if f.NoMeta {
			meta = fmt.Sprintf("%6s %6s %6s", "-", "-", "-")
		}
		fmt.Fprintf(w, "%-16s %6.3f %6.3f %6.3f  %s  %8.1f %7d\n", f.Name, f.Precision, f.Recall, f.F1, meta, f.PagesPerSecond(), f.Failed)
	}
	if rep.Peer.Pages > 0 && !rep.Peer.NoMeta && rep.Peer.PagesPerSecond() > 0 {
		fmt.Fprintf(w, "speed (pages/s per core) parallax / %s: %.2f\n", rep.Peer.Name, rep.Ours.PagesPerSecond()/rep.Peer.PagesPerSecond())
	}
	fmt.Fprintf(w, "pages flagged as not an article: %d; wall time %.1fs\n", rep.NonArticle, rep.Elapsed.Seconds())
}

// printMisses lists one page's misses: a field per line, tagged so that grep can pick a class.
func printMisses(w io.Writer, s eval.PageScore) {
	if s.F1 < 0.8 {
		fmt.Fprintf(w, "%s body   P %.3f R %.3f F1 %.3f %s\n", s.ID, s.Precision, s.Recall, s.F1, s.Err)
	}
	// Only fields the gold gives are scored; the others are not listed.
	if s.HasTitle && !s.Title {
		fmt.Fprintf(w, "%s title  got %q want %q\n", s.ID, s.Got.Title, s.Want.Title)
	}
	if s.HasAuthor && !s.Author {
		fmt.Fprintf(w, "%s author got %q want %q\n", s.ID, s.Got.Authors, s.Want.Authors)
	}
	if s.HasDate && !s.Date {
		fmt.Fprintf(w, "%s date   got %q want %q\n", s.ID, s.Got.Date, s.Want.Date)
	}
}
