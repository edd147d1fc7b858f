package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// Extended is a store with the optional interfaces the web UI uses.
type Extended interface {
	news.Store
	news.SourceStore
	news.FollowStore
	news.Searcher
}

// RunExtended runs the contract suite of the optional interfaces: sources, follows and
// filtered search. open must return a new, empty store for each call.
func RunExtended(t *testing.T, open func(t *testing.T) Extended) {
	tests := []struct {
		name string
		fn   func(*testing.T, Extended)
	}{
		{"Sources", testSources},
		{"EditSource", testEditSource},
		{"Find", testFind},
		{"Follows", testFollows},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tt.fn(t, s)
		})
	}
}

var (
	left  = news.Source{Name: "Left Daily", Domain: "left.example", Lean: "left"}
	right = news.Source{Name: "Right Times", Domain: "right.example", Lean: "right"}
	bare  = news.Source{Domain: "bare.example"}
)

func putExtended(t *testing.T, s news.Store) {
	put(t, s, article("l1", "Senate passes budget", at(0), left, "The Senate passed the budget on Monday, said Mike Pompeo."), "st-budget")
	put(t, s, article("r1", "Budget passes Senate", at(2), right, "Senators passed a budget."), "st-budget")
	put(t, s, article("l2", "Storm hits coast", at(24*40), left, "A storm hit the coast."), "st-storm")
	put(t, s, article("b1", "Storm damage", at(24*41), bare, "Storm damage was counted by Mike Pompeo."), "st-storm")
}

func testSources(t *testing.T, s Extended) {
	ctx := context.Background()
	putExtended(t, s)
	list, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]news.SourceInfo{}
	for _, si := range list {
		got[si.Label] = si
	}
	if len(list) != 3 || got["Left Daily"].Articles != 2 || got["Left Daily"].Lean != "left" ||
		got["Right Times"].Lean != "right" || got["bare.example"].Articles != 1 || got["bare.example"].Lean != "" {
		t.Fatalf("Sources = %+v", list)
	}
	if si := got["Left Daily"]; !si.First.Equal(at(0)) || !si.Last.Equal(at(24*40)) || si.Domain != "left.example" {
		t.Errorf("Left Daily: %+v", si)
	}
	stories, total, err := s.SourceStories(ctx, "Left Daily", news.Page{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || len(stories) != 1 || stories[0].ID != "st-storm" || len(stories[0].Articles) != 2 {
		t.Errorf("SourceStories = %+v, %d; want st-storm first of 2", stories, total)
	}
	vol, err := s.SourceVolume(ctx, "Left Daily")
	if err != nil {
		t.Fatal(err)
	}
	if len(vol) != 2 || vol[0].Articles != 1 || vol[0].Period.Month() != time.March || vol[1].Period.Month() != time.April {
		t.Errorf("SourceVolume = %+v, want March and April 2024, one each", vol)
	}
	for _, err := range []error{
		func() error { _, err := s.Source(ctx, "Nobody"); return err }(),
		func() error { _, _, err := s.SourceStories(ctx, "Nobody", news.Page{}); return err }(),
	} {
		if !errors.Is(err, news.ErrNotFound) {
			t.Errorf("unknown source: %v, want ErrNotFound", err)
		}
	}
}

func testEditSource(t *testing.T, s Extended) {
	ctx := context.Background()
	putExtended(t, s)
	center, notes := "center", "Owned by a trust."
	si, err := s.EditSource(ctx, "Right Times", news.SourceEdit{Lean: &center, Notes: &notes})
	if err != nil {
		t.Fatal(err)
	}
	if si.Lean != "center" || si.Notes != notes || si.Edited.IsZero() {
		t.Errorf("after edit: %+v", si)
	}
	// A new article keeps the user's lean and counts.
	put(t, s, article("r2", "More budget", at(3), right, "More."), "st-budget")
	if si, _ := s.Source(ctx, "Right Times"); si == nil || si.Lean != "center" || si.Articles != 2 {
		t.Errorf("after a new article: %+v", si)
	}
	empty := ""
	if si, err := s.EditSource(ctx, "Right Times", news.SourceEdit{Lean: &empty}); err != nil || si.Lean != "right" || si.Notes != notes {
		t.Errorf("clearing the lean: %+v, %v; want the articles' lean back", si, err)
	}
	long := string(make([]byte, news.MaxNotesLen+1))
	if _, err := s.EditSource(ctx, "Right Times", news.SourceEdit{Notes: &long}); !errors.Is(err, news.ErrInvalid) {
		t.Errorf("long notes: %v, want ErrInvalid", err)
	}
	if _, err := s.EditSource(ctx, "Nobody", news.SourceEdit{Notes: &notes}); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("unknown source: %v, want ErrNotFound", err)
	}
}

