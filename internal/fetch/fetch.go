// Package fetch is Parallax's one HTTP client for the outside web: feeds and article
// pages. It bounds every request (connect and read timeouts, body size, redirects),
// decodes gzip and brotli, sends a clear User-Agent, obeys robots.txt, limits requests
// per host (concurrency and spacing), supports conditional requests (ETag,
// Last-Modified), and refuses private, loopback and link-local addresses unless the
// configuration allows them.
package fetch

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/andybalholm/brotli"
)

// Errors a Get can fail with (match with errors.Is).
var (
	ErrBlocked     = errors.New("address not allowed (private, loopback or link-local)")
	ErrRobots      = errors.New("disallowed by robots.txt")
	ErrTooLarge    = errors.New("response larger than the size limit")
	ErrRedirects   = errors.New("too many redirects")
	ErrContentType = errors.New("unexpected content type")
	ErrStatus      = errors.New("unexpected HTTP status")
	ErrBadURL      = errors.New("not an http or https URL")
)

// Config tunes a Client. Zero fields take the defaults of DefaultConfig.
type Config struct {
	UserAgent      string        // sent on every request; also the robots.txt token is its first word
	ConnectTimeout time.Duration // dial and TLS handshake
	ReadTimeout    time.Duration // from request sent to last body byte read
	MaxBytes       int64         // largest body, after decoding
	MaxRedirects   int           // redirects followed before ErrRedirects
	PerHost        int           // requests at once to one host
	HostInterval   time.Duration // least time between two request starts to one host; negative: none
	AllowPrivate   bool          // allow private, loopback and link-local addresses (tests, intranets)
	IgnoreRobots   bool          // do not fetch or obey robots.txt
	RobotsTTL      time.Duration // how long a host's robots.txt is cached
}

// DefaultConfig returns the production defaults.
func DefaultConfig() Config {
	return Config{
		UserAgent:      "parallax/1.0 (+https://github.com/parallax-news/parallax; news comparison)",
		ConnectTimeout: 10 * time.Second,
		ReadTimeout:    30 * time.Second,
		MaxBytes:       8 << 20,
		MaxRedirects:   5,
		PerHost:        2,
		HostInterval:   time.Second,
		RobotsTTL:      time.Hour,
	}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.UserAgent == "" {
		c.UserAgent = d.UserAgent
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = d.ConnectTimeout
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = d.ReadTimeout
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = d.MaxBytes
	}
	if c.MaxRedirects <= 0 {
		c.MaxRedirects = d.MaxRedirects
	}
	if c.PerHost <= 0 {
		c.PerHost = d.PerHost
	}
	switch {
	case c.HostInterval == 0:
		c.HostInterval = d.HostInterval
	case c.HostInterval < 0:
		c.HostInterval = 0
	}
	if c.RobotsTTL <= 0 {
		c.RobotsTTL = d.RobotsTTL
	}
	return c
}

// Request is one GET.
type Request struct {
	URL          string
	ETag         string   // sent as If-None-Match when set
	LastModified string   // sent as If-Modified-Since when set
	Accept       []string // acceptable media types ("text/html"); a "text/*" form matches a family; empty accepts any
}

// Response is a successful GET (status 200, or 304 with NotModified).
type Response struct {
	URL          string // the final URL, after redirects
	Status       int
	NotModified  bool // 304: the caller's copy is current; Body is empty
	ContentType  string
	ETag         string
	LastModified string
	Body         []byte
	Fetched      time.Time
}

// StatusError is a response with a status other than 200 or 304.
type StatusError struct {
	URL        string
	Code       int
	RetryAfter time.Duration // from a Retry-After header, when given
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: HTTP %d %s", e.URL, e.Code, http.StatusText(e.Code))
}

// Is makes errors.Is(err, ErrStatus) true.
func (e *StatusError) Is(target error) bool { return target == ErrStatus }

// Temporary reports whether a failed fetch may succeed later: network errors, timeouts,
// 5xx, 429 and 408. Blocked addresses, robots.txt refusals, other 4xx, oversize bodies
// and wrong content types are permanent.
func Temporary(err error) bool {
	if err == nil {
		return false
	}
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code >= 500 || se.Code == http.StatusTooManyRequests || se.Code == http.StatusRequestTimeout
	}
	for _, perm := range []error{ErrBlocked, ErrRobots, ErrTooLarge, ErrRedirects, ErrContentType, ErrBadURL, context.Canceled} {
		if errors.Is(err, perm) {
			return false
		}
	}
	return true
}

// Client fetches with the limits of its Config. It is safe for concurrent use.
type Client struct {
	cfg    Config
	http   *http.Client
	mu     sync.Mutex
	hosts  map[string]*hostLimit
	robots map[string]*robotsEntry
}

// New returns a client with cfg (zero fields take defaults).
func New(cfg Config) *Client {
	cfg = cfg.withDefaults()
	c := &Client{cfg: cfg, hosts: map[string]*hostLimit{}, robots: map[string]*robotsEntry{}}
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second, Control: c.guard}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would hide the address the guard must check
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   cfg.ConnectTimeout,
		ResponseHeaderTimeout: cfg.ReadTimeout,
		MaxIdleConnsPerHost:   cfg.PerHost,
		IdleConnTimeout:       90 * time.Second,
		DisableCompression:    true, // we ask for gzip and brotli and decode both ourselves
	}
	c.http = &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > cfg.MaxRedirects {
				return fmt.Errorf("%s: %w (more than %d)", via[0].URL, ErrRedirects, cfg.MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s: %w", req.URL, ErrBadURL)
			}
			return c.allowedByRobots(req.Context(), req.URL)
		},
	}
	return c
}

