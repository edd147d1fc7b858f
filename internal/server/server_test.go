package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/sqlite"
	"github.com/parallax-news/parallax/internal/text"
)

// Shortened versions of the seed story (corpus/seeds), plus an unrelated article whose
// title and body try to inject a script.
var (
	haaretz = &news.Article{
		ID:         "haaretz-pompeo",
		URL:        "https://www.haaretz.com/us-news/pompeo-mossad",
		Source:     news.Source{Name: "Haaretz", Domain: "haaretz.com"},
		Title:      "Pompeo Reportedly Meets With Mossad Chief Ahead of Accusing Iran of Al-Qaida Ties",
		Standfirst: "The outgoing secretary of state is set to use recently declassified documents to connect Al-Qaida to Iran.",
		Authors:    []string{"Judy Maltz"},
		Published:  time.Date(2021, 1, 12, 10, 0, 0, 0, time.UTC),
		Language:   "en",
		Paragraphs: []string{
			"Mossad Chief Yossi Cohen was seen meeting with Secretary of State Mike Pompeo on Monday, according to Politico. The move represents the latest part of his last-minute offensive against Tehran.",
			"It was not immediately clear how much Pompeo intends to reveal in his speech. He could cite declassified information on the killing of Al-Qaida's suspected second-in-command in Tehran in August, said the sources, speaking on condition of anonymity.",
			`Iran denied the report, saying there were no al-Qaida "terrorists" on its soil.`,
		},
		Input: news.Input{Kind: news.KindText},
	}
	hayom = &news.Article{
		ID:        "israelhayom-pompeo",
		Source:    news.Source{Name: "Israel Hayom", Domain: "israelhayom.com"},
		Title:     "Pompeo plans to expose Iran links to al-Qaida, sources say",
		Authors:   []string{"Reuters", "ILH Staff"},
		Published: time.Date(2021, 1, 12, 16, 24, 0, 0, time.UTC),
		Language:  "en",
		Paragraphs: []string{
			"US Secretary of State Mike Pompeo is expected to offer details in his speech to the National Press Club in Washington on Tuesday.",
			"It was not immediately clear how much Pompeo intends to reveal. He could cite declassified information on the killing of al-Qaida's suspected second-in-command in Tehran in August, said the sources, speaking on condition of anonymity.",
			`Iran denied the report, saying there were no al-Qaida "terrorists" on its soil.`,
			"Pompeo has accused Iran of links to al-Qaida in the past but has not provided concrete evidence.",
		},
		Input: news.Input{Kind: news.KindHTML},
	}
	hostile = &news.Article{
		ID:         "hostile",
		Source:     news.Source{Name: "Example <b>News</b>"},
		Title:      "Zebras escape <script>alert(1)</script>",
		Standfirst: "A standfirst with <script>alert(1)</script> in it.",
		Published:  time.Date(2021, 2, 1, 9, 0, 0, 0, time.UTC),
		Paragraphs: []string{"Zebras ran down the avenue. <script>alert(1)</script> was found in the body."},
		Input:      news.Input{Kind: news.KindText},
	}
)

const (
	pompeoStory = "story-pompeo"
	zebraStory  = "story-zebra"
)

