// Package loadtest drives a running Parallax server over HTTP with concurrent clients for
// a fixed time and reports throughput, latency percentiles and every failed request.
// It discovers real story and article ids through the JSON API, so the requests mix
// pages and API calls the way readers do.
package loadtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Options configure a Run.
type Options struct {
	URL         string        // the server's base URL, e.g. http://127.0.0.1:8080
	Duration    time.Duration // how long to send requests; 0 means 10s
	Concurrency int           // clients sending requests one after another; 0 means 8
	Timeout     time.Duration // per request; 0 means 10s
	// Paths, when set, are requested in turn instead of the discovered mix.
	Paths []string
}

// Result is what a Run measured.
type Result struct {
	Requests int           `json:"requests"`
	Errors   int           `json:"errors"` // transport errors and statuses other than 200
	Elapsed  time.Duration `json:"-"`
	RPS      float64       `json:"rps"`
	P50      time.Duration `json:"-"`
	P90      time.Duration `json:"-"`
	P99      time.Duration `json:"-"`
	Max      time.Duration `json:"-"`
	// Failures holds up to 10 failed requests, "GET PATH: why".
	Failures []string `json:"failures,omitempty"`
	Paths    int      `json:"paths"` // how many distinct paths were requested
}

// String is the one-line summary the command prints.
func (r Result) String() string {
	return fmt.Sprintf("%d requests in %.1fs over %d paths: %.0f req/s, latency p50 %s p90 %s p99 %s max %s, %d errors",
		r.Requests, r.Elapsed.Seconds(), r.Paths, r.RPS, ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max), r.Errors)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond)) }

// maxBody bounds how much of one answer is read (and discarded).
const maxBody = 16 << 20

// Run sends requests until opts.Duration has passed or ctx is done. It fails only when
// the server cannot be reached or the options are wrong; failed requests are counted
// in the Result.
func Run(ctx context.Context, opts Options) (Result, error) {
	if opts.Duration <= 0 {
		opts.Duration = 10 * time.Second
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	base, err := url.Parse(strings.TrimRight(opts.URL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return Result{}, fmt.Errorf("loadtest: --url %q: want an http(s) base URL such as http://127.0.0.1:8080", opts.URL)
	}
	client := &http.Client{
		Timeout: opts.Timeout,
		Transport: &http.Transport{
			MaxIdleConns: opts.Concurrency, MaxIdleConnsPerHost: opts.Concurrency,
			IdleConnTimeout: 30 * time.Second, ResponseHeaderTimeout: opts.Timeout,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	defer client.CloseIdleConnections()
	paths := opts.Paths
	if len(paths) == 0 {
		if paths, err = discover(ctx, client, base.String()); err != nil {
			return Result{}, err
		}
	}

	ctx, cancel := context.WithTimeout(ctx, opts.Duration)
	defer cancel()
	var (
		mu        sync.Mutex
		latencies []time.Duration
		res       = Result{Paths: len(paths)}
	)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range opts.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			var fails []string
			errs := 0
			for i := w; ctx.Err() == nil; i++ {
				p := paths[i%len(paths)]
				t0 := time.Now()
				err := get(ctx, client, base.String()+p)
				d := time.Since(t0)
				if ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded) {
					break // the run ended while the request was in flight
				}
				mine = append(mine, d)
				if err != nil {
					errs++
					if len(fails) < 10 {
						fails = append(fails, "GET "+p+": "+err.Error())
					}
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			res.Errors += errs
			for _, f := range fails {
				if len(res.Failures) < 10 {
					res.Failures = append(res.Failures, f)
				}
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	res.Requests = len(latencies)
	if res.Requests > 0 {
		slices.Sort(latencies)
		at := func(q float64) time.Duration { return latencies[min(len(latencies)-1, int(q*float64(len(latencies))))] }
		res.P50, res.P90, res.P99, res.Max = at(0.50), at(0.90), at(0.99), latencies[len(latencies)-1]
		res.RPS = float64(res.Requests) / res.Elapsed.Seconds()
	}
	return res, nil
}

// get fetches u and reads its body; anything but 200 is an error.
func get(ctx context.Context, c *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, io.LimitReader(res.Body, maxBody)); err != nil {
		return fmt.Errorf("reading the answer: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", res.StatusCode)
	}
	return nil
}

// discover builds the request mix from what the server holds: the home page, the story
// list (page and API), up to 20 stories (page, API, comparison), their first articles,
// and searches for words of their titles.
func discover(ctx context.Context, c *http.Client, base string) ([]string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/stories", nil)
	if err != nil {
		return nil, err
	}
	res, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("loadtest: the server at %s does not answer: %w", base, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("loadtest: GET %s/api/stories: status %d", base, res.StatusCode)
	}
	var stories []struct {
		ID       string   `json:"id"`
		Title    string   `json:"title"`
		Articles []string `json:"articles"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, maxBody)).Decode(&stories); err != nil {
		return nil, fmt.Errorf("loadtest: GET %s/api/stories: not a story list: %w", base, err)
	}
	paths := []string{"/", "/api/stories", "/healthz"}
	for i, s := range stories {
		if i == 20 {
			break
		}
		id := url.PathEscape(s.ID)
		paths = append(paths, "/stories/"+id, "/api/stories/"+id, "/api/stories/"+id+"/compare")
		if len(s.Articles) > 0 {
			a := url.PathEscape(s.Articles[0])
			paths = append(paths, "/articles/"+a, "/api/articles/"+a)
		}
		if w := longestWord(s.Title); w != "" {
			q := url.QueryEscape(w)
			paths = append(paths, "/search?q="+q, "/api/search?q="+q)
		}
	}
	return paths, nil
}

// longestWord is the longest run of letters in s (a search term sure to match).
func longestWord(s string) string {
	best := ""
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
		if len(w) > len(best) {
			best = w
		}
	}
	return best
}
