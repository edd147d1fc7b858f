package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

const page = `<!doctype html><html><head><title>Hello</title></head><body><p>Hello, world.</p></body></html>`

// testConfig allows loopback explicitly (the httptest servers listen there) and keeps
// timeouts short.
func testConfig() Config {
	return Config{AllowPrivate: true, ConnectTimeout: time.Second, ReadTimeout: 300 * time.Millisecond,
		MaxBytes: 1 << 20, MaxRedirects: 3, PerHost: 2, HostInterval: -1}
}

func server(t *testing.T, robots string) (*httptest.Server, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		if robots == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, robots)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, mux
}

func TestPageEncodingsAndUserAgent(t *testing.T) {
	srv, mux := server(t, "")
	var ua atomic.Value
	mux.HandleFunc("GET /plain", func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("GET /gzip", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Errorf("Accept-Encoding %q lacks gzip", r.Header.Get("Accept-Encoding"))
		}
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		fmt.Fprint(zw, page)
		zw.Close()
	})
	mux.HandleFunc("GET /br", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "br")
		bw := brotli.NewWriter(w)
		fmt.Fprint(bw, page)
		bw.Close()
	})
	c := New(testConfig())
	for _, p := range []string{"/plain", "/gzip", "/br"} {
		resp, err := c.Get(context.Background(), Request{URL: srv.URL + p, Accept: []string{"text/html"}})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if string(resp.Body) != page {
			t.Errorf("%s: body %q", p, resp.Body)
		}
	}
	if got, _ := ua.Load().(string); !strings.HasPrefix(got, "parallax/") {
		t.Errorf("User-Agent = %q", got)
	}
}