// openStore returns a temporary SQLite store holding the three articles.
func openStore(t *testing.T) news.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, p := range []struct {
		a     *news.Article
		story string
	}{{haaretz, pompeoStory}, {hayom, pompeoStory}, {hostile, zebraStory}} {
		if _, err := st.Put(ctx, p.a, p.story); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// sameSentences is the Compare of the tests: sentences of different articles with the
// same normalized words form a passage, verbatim when the texts are equal, else edited
// with the differing words as changes; every other sentence is unique. It cuts
// sentences as compare does (text.Sentences per paragraph, -1 the standfirst).
func sameSentences(articles []*news.Article) *news.Comparison {
	type at struct {
		ref  news.Ref
		norm string
	}
	var all []at
	for _, a := range articles {
		paras := append([]string{a.Standfirst}, a.Paragraphs...)
		for i, p := range paras {
			for j, s := range text.Sentences(p) {
				all = append(all, at{news.Ref{Article: a.ID, Paragraph: i - 1, Sentence: j, Text: s}, text.Normalize(s)})
			}
		}
	}
	c := &news.Comparison{}
	for _, a := range articles {
		c.Articles = append(c.Articles, news.NewComparedArticle(a))
	}
	used := map[int]bool{}
	for i := range all {
		if used[i] {
			continue
		}
		p := news.Passage{Kind: news.Verbatim, Sentences: []news.Ref{all[i].ref}, Confidence: 1}
		for j := i + 1; j < len(all); j++ {
			if !used[j] && all[j].ref.Article != all[i].ref.Article && all[j].norm == all[i].norm {
				p.Sentences = append(p.Sentences, all[j].ref)
				used[j] = true
				from, to := strings.Fields(all[i].ref.Text), strings.Fields(all[j].ref.Text)
				for k := range min(len(from), len(to)) {
					if from[k] != to[k] {
						p.Kind = news.Edited
						p.Changes = append(p.Changes, news.Change{From: from[k], To: to[k]})
					}
				}
			}
		}
		if len(p.Sentences) > 1 {
			c.Shared = append(c.Shared, p)
		} else {
			c.Unique = append(c.Unique, all[i].ref)
		}
	}
	c.Quotes = []news.Quote{{Article: haaretz.ID, Speaker: "Iran", Text: `there were no al-Qaida "terrorists" on its soil`, Paragraph: 2, Sentence: 0}}
	c.Entities = []news.Entity{{Name: "Mike Pompeo", Kind: news.Person, Aliases: []string{"Pompeo"}, Articles: []string{haaretz.ID, hayom.ID}}}
	c.Attributions = []news.Attribution{{Article: hayom.ID, Cited: "sources", Phrase: "said the sources", Paragraph: 1, Sentence: 1}}
	c.Hedges = []news.Hedge{{Article: haaretz.ID, Phrase: "reportedly", Paragraph: -1, Sentence: 0}}
	return c
}

// newTestServer serves a Server over a fresh store; logs go to the returned buffer.
func newTestServer(t *testing.T, st news.Store, opts Options) (*httptest.Server, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	}
	ts := httptest.NewServer(New(st, opts).Handler())
	t.Cleanup(ts.Close)
	return ts, &logs
}

// get fetches path and returns the response (body already read) and body.
func get(t *testing.T, ts *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	res, err := ts.Client().Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// expect checks the status and content type of a response.
func expect(t *testing.T, res *http.Response, body string, status int, ctype string) {
	t.Helper()
	if res.StatusCode != status {
		t.Errorf("GET %s: status %d, want %d; body:\n%.600s", res.Request.URL.Path, res.StatusCode, status, body)
	}
	if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, ctype) {
		t.Errorf("GET %s: Content-Type %q, want %s", res.Request.URL.Path, got, ctype)
	}
}

// contains reports the strings of want that body lacks.
func contains(t *testing.T, name, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q", name, w)
		}
	}
}

func TestHome(t *testing.T) {
	ts, _ := newTestServer(t, openStore(t), Options{Compare: sameSentences})
	res, body := get(t, ts, "/")
	expect(t, res, body, http.StatusOK, "text/html")
	contains(t, "home", body,
		`<html lang="en">`,
		`href="/stories/story-pompeo"`, "Pompeo Reportedly Meets With Mossad Chief",
		`href="/stories/story-zebra"`,
		"3 articles in 2 stories",
		"2 articles from 2 outlets: Haaretz, Israel Hayom",
		`<form class="searchbox" role="search" action="/search"`,
	)
	// Newest story first.
	if strings.Index(body, "story-zebra") > strings.Index(body, "story-pompeo") {
		t.Error("home: the newer story is not listed first")
	}

	res, body = get(t, ts, "/?page=abc")
	expect(t, res, body, http.StatusBadRequest, "text/html")
	contains(t, "bad page", body, "Invalid page")
}

