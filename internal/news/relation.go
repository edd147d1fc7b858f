package news

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
)

// Relation kinds, as in the contract's `parallax dups`.
const (
	// RelDuplicate: the later article is the earlier one's text (exactly, or with small
	// edits): a re-crawl, a syndicated copy, an aggregator's reprint.
	RelDuplicate = "duplicate"
	// RelUpdate: the same article changed: the same URL, or the same outlet with most
	// of the text in common.
	RelUpdate = "update"
	// RelReuse: the later article holds passages of the earlier one inside text of its
	// own (wire copy inside original reporting).
	RelReuse = "reuse"
)

// Relation links two articles that share text. Earlier is the one published first (the
// one seen first when the times are equal or unknown).
type Relation struct {
	Kind     string  // RelDuplicate, RelUpdate or RelReuse
	Earlier  string  // article id
	Later    string  // article id
	Fraction float64 // share of the later article's words in passages shared with the earlier
	// Source is the earliest known article that holds the shared passages: Earlier
	// itself, or an article Earlier took them from.
	Source string
	// Wire is the news agency credited by either article ("Reuters", "Associated
	// Press", "AFP", ...), empty when none is.
	Wire string
}

type relationJSON struct {
	Kind     string    `json:"kind"`
	Articles [2]string `json:"articles"`
	Fraction float64   `json:"fraction"`
	Source   *string   `json:"source"`
	Wire     *string   `json:"wire"`
}

// MarshalJSON writes the contract's relation object: {"kind", "articles": [earlier,
// later], "fraction", "source", "wire"}.
func (r Relation) MarshalJSON() ([]byte, error) {
	return json.Marshal(relationJSON{r.Kind, [2]string{r.Earlier, r.Later}, r.Fraction, nullable(r.Source), nullable(r.Wire)})
}

// UnmarshalJSON reads the contract's relation object.
func (r *Relation) UnmarshalJSON(b []byte) error {
	var in relationJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*r = Relation{Kind: in.Kind, Earlier: in.Articles[0], Later: in.Articles[1], Fraction: in.Fraction}
	if in.Source != nil {
		r.Source = *in.Source
	}
	if in.Wire != nil {
		r.Wire = *in.Wire
	}
	return nil
}

// Validate reports an *InvalidError for a relation a store must not keep.
func (r Relation) Validate() error {
	switch {
	case r.Kind != RelDuplicate && r.Kind != RelUpdate && r.Kind != RelReuse:
		return &InvalidError{Field: "kind", Reason: fmt.Sprintf("%q is not duplicate, update or reuse", r.Kind)}
	case r.Earlier == "" || r.Later == "":
		return &InvalidError{Field: "articles", Reason: "a relation needs two article ids"}
	case r.Earlier == r.Later:
		return &InvalidError{Field: "articles", Reason: "an article cannot relate to itself: " + r.Earlier}
	case r.Fraction < 0 || r.Fraction > 1 || r.Fraction != r.Fraction:
		return &InvalidError{Field: "fraction", Reason: fmt.Sprintf("%v is outside 0..1", r.Fraction)}
	}
	return nil
}

// RelationFilter selects relations. Zero fields select everything.
type RelationFilter struct {
	Kind     string   // only this kind
	Articles []string // only relations with at least one of these articles
}

// RelationStore keeps the relations found between stored articles. It is separate from
// Store so that a backend can add it without changing Store; store/sqlite implements
// both. Every method is safe for concurrent use.
type RelationStore interface {
	// AddRelations records rels in one transaction. A pair of articles keeps the first
	// relation recorded for it, so recording the same relations again changes nothing.
	// Relations may name articles not stored yet (ingest records an article's relations
	// before the article, so that a crash between the two is repaired by the rerun).
	// It returns an ErrInvalid error, and records nothing, when a relation fails Validate.
	AddRelations(ctx context.Context, rels []Relation) error
	// Relations returns one page of the relations that f selects and whose two articles
	// are both stored, ordered by the earlier article's time, then by the later's
	// (ties by id).
	Relations(ctx context.Context, f RelationFilter, p Page) ([]Relation, error)
}

// WithRelations is v's JSON object with a "relations" field added (an array, never
// null): how stories, comparisons and the API carry relations without changing the
// types they extend. v must marshal to a JSON object.
func WithRelations(v any, rels []Relation) json.Marshaler {
	return withRelations{v, rels}
}

type withRelations struct {
	v    any
	rels []Relation
}

func (w withRelations) MarshalJSON() ([]byte, error) {
	obj, err := json.Marshal(w.v)
	if err != nil {
		return nil, err
	}
	obj = bytes.TrimSpace(obj)
	if len(obj) < 2 || obj[0] != '{' || obj[len(obj)-1] != '}' {
		return nil, fmt.Errorf("news: relations can only be added to a JSON object, not %.20s", obj)
	}
	rels, err := json.Marshal(nonNil(w.rels))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Write(obj[:len(obj)-1])
	if len(bytes.TrimSpace(obj[1:len(obj)-1])) > 0 {
		b.WriteByte(',')
	}
	b.WriteString(`"relations":`)
	b.Write(rels)
	b.WriteByte('}')
	return b.Bytes(), nil
}
