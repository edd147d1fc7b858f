package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax/internal/news"
)

var _ news.FeedStore = (*Store)(nil)

// optTime is nil for the zero time (NULL: unknown), else t in UTC.
func optTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// fromOpt is the zero time for NULL, else *t in UTC.
func fromOpt(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// checkFeedText rejects a feed's or fetch's text PostgreSQL cannot store.
func checkFeedText(fields ...string) error {
	for _, f := range fields {
		if err := checkText("feed", f); err != nil {
			return err
		}
	}
	return nil
}

// AddFeed follows f.URL (normalized by news.CheckFeedURL); false when already followed.
// Times are kept to the microsecond.
func (s *Store) AddFeed(ctx context.Context, f news.Feed) (bool, error) {
	u, err := news.CheckFeedURL(f.URL)
	if err != nil {
		return false, err
	}
	if err := checkFeedText(u, f.Title, f.Site); err != nil {
		return false, fmt.Errorf("postgres: add feed %s: %w", u, err)
	}
	if f.Added.IsZero() {
		f.Added = time.Now()
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO feeds (url, title, site, interval_s, added) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (url) DO NOTHING`, u, f.Title, f.Site, int64(f.Interval/time.Second), f.Added.UTC())
	if err != nil {
		return false, fmt.Errorf("postgres: add feed %s: %w", u, err)
	}
	return tag.RowsAffected() == 1, nil
}

const feedCols = `url, title, site, interval_s, added, etag, last_modified, last_poll, last_success,
	last_error, last_error_at, failures, next_poll, items`

func scanFeed(row pgx.Row) (news.Feed, error) {
	var f news.Feed
	var interval int64
	var lastPoll, lastSuccess, lastErrorAt, nextPoll *time.Time
	err := row.Scan(&f.URL, &f.Title, &f.Site, &interval, &f.Added, &f.ETag, &f.LastModified, &lastPoll, &lastSuccess,
		&f.LastError, &lastErrorAt, &f.Failures, &nextPoll, &f.Items)
	f.Interval = time.Duration(interval) * time.Second
	f.Added = f.Added.UTC()
	f.LastPoll, f.LastSuccess, f.LastErrorAt, f.NextPoll = fromOpt(lastPoll), fromOpt(lastSuccess), fromOpt(lastErrorAt), fromOpt(nextPoll)
	return f, err
}

// Feed returns the followed feed with this URL, or an ErrNotFound error.
func (s *Store) Feed(ctx context.Context, url string) (*news.Feed, error) {
	if checkFeedText(url) != nil {
		return nil, fmt.Errorf("feed %s: %w", url, news.ErrNotFound)
	}
	f, err := scanFeed(s.pool.QueryRow(ctx, "SELECT "+feedCols+" FROM feeds WHERE url = $1", url))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("feed %s: %w", url, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: feed %s: %w", url, err)
	}
	return &f, nil
}

// Feeds lists the followed feeds by URL (bytewise).
func (s *Store) Feeds(ctx context.Context) ([]news.Feed, error) {
	rows, err := s.pool.Query(ctx, "SELECT "+feedCols+" FROM feeds ORDER BY url")
	if err != nil {
		return nil, fmt.Errorf("postgres: feeds: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (news.Feed, error) { return scanFeed(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: feeds: %w", err)
	}
	return out, nil
}

// RemoveFeed stops following url; its queued fetches stay.
func (s *Store) RemoveFeed(ctx context.Context, url string) error {
	if checkFeedText(url) != nil {
		return fmt.Errorf("feed %s is not followed: %w", url, news.ErrNotFound)
	}
	tag, err := s.pool.Exec(ctx, "DELETE FROM feeds WHERE url = $1", url)
	if err != nil {
		return fmt.Errorf("postgres: remove feed %s: %w", url, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("feed %s is not followed: %w", url, news.ErrNotFound)
	}
	return nil
}

// UpdateFeed saves the polling state and health of a followed feed.
func (s *Store) UpdateFeed(ctx context.Context, f news.Feed) error {
	if err := checkFeedText(f.URL, f.Title, f.Site, f.ETag, f.LastModified, f.LastError); err != nil {
		return fmt.Errorf("postgres: update feed %s: %w", f.URL, err)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE feeds SET title = $1, site = $2, interval_s = $3, etag = $4, last_modified = $5,
		last_poll = $6, last_success = $7, last_error = $8, last_error_at = $9, failures = $10, next_poll = $11, items = $12
		WHERE url = $13`, f.Title, f.Site, int64(f.Interval/time.Second), f.ETag, f.LastModified, optTime(f.LastPoll),
		optTime(f.LastSuccess), f.LastError, optTime(f.LastErrorAt), f.Failures, optTime(f.NextPoll), f.Items, f.URL)
	if err != nil {
		return fmt.Errorf("postgres: update feed %s: %w", f.URL, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("feed %s is not followed: %w", f.URL, news.ErrNotFound)
	}
	return nil
}

// Enqueue adds pending fetches of article pages in one transaction; a URL already
// queued, in any state, is left as it is. It returns how many were added.
func (s *Store) Enqueue(ctx context.Context, fs []news.Fetch) (int, error) {
	if len(fs) == 0 {
		return 0, nil
	}
	t := now()
	var b pgx.Batch
	for _, f := range fs {
		if f.URL == "" {
			return 0, fmt.Errorf("postgres: enqueue: %w", &news.InvalidError{Field: "url", Reason: "empty"})
		}
		if err := checkFeedText(f.URL, f.Feed, f.Title); err != nil {
			return 0, fmt.Errorf("postgres: enqueue %s: %w", f.URL, err)
		}
		next := t
		if !f.NextTry.IsZero() {
			next = f.NextTry.UTC()
		}
		b.Queue(`INSERT INTO fetches (url, feed, title, published, state, attempts, next_try, added)
			VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6) ON CONFLICT (url) DO NOTHING`,
			f.URL, f.Feed, f.Title, optTime(f.Published), next, t)
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("postgres: enqueue: %w", err)
	}
	defer tx.Rollback(ctx)
	res := tx.SendBatch(ctx, &b)
	added := 0
	for _, f := range fs {
		tag, err := res.Exec()
		if err != nil {
			res.Close()
			return 0, fmt.Errorf("postgres: enqueue %s: %w", f.URL, err)
		}
		added += int(tag.RowsAffected())
	}
	if err := res.Close(); err != nil {
		return 0, fmt.Errorf("postgres: enqueue: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("postgres: enqueue: %w", err)
	}
	return added, nil
}

// DueFetches returns up to limit (default 50) pending fetches due at now, oldest first.
func (s *Store) DueFetches(ctx context.Context, now time.Time, limit int) ([]news.Fetch, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.pool.Query(ctx, `SELECT url, feed, title, published, state, attempts, next_try, last_error, added
		FROM fetches WHERE state = 'pending' AND next_try <= $1 ORDER BY next_try, added, url LIMIT $2`, now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: due fetches: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (news.Fetch, error) {
		var f news.Fetch
		var pub *time.Time
		err := r.Scan(&f.URL, &f.Feed, &f.Title, &pub, &f.State, &f.Attempts, &f.NextTry, &f.LastError, &f.Added)
		f.Published, f.NextTry, f.Added = fromOpt(pub), f.NextTry.UTC(), f.Added.UTC()
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: due fetches: %w", err)
	}
	return out, nil
}

// UpdateFetch saves the state of a queued fetch; ErrNotFound when not queued.
func (s *Store) UpdateFetch(ctx context.Context, f news.Fetch) error {
	switch f.State {
	case news.FetchPending, news.FetchDone, news.FetchFailed:
	default:
		return fmt.Errorf("postgres: update fetch %s: %w", f.URL, &news.InvalidError{Field: "state", Reason: fmt.Sprintf("unknown state %q", f.State)})
	}
	if err := checkFeedText(f.URL, f.LastError); err != nil {
		return fmt.Errorf("postgres: update fetch %s: %w", f.URL, err)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE fetches SET state = $1, attempts = $2, next_try = $3, last_error = $4 WHERE url = $5`,
		f.State, f.Attempts, f.NextTry.UTC(), f.LastError, f.URL)
	if err != nil {
		return fmt.Errorf("postgres: update fetch %s: %w", f.URL, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("fetch %s is not queued: %w", f.URL, news.ErrNotFound)
	}
	return nil
}

// FetchCounts returns how many queued fetches are in each state.
func (s *Store) FetchCounts(ctx context.Context) (map[string]int, error) {
	return s.stateCounts(ctx, "fetch counts", "SELECT state, count(*) FROM fetches GROUP BY state")
}

// Checkpoint returns how many units of the job key were done (0 when unknown).
func (s *Store) Checkpoint(ctx context.Context, key string) (int, error) {
	if checkFeedText(key) != nil {
		return 0, nil
	}
	var n int
	err := s.pool.QueryRow(ctx, "SELECT done FROM checkpoints WHERE key = $1", key).Scan(&n)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("postgres: checkpoint %s: %w", key, err)
	}
	return n, nil
}

// SetCheckpoint records that n units of the job key are done.
func (s *Store) SetCheckpoint(ctx context.Context, key string, n int) error {
	if err := checkFeedText(key); err != nil {
		return fmt.Errorf("postgres: set checkpoint %q: %w", key, err)
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO checkpoints (key, done, updated) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET done = excluded.done, updated = excluded.updated`, key, n, now())
	if err != nil {
		return fmt.Errorf("postgres: set checkpoint %s: %w", key, err)
	}
	return nil
}