func testFind(t *testing.T, s Extended) {
	ctx := context.Background()
	putExtended(t, s)
	ids := func(q news.Query) ([]string, int) {
		t.Helper()
		hits, total, err := s.Find(ctx, q, news.Page{})
		if err != nil {
			t.Fatalf("Find(%+v): %v", q, err)
		}
		var out []string
		for _, h := range hits {
			out = append(out, h.ArticleID)
		}
		return out, total
	}
	tests := []struct {
		name string
		q    news.Query
		want []string
	}{
		{"words", news.Query{Text: "budget", ByDate: true}, []string{"r1", "l1"}},
		{"source", news.Query{Text: "budget", Source: "Left Daily"}, []string{"l1"}},
		{"source alone", news.Query{Source: "Left Daily"}, []string{"l2", "l1"}},
		{"from", news.Query{Text: "storm", From: at(24 * 41)}, []string{"b1"}},
		{"to", news.Query{Text: "storm", To: at(24 * 41)}, []string{"l2"}},
		{"entity", news.Query{Entity: "Mike Pompeo", ByDate: true}, []string{"b1", "l1"}},
		{"entity is a phrase", news.Query{Entity: "Pompeo Mike"}, nil},
		{"entity and words", news.Query{Text: "storm", Entity: "Mike Pompeo"}, []string{"b1"}},
		{"ingested later", news.Query{Text: "budget", IngestedAfter: time.Now().Add(time.Hour)}, nil},
	}
	for _, tt := range tests {
		got, total := ids(tt.q)
		if len(got) != len(tt.want) || total != len(tt.want) {
			t.Errorf("%s: %v (total %d), want %v", tt.name, got, total, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
				break
			}
		}
	}
	for _, q := range []news.Query{{}, {Text: "!!!"}, {Entity: "--"}, {Text: "storm", From: at(5), To: at(1)}} {
		if _, _, err := s.Find(ctx, q, news.Page{}); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("Find(%+v): %v, want ErrInvalid", q, err)
		}
	}
}

func testFollows(t *testing.T, s Extended) {
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	f, err := s.AddFollow(ctx, news.Follow{Query: news.Query{Text: "budget", Source: "Left Daily", From: at(0)}})
	if err != nil {
		t.Fatal(err)
	}
	if f.ID == 0 || f.Name != "budget · Left Daily" || f.Created.Before(before) || !f.Seen.Equal(f.Created) || !f.Notified.Equal(f.Created) || !f.Query.From.Equal(at(0)) {
		t.Errorf("AddFollow = %+v", f)
	}
	g, err := s.AddFollow(ctx, news.Follow{Name: "Pompeo", Query: news.Query{Entity: "Mike Pompeo"}})
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.Follows(ctx)
	if err != nil || len(list) != 2 || list[0].ID != f.ID || list[1].Query.Entity != "Mike Pompeo" {
		t.Fatalf("Follows = %+v, %v", list, err)
	}
	later := f.Seen.Add(time.Hour)
	if err := s.MarkFollow(ctx, g.ID, time.Time{}, later); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Follow(ctx, g.ID); err != nil || !got.Notified.Equal(later) || !got.Seen.Equal(g.Seen) {
		t.Errorf("after MarkFollow: %+v, %v", got, err)
	}
	if err := s.DeleteFollow(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		s.DeleteFollow(ctx, f.ID),
		s.MarkFollow(ctx, f.ID, later, later),
		func() error { _, err := s.Follow(ctx, f.ID); return err }(),
	} {
		if !errors.Is(err, news.ErrNotFound) {
			t.Errorf("deleted follow: %v, want ErrNotFound", err)
		}
	}
	if _, err := s.AddFollow(ctx, news.Follow{Name: "nothing"}); !errors.Is(err, news.ErrInvalid) {
		t.Errorf("AddFollow without a query: %v, want ErrInvalid", err)
	}
}
