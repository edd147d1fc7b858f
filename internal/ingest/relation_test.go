package ingest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
)

func allRelations(t *testing.T, st news.RelationStore) []news.Relation {
	t.Helper()
	rels, err := st.Relations(context.Background(), news.RelationFilter{}, news.Page{})
	if err != nil {
		t.Fatal(err)
	}
	return rels
}

// The two seeds carry edited passages of one Reuters story inside their own reporting:
// they are partial reuse, not duplicates, and the wire is credited.
func TestSeedsAreReuseOfOneWireStory(t *testing.T) {
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "t.db"))
	p, err := New(ctx, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Run(ctx, seeds, source.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	rels := allRelations(t, st)
	if len(rels) != 1 {
		t.Fatalf("relations = %+v, want one", rels)
	}
	r := rels[0]
	if r.Kind != news.RelReuse || r.Wire != "Reuters" {
		t.Errorf("relation = %+v, want reuse crediting Reuters", r)
	}
	if r.Fraction <= 0.1 || r.Fraction >= 0.65 {
		t.Errorf("fraction = %v, want a part of the later article, not most of it", r.Fraction)
	}
	if r.Source != r.Earlier {
		t.Errorf("source = %q, want the earlier seed %q", r.Source, r.Earlier)
	}
}

// Relations are recorded before their article. A crash between the two leaves a relation
// naming an article not stored; the rerun stores the article and the relation shows,
// once, however often the input is ingested again.
func TestRelationsSurviveACrashAndReruns(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	st := open(t, path)
	p, err := New(ctx, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Run(ctx, seeds, source.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	want := allRelations(t, st)
	if len(want) != 1 {
		t.Fatalf("relations = %+v, want one", want)
	}
	st.Close()

	// The state a crash after recording the relation and before storing the later
	// article leaves: a fresh store holding the earlier seed and the relation only.
	path2 := filepath.Join(t.TempDir(), "crashed.db")
	st2 := open(t, path2)
	p, err = New(ctx, st2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	first := seeds[0]
	if _, err := p.Run(ctx, []string{first}, source.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	if err := st2.AddRelations(ctx, want); err != nil {
		t.Fatal(err)
	}
	if got := allRelations(t, st2); len(got) != 0 {
		t.Fatalf("a relation with an article missing shows: %+v", got)
	}
	st2.Close()

	for run := range 2 {
		st2 = open(t, path2)
		p, err = New(ctx, st2, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Run(ctx, seeds, source.Options{}, nil); err != nil {
			t.Fatal(err)
		}
		if got := allRelations(t, st2); len(got) != 1 || got[0] != want[0] {
			t.Errorf("run %d: relations = %+v, want %+v", run, got, want)
		}
		st2.Close()
	}
}
