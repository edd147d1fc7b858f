// Package storetest is the storage contract suite: Run checks that a news.Store
// behaves as the interface documents, so that every backend (SQLite, PostgreSQL)
// passes the same tests.
//
// The suite only relies on what the contract promises: times are compared with
// time.Time.Equal at millisecond precision, and a nil list equals an empty one.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// Run runs the contract suite. open must return a new, empty store for each call;
// Run closes it when the subtest ends.
func Run(t *testing.T, open func(t *testing.T) news.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, news.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"PutIdempotent", testPutIdempotent},
		{"Invalid", testInvalid},
		{"NotFound", testNotFound},
		{"Stories", testStories},
		{"StoriesPaging", testStoriesPaging},
		{"StoryArticles", testStoryArticles},
		{"Since", testSince},
		{"Search", testSearch},
		{"SearchPaging", testSearchPaging},
		{"SearchHostile", testSearchHostile},
		{"Count", testCount},
		{"ConcurrentPuts", testConcurrentPuts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, s)
		})
	}
}

// base is a fixed, millisecond-precise instant the fixtures are dated from.
var base = time.Date(2024, 3, 5, 9, 30, 0, 125_000_000, time.UTC)

// at is base plus h hours.
func at(h int) time.Time { return base.Add(time.Duration(h) * time.Hour) }

func article(id, title string, published time.Time, source news.Source, paragraphs ...string) *news.Article {
	return &news.Article{
		ID: id, Title: title, Published: published, Source: source, Language: "en",
		Paragraphs: paragraphs, Input: news.Input{Kind: news.KindHTML, Path: id + ".html"},
	}
}

func put(t *testing.T, s news.Store, a *news.Article, storyID string) {
	t.Helper()
	created, err := s.Put(context.Background(), a, storyID)
	if err != nil {
		t.Fatalf("Put(%s): %v", a.ID, err)
	}
	if !created {
		t.Fatalf("Put(%s) = false for a new article", a.ID)
	}
}

// Equal reports whether two articles are the same for the contract: times are equal
// instants, and nil and empty lists are equal. Backends' own tests may be stricter.
func Equal(a, b *news.Article) bool {
	if a == nil || b == nil {
		return a == b
	}
	if !a.Published.Equal(b.Published) || !a.Modified.Equal(b.Modified) {
		return false
	}
	return reflect.DeepEqual(normalize(a), normalize(b))
}

func normalize(a *news.Article) news.Article {
	c := *a
	c.Published, c.Modified = time.Time{}, time.Time{}
	for _, l := range []*[]string{&c.Authors, &c.Paragraphs, &c.Tags, &c.Warnings} {
		if len(*l) == 0 {
			*l = nil
		}
	}
	if len(c.Captions) == 0 {
		c.Captions = nil
	}
	return c
}

func mustArticle(t *testing.T, s news.Store, id string) *news.Stored {
	t.Helper()
	st, err := s.Article(context.Background(), id)
	if err != nil {
		t.Fatalf("Article(%s): %v", id, err)
	}
	return st
}

func mustStory(t *testing.T, s news.Store, id string) *news.Story {
	t.Helper()
	st, err := s.Story(context.Background(), id)
	if err != nil {
		t.Fatalf("Story(%s): %v", id, err)
	}
	return st
}

