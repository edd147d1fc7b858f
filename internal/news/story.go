package news

import (
	"encoding/json"
	"time"
)

// Story is a group of articles about one event or development.
type Story struct {
	ID       string
	Title    string    // a representative headline
	Articles []string  // article ids, oldest first
	Sources  []string  // source labels, in order of first appearance
	First    time.Time // earliest publication (or ingest) time
	Last     time.Time // latest publication (or ingest) time
}

// MarshalJSON writes the contract's story object of `parallax stories --json`.
func (s Story) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID       string   `json:"id"`
		Title    string   `json:"title"`
		Articles []string `json:"articles"`
		Sources  []string `json:"sources"`
		First    *string  `json:"first"`
		Last     *string  `json:"last"`
	}{s.ID, s.Title, nonNil(s.Articles), nonNil(s.Sources), nullTime(s.First), nullTime(s.Last)})
}

// Ref points at one sentence of one article: paragraph and sentence are 0-based;
// paragraph -1 is the article's standfirst.
type Ref struct {
	Article   string `json:"article"`
	Paragraph int    `json:"paragraph"`
	Sentence  int    `json:"sentence"`
	Text      string `json:"text"`
}

// Passage kinds of a shared passage.
const (
	Verbatim   = "verbatim"
	Edited     = "edited"
	Paraphrase = "paraphrase"
)

// Change is one edit between two versions of a shared passage: From is the wording of the
// first article, To the other's; one of them is empty for a pure addition or drop.
type Change struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Passage is one passage reported by two or more articles.
type Passage struct {
	Kind       string   `json:"kind"`
	Sentences  []Ref    `json:"sentences"`
	Changes    []Change `json:"changes"`
	Confidence float64  `json:"confidence"`
	// Partial is true when a sentence reports only part of another, or when one
	// article's several sentences together make up another's one (a standfirst that
	// merges two body sentences): those sentences then share the passage.
	Partial bool `json:"partial,omitempty"`
}

// Quote is a direct or reported quote with its speaker.
type Quote struct {
	Article   string `json:"article"`
	Speaker   string `json:"speaker"`
	Text      string `json:"text"`
	Paragraph int    `json:"paragraph"`
	Sentence  int    `json:"sentence"`
}

// Entity kinds.
const (
	Person       = "person"
	Organization = "organization"
	Place        = "place"
	Other        = "other"
)

// Entity is a named entity merged across its aliases and the articles that mention it.
type Entity struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Aliases  []string `json:"aliases"`
	Articles []string `json:"articles"`
}

// Attribution is who an article cites for a claim, and how.
type Attribution struct {
	Article   string `json:"article"`
	Cited     string `json:"cited"`
	Phrase    string `json:"phrase"`
	Paragraph int    `json:"paragraph"`
	Sentence  int    `json:"sentence"`
	// CitedKind is what is cited: CitedPerson, CitedAnonymous, CitedOutlet or
	// CitedOrganization ("" when unknown).
	CitedKind string `json:"cited_kind,omitempty"`
}

// Kinds of what an Attribution cites.
const (
	CitedPerson       = "person"       // a named person: "Pompeo said"
	CitedAnonymous    = "anonymous"    // unnamed: "sources familiar with the matter said"
	CitedOutlet       = "outlet"       // another news outlet: "The New York Times reported"
	CitedOrganization = "organization" // an institution or country: "Iran denied"
)

// Headline is how one article's headline frames the story.
type Headline struct {
	Article     string   `json:"article"`
	Text        string   `json:"text"`
	Verbs       []string `json:"verbs"`       // the verbs as written, with "to" chains: "Meets", "plans to expose"
	Attribution string   `json:"attribution"` // whom the headline credits ("sources say"), "" for none
	Hedges      []string `json:"hedges"`      // qualifiers in the headline ("Reportedly")
	Distinct    []string `json:"distinct"`    // the headline's content words that no other headline uses
}

// Publication is one article's place in a story's coverage timeline.
type Publication struct {
	Article   string  `json:"article"`
	Source    string  `json:"source"`
	Published *string `json:"published"` // null when unknown
	// DateOnly is true when only the day is known: the order within that day is not.
	DateOnly bool `json:"date_only"`
	// MinutesAfterFirst counts from the first known publication; null when unknown.
	MinutesAfterFirst *int `json:"minutes_after_first"`
}

// Hedge is an evidence or certainty qualifier.
type Hedge struct {
	Article   string `json:"article"`
	Phrase    string `json:"phrase"`
	Paragraph int    `json:"paragraph"`
	Sentence  int    `json:"sentence"`
}

// ComparedArticle is the short form of an article inside a Comparison.
type ComparedArticle struct {
	ID        string  `json:"id"`
	Source    Source  `json:"-"`
	Title     string  `json:"title"`
	Published *string `json:"published"`
}

// MarshalJSON writes the source in the contract's {name, domain} form.
func (c ComparedArticle) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID        string     `json:"id"`
		Source    sourceJSON `json:"source"`
		Title     string     `json:"title"`
		Published *string    `json:"published"`
	}{c.ID, sourceJSON{nullable(c.Source.Name), nullable(c.Source.Domain), c.Source.Lean}, c.Title, c.Published})
}

// Comparison is how the articles of one story cover it: the contract's Comparison.
type Comparison struct {
	Articles     []ComparedArticle `json:"articles"`
	Shared       []Passage         `json:"shared"`
	Unique       []Ref             `json:"unique"`
	Quotes       []Quote           `json:"quotes"`
	Entities     []Entity          `json:"entities"`
	Attributions []Attribution     `json:"attributions"`
	Hedges       []Hedge           `json:"hedges"`
	Headlines    []Headline        `json:"headlines"` // one per article, in the order of Articles
	Timeline     []Publication     `json:"timeline"`  // articles in order of publication, unknown last
}

// NewComparedArticle is the short form of a.
func NewComparedArticle(a *Article) ComparedArticle {
	return ComparedArticle{ID: a.ID, Source: a.Source, Title: a.Title, Published: nullTime(a.Published)}
}

// MarshalJSON writes the Comparison with every list as a JSON array, never null, whoever
// built it.
func (c Comparison) MarshalJSON() ([]byte, error) {
	type plain Comparison
	c.Articles = nonNil(c.Articles)
	c.Shared = append([]Passage{}, c.Shared...)
	for i := range c.Shared {
		c.Shared[i].Sentences = nonNil(c.Shared[i].Sentences)
		c.Shared[i].Changes = nonNil(c.Shared[i].Changes)
	}
	c.Unique = nonNil(c.Unique)
	c.Quotes = nonNil(c.Quotes)
	c.Entities = append([]Entity{}, c.Entities...)
	for i := range c.Entities {
		c.Entities[i].Aliases = nonNil(c.Entities[i].Aliases)
		c.Entities[i].Articles = nonNil(c.Entities[i].Articles)
	}
	c.Attributions = nonNil(c.Attributions)
	c.Hedges = nonNil(c.Hedges)
	c.Headlines = append([]Headline{}, c.Headlines...)
	for i := range c.Headlines {
		c.Headlines[i].Verbs = nonNil(c.Headlines[i].Verbs)
		c.Headlines[i].Hedges = nonNil(c.Headlines[i].Hedges)
		c.Headlines[i].Distinct = nonNil(c.Headlines[i].Distinct)
	}
	c.Timeline = nonNil(c.Timeline)
	return json.Marshal(plain(c))
}
