package server

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

// Two left-leaning outlets alone on one story (a blindspot), and a story covered by
// both sides.
var (
	leftA  = &news.Article{ID: "left-a", Source: news.Source{Name: "Left A", Lean: "left"}, Title: "Walrus census finds growth", Published: time.Date(2021, 3, 1, 8, 0, 0, 0, time.UTC), Paragraphs: []string{"The walrus census found growth on the coast."}}
	leftB  = &news.Article{ID: "left-b", Source: news.Source{Name: "Left B", Lean: "left"}, Title: "Walrus herds thrive, census says", Published: time.Date(2021, 3, 1, 9, 0, 0, 0, time.UTC), Paragraphs: []string{"Walrus herds thrive along the coast, a census says."}}
	rightA = &news.Article{ID: "right-a", Source: news.Source{Name: "Right A", Lean: "right"}, Title: "Budget vote =SUM(A1) delayed", Published: time.Date(2021, 3, 2, 8, 0, 0, 0, time.UTC), Paragraphs: []string{"The budget vote was delayed by the Senate."}}
	leftC  = &news.Article{ID: "left-c", Source: news.Source{Name: "Left A", Lean: "left"}, Title: "Senate delays budget vote", Published: time.Date(2021, 3, 2, 9, 0, 0, 0, time.UTC), Paragraphs: []string{"The Senate delayed the budget vote."}}
)

// openLeanStore is openStore plus the leaned stories.
func openLeanStore(t *testing.T) *sqlite.Store {
	t.Helper()
	st := openStore(t).(*sqlite.Store)
	for _, p := range []struct {
		a     *news.Article
		story string
	}{{leftA, "story-walrus"}, {leftB, "story-walrus"}, {rightA, "story-budget"}, {leftC, "story-budget"}} {
		p.a.Input = news.Input{Kind: news.KindJSONL}
		if _, err := st.Put(context.Background(), p.a, p.story); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func TestCoverage(t *testing.T) {
	leans := map[string]string{"A": "left", "B": "left", "C": "right", "D": "center"}
	tests := []struct {
		labels    []string
		blindspot string
		summary   string
	}{
		{[]string{"A", "B"}, "left", "2 left, 0 center, 0 right"},
		{[]string{"A", "A", "B", "X"}, "left", "2 left, 0 center, 0 right, 1 of unknown lean"},
		{[]string{"A", "C"}, "", "1 left, 0 center, 1 right"},
		{[]string{"A", "D"}, "", "1 left, 1 center, 0 right"},
		{[]string{"A"}, "", "1 left, 0 center, 0 right"},
		{[]string{"C", "X", "Y"}, "", "0 left, 0 center, 1 right, 2 of unknown lean"},
	}
	for _, tt := range tests {
		c := newCoverage(tt.labels, leans, nil)
		if c.Blindspot != tt.blindspot || c.Summary() != tt.summary {
			t.Errorf("%v: blindspot %q, %q; want %q, %q", tt.labels, c.Blindspot, c.Summary(), tt.blindspot, tt.summary)
		}
	}
}

func TestHomeCoverage(t *testing.T) {
	ts, _ := newTestServer(t, openLeanStore(t), Options{Compare: sameSentences})
	res, body := get(t, ts, "/")
	expect(t, res, body, http.StatusOK, "text/html")
	contains(t, "home", body,
		`aria-label="Coverage by outlet lean: 2 left, 0 center, 0 right"`,
		"Blindspot: left-leaning outlets only",
		`aria-label="Coverage by outlet lean: 1 left, 0 center, 1 right"`,
		`aria-label="Coverage by outlet lean: 0 left, 0 center, 0 right, 2 of unknown lean"`,
	)
	if n := strings.Count(body, "Blindspot:"); n != 1 {
		t.Errorf("home: %d blindspot markers, want 1 (the walrus story)", n)
	}
}

func TestSourcePagesAndEdit(t *testing.T) {
	ts, _ := newTestServer(t, openLeanStore(t), Options{Compare: sameSentences})
	res, body := get(t, ts, "/sources")
	expect(t, res, body, http.StatusOK, "text/html")
	contains(t, "sources", body, `href="/sources/Left%20A"`, `href="/sources/Haaretz"`, "2 left, 0 center, 1 right, 3 of unknown lean")

	res, body = get(t, ts, "/sources/Left%20A")
	expect(t, res, body, http.StatusOK, "text/html")
	contains(t, "source", body, "<h1>Left A</h1>", `href="/stories/story-walrus"`, `href="/stories/story-budget"`, "2 stories", "Mar 2021: 2", `<form class="edit" method="post"`)

	// Edit through the form: the lean in effect changes, and so does the story page's.
	form := url.Values{"lean": {"center"}, "notes": {"Owned by <b>a trust</b>."}}
	res, err := ts.Client().PostForm(ts.URL+"/sources/Right%20A", form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "Saved.") || !strings.Contains(string(b), "Owned by &lt;b&gt;a trust&lt;/b&gt;.") {
		t.Fatalf("edit source: %d\n%.400s", res.StatusCode, b)
	}
	_, body = get(t, ts, "/stories/story-budget")
	contains(t, "story after edit", body, "1 left, 1 center, 0 right")

	// A cross-site form post is refused, whatever the client.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/sources/Right%20A", strings.NewReader("lean=left"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err = ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site edit: status %d, want 403", res.StatusCode)
	}

	// The API.
	var list []map[string]any
	res, body = get(t, ts, "/api/sources")
	expect(t, res, body, http.StatusOK, "application/json")
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list) != 6 {
		t.Fatalf("/api/sources: %v, %s", err, body)
	}
	req, _ = http.NewRequest(http.MethodPut, ts.URL+"/api/sources/Right%20A", strings.NewReader(`{"lean": ""}`))
	res, err = ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var si map[string]any
	json.NewDecoder(res.Body).Decode(&si)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || si["lean"] != "right" || si["notes"] != "Owned by <b>a trust</b>." {
		t.Errorf("PUT /api/sources: %d %v, want the data's lean back and the notes kept", res.StatusCode, si)
	}
	req, _ = http.NewRequest(http.MethodPut, ts.URL+"/api/sources/Right%20A", strings.NewReader(`{"colour": "red"}`))
	res, _ = ts.Client().Do(req)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("PUT with an unknown field: %d, want 400", res.StatusCode)
	}
	res, body = get(t, ts, "/api/sources/Left%20A")
	expect(t, res, body, http.StatusOK, "application/json")
	contains(t, "/api/sources/Left A", body, `"stories_total": 2`, `"month": "2021-03"`)
}

