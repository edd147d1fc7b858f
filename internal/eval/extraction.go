package eval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/parallax-news/parallax/internal/extract"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
)

// ExtractionOptions tune Extraction.
type ExtractionOptions struct {
	// Gold is the folder of ground-truth ID.json files; "" finds it: SET/ground-truth, else
	// (for a text-dump set) ../../extraction/NAME/ground-truth beside the set.
	Gold string
	// Workers extracting in parallel; 0 means GOMAXPROCS.
	Workers int
	// Limit scores only the first Limit pages (in name order); 0 means all.
	Limit int
	// Worst keeps the Worst pages of lowest body F1 in the report.
	Worst int
	// NoPeer skips the peer extractor (go-trafilatura or the whole dump).
	NoPeer bool
	// OnPage, when set, is called with our score of every page as it is scored (from one
	// goroutine, in no set order): the caller lists the misses it wants without the report
	// holding every page.
	OnPage func(PageScore)
}

// ExtractionFigures are one extractor's averages over the pages of a set.
type ExtractionFigures struct {
	Name                  string
	Pages                 int     // pages scored
	Failed                int     // pages the extractor refused (scored as an empty article)
	Precision, Recall, F1 float64 // body: bag-of-words figures averaged over pages
	// Title, Author and Date are the shares of pages whose field matches the gold, as
	// TitleMatch, AuthorsMatch and DateMatch decide, over the pages whose gold gives that
	// field (TitleN, AuthorN, DateN of them): the gold leaves a field out when the page
	// does not show it, while the page's metadata may still name it rightly. NoMeta marks
	// an extractor that gives no metadata (the whole dump).
	Title, Author, Date    float64
	TitleN, AuthorN, DateN int
	NoMeta                 bool
	// Seconds is the time spent in the extractor, summed over workers: pages/Seconds is the
	// throughput of one core.
	Seconds float64
}

// PagesPerSecond is the throughput of one core: pages over the summed extraction time.
func (f ExtractionFigures) PagesPerSecond() float64 {
	if f.Seconds <= 0 {
		return 0
	}
	return float64(f.Pages) / f.Seconds
}

// PageScore is one page's result, for the report's worst pages.
type PageScore struct {
	ID                  string
	Precision, Recall   float64
	F1                  float64
	Title, Author, Date bool
	// HasTitle, HasAuthor and HasDate say whether the gold gives the field.
	HasTitle, HasAuthor, HasDate bool
	Err                          string // why the extractor refused the page
	// Got and Want are the extracted and the gold title, authors and date, for listing misses.
	Got, Want PageMeta
}

// PageMeta is one page's title, authors and date as text.
type PageMeta struct{ Title, Authors, Date string }

// ExtractionReport is the result of Extraction.
type ExtractionReport struct {
	Set, Gold  string
	Kind       string // news.KindHTML or news.KindText
	Ours, Peer ExtractionFigures
	NonArticle int         // pages our extractor flagged as not an article
	Worst      []PageScore // lowest body F1 first
	Elapsed    time.Duration
}

// Gold is one page's ground truth in the WCXB form.
type Gold struct {
	URL         string `json:"url"`
	GroundTruth struct {
		Title       string `json:"title"`
		Author      string `json:"author"`
		PublishDate string `json:"publish_date"`
		MainContent string `json:"main_content"`
	} `json:"ground_truth"`
}

// maxGoldBytes bounds one ground-truth file.
const maxGoldBytes = 16 << 20

// ReadGold reads one ground-truth file.
func ReadGold(path string) (*Gold, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxGoldBytes+1))
	if err != nil {
		return nil, fmt.Errorf("gold %s: %w", path, err)
	}
	if len(b) > maxGoldBytes {
		return nil, fmt.Errorf("gold %s: larger than %d bytes: %w", path, maxGoldBytes, news.ErrInvalid)
	}
	var g Gold
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("gold %s: %v: %w", path, err, news.ErrInvalid)
	}
	// WCXB writes null for unknown fields and sometimes a list of authors.
	var raw struct {
		GT struct {
			Author json.RawMessage `json:"author"`
		} `json:"ground_truth"`
	}
	if json.Unmarshal(b, &raw) == nil && len(raw.GT.Author) > 0 && raw.GT.Author[0] == '[' {
		var list []string
		if json.Unmarshal(raw.GT.Author, &list) == nil {
			g.GroundTruth.Author = strings.Join(list, ", ")
		}
	}
	return &g, nil
}

// page is one input of a set: its id and file.
type page struct{ id, path string }