func testRoundTrip(t *testing.T, s news.Store) {
	jerusalem := time.FixedZone("", 2*3600)
	full := &news.Article{
		ID:         "full-1",
		URL:        "https://www.israelhayom.com/2024/03/05/strike/",
		Source:     news.Source{Name: "Israel Hayom", Domain: "israelhayom.com", Lean: "right"},
		Title:      "Strike in Zürich: “quotes”, <tags> & émojis 🙂",
		Standfirst: "Officials say — reportedly — that it was « planned »",
		Authors:    []string{"Ana Núñez", "AP"},
		Published:  time.Date(2024, 3, 5, 11, 30, 0, 125_000_000, jerusalem),
		Modified:   time.Date(2024, 3, 6, 8, 0, 0, 0, time.UTC),
		Language:   "he",
		Paragraphs: []string{"First paragraph.", "שלום עולם — second, with Hebrew.", "Third\nwith a newline and \"quotes\"."},
		Captions:   []news.Caption{{Text: "A photo", Credit: "Reuters"}, {Text: "No credit"}},
		Tags:       []string{"Middle East", "Iran"},
		Input:      news.Input{Path: "corpus/a b/ü.html", Kind: news.KindHTML},
		Warnings:   []string{"date ambiguous"},
	}
	minimal := &news.Article{ID: "min-1", Title: "Only a title"}
	bodyOnly := &news.Article{ID: "body-1", Paragraphs: []string{"Just a body, no title."}, Input: news.Input{Kind: news.KindText}}
	empties := &news.Article{ID: "empty-1", Title: "Empty lists", Authors: []string{}, Paragraphs: []string{},
		Captions: []news.Caption{}, Tags: []string{}, Warnings: []string{}}

	for _, c := range []struct {
		a     *news.Article
		story string
	}{{full, "story-a"}, {minimal, "story-a"}, {bodyOnly, "story-b"}, {empties, "story-b"}} {
		before := time.Now()
		put(t, s, c.a, c.story)
		after := time.Now()
		got := mustArticle(t, s, c.a.ID)
		if !Equal(got.Article, c.a) {
			t.Errorf("Article(%s) round trip:\n got %#v\nwant %#v", c.a.ID, *got.Article, *c.a)
		}
		if got.StoryID != c.story {
			t.Errorf("Article(%s).StoryID = %q, want %q", c.a.ID, got.StoryID, c.story)
		}
		if got.Ingested.Before(before.Add(-time.Millisecond)) || got.Ingested.After(after.Add(time.Millisecond)) {
			t.Errorf("Article(%s).Ingested = %v, want between %v and %v", c.a.ID, got.Ingested, before, after)
		}
	}
	// The returned article is the caller's to change: the store must not share it.
	got := mustArticle(t, s, full.ID)
	got.Article.Paragraphs[0] = "changed"
	if again := mustArticle(t, s, full.ID); again.Article.Paragraphs[0] != "First paragraph." {
		t.Errorf("changing a returned article changed the stored one")
	}
}

func testPutIdempotent(t *testing.T, s news.Store) {
	ctx := context.Background()
	a := article("a1", "Original title", at(0), news.Source{Name: "BBC"}, "Body one.")
	put(t, s, a, "s1")
	before := mustArticle(t, s, "a1")
	story := mustStory(t, s, "s1")

	for _, storyID := range []string{"s1", "s2"} {
		again := *a
		again.Title = "Changed title"
		again.Published = at(-5)
		created, err := s.Put(ctx, &again, storyID)
		if err != nil || created {
			t.Fatalf("second Put(a1, %s) = %v, %v; want false, nil", storyID, created, err)
		}
	}
	after := mustArticle(t, s, "a1")
	if !Equal(after.Article, before.Article) || after.StoryID != before.StoryID || !after.Ingested.Equal(before.Ingested) {
		t.Errorf("second Put changed the article: %+v -> %+v", before, after)
	}
	if got := mustStory(t, s, "s1"); !reflect.DeepEqual(got, story) {
		t.Errorf("second Put changed the story:\n got %+v\nwant %+v", got, story)
	}
	if _, err := s.Story(ctx, "s2"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("second Put into another story created it: Story(s2) error = %v", err)
	}
	if n, m, err := s.Count(ctx); err != nil || n != 1 || m != 1 {
		t.Errorf("Count = %d, %d, %v; want 1, 1", n, m, err)
	}
	if hits, total, err := s.Search(ctx, "changed", news.Page{}); err != nil || total != 0 || len(hits) != 0 {
		t.Errorf("Search(changed) after a refused Put = %d hits, total %d, %v; want none", len(hits), total, err)
	}
}

