package server

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/ingest"
	"github.com/parallax-news/parallax/internal/sample"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

// chromiumPath is Debian's Chromium, which the end-to-end tests drive.
const chromiumPath = "/usr/bin/chromium"

// hostileJSONL is an ingested article whose every text field tries to run script.
const hostileJSONL = `{"id": "hostile-e2e", "source": {"name": "Evil <script>window.__pwned='source'</script> News", "domain": "evil.example"}, "title": "Walrus <script>window.__pwned='title'</script> escape", "published": "2021-02-01", "text": "Walruses escaped. <script>window.__pwned='body'</script> <img src=x onerror=\"window.__pwned='img'\"> The end.\n\nA second paragraph <svg onload=\"window.__pwned='svg'\"></svg> about walruses."}` + "\n"

// demoServer ingests the bundled sample corpus (what `parallax demo` serves) plus a
// hostile article into a fresh store, and serves it with the real comparison.
func demoServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	items, err := sample.WriteTo(filepath.Join(dir, "sample"))
	if err != nil {
		t.Fatal(err)
	}
	hostile := filepath.Join(dir, "hostile.jsonl")
	if err := os.WriteFile(hostile, []byte(hostileJSONL), 0o644); err != nil {
		t.Fatal(err)
	}
	items = append(items, sample.Item{Path: hostile})
	st, err := sqlite.Open(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p, err := ingest.New(ctx, st, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if _, err := p.Run(ctx, []string{it.Path}, source.Options{Source: it.Source}, func(err error) { t.Errorf("ingest: %v", err) }); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(New(st, Options{Compare: compare.Compare, Logger: slog.New(slog.DiscardHandler)}).Handler())
	t.Cleanup(ts.Close)
	return ts
}

// browser starts headless Chromium for one test; it skips when Chromium is absent,
// except in CI, where that is a failure.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI: %s is missing; .ci/run installs it (apt-get install -y chromium)", chromiumPath)
		}
		t.Skipf("%s is absent: skipping the browser tests (apt-get install chromium to run them)", chromiumPath)
	}
	if testing.Short() {
		t.Skip("-short: skipping the browser tests")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return bctx
}

// artifacts is the directory of a test's screenshots: $PARALLAX_ARTIFACTS/TestName,
// else a temporary one.
var artifactDirs sync.Map // test name -> directory

func artifacts(t *testing.T) string {
	t.Helper()
	if d, ok := artifactDirs.Load(t.Name()); ok {
		return d.(string)
	}
	dir := t.TempDir()
	if root := os.Getenv("PARALLAX_ARTIFACTS"); root != "" {
		dir = filepath.Join(root, t.Name())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	artifactDirs.Store(t.Name(), dir)
	t.Logf("screenshots in %s", dir)
	return dir
}

// stepTimeout bounds one browser step, so that a missing element fails fast.
const stepTimeout = 30 * time.Second

// shot saves two screenshots: what the screen shows (PNG) and the full page (JPEG).
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	for _, s := range []struct {
		file string
		a    chromedp.Action[[]byte]
	}{{name + ".png", chromedp.CaptureScreenshot()}, {name + "-full.jpg", chromedp.FullScreenshot(80)}} {
		img, err := chromedp.Run(ctx, s.a)
		if err != nil {
			t.Errorf("screenshot %s: %v", s.file, err)
			return
		}
		if err := os.WriteFile(filepath.Join(artifacts(t), s.file), img, 0o644); err != nil {
			t.Error(err)
		}
	}
}