// sentenceTag finds the element holding sentence id and returns its tag and class.
func sentenceTag(t *testing.T, body, id string) (tag, class string) {
	t.Helper()
	m := regexp.MustCompile(`<(mark|span) id="` + regexp.QuoteMeta(id) + `"(?: class="([^"]*)")?>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("story page: no sentence %s", id)
	}
	return m[1], m[2]
}

func TestStoryPage(t *testing.T) {
	ts, _ := newTestServer(t, openStore(t), Options{Compare: sameSentences})
	res, body := get(t, ts, "/stories/"+pompeoStory)
	expect(t, res, body, http.StatusOK, "text/html")

	// Both articles, in columns, oldest first.
	ih := strings.Index(body, `<article class="column" id="a-israel-hayom" data-article="israelhayom-pompeo" lang="en" dir="auto">`)
	hz := strings.Index(body, `<article class="column" id="a-haaretz" data-article="haaretz-pompeo" lang="en" dir="auto">`)
	if hz < 0 || ih < 0 || hz > ih {
		t.Fatalf("story page: want the Haaretz column then the Israel Hayom one (at %d, %d)", hz, ih)
	}
	contains(t, "story", body, "Judy Maltz", "Reuters, ILH Staff", `href="/articles/haaretz-pompeo"`, `href="/articles/israelhayom-pompeo"`)

	// The sentence both report is highlighted in both columns, with numbered markers
	// that lead from one column to the other.
	for id, want := range map[string]string{
		"s-haaretz-1-1": "shared-edited", "s-israel-hayom-1-1": "shared-edited",
		"s-haaretz-2-0": "shared-verbatim", "s-israel-hayom-2-0": "shared-verbatim",
	} {
		if tag, class := sentenceTag(t, body, id); tag != "mark" || class != want {
			t.Errorf("sentence %s: <%s class=%q>, want <mark class=%q>", id, tag, class, want)
		}
	}
	contains(t, "story markers", body,
		`id="p1-haaretz" href="#p1-israel-hayom"`,
		`id="p1-israel-hayom" href="#p1-haaretz"`,
		`id="p2-haaretz" href="#p2-israel-hayom"`,
		`<li id="passage-1">`,
		"<del>Al-Qaida&#39;s</del> → <ins>al-Qaida&#39;s</ins>",
	)
	// Sentences only one article has are not.
	for _, id := range []string{"s-haaretz-0-0", "s-haaretz-1-0", "s-israel-hayom-3-0", "s-haaretz-sf-0"} {
		if tag, class := sentenceTag(t, body, id); tag != "span" || class != "" {
			t.Errorf("sentence %s: <%s class=%q>, want an unmarked span", id, tag, class)
		}
	}
	// The articles share two sentences, so there are two passages.
	if strings.Contains(body, `id="p3-`) {
		t.Error("story page: a third passage was rendered, but the articles share two sentences")
	}
	contains(t, "story analysis", body,
		"Quotes by speaker", "Mike Pompeo", "said the sources", "reportedly",
		"Coverage timeline", "6 h 24 min", `class="legend"`,
	)
}

func TestStoryPageWithoutCompare(t *testing.T) {
	ts, _ := newTestServer(t, openStore(t), Options{})
	res, body := get(t, ts, "/stories/"+pompeoStory)
	expect(t, res, body, http.StatusOK, "text/html")
	contains(t, "story without compare", body, "No comparison is available", `id="a-haaretz"`, `id="a-israel-hayom"`)
	if strings.Contains(body, "<mark id=") {
		t.Error("story page without a comparison highlights sentences")
	}
}

func TestArticlePage(t *testing.T) {
	ts, _ := newTestServer(t, openStore(t), Options{})
	res, body := get(t, ts, "/articles/"+haaretz.ID)
	expect(t, res, body, http.StatusOK, "text/html")
	contains(t, "article", body,
		"<h1>Pompeo Reportedly Meets With Mossad Chief", "Judy Maltz", "Haaretz",
		`href="/stories/story-pompeo"`, `datetime="2021-01-12T10:00:00Z"`,
		"The outgoing secretary of state is set to use",
	)
}

