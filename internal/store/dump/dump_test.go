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
	news.RelationStore
	news.StoryMerger
	news.SourceStore
	news.FollowStore
	news.FeedStore
	MergeKeeper
	SourceEditKeeper
	FollowRestorer
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

// addExtras gives s what it keeps besides articles: relations, a story merge, source
// edits, follows (one deleted, so that ids have a gap) and a feed with its state.
func addExtras(t *testing.T, s store) {
	t.Helper()
	ctx := context.Background()
	err := s.AddRelations(ctx, []news.Relation{
		{Kind: news.RelDuplicate, Earlier: "edge-full", Later: "edge-bare", Fraction: 0.97, Source: "edge-full", Wire: "Reuters"},
		{Kind: news.RelReuse, Earlier: "edge-full", Later: "edge-nostory", Fraction: 0.25},
		{Kind: news.RelUpdate, Earlier: "edge-bare", Later: "not-stored", Fraction: 0.5}, // pending: not exported
	})
	if err != nil {
		t.Fatal(err)
	}
	stories, err := s.Stories(ctx, news.Page{Limit: 3})
	if err != nil || len(stories) < 3 {
		t.Fatalf("stories: %v, %v", stories, err)
	}
	if err := s.MergeStory(ctx, stories[1].ID, stories[2].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.MergeStory(ctx, stories[2].ID, stories[0].ID); err != nil {
		t.Fatal(err)
	}
	srcs, err := s.Sources(ctx)
	if err != nil || len(srcs) < 2 {
		t.Fatalf("sources: %v, %v", srcs, err)
	}
	lean, notes, empty := "center", "Owned by a trust.", ""
	if _, err := s.EditSource(ctx, srcs[0].Label, news.SourceEdit{Lean: &lean, Notes: &notes}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EditSource(ctx, srcs[1].Label, news.SourceEdit{Lean: &empty}); err != nil {
		t.Fatal(err)
	}
	gone, err := s.AddFollow(ctx, news.Follow{Query: news.Query{Text: "budget"}})
	if err != nil {
		t.Fatal(err)
	}
	kept, err := s.AddFollow(ctx, news.Follow{Name: "Ukraine", Query: news.Query{Text: "Ukraine", Entity: "Rudy Giuliani",
		Source: srcs[0].Label, From: time.Date(2019, 11, 1, 0, 0, 0, 0, time.FixedZone("", 3600))}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteFollow(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkFollow(ctx, kept.ID, kept.Seen.Add(time.Hour), kept.Seen.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	added := time.Date(2024, 3, 4, 5, 6, 7, 8000, time.UTC)
	if _, err := s.AddFeed(ctx, news.Feed{URL: "https://news.example/rss", Added: added}); err != nil {
		t.Fatal(err)
	}
	err = s.UpdateFeed(ctx, news.Feed{URL: "https://news.example/rss", Title: "News", Site: "https://news.example/",
		Interval: 15 * time.Minute, ETag: `"abc"`, LastModified: "Mon, 04 Mar 2024 05:06:07 GMT",
		LastPoll: added.Add(time.Hour), LastError: "503 Service Unavailable", LastErrorAt: added.Add(time.Hour),
		Failures: 2, NextPoll: added.Add(3 * time.Hour), Items: 17})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddFeed(ctx, news.Feed{URL: "https://other.example/atom", Added: added}); err != nil {
		t.Fatal(err)
	}
}

// kept is what a store keeps besides articles, as its API shows it.
type kept struct {
	relations []news.Relation
	merges    map[string]string
	mergedAt  map[string]time.Time
	sources   []news.SourceInfo
	follows   []news.Follow
	feeds     []news.Feed
}

func allExtras(t *testing.T, s store) kept {
	t.Helper()
	ctx := context.Background()
	x := kept{merges: map[string]string{}, mergedAt: map[string]time.Time{}}
	var err error
	if x.relations, err = s.Relations(ctx, news.RelationFilter{}, news.Page{Limit: 500}); err != nil {
		t.Fatal(err)
	}
	err = s.EachMerge(ctx, func(from, into string, at time.Time) error {
		if got, err := s.MergedInto(ctx, from); err != nil || got != into {
			t.Errorf("MergedInto(%s) = %q, %v; EachMerge says %s", from, got, err, into)
		}
		x.merges[from], x.mergedAt[from] = into, at
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if x.sources, err = s.Sources(ctx); err != nil {
		t.Fatal(err)
	}
	if x.follows, err = s.Follows(ctx); err != nil {
		t.Fatal(err)
	}
	if x.feeds, err = s.Feeds(ctx); err != nil {
		t.Fatal(err)
	}
	return x
}

// sameExtras compares two stores' extras, times to the microsecond (PostgreSQL's
// precision).
func sameExtras(t *testing.T, what string, got, want kept) {
	t.Helper()
	micro := func(tm time.Time) time.Time { return tm.UTC().Truncate(time.Microsecond) }
	// The sample's ingest finds relations and merges; the fixture adds some.
	if len(want.relations) < 2 || !reflect.DeepEqual(got.relations, want.relations) {
		t.Errorf("%s: %d relations, want %d (at least 2)", what, len(got.relations), len(want.relations))
		for i := range min(len(got.relations), len(want.relations)) {
			if got.relations[i] != want.relations[i] {
				t.Errorf("relation %d: got %+v, want %+v", i, got.relations[i], want.relations[i])
				break
			}
		}
	}
	if len(want.merges) < 2 || !reflect.DeepEqual(got.merges, want.merges) {
		t.Errorf("%s: merges %v, want %v (at least 2)", what, got.merges, want.merges)
	}
	for k, w := range want.mergedAt {
		if !micro(got.mergedAt[k]).Equal(micro(w)) {
			t.Errorf("%s: merge of %s at %v, want %v", what, k, got.mergedAt[k], w)
		}
	}
	norm := func(l []news.SourceInfo) []news.SourceInfo {
		out := slices.Clone(l)
		for i := range out {
			out[i].Edited, out[i].First, out[i].Last = micro(out[i].Edited), micro(out[i].First), micro(out[i].Last)
		}
		return out
	}
	if g, w := norm(got.sources), norm(want.sources); !reflect.DeepEqual(g, w) {
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Errorf("%s: source %d\n got %+v\nwant %+v", what, i, g[i], w[i])
				break
			}
		}
		t.Errorf("%s: %d sources, want %d", what, len(g), len(w))
	}
	edited := 0
	for _, si := range want.sources {
		if !si.Edited.IsZero() {
			edited++
		}
	}
	if edited != 2 {
		t.Errorf("want 2 edited sources, the fixture has %d", edited)
	}
	normF := func(l []news.Follow) []news.Follow {
		out := slices.Clone(l)
		for i := range out {
			out[i].Created, out[i].Seen, out[i].Notified = micro(out[i].Created), micro(out[i].Seen), micro(out[i].Notified)
		}
		return out
	}
	if g, w := normF(got.follows), normF(want.follows); len(w) != 1 || !reflect.DeepEqual(g, w) {
		t.Errorf("%s: follows\n got %+v\nwant %+v (1 of them)", what, g, w)
	}
	if len(want.feeds) != 2 || !reflect.DeepEqual(got.feeds, want.feeds) {
		t.Errorf("%s: feeds\n got %+v\nwant %+v (2 of them)", what, got.feeds, want.feeds)
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
	addExtras(t, lite)
	want := all(t, lite)
	wantX := allExtras(t, lite)

	pg := openPostgres(t)
	first := export(t, lite)
	if sum := load(t, pg, first); sum.Stored != len(want.articles) || sum.Present != 0 {
		t.Fatalf("import into PostgreSQL: %v, want %d stored", sum, len(want.articles))
	}
	same(t, "PostgreSQL", all(t, pg), want, true)
	sameExtras(t, "PostgreSQL", allExtras(t, pg), wantX)
	if sum := load(t, pg, first); sum.Stored != 0 || sum.Present != len(want.articles) {
		t.Errorf("second import: %v, want all already stored", sum)
	}
	sameExtras(t, "PostgreSQL imported twice", allExtras(t, pg), wantX)
	// New follows get new ids, above the restored ones.
	if f, err := pg.AddFollow(context.Background(), news.Follow{Query: news.Query{Text: "new"}}); err != nil || f.ID <= wantX.follows[0].ID {
		t.Errorf("follow added after the import: %+v, %v; want an id above %d", f, err, wantX.follows[0].ID)
	} else if err := pg.DeleteFollow(context.Background(), f.ID); err != nil {
		t.Fatal(err)
	}

	back := openSQLite(t)
	second := export(t, pg)
	load(t, back, second)
	got := all(t, back)
	same(t, "SQLite after PostgreSQL", got, want, true)
	sameExtras(t, "SQLite after PostgreSQL", allExtras(t, back), wantX)
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
		{"newer version", `{"format":"parallax-dump","version":3}` + "\n" + strings.Join(lines[1:], ""), "version 1-2"},
		{"bad relation", lines[0] + `{"relation":{"kind":"copy","articles":["a","b"],"fraction":0.5}}` + "\n", "kind"},
		{"relations miscounted", lines[0] + `{"relation":{"kind":"reuse","articles":["a","b"],"fraction":0.5}}` + "\n" + `{"end":true}` + "\n", "end line counts"},
		{"bad follow", lines[0] + `{"follow":{"id":1,"name":"x","created":"now","seen":"","notified":""}}` + "\n", "follow.created"},
		{"bad feed", lines[0] + `{"feed":{"url":"ftp://x","added":"2024-01-01T00:00:00Z"}}` + "\n", "url"},
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
