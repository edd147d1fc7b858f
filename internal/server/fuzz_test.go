package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

// fuzzServer is a Server over a real SQLite store holding the test articles.
func fuzzServer(tb testing.TB) http.Handler {
	tb.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "fuzz.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	for _, p := range []struct {
		a     *news.Article
		story string
	}{{haaretz, pompeoStory}, {hayom, pompeoStory}, {hostile, zebraStory}} {
		if _, err := st.Put(ctx, p.a, p.story); err != nil {
			tb.Fatal(err)
		}
	}
	return New(st, Options{Compare: sameSentences, Logger: slog.New(slog.DiscardHandler)}).Handler()
}

// FuzzRequest fuzzes the decoding of requests (path, path values and query parameters)
// of every route: no input is a server error, every API answer is well-formed JSON, and
// every answer carries the security headers.
func FuzzRequest(f *testing.F) {
	for _, s := range [][3]string{
		{"GET", "/api/search", "q=pompeo&page=1"},
		{"GET", "/api/search", "q=\"unbalanced AND OR NOT ( * ^ NEAR/3"},
		{"GET", "/api/search", "q=pompeo&page=99999999999999999999"},
		{"GET", "/api/stories", "page=2"},
		{"GET", "/api/stories/" + pompeoStory, ""},
		{"GET", "/api/stories/" + pompeoStory + "/compare", ""},
		{"GET", "/api/articles/" + haaretz.ID, ""},
		{"GET", "/api/feeds", ""},
		{"GET", "/search", "q=zebras&page=1"},
		{"GET", "/stories/" + zebraStory, ""},
		{"GET", "/articles/%00", ""},
		{"POST", "/api/feeds", ""},
		{"GET", "/static/../../etc/passwd", ""},
	} {
		f.Add(s[0], s[1], s[2])
	}
	h := fuzzServer(f)
	f.Fuzz(func(t *testing.T, method, path, query string) {
		if len(path)+len(query) > 8<<10 || !validMethod(method) {
			t.Skip()
		}
		u := &url.URL{Path: "/" + strings.TrimPrefix(path, "/"), RawQuery: query}
		req, err := http.NewRequest(method, "http://parallax.test"+u.EscapedPath()+"?"+u.RawQuery, nil)
		if err != nil {
			t.Skip()
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		res := w.Result()
		if res.StatusCode >= 500 {
			t.Fatalf("%s %s?%s: status %d: %s", method, u.EscapedPath(), query, res.StatusCode, w.Body.String())
		}
		if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("%s %s: security headers missing", method, u.EscapedPath())
		}
		// ServeMux answers unclean paths ("/api//x") with a redirect to the clean one
		// before any handler runs; everything else under /api/ answers in JSON.
		redirect := res.StatusCode >= 300 && res.StatusCode < 400
		if strings.HasPrefix(req.URL.Path, "/api/") && method != http.MethodHead && res.StatusCode != http.StatusMethodNotAllowed && !redirect {
			if !json.Valid(w.Body.Bytes()) {
				t.Fatalf("%s %s?%s: API answer is not JSON: %.200q", method, u.EscapedPath(), query, w.Body.String())
			}
		}
	})
}

// validMethod keeps the fuzzer to methods a client can send (a token).
func validMethod(m string) bool {
	if m == "" || len(m) > 10 {
		return false
	}
	for _, c := range m {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}