func testInvalid(t *testing.T, s news.Store) {
	ctx := context.Background()
	put(t, s, article("ok", "A good article", at(0), news.Source{Name: "BBC"}, "Body."), "s1")
	story := mustStory(t, s, "s1")
	for _, c := range []struct {
		name string
		a    *news.Article
	}{
		{"nil", nil},
		{"no title or text", &news.Article{ID: "bad1", Source: news.Source{Name: "BBC"}}},
		{"blank title", &news.Article{ID: "bad2", Title: "   "}},
		{"no id", &news.Article{Title: "No id"}},
	} {
		created, err := s.Put(ctx, c.a, "s1")
		if !errors.Is(err, news.ErrInvalid) || created {
			t.Errorf("Put(%s) = %v, %v; want false, an ErrInvalid error", c.name, created, err)
		}
	}
	if n, m, err := s.Count(ctx); err != nil || n != 1 || m != 1 {
		t.Errorf("Count after invalid Puts = %d, %d, %v; want 1, 1", n, m, err)
	}
	if got := mustStory(t, s, "s1"); !reflect.DeepEqual(got, story) {
		t.Errorf("invalid Put changed the story:\n got %+v\nwant %+v", got, story)
	}
	if _, err := s.Article(ctx, "bad1"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("Article(bad1) error = %v, want ErrNotFound", err)
	}
}

func testNotFound(t *testing.T, s news.Store) {
	ctx := context.Background()
	put(t, s, article("a1", "Title", at(0), news.Source{}, "Body."), "s1")
	if st, err := s.Article(ctx, "missing"); !errors.Is(err, news.ErrNotFound) || st != nil {
		t.Errorf("Article(missing) = %v, %v; want nil, ErrNotFound", st, err)
	}
	if st, err := s.Story(ctx, "missing"); !errors.Is(err, news.ErrNotFound) || st != nil {
		t.Errorf("Story(missing) = %v, %v; want nil, ErrNotFound", st, err)
	}
	if as, err := s.StoryArticles(ctx, "missing"); !errors.Is(err, news.ErrNotFound) || as != nil {
		t.Errorf("StoryArticles(missing) = %v, %v; want nil, ErrNotFound", as, err)
	}
	// An article id is not a story id, and the reverse.
	if _, err := s.Story(ctx, "a1"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("Story(a1) error = %v, want ErrNotFound", err)
	}
	if _, err := s.Article(ctx, "s1"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("Article(s1) error = %v, want ErrNotFound", err)
	}
}

func testStories(t *testing.T, s news.Store) {
	ctx := context.Background()
	bbc := news.Source{Name: "BBC", Domain: "bbc.co.uk"}
	fox := news.Source{Name: "Fox News"}
	byDomain := news.Source{Domain: "haaretz.com"}
	// Story s1, put out of order: the earliest article arrives third.
	put(t, s, article("s1-b", "Second headline", at(2), fox, "b"), "s1")
	put(t, s, article("s1-c", "Third headline", at(3), bbc, "c"), "s1")
	put(t, s, article("s1-x", "First headline", at(1), bbc, "a"), "s1") // ids do not sort by time
	put(t, s, article("s1-d", "Fourth headline", at(4), byDomain, "d"), "s1")
	put(t, s, article("s1-e", "Fifth headline", at(5), news.Source{}, "e"), "s1")
	// Story s2 is newer (its last article is later) but started earlier; its earliest
	// article has no title, so the title comes from the next one.
	put(t, s, &news.Article{ID: "s2-a", Published: at(-10), Paragraphs: []string{"untitled"}, Source: fox}, "s2")
	put(t, s, article("s2-b", "Story two headline", at(6), fox, "x"), "s2")
	// Story s3 is the oldest.
	put(t, s, article("s3-a", "Old story", at(-20), bbc, "y"), "s3")

	want := map[string]news.Story{
		"s1": {ID: "s1", Title: "First headline", Articles: []string{"s1-x", "s1-b", "s1-c", "s1-d", "s1-e"},
			Sources: []string{"BBC", "Fox News", "haaretz.com", "unknown"}, First: at(1), Last: at(5)},
		"s2": {ID: "s2", Title: "Story two headline", Articles: []string{"s2-a", "s2-b"},
			Sources: []string{"Fox News"}, First: at(-10), Last: at(6)},
		"s3": {ID: "s3", Title: "Old story", Articles: []string{"s3-a"}, Sources: []string{"BBC"}, First: at(-20), Last: at(-20)},
	}
	for id, w := range want {
		checkStory(t, "Story("+id+")", mustStory(t, s, id), w)
	}
	list, err := s.Stories(ctx, news.Page{})
	if err != nil {
		t.Fatalf("Stories: %v", err)
	}
	var ids []string
	for _, st := range list {
		ids = append(ids, st.ID)
		checkStory(t, "Stories: "+st.ID, &st, want[st.ID])
	}
	if w := []string{"s2", "s1", "s3"}; !slices.Equal(ids, w) {
		t.Errorf("Stories order = %v, want %v (newest last article first)", ids, w)
	}

	// An undated article counts at its ingest time: now, later than every fixture.
	before := time.Now()
	put(t, s, &news.Article{ID: "s3-undated", Title: "Undated follow-up"}, "s3")
	st := mustStory(t, s, "s3")
	if st.Last.Before(before.Add(-time.Millisecond)) || !st.First.Equal(at(-20)) {
		t.Errorf("Story(s3) after an undated article: First %v, Last %v; want %v, about %v", st.First, st.Last, at(-20), before)
	}
	if w := []string{"s3-a", "s3-undated"}; !slices.Equal(st.Articles, w) {
		t.Errorf("Story(s3).Articles = %v, want %v", st.Articles, w)
	}
	if list, err := s.Stories(ctx, news.Page{Limit: 1}); err != nil || len(list) != 1 || list[0].ID != "s3" {
		t.Errorf("Stories(limit 1) after s3 got the newest article = %v, %v; want [s3]", list, err)
	}
}