func TestConditional(t *testing.T) {
	srv, mux := server(t, "")
	mux.HandleFunc("GET /feed", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` || r.Header.Get("If-Modified-Since") == "Tue, 05 Mar 2024 10:00:00 GMT" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Tue, 05 Mar 2024 10:00:00 GMT")
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, "<rss/>")
	})
	c := New(testConfig())
	first, err := c.Get(context.Background(), Request{URL: srv.URL + "/feed"})
	if err != nil || first.NotModified || first.ETag != `"v1"` {
		t.Fatalf("first = %+v, %v", first, err)
	}
	for _, req := range []Request{{URL: srv.URL + "/feed", ETag: first.ETag}, {URL: srv.URL + "/feed", LastModified: first.LastModified}} {
		again, err := c.Get(context.Background(), req)
		if err != nil || !again.NotModified || len(again.Body) != 0 {
			t.Fatalf("conditional %+v = %+v, %v; want 304 not modified", req, again, err)
		}
		if again.ETag != req.ETag && req.ETag != "" {
			t.Errorf("ETag not carried over: %q", again.ETag)
		}
	}
}

func TestRobots(t *testing.T) {
	srv, mux := server(t, "User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\nAllow: /private/ok$\n")
	var hits atomic.Int32
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	})
	c := New(testConfig())
	ctx := context.Background()
	if _, err := c.Get(ctx, Request{URL: srv.URL + "/news/1"}); err != nil {
		t.Errorf("allowed page: %v", err)
	}
	if _, err := c.Get(ctx, Request{URL: srv.URL + "/private/ok"}); err != nil {
		t.Errorf("page allowed by a longer Allow: %v", err)
	}
	_, err := c.Get(ctx, Request{URL: srv.URL + "/private/secret"})
	if !errors.Is(err, ErrRobots) || Temporary(err) {
		t.Errorf("disallowed page: err = %v, want permanent ErrRobots", err)
	}
	if hits.Load() != 2 {
		t.Errorf("server saw %d page requests, want 2 (the disallowed one never sent)", hits.Load())
	}
	// A redirect into a disallowed path is refused too.
	mux.HandleFunc("GET /jump", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/private/x", http.StatusFound) })
	if _, err := c.Get(ctx, Request{URL: srv.URL + "/jump"}); !errors.Is(err, ErrRobots) {
		t.Errorf("redirect to disallowed path: %v", err)
	}
	cfg := testConfig()
	cfg.IgnoreRobots = true
	if _, err := New(cfg).Get(ctx, Request{URL: srv.URL + "/private/secret"}); err != nil {
		t.Errorf("IgnoreRobots: %v", err)
	}
}

func TestRobotsUnavailable(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) })
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, page) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	_, err := New(testConfig()).Get(context.Background(), Request{URL: srv.URL + "/a"})
	if err == nil || !Temporary(err) {
		t.Errorf("robots.txt 503: err = %v, want a temporary refusal", err)
	}
}

func TestParseRobots(t *testing.T) {
	r := ParseRobots([]byte("# comment\nUser-agent: Parallax\nUser-agent: foo\nDisallow: /*.pdf$\nDisallow: /tmp\nCrawl-delay: 2\n\nUser-agent: *\nDisallow: /\n"), "parallax")
	tests := map[string]bool{"/": true, "/a/b.pdf": false, "/a/b.pdf?x=1": true, "/tmp/x": false, "/tmpfile": false, "/robots.txt": true, "/news": true}
	for path, want := range tests {
		if got := r.Allowed(path); got != want {
			t.Errorf("Allowed(%q) = %v, want %v", path, got, want)
		}
	}
	if r.CrawlDelay != 2*time.Second {
		t.Errorf("CrawlDelay = %v", r.CrawlDelay)
	}
	if ParseRobots([]byte("User-agent: *\nDisallow: /\n"), "parallax").Allowed("/x") {
		t.Error("the * group should apply when no group names us")
	}
}

func TestSlowResponse(t *testing.T) {
	srv, mux := server(t, "")
	mux.HandleFunc("GET /slow-headers", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("GET /slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < 50; i++ {
			fmt.Fprint(w, "<p>drip</p>")
			w.(http.Flusher).Flush()
			select {
			case <-time.After(100 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
	})
	c := New(testConfig())
	for _, p := range []string{"/slow-headers", "/slow-body"} {
		_, err := c.Get(context.Background(), Request{URL: srv.URL + p})
		var ne net.Error
		if err == nil || !(errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded)) {
			t.Errorf("%s: err = %v, want a timeout", p, err)
		}
		if !Temporary(err) {
			t.Errorf("%s: a timeout should be temporary", p)
		}
	}
}

func TestRedirects(t *testing.T) {
	srv, mux := server(t, "")
	mux.HandleFunc("GET /loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("GET /hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("n") == "0" {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, page)
			return
		}
		http.Redirect(w, r, "/hop/0", http.StatusMovedPermanently)
	})
	c := New(testConfig())
	_, err := c.Get(context.Background(), Request{URL: srv.URL + "/loop"})
	if !errors.Is(err, ErrRedirects) || Temporary(err) {
		t.Errorf("redirect loop: err = %v, want permanent ErrRedirects", err)
	}
	resp, err := c.Get(context.Background(), Request{URL: srv.URL + "/hop/1"})
	if err != nil || resp.URL != srv.URL+"/hop/0" {
		t.Errorf("one redirect: %+v, %v; want final URL /hop/0", resp, err)
	}
}

func TestHugeBodies(t *testing.T) {
	srv, mux := server(t, "")
	chunk := bytes.Repeat([]byte("x"), 64<<10)
	mux.HandleFunc("GET /huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < 64; i++ { // 4 MiB, no Content-Length
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("GET /declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(8<<20))
		w.Write(chunk)
	})
	mux.HandleFunc("GET /bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		for i := 0; i < 64; i++ {
			zw.Write(chunk)
		}
		zw.Close()
	})
	c := New(testConfig())
	for _, p := range []string{"/huge", "/declared", "/bomb"} {
		_, err := c.Get(context.Background(), Request{URL: srv.URL + p})
		if !errors.Is(err, ErrTooLarge) || Temporary(err) {
			t.Errorf("%s: err = %v, want permanent ErrTooLarge", p, err)
		}
	}
}

func TestWrongContentType(t *testing.T) {
	srv, mux := server(t, "")
	mux.HandleFunc("GET /image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n"))
	})
	c := New(testConfig())
	_, err := c.Get(context.Background(), Request{URL: srv.URL + "/image", Accept: []string{"text/html", "application/xhtml+xml"}})
	if !errors.Is(err, ErrContentType) {
		t.Errorf("image for a page: err = %v, want ErrContentType", err)
	}
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/image", Accept: []string{"image/*"}}); err != nil {
		t.Errorf("image/* accepts image/png: %v", err)
	}
}

func TestStatus(t *testing.T) {
	srv, mux := server(t, "")
	mux.HandleFunc("GET /gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("GET /busy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		http.Error(w, "busy", http.StatusTooManyRequests)
	})
	c := New(testConfig())
	_, err := c.Get(context.Background(), Request{URL: srv.URL + "/gone"})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 410 || Temporary(err) {
		t.Errorf("410: %v", err)
	}
	_, err = c.Get(context.Background(), Request{URL: srv.URL + "/busy"})
	if !errors.As(err, &se) || se.RetryAfter != 2*time.Minute || !Temporary(err) {
		t.Errorf("429: %v (%+v)", err, se)
	}
}

func TestGuardRefusesLoopback(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	cfg := testConfig()
	cfg.AllowPrivate = false
	c := New(cfg)
	_, err := c.Get(context.Background(), Request{URL: srv.URL + "/"})
	if !errors.Is(err, ErrBlocked) || Temporary(err) {
		t.Errorf("loopback without AllowPrivate: err = %v, want permanent ErrBlocked", err)
	}
	// "localhost" resolves to loopback: refused after resolution.
	_, err = c.Get(context.Background(), Request{URL: strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)})
	if !errors.Is(err, ErrBlocked) {
		t.Errorf("localhost: err = %v, want ErrBlocked", err)
	}
	if hits.Load() != 0 {
		t.Errorf("the server was reached %d times", hits.Load())
	}
	for ip, want := range map[string]bool{"8.8.8.8": true, "10.1.2.3": false, "192.168.0.1": false, "169.254.169.254": false, "::1": false, "fe80::1": false, "100.64.0.1": false, "2001:4860:4860::8888": true, "0.0.0.0": false} {
		if got := Public(net.ParseIP(ip)); got != want {
			t.Errorf("Public(%s) = %v, want %v", ip, got, want)
		}
	}
}

func TestPerHostLimits(t *testing.T) {
	srv, mux := server(t, "")
	var mu sync.Mutex
	inFlight, peak := 0, 0
	var starts []time.Time
	mux.HandleFunc("GET /p/{n}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		starts = append(starts, time.Now())
		mu.Unlock()
		time.Sleep(30 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	})
	cfg := testConfig()
	cfg.PerHost = 2
	cfg.HostInterval = 30 * time.Millisecond
	c := New(cfg)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Get(context.Background(), Request{URL: fmt.Sprintf("%s/p/%d", srv.URL, i)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if peak > 2 {
		t.Errorf("peak concurrency to one host = %d, want <= 2", peak)
	}
	// Starts are spaced 30ms apart by the client: 8 requests span at least 210ms when
	// sent; arrival jitter (the first request also dials) may eat some of it.
	if span := starts[len(starts)-1].Sub(starts[0]); span < 150*time.Millisecond {
		t.Errorf("8 requests arrived within %v, want them spaced ~30ms apart (>= 150ms in all)", span)
	}
}

func TestCrawlDelaySpacesRequests(t *testing.T) {
	srv, mux := server(t, "User-agent: *\nCrawl-delay: 0.2\n")
	var mu sync.Mutex
	var starts []time.Time
	mux.HandleFunc("GET /p", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		fmt.Fprint(w, page)
	})
	c := New(testConfig()) // no spacing of its own
	for range 3 {
		if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/p"}); err != nil {
			t.Fatal(err)
		}
	}
	if span := starts[2].Sub(starts[0]); span < 300*time.Millisecond {
		t.Errorf("3 requests within %v; robots.txt asks for 200ms between them", span)
	}
}
