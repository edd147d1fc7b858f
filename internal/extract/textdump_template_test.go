package extract

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

// sitePage is a text dump of one article on a site whose footer carries a prose line that
// the line classifier alone takes for article text.
func sitePage(n int) []byte {
	var b strings.Builder
	b.WriteString("Example Gazette\n  • News\n  • Sport\n  • Weather\n\n")
	towns := []string{"Ashby", "Brill", "Colne", "Dunmore", "Elton", "Frome", "Goole", "Hythe"}
	fmt.Fprintf(&b, "Council votes on the new harbour plan for %s\n\n", towns[n%len(towns)])
	fmt.Fprintf(&b, "By Jane %s\n\n", towns[(n/len(towns))%len(towns)])
	for p := range 4 {
		fmt.Fprintf(&b, "The council met on Tuesday evening to debate item %d of the harbour plan, and members said the vote on section %d would come after a long public consultation with residents of the old town.\n\n", n*10+p, p)
	}
	b.WriteString("The Example Gazette has been the independent voice of the harbour towns since 1898, owned by its readers and funded by their subscriptions.\n\n")
	b.WriteString("Contact us\nAbout us\n")
	return []byte(b.String())
}

const gazetteFooter = "The Example Gazette has been the independent voice"

func hasPrefixIn(ps []string, prefix string) bool {
	for _, p := range ps {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

func TestTemplatesLearnSiteFurniture(t *testing.T) {
	doc := func(n int) news.RawDoc {
		return news.RawDoc{Path: fmt.Sprintf("page%d.txt", n), Kind: news.KindText, URL: fmt.Sprintf("https://www.example.com/news/%d", n), Body: sitePage(n)}
	}
	// Alone, the page keeps its footer: nothing on the page says it is not the article's.
	a, err := Extract(doc(0), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasPrefixIn(a.Paragraphs, gazetteFooter) {
		t.Fatalf("without a template model the footer line is expected in the body; got %q", a.Paragraphs)
	}
	m := NewTemplates(0)
	for n := range templateMinDocs {
		if _, err := Extract(doc(n), Options{Templates: m}); err != nil {
			t.Fatal(err)
		}
	}
	if got := m.Docs("example.com"); got != templateMinDocs {
		t.Fatalf("model learnt %d documents of example.com, want %d", got, templateMinDocs)
	}
	a, err = Extract(doc(templateMinDocs), Options{Templates: m})
	if err != nil {
		t.Fatal(err)
	}
	if hasPrefixIn(a.Paragraphs, gazetteFooter) {
		t.Errorf("after %d pages of the site the footer is still in the body: %q", templateMinDocs, a.Paragraphs)
	}
	if !strings.HasPrefix(a.Title, "Council votes") || len(a.Authors) != 1 {
		t.Errorf("title %q, authors %q: the headline and byline were lost", a.Title, a.Authors)
	}
	if len(a.Paragraphs) != 4 {
		t.Errorf("%d paragraphs, want the 4 of the article: %q", len(a.Paragraphs), a.Paragraphs)
	}
}

func TestTemplatesSamePageTwiceIsNotTemplate(t *testing.T) {
	m := NewTemplates(0)
	d := news.RawDoc{Path: "p.txt", Kind: news.KindText, URL: "https://example.org/a", Body: sitePage(7)}
	var a *news.Article
	for range templateMinDocs + 2 {
		var err error
		if a, err = Extract(d, Options{Templates: m}); err != nil {
			t.Fatal(err)
		}
	}
	if m.Docs("example.org") != 1 {
		t.Errorf("the same page was learnt %d times, want once", m.Docs("example.org"))
	}
	if len(a.Paragraphs) < 4 {
		t.Errorf("re-extracting one page emptied its body: %q", a.Paragraphs)
	}
}

func TestTemplatesBounded(t *testing.T) {
	m := NewTemplates(2)
	for _, h := range []string{"a.com", "b.com", "c.com"} {
		m.Observe(h, []string{"menu", "footer"})
	}
	if m.Sites() != 2 {
		t.Errorf("%d sites kept, want the cap of 2", m.Sites())
	}
	if m.Docs("a.com") != 0 || m.Docs("c.com") != 1 {
		t.Errorf("least recently used site not evicted: a.com %d, c.com %d", m.Docs("a.com"), m.Docs("c.com"))
	}
	// Many distinct lines on one site stay under the per-site cap.
	for d := range 50 {
		lines := make([]string, 200)
		for i := range lines {
			k := d*1000 + i
			lines[i] = fmt.Sprintf("line %c%c%c%c", 'a'+k%26, 'a'+k/26%26, 'a'+k/676%26, 'a'+k/17576%26)
		}
		lines = append(lines, "Subscribe to our newsletter")
		m.Observe("big.com", lines)
	}
	m.mu.Lock()
	n := len(m.sites["big.com"].Value.(*siteLines).counts)
	m.mu.Unlock()
	if n > maxSiteLines {
		t.Errorf("site holds %d line hashes, more than the cap %d", n, maxSiteLines)
	}
	if c := m.Observe("big.com", []string{"Subscribe to our newsletter"})[0]; c < 40 {
		t.Errorf("the recurring line was pruned: count %d", c)
	}
}

func TestTemplatesConcurrent(t *testing.T) {
	m := NewTemplates(8)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 20 {
				d := news.RawDoc{Path: "p.txt", Kind: news.KindText, URL: fmt.Sprintf("https://s%d.example/%d", g%3, n), Body: sitePage(g*100 + n)}
				if _, err := Extract(d, Options{Templates: m}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	total := 0
	for s := range 3 {
		total += m.Docs(fmt.Sprintf("s%d.example", s))
	}
	if total != 160 {
		t.Errorf("learnt %d documents, want 160", total)
	}
}

func TestListingWarning(t *testing.T) {
	var b strings.Builder
	b.WriteString("Example Times\n  • Home\n  • World\n  • Business\n\nLatest news\n\n")
	for i := range 10 {
		fmt.Fprintf(&b, "Headline number %d about the markets\n\nShares rose on Monday as investors weighed the latest figures from the central bank, which said that...\n\n", i)
	}
	a, err := Extract(news.RawDoc{Path: "home.txt", Kind: news.KindText, Body: []byte(b.String())}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !contains(a.Warnings, warnNoBody) && !contains(a.Warnings, warnListing) {
		t.Errorf("a home page of teasers gave no warning; warnings %q, paragraphs %q", a.Warnings, a.Paragraphs)
	}
}

// FuzzTextDumpTemplates: any text dump, read three times through a shared template model
// (so that its lines become the site's template), yields an article or ErrInvalid, never a
// panic.
func FuzzTextDumpTemplates(f *testing.F) {
	f.Add(sitePage(1), "https://www.example.com/a")
	f.Add([]byte("www.example.com\nPublished on 01-12-2021 16:24\nAll rights reserved to Example\n"), "")
	f.Add([]byte("\xff\xfe\x00binary"), "http://[::1")
	f.Fuzz(func(t *testing.T, body []byte, url string) {
		m := NewTemplates(4)
		for i := range 3 {
			b := body
			if i == 2 {
				b = append(append([]byte{}, body...), "\nA different closing line of this page, printed once.\n"...)
			}
			a, err := Extract(news.RawDoc{Path: "fuzz", Kind: news.KindText, URL: url, Body: b}, Options{MaxBytes: 1 << 20, Templates: m})
			if err != nil {
				if !errors.Is(err, news.ErrInvalid) {
					t.Fatalf("error %v is not ErrInvalid", err)
				}
				continue
			}
			if a.Title == "" && len(a.Paragraphs) == 0 {
				t.Fatal("article without title and body")
			}
		}
	})
}
