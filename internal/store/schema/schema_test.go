package schema

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestRead(t *testing.T) {
	got, err := Read(fstest.MapFS{
		"migrations/0010_b.sql": {Data: []byte("B")},
		"migrations/0002_a.sql": {Data: []byte("A")},
		"migrations/notes.txt":  {Data: []byte("not a migration")},
	})
	if err != nil || len(got) != 2 || got[0].Version != 2 || got[0].SQL != "A" || got[1].Name != "0010_b.sql" {
		t.Fatalf("Read = %+v, %v; want 0002_a.sql then 0010_b.sql", got, err)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"no version": {"migrations/init.sql": {Data: []byte("x")}},
		"zero":       {"migrations/0000_init.sql": {Data: []byte("x")}},
		"same":       {"migrations/0001_a.sql": {Data: []byte("x")}, "migrations/1_b.sql": {Data: []byte("y")}},
	} {
		if _, err := Read(fsys); err == nil || !strings.Contains(err.Error(), ".sql") {
			t.Errorf("%s: Read error = %v, want one naming the file", name, err)
		}
	}
}
