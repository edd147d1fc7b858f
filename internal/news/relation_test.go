package news

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestRelationJSON(t *testing.T) {
	r := Relation{Kind: RelReuse, Earlier: "a", Later: "b", Fraction: 0.25, Source: "w"}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"kind":"reuse","articles":["a","b"],"fraction":0.25,"source":"w","wire":null}`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var back Relation
	if err := json.Unmarshal(b, &back); err != nil || back != r {
		t.Errorf("round trip = %+v, %v; want %+v", back, err, r)
	}
}

func TestWithRelations(t *testing.T) {
	rel := Relation{Kind: RelDuplicate, Earlier: "a", Later: "b", Fraction: 1}
	for _, tt := range []struct {
		v    any
		rels []Relation
		want string
	}{
		{Story{ID: "s"}, nil, `{"id":"s","title":"","articles":[],"sources":[],"first":null,"last":null,"relations":[]}`},
		{struct{}{}, []Relation{rel}, `{"relations":[{"kind":"duplicate","articles":["a","b"],"fraction":1,"source":null,"wire":null}]}`},
	} {
		b, err := json.Marshal(WithRelations(tt.v, tt.rels))
		if err != nil || string(b) != tt.want {
			t.Errorf("WithRelations(%+v) = %s, %v; want %s", tt.v, b, err, tt.want)
		}
	}
	if _, err := json.Marshal(WithRelations([]int{1}, nil)); err == nil {
		t.Error("WithRelations of an array: no error")
	}
}

func TestRelationValidate(t *testing.T) {
	if err := (Relation{Kind: RelReuse, Earlier: "a", Later: "b", Fraction: 0.5}).Validate(); err != nil {
		t.Errorf("valid relation: %v", err)
	}
	if err := (Relation{Kind: "copy", Earlier: "a", Later: "b"}).Validate(); !errors.Is(err, ErrInvalid) {
		t.Errorf("kind copy: %v, want ErrInvalid", err)
	}
}