func checkStory(t *testing.T, what string, got *news.Story, want news.Story) {
	t.Helper()
	if got.ID != want.ID || got.Title != want.Title || !slices.Equal(got.Articles, want.Articles) ||
		!slices.Equal(got.Sources, want.Sources) || !got.First.Equal(want.First) || !got.Last.Equal(want.Last) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, *got, want)
	}
}

func testStoriesPaging(t *testing.T, s news.Store) {
	ctx := context.Background()
	const n = 60
	var want []string
	for i := n - 1; i >= 0; i-- {
		want = append(want, fmt.Sprintf("s%02d", i))
	}
	for i := range n {
		put(t, s, article(fmt.Sprintf("a%02d", i), "Headline", at(i), news.Source{}, "body"), fmt.Sprintf("s%02d", i))
	}
	ids := func(p news.Page) []string {
		list, err := s.Stories(ctx, p)
		if err != nil {
			t.Fatalf("Stories(%+v): %v", p, err)
		}
		out := []string{}
		for _, st := range list {
			out = append(out, st.ID)
		}
		return out
	}
	if got := ids(news.Page{}); len(got) != 50 || !slices.Equal(got, want[:50]) {
		t.Errorf("Stories(default page) = %d stories %v, want the 50 newest", len(got), got)
	}
	if got := ids(news.Page{Limit: 10, Offset: 55}); !slices.Equal(got, want[55:]) {
		t.Errorf("Stories(limit 10, offset 55) = %v, want %v", got, want[55:])
	}
	if got := ids(news.Page{Limit: 1000}); !slices.Equal(got, want) {
		t.Errorf("Stories(limit 1000) = %d stories, want all %d", len(got), n)
	}
	if got := ids(news.Page{Limit: 5, Offset: 100}); len(got) != 0 {
		t.Errorf("Stories(offset past the end) = %v, want none", got)
	}
}

func testStoryArticles(t *testing.T, s news.Store) {
	ctx := context.Background()
	a := article("a", "A", at(1), news.Source{Name: "BBC"}, "one", "two")
	a.Captions = []news.Caption{{Text: "cap", Credit: "AP"}}
	b := article("b", "B", at(2), news.Source{Name: "CNN"}, "three")
	c := article("c", "C", at(3), news.Source{Name: "NPR"}, "four")
	other := article("o", "Other", at(0), news.Source{Name: "NPR"}, "five")
	for _, x := range []*news.Article{c, a, b} {
		put(t, s, x, "s1")
	}
	put(t, s, other, "s2")
	got, err := s.StoryArticles(ctx, "s1")
	if err != nil {
		t.Fatalf("StoryArticles(s1): %v", err)
	}
	want := []*news.Article{a, b, c}
	if len(got) != len(want) {
		t.Fatalf("StoryArticles(s1) = %d articles, want %d", len(got), len(want))
	}
	for i := range want {
		if !Equal(got[i], want[i]) {
			t.Errorf("StoryArticles(s1)[%d] = %+v, want %+v", i, *got[i], *want[i])
		}
	}
}

