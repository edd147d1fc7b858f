// Command parallax ingests news articles from many outlets, groups them into stories and
// compares how each outlet covers each story. See README.md and docs/contract.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand: it parses its own flags from args.
type command struct {
	name, usage, summary string
	run                  func(ctx context.Context, env *env, args []string) error
}

// env is what every command reads and writes: the configuration and the standard streams.
type env struct {
	cfg            Config
	stdin          io.Reader
	stdout, stderr io.Writer
	log            *slog.Logger
}

// errFailed reports that some inputs failed; each failure was already printed.
var errFailed = errors.New("some inputs failed")

func commands() []command {
	return []command{
		{"extract", "extract [--source NAME] [--url URL] PATH...", "extract articles from files and print them as JSONL; stores nothing", runExtract},
		{"ingest", "ingest [--db PATH] [--host H] [--lang L] [--since D] PATH... | --feed URL | --opml FILE", "extract, group into stories and store (idempotent, resumable)", runIngest},
		{"feeds", "feeds add|list|remove|import|export [--db PATH] [URL...|FILE.opml]", "follow feeds (serve polls them); OPML import and export", runFeeds},
		{"stories", "stories [--db PATH] [--json] [--limit N]", "list stories, newest first", runStories},
		{"compare", "compare [--db PATH] PATH_A PATH_B... | --story ID", "print the Comparison of articles (files) or of a stored story", runCompare},
		{"dups", "dups [--db PATH] [--json] [--kind KIND] [--limit N]", "list duplicate, update and reuse relations between stored articles", runDups},
		{"cluster", "cluster --in ARTICLES.jsonl", "group the given articles into stories; print {id, story} per article; stores nothing", runCluster},
		{"eval", "eval cluster --gold LABELS.jsonl --in ARTICLES.jsonl | eval extract --set DIR | eval reuse [--seed N]", "score story clustering (pairwise, BCubed), extraction (body P/R/F1, title/author/date, speed vs go-trafilatura) or reuse detection (injected copies of AllSides articles)", runEval},
		{"serve", "serve [--db PATH] [--addr :8080]", "web UI and HTTP API over the store", runServe},
		{"demo", "demo [--addr 127.0.0.1:8080]", "ingest the bundled sample corpus into a fresh store and serve it", runDemo},
		// PostgreSQL and moving stores (issue 9).
		{"migrate", "migrate [--db PATH|DSN]", "bring the store's schema up to date and say what was applied", runMigrate},
		{"export", "export [--db PATH|DSN] [--out FILE]", "write the whole store as JSONL (articles with stories and ingest times)", runExport},
		{"import", "import [--db PATH|DSN] FILE...", "store the articles of export files, keeping stories and ingest times", runImport},
		{"worker", "worker --db DSN [--extractors N] [--drain]", "claim, extract and assign queued ingest jobs (PostgreSQL; run several)", runWorker},
		{"bench", "bench [--in FILE.jsonl.gz] [--db FRESH.db] [--limit N] [--html SET] [--cpuprofile FILE]", "time the whole pipeline on the corpus: articles/s, stage shares, peak RSS, store size, HTML vs go-trafilatura", runBench},
		{"jobs", "jobs add --db DSN [--split N] PATH|URL... | jobs list --db DSN", "queue ingest jobs for workers, or list them", runJobs},
		{"loadtest", "loadtest --url URL [--duration 10s] [--concurrency 8] [--json]", "drive a running server with concurrent readers; print req/s and latency (p50, p90, p99)", runLoadtest},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{cfg: DefaultConfig(), stdin: stdin, stdout: stdout, stderr: stderr,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	if err := e.cfg.FromEnv(os.Getenv); err != nil {
		fmt.Fprintf(stderr, "parallax: %v\n", err)
		return 2
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, errFailed):
			return 1
		case errors.Is(err, errUsage):
			fmt.Fprintf(stderr, "usage: parallax %s\n", c.usage)
			return 2
		case errors.Is(err, context.Canceled):
			fmt.Fprintln(stderr, "parallax: interrupted")
			return 130
		}
		fmt.Fprintf(stderr, "parallax %s: %v\n", c.name, err)
		return 1
	}
	fmt.Fprintf(stderr, "parallax: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Parallax: compare how outlets cover the same news story.")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  parallax %-52s %s\n", c.usage, c.summary)
	}
	fmt.Fprintln(w, "\nEnvironment: PARALLAX_DB, PARALLAX_ADDR, PARALLAX_ALLOW_PRIVATE (flags override them).")
}
