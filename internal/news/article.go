// Package news holds Parallax's domain: the Article, Story and Comparison types that mirror
// the user contract (docs/contract.md), the error kinds, and the Store interface.
// It depends on the standard library only.
package news

import (
	"encoding/json"
	"strings"
	"time"
)

// Input kinds, as in the contract's input.kind.
const (
	KindHTML  = "html"
	KindText  = "text"
	KindWARC  = "warc"
	KindJSONL = "jsonl"
	KindFeed  = "feed"
)

// Source is the outlet that published an article.
type Source struct {
	Name   string // "Israel Hayom"; empty when unknown
	Domain string // "israelhayom.com"; empty when unknown
	Lean   string // AllSides-style lean ("left", "center", "right", ...); empty when unknown
}

// Label is the best human name for the source: its name, else its domain, else "unknown".
func (s Source) Label() string {
	switch {
	case s.Name != "":
		return s.Name
	case s.Domain != "":
		return s.Domain
	}
	return "unknown"
}

// Caption is an image caption with its credit.
type Caption struct {
	Text   string `json:"text"`
	Credit string `json:"credit,omitempty"`
}

// Input says where an article was read from.
type Input struct {
	Path string `json:"path,omitempty"`
	Kind string `json:"kind"`
}

// Article is one news article, as extracted and as stored. Its JSON form is the contract's.
// Zero values mean unknown: an empty string or a zero time is written as JSON null.
type Article struct {
	ID         string
	URL        string
	Source     Source
	Title      string
	Standfirst string
	Authors    []string
	Published  time.Time
	Modified   time.Time
	Language   string
	Paragraphs []string
	Captions   []Caption
	Tags       []string
	Input      Input
	Warnings   []string
}

// Text is the body: the paragraphs joined by a blank line.
func (a *Article) Text() string { return strings.Join(a.Paragraphs, "\n\n") }

// Warn records a doubt about the article.
func (a *Article) Warn(msg string) { a.Warnings = append(a.Warnings, msg) }

type sourceJSON struct {
	Name   *string `json:"name"`
	Domain *string `json:"domain"`
	Lean   string  `json:"lean,omitempty"`
}

type articleJSON struct {
	ID         string     `json:"id"`
	URL        *string    `json:"url"`
	Source     sourceJSON `json:"source"`
	Title      string     `json:"title"`
	Standfirst *string    `json:"standfirst"`
	Authors    []string   `json:"authors"`
	Published  *string    `json:"published"`
	Modified   *string    `json:"modified"`
	Language   string     `json:"language"`
	Paragraphs []string   `json:"paragraphs"`
	Text       string     `json:"text"`
	Captions   []Caption  `json:"captions"`
	Tags       []string   `json:"tags"`
	Input      Input      `json:"input"`
	Warnings   []string   `json:"warnings"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.RFC3339)
	return &s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// MarshalJSON writes the contract's Article object.
func (a Article) MarshalJSON() ([]byte, error) {
	return json.Marshal(articleJSON{
		ID:         a.ID,
		URL:        nullable(a.URL),
		Source:     sourceJSON{Name: nullable(a.Source.Name), Domain: nullable(a.Source.Domain), Lean: a.Source.Lean},
		Title:      a.Title,
		Standfirst: nullable(a.Standfirst),
		Authors:    nonNil(a.Authors),
		Published:  nullTime(a.Published),
		Modified:   nullTime(a.Modified),
		Language:   a.Language,
		Paragraphs: nonNil(a.Paragraphs),
		Text:       a.Text(),
		Captions:   nonNil(a.Captions),
		Tags:       nonNil(a.Tags),
		Input:      a.Input,
		Warnings:   nonNil(a.Warnings),
	})
}

// inputJSON is what an input line may hold: the contract's names, plus the AllSides
// corpus's top-level "bias" (the outlet's lean) and "source" given as a plain string.
type inputJSON struct {
	ID         string          `json:"id"`
	URL        string          `json:"url"`
	Source     json.RawMessage `json:"source"`
	Title      string          `json:"title"`
	Standfirst string          `json:"standfirst"`
	Authors    []string        `json:"authors"`
	Published  string          `json:"published"`
	Modified   string          `json:"modified"`
	Language   string          `json:"language"`
	Paragraphs []string        `json:"paragraphs"`
	Text       string          `json:"text"`
	Captions   []Caption       `json:"captions"`
	Tags       []string        `json:"tags"`
	Input      Input           `json:"input"`
	Warnings   []string        `json:"warnings"`
	Bias       string          `json:"bias"`
}

// UnmarshalJSON reads an Article in the contract's form. Only title or text is required;
// when paragraphs are absent the text is split on blank lines. Dates may be RFC 3339 or
// a plain date (2006-01-02). Validation of required fields is the caller's (see Validate).
func (a *Article) UnmarshalJSON(b []byte) error {
	var in inputJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*a = Article{
		ID: in.ID, URL: in.URL, Title: strings.TrimSpace(in.Title), Standfirst: in.Standfirst,
		Authors: in.Authors, Language: in.Language, Paragraphs: in.Paragraphs,
		Captions: in.Captions, Tags: in.Tags, Input: in.Input, Warnings: in.Warnings,
	}
	if len(in.Source) > 0 && string(in.Source) != "null" {
		var name string
		if err := json.Unmarshal(in.Source, &name); err == nil {
			a.Source.Name = name
		} else {
			var s struct {
				Name   *string `json:"name"`
				Domain *string `json:"domain"`
				Lean   string  `json:"lean"`
			}
			if err := json.Unmarshal(in.Source, &s); err != nil {
				return &InvalidError{Field: "source", Reason: "want an object {name, domain} or a string"}
			}
			if s.Name != nil {
				a.Source.Name = *s.Name
			}
			if s.Domain != nil {
				a.Source.Domain = *s.Domain
			}
			a.Source.Lean = s.Lean
		}
	}
	if a.Source.Lean == "" {
		a.Source.Lean = in.Bias
	}
	var err error
	if a.Published, err = ParseTime(in.Published); err != nil {
		return &InvalidError{Field: "published", Reason: err.Error()}
	}
	if a.Modified, err = ParseTime(in.Modified); err != nil {
		return &InvalidError{Field: "modified", Reason: err.Error()}
	}
	if len(a.Paragraphs) == 0 && in.Text != "" {
		a.Paragraphs = SplitParagraphs(in.Text)
	}
	return nil
}

// SplitParagraphs cuts a body text into paragraphs at blank lines (a single newline
// also separates paragraphs when the text has no blank line at all), trimming each.
func SplitParagraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	sep := "\n\n"
	if !strings.Contains(text, sep) {
		sep = "\n"
	}
	var out []string
	for _, p := range strings.Split(text, sep) {
		p = strings.Join(strings.Fields(p), " ")
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ParseTime reads an RFC 3339 time or a plain date; an empty string is the zero time.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, &InvalidError{Field: "time", Reason: "not RFC 3339 or YYYY-MM-DD: " + s}
}

// Validate reports an *InvalidError when the article has neither title nor body.
func (a *Article) Validate() error {
	if strings.TrimSpace(a.Title) == "" && len(a.Paragraphs) == 0 {
		return &InvalidError{Field: "title", Reason: "an article needs a title or a text"}
	}
	return nil
}
