package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax/internal/news"
)

// Job kinds.
const (
	JobFile  = "file"  // a file or directory, read as `parallax ingest PATH` reads it
	JobURL   = "url"   // one page fetched over HTTP(S)
	JobRange = "range" // lines First..Last of a JSONL file, or records of a WARC/WET archive
)

// Job states.
const (
	Queued     = "queued"
	Extracting = "extracting"
	Extracted  = "extracted"
	Done       = "done"
	Failed     = "failed"
)

// Job is one unit of ingest work in the queue.
type Job struct {
	Seq         int64  // the queue order, which is the order of story assignment
	Kind        string // JobFile, JobURL or JobRange
	Target      string // the path or URL
	First, Last int    // JobRange: 1-based inclusive line (JSONL) or record (WARC) numbers
	Source      string // the outlet's name to record on every article, when given
	State       string
	Owner       string // the worker that claimed it last
	AssignedBy  string // the worker that assigned its stories
	Attempts    int
	Error       string
	// What assignment did: documents read, articles stored, already stored, failed.
	Read, Stored, Duplicates, Failed int
}

// Doc is one document of an extracted job, in input order: an article in the dump
// form (see store/dump), or the error that stopped the document.
type Doc struct {
	Article []byte
	Err     string
	Unread  bool // the error came from reading, not extracting
}

func checkJob(j Job) error {
	switch {
	case j.Kind != JobFile && j.Kind != JobURL && j.Kind != JobRange:
		return &news.InvalidError{Field: "kind", Reason: fmt.Sprintf("%q is not file, url or range", j.Kind)}
	case j.Target == "":
		return &news.InvalidError{Field: "target", Reason: "empty"}
	case j.Kind == JobRange && (j.First < 1 || j.Last < j.First):
		return &news.InvalidError{Field: "range", Reason: fmt.Sprintf("lines %d-%d: want 1 <= first <= last", j.First, j.Last)}
	}
	return errors.Join(checkText("target", j.Target), checkText("source", j.Source))
}

// EnqueueJobs adds ingest jobs at the end of the queue, in order, in one transaction,
// and returns their sequence numbers. Errors: ErrInvalid naming the first bad job.
// (Enqueue is news.FeedStore's, the fetch queue of article pages.)
func (s *Store) EnqueueJobs(ctx context.Context, jobs []Job) ([]int64, error) {
	for i, j := range jobs {
		if err := checkJob(j); err != nil {
			return nil, fmt.Errorf("postgres: enqueue job %d (%s): %w", i+1, j.Target, err)
		}
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: enqueue: %w", err)
	}
	defer tx.Rollback(ctx)
	seqs := make([]int64, 0, len(jobs))
	for _, j := range jobs {
		var first, last any
		if j.Kind == JobRange {
			first, last = j.First, j.Last
		}
		var seq int64
		err := tx.QueryRow(ctx, "INSERT INTO jobs (kind, target, first_line, last_line, source) VALUES ($1, $2, $3, $4, $5) RETURNING seq",
			j.Kind, j.Target, first, last, null(j.Source)).Scan(&seq)
		if err != nil {
			return nil, fmt.Errorf("postgres: enqueue %s: %w", j.Target, err)
		}
		seqs = append(seqs, seq)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("postgres: enqueue: %w", err)
	}
	return seqs, nil
}

const jobCols = `seq, kind, target, coalesce(first_line, 0), coalesce(last_line, 0), coalesce(source, ''), state,
	coalesce(owner, ''), coalesce(assigned_by, ''), attempts, coalesce(error, ''), read, stored, duplicates, failed`

func scanJob(row pgx.Row) (Job, error) {
	var j Job
	err := row.Scan(&j.Seq, &j.Kind, &j.Target, &j.First, &j.Last, &j.Source, &j.State,
		&j.Owner, &j.AssignedBy, &j.Attempts, &j.Error, &j.Read, &j.Stored, &j.Duplicates, &j.Failed)
	return j, err
}

// Claim gives owner the first job (in queue order) that is queued, or whose
// extraction lease ran out (its worker died or hung), for lease; other workers skip
// it (FOR UPDATE SKIP LOCKED). A job whose lease ran out maxAttempts times fails
// instead. Errors: ErrNotFound when no job can be claimed now.
func (s *Store) Claim(ctx context.Context, owner string, lease time.Duration, maxAttempts int) (*Job, error) {
	_, err := s.pool.Exec(ctx, `UPDATE jobs SET state = 'failed', updated_at = now(),
		error = format('gave up after %s attempts: the workers extracting it stopped (last: %s)', attempts, owner)
		WHERE state = 'extracting' AND lease_until < now() AND attempts >= $1`, maxAttempts)
	if err != nil {
		return nil, fmt.Errorf("postgres: claim job: %w", err)
	}
	j, err := scanJob(s.pool.QueryRow(ctx, `UPDATE jobs SET state = 'extracting', owner = $1, attempts = attempts + 1,
		lease_until = now() + make_interval(secs => $2), updated_at = now()
	WHERE seq = (
		SELECT seq FROM jobs
		WHERE state = 'queued' OR (state = 'extracting' AND lease_until < now())
		ORDER BY seq LIMIT 1
		FOR UPDATE SKIP LOCKED)
	RETURNING `+jobCols, owner, lease.Seconds()))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("postgres: claim job: %w", news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: claim job: %w", err)
	}
	return &j, nil
}

