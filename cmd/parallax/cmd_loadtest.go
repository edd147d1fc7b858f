package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/parallax-news/parallax/internal/loadtest"
)

// runLoadtest drives a running server (parallax serve) with concurrent readers and prints
// requests/s and latency percentiles; it fails when any request failed.
func runLoadtest(ctx context.Context, e *env, args []string) error {
	fs := flags("loadtest", e.stderr)
	u := fs.String("url", "", "the server's base URL, e.g. http://127.0.0.1:8080")
	d := fs.Duration("duration", 10*time.Second, "how long to send requests")
	c := fs.Int("concurrency", 8, "clients sending requests at once")
	asJSON := fs.Bool("json", false, "print the result as one JSON object")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 || *u == "" || *c <= 0 || *d <= 0 {
		return errUsage
	}
	res, err := loadtest.Run(ctx, loadtest.Options{URL: *u, Duration: *d, Concurrency: *c})
	if err != nil {
		return err
	}
	if *asJSON {
		out := struct {
			loadtest.Result
			Seconds float64 `json:"seconds"`
			P50     float64 `json:"p50_ms"`
			P90     float64 `json:"p90_ms"`
			P99     float64 `json:"p99_ms"`
			Max     float64 `json:"max_ms"`
		}{res, res.Elapsed.Seconds(), msf(res.P50), msf(res.P90), msf(res.P99), msf(res.Max)}
		if err := json.NewEncoder(e.stdout).Encode(out); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, "parallax loadtest %s: %s\n", *u, res)
	}
	for _, f := range res.Failures {
		fmt.Fprintf(e.stderr, "parallax loadtest: %s\n", f)
	}
	if res.Errors > 0 {
		return fmt.Errorf("%d of %d requests failed: %w", res.Errors, res.Requests, errFailed)
	}
	return nil
}

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
