package server

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// serveOn runs s.serve on a loopback listener until the returned cancel is called; done
// receives serve's result.
func serveOn(t *testing.T, s *Server) (addr string, cancel context.CancelFunc, done chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done = make(chan error, 1)
	go func() { done <- s.serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return ln.Addr().String(), cancel, done
}

// A client that sends half a request header and stalls (slowloris) is cut off after the
// read-header timeout instead of holding its connection for ever.
func TestSlowHeaderIsCutOff(t *testing.T) {
	t.Parallel()
	s := New(openStore(t), Options{Logger: slog.New(slog.DiscardHandler)})
	addr, _, _ := serveOn(t, s)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: parallax.test\r\nX-Slow: "); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(readHeaderTimeout + 20*time.Second))
	_, err = io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server kept a stalled request header open for %v", time.Since(start).Round(time.Second))
	}
}

// Oversized request headers and request lines (a huge query) are refused before any
// handler runs.
func TestRequestSizeLimits(t *testing.T) {
	t.Parallel()
	s := New(openStore(t), Options{Logger: slog.New(slog.DiscardHandler)})
	addr, _, _ := serveOn(t, s)
	for name, req := range map[string]func() *http.Request{
		"header": func() *http.Request {
			r, _ := http.NewRequest("GET", "http://"+addr+"/api/stories", nil)
			r.Header.Set("X-Big", strings.Repeat("a", 2*maxHeaderBytes))
			return r
		},
		"query": func() *http.Request {
			r, _ := http.NewRequest("GET", "http://"+addr+"/api/search?q="+strings.Repeat("pompeo+", maxHeaderBytes/3), nil)
			return r
		},
	} {
		res, err := http.DefaultClient.Do(req())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("oversized %s: status %d, want 431", name, res.StatusCode)
		}
	}
	// A large body sent to a read-only route is not read into memory: the answer comes
	// without the server waiting for it.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "POST /api/stories HTTP/1.1\r\nHost: parallax.test\r\nContent-Length: 1073741824\r\n\r\n")
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("POST with a 1 GiB body announced: %v", err)
	}
	res.Body.Close()
	if res.StatusCode < 400 || res.StatusCode >= 500 {
		t.Errorf("POST /api/stories: status %d, want a refusal (4xx)", res.StatusCode)
	}
}

// Shutdown is graceful: a request in flight when the server is told to stop completes,
// new connections are refused, and serve returns nil.
func TestGracefulShutdownFinishesRequests(t *testing.T) {
	t.Parallel()
	s := New(openStore(t), Options{Logger: slog.New(slog.DiscardHandler)})
	started, release := make(chan struct{}), make(chan struct{})
	inner := s.handler
	s.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			close(started)
			<-release
			w.Write([]byte("finished"))
			return
		}
		inner.ServeHTTP(w, r)
	})
	addr, cancel, done := serveOn(t, s)
	type answer struct {
		body string
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		res, err := http.Get("http://" + addr + "/slow")
		if err != nil {
			got <- answer{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		got <- answer{string(b), err}
	}()
	<-started
	cancel()
	select {
	case err := <-done:
		t.Fatalf("serve returned (%v) with a request in flight", err)
	case <-time.After(300 * time.Millisecond):
	}
	// The listener is closed once shutdown begins.
	refused := false
	for range 50 {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			refused = true
			break
		}
		c.Close()
		time.Sleep(20 * time.Millisecond)
	}
	if !refused {
		t.Error("new connections still accepted during shutdown")
	}
	close(release)
	if a := <-got; a.err != nil || a.body != "finished" {
		t.Errorf("request in flight during shutdown: %q, %v", a.body, a.err)
	}
	if err := <-done; err != nil {
		t.Errorf("serve after a graceful shutdown: %v", err)
	}
	done <- nil // for the cleanup
}

// The content security policy forbids inline script and framing; every answer, errors
// included, carries it with nosniff.
func TestSecurityPolicy(t *testing.T) {
	t.Parallel()
	for _, d := range strings.Split(contentSecurityPolicy, ";") {
		d = strings.TrimSpace(d)
		if strings.HasPrefix(d, "script-src") && (strings.Contains(d, "'unsafe-inline'") || strings.Contains(d, "'unsafe-eval'")) {
			t.Errorf("CSP allows inline script: %q", d)
		}
	}
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(contentSecurityPolicy, want) {
			t.Errorf("CSP %q lacks %q", contentSecurityPolicy, want)
		}
	}
	ts, _ := newTestServer(t, openStore(t), Options{Compare: sameSentences})
	for _, c := range []struct{ method, path string }{{"GET", "/"}, {"POST", "/"}, {"DELETE", "/api/stories"}, {"GET", "/api/search"}, {"GET", "/static/nope.js"}} {
		req, _ := http.NewRequest(c.method, ts.URL+c.path, nil)
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.Header.Get("Content-Security-Policy") != contentSecurityPolicy || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s (%d): security headers missing", c.method, c.path, res.StatusCode)
		}
		if strings.Contains(strings.ToLower(string(body)), "<script>") {
			t.Errorf("%s %s: inline script in the answer", c.method, c.path)
		}
	}
}