// Renew extends owner's lease on job seq. Errors: ErrConflict when the job is no
// longer owner's to extract (its lease ran out and another worker claimed it).
func (s *Store) Renew(ctx context.Context, seq int64, owner string, lease time.Duration) error {
	tag, err := s.pool.Exec(ctx, `UPDATE jobs SET lease_until = now() + make_interval(secs => $3), updated_at = now()
		WHERE seq = $1 AND owner = $2 AND state = 'extracting'`, seq, owner, lease.Seconds())
	if err != nil {
		return fmt.Errorf("postgres: renew job %d: %w", seq, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: renew job %d: no longer %s's: %w", seq, owner, news.ErrConflict)
	}
	return nil
}

// Stage records the extracted documents of job seq, in order, and marks it
// extracted, in one transaction. Errors: ErrConflict when the job is no longer
// owner's (nothing is written then).
func (s *Store) Stage(ctx context.Context, seq int64, owner string, docs []Doc) error {
	fail := func(err error) error { return fmt.Errorf("postgres: stage job %d: %w", seq, err) }
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `UPDATE jobs SET state = 'extracted', lease_until = NULL, updated_at = now()
		WHERE seq = $1 AND owner = $2 AND state = 'extracting'`, seq, owner)
	if err != nil {
		return fail(err)
	}
	if tag.RowsAffected() == 0 {
		return fail(fmt.Errorf("no longer %s's: %w", owner, news.ErrConflict))
	}
	rows := make([][]any, len(docs))
	for i, d := range docs {
		var article, msg any
		if d.Article != nil {
			article = string(d.Article)
		} else {
			msg = d.Err
			if d.Err == "" {
				msg = "failed"
			}
		}
		rows[i] = []any{seq, i, article, msg, d.Unread}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"job_docs"}, []string{"job_seq", "pos", "article", "error", "unread"}, pgx.CopyFromRows(rows)); err != nil {
		return fail(err)
	}
	// The vector Put would compute, from the same text (bodies past maxIndexedBody
	// are left to Put, which cuts them).
	_, err = tx.Exec(ctx, `UPDATE job_docs d SET search = `+searchVector("d.article->>'title'", "d.article->>'standfirst'", "b.body")+`
		FROM (SELECT pos, coalesce(string_agg(p, E'\n\n' ORDER BY n), '') AS body
			FROM job_docs, jsonb_array_elements_text(CASE WHEN jsonb_typeof(article->'paragraphs') = 'array'
				THEN article->'paragraphs' ELSE '[]' END) WITH ORDINALITY AS e(p, n)
			WHERE job_seq = $1 AND article IS NOT NULL GROUP BY pos) b
		WHERE d.job_seq = $1 AND d.pos = b.pos AND octet_length(b.body) <= $2`, seq, maxIndexedBody)
	if err != nil {
		return fail(fmt.Errorf("search vectors: %w", err))
	}
	if err := tx.Commit(ctx); err != nil {
		return fail(err)
	}
	return nil
}

// Jobs lists the jobs, in queue order, at most limit of them starting after seq
// after.
func (s *Store) Jobs(ctx context.Context, after int64, limit int) ([]Job, error) {
	rows, err := s.pool.Query(ctx, "SELECT "+jobCols+" FROM jobs WHERE seq > $1 ORDER BY seq LIMIT $2", after, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: jobs: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Job, error) { return scanJob(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: jobs: %w", err)
	}
	return out, nil
}

// JobCounts returns how many jobs are in each state.
func (s *Store) JobCounts(ctx context.Context) (map[string]int, error) {
	return s.stateCounts(ctx, "job counts", "SELECT state, count(*) FROM jobs GROUP BY state")
}

// stateCounts reads the (state, count) rows of query into a map; errors name what.
func (s *Store) stateCounts(ctx context.Context, what, query string) (map[string]int, error) {
	rows, err := s.pool.Query(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("postgres: %s: %w", what, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, fmt.Errorf("postgres: %s: %w", what, err)
		}
		out[state] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: %s: %w", what, err)
	}
	return out, nil
}

// Pending reports whether some job is not yet done or failed.
func (s *Store) Pending(ctx context.Context) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM jobs WHERE state IN ('queued', 'extracting', 'extracted'))").Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("postgres: pending jobs: %w", err)
	}
	return ok, nil
}