// do runs one request on h as if from remote, and returns the status.
func do(h http.Handler, method, target, remote string, header http.Header, body string) int {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.RemoteAddr = remote
	req.Host = "localhost:8080"
	for k, v := range header {
		if k == "Host" {
			req.Host = v[0]
			continue
		}
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func TestWriteAccess(t *testing.T) {
	st := openLeanStore(t)
	quiet := slog.New(slog.DiscardHandler)
	open := New(st, Options{Logger: quiet}).Handler()
	follow := `{"query": {"q": "walrus"}}`
	if got := do(open, "POST", "/api/follows", "203.0.113.9:4000", nil, follow); got != http.StatusForbidden {
		t.Errorf("remote write without a token configured: %d, want 403", got)
	}
	if got := do(open, "POST", "/api/follows", "127.0.0.1:4000", nil, follow); got != http.StatusCreated {
		t.Errorf("local write without a token configured: %d, want 201", got)
	}
	rebound := http.Header{"Host": {"evil.example:8080"}}
	if got := do(open, "POST", "/api/follows", "127.0.0.1:4000", rebound, follow); got != http.StatusForbidden {
		t.Errorf("local write to another host name (DNS rebinding): %d, want 403", got)
	}
	if got := do(open, "GET", "/api/follows", "203.0.113.9:4000", nil, ""); got != http.StatusOK {
		t.Errorf("remote read: %d, want 200", got)
	}

	guarded := New(st, Options{Logger: quiet, Token: "s3cret"}).Handler()
	bearer := http.Header{"Authorization": {"Bearer s3cret"}}
	for _, tt := range []struct {
		name   string
		remote string
		header http.Header
		want   int
	}{
		{"no token, local", "127.0.0.1:1", nil, http.StatusForbidden},
		{"wrong token", "203.0.113.9:1", http.Header{"Authorization": {"Bearer nope"}}, http.StatusForbidden},
		{"token", "203.0.113.9:1", bearer, http.StatusCreated},
		{"token cookie", "203.0.113.9:1", http.Header{"Cookie": {tokenCookie + "=s3cret"}}, http.StatusCreated},
		{"token, cross-site", "203.0.113.9:1", http.Header{"Authorization": {"Bearer s3cret"}, "Sec-Fetch-Site": {"cross-site"}}, http.StatusForbidden},
	} {
		if got := do(guarded, "POST", "/api/follows", tt.remote, tt.header, follow); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
	// Logging in sets the cookie; a wrong token does not.
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	if got := do(guarded, "POST", "/login", "203.0.113.9:1", form, "token=s3cret&next=/follows"); got != http.StatusSeeOther {
		t.Errorf("login: %d, want 303", got)
	}
	if got := do(guarded, "POST", "/login", "203.0.113.9:1", form, "token=nope"); got != http.StatusForbidden {
		t.Errorf("login with a wrong token: %d, want 403", got)
	}
}

func TestSearchFilters(t *testing.T) {
	ts, _ := newTestServer(t, openLeanStore(t), Options{Compare: sameSentences})
	tests := []struct {
		path   string
		status int
		want   []string
		not    []string
	}{
		{"/search?q=budget", http.StatusOK, []string{"2 articles match", `href="/articles/right-a"`, `href="/articles/left-c"`, "Follow this search", "format=csv"}, nil},
		{"/search?q=budget&source=Right+A", http.StatusOK, []string{"1 article matches", `href="/articles/right-a"`}, []string{`href="/articles/left-c"`}},
		{"/search?q=walrus&from=2021-03-01&to=2021-03-01", http.StatusOK, []string{"2 articles match", `href="/articles/left-a"`}, nil},
		{"/search?q=walrus&from=2021-03-02", http.StatusOK, []string{"0 articles match"}, nil},
		{"/search?entity=Senate&sort=date", http.StatusOK, []string{"2 articles match", ", naming Senate"}, nil},
		{"/search?source=Haaretz", http.StatusOK, []string{"1 article matches", `href="/articles/haaretz-pompeo"`}, nil},
		{"/search?q=walrus&from=March", http.StatusBadRequest, []string{"Invalid from", "YYYY-MM-DD"}, nil},
		{"/search?q=walrus&sort=best", http.StatusBadRequest, []string{"Invalid sort"}, nil},
	}
	for _, tt := range tests {
		res, body := get(t, ts, tt.path)
		expect(t, res, body, tt.status, "text/html")
		contains(t, tt.path, body, tt.want...)
		for _, n := range tt.not {
			if strings.Contains(body, n) {
				t.Errorf("%s: has %q", tt.path, n)
			}
		}
	}
	var out searchJSON
	res, body := get(t, ts, "/api/search?entity=Senate&source=Left+A")
	expect(t, res, body, http.StatusOK, "application/json")
	if err := json.Unmarshal([]byte(body), &out); err != nil || out.Total != 1 || out.Hits[0].Article != "left-c" {
		t.Errorf("/api/search with filters: %v %s", err, body)
	}
}

func TestEntityPage(t *testing.T) {
	ts, _ := newTestServer(t, openLeanStore(t), Options{Compare: sameSentences})
	res, body := get(t, ts, "/entities/Mike%20Pompeo")
	expect(t, res, body, http.StatusOK, "text/html")
	contains(t, "entity", body, "<h1>Mike Pompeo</h1>", `href="/stories/story-pompeo"`, "Follow Mike Pompeo")
	if strings.Contains(body, "story-walrus") {
		t.Error("entity page lists a story that does not name it")
	}
	// The story page links its entities here.
	_, body = get(t, ts, "/stories/"+pompeoStory)
	contains(t, "story", body, `<a href="/entities/Mike%20Pompeo">Mike Pompeo</a>`)
	var e entityJSON
	res, body = get(t, ts, "/api/entities/Mike%20Pompeo")
	expect(t, res, body, http.StatusOK, "application/json")
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Articles != 2 || len(e.Stories) != 1 {
		t.Errorf("/api/entities: %v %s", err, body)
	}
}

// receiver is a webhook endpoint that records what it is sent.
type receiver struct {
	mu     sync.Mutex
	bodies []webhookPayload
	status int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var p webhookPayload
	if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&p) != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if rc.status != 0 {
		w.WriteHeader(rc.status)
		return
	}
	rc.bodies = append(rc.bodies, p)
}

func TestFollowTopic(t *testing.T) {
	ctx := context.Background()
	st := openLeanStore(t)
	rc := &receiver{}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	srv := New(st, Options{Compare: sameSentences, Webhook: hook.URL, BaseURL: "https://parallax.example", Logger: slog.New(slog.DiscardHandler)})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	// Follow a search through the form: the browser lands on the topic's page.
	res, err := ts.Client().PostForm(ts.URL+"/follows", url.Values{"q": {"walrus"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	body := string(b)
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/follows/1" {
		t.Fatalf("follow: %d at %s", res.StatusCode, res.Request.URL)
	}
	contains(t, "follow page", body, "<h1>walrus</h1>", "2 articles match; 0 are new", `href="/stories/story-walrus"`, `href="/follows/1/feed.atom"`)

	// Nothing new yet: the webhook is not called.
	if err := srv.Notify(ctx); err != nil {
		t.Fatal(err)
	}
	if len(rc.bodies) != 0 {
		t.Fatalf("webhook called without new stories: %+v", rc.bodies)
	}

	// A new article about walruses arrives.
	later := &news.Article{ID: "right-walrus", Source: news.Source{Name: "Right A", Lean: "right"}, Title: "Walrus numbers disputed", Published: time.Date(2021, 3, 3, 8, 0, 0, 0, time.UTC), Paragraphs: []string{"Walrus numbers are disputed."}}
	if _, err := st.Put(ctx, later, "story-walrus"); err != nil {
		t.Fatal(err)
	}
	_, body = get(t, ts, "/follows")
	contains(t, "follows", body, `<a href="/follows/1">walrus</a> <span class="new">1 new article</span>`)
	_, body = get(t, ts, "/follows/1")
	contains(t, "follow page", body, "3 articles match; 1 is new", `story-walrus">Walrus census finds growth</a> <span class="new">new</span>`)

	if err := srv.Notify(ctx); err != nil {
		t.Fatal(err)
	}
	if len(rc.bodies) != 1 {
		t.Fatalf("webhook: %d deliveries, want 1", len(rc.bodies))
	}
	p := rc.bodies[0]
	if p.Follow.ID != 1 || p.Follow.Query.Q != "walrus" || len(p.Stories) != 1 || p.Stories[0].ID != "story-walrus" ||
		p.Stories[0].URL != "https://parallax.example/stories/story-walrus" || len(p.Stories[0].Articles) != 1 || p.Stories[0].Articles[0].Article != "right-walrus" {
		t.Errorf("webhook payload: %+v", p)
	}
	// Delivered once only.
	if err := srv.Notify(ctx); err != nil || len(rc.bodies) != 1 {
		t.Errorf("second Notify: %v, %d deliveries, want still 1", err, len(rc.bodies))
	}
	// A failing receiver keeps the stories for the next round.
	later2 := &news.Article{ID: "left-walrus", Source: news.Source{Name: "Left B"}, Title: "Walrus pups counted", Published: time.Date(2021, 3, 4, 8, 0, 0, 0, time.UTC), Paragraphs: []string{"Walrus pups."}}
	if _, err := st.Put(ctx, later2, "story-walrus"); err != nil {
		t.Fatal(err)
	}
	rc.status = http.StatusServiceUnavailable
	if err := srv.Notify(ctx); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("Notify to a failing receiver: %v, want an error naming 503", err)
	}
	rc.status = 0
	if err := srv.Notify(ctx); err != nil || len(rc.bodies) != 2 || rc.bodies[1].Stories[0].Articles[0].Article != "left-walrus" {
		t.Errorf("retry: %v, %+v", err, rc.bodies)
	}

	// The Atom feed: well-formed, newest first, links absolute.
	res, body = get(t, ts, "/follows/1/feed.atom")
	expect(t, res, body, http.StatusOK, "application/atom+xml")
	var feed atomFeed
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatalf("feed: %v", err)
	}
	if feed.Title != "Parallax: walrus" || len(feed.Entries) != 4 || feed.Entries[0].ID != "urn:parallax:article:left-walrus" || feed.Entries[0].Links[0].Href != "https://parallax.example/articles/left-walrus" || feed.Updated != "2021-03-04T08:00:00Z" {
		t.Errorf("feed: %+v", feed)
	}

	// Mark seen, then unfollow.
	res, err = ts.Client().PostForm(ts.URL+"/follows/1/seen", nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	contains(t, "after seen", string(b), "0 are new")
	res, err = ts.Client().PostForm(ts.URL+"/follows/1/delete", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res, _ := get(t, ts, "/follows/1"); res.StatusCode != http.StatusNotFound {
		t.Errorf("after unfollow: %d, want 404", res.StatusCode)
	}

	// Follow an entity through the API.
	res, err = ts.Client().Post(ts.URL+"/api/follows", "application/json", strings.NewReader(`{"name": "Pompeo", "query": {"entity": "Mike Pompeo"}}`))
	if err != nil {
		t.Fatal(err)
	}
	var f followJSON
	json.NewDecoder(res.Body).Decode(&f)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || f.Name != "Pompeo" || f.Query.Entity != "Mike Pompeo" {
		t.Errorf("POST /api/follows: %d %+v", res.StatusCode, f)
	}
	var fd followDetailJSON
	res, body = get(t, ts, "/api/follows/2")
	if err := json.Unmarshal([]byte(body), &fd); err != nil || fd.Articles != 2 || len(fd.Stories) != 1 || fd.Stories[0].ID != pompeoStory {
		t.Errorf("/api/follows/2: %v %s", err, body)
	}
	res, err = ts.Client().Post(ts.URL+"/api/follows", "application/json", strings.NewReader(`{"query": {}}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("POST /api/follows with an empty query: %d, want 400", res.StatusCode)
	}
}

func TestExports(t *testing.T) {
	ts, _ := newTestServer(t, openLeanStore(t), Options{Compare: sameSentences})
	res, body := get(t, ts, "/api/stories/"+pompeoStory+"/export?format=json")
	expect(t, res, body, http.StatusOK, "application/json")
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="story-story-pompeo.json"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	var full struct {
		Story      map[string]any    `json:"story"`
		Articles   []json.RawMessage `json:"articles"`
		Comparison struct {
			Shared []news.Passage `json:"shared"`
		} `json:"comparison"`
	}
	if err := json.Unmarshal([]byte(body), &full); err != nil || len(full.Articles) != 2 || len(full.Comparison.Shared) != 2 {
		t.Errorf("story JSON export: %v, %d articles, %d passages", err, len(full.Articles), len(full.Comparison.Shared))
	}

	res, body = get(t, ts, "/api/stories/"+pompeoStory+"/export?format=jsonl")
	expect(t, res, body, http.StatusOK, "application/x-ndjson")
	lines := strings.Split(strings.TrimSpace(body), "\n")
	var a news.Article
	if len(lines) != 2 || json.Unmarshal([]byte(lines[1]), &a) != nil || a.ID != hayom.ID {
		t.Errorf("story JSONL export: %d lines, %+v", len(lines), a.ID)
	}

	res, body = get(t, ts, "/api/stories/story-budget/export?format=csv")
	expect(t, res, body, http.StatusOK, "text/csv")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "id" || rows[1][0] != "right-a" {
		t.Fatalf("story CSV export: %v %q", err, rows)
	}
	if rows[1][5] != "'Budget vote =SUM(A1) delayed" && !strings.HasPrefix(rows[1][5], "Budget") {
		t.Errorf("title cell %q", rows[1][5])
	}

	res, body = get(t, ts, "/api/search/export?q=budget&format=csv")
	expect(t, res, body, http.StatusOK, "text/csv")
	rows, err = csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "article" {
		t.Errorf("search CSV export: %v %q", err, rows)
	}
	res, body = get(t, ts, "/api/search/export?q=budget&format=jsonl")
	expect(t, res, body, http.StatusOK, "application/x-ndjson")
	if n := strings.Count(body, "\n"); n != 2 {
		t.Errorf("search JSONL export: %d lines, want 2", n)
	}
	res, body = get(t, ts, "/api/search/export?q=budget&format=xml")
	expect(t, res, body, http.StatusBadRequest, "application/json")
}

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-2": "'-2", "@x": "'@x", "plain": "plain", "": ""} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestOpenAPI checks that the document is OpenAPI 3 and describes exactly the
// registered /api routes, each operation with responses.
func TestOpenAPI(t *testing.T) {
	s := New(openStore(t), Options{Logger: slog.New(slog.DiscardHandler)})
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	res, body := get(t, ts, "/api/openapi.json")
	expect(t, res, body, http.StatusOK, "application/json")
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Info    struct{ Title, Version string }       `json:"info"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Info.Title == "" || doc.Info.Version == "" {
		t.Errorf("not an OpenAPI 3 document: %q %+v", doc.OpenAPI, doc.Info)
	}
	registered := map[string]bool{}
	for _, r := range s.apiRoutes {
		method, path, _ := strings.Cut(r, " ")
		registered[strings.ToLower(method)+" "+path] = true
		op, ok := doc.Paths[path][strings.ToLower(method)]
		if !ok {
			t.Errorf("route %s is not in the OpenAPI document", r)
			continue
		}
		var o struct {
			Responses map[string]json.RawMessage `json:"responses"`
		}
		if json.Unmarshal(op, &o) != nil || len(o.Responses) == 0 {
			t.Errorf("%s: no responses documented", r)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if !registered[method+" "+path] {
				t.Errorf("the document describes %s %s, which is not routed", strings.ToUpper(method), path)
			}
		}
	}
	if len(s.apiRoutes) < 15 {
		t.Errorf("only %d API routes registered", len(s.apiRoutes))
	}
}

func TestEditedWordsMarkedInColumns(t *testing.T) {
	ts, _ := newTestServer(t, openStore(t), Options{Compare: sameSentences})
	_, body := get(t, ts, "/stories/"+pompeoStory)
	// The edited passage changes "Al-Qaida's" (Haaretz) into "al-Qaida's" (Israel Hayom):
	// each column marks its own wording; the verbatim passage marks nothing.
	contains(t, "story", body,
		`killing of <ins class="changed">Al-Qaida&#39;s</ins> suspected`,
		`killing of <ins class="changed">al-Qaida&#39;s</ins> suspected`,
	)
	if n := strings.Count(body, `<ins class="changed">`); n != 3 { // two in columns, one in the legend
		t.Errorf("%d changed-word marks, want 3", n)
	}
}

// TestAccessibleMarkup checks what assistive technology relies on, page by page: one
// h1, every form control labelled, every SVG chart named, images of text absent.
func TestAccessibleMarkup(t *testing.T) {
	ts, _ := newTestServer(t, openLeanStore(t), Options{Compare: sameSentences})
	if res, err := ts.Client().PostForm(ts.URL+"/follows", url.Values{"q": {"walrus"}}); err == nil {
		res.Body.Close()
	}
	control := regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`)
	idAttr := regexp.MustCompile(`\bid="([^"]+)"`)
	for _, path := range []string{"/", "/stories/" + pompeoStory, "/stories/story-budget", "/articles/" + haaretz.ID, "/search?q=budget", "/sources", "/sources/Left%20A", "/entities/Senate", "/follows", "/follows/1", "/login"} {
		_, body := get(t, ts, path)
		if n := strings.Count(body, "<h1"); n != 1 {
			t.Errorf("%s: %d h1 elements, want 1", path, n)
		}
		for _, c := range control.FindAllString(body, -1) {
			if strings.Contains(c, `type="hidden"`) {
				continue
			}
			m := idAttr.FindStringSubmatch(c)
			if m == nil || !strings.Contains(body, `<label for="`+m[1]+`"`) && !strings.Contains(body, `<label class="visually-hidden" for="`+m[1]+`"`) {
				t.Errorf("%s: control without a label: %s", path, c)
			}
		}
		for _, svg := range regexp.MustCompile(`<svg\b[^>]*>`).FindAllString(body, -1) {
			if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, "aria-label") {
				t.Errorf("%s: SVG without role and name: %s", path, svg)
			}
		}
	}
}

func TestSelectColumns(t *testing.T) {
	var articles []*news.Article
	leans := map[string]string{}
	sides := []string{"left", "left", "left", "left", "right", "center", "", "right", "left"}
	for i, side := range sides {
		label := "Outlet " + string(rune('A'+i))
		leans[label] = side
		articles = append(articles, &news.Article{ID: "a" + string(rune('0'+i)), Source: news.Source{Name: label}})
	}
	// A second article of outlet A is never picked over another outlet's first.
	articles = append(articles, &news.Article{ID: "a9", Source: news.Source{Name: "Outlet A"}})
	ids := func(as []*news.Article) string {
		var out []string
		for _, a := range as {
			out = append(out, a.ID)
		}
		return strings.Join(out, " ")
	}
	// One of each side: left A, center F, right E, unknown G; in story order.
	if got := ids(selectColumns(articles, leans, nil)); got != "a0 a4 a5 a6" {
		t.Errorf("selection %q, want one outlet per side in turn", got)
	}
	if got := ids(selectColumns(articles, leans, []string{"a9", "a2", "nope"})); got != "a2 a9" {
		t.Errorf("chosen %q, want a2 a9 in story order", got)
	}
	if got := ids(selectColumns(articles[:3], leans, nil)); got != "a0 a1 a2" {
		t.Errorf("small story %q, want all", got)
	}
	// With left and right outlets only, they alternate.
	lr := []*news.Article{articles[0], articles[1], articles[2], articles[3], articles[4], articles[7], articles[8]}
	if got := ids(selectColumns(lr, leans, nil)); got != "a0 a1 a4 a7" {
		t.Errorf("left and right only: %q, want A B (left) E H (right)", got)
	}
}

func TestStoryPageChooseColumns(t *testing.T) {
	ts, _ := newTestServer(t, openLeanStore(t), Options{Compare: sameSentences})
	_, body := get(t, ts, "/stories/story-budget?a=left-c")
	contains(t, "chosen", body, "1 of 2 articles side by side", `id="a-left-a"`, `name="a" value="left-c" checked`, `name="a" value="right-a">`)
	if strings.Contains(body, `id="a-right-a"`) {
		t.Error("an article not chosen has a column")
	}
	_, body = get(t, ts, "/stories/story-budget")
	if strings.Contains(body, "Choose up to") {
		t.Error("a story that fits offers a choice of columns")
	}
}

func TestAPICompareChosenArticles(t *testing.T) {
	ts, _ := newTestServer(t, openStore(t), Options{Compare: sameSentences})
	var cmp news.Comparison
	res, body := get(t, ts, "/api/stories/"+pompeoStory+"/compare?a="+hayom.ID)
	expect(t, res, body, http.StatusOK, "application/json")
	if err := json.Unmarshal([]byte(body), &cmp); err != nil || len(cmp.Articles) != 1 || cmp.Articles[0].ID != hayom.ID || len(cmp.Shared) != 0 {
		t.Errorf("compare one chosen article: %v, %+v", err, cmp.Articles)
	}
	res, body = get(t, ts, "/api/stories/"+pompeoStory+"/compare?a=nope")
	expect(t, res, body, http.StatusBadRequest, "application/json")
}

func TestWarm(t *testing.T) {
	calls := 0
	counting := func(a []*news.Article) *news.Comparison { calls++; return sameSentences(a) }
	s := New(openLeanStore(t), Options{Compare: counting, Logger: slog.New(slog.DiscardHandler)})
	if err := s.Warm(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	if calls != 2 {
		t.Fatalf("Warm(2) compared %d stories, want 2", calls)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	_, stories := get(t, ts, "/api/stories")
	var list []news.Story
	json.Unmarshal([]byte(stories), &list)
	get(t, ts, "/stories/"+list[0].ID)
	get(t, ts, "/stories/"+list[1].ID)
	if calls != 2 {
		t.Errorf("the warmed stories were compared again: %d comparisons", calls)
	}
	get(t, ts, "/stories/"+list[2].ID)
	if calls != 3 {
		t.Errorf("a cold story: %d comparisons, want 3", calls)
	}
}
