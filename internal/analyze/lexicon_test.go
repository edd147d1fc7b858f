package analyze

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/news"
)

var gen = flag.Bool("gen", false, "mine data/*.{tsv,txt} from the AllSides corpus")

// TestMineLexicons regenerates the embedded lexicons from the corpus with -gen.
func TestMineLexicons(t *testing.T) {
	if !*gen {
		t.Skip("run with -gen to mine the lexicons from the corpus")
	}
	if _, ok := corpus.Path("allsides", "articles.jsonl.gz"); !ok {
		t.Skip("../shared/corpus is absent: nothing to mine")
	}
	m := NewMiner()
	n := 0
	err := corpus.EachAllSides(func(a *news.Article) error {
		if !HeldOut(a.ID) {
			m.Add(a)
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*os.File{}
	for _, name := range []string{"names.tsv", "firstnames.txt", "verbs.txt"} {
		f, err := os.Create(filepath.Join("data", name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		files[name] = f
	}
	if err := m.Write(files["names.tsv"], files["firstnames.txt"], files["verbs.txt"]); err != nil {
		t.Fatal(err)
	}
	t.Logf("mined %d articles", n)
}