func TestNotFound(t *testing.T) {
	ts, logs := newTestServer(t, openStore(t), Options{Compare: sameSentences})
	for _, path := range []string{"/stories/no-such-story", "/articles/no-such-article", "/no/such/page", "/static/nope.css"} {
		res, body := get(t, ts, path)
		expect(t, res, body, http.StatusNotFound, "text/html")
		contains(t, path, body, "Not Found", "Nothing is stored at "+path)
	}
	for _, path := range []string{"/api/stories/no-such-story", "/api/stories/no-such-story/compare", "/api/articles/no-such-article", "/api/nothing"} {
		res, body := get(t, ts, path)
		expect(t, res, body, http.StatusNotFound, "application/json")
		var e struct{ Error string }
		if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == "" {
			t.Errorf("%s: body %q, want {\"error\": ...}", path, body)
		}
	}
	if logs.Len() > 0 {
		t.Errorf("a 404 was logged as an error:\n%s", logs)
	}
}

func TestSearchPage(t *testing.T) {
	ts, _ := newTestServer(t, openStore(t), Options{})
	tests := []struct {
		name, path string
		status     int
		want       []string
	}{
		{"form", "/search", http.StatusOK, []string{`<input id="q" type="search" name="q" value=""`}},
		{"body word", "/search?q=anonymity", http.StatusOK, []string{
			"2 articles match", `value="anonymity"`, `href="/articles/haaretz-pompeo"`, `href="/articles/israelhayom-pompeo"`, `href="/stories/story-pompeo"`,
		}},
		{"one hit", "/search?q=zebras", http.StatusOK, []string{"1 article matches", `href="/articles/hostile"`}},
		{"no hit", "/search?q=walrus", http.StatusOK, []string{"0 articles match"}},
		{"no words", "/search?q=%21%21%21", http.StatusBadRequest, []string{`role="alert"`, "no words to search for", `value="!!!"`}},
		{"bad page", "/search?q=pompeo&page=-1", http.StatusBadRequest, []string{"Invalid page"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, ts, tt.path)
			expect(t, res, body, tt.status, "text/html")
			contains(t, tt.path, body, tt.want...)
		})
	}
}

