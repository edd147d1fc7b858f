package extract

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// TestEval scores extraction on the WCXB development pages in ../shared/corpus: the
// lowercased \w+ bag-of-words precision, recall and F1 of the extracted paragraphs
// against the gold main content, per page and averaged over pages. It only logs figures;
// it runs when PARALLAX_EVAL=1 (go test ./internal/extract -run TestEval -v), and
// PARALLAX_EVAL_SHOW=N also logs the N worst text-dump pages.
func TestEval(t *testing.T) {
	if os.Getenv("PARALLAX_EVAL") != "1" || testing.Short() {
		t.Skip("set PARALLAX_EVAL=1 to score extraction on ../shared/corpus")
	}
	corpus := corpusDir(t)
	goldDir := filepath.Join(corpus, "extraction", "wcxb-dev-articles", "ground-truth")
	files, err := filepath.Glob(filepath.Join(goldDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Skipf("no ground truth in %s", goldDir)
	}
	type page struct {
		id     string
		url    string
		title  string
		author string // "" when the gold has none
		date   string // YYYY-MM-DD, "" when the gold has none
		gold   string
	}
	var pages []page
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var g struct {
			URL string `json:"url"`
			GT  struct {
				Title       string  `json:"title"`
				Author      *string `json:"author"`
				Date        *string `json:"publish_date"`
				MainContent string  `json:"main_content"`
			} `json:"ground_truth"`
		}
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		p := page{id: strings.TrimSuffix(filepath.Base(f), ".json"), url: g.URL, title: g.GT.Title, gold: g.GT.MainContent}
		if g.GT.Author != nil {
			p.author = *g.GT.Author
		}
		if g.GT.Date != nil {
			p.date = *g.GT.Date
		}
		pages = append(pages, p)
	}

	t.Run("text", func(t *testing.T) {
		// Text dumps carry their URL as a WET record does; the URL gives the site whose
		// template lines the shared model learns, in corpus order as an ingest would.
		var ours, whole, titles, authors, dates score
		type miss struct {
			id      string
			p, r, f float64
		}
		var worst []miss
		show := os.Getenv("PARALLAX_EVAL_META") // "title", "author" or "date": log mismatches
		tpl := NewTemplates(0)
		for _, p := range pages {
			path := filepath.Join(corpus, "textdumps", "wcxb-dev-articles", p.id+".txt")
			body, err := os.ReadFile(path)
			if err != nil {
				continue
			}
			whole.add(bagF1(string(body), p.gold))
			a, err := Extract(news.RawDoc{Path: path, Kind: news.KindText, URL: p.url, Body: body}, Options{Templates: tpl})
			if err != nil {
				ours.add(0, 0, 0)
				titles.add(0, 0, 0)
				authors.add(0, 0, 0)
				dates.add(0, 0, 0)
				continue
			}
			pr, rc, f := bagF1(strings.Join(a.Paragraphs, "\n"), p.gold)
			ours.add(pr, rc, f)
			worst = append(worst, miss{p.id, pr, rc, f})
			titles.hit(text.Normalize(a.Title) == text.Normalize(p.title))
			okA := sameAuthors(a.Authors, p.author)
			authors.hit(okA)
			got := ""
			if !a.Published.IsZero() {
				got = a.Published.Format("2006-01-02")
			}
			okD := got == p.date || len(p.date) > 10 && got == p.date[:10]
			dates.hit(okD)
			switch {
			case show == "title" && text.Normalize(a.Title) != text.Normalize(p.title):
				t.Logf("  %s title %q, gold %q", p.id, a.Title, p.title)
			case show == "author" && !okA:
				t.Logf("  %s authors %q, gold %q", p.id, a.Authors, p.author)
			case show == "date" && !okD:
				t.Logf("  %s published %q, gold %q %v", p.id, got, p.date, a.Warnings)
			}
		}
		t.Logf("text dumps, %d pages: paragraphs %s", ours.n, ours)
		t.Logf("text dumps, %d pages: whole dump %s", whole.n, whole)
		t.Logf("text dumps: title exact (normalized) %.3f, authors %.3f, published date %.3f",
			titles.f/float64(max(titles.n, 1)), authors.f/float64(max(authors.n, 1)), dates.f/float64(max(dates.n, 1)))
		sort.Slice(worst, func(i, j int) bool { return worst[i].f < worst[j].f })
		n := 0
		if s := os.Getenv("PARALLAX_EVAL_SHOW"); s != "" {
			n = atoi(s)
		}
		for _, w := range worst[:min(n, len(worst))] {
			t.Logf("  %s F1 %.3f P %.3f R %.3f", w.id, w.f, w.p, w.r)
		}
	})

	t.Run("html", func(t *testing.T) {
		var mu sync.Mutex
		var ours score
		work := make(chan page)
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for p := range work {
					path := filepath.Join(corpus, "extraction", "wcxb-dev-articles", "html", p.id+".html.gz")
					body, err := readGzip(path)
					if err != nil {
						continue
					}
					var pr, rc, f float64
					a, err := Extract(news.RawDoc{Path: path, Kind: news.KindHTML, URL: p.url, Body: body}, Options{})
					if err == nil {
						pr, rc, f = bagF1(strings.Join(a.Paragraphs, "\n"), p.gold)
					}
					mu.Lock()
					ours.add(pr, rc, f)
					mu.Unlock()
				}
			}()
		}
		for _, p := range pages {
			work <- p
		}
		close(work)
		wg.Wait()
		t.Logf("html, %d pages: paragraphs %s", ours.n, ours)
	})
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(z)
}

// score averages per-page precision, recall and F1.
type score struct {
	p, r, f float64
	n       int
}

func (s *score) add(p, r, f float64) { s.p += p; s.r += r; s.f += f; s.n++ }

// hit adds a right (1) or wrong (0) answer.
func (s *score) hit(ok bool) {
	if ok {
		s.add(1, 1, 1)
	} else {
		s.add(0, 0, 0)
	}
}

// sameAuthors compares extracted authors with the gold author string ("A, B, and C"): the
// same set of name words, ignoring "and", "by" and punctuation; no gold means no authors.
func sameAuthors(got []string, gold string) bool {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for w := range bag(s) {
			if w != "and" && w != "by" {
				m[w] = true
			}
		}
		return m
	}
	g, w := set(strings.Join(got, " ")), set(gold)
	if len(g) != len(w) {
		return false
	}
	for k := range w {
		if !g[k] {
			return false
		}
	}
	return true
}

func (s score) String() string {
	n := float64(max(s.n, 1))
	return "P " + ff(s.p/n) + " R " + ff(s.r/n) + " F1 " + ff(s.f/n)
}

func ff(x float64) string { return strings.TrimRight(strings.TrimRight(fmtF(x), "0"), ".") }

func fmtF(x float64) string {
	b, _ := json.Marshal(float64(int(x*1000+0.5)) / 1000)
	return string(b)
}

// bagF1 compares the multisets of lowercased \w+ tokens of got and want.
func bagF1(got, want string) (p, r, f float64) {
	g, w := bag(got), bag(want)
	ng, nw, common := 0, 0, 0
	for _, c := range g {
		ng += c
	}
	for k, c := range w {
		nw += c
		common += min(c, g[k])
	}
	if ng == 0 && nw == 0 {
		return 1, 1, 1
	}
	if ng == 0 || nw == 0 || common == 0 {
		return 0, 0, 0
	}
	p, r = float64(common)/float64(ng), float64(common)/float64(nw)
	return p, r, 2 * p * r / (p + r)
}

func bag(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_')
	}) {
		m[w]++
	}
	return m
}
