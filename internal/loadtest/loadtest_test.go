package loadtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// Run counts every answer but 200 as an error and names it, and discovers the request mix
// from the story list.
func TestRunCountsFailures(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/stories", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`[{"id":"s1","title":"Harbour reopens","articles":["a1"]}]`))
	})
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/stories/s1/compare" {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		w.Write([]byte("ok"))
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	res, err := Run(context.Background(), Options{URL: ts.URL, Duration: 300 * time.Millisecond, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests == 0 || res.Errors == 0 || res.Errors >= res.Requests {
		t.Fatalf("%d requests, %d errors: want some, and only the compare path, failing", res.Requests, res.Errors)
	}
	if len(res.Failures) == 0 || res.Failures[0] != "GET /api/stories/s1/compare: status 500" {
		t.Errorf("failures = %q", res.Failures)
	}
	if res.Paths != 10 { // 3 fixed + 3 story + 2 article + 2 search
		t.Errorf("%d paths, want 10", res.Paths)
	}
	if res.P99 < res.P50 || res.Max < res.P99 || res.RPS <= 0 {
		t.Errorf("inconsistent figures: %s", res)
	}
	if _, err := Run(context.Background(), Options{URL: "ftp://x"}); err == nil {
		t.Error("an ftp URL was accepted")
	}
}