func TestAPI(t *testing.T) {
	ts, _ := newTestServer(t, openStore(t), Options{Compare: sameSentences})
	decode := func(path string, status int, v any) {
		t.Helper()
		res, body := get(t, ts, path)
		expect(t, res, body, status, "application/json")
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatalf("%s: %v in %s", path, err, body)
		}
	}

	var stories []map[string]any
	decode("/api/stories", http.StatusOK, &stories)
	if len(stories) != 2 || stories[0]["id"] != zebraStory || stories[1]["id"] != pompeoStory {
		t.Fatalf("/api/stories: %v, want the zebra story then the Pompeo story", stories)
	}
	for _, k := range []string{"id", "title", "articles", "sources", "first", "last"} {
		if _, ok := stories[1][k]; !ok {
			t.Errorf("/api/stories: story lacks %q", k)
		}
	}
	decode("/api/stories?page=2", http.StatusOK, &stories)
	if len(stories) != 0 {
		t.Errorf("/api/stories?page=2: %d stories, want none", len(stories))
	}

	var story struct {
		Story    news.Story `json:"story"`
		Articles []struct {
			ID         string   `json:"id"`
			Paragraphs []string `json:"paragraphs"`
		} `json:"articles"`
	}
	var raw map[string]json.RawMessage
	decode("/api/stories/"+pompeoStory, http.StatusOK, &raw)
	if err := json.Unmarshal(raw["articles"], &story.Articles); err != nil {
		t.Fatal(err)
	}
	var head map[string]any
	if err := json.Unmarshal(raw["story"], &head); err != nil {
		t.Fatal(err)
	}
	if head["id"] != pompeoStory || len(story.Articles) != 2 || story.Articles[0].ID != haaretz.ID || len(story.Articles[1].Paragraphs) != 4 {
		t.Errorf("/api/stories/%s: story %v, articles %+v", pompeoStory, head, story.Articles)
	}

	var cmp map[string]json.RawMessage
	decode("/api/stories/"+pompeoStory+"/compare", http.StatusOK, &cmp)
	for _, k := range []string{"articles", "shared", "unique", "quotes", "entities", "attributions", "hedges"} {
		if !strings.HasPrefix(string(cmp[k]), "[") {
			t.Errorf("compare: %q is %s, want an array", k, cmp[k])
		}
	}
	var shared []news.Passage
	if err := json.Unmarshal(cmp["shared"], &shared); err != nil {
		t.Fatal(err)
	}
	if len(shared) != 2 || shared[0].Kind != news.Edited || shared[1].Kind != news.Verbatim || len(shared[0].Sentences) != 2 {
		t.Errorf("compare: shared = %+v, want an edited then a verbatim passage, of 2 sentences each", shared)
	}

	var art map[string]any
	decode("/api/articles/"+hayom.ID, http.StatusOK, &art)
	if art["id"] != hayom.ID || art["title"] != hayom.Title || art["published"] != "2021-01-12T16:24:00Z" {
		t.Errorf("/api/articles: %v", art)
	}
	if src, _ := art["source"].(map[string]any); src["name"] != "Israel Hayom" {
		t.Errorf("/api/articles: source %v", art["source"])
	}

	var found struct {
		Total int              `json:"total"`
		Hits  []map[string]any `json:"hits"`
	}
	decode("/api/search?q=anonymity", http.StatusOK, &found)
	if found.Total != 2 || len(found.Hits) != 2 {
		t.Fatalf("/api/search: %+v, want 2 hits", found)
	}
	for _, k := range []string{"article", "story", "title", "source", "published", "snippet"} {
		if _, ok := found.Hits[0][k]; !ok {
			t.Errorf("/api/search: hit lacks %q", k)
		}
	}
	if found.Hits[0]["story"] != pompeoStory {
		t.Errorf("/api/search: hit story %v", found.Hits[0]["story"])
	}

	var e struct{ Error string }
	decode("/api/search", http.StatusBadRequest, &e)
	if !strings.Contains(e.Error, "query is empty") {
		t.Errorf("/api/search without q: error %q", e.Error)
	}
	decode("/api/stories?page=x", http.StatusBadRequest, &e)
	if !strings.Contains(e.Error, "page") {
		t.Errorf("/api/stories?page=x: error %q", e.Error)
	}
}

func TestSecurityHeaders(t *testing.T) {
	ts, _ := newTestServer(t, openStore(t), Options{Compare: sameSentences})
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "same-origin",
	}
	for _, path := range []string{"/", "/stories/" + pompeoStory, "/stories/nope", "/articles/" + haaretz.ID, "/search?q=pompeo", "/api/stories", "/api/nope", "/static/style.css", "/healthz"} {
		res, _ := get(t, ts, path)
		for k, v := range want {
			if got := res.Header.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", path, k, got, v)
			}
		}
	}
}

