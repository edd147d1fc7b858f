package fetch

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Robots is a parsed robots.txt: the rules of the group that applies to one user agent.
type Robots struct {
	rules      []robotsRule
	CrawlDelay time.Duration
}

type robotsRule struct {
	allow   bool
	pattern string
}

// ParseRobots parses a robots.txt (RFC 9309) for the user-agent token agent: the rules of
// the groups naming agent (case-insensitive), else those of "*". Crawl-delay is kept.
func ParseRobots(body []byte, agent string) *Robots {
	agent = strings.ToLower(agent)
	type group struct {
		agents []string
		rules  []robotsRule
		delay  time.Duration
	}
	var groups []*group
	var cur *group
	inAgents := false
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 64<<10), 512<<10)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if !inAgents || cur == nil {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(val))
			inAgents = true
		case "allow", "disallow":
			inAgents = false
			if cur == nil || (key == "disallow" && val == "") {
				continue
			}
			cur.rules = append(cur.rules, robotsRule{allow: key == "allow", pattern: val})
		case "crawl-delay":
			inAgents = false
			if cur != nil {
				if s, err := strconv.ParseFloat(val, 64); err == nil && s > 0 && s < 3600 {
					cur.delay = time.Duration(s * float64(time.Second))
				}
			}
		default:
			inAgents = false
		}
	}
	r := &Robots{}
	pick := func(match func(string) bool) bool {
		found := false
		for _, g := range groups {
			for _, a := range g.agents {
				if match(a) {
					r.rules = append(r.rules, g.rules...)
					r.CrawlDelay = max(r.CrawlDelay, g.delay)
					found = true
					break
				}
			}
		}
		return found
	}
	if agent == "" || !pick(func(a string) bool { return a != "*" && strings.Contains(agent, a) }) {
		pick(func(a string) bool { return a == "*" })
	}
	return r
}

// Allowed reports whether path (with its query) may be fetched: the longest matching
// rule wins, Allow over Disallow on a tie; no matching rule allows.
func (r *Robots) Allowed(path string) bool {
	if path == "" {
		path = "/"
	}
	if path == "/robots.txt" {
		return true
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if !robotsMatch(rule.pattern, path) {
			continue
		}
		if n := len(rule.pattern); n > best || (n == best && rule.allow) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// robotsMatch matches a robots.txt path pattern: a prefix, with '*' for any run of
// characters and a final '$' anchoring the end.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	parts := strings.Split(strings.TrimSuffix(pattern, "$"), "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	for i, p := range parts[1:] {
		if anchored && i == len(parts)-2 {
			return strings.HasSuffix(rest, p)
		}
		j := strings.Index(rest, p)
		if j < 0 {
			return false
		}
		rest = rest[j+len(p):]
	}
	return !anchored || rest == ""
}

type robotsEntry struct {
	robots  *Robots
	err     error // a robots.txt that could not be read (5xx, network): everything waits
	expires time.Time
}

// agentToken is the product token robots.txt groups are matched against.
func (c *Client) agentToken() string {
	tok, _, _ := strings.Cut(c.cfg.UserAgent, "/")
	tok, _, _ = strings.Cut(tok, " ")
	return tok
}

// allowedByRobots fetches (or takes from the cache) the robots.txt of u's host and
// returns an ErrRobots error when u is disallowed. A robots.txt that is missing (4xx)
// allows everything; one that cannot be read (5xx, network error) disallows for now,
// as RFC 9309 says, with a temporary error.
func (c *Client) allowedByRobots(ctx context.Context, u *url.URL) error {
	if c.cfg.IgnoreRobots {
		return nil
	}
	r, err := c.robotsFor(ctx, u)
	if err != nil {
		return fmt.Errorf("%s: robots.txt unavailable, not fetching: %w", u, err)
	}
	if !r.Allowed(u.RequestURI()) {
		return fmt.Errorf("%s: %w", u, ErrRobots)
	}
	return nil
}

func (c *Client) robotsFor(ctx context.Context, u *url.URL) (*Robots, error) {
	key := u.Scheme + "://" + u.Host
	c.mu.Lock()
	e := c.robots[key]
	c.mu.Unlock()
	if e != nil && time.Now().Before(e.expires) {
		return e.robots, e.err
	}
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	resp, err := c.get(ctx, ru, Request{URL: ru.String(), Accept: []string{"text/plain"}}, false)
	e = &robotsEntry{expires: time.Now().Add(c.cfg.RobotsTTL)}
	var se *StatusError
	switch {
	case err == nil:
		e.robots = ParseRobots(resp.Body, c.agentToken())
	case errors.As(err, &se) && se.Code >= 400 && se.Code < 500:
		e.robots = &Robots{}
	case errors.Is(err, ErrContentType), errors.Is(err, ErrTooLarge):
		e.robots = &Robots{} // not a robots file: treat as absent
	case errors.Is(err, context.Canceled), errors.Is(err, ErrBlocked):
		return nil, err
	default:
		e.err = err
		e.expires = time.Now().Add(min(c.cfg.RobotsTTL, time.Minute))
	}
	c.mu.Lock()
	c.robots[key] = e
	c.mu.Unlock()
	return e.robots, e.err
}

// hostInterval is the spacing of requests to u's host: the configured interval, or the
// host's robots.txt Crawl-delay when longer.
func (c *Client) hostInterval(u *url.URL) time.Duration {
	d := c.cfg.HostInterval
	c.mu.Lock()
	e := c.robots[u.Scheme+"://"+u.Host]
	c.mu.Unlock()
	if e != nil && e.robots != nil && e.robots.CrawlDelay > d {
		d = min(e.robots.CrawlDelay, time.Minute)
	}
	return d
}
