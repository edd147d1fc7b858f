package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

var _ news.FeedStore = (*Store)(nil)

// optUTC formats t in the fixed-width UTC layout, "" for the zero time.
func optUTC(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatUTC(t)
}

func parseOptUTC(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return parseUTC(s)
}

// AddFeed implements news.FeedStore.
func (s *Store) AddFeed(ctx context.Context, f news.Feed) (bool, error) {
	u, err := news.CheckFeedURL(f.URL)
	if err != nil {
		return false, err
	}
	if f.Added.IsZero() {
		f.Added = time.Now()
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO feeds (url, title, site, interval_s, added) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (url) DO NOTHING`, u, f.Title, f.Site, int64(f.Interval/time.Second), formatUTC(f.Added))
	if err != nil {
		return false, fmt.Errorf("sqlite: add feed %s: %w", u, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

const feedCols = `url, title, site, interval_s, added, etag, last_modified, last_poll, last_success,
	last_error, last_error_at, failures, next_poll, items`

func scanFeed(row scanner) (news.Feed, error) {
	var f news.Feed
	var interval int64
	var added, lastPoll, lastSuccess, lastErrorAt, nextPoll string
	err := row.Scan(&f.URL, &f.Title, &f.Site, &interval, &added, &f.ETag, &f.LastModified, &lastPoll, &lastSuccess,
		&f.LastError, &lastErrorAt, &f.Failures, &nextPoll, &f.Items)
	if err != nil {
		return f, err
	}
	f.Interval = time.Duration(interval) * time.Second
	for _, p := range []struct {
		dst *time.Time
		src string
	}{{&f.Added, added}, {&f.LastPoll, lastPoll}, {&f.LastSuccess, lastSuccess}, {&f.LastErrorAt, lastErrorAt}, {&f.NextPoll, nextPoll}} {
		if *p.dst, err = parseOptUTC(p.src); err != nil {
			return f, fmt.Errorf("feed %s: bad time %q: %w", f.URL, p.src, err)
		}
	}
	return f, nil
}

// Feed implements news.FeedStore.
func (s *Store) Feed(ctx context.Context, url string) (*news.Feed, error) {
	f, err := scanFeed(s.r.QueryRowContext(ctx, "SELECT "+feedCols+" FROM feeds WHERE url = ?", url))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("feed %s: %w", url, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: feed %s: %w", url, err)
	}
	return &f, nil
}

// Feeds implements news.FeedStore.
func (s *Store) Feeds(ctx context.Context) ([]news.Feed, error) {
	return queryAll(ctx, s.r, "feeds", scanFeed, "SELECT "+feedCols+" FROM feeds ORDER BY url")
}

// RemoveFeed implements news.FeedStore.
func (s *Store) RemoveFeed(ctx context.Context, url string) error {
	res, err := s.w.ExecContext(ctx, "DELETE FROM feeds WHERE url = ?", url)
	if err != nil {
		return fmt.Errorf("sqlite: remove feed %s: %w", url, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("feed %s is not followed: %w", url, news.ErrNotFound)
	}
	return nil
}

// UpdateFeed implements news.FeedStore.
func (s *Store) UpdateFeed(ctx context.Context, f news.Feed) error {
	res, err := s.w.ExecContext(ctx, `UPDATE feeds SET title = ?, site = ?, interval_s = ?, etag = ?, last_modified = ?,
		last_poll = ?, last_success = ?, last_error = ?, last_error_at = ?, failures = ?, next_poll = ?, items = ?
		WHERE url = ?`, f.Title, f.Site, int64(f.Interval/time.Second), f.ETag, f.LastModified, optUTC(f.LastPoll),
		optUTC(f.LastSuccess), f.LastError, optUTC(f.LastErrorAt), f.Failures, optUTC(f.NextPoll), f.Items, f.URL)
	if err != nil {
		return fmt.Errorf("sqlite: update feed %s: %w", f.URL, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("feed %s is not followed: %w", f.URL, news.ErrNotFound)
	}
	return nil
}

// Enqueue implements news.FeedStore.
func (s *Store) Enqueue(ctx context.Context, fs []news.Fetch) (int, error) {
	if len(fs) == 0 {
		return 0, nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("sqlite: enqueue: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO fetches (url, feed, title, published, state, attempts, next_try, added)
		VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (url) DO NOTHING`)
	if err != nil {
		return 0, fmt.Errorf("sqlite: enqueue: %w", err)
	}
	defer stmt.Close()
	now := time.Now()
	added := 0
	for _, f := range fs {
		if f.URL == "" {
			return 0, fmt.Errorf("sqlite: enqueue: %w", &news.InvalidError{Field: "url", Reason: "empty"})
		}
		next := f.NextTry
		if next.IsZero() {
			next = now
		}
		res, err := stmt.ExecContext(ctx, f.URL, f.Feed, f.Title, optUTC(f.Published), formatUTC(next), formatUTC(now))
		if err != nil {
			return 0, fmt.Errorf("sqlite: enqueue %s: %w", f.URL, err)
		}
		n, _ := res.RowsAffected()
		added += int(n)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("sqlite: enqueue: %w", err)
	}
	return added, nil
}

