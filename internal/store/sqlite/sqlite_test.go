package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/storetest"
)

func tempPath(t testing.TB) string { return filepath.Join(t.TempDir(), "parallax.db") }

func open(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store { return open(t, tempPath(t)) })
}

func TestContractMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store { return open(t, ":memory:") })
}

// TestRoundTripExact: beyond the contract, SQLite gives back exactly what was put:
// nanoseconds, the UTC offset, and nil versus empty lists.
func TestRoundTripExact(t *testing.T) {
	s := open(t, tempPath(t))
	defer s.Close()
	ctx := context.Background()
	for _, a := range []*news.Article{
		{ID: "a", Title: "T", Published: time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.FixedZone("", -5*3600)),
			Modified: time.Date(2024, 1, 3, 0, 0, 0, 1, time.UTC), Authors: []string{}, Captions: []news.Caption{{Text: "c"}}},
		{ID: "b", Title: "T", Paragraphs: []string{"x"}, Tags: []string{}, Warnings: nil},
	} {
		if _, err := s.Put(ctx, a, "s"); err != nil {
			t.Fatal(err)
		}
		got, err := s.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Article, a) {
			t.Errorf("Article(%s) = %#v\nwant %#v", a.ID, *got.Article, *a)
		}
	}
}

func TestPutRejectsUnsortableDates(t *testing.T) {
	s := open(t, tempPath(t))
	defer s.Close()
	for _, a := range []*news.Article{
		{ID: "y", Title: "T", Published: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "m", Title: "T", Modified: time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "z", Title: "T", Published: time.Date(2024, 1, 1, 0, 0, 0, 0, time.FixedZone("LMT", 1234))},
	} {
		if _, err := s.Put(context.Background(), a, "s"); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("Put(%s) error = %v, want ErrInvalid", a.ID, err)
		}
	}
}

func TestPutWithoutStory(t *testing.T) {
	s := open(t, tempPath(t))
	defer s.Close()
	ctx := context.Background()
	if _, err := s.Put(ctx, &news.Article{ID: "a", Title: "T"}, ""); err != nil {
		t.Fatal(err)
	}
	got, err := s.Article(ctx, "a")
	if err != nil || got.StoryID != "" {
		t.Fatalf("Article(a) = %+v, %v; want no story", got, err)
	}
	if n, m, err := s.Count(ctx); n != 1 || m != 0 || err != nil {
		t.Errorf("Count = %d, %d, %v; want 1, 0", n, m, err)
	}
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	s := open(t, path)
	if _, err := s.Put(ctx, &news.Article{ID: "a", Title: "Kept across reopen"}, "s"); err != nil {
		t.Fatal(err)
	}
	before := migrations(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond) // a reapplied migration would get a later applied_at

	s = open(t, path)
	defer s.Close()
	if got, err := s.Article(ctx, "a"); err != nil || got.Article.Title != "Kept across reopen" {
		t.Fatalf("Article(a) after reopen = %v, %v", got, err)
	}
	if _, total, err := s.Search(ctx, "reopen", news.Page{}); err != nil || total != 1 {
		t.Errorf("Search after reopen: total %d, %v; want 1", total, err)
	}
	if after := migrations(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("schema_migrations after reopen = %v, want unchanged %v", after, before)
	}
	ms, err := readMigrations(migrationFS)
	if err != nil || len(before) != len(ms) {
		t.Errorf("%d migrations recorded, %d embedded (%v)", len(before), len(ms), err)
	}
}

// migrations returns schema_migrations as "version applied_at" lines.
func migrations(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.w.Query("SELECT version, applied_at FROM schema_migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v int
		var at string
		if err := rows.Scan(&v, &at); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(v, " ", at))
	}
	return out
}

func TestMigrateAppliesOnlyNew(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	s := open(t, path)
	if _, err := s.Put(ctx, &news.Article{ID: "a", Title: "T"}, "s"); err != nil {
		t.Fatal(err)
	}
	// The embedded migrations, plus a newer one.
	next := fstest.MapFS{"migrations/9001_notes.sql": {Data: []byte("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);")}}
	embedded, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range embedded {
		b, err := fs.ReadFile(migrationFS, name)
		if err != nil {
			t.Fatal(err)
		}
		next[name] = &fstest.MapFile{Data: b}
	}
	for range 2 { // the second run finds nothing to do
		if err := migrate(ctx, s.w, next, path); err != nil {
			t.Fatalf("migrate with 9001: %v", err)
		}
	}
	got := migrations(t, s)
	if len(got) != len(embedded)+1 || !strings.HasPrefix(got[len(got)-1], "9001 ") {
		t.Errorf("schema_migrations = %v, want the %d embedded versions and 9001", got, len(embedded))
	}
	if _, err := s.w.Exec("INSERT INTO notes (body) VALUES ('x')"); err != nil {
		t.Errorf("table of migration 9001 missing: %v", err)
	}
	if n, _, err := s.Count(ctx); n != 1 || err != nil {
		t.Errorf("Count after migration = %d, %v; want 1", n, err)
	}
	s.Close()

	// The embedded migrations do not know version 9001: this binary is too old now.
	_, err = Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "newer than this binary knows") || !strings.Contains(err.Error(), path) {
		t.Errorf("Open of a newer database: error = %v, want one naming the path and saying the schema is newer", err)
	}
}