// Config returns the client's configuration with defaults filled in.
func (c *Client) Config() Config { return c.cfg }

// guard runs after name resolution, on the very address about to be dialled, so a
// host name that resolves to a private address is refused too.
func (c *Client) guard(network, address string, _ syscall.RawConn) error {
	if c.cfg.AllowPrivate {
		return nil
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%s: %w", address, ErrBlocked)
	}
	ip := net.ParseIP(host)
	if ip == nil || !Public(ip) {
		return fmt.Errorf("%s: %w", host, ErrBlocked)
	}
	return nil
}

var cgnat = &net.IPNet{IP: net.IPv4(100, 64, 0, 0), Mask: net.CIDRMask(10, 32)}

// Public reports whether ip is a public unicast address: not loopback, private,
// link-local, multicast, unspecified or carrier-grade NAT.
func Public(ip net.IP) bool {
	if v4 := ip.To4(); v4 != nil {
		ip = v4
	}
	return !(ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() || cgnat.Contains(ip) ||
		ip.Equal(net.IPv4bcast))
}

// Get fetches req.URL with the client's limits. Errors wrap the Err* kinds above or a
// *StatusError, and name the URL.
func (c *Client) Get(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s: %w", req.URL, ErrBadURL)
	}
	if err := c.allowedByRobots(ctx, u); err != nil {
		return nil, err
	}
	return c.get(ctx, u, req, true)
}

// get sends one request. limit takes a slot of the host's limits; robots.txt fetches
// do not, since they may happen while a redirect holds the host's slot.
func (c *Client) get(ctx context.Context, u *url.URL, req Request, limit bool) (*Response, error) {
	if limit {
		release, err := c.host(u.Host).acquire(ctx, c.hostInterval(u))
		if err != nil {
			return nil, err
		}
		defer release()
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.ConnectTimeout+c.cfg.ReadTimeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", u, ErrBadURL)
	}
	hr.Header.Set("User-Agent", c.cfg.UserAgent)
	hr.Header.Set("Accept-Encoding", "gzip, br")
	if len(req.Accept) > 0 {
		hr.Header.Set("Accept", strings.Join(req.Accept, ", ")+";q=1.0, */*;q=0.1")
	}
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := c.http.Do(hr)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u, unwrapURLError(err))
	}
	defer resp.Body.Close()
	out := &Response{
		URL:          resp.Request.URL.String(),
		Status:       resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		Fetched:      time.Now().UTC(),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		if out.ETag == "" {
			out.ETag = req.ETag
		}
		if out.LastModified == "" {
			out.LastModified = req.LastModified
		}
		return out, nil
	case resp.StatusCode != http.StatusOK:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, &StatusError{URL: out.URL, Code: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"))}
	}
	if !acceptable(out.ContentType, req.Accept) {
		return nil, fmt.Errorf("%s: %w %q (want %s)", out.URL, ErrContentType, out.ContentType, strings.Join(req.Accept, " or "))
	}
	if resp.ContentLength > c.cfg.MaxBytes && resp.Header.Get("Content-Encoding") == "" {
		return nil, fmt.Errorf("%s: %w (%d bytes, limit %d)", out.URL, ErrTooLarge, resp.ContentLength, c.cfg.MaxBytes)
	}
	var body io.Reader = io.LimitReader(resp.Body, c.cfg.MaxBytes+1)
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))) {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return nil, fmt.Errorf("%s: bad gzip body: %w", out.URL, err)
		}
		defer zr.Close()
		body = zr
	case "br":
		body = brotli.NewReader(body)
	default:
		return nil, fmt.Errorf("%s: unsupported Content-Encoding %q", out.URL, resp.Header.Get("Content-Encoding"))
	}
	b, err := io.ReadAll(io.LimitReader(body, c.cfg.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: reading body: %w", out.URL, err)
	}
	if int64(len(b)) > c.cfg.MaxBytes {
		return nil, fmt.Errorf("%s: %w (limit %d bytes)", out.URL, ErrTooLarge, c.cfg.MaxBytes)
	}
	out.Body = b
	return out, nil
}

// unwrapURLError drops the *url.Error layer (its message repeats the URL) but keeps
// the cause, so that errors.Is still sees ErrRedirects, ErrBlocked and timeouts.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return fmt.Errorf("timed out: %w", ue.Err)
		}
		return ue.Err
	}
	return err
}

func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

// acceptable reports whether the response's content type is one of want ("text/*"
// matches any text type); a missing Content-Type is accepted and left to the parser.
func acceptable(contentType string, want []string) bool {
	if len(want) == 0 || contentType == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	for _, w := range want {
		if w == mt || (strings.HasSuffix(w, "/*") && strings.HasPrefix(mt, strings.TrimSuffix(w, "*"))) {
			return true
		}
	}
	return false
}

// hostLimit bounds the requests to one host: at most n at once, starts spaced out.
type hostLimit struct {
	sem  chan struct{}
	mu   sync.Mutex
	next time.Time
}

func (c *Client) host(h string) *hostLimit {
	c.mu.Lock()
	defer c.mu.Unlock()
	hl := c.hosts[h]
	if hl == nil {
		hl = &hostLimit{sem: make(chan struct{}, c.cfg.PerHost)}
		c.hosts[h] = hl
	}
	return hl
}

func (hl *hostLimit) acquire(ctx context.Context, interval time.Duration) (release func(), err error) {
	select {
	case hl.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	hl.mu.Lock()
	now := time.Now()
	start := hl.next
	if start.Before(now) {
		start = now
	}
	hl.next = start.Add(interval)
	hl.mu.Unlock()
	if wait := time.Until(start); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			<-hl.sem
			return nil, ctx.Err()
		}
	}
	return func() { <-hl.sem }, nil
}