// DueFetches implements news.FeedStore.
func (s *Store) DueFetches(ctx context.Context, now time.Time, limit int) ([]news.Fetch, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.r.QueryContext(ctx, `SELECT url, feed, title, published, state, attempts, next_try, last_error, added
		FROM fetches WHERE state = 'pending' AND next_try <= ? ORDER BY next_try, added, url LIMIT ?`, formatUTC(now), limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: due fetches: %w", err)
	}
	defer rows.Close()
	var out []news.Fetch
	for rows.Next() {
		var f news.Fetch
		var pub, next, added string
		if err := rows.Scan(&f.URL, &f.Feed, &f.Title, &pub, &f.State, &f.Attempts, &next, &f.LastError, &added); err != nil {
			return nil, fmt.Errorf("sqlite: due fetches: %w", err)
		}
		f.Published, _ = parseOptUTC(pub)
		f.NextTry, _ = parseOptUTC(next)
		f.Added, _ = parseOptUTC(added)
		out = append(out, f)
	}
	return out, rows.Err()
}

// UpdateFetch implements news.FeedStore.
func (s *Store) UpdateFetch(ctx context.Context, f news.Fetch) error {
	switch f.State {
	case news.FetchPending, news.FetchDone, news.FetchFailed:
	default:
		return fmt.Errorf("sqlite: update fetch %s: %w", f.URL, &news.InvalidError{Field: "state", Reason: fmt.Sprintf("unknown state %q", f.State)})
	}
	res, err := s.w.ExecContext(ctx, `UPDATE fetches SET state = ?, attempts = ?, next_try = ?, last_error = ? WHERE url = ?`,
		f.State, f.Attempts, formatUTC(f.NextTry), f.LastError, f.URL)
	if err != nil {
		return fmt.Errorf("sqlite: update fetch %s: %w", f.URL, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("fetch %s is not queued: %w", f.URL, news.ErrNotFound)
	}
	return nil
}

// FetchCounts implements news.FeedStore.
func (s *Store) FetchCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT state, count(*) FROM fetches GROUP BY state")
	if err != nil {
		return nil, fmt.Errorf("sqlite: fetch counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}

// Checkpoint implements news.FeedStore.
func (s *Store) Checkpoint(ctx context.Context, key string) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, "SELECT done FROM checkpoints WHERE key = ?", key).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sqlite: checkpoint %s: %w", key, err)
	}
	return n, nil
}

// SetCheckpoint implements news.FeedStore.
func (s *Store) SetCheckpoint(ctx context.Context, key string, n int) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO checkpoints (key, done, updated) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET done = excluded.done, updated = excluded.updated`, key, n, formatUTC(time.Now()))
	if err != nil {
		return fmt.Errorf("sqlite: set checkpoint %s: %w", key, err)
	}
	return nil
}
