package dump

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/ingest"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/store/postgres"
	"github.com/parallax-news/parallax/internal/store/postgres/pgtest"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

type store interface {
	news.Store
	Importer
}

func openSQLite(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openPostgres(t *testing.T) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// edgeCases are articles whose every field matters: exact times with offsets, nil
// and empty lists, a lean, captions, no story, undated.
func edgeCases() []news.Stored {
	tz := time.FixedZone("", -4*3600-30*60)
	return []news.Stored{
		{Article: &news.Article{ID: "edge-full", URL: "https://example.com/a?b=1&c=<2>", Source: news.Source{Name: "Ünïcode News", Domain: "example.com", Lean: "left"},
			Title: "Title with “quotes” & <tags>", Standfirst: "Standfirst", Authors: []string{"A", "B"},
			Published: time.Date(2019, 11, 20, 10, 11, 12, 123456789, tz), Modified: time.Date(2019, 11, 21, 0, 0, 0, 1, time.UTC),
			Language: "en", Paragraphs: []string{"One.", "Two\nlines."}, Captions: []news.Caption{{Text: "c", Credit: "AP"}, {Text: "d"}},
			Tags: []string{"x"}, Input: news.Input{Path: "in/a.html", Kind: news.KindHTML}, Warnings: []string{"w"}},
			StoryID: "s-edge", Ingested: time.Date(2024, 1, 2, 3, 4, 5, 678901000, time.UTC)},
		{Article: &news.Article{ID: "edge-empty", Title: "Empty lists", Authors: []string{}, Paragraphs: []string{}, Captions: []news.Caption{},
			Tags: []string{}, Warnings: []string{}}, StoryID: "s-edge", Ingested: time.Date(2024, 1, 2, 3, 4, 6, 0, time.UTC)},
		{Article: &news.Article{ID: "edge-nostory", Paragraphs: []string{"Body only."}, Input: news.Input{Kind: news.KindText}},
			Ingested: time.Date(2024, 1, 2, 3, 4, 7, 0, time.UTC)},
	}
}

// fill stores the bundled AllSides sample through the ingest pipeline (real stories)
// and the edge cases.
func fill(t *testing.T, s store) {
	t.Helper()
	ctx := context.Background()
	p, err := ingest.New(ctx, s, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := p.Run(ctx, []string{"../../sample/allsides-2019-11-16-to-12-31.jsonl.gz"}, source.Options{}, nil)
	if err != nil || sum.Stored < 500 {
		t.Fatalf("ingest sample: %v, %v", sum, err)
	}
	if _, err := s.PutStored(ctx, edgeCases()); err != nil {
		t.Fatal(err)
	}
}

func export(t *testing.T, s news.Store) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := Export(context.Background(), s, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func load(t *testing.T, s Importer, b []byte) Summary {
	t.Helper()
	sum, err := Import(context.Background(), s, bytes.NewReader(b), "dump.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// everything is what a store holds, as its API shows it.
type everything struct {
	articles map[string]news.Stored
	stories  []news.Story
	searches map[string][]string
	totals   map[string]int
}

func all(t *testing.T, s news.Store) everything {
	t.Helper()
	ctx := context.Background()
	e := everything{articles: map[string]news.Stored{}, searches: map[string][]string{}, totals: map[string]int{}}
	err := s.Since(ctx, time.Time{}, func(st news.Stored) error {
		e.articles[st.Article.ID] = st
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for off := 0; ; off += 500 {
		page, err := s.Stories(ctx, news.Page{Limit: 500, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		e.stories = append(e.stories, page...)
		if len(page) < 500 {
			break
		}
	}
	for _, q := range []string{"impeachment", "Trump Ukraine", "climate", "Ünïcode"} {
		hits, total, err := s.Search(ctx, q, news.Page{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range hits {
			ids = append(ids, h.ArticleID)
		}
		slices.Sort(ids) // the backends rank differently; they must find the same articles
		e.searches[q], e.totals[q] = ids, total
	}
	return e
}

// same compares two stores' contents. PostgreSQL keeps ingest times (and so the
// story times of undated articles) to the microsecond: micro compares at that
// precision.
func same(t *testing.T, what string, got, want everything, micro bool) {
	t.Helper()
	eq := func(a, b time.Time) bool {
		if micro {
			return a.Truncate(time.Microsecond).Equal(b.Truncate(time.Microsecond))
		}
		return a.Equal(b)
	}
	if len(got.articles) != len(want.articles) {
		t.Errorf("%s: %d articles, want %d", what, len(got.articles), len(want.articles))
	}
	bad := 0
	for id, w := range want.articles {
		g, ok := got.articles[id]
		if !ok || !reflect.DeepEqual(g.Article, w.Article) || g.StoryID != w.StoryID || !eq(g.Ingested, w.Ingested) {
			if bad++; bad <= 3 {
				t.Errorf("%s: article %s\n got %+v %#v\nwant %+v %#v", what, id, g, g.Article, w, w.Article)
			}
		}
	}
	if len(got.stories) != len(want.stories) {
		t.Fatalf("%s: %d stories, want %d", what, len(got.stories), len(want.stories))
	}
	for i := range want.stories {
		g, w := got.stories[i], want.stories[i]
		if g.ID != w.ID || g.Title != w.Title || !slices.Equal(g.Articles, w.Articles) || !slices.Equal(g.Sources, w.Sources) ||
			!eq(g.First, w.First) || !eq(g.Last, w.Last) {
			if bad++; bad <= 6 {
				t.Errorf("%s: story %d\n got %+v\nwant %+v", what, i, g, w)
			}
		}
	}
	if !reflect.DeepEqual(got.searches, want.searches) || !reflect.DeepEqual(got.totals, want.totals) {
		t.Errorf("%s: searches find %v, want %v", what, got.totals, want.totals)
	}
}

// TestRoundTripSQLitePostgresSQLite moves a store SQLite → PostgreSQL → SQLite and
// compares everything each one holds.
func TestRoundTripSQLitePostgresSQLite(t *testing.T) {
	lite := openSQLite(t)
	fill(t, lite)
	want := all(t, lite)

	pg := openPostgres(t)
	first := export(t, lite)
	if sum := load(t, pg, first); sum.Stored != len(want.articles) || sum.Present != 0 {
		t.Fatalf("import into PostgreSQL: %v, want %d stored", sum, len(want.articles))
	}
	same(t, "PostgreSQL", all(t, pg), want, true)
	if sum := load(t, pg, first); sum.Stored != 0 || sum.Present != len(want.articles) {
		t.Errorf("second import: %v, want all already stored", sum)
	}

	back := openSQLite(t)
	second := export(t, pg)
	load(t, back, second)
	got := all(t, back)
	same(t, "SQLite after PostgreSQL", got, want, true)
	// What PostgreSQL holds comes back exactly: the two exports hold the same lines
	// (in another order: PostgreSQL writes in arrival order, SQLite oldest first).
	lines := func(b []byte) []string {
		l := strings.Split(strings.TrimSpace(string(b)), "\n")
		slices.Sort(l)
		return l
	}
	if a, b := lines(export(t, back)), lines(second); !slices.Equal(a, b) {
		t.Errorf("export of the SQLite copy differs from PostgreSQL's: %d and %d lines", len(a), len(b))
	}
	for _, it := range edgeCases() {
		g := got.articles[it.Article.ID]
		if !reflect.DeepEqual(g.Article, it.Article) || !g.Ingested.Equal(it.Ingested) || g.StoryID != it.StoryID {
			t.Errorf("edge case %s after the round trip:\n got %#v\nwant %#v", it.Article.ID, g, it)
		}
	}
}

func TestImportRejects(t *testing.T) {
	lite := openSQLite(t)
	ctx := context.Background()
	if _, err := lite.PutStored(ctx, edgeCases()); err != nil {
		t.Fatal(err)
	}
	good := string(export(t, lite))
	lines := strings.SplitAfter(good, "\n")
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", "empty file"},
		{"no header", strings.Join(lines[1:], ""), "dump.jsonl:1"},
		{"truncated", strings.Join(lines[:3], ""), "truncated"},
		{"miscounted", strings.Join(lines[:3], "") + lines[len(lines)-2], "end line counts"},
		{"not JSON", lines[0] + "{oops\n", "dump.jsonl:2"},
		{"bad date", lines[0] + `{"article":{"id":"x","title":"T","published":"yesterday"}}` + "\n", "published"},
		{"after end", good + lines[1], "after the end line"},
	} {
		_, err := Import(ctx, openSQLite(t), strings.NewReader(c.in), "dump.jsonl")
		if !errors.Is(err, news.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Import error = %v, want ErrInvalid mentioning %q", c.name, err, c.want)
		}
	}
	// A dump of an empty store imports as nothing.
	if sum, err := Import(ctx, openSQLite(t), bytes.NewReader(export(t, openSQLite(t))), "e"); err != nil || sum != (Summary{}) {
		t.Errorf("import of an empty dump = %v, %v", sum, err)
	}
}