func testSince(t *testing.T, s news.Store) {
	ctx := context.Background()
	for _, h := range []int{3, -1, 5, 1, 4, 2} {
		put(t, s, article(fmt.Sprintf("h%d", h), "Title", at(h), news.Source{}, "body"), "s")
	}
	put(t, s, &news.Article{ID: "undated", Title: "Undated"}, "u")
	walk := func(from time.Time) []string {
		var ids []string
		err := s.Since(ctx, from, func(st news.Stored) error {
			if st.Article == nil || st.StoryID == "" {
				t.Errorf("Since gave %+v, want an article with its story", st)
				return nil
			}
			ids = append(ids, st.Article.ID)
			return nil
		})
		if err != nil {
			t.Fatalf("Since(%v): %v", from, err)
		}
		return ids
	}
	if got, want := walk(at(2)), []string{"h2", "h3", "h4", "h5", "undated"}; !slices.Equal(got, want) {
		t.Errorf("Since(at 2) = %v, want %v (cut-off inclusive, oldest first, undated at ingest time)", got, want)
	}
	if got, want := walk(time.Time{}), []string{"h-1", "h1", "h2", "h3", "h4", "h5", "undated"}; !slices.Equal(got, want) {
		t.Errorf("Since(zero) = %v, want %v", got, want)
	}
	// The cut-off is an instant, whatever its zone.
	if got, want := walk(at(4).In(time.FixedZone("", -5*3600))), []string{"h4", "h5", "undated"}; !slices.Equal(got, want) {
		t.Errorf("Since(at 4 in UTC-5) = %v, want %v", got, want)
	}
	if got := walk(time.Now().Add(time.Hour)); len(got) != 0 {
		t.Errorf("Since(the future) = %v, want none", got)
	}
	stop := errors.New("stop")
	calls := 0
	err := s.Since(ctx, time.Time{}, func(news.Stored) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Since with fn failing = %v after %d calls; want fn's error after 1 call", err, calls)
	}
}

func searchFixtures(t *testing.T, s news.Store) {
	put(t, s, &news.Article{ID: "title-hit", Title: "Sanctions on Iran tightened",
		Source: news.Source{Name: "Reuters", Domain: "reuters.com"}, Published: at(1),
		Paragraphs: []string{"Washington announced new measures on Tuesday.", "Officials said more would follow."}}, "s-iran")
	put(t, s, &news.Article{ID: "body-hit", Title: "Markets fall",
		Source: news.Source{Name: "CNBC"}, Published: at(2),
		Paragraphs: []string{"Stocks fell after talk of sanctions.", "Oil prices rose sharply on the news from Iran."}}, "s-markets")
	put(t, s, &news.Article{ID: "qaida", Title: "Al-Qaida claims attack in Zürich",
		Source: news.Source{Name: "NZZ"}, Published: at(3),
		Paragraphs: []string{"The group al-Qaida said it was behind the attack.", "שלום עולם: Hebrew text in the body."}}, "s-attack")
	put(t, s, &news.Article{ID: "unrelated", Title: "Football results",
		Source: news.Source{Name: "ESPN"}, Published: at(4), Paragraphs: []string{"The home side won 2-1."}}, "s-sport")
}

func search(t *testing.T, s news.Store, q string, p news.Page) ([]news.Hit, int) {
	t.Helper()
	hits, total, err := s.Search(context.Background(), q, p)
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	return hits, total
}

func hitIDs(hits []news.Hit) []string {
	ids := []string{}
	for _, h := range hits {
		ids = append(ids, h.ArticleID)
	}
	return ids
}

