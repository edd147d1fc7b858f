package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parallax-news/parallax/internal/news"
)

// assignClass is the first key of the story-assignment advisory lock; the second is
// the hash of the schema, so that stores in several schemas of one database do not
// wait for one another.
const assignClass = 0x7061 // "pa"

// Assigner holds the story-assignment lock of the database: while it lives, no
// other worker assigns stories. It works on one connection, which holds the lock (a
// session advisory lock): when the process dies, the server drops the connection and
// the lock with it, and a transaction in flight rolls back.
type Assigner struct {
	conn *pgxpool.Conn
}

// TryAssign takes the story-assignment lock. Errors: ErrConflict when another
// worker holds it.
func (s *Store) TryAssign(ctx context.Context) (*Assigner, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: assignment lock: %w", err)
	}
	var ok bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1, hashtext(current_schema()))", assignClass).Scan(&ok); err != nil {
		conn.Release()
		return nil, fmt.Errorf("postgres: assignment lock: %w", err)
	}
	if !ok {
		conn.Release()
		return nil, fmt.Errorf("postgres: assignment lock: held by another worker: %w", news.ErrConflict)
	}
	return &Assigner{conn: conn}, nil
}

// Release gives the lock up. A connection that cannot say so is closed, which
// releases the lock too.
func (a *Assigner) Release(ctx context.Context) {
	if _, err := a.conn.Exec(ctx, "SELECT pg_advisory_unlock($1, hashtext(current_schema()))", assignClass); err != nil {
		a.conn.Hijack().Close(context.Background())
		return
	}
	a.conn.Release()
}

// Head returns the first job in queue order that is not done or failed, with its
// documents when it is extracted: story assignment takes jobs in that order and
// waits for the head. Errors: ErrNotFound when no job is pending.
func (a *Assigner) Head(ctx context.Context) (*Job, []Doc, error) {
	j, err := scanJob(a.conn.QueryRow(ctx, "SELECT "+jobCols+" FROM jobs WHERE state IN ('queued', 'extracting', 'extracted') ORDER BY seq LIMIT 1"))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, fmt.Errorf("postgres: head job: %w", news.ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: head job: %w", err)
	}
	if j.State != Extracted {
		return &j, nil, nil
	}
	rows, err := a.conn.Query(ctx, "SELECT article::text, error, unread FROM job_docs WHERE job_seq = $1 ORDER BY pos", j.Seq)
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: job %d documents: %w", j.Seq, err)
	}
	docs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Doc, error) {
		var article, msg *string
		var unread bool
		if err := r.Scan(&article, &msg, &unread); err != nil {
			return Doc{}, err
		}
		if article != nil {
			return Doc{Article: []byte(*article)}, nil
		}
		return Doc{Err: *msg, Unread: unread}, nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: job %d documents: %w", j.Seq, err)
	}
	return &j, docs, nil
}

// Arrivals is Store.Arrivals on the lock's connection.
func (a *Assigner) Arrivals(ctx context.Context, after int64, fn func(arrival int64, st news.Stored) error) error {
	return arrivals(ctx, a.conn, after, fn)
}

// Stored returns which of ids are stored.
func (a *Assigner) Stored(ctx context.Context, ids []string) (map[string]bool, error) {
	rows, err := a.conn.Query(ctx, "SELECT id FROM articles WHERE id = ANY($1)", ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: stored ids: %w", err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("postgres: stored ids: %w", err)
	}
	out := make(map[string]bool, len(got))
	for _, id := range got {
		out[id] = true
	}
	return out, nil
}

