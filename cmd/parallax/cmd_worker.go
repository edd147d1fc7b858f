package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/parallax-news/parallax/internal/store/postgres"
	"github.com/parallax-news/parallax/internal/worker"
)

// openQueue opens the PostgreSQL store that holds the job queue.
func (e *env) openQueue(ctx context.Context, cmd string) (*postgres.Store, error) {
	if err := e.cfg.Validate(); err != nil {
		return nil, err
	}
	if !postgres.IsDSN(e.cfg.DB) {
		return nil, fmt.Errorf("--db %s: %s needs the PostgreSQL store (--db postgres://...), where the job queue lives", e.cfg.DB, cmd)
	}
	return postgres.Open(ctx, e.cfg.DB)
}

// runWorker claims, extracts and assigns queued ingest jobs until interrupted (or,
// with --drain, until no job is pending).
func runWorker(ctx context.Context, e *env, args []string) error {
	limitMemory()
	fs := flags("worker", e.stderr)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the PostgreSQL store (postgres:// DSN)")
	var opts worker.Options
	fs.StringVar(&opts.Name, "name", "", "this worker's name in the queue (default host-pid)")
	fs.IntVar(&opts.Extractors, "extractors", 0, "jobs extracted at once (default: the number of CPUs)")
	fs.DurationVar(&opts.Lease, "lease", time.Minute, "how long a claimed job stays this worker's without renewal")
	fs.DurationVar(&opts.Poll, "poll", time.Second, "how often an idle worker looks for work")
	fs.BoolVar(&opts.Drain, "drain", false, "exit once no job is pending")
	fs.BoolVar(&e.cfg.AllowPrivate, "allow-private", e.cfg.AllowPrivate, "let URL jobs reach private and loopback addresses")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 || opts.Extractors < 0 || opts.Lease < 0 || opts.Poll < 0 {
		return errUsage
	}
	st, err := e.openQueue(ctx, "worker")
	if err != nil {
		return err
	}
	defer st.Close()
	opts.Log = e.log
	opts.Fetch = e.fetchClient()
	sum, err := worker.New(st, opts).Run(ctx)
	fmt.Fprintf(e.stderr, "parallax worker: extracted %d jobs, assigned %d jobs, stored %d articles\n", sum.Extracted, sum.Assigned, sum.Stored)
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return nil // interrupted: a claimed job goes back to the queue when its lease ends
	}
	return err
}

// runJobs queues ingest jobs (jobs add) or lists them (jobs list).
func runJobs(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return errUsage
	}
	switch args[0] {
	case "add":
		return runJobsAdd(ctx, e, args[1:])
	case "list":
		return runJobsList(ctx, e, args[1:])
	}
	return errUsage
}

func runJobsAdd(ctx context.Context, e *env, args []string) error {
	fs := flags("jobs add", e.stderr)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the PostgreSQL store (postgres:// DSN)")
	split := fs.Int("split", 0, "cut JSONL files into jobs of this many lines (0: one job per file)")
	src := fs.String("source", "", "the outlet's name, recorded on every article")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 || *split < 0 {
		return errUsage
	}
	st, err := e.openQueue(ctx, "jobs add")
	if err != nil {
		return err
	}
	defer st.Close()
	jobs, err := worker.Plan(fs.Args(), *split, *src)
	if err != nil {
		return err
	}
	seqs, err := st.EnqueueJobs(ctx, jobs)
	if err != nil {
		return err
	}
	if len(seqs) == 0 {
		fmt.Fprintln(e.stderr, "parallax jobs add: nothing to queue")
		return nil
	}
	fmt.Fprintf(e.stderr, "parallax jobs add: queued %d jobs (%d-%d)\n", len(seqs), seqs[0], seqs[len(seqs)-1])
	return nil
}

func runJobsList(ctx context.Context, e *env, args []string) error {
	fs := flags("jobs list", e.stderr)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the PostgreSQL store (postgres:// DSN)")
	limit := fs.Int("limit", 1000, "how many jobs at most")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 || *limit <= 0 {
		return errUsage
	}
	st, err := e.openQueue(ctx, "jobs list")
	if err != nil {
		return err
	}
	defer st.Close()
	jobs, err := st.Jobs(ctx, 0, *limit)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tSTATE\tKIND\tTARGET\tREAD\tSTORED\tDUPLICATES\tFAILED\tERROR")
	for _, j := range jobs {
		target := j.Target
		if j.Kind == postgres.JobRange {
			target = fmt.Sprintf("%s:%d-%d", j.Target, j.First, j.Last)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", j.Seq, j.State, j.Kind, target, j.Read, j.Stored, j.Duplicates, j.Failed, j.Error)
	}
	return tw.Flush()
}