func testSearch(t *testing.T, s news.Store) {
	searchFixtures(t, s)
	hits, total := search(t, s, "sanctions", news.Page{})
	if got, want := hitIDs(hits), []string{"title-hit", "body-hit"}; total != 2 || !slices.Equal(got, want) {
		t.Errorf("Search(sanctions) = %v (total %d), want %v: a title match ranks first", got, total, want)
	}
	if len(hits) > 0 {
		h := hits[0]
		if h.StoryID != "s-iran" || h.Title != "Sanctions on Iran tightened" || h.Source.Name != "Reuters" ||
			h.Source.Domain != "reuters.com" || !h.Published.Equal(at(1)) || h.Snippet == "" {
			t.Errorf("Search(sanctions) first hit = %+v, want the Reuters article's fields and a snippet", h)
		}
	}
	if len(hits) > 1 {
		if sn := hits[1].Snippet; !strings.Contains(strings.ToLower(sn), "sanctions") || strings.ContainsAny(sn, "<>") {
			t.Errorf("Search(sanctions) body hit snippet = %q, want plain text around the match", sn)
		}
	}
	// Every word must match, in any case.
	if hits, total := search(t, s, "IRAN oil", news.Page{}); total != 1 || !slices.Equal(hitIDs(hits), []string{"body-hit"}) {
		t.Errorf("Search(IRAN oil) = %v (total %d), want [body-hit]", hitIDs(hits), total)
	}
	for _, q := range []string{"al-Qaida", "Zürich", "שלום", "ATTACK"} {
		if hits, total := search(t, s, q, news.Page{}); total != 1 || !slices.Equal(hitIDs(hits), []string{"qaida"}) {
			t.Errorf("Search(%q) = %v (total %d), want [qaida]", q, hitIDs(hits), total)
		}
	}
	if hits, total := search(t, s, "nonexistentword", news.Page{}); total != 0 || len(hits) != 0 {
		t.Errorf("Search(nonexistentword) = %v (total %d), want none", hitIDs(hits), total)
	}
}

func testSearchPaging(t *testing.T, s news.Store) {
	const n = 12
	for i := range n {
		put(t, s, article(fmt.Sprintf("a%02d", i), fmt.Sprintf("Election day %d", i), at(i), news.Source{Name: "AP"},
			"Voters went to the polls for the election."), fmt.Sprintf("s%d", i))
	}
	put(t, s, article("other", "Weather", at(0), news.Source{}, "Rain."), "sw")
	all, total := search(t, s, "election", news.Page{})
	if total != n || len(all) != n {
		t.Fatalf("Search(election) = %d hits, total %d; want %d, %d", len(all), total, n, n)
	}
	var paged []string
	for off := 0; off < n; off += 5 {
		hits, total := search(t, s, "election", news.Page{Limit: 5, Offset: off})
		if total != n {
			t.Errorf("Search(election, offset %d) total = %d, want %d", off, total, n)
		}
		if want := min(5, n-off); len(hits) != want {
			t.Errorf("Search(election, limit 5, offset %d) = %d hits, want %d", off, len(hits), want)
		}
		paged = append(paged, hitIDs(hits)...)
	}
	if !slices.Equal(paged, hitIDs(all)) {
		t.Errorf("pages of Search(election) = %v, want the full list %v in the same order", paged, hitIDs(all))
	}
	if hits, total := search(t, s, "election", news.Page{Limit: 5, Offset: 100}); len(hits) != 0 || total != n {
		t.Errorf("Search(election, offset past the end) = %d hits, total %d; want 0, %d", len(hits), total, n)
	}
}

