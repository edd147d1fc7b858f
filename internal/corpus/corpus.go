// Package corpus finds and reads the shared development corpus (../shared/corpus beside
// the repository) for tests, benchmarks and evaluations. When the corpus is absent (a
// user's fresh clone) Dir says so and callers skip.
package corpus

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parallax-news/parallax/internal/news"
)

// Dir returns the corpus directory: $PARALLAX_CORPUS, else ../shared/corpus next to the
// module root found by walking up from the working directory. ok is false when absent.
func Dir() (dir string, ok bool) {
	if d := os.Getenv("PARALLAX_CORPUS"); d != "" {
		_, err := os.Stat(d)
		return d, err == nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			c := filepath.Join(filepath.Dir(d), "shared", "corpus")
			_, err := os.Stat(c)
			return c, err == nil
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// Path joins parts onto the corpus directory; ok is false when the file is absent.
func Path(parts ...string) (string, bool) {
	dir, ok := Dir()
	if !ok {
		return "", false
	}
	p := filepath.Join(append([]string{dir}, parts...)...)
	_, err := os.Stat(p)
	return p, err == nil
}

// EachAllSides calls fn for every article of allsides/articles.jsonl.gz in file order.
// An error from fn stops the walk and is returned.
func EachAllSides(fn func(*news.Article) error) error {
	p, ok := Path("allsides", "articles.jsonl.gz")
	if !ok {
		return fmt.Errorf("corpus: allsides/articles.jsonl.gz not found")
	}
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("corpus: %s: %w", p, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		a := new(news.Article)
		if err := json.Unmarshal(sc.Bytes(), a); err != nil {
			return fmt.Errorf("corpus: %s:%d: %w", p, line, err)
		}
		a.Input = news.Input{Path: fmt.Sprintf("%s:%d", p, line), Kind: news.KindJSONL}
		if err := fn(a); err != nil {
			return err
		}
	}
	return sc.Err()
}

// Label is one line of a story-labels file: an article id and its gold story.
type Label struct {
	ID    string `json:"id"`
	Story string `json:"story"`
	Desc  string `json:"desc"`
}

// Labels reads a JSONL story-labels file such as allsides/stories-dev-2019-11a.jsonl.
func Labels(path string) ([]Label, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Label
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		if len(sc.Bytes()) == 0 {
			continue
		}
		var l Label
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, l)
	}
	return out, sc.Err()
}

// FirstAllSides returns the first n articles of allsides/articles.jsonl.gz (fewer when
// the file holds fewer) and the bytes of their paragraphs, for benchmarks' MB/s.
func FirstAllSides(n int) ([]*news.Article, int64, error) {
	enough := errors.New("enough")
	var as []*news.Article
	var total int64
	err := EachAllSides(func(a *news.Article) error {
		if len(as) == n {
			return enough
		}
		as = append(as, a)
		for _, p := range a.Paragraphs {
			total += int64(len(p))
		}
		return nil
	})
	if err != nil && !errors.Is(err, enough) {
		return nil, 0, err
	}
	return as, total, nil
}
