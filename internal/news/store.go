package news

import (
	"context"
	"time"
)

// Stored is an article as the store holds it: the article, the story it belongs to and
// when it was ingested.
type Stored struct {
	Article  *Article
	StoryID  string
	Ingested time.Time
}

// Page selects a window of a list.
type Page struct {
	Limit  int // 0 means the store's default (50)
	Offset int
}

// Hit is one search result.
type Hit struct {
	ArticleID string
	StoryID   string
	Title     string
	Source    Source
	Published time.Time
	Snippet   string // plain text around the match
}

// Store keeps articles and their story assignment. Implementations: store/sqlite.
// Every method is safe for concurrent use.
type Store interface {
	// Put stores a with its story in one transaction. It returns false and changes nothing
	// when an article with the same id is already stored (ingest is idempotent).
	// It returns an ErrInvalid error when a fails Validate.
	Put(ctx context.Context, a *Article, storyID string) (bool, error)
	// Article returns the stored article with this id, or an ErrNotFound error.
	Article(ctx context.Context, id string) (*Stored, error)
	// Story returns a story with its articles' ids, or an ErrNotFound error.
	Story(ctx context.Context, id string) (*Story, error)
	// Stories lists stories, newest (by last article) first.
	Stories(ctx context.Context, p Page) ([]Story, error)
	// StoryArticles returns a story's articles, oldest first, or an ErrNotFound error.
	StoryArticles(ctx context.Context, storyID string) ([]*Article, error)
	// Since calls fn for every article published (or, when undated, ingested) at or after t,
	// oldest first; story assignment uses it to rebuild its window on start. An error from
	// fn stops the walk and is returned.
	Since(ctx context.Context, t time.Time, fn func(Stored) error) error
	// Search runs a full-text query over titles and bodies; it returns one page of hits,
	// best first, and the total number of matching articles. A malformed query is ErrInvalid.
	Search(ctx context.Context, query string, p Page) ([]Hit, int, error)
	// Count returns how many articles and stories are stored.
	Count(ctx context.Context) (articles, stories int, err error)
	// Close releases the store.
	Close() error
}
