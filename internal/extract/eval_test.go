package extract_test

import (
	"os"
	"strconv"
	"testing"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/eval"
)

// TestEval scores extraction on the WCXB development pages in ../shared/corpus with the
// same code as `parallax eval extract` (eval.Extraction): body bag-of-words P/R/F1,
// title/author/date accuracy and per-core speed, ours next to the peer (go-trafilatura
// for HTML, the whole dump for text). It only logs figures; it runs when PARALLAX_EVAL=1
// (go test ./internal/extract -run TestEval -v), and PARALLAX_EVAL_SHOW=N also logs the
// N pages of lowest body F1.
func TestEval(t *testing.T) {
	if os.Getenv("PARALLAX_EVAL") != "1" || testing.Short() {
		t.Skip("set PARALLAX_EVAL=1 to score extraction on ../shared/corpus")
	}
	show, _ := strconv.Atoi(os.Getenv("PARALLAX_EVAL_SHOW"))
	for _, c := range []struct{ name, dir string }{
		{"html", "extraction/wcxb-dev-articles"},
		{"text", "textdumps/wcxb-dev-articles"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, ok := corpus.Path(c.dir)
			if !ok {
				t.Skipf("corpus set %s absent", c.dir)
			}
			rep, err := eval.Extraction(t.Context(), dir, eval.ExtractionOptions{Worst: show})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []eval.ExtractionFigures{rep.Ours, rep.Peer} {
				t.Logf("%s, %d pages, %-14s P %.3f R %.3f F1 %.3f  title %.3f author %.3f date %.3f  %.1f pages/s/core",
					c.name, f.Pages, f.Name, f.Precision, f.Recall, f.F1, f.Title, f.Author, f.Date, f.PagesPerSecond())
			}
			for _, w := range rep.Worst {
				t.Logf("  %s F1 %.3f", w.ID, w.F1)
			}
		})
	}
}