func testSearchHostile(t *testing.T, s news.Store) {
	ctx := context.Background()
	searchFixtures(t, s)
	// Plain words, whatever they contain: never a syntax error.
	for _, q := range []string{
		`al-Qaida "`, `AND OR (`, `"unbalanced`, `sanctions)`, `NOT sanctions`, `sanctions NEAR iran`,
		`title:sanctions`, `sanc*`, `^iran`, `'; DROP TABLE articles; --`, `iran + -oil`, `{iran}`,
		"iran\x00oil", "iran\xffoil", `Zürich 🙂`, `""iran""`, `iran AND`, `OR`, `NEAR(iran sanctions, 2)`,
		strings.Repeat("iran ", 200),
	} {
		if _, _, err := s.Search(ctx, q, news.Page{}); err != nil {
			t.Errorf("Search(%q) error = %v, want none (plain words)", q, err)
		}
	}
	// Operators are words, not operators: OR does not widen, NOT does not exclude.
	if hits, total := search(t, s, "sanctions OR football", news.Page{}); total != 0 {
		t.Errorf("Search(sanctions OR football) = %v, want none: OR is a word", hitIDs(hits))
	}
	if hits, _ := search(t, s, `"Sanctions" (Iran)`, news.Page{}); !slices.Contains(hitIDs(hits), "title-hit") {
		t.Errorf(`Search("Sanctions" (Iran)) = %v, want title-hit: punctuation is ignored`, hitIDs(hits))
	}
	// No word at all is invalid.
	for _, q := range []string{"", "   ", `"`, `()`, `* - + "" ^`, "\x00\t"} {
		hits, total, err := s.Search(ctx, q, news.Page{})
		if !errors.Is(err, news.ErrInvalid) || len(hits) != 0 || total != 0 {
			t.Errorf("Search(%q) = %d hits, total %d, %v; want an ErrInvalid error", q, len(hits), total, err)
		}
	}
	if n, _, err := s.Count(ctx); err != nil || n != 4 {
		t.Errorf("Count after hostile searches = %d, %v; want 4", n, err)
	}
}

func testCount(t *testing.T, s news.Store) {
	ctx := context.Background()
	if n, m, err := s.Count(ctx); err != nil || n != 0 || m != 0 {
		t.Errorf("Count of an empty store = %d, %d, %v; want 0, 0", n, m, err)
	}
	put(t, s, article("a", "A", at(0), news.Source{}, "x"), "s1")
	put(t, s, article("b", "B", at(1), news.Source{}, "x"), "s1")
	put(t, s, article("c", "C", at(2), news.Source{}, "x"), "s2")
	if n, m, err := s.Count(ctx); err != nil || n != 3 || m != 2 {
		t.Errorf("Count = %d, %d, %v; want 3, 2", n, m, err)
	}
}

func testConcurrentPuts(t *testing.T, s news.Store) {
	ctx := context.Background()
	const workers, each, stories = 8, 25, 5
	mk := func(w, i int) *news.Article {
		return article(fmt.Sprintf("w%d-%d", w, i), fmt.Sprintf("Worker %d article %d", w, i),
			at(w*each+i), news.Source{Name: fmt.Sprintf("Outlet %d", w)}, "Concurrent body text.")
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := 0
	errs := make(chan error, workers*each*3)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				// Each worker also puts its neighbour's articles, to race on the same ids:
				// each id must be created exactly once.
				for _, a := range []*news.Article{mk(w, i), mk((w+1)%workers, i)} {
					ok, err := s.Put(ctx, a, fmt.Sprintf("s%d", i%stories))
					if err != nil {
						errs <- err
					}
					if ok {
						mu.Lock()
						created++
						mu.Unlock()
					}
				}
				// Reads run alongside the writes.
				if _, _, err := s.Count(ctx); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent use: %v", err)
	}
	if created != workers*each {
		t.Errorf("concurrent Puts reported %d created, want %d (each id once)", created, workers*each)
	}
	n, m, err := s.Count(ctx)
	if err != nil || n != workers*each || m != stories {
		t.Fatalf("Count after concurrent Puts = %d, %d, %v; want %d, %d", n, m, err, workers*each, stories)
	}
	sum := 0
	for i := range stories {
		st := mustStory(t, s, fmt.Sprintf("s%d", i))
		sum += len(st.Articles)
		as, err := s.StoryArticles(ctx, st.ID)
		if err != nil || len(as) != len(st.Articles) {
			t.Errorf("StoryArticles(%s) = %d articles, %v; want %d", st.ID, len(as), err, len(st.Articles))
		}
	}
	if sum != workers*each {
		t.Errorf("stories hold %d articles, want %d", sum, workers*each)
	}
	if got := mustArticle(t, s, "w3-7"); !Equal(got.Article, mk(3, 7)) {
		t.Errorf("Article(w3-7) after concurrent Puts = %+v, want %+v", *got.Article, *mk(3, 7))
	}
}
