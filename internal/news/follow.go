package news

import (
	"context"
	"strings"
	"time"
)

// Query is a search with filters: full-text words, and optionally one source, a
// publication date range, an entity (its name must appear as a phrase) and an ingest
// time after which articles count (for "what is new since").
type Query struct {
	Text   string    // plain words, every one must match; may be empty when a filter is set
	Source string    // a source label; empty for any
	From   time.Time // published at or after; zero for no bound
	To     time.Time // published before; zero for no bound
	Entity string    // a name that must appear as a phrase; empty for none
	// IngestedAfter keeps only articles stored after this time; zero for no bound.
	IngestedAfter time.Time
	// ByDate orders hits newest first instead of best match first.
	ByDate bool
}

// Empty reports whether q has neither words nor an entity nor a source, so that it
// would match everything.
func (q Query) Empty() bool {
	return strings.TrimSpace(q.Text) == "" && strings.TrimSpace(q.Entity) == "" && q.Source == ""
}

// Searcher runs filtered searches. Stores that implement it (store/sqlite) give the UI
// its search filters, entity pages and followed topics.
type Searcher interface {
	// Find returns one page of the articles matching q and their total number. An
	// empty query or a query without any word is an ErrInvalid error.
	Find(ctx context.Context, q Query, p Page) ([]Hit, int, error)
}

// Follow is a followed topic: a saved search or entity. New stories matching it appear
// in the followed view and are sent to the webhook.
type Follow struct {
	ID       int64
	Name     string    // what the user calls it; defaults to the query's words
	Query    Query     // IngestedAfter and ByDate are not saved
	Created  time.Time // when it was followed
	Seen     time.Time // articles ingested after this are new in the followed view
	Notified time.Time // articles ingested after this have not been sent to the webhook
}

// FollowStore keeps followed topics.
type FollowStore interface {
	// AddFollow saves f (its ID, Created, Seen and Notified are set by the store, all
	// times to now) and returns it; ErrInvalid when its query is empty or too long.
	AddFollow(ctx context.Context, f Follow) (*Follow, error)
	// Follows lists the followed topics, oldest first.
	Follows(ctx context.Context) ([]Follow, error)
	// Follow returns one followed topic, or an ErrNotFound error.
	Follow(ctx context.Context, id int64) (*Follow, error)
	// DeleteFollow stops following; ErrNotFound when there is no such topic.
	DeleteFollow(ctx context.Context, id int64) error
	// MarkFollow moves the topic's Seen or Notified cursor (a zero time leaves it);
	// ErrNotFound when there is no such topic.
	MarkFollow(ctx context.Context, id int64, seen, notified time.Time) error
}

// Limits of a saved follow, in bytes.
const (
	MaxFollowName  = 200
	MaxFollowQuery = 500
)
