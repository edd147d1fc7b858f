package sqlite

import (
	"context"
	"testing"
)

// The full-text index's hashsize is set when a store is created and left as it is on
// later opens.
func TestFTSHashSize(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	for range 2 {
		s := open(t, path)
		var v int
		if err := s.r.QueryRowContext(ctx, "SELECT v FROM articles_fts_config WHERE k = 'hashsize'").Scan(&v); err != nil || v != ftsHashSize {
			t.Errorf("hashsize = %d, %v; want %d", v, err, ftsHashSize)
		}
		s.Close()
	}
}
