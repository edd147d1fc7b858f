package postgres

import (
	"testing"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/postgres/pgtest"
	"github.com/parallax-news/parallax/internal/store/storetest"
)

func TestContractMerges(t *testing.T) {
	storetest.RunMerges(t, func(t *testing.T) news.Store { return open(t, pgtest.DSN(t)) })
}
