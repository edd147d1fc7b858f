package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

// RunRelations runs the contract suite of news.RelationStore. open must return a new,
// empty store for each call, implementing both news.Store and news.RelationStore;
// RunRelations closes it when the subtest ends.
func RunRelations(t *testing.T, open func(t *testing.T) news.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, news.Store, news.RelationStore)
	}{
		{"RoundTrip", testRelationRoundTrip},
		{"Idempotent", testRelationIdempotent},
		{"Invalid", testRelationInvalid},
		{"Pending", testRelationPending},
		{"Filter", testRelationFilter},
		{"Paging", testRelationPaging},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			rs, ok := s.(news.RelationStore)
			if !ok {
				t.Fatalf("%T does not implement news.RelationStore", s)
			}
			tt.fn(t, s, rs)
		})
	}
}

// relFixtures stores articles a0..a(n-1), an hour apart, each in its own story.
func relFixtures(t *testing.T, s news.Store, n int) {
	t.Helper()
	for i := range n {
		id := fmt.Sprintf("a%d", i)
		put(t, s, article(id, "Title "+id, at(i), news.Source{Name: "Outlet"}, "Body of "+id+"."), "s"+id)
	}
}

func relations(t *testing.T, rs news.RelationStore, f news.RelationFilter, p news.Page) []news.Relation {
	t.Helper()
	got, err := rs.Relations(context.Background(), f, p)
	if err != nil {
		t.Fatalf("Relations(%+v, %+v): %v", f, p, err)
	}
	return got
}

func addRelations(t *testing.T, rs news.RelationStore, rels ...news.Relation) {
	t.Helper()
	if err := rs.AddRelations(context.Background(), rels); err != nil {
		t.Fatalf("AddRelations: %v", err)
	}
}

func checkRelations(t *testing.T, what string, got, want []news.Relation) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func testRelationRoundTrip(t *testing.T, s news.Store, rs news.RelationStore) {
	relFixtures(t, s, 3)
	want := []news.Relation{
		{Kind: news.RelDuplicate, Earlier: "a0", Later: "a1", Fraction: 1, Source: "a0"},
		{Kind: news.RelReuse, Earlier: "a1", Later: "a2", Fraction: 0.375, Source: "a0", Wire: "Reuters"},
	}
	addRelations(t, rs, want[1], want[0])
	checkRelations(t, "Relations", relations(t, rs, news.RelationFilter{}, news.Page{}), want)
}

func testRelationIdempotent(t *testing.T, s news.Store, rs news.RelationStore) {
	relFixtures(t, s, 2)
	r := news.Relation{Kind: news.RelReuse, Earlier: "a0", Later: "a1", Fraction: 0.5, Source: "a0"}
	addRelations(t, rs, r)
	addRelations(t, rs, r)
	// A second finding for the same pair does not replace the first.
	addRelations(t, rs, news.Relation{Kind: news.RelDuplicate, Earlier: "a0", Later: "a1", Fraction: 1})
	checkRelations(t, "after adding the pair three times", relations(t, rs, news.RelationFilter{}, news.Page{}), []news.Relation{r})
}

func testRelationInvalid(t *testing.T, s news.Store, rs news.RelationStore) {
	relFixtures(t, s, 2)
	good := news.Relation{Kind: news.RelReuse, Earlier: "a0", Later: "a1", Fraction: 0.5}
	for _, bad := range []news.Relation{
		{Kind: "copy", Earlier: "a0", Later: "a1", Fraction: 0.5},
		{Kind: news.RelReuse, Earlier: "a0", Later: "a0", Fraction: 0.5},
		{Kind: news.RelReuse, Earlier: "", Later: "a1", Fraction: 0.5},
		{Kind: news.RelReuse, Earlier: "a0", Later: "a1", Fraction: 1.5},
	} {
		err := rs.AddRelations(context.Background(), []news.Relation{good, bad})
		if !errors.Is(err, news.ErrInvalid) {
			t.Errorf("AddRelations(%+v) = %v, want ErrInvalid", bad, err)
		}
	}
	checkRelations(t, "after invalid batches", relations(t, rs, news.RelationFilter{}, news.Page{}), nil)
}

// Relations may be recorded before their articles (ingest does so for crash safety);
// they show once both articles are stored.
func testRelationPending(t *testing.T, s news.Store, rs news.RelationStore) {
	relFixtures(t, s, 1)
	r := news.Relation{Kind: news.RelDuplicate, Earlier: "a0", Later: "late", Fraction: 0.9, Source: "a0"}
	addRelations(t, rs, r)
	checkRelations(t, "before the later article is stored", relations(t, rs, news.RelationFilter{}, news.Page{}), nil)
	put(t, s, article("late", "Late", at(5), news.Source{Name: "Other"}, "Body."), "slate")
	checkRelations(t, "after", relations(t, rs, news.RelationFilter{}, news.Page{}), []news.Relation{r})
}

func testRelationFilter(t *testing.T, s news.Store, rs news.RelationStore) {
	relFixtures(t, s, 5)
	r01 := news.Relation{Kind: news.RelDuplicate, Earlier: "a0", Later: "a1", Fraction: 1, Source: "a0"}
	r12 := news.Relation{Kind: news.RelReuse, Earlier: "a1", Later: "a2", Fraction: 0.2, Source: "a0"}
	r34 := news.Relation{Kind: news.RelUpdate, Earlier: "a3", Later: "a4", Fraction: 0.8, Source: "a3"}
	addRelations(t, rs, r34, r12, r01)
	for _, tt := range []struct {
		f    news.RelationFilter
		want []news.Relation
	}{
		{news.RelationFilter{}, []news.Relation{r01, r12, r34}},
		{news.RelationFilter{Kind: news.RelReuse}, []news.Relation{r12}},
		{news.RelationFilter{Articles: []string{"a1"}}, []news.Relation{r01, r12}},
		{news.RelationFilter{Articles: []string{"a4", "a0"}}, []news.Relation{r01, r34}},
		{news.RelationFilter{Articles: []string{"a1"}, Kind: news.RelDuplicate}, []news.Relation{r01}},
		{news.RelationFilter{Articles: []string{"nope"}}, nil},
	} {
		checkRelations(t, fmt.Sprintf("Relations(%+v)", tt.f), relations(t, rs, tt.f, news.Page{}), tt.want)
	}
}

func testRelationPaging(t *testing.T, s news.Store, rs news.RelationStore) {
	relFixtures(t, s, 6)
	var all []news.Relation
	for i := range 5 {
		r := news.Relation{Kind: news.RelReuse, Earlier: fmt.Sprintf("a%d", i), Later: fmt.Sprintf("a%d", i+1), Fraction: 0.5}
		all = append(all, r)
	}
	addRelations(t, rs, all...)
	checkRelations(t, "page 1", relations(t, rs, news.RelationFilter{}, news.Page{Limit: 2}), all[:2])
	checkRelations(t, "page 3", relations(t, rs, news.RelationFilter{}, news.Page{Limit: 2, Offset: 4}), all[4:])
}