// Extraction scores our extractor, and its peer, on an evaluation set: a folder with
// html/ID.html[.gz] pages (the peer is go-trafilatura, run in the same process on the same
// bytes) or a folder of ID.txt text dumps (the peer is the whole dump), against the
// ground truth ID.json. Pages are streamed: memory does not grow with their number.
func Extraction(ctx context.Context, set string, opts ExtractionOptions) (*ExtractionReport, error) {
	rep := &ExtractionReport{Set: set, Gold: opts.Gold}
	pages, kind, err := listSet(set, opts.Limit)
	if err != nil {
		return nil, err
	}
	rep.Kind = kind
	if rep.Gold == "" {
		rep.Gold = findGold(set)
	}
	if fi, err := os.Stat(rep.Gold); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("set %s: no ground-truth folder (looked for %s; give one with --gold): %w", set, rep.Gold, news.ErrNotFound)
	}
	rep.Ours.Name = "parallax"
	rep.Peer.Name = "go-trafilatura"
	if kind == news.KindText {
		rep.Peer.Name, rep.Peer.NoMeta = "whole dump", true
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type result struct {
		ours, peer     PageScore
		tOurs, tPeer   time.Duration
		nonArticle     bool
		skip           bool
		oursOK, peerOK bool
	}
	start := time.Now()
	work := make(chan page)
	results := make(chan result, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				gold, err := ReadGold(filepath.Join(rep.Gold, p.id+".json"))
				if err != nil {
					results <- result{skip: true}
					continue
				}
				var r result
				doc, rerr := readDoc(ctx, p.path, kind, gold.URL)
				t0 := time.Now()
				var a *news.Article
				if rerr == nil {
					a, rerr = extract.Extract(doc, extract.Options{})
				}
				r.tOurs = time.Since(t0)
				r.ours = scoreArticle(p.id, a, rerr, gold)
				r.oursOK = rerr == nil
				if a != nil {
					for _, w := range a.Warnings {
						if strings.HasPrefix(w, extract.WarnNotArticle) {
							r.nonArticle = true
						}
					}
				}
				if !opts.NoPeer {
					t1 := time.Now()
					pa, perr := peer(doc, kind)
					r.tPeer = time.Since(t1)
					if doc.Body == nil && perr == nil {
						perr = errors.New("unreadable")
					}
					r.peer = scoreArticle(p.id, pa, perr, gold)
					r.peerOK = perr == nil
				}
				results <- r
			}
		}()
	}
	go func() {
		defer close(work)
		for _, p := range pages {
			select {
			case work <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	add := func(f *ExtractionFigures, s PageScore, d time.Duration, ok bool) {
		f.Pages++
		if !ok {
			f.Failed++
		}
		f.Precision += s.Precision
		f.Recall += s.Recall
		f.F1 += s.F1
		if s.HasTitle {
			f.TitleN++
			f.Title += b2f(s.Title)
		}
		if s.HasAuthor {
			f.AuthorN++
			f.Author += b2f(s.Author)
		}
		if s.HasDate {
			f.DateN++
			f.Date += b2f(s.Date)
		}
		f.Seconds += d.Seconds()
	}
	for r := range results {
		if r.skip {
			continue
		}
		add(&rep.Ours, r.ours, r.tOurs, r.oursOK)
		if !opts.NoPeer {
			add(&rep.Peer, r.peer, r.tPeer, r.peerOK)
		}
		if r.nonArticle {
			rep.NonArticle++
		}
		if opts.Worst > 0 {
			rep.Worst = keepWorst(rep.Worst, r.ours, opts.Worst)
		}
		if opts.OnPage != nil {
			opts.OnPage(r.ours)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, f := range []*ExtractionFigures{&rep.Ours, &rep.Peer} {
		if n := float64(f.Pages); n > 0 {
			f.Precision, f.Recall, f.F1 = f.Precision/n, f.Recall/n, f.F1/n
		}
		f.Title /= float64(max(f.TitleN, 1))
		f.Author /= float64(max(f.AuthorN, 1))
		f.Date /= float64(max(f.DateN, 1))
	}
	rep.Elapsed = time.Since(start)
	if rep.Ours.Pages == 0 {
		return nil, fmt.Errorf("set %s: no page has ground truth in %s: %w", set, rep.Gold, news.ErrNotFound)
	}
	return rep, nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// keepWorst inserts s into the list of the n lowest F1 pages (bounded: memory stays flat).
func keepWorst(list []PageScore, s PageScore, n int) []PageScore {
	i := sort.Search(len(list), func(i int) bool { return list[i].F1 > s.F1 || (list[i].F1 == s.F1 && list[i].ID > s.ID) })
	if i >= n {
		return list
	}
	list = append(list, PageScore{})
	copy(list[i+1:], list[i:])
	list[i] = s
	if len(list) > n {
		list = list[:n]
	}
	return list
}

// scoreArticle scores one extracted article (nil when the extractor refused the page:
// then it counts as an empty article) against the gold.
func scoreArticle(id string, a *news.Article, err error, g *Gold) PageScore {
	gt := g.GroundTruth
	if a == nil {
		a = &news.Article{}
	}
	s := PageScore{ID: id}
	if err != nil {
		s.Err = err.Error()
	}
	s.Precision, s.Recall, s.F1 = BagF1(strings.Join(a.Paragraphs, "\n"), gt.MainContent)
	s.HasTitle = strings.TrimSpace(gt.Title) != ""
	s.HasAuthor = len(AuthorNames(gt.Author)) > 0
	s.HasDate = strings.TrimSpace(gt.PublishDate) != ""
	s.Title = TitleMatch(a.Title, gt.Title)
	s.Author = AuthorsMatch(a.Authors, gt.Author)
	// The gold's date is the one the page shows, which is its update's when the page
	// shows only that: our published or modified day counts.
	s.Date = DateMatch(a.Published, gt.PublishDate) || !a.Modified.IsZero() && DateMatch(a.Modified, gt.PublishDate)
	s.Want = PageMeta{Title: gt.Title, Authors: gt.Author, Date: gt.PublishDate}
	s.Got = PageMeta{Title: a.Title, Authors: strings.Join(a.Authors, "; ")}
	if !a.Published.IsZero() {
		s.Got.Date = a.Published.Format("2006-01-02")
	}
	if !a.Modified.IsZero() {
		s.Got.Date += " (modified " + a.Modified.Format("2006-01-02") + ")"
	}
	return s
}

// peer runs the baseline on the same document: go-trafilatura with its documented
// settings for accuracy (fallback extractors on, comments off) on HTML; the whole dump,
// without metadata, on text.
func peer(doc news.RawDoc, kind string) (a *news.Article, err error) {
	if doc.Body == nil {
		return nil, errors.New("unreadable")
	}
	if kind == news.KindText {
		return &news.Article{Paragraphs: []string{string(doc.Body)}}, nil
	}
	defer func() {
		if r := recover(); r != nil {
			a, err = nil, fmt.Errorf("go-trafilatura panicked: %v", r)
		}
	}()
	opts := trafilatura.Options{EnableFallback: true, ExcludeComments: true}
	if u, err := url.Parse(doc.URL); err == nil && u.Host != "" {
		opts.OriginalURL = u
	}
	res, err := trafilatura.Extract(strings.NewReader(string(doc.Body)), opts)
	if err != nil {
		return nil, err
	}
	m := res.Metadata
	a = &news.Article{Title: m.Title, Paragraphs: []string{res.ContentText}, Published: m.Date}
	if m.Author != "" {
		a.Authors = []string{m.Author}
	}
	return a, nil
}

// readDoc reads one page with the same limits as `parallax extract` (gzip undone, size
// bounded). A failure leaves doc without a body.
func readDoc(ctx context.Context, path, kind, pageURL string) (news.RawDoc, error) {
	var doc news.RawDoc
	var derr error
	err := source.Read(ctx, []string{path}, source.Options{URL: pageURL}, func(d news.RawDoc, err error) error {
		if err != nil {
			derr = err
			return nil
		}
		doc = d
		doc.Kind = kind
		return nil
	})
	if err == nil {
		err = derr
	}
	if err == nil && doc.Body == nil {
		err = fmt.Errorf("%s: nothing read: %w", path, news.ErrInvalid)
	}
	return doc, err
}

// listSet finds the pages of a set and its kind, in name order.
func listSet(set string, limit int) ([]page, string, error) {
	dir, kind := filepath.Join(set, "html"), news.KindHTML
	ents, err := os.ReadDir(dir)
	if err != nil {
		dir, kind = set, news.KindText
		if ents, err = os.ReadDir(dir); err != nil {
			return nil, "", fmt.Errorf("set %s: %w", set, err)
		}
	}
	var pages []page
	for _, e := range ents {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") {
			continue
		}
		var id string
		switch kind {
		case news.KindHTML:
			id = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, ".gz"), ".html"), ".htm")
		default:
			if !strings.HasSuffix(name, ".txt") {
				continue
			}
			id = strings.TrimSuffix(name, ".txt")
		}
		if id == name {
			continue
		}
		pages = append(pages, page{id: id, path: filepath.Join(dir, name)})
		if limit > 0 && len(pages) == limit {
			break
		}
	}
	if len(pages) == 0 {
		return nil, "", fmt.Errorf("set %s: no pages (html/ID.html[.gz] or ID.txt): %w", set, news.ErrNotFound)
	}
	return pages, kind, nil
}

// findGold looks for the ground truth of a set: SET/ground-truth, else the extraction
// set of the same name (text dumps share the HTML set's gold).
func findGold(set string) string {
	own := filepath.Join(set, "ground-truth")
	if fi, err := os.Stat(own); err == nil && fi.IsDir() {
		return own
	}
	abs, err := filepath.Abs(set)
	if err != nil {
		return own
	}
	sib := filepath.Join(filepath.Dir(filepath.Dir(abs)), "extraction", filepath.Base(abs), "ground-truth")
	if fi, err := os.Stat(sib); err == nil && fi.IsDir() {
		return sib
	}
	return own
}
