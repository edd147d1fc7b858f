package story

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

var (
	volcano = art("v1", "Volcano erupts on remote island", "", "Ash clouds rose over the remote island after the volcano erupted at dawn.")
	budget  = art("b1", "Senate passes budget bill", "", "The senate passed the budget bill late on Tuesday after a long debate over spending.")
	// One article that reports both: it links the two stories.
	both = art("x1", "Volcano erupts on remote island as senate passes budget bill", "",
		"Ash clouds rose over the remote island after the volcano erupted; the senate passed the budget bill after a debate over spending.")
)

func TestArticleLinkingTwoStoriesMergesThem(t *testing.T) {
	ix := New(Options{})
	v := ix.Assign(volcano, day)
	b := ix.Assign(budget, day.Add(time.Hour))
	if v == b {
		t.Fatalf("unrelated articles share story %s", v)
	}
	res := ix.AssignDoc(Prepare(both, ix.Features()), day.Add(2*time.Hour))
	if len(res.Merged) != 1 {
		t.Fatalf("linking article: %+v; want one merge", res)
	}
	if res.Story != v && res.Story != b {
		t.Fatalf("linking article went to %s, want %s or %s", res.Story, v, b)
	}
	for _, id := range []string{v, b} {
		if got := ix.Resolve(id); got != res.Story {
			t.Errorf("Resolve(%s) = %s, want %s", id, got, res.Story)
		}
	}
	r, ok := ix.Story(res.Merged[0])
	if !ok || r.ID != res.Story || len(r.Articles) != 3 {
		t.Errorf("record of the merged id: %+v, %v; want the surviving story with 3 articles", r, ok)
	}
	if ix.Len() != 1 {
		t.Errorf("index holds %d stories after the merge; want 1", ix.Len())
	}

	never := New(Options{Merge: 2})
	never.Assign(volcano, day)
	never.Assign(budget, day.Add(time.Hour))
	if res := never.AssignDoc(Prepare(both, never.Features()), day.Add(2*time.Hour)); len(res.Merged) != 0 || never.Len() != 2 {
		t.Errorf("merging disabled, yet %+v and %d stories", res, never.Len())
	}
}

func TestStoryRecord(t *testing.T) {
	ix := New(Options{})
	h, i := *haaretz, *israelHayom
	h.Source = news.Source{Name: "Haaretz"}
	i.Source = news.Source{Name: "Israel Hayom"}
	id := ix.Assign(&h, day)
	ix.Assign(other, day.Add(time.Hour))
	ix.Assign(&i, day.Add(2*time.Hour))
	r, ok := ix.Story(id)
	if !ok {
		t.Fatalf("no record for %s", id)
	}
	if r.Title != h.Title && r.Title != i.Title {
		t.Errorf("title %q is not one of the members' headlines", r.Title)
	}
	if !slices.Equal(r.Outlets, []string{"Haaretz", "Israel Hayom"}) || !slices.Equal(r.Articles, []string{"haaretz", "israelhayom"}) {
		t.Errorf("outlets %v, articles %v", r.Outlets, r.Articles)
	}
	if !r.First.Equal(day) || !r.Last.Equal(day.Add(2*time.Hour)) {
		t.Errorf("span %v..%v", r.First, r.Last)
	}
	if !slices.ContainsFunc(r.Entities, func(e string) bool { return strings.Contains(e, "Pompeo") }) {
		t.Errorf("top entities %v miss Pompeo", r.Entities)
	}
	if rs := ix.Stories(); len(rs) != 2 || rs[0].ID != id {
		t.Errorf("Stories() = %d records, first %s; want 2, newest (%s) first", len(rs), rs[0].ID, id)
	}
}

func TestEntities(t *testing.T) {
	tests := []struct {
		text string
		want []string // entity keys
	}{
		{"Mossad chief Yossi Cohen met Mike Pompeo in Washington.", []string{"=yossi_cohen", "=mike_pompeo", "=washington"}},
		// A capital that only opens a sentence is not a name; one that opens a name is.
		{"Officials said so. Donald Trump agreed.", []string{"=donald_trump"}},
		// Spelling variants fold: U.S. and US are one entity.
		{"Talks with U.S. envoys and with US envoys.", []string{"=us", "=us"}},
		// Punctuation ends a name.
		{"He met Biden, Warren and Sanders.", []string{"=biden", "=warren", "=sanders"}},
	}
	for _, tt := range tests {
		d := Prepare(&news.Article{ID: "a", Paragraphs: []string{tt.text}}, Features{})
		var got []string
		for _, term := range d.Terms {
			if strings.HasPrefix(term, "=") {
				got = append(got, term)
			}
		}
		want := slices.Compact(slices.Clone(tt.want))
		if !slices.Equal(got, want) {
			t.Errorf("%q: entities %v, want %v", tt.text, got, want)
		}
	}
}
