package news

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Feed is a followed RSS, Atom or JSON Feed with its polling state and health.
type Feed struct {
	URL          string        `json:"url"`
	Title        string        `json:"title,omitempty"`
	Site         string        `json:"site,omitempty"`
	Interval     time.Duration `json:"-"` // time between polls; 0 means the poller's default
	Added        time.Time     `json:"added"`
	ETag         string        `json:"-"` // validators of the last successful poll, for conditional requests
	LastModified string        `json:"-"`
	LastPoll     time.Time     `json:"last_poll,omitzero"`
	LastSuccess  time.Time     `json:"last_success,omitzero"`
	LastError    string        `json:"last_error,omitempty"`
	LastErrorAt  time.Time     `json:"last_error_at,omitzero"`
	Failures     int           `json:"failures"` // consecutive failed polls; the backoff grows with it
	NextPoll     time.Time     `json:"next_poll,omitzero"`
	Items        int           `json:"items"` // article links the feed has given, in all
}

// CheckFeedURL returns the normalized URL of a feed, or an ErrInvalid error naming it.
func CheckFeedURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("feed %q: %w", raw, &InvalidError{Field: "url", Reason: "want an absolute http or https URL"})
	}
	u.Fragment = ""
	return u.String(), nil
}

// Fetch states.
const (
	FetchPending = "pending" // to be fetched at NextTry
	FetchDone    = "done"    // fetched and ingested (or found already stored)
	FetchFailed  = "failed"  // gave up: a permanent error, or too many attempts; kept for the record
)

// Fetch is one article page in the persisted fetch queue.
type Fetch struct {
	URL       string
	Feed      string // the feed that listed it, or ""
	Title     string // the feed's title for it, if any
	Published time.Time
	State     string
	Attempts  int
	NextTry   time.Time
	LastError string
	Added     time.Time
}

// FeedStore keeps the followed feeds, the fetch queue of article pages, and ingest
// checkpoints. It is separate from Store so that backends can add it on their own;
// store/sqlite implements both. Every method is safe for concurrent use.
type FeedStore interface {
	// AddFeed follows f.URL; it returns false and changes nothing when it is already
	// followed. An invalid URL is ErrInvalid.
	AddFeed(ctx context.Context, f Feed) (bool, error)
	// Feed returns the followed feed with this URL, or an ErrNotFound error.
	Feed(ctx context.Context, url string) (*Feed, error)
	// Feeds lists the followed feeds by URL.
	Feeds(ctx context.Context) ([]Feed, error)
	// RemoveFeed stops following url (its queued fetches stay); ErrNotFound when not followed.
	RemoveFeed(ctx context.Context, url string) error
	// UpdateFeed saves the polling state and health of a followed feed; ErrNotFound when
	// not followed.
	UpdateFeed(ctx context.Context, f Feed) error

	// Enqueue adds pending fetches; a URL already queued (in any state) is left as it
	// is. It returns how many were added.
	Enqueue(ctx context.Context, fs []Fetch) (int, error)
	// DueFetches returns up to limit pending fetches whose NextTry is at or before now,
	// oldest first.
	DueFetches(ctx context.Context, now time.Time, limit int) ([]Fetch, error)
	// UpdateFetch saves the state of a queued fetch; ErrNotFound when not queued.
	UpdateFetch(ctx context.Context, f Fetch) error
	// FetchCounts returns how many queued fetches are in each state.
	FetchCounts(ctx context.Context) (map[string]int, error)

	// Checkpoint returns how many units of the job key were done (0 when unknown).
	Checkpoint(ctx context.Context, key string) (int, error)
	// SetCheckpoint records that n units of the job key are done.
	SetCheckpoint(ctx context.Context, key string, n int) error
}
