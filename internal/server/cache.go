package server

import (
	"container/list"
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/parallax-news/parallax/internal/news"
)

// cmpCacheSize is how many comparisons the server keeps: a comparison costs far more
// than rendering it, and readers open the same few stories again and again.
const cmpCacheSize = 128

// cmpCache keeps the latest comparisons, keyed by a story and the exact list of its
// articles, so a story that gained an article is compared again. Safe for concurrent use.
type cmpCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *cmpEntry, most recently used first
	byKey map[string]*list.Element
}

type cmpEntry struct {
	key string
	cmp *news.Comparison
}

func newCmpCache(max int) *cmpCache {
	return &cmpCache{max: max, order: list.New(), byKey: map[string]*list.Element{}}
}

// cmpKey identifies a story's content: its id and its articles' ids.
func cmpKey(storyID string, articles []*news.Article) string {
	var b strings.Builder
	b.WriteString(storyID)
	for _, a := range articles {
		b.WriteByte(0)
		b.WriteString(a.ID)
	}
	return b.String()
}

func (c *cmpCache) get(key string) (*news.Comparison, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*cmpEntry).cmp, true
	}
	return nil, false
}

func (c *cmpCache) put(key string, cmp *news.Comparison) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		e.Value.(*cmpEntry).cmp = cmp
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(&cmpEntry{key, cmp})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*cmpEntry).key)
	}
}

// Warm compares the default columns of the n latest stories into the cache, so that
// the first readers of the home page's stories do not wait for their comparison. It
// stops early when ctx is cancelled and returns the first error.
func (s *Server) Warm(ctx context.Context, n int) error {
	if s.compare == nil {
		return nil
	}
	latest, err := s.store.Stories(ctx, news.Page{Limit: n})
	if err != nil {
		return fmt.Errorf("warm: %w", err)
	}
	leans, err := s.leans(ctx)
	if err != nil {
		return fmt.Errorf("warm: %w", err)
	}
	for _, st := range latest {
		if err := ctx.Err(); err != nil {
			return err
		}
		_, articles, err := s.storyArticles(ctx, st.ID)
		if err != nil {
			return fmt.Errorf("warm: %w", err)
		}
		s.comparison(st.ID, selectColumns(articles, leans, nil))
	}
	return nil
}