func TestEscaping(t *testing.T) {
	ts, _ := newTestServer(t, openStore(t), Options{Compare: sameSentences})
	for _, path := range []string{"/", "/stories/" + zebraStory, "/articles/" + hostile.ID, "/search?q=zebras"} {
		res, body := get(t, ts, path)
		expect(t, res, body, http.StatusOK, "text/html")
		if strings.Contains(strings.ToLower(body), "<script") || strings.Contains(body, "<b>News") {
			t.Errorf("%s: article markup rendered raw", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: the escaped title or text is missing", path)
		}
	}
	// No inline style either: the CSP forbids it.
	_, body := get(t, ts, "/stories/"+pompeoStory)
	if strings.Contains(body, "style=") || strings.Contains(body, "<style") {
		t.Error("story page uses inline styles, which the CSP blocks")
	}
}

func TestStaticAndHealth(t *testing.T) {
	ts, _ := newTestServer(t, openStore(t), Options{})
	_, home := get(t, ts, "/")
	m := regexp.MustCompile(`href="(/static/style\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(home)
	if m == nil {
		t.Fatal("home: no versioned stylesheet link")
	}
	res, body := get(t, ts, m[1])
	expect(t, res, body, http.StatusOK, "text/css")
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("versioned stylesheet: Cache-Control %q, want immutable", cc)
	}
	if !strings.Contains(body, ".shared-verbatim") {
		t.Error("stylesheet lacks the highlight classes")
	}
	etag := res.Header.Get("ETag")
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/static/style.css", nil)
	req.Header.Set("If-None-Match", etag)
	res2, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != http.StatusNotModified || etag == "" {
		t.Errorf("revalidation with ETag %q: status %d, want 304", etag, res2.StatusCode)
	}
	if cc := res2.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=3600") {
		t.Errorf("unversioned stylesheet: Cache-Control %q", cc)
	}

	res, body = get(t, ts, "/healthz")
	expect(t, res, body, http.StatusOK, "text/plain")
	if body != "ok" {
		t.Errorf("/healthz: %q", body)
	}
}

// failingStore fails Count, as a broken database would.
type failingStore struct{ news.Store }

func (failingStore) Count(context.Context) (int, int, error) {
	return 0, 0, errors.New("disk on fire")
}

func TestInternalError(t *testing.T) {
	ts, logs := newTestServer(t, failingStore{openStore(t)}, Options{})
	res, body := get(t, ts, "/")
	expect(t, res, body, http.StatusInternalServerError, "text/html")
	if strings.Contains(body, "disk on fire") {
		t.Error("500 page shows the internal error")
	}
	contains(t, "500 page", body, "Something went wrong on our side")
	if n := strings.Count(logs.String(), "disk on fire"); n != 1 {
		t.Errorf("the error was logged %d times, want once:\n%s", n, logs)
	}
}

func TestListenAndServeShutsDown(t *testing.T) {
	s := New(openStore(t), Options{Logger: slog.New(slog.DiscardHandler)})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.serve(ctx, ln) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("after cancel: %v, want a clean shutdown", err)
	}
	if err := s.ListenAndServe(context.Background(), "256.0.0.1:1"); err == nil {
		t.Error("ListenAndServe on a bad address succeeded")
	}
}

// TestStoryPageWithCompare renders the story with the real comparison: the sentence both
// articles carry is highlighted in both columns, one only Haaretz has is not.
func TestStoryPageWithCompare(t *testing.T) {
	ts, _ := newTestServer(t, openStore(t), Options{Compare: compare.Compare})
	res, body := get(t, ts, "/stories/"+pompeoStory)
	expect(t, res, body, http.StatusOK, "text/html")
	for _, id := range []string{"s-haaretz-1-1", "s-israel-hayom-1-1"} {
		if tag, class := sentenceTag(t, body, id); tag != "mark" || !strings.HasPrefix(class, "shared-") {
			t.Errorf("sentence %s: <%s class=%q>, want a shared mark", id, tag, class)
		}
	}
	if tag, class := sentenceTag(t, body, "s-haaretz-0-0"); tag != "span" || class != "" {
		t.Errorf("unique sentence: <%s class=%q>, want an unmarked span", tag, class)
	}
}

func TestArticlePageShowsReuseRelations(t *testing.T) {
	st := openStore(t)
	rel := news.Relation{Kind: news.RelReuse, Earlier: haaretz.ID, Later: hayom.ID, Fraction: 0.38, Source: haaretz.ID, Wire: "Reuters"}
	if err := st.(news.RelationStore).AddRelations(context.Background(), []news.Relation{rel}); err != nil {
		t.Fatal(err)
	}
	ts, _ := newTestServer(t, st, Options{})
	_, body := get(t, ts, "/articles/"+hayom.ID)
	contains(t, "later article", body, "Shared text", `<span class="kind">reuses</span>`,
		`href="/articles/`+haaretz.ID+`"`, "38% of the later article shared; credits Reuters")
	_, body = get(t, ts, "/articles/"+haaretz.ID)
	contains(t, "earlier article", body, `<span class="kind">reused by</span>`, `href="/articles/`+hayom.ID+`"`)
	_, body = get(t, ts, "/articles/"+hostile.ID)
	if strings.Contains(body, "Shared text") {
		t.Errorf("an article without relations shows a shared-text section")
	}
}