func TestMigrationFailureRollsBack(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	s := open(t, path)
	defer s.Close()
	bad := fstest.MapFS{
		"migrations/0001_init.sql": {Data: []byte("SELECT 1;")},
		"migrations/9001_bad.sql":  {Data: []byte("CREATE TABLE half (x); CREATE TABLE broken (;")},
	}
	before := migrations(t, s)
	if err := migrate(ctx, s.w, bad, path); err == nil || !strings.Contains(err.Error(), "9001_bad.sql") {
		t.Fatalf("migrate with a broken migration: error = %v, want one naming 9001_bad.sql", err)
	}
	if _, err := s.w.Exec("SELECT * FROM half"); err == nil {
		t.Errorf("a failed migration left its first statement applied")
	}
	if got := migrations(t, s); !reflect.DeepEqual(got, before) {
		t.Errorf("schema_migrations = %v, want only the embedded versions %v", got, before)
	}
}

func TestPragmas(t *testing.T) {
	s := open(t, tempPath(t))
	defer s.Close()
	for _, db := range []struct {
		name string
		q    func(string) (string, error)
	}{
		{"writer", func(p string) (v string, err error) { return v, s.w.QueryRow("PRAGMA " + p).Scan(&v) }},
		{"reader", func(p string) (v string, err error) { return v, s.r.QueryRow("PRAGMA " + p).Scan(&v) }},
	} {
		for p, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": fmt.Sprint(busyTimeout)} {
			if got, err := db.q(p); err != nil || got != want {
				t.Errorf("%s: PRAGMA %s = %q, %v; want %q", db.name, p, got, err, want)
			}
		}
	}
	var sync string
	if err := s.w.QueryRow("PRAGMA synchronous").Scan(&sync); err != nil || sync != "1" {
		t.Errorf("writer: PRAGMA synchronous = %q, %v; want 1 (NORMAL)", sync, err)
	}
	if _, err := s.r.Exec("CREATE TABLE x (y)"); err == nil {
		t.Errorf("reader connections accept writes; want query_only")
	}
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	s := open(t, tempPath(t))
	defer s.Close()
	if err := s.Check(ctx); err != nil {
		t.Fatalf("Check of an empty store: %v", err)
	}
	for i := range 3 {
		if _, err := s.Put(ctx, &news.Article{ID: fmt.Sprint(i), Title: "Title", Paragraphs: []string{"body"}}, "s"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Check(ctx); err != nil {
		t.Fatalf("Check: %v", err)
	}

	// An article whose story is missing (written behind the store's back).
	if _, err := s.w.Exec("PRAGMA foreign_keys = OFF"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec(`UPDATE articles SET story_id = 'gone' WHERE id = '1'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec("PRAGMA foreign_keys = ON"); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(ctx); err == nil || !strings.Contains(err.Error(), "foreign_key_check") || !strings.Contains(err.Error(), "stories") {
		t.Errorf("Check with a dangling story id: %v, want a foreign_key_check error naming stories", err)
	}
	if _, err := s.w.Exec(`UPDATE articles SET story_id = 's' WHERE id = '1'`); err != nil {
		t.Fatal(err)
	}

	// An article missing from the full-text index.
	if _, err := s.w.Exec(`DELETE FROM articles_fts WHERE article_id = '2'`); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(ctx); err == nil || !strings.Contains(err.Error(), "full-text index") {
		t.Errorf("Check with an unindexed article: %v, want a full-text index error", err)
	}
}

func TestOpenNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte(strings.Repeat("These are not the pages you are looking for.\n", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), path)
	if err == nil {
		s.Close()
		t.Fatalf("Open(%s) of a text file succeeded", path)
	}
	if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "not a database") {
		t.Errorf("Open of a text file: error = %q, want it to name %s and say it is not a database", msg, path)
	}
	if b, _ := os.ReadFile(path); !strings.HasPrefix(string(b), "These are not") {
		t.Errorf("Open changed the file it could not open")
	}
}

func TestOpenBadPath(t *testing.T) {
	for _, path := range []string{"", "a?b.db", filepath.Join(t.TempDir(), "missing-dir", "x.db")} {
		if s, err := Open(context.Background(), path); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", path)
		} else if path != "" && !strings.Contains(err.Error(), path) {
			t.Errorf("Open(%q) error = %v, want it to name the path", path, err)
		}
	}
}

func TestFTSQuery(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"iran sanctions", `"iran" "sanctions"`},
		{`al-Qaida "`, `"al-Qaida"`},
		{`AND OR (`, `"AND" "OR"`},
		{`say "hello"`, `"say" """hello"""`},
		{"a\x00b", `"a" "b"`},
		{`* ( ) "" -`, ``},
		{"  ", ``},
	} {
		if got := ftsQuery(c.in); got != c.want {
			t.Errorf("ftsQuery(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSnippetPlainText(t *testing.T) {
	ctx := context.Background()
	s := open(t, tempPath(t))
	defer s.Close()
	long := strings.Repeat("Filler words about nothing in particular. ", 20)
	a := &news.Article{ID: "a", Title: "Budget", Paragraphs: []string{long, "The <b>parliament</b> voted on the budget.", long}}
	if _, err := s.Put(ctx, a, "s"); err != nil {
		t.Fatal(err)
	}
	hits, _, err := s.Search(ctx, "parliament", news.Page{})
	if err != nil || len(hits) != 1 {
		t.Fatalf("Search = %v, %v", hits, err)
	}
	sn := hits[0].Snippet
	if !strings.Contains(sn, "parliament") || len(sn) > len(long) || !strings.Contains(sn, "…") {
		t.Errorf("snippet = %q, want a short excerpt around the match", sn)
	}
}
