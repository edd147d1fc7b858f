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
	// Token, when set, is the secret that write requests (follow a topic, edit a source)
	// must carry: as "Authorization: Bearer TOKEN" or through the /login form's cookie.
	// Without a token, only clients on the loopback interface may write.
	Token string
	// Webhook, when set, is the URL that Notify posts new stories of followed topics to.
	Webhook string
	// Client sends webhooks; nil means a client with a 10-second timeout.
	Client *http.Client
	// BaseURL is the public address of the UI (https://parallax.example), used for
	// absolute links in webhooks; empty means links are paths only.
	BaseURL string
}

// Server serves the web UI and JSON API over a news.Store. It is safe for concurrent use.
type Server struct {
	store   news.Store
	sources news.SourceStore // nil when the store has no source table
	follows news.FollowStore // nil when the store cannot keep followed topics
	finder  news.Searcher    // nil when the store has no filtered search
	compare func([]*news.Article) *news.Comparison
	cmps    *cmpCache
	log     *slog.Logger
	opts    Options
	client  *http.Client
	csrf    *http.CrossOriginProtection
	pages   map[string]*template.Template
	assets  assets
	handler http.Handler
	// apiRoutes are the patterns of the JSON API ("GET /api/stories/{id}"), in order of
	// registration; the OpenAPI document must describe each.
	apiRoutes []string
}

// New returns a Server over st. It panics if the embedded templates do not parse, which
// is a programming error caught by any test.
func New(st news.Store, opts Options) *Server {
	s := &Server{store: st, compare: opts.Compare, log: opts.Logger, opts: opts, client: opts.Client, cmps: newCmpCache(cmpCacheSize)}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.client == nil {
		s.client = &http.Client{Timeout: webhookTimeout}
	}
	s.sources, _ = st.(news.SourceStore)
	s.follows, _ = st.(news.FollowStore)
	s.finder, _ = st.(news.Searcher)
	s.csrf = http.NewCrossOriginProtection()
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
	mux.Handle("GET /sources", s.page(s.sourcesPage))
	mux.Handle("GET /sources/{label}", s.page(s.sourcePage))
	mux.Handle("POST /sources/{label}", s.page(s.writes(s.editSourcePage)))
	mux.Handle("GET /entities/{name}", s.page(s.entityPage))
	mux.Handle("GET /feeds", s.page(s.feedsPage))
	mux.Handle("GET /follows", s.page(s.followsPage))
	mux.Handle("POST /follows", s.page(s.writes(s.addFollowPage)))
	mux.Handle("GET /follows/{id}", s.page(s.followPage))
	mux.Handle("POST /follows/{id}/seen", s.page(s.writes(s.seenFollowPage)))
	mux.Handle("POST /follows/{id}/delete", s.page(s.writes(s.deleteFollowPage)))
	mux.Handle("GET /follows/{id}/feed.atom", s.page(s.followFeed))
	mux.Handle("GET /login", s.page(s.loginPage))
	mux.Handle("POST /login", s.page(s.login))
	mux.Handle("GET /static/{file}", http.HandlerFunc(s.static))
	mux.Handle("GET /healthz", http.HandlerFunc(healthz))

	api := func(pattern string, h http.Handler) {
		s.apiRoutes = append(s.apiRoutes, pattern)
		mux.Handle(pattern, h)
	}
	api("GET /api/stories", s.api(s.apiStories))
	api("GET /api/stories/{id}", s.api(s.apiStory))
	api("GET /api/stories/{id}/compare", s.api(s.apiCompare))
	api("GET /api/stories/{id}/export", s.api(s.apiStoryExport))
	api("GET /api/articles/{id}", s.api(s.apiArticle))
	api("GET /api/search", s.api(s.apiSearch))
	api("GET /api/search/export", s.api(s.apiSearchExport))
	api("GET /api/feeds", s.api(s.apiFeeds))
	api("GET /api/sources", s.api(s.apiSources))
	api("GET /api/sources/{label}", s.api(s.apiSource))
	api("PUT /api/sources/{label}", s.api(s.writes(s.apiEditSource)))
	api("GET /api/entities/{name}", s.api(s.apiEntity))
	api("GET /api/follows", s.api(s.apiFollows))
	api("POST /api/follows", s.api(s.writes(s.apiAddFollow)))
	api("GET /api/follows/{id}", s.api(s.apiFollow))
	api("DELETE /api/follows/{id}", s.api(s.writes(s.apiDeleteFollow)))
	api("GET /api/openapi.json", http.HandlerFunc(s.apiOpenAPI))

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
