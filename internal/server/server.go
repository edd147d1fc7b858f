// Package server is Parallax's HTTP face: the server-rendered web UI (html/template,
// embedded assets, no JavaScript build) and the JSON API, both over a news.Store.
// Handlers decode the request, call one store method (and the injected comparison),
// and render; all I/O with users happens here.
package server

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// Options configure a Server. The zero value is usable: without Compare the story page
// shows the articles side by side without shared passages, and the compare API returns
// an empty comparison; without Logger the server logs to slog.Default.
type Options struct {
	// Compare turns a story's articles (oldest first) into a Comparison. It is injected so
	// the server does not depend on how comparisons are made.
	Compare func([]*news.Article) *news.Comparison
	// Logger receives one record per failed request (status 500) and server errors.
	Logger *slog.Logger
}

// Server serves the web UI and JSON API over a news.Store. It is safe for concurrent use.
type Server struct {
	store   news.Store
	compare func([]*news.Article) *news.Comparison
	log     *slog.Logger
	pages   map[string]*template.Template
	assets  assets
	handler http.Handler
}

// New returns a Server over st. It panics if the embedded templates do not parse, which
// is a programming error caught by any test.
func New(st news.Store, opts Options) *Server {
	s := &Server{store: st, compare: opts.Compare, log: opts.Logger}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.assets = loadAssets()
	s.pages = parsePages(s.assets)
	s.handler = securityHeaders(s.routes())
	return s
}

// Handler returns the http.Handler serving every route, with the security headers set on
// every response.
func (s *Server) Handler() http.Handler { return s.handler }

// routes registers every route; one file per page or API resource holds its handler.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", s.page(s.home))
	mux.Handle("GET /stories/{id}", s.page(s.storyPage))
	mux.Handle("GET /articles/{id}", s.page(s.articlePage))
	mux.Handle("GET /search", s.page(s.searchPage))
	mux.Handle("GET /static/{file}", http.HandlerFunc(s.static))
	mux.Handle("GET /healthz", http.HandlerFunc(healthz))

	mux.Handle("GET /api/stories", s.api(s.apiStories))
	mux.Handle("GET /api/stories/{id}", s.api(s.apiStory))
	mux.Handle("GET /api/stories/{id}/compare", s.api(s.apiCompare))
	mux.Handle("GET /api/articles/{id}", s.api(s.apiArticle))
	mux.Handle("GET /api/search", s.api(s.apiSearch))
	mux.Handle("GET /api/feeds", s.api(s.apiFeeds))

	// Anything else is a 404 in the form the client expects.
	mux.Handle("/api/", s.api(func(http.ResponseWriter, *http.Request) error { return errNoRoute }))
	mux.Handle("/", s.page(func(http.ResponseWriter, *http.Request) error { return errNoRoute }))
	return mux
}

var errNoRoute = fmt.Errorf("no such page: %w", news.ErrNotFound)

// Timeouts and limits of ListenAndServe: generous for slow phones, short enough that idle
// or stalled clients cannot hold connections for long.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 120 * time.Second
	maxHeaderBytes    = 64 << 10
	shutdownTimeout   = 10 * time.Second
)

// ListenAndServe serves Handler on addr until ctx is cancelled, then shuts down
// gracefully, letting requests in flight finish (for up to 10 seconds). It returns nil
// after a clean shutdown, else the error that stopped the server.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve %s: %w", addr, err)
	}
	return s.serve(ctx, ln)
}

// serve is ListenAndServe on an open listener, which it closes.
func (s *Server) serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.log.Info("serving", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shut down %s: %w", ln.Addr(), err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	}
	return nil
}

// healthz answers load balancers and uptime checks.
func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok"))
}
