package postgres

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/postgres/pgtest"
	"github.com/parallax-news/parallax/internal/store/storetest"
)

func open(t testing.TB, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store { return open(t, pgtest.DSN(t)) })
}

// TestRoundTripExact: beyond the contract, published and modified come back exactly
// (nanoseconds, UTC offset), and nil and empty lists stay apart, as in SQLite.
func TestRoundTripExact(t *testing.T) {
	s := open(t, pgtest.DSN(t))
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

func TestPutRejects(t *testing.T) {
	s := open(t, pgtest.DSN(t))
	defer s.Close()
	for _, a := range []*news.Article{
		{ID: "y", Title: "T", Published: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "m", Title: "T", Modified: time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "z", Title: "T", Published: time.Date(2024, 1, 1, 0, 0, 0, 0, time.FixedZone("LMT", 1234))},
		{ID: "nul", Title: "T", Paragraphs: []string{"a\x00b"}},
		{ID: "utf8", Title: "T\xff"},
	} {
		if _, err := s.Put(context.Background(), a, "s"); !errors.Is(err, news.ErrInvalid) || !strings.Contains(err.Error(), a.ID) {
			t.Errorf("Put(%s) error = %v, want an ErrInvalid error naming it", a.ID, err)
		}
	}
	if n, m, err := s.Count(context.Background()); n != 0 || m != 0 || err != nil {
		t.Errorf("Count = %d, %d, %v; want 0, 0", n, m, err)
	}
}

func TestPutStoredKeepsIngestTimeAndArrivalOrder(t *testing.T) {
	s := open(t, pgtest.DSN(t))
	defer s.Close()
	ctx := context.Background()
	when := time.Date(2020, 5, 6, 7, 8, 9, 123456000, time.UTC)
	items := []news.Stored{
		{Article: &news.Article{ID: "c", Title: "Undated"}, StoryID: "s1", Ingested: when},
		{Article: &news.Article{ID: "a", Title: "Dated", Published: when.Add(-time.Hour)}, StoryID: "s1", Ingested: when.Add(time.Second)},
		{Article: &news.Article{ID: "b", Title: "No story"}, Ingested: when.Add(2 * time.Second)},
	}
	n, err := s.PutStored(ctx, items)
	if err != nil || n != 3 {
		t.Fatalf("PutStored = %d, %v; want 3", n, err)
	}
	if n, err := s.PutStored(ctx, items[:1]); err != nil || n != 0 {
		t.Errorf("PutStored again = %d, %v; want 0", n, err)
	}
	got, err := s.Article(ctx, "c")
	if err != nil || !got.Ingested.Equal(when) {
		t.Errorf("Article(c) = %+v, %v; want ingested %v", got, err, when)
	}
	st, err := s.Story(ctx, "s1")
	if err != nil || !st.First.Equal(when.Add(-time.Hour)) || !st.Last.Equal(when) || st.Title != "Dated" {
		t.Errorf("Story(s1) = %+v, %v; want first %v, last %v (the undated article's ingest time), title Dated", st, err, when.Add(-time.Hour), when)
	}
	var order []string
	var last int64
	err = s.Arrivals(ctx, 0, func(arrival int64, st news.Stored) error {
		if arrival <= last {
			t.Errorf("arrival %d after %d", arrival, last)
		}
		last = arrival
		order = append(order, st.Article.ID)
		return nil
	})
	if err != nil || !reflect.DeepEqual(order, []string{"c", "a", "b"}) {
		t.Errorf("Arrivals = %v, %v; want [c a b] (the order stored)", order, err)
	}
	// A bad item stores nothing of its batch.
	_, err = s.PutStored(ctx, []news.Stored{{Article: &news.Article{ID: "d", Title: "ok"}}, {Article: &news.Article{ID: "e"}}})
	if !errors.Is(err, news.ErrInvalid) || !strings.Contains(err.Error(), "e") {
		t.Errorf("PutStored with an invalid article: %v, want ErrInvalid naming it", err)
	}
	if _, err := s.Article(ctx, "d"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("Article(d) after a refused batch: %v, want ErrNotFound", err)
	}
}

func TestMigrateOnceAndTooNew(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	// Two stores opened at once apply each migration once.
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			s, err := Open(ctx, dsn)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent Open: %v", err)
		}
	}
	s := open(t, dsn)
	defer s.Close()
	applied, err := Migrate(ctx, dsn)
	if err != nil || len(applied) != 0 {
		t.Errorf("Migrate of an up-to-date database = %v, %v; want nothing applied", applied, err)
	}
	ms, _ := readMigrations(migrationFS)
	var n int
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil || n != len(ms) {
		t.Errorf("schema_migrations has %d rows (%v), want %d", n, err, len(ms))
	}
	// A failing migration leaves nothing behind.
	bad := fstest.MapFS{
		"migrations/0001_init.sql": {Data: []byte("SELECT 1;")},
		"migrations/0099_bad.sql":  {Data: []byte("CREATE TABLE half (x int); CREATE TABLE broken (;")},
	}
	if _, err := migrate(ctx, s.pool, bad, "test"); err == nil || !strings.Contains(err.Error(), "0099_bad.sql") {
		t.Errorf("migrate with a broken migration: %v, want an error naming 0099_bad.sql", err)
	}
	if _, err := s.pool.Exec(ctx, "SELECT * FROM half"); err == nil {
		t.Errorf("a failed migration left its first statement applied")
	}
	if _, err := s.pool.Exec(ctx, "INSERT INTO schema_migrations (version) VALUES (9999)"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, dsn); err == nil || !strings.Contains(err.Error(), "newer than this binary knows") {
		t.Errorf("Open of a newer schema: %v, want a 'newer than this binary knows' error", err)
	}
}

func TestOpenErrorsHidePassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, dsn := range []string{
		"postgres://parallax:s3cret@127.0.0.1:1/nodb?connect_timeout=2",
		"postgres://parallax:s3cret@127.0.0.1:bad/x",
	} {
		s, err := Open(ctx, dsn)
		if err == nil {
			s.Close()
			t.Fatalf("Open(%s) succeeded", dsn)
		}
		if strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "127.0.0.1") {
			t.Errorf("Open error = %q, want it to name the server without the password", err)
		}
	}
}

func TestSnippet(t *testing.T) {
	s := open(t, pgtest.DSN(t))
	defer s.Close()
	ctx := context.Background()
	long := strings.Repeat("Filler words about nothing in particular. ", 20)
	a := &news.Article{ID: "a", Title: "Budget", Paragraphs: []string{long, "The <b>parliament</b> voted on the budget.", long}}
	b := &news.Article{ID: "b", Title: "Elections", Standfirst: "Voters chose a new parliament", Paragraphs: []string{"Nothing here."}}
	for _, x := range []*news.Article{a, b} {
		if _, err := s.Put(ctx, x, "s"); err != nil {
			t.Fatal(err)
		}
	}
	hits, total, err := s.Search(ctx, "parliament", news.Page{})
	if err != nil || total != 2 || len(hits) != 2 {
		t.Fatalf("Search = %+v, %d, %v", hits, total, err)
	}
	for _, h := range hits {
		switch h.ArticleID {
		case "a":
			if !strings.Contains(h.Snippet, "parliament") || len(h.Snippet) > len(long) || !strings.Contains(h.Snippet, "…") {
				t.Errorf("snippet = %q, want a short excerpt around the match", h.Snippet)
			}
		case "b":
			if h.Snippet != "Voters chose a new parliament" {
				t.Errorf("snippet of a standfirst match = %q, want the standfirst", h.Snippet)
			}
		}
	}
}