// Finish stores the articles job assigned, in order (positions[i] is the position of
// items[i] among the job's documents, whose staged search vector it takes), records its counts and marks
// it done, in one transaction: a worker that dies half-way leaves the job extracted
// and nothing of it stored. It returns the last arrival number given (0 when none
// was stored). job's Read, Stored, Duplicates, Failed and AssignedBy are recorded as
// given.
func (a *Assigner) Finish(ctx context.Context, job *Job, items []news.Stored, positions []int, merges []Merge) (int64, error) {
	fail := func(err error) (int64, error) { return 0, fmt.Errorf("postgres: finish job %d: %w", job.Seq, err) }
	tx, err := a.conn.Begin(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback(ctx)
	if len(positions) != len(items) {
		return fail(fmt.Errorf("%d positions for %d articles", len(positions), len(items)))
	}
	from := make([]staged, len(items))
	for i, p := range positions {
		from[i] = staged{job.Seq, p}
	}
	created, last, err := putItems(ctx, tx, items, from)
	if err != nil {
		return fail(err)
	}
	if created != len(items) {
		// Only this lock's holder assigns, and it skipped the stored ids: another
		// writer (a plain ingest into the same database) got there first.
		return fail(fmt.Errorf("%d of %d articles were stored meanwhile by a writer outside the workers: %w", len(items)-created, len(items), news.ErrConflict))
	}
	// The job's story merges, in the order they happened, as ingest records them
	// after each article (news.StoryMerger): in the same transaction, so that the next
	// holder of the lock sees the articles and the merges together.
	t := now()
	for _, m := range merges {
		if err := mergeStory(ctx, tx, m.From, m.Into, t); err != nil {
			return fail(err)
		}
	}
	tag, err := tx.Exec(ctx, `UPDATE jobs SET state = 'done', read = $2, stored = $3, duplicates = $4, failed = $5,
		assigned_by = $6, updated_at = now()
		WHERE seq = $1 AND state = 'extracted'`, job.Seq, job.Read, job.Stored, job.Duplicates, job.Failed, null(job.AssignedBy))
	if err != nil {
		return fail(err)
	}
	if tag.RowsAffected() != 1 {
		return fail(fmt.Errorf("not extracted any more: %w", news.ErrConflict))
	}
	if _, err := tx.Exec(ctx, "DELETE FROM job_docs WHERE job_seq = $1", job.Seq); err != nil {
		return fail(err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fail(err)
	}
	return last, nil
}

// Merge is a story merge found while assigning a job: story From joined story Into.
type Merge struct{ From, Into string }

// Merges returns how many story merges the store has recorded: a holder of the lock
// whose index saw fewer must rebuild it, since another worker merged stories.
func (a *Assigner) Merges(ctx context.Context) (int64, error) {
	var n int64
	if err := a.conn.QueryRow(ctx, "SELECT count(*) FROM story_merges").Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count story merges: %w", err)
	}
	return n, nil
}

// mergeStory moves the articles of story from into story into, recomputes into's
// row, deletes from's, and records that from now stands for into.
func mergeStory(ctx context.Context, tx pgx.Tx, from, into string, t time.Time) error {
	if from == into || from == "" || into == "" {
		return fmt.Errorf("merge story %q into %q: %w", from, into, &news.InvalidError{Field: "story", Reason: "a merge needs two different story ids"})
	}
	steps := []struct {
		q    string
		args []any
	}{
		{"UPDATE articles SET story_id = $2 WHERE story_id = $1", []any{from, into}},
		{`INSERT INTO stories AS s (id, title, title_sort, title_article, first, last, article_count, updated_at)
			SELECT $1, coalesce(t.title, ''), t.sort_time, t.id, a.first, a.last, a.n, $2
			FROM (SELECT min(sort_time) AS first, max(sort_time) AS last, count(*) AS n FROM articles WHERE story_id = $1) a
			LEFT JOIN LATERAL (SELECT title, sort_time, id FROM articles WHERE story_id = $1 AND title <> ''
				ORDER BY sort_time, id LIMIT 1) t ON true
			WHERE a.n > 0
			ON CONFLICT (id) DO UPDATE SET title = excluded.title, title_sort = excluded.title_sort,
				title_article = excluded.title_article, first = excluded.first, last = excluded.last,
				article_count = excluded.article_count, updated_at = excluded.updated_at`, []any{into, t}},
		{"DELETE FROM stories WHERE id = $1", []any{from}},
		{"UPDATE story_merges SET into_id = $2 WHERE into_id = $1", []any{from, into}},
		{`INSERT INTO story_merges (from_id, into_id, merged_at) VALUES ($1, $2, $3)
			ON CONFLICT (from_id) DO UPDATE SET into_id = excluded.into_id, merged_at = excluded.merged_at`, []any{from, into, t}},
	}
	for _, st := range steps {
		if _, err := tx.Exec(ctx, st.q, st.args...); err != nil {
			return fmt.Errorf("merge story %s into %s: %w", from, into, err)
		}
	}
	return nil
}