// value runs one action that returns a value, failing the test on error.
func value[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// do runs steps, failing the test on error.
func steps(t *testing.T, ctx context.Context, what string, s ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, s...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// columnState is what the story page's columns show, read in the browser.
type columnState struct {
	Source      string   `json:"source"`
	Marks       int      `json:"marks"`       // shared sentences
	Painted     int      `json:"painted"`     // shared sentences with a background colour
	Spans       int      `json:"spans"`       // unique sentences
	SpanPainted int      `json:"spanPainted"` // unique sentences with a background colour
	Passages    []string `json:"passages"`    // passage numbers with a marker in the column
}

const readColumns = `[...document.querySelectorAll('article.column')].map(c => {
  const bg = e => getComputedStyle(e).backgroundColor;
  const clear = v => v === 'rgba(0, 0, 0, 0)' || v === 'transparent';
  const marks = [...c.querySelectorAll('mark[id^="s-"]')];
  const spans = [...c.querySelectorAll('span[id^="s-"]')];
  return {
    source: c.querySelector('.outlet a').textContent.trim(),
    marks: marks.length, painted: marks.filter(m => !clear(bg(m))).length,
    spans: spans.length, spanPainted: spans.filter(s => !clear(bg(s))).length,
    passages: [...c.querySelectorAll('a.marker')].map(a => a.textContent.trim()),
  };
})`

// seedLink finds the seed story's link on the home page.
const seedLink = `//ol[@class="stories"]//h2/a[contains(., "Pompeo") and (contains(., "Mossad") or contains(., "al-Qaida"))]`

func TestBrowserDemo(t *testing.T) {
	ctx := browser(t)
	ts := demoServer(t)

	// Home: the seed story is listed; keyboard users meet the skip link first.
	steps(t, ctx, "home", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`ol.stories`)), chromedp.KeyEvent("\t"))
	if focused := value(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.className`)); focused != "skip" {
		t.Errorf("first Tab focuses %q, want the skip link", focused)
	}
	shot(t, ctx, "home")

	// Find the seed story on the home page and open its comparison.
	steps(t, ctx, "open the seed story from the home page", chromedp.Click(seedLink), chromedp.WaitVisible(chromedp.CSS(`div.columns`)))
	url := value(t, ctx, "location", chromedp.Location())
	title := value(t, ctx, "title", chromedp.Text(chromedp.CSS(`h1`)))
	if !strings.Contains(url, "/stories/") || !strings.Contains(title, "Pompeo") {
		t.Fatalf("seed story: at %s titled %q", url, title)
	}

	// Shared passages are highlighted in both columns; unique sentences are not.
	cols := value(t, ctx, "columns", chromedp.Evaluate[[]columnState](readColumns))
	if len(cols) != 2 {
		t.Fatalf("seed story: %d columns, want 2 (Haaretz, Israel Hayom): %+v", len(cols), cols)
	}
	common := 0
	for _, p := range cols[0].Passages {
		for _, q := range cols[1].Passages {
			if p == q {
				common++
			}
		}
	}
	if common == 0 {
		t.Errorf("no passage is marked in both columns: %+v", cols)
	}
	for _, c := range cols {
		if c.Marks == 0 || c.Painted != c.Marks {
			t.Errorf("%s: %d of %d shared sentences highlighted, want all and at least one", c.Source, c.Painted, c.Marks)
		}
		if c.Spans == 0 || c.SpanPainted != 0 {
			t.Errorf("%s: %d of %d unique sentences highlighted, want none (of some)", c.Source, c.SpanPainted, c.Spans)
		}
	}
	t.Logf("seed story columns: %+v", cols)
	// A passage marker in the first column leads to the same passage in the second.
	first := value(t, ctx, "first marker", chromedp.Evaluate[string](`document.querySelector('article.column:first-child a.marker').id`))
	steps(t, ctx, "follow a marker", chromedp.Click(chromedp.CSS(`article.column:first-child a.marker`)), chromedp.Sleep(300*time.Millisecond))
	hash := value(t, ctx, "hash", chromedp.Evaluate[string](`location.hash`))
	n, _, _ := strings.Cut(strings.TrimPrefix(first, "p"), "-")
	if !strings.HasPrefix(hash, "#p"+n+"-") || hash == "#"+first {
		t.Errorf("marker %s led to %q, want passage %s in the other column", first, hash, n)
	}
	shot(t, ctx, "story")

	// Search from the site's search box.
	steps(t, ctx, "search",
		chromedp.SetValue(chromedp.ID(`site-q`), "impeachment"),
		chromedp.Submit(chromedp.ID(`site-q`)),
		chromedp.WaitVisible(chromedp.CSS(`ol.hits`)),
	)
	counts := value(t, ctx, "counts", chromedp.Text(chromedp.CSS(`p.counts`)))
	if !strings.Contains(counts, "articles match") || strings.HasPrefix(counts, "0 ") {
		t.Errorf("search counts %q", counts)
	}
	// Narrow it to one source with the filter form.
	steps(t, ctx, "filtered search",
		chromedp.SetValue(chromedp.ID(`f-source`), "CNN (Web News)"),
		chromedp.Submit(chromedp.ID(`q`)),
		chromedp.WaitVisible(chromedp.CSS(`p.counts`)),
	)
	filtered := value(t, ctx, "filtered counts", chromedp.Text(chromedp.CSS(`p.counts`)))
	if !strings.Contains(filtered, "from CNN (Web News)") || filtered == counts {
		t.Errorf("filtered counts %q (unfiltered %q)", filtered, counts)
	}
	shot(t, ctx, "search")

	// Follow the search; it shows up in the followed view.
	steps(t, ctx, "follow", chromedp.Click(chromedp.CSS(`form.follow button`)), chromedp.WaitVisible(`//p[@class="outlet" and contains(., "Followed topic")]`))
	url = value(t, ctx, "location", chromedp.Location())
	followTitle := value(t, ctx, "title", chromedp.Text(chromedp.CSS(`h1`)))
	steps(t, ctx, "followed view", chromedp.Navigate(ts.URL+"/follows"), chromedp.WaitVisible(chromedp.CSS(`ul.follows`)))
	followed := value(t, ctx, "followed", chromedp.Text(chromedp.CSS(`ul.follows`)))
	if !strings.Contains(url, "/follows/") || !strings.Contains(followTitle, "impeachment") || !strings.Contains(followed, "impeachment") {
		t.Errorf("follow: at %s, title %q, followed view %q", url, followTitle, followed)
	}
	shot(t, ctx, "followed")

	// Edit a source's lean from its page; the sources table shows the edit.
	steps(t, ctx, "source page",
		chromedp.Navigate(ts.URL+sourceURL("CNN (Web News)")),
		chromedp.WaitVisible(chromedp.CSS(`svg.volume`)),
		chromedp.SetValue(chromedp.ID(`lean`), "center"),
		chromedp.SetValue(chromedp.ID(`notes`), "Edited in the browser test."),
		chromedp.Submit(chromedp.ID(`notes`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	)
	if lean := value(t, ctx, "lean", chromedp.Text(chromedp.CSS(`.source-head .lean`))); lean != "center" {
		t.Errorf("after the edit the lean shows %q, want center", lean)
	}
	shot(t, ctx, "source")

	// An entity's page lists the stories naming it.
	steps(t, ctx, "entity page", chromedp.Navigate(ts.URL+entityURL("Mike Pompeo")), chromedp.WaitVisible(chromedp.CSS(`ol.stories`)))
	if n := value(t, ctx, "entity stories", chromedp.Evaluate[int](`document.querySelectorAll('ol.stories > li').length`)); n < 2 {
		t.Errorf("entity page lists %d stories naming Mike Pompeo, want several", n)
	}
	shot(t, ctx, "entity")

	// On a phone: the page is no wider than the screen (the columns scroll inside).
	const wider = `document.documentElement.scrollWidth > window.innerWidth + 1`
	steps(t, ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`ol.stories`)))
	if value(t, ctx, "width", chromedp.Evaluate[bool](wider)) {
		t.Error("home page is wider than a phone's screen")
	}
	shot(t, ctx, "phone-home")
	steps(t, ctx, "phone story", chromedp.Click(seedLink), chromedp.WaitVisible(chromedp.CSS(`div.columns`)))
	if value(t, ctx, "width", chromedp.Evaluate[bool](wider)) {
		t.Error("story page is wider than a phone's screen")
	}
	shot(t, ctx, "phone-story")
}

// TestBrowserScriptNeverRuns opens every page that shows an ingested article whose
// title, source and body carry script, and checks that none of it ran and that the
// text shows as text.
func TestBrowserScriptNeverRuns(t *testing.T) {
	ctx := browser(t)
	ts := demoServer(t)
	steps(t, ctx, "article", chromedp.Navigate(ts.URL+"/articles/hostile-e2e"), chromedp.WaitReady(chromedp.CSS(`main`)))
	story := value(t, ctx, "story link", chromedp.Evaluate[string](`document.querySelector('.facts a[href^="/stories/"]').getAttribute('href')`))
	for _, path := range []string{"/articles/hostile-e2e", story, "/search?q=walruses", sourceURL("Evil <script>window.__pwned='source'</script> News"), "/sources", "/"} {
		steps(t, ctx, path, chromedp.Navigate(ts.URL+path), chromedp.WaitReady(chromedp.CSS(`main`)), chromedp.Sleep(200*time.Millisecond))
		if pwned := value(t, ctx, "pwned", chromedp.Evaluate[string](`String(window.__pwned)`)); pwned != "undefined" {
			t.Errorf("%s: script from an article ran (window.__pwned = %q)", path, pwned)
		}
		if text := value(t, ctx, "text", chromedp.Text(chromedp.CSS(`main`))); path != "/" && !strings.Contains(text, "<script>") {
			t.Errorf("%s: the article's text is not shown as text:\n%.300s", path, text)
		}
		if path == story {
			shot(t, ctx, "hostile-story")
		}
	}
}
