package sqlite

import (
	"testing"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/storetest"
)

// The merge behaviour (articles move, links re-point, bad merges are ErrInvalid) is the
// storage contract's, shared with PostgreSQL.
func TestContractMerges(t *testing.T) {
	storetest.RunMerges(t, func(t *testing.T) news.Store { return open(t, tempPath(t)) })
}
