package postgres

import (
	"testing"

	"github.com/parallax-news/parallax/internal/store/postgres/pgtest"
	"github.com/parallax-news/parallax/internal/store/storetest"
)

func TestExtendedContract(t *testing.T) {
	storetest.RunExtended(t, func(t *testing.T) storetest.Extended { return open(t, pgtest.DSN(t)) })
}
