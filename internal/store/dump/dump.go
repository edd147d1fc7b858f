// Package dump is the lossless JSONL form of a store, used to move one between
// backends (`parallax export` and `parallax import`): a header line, one line per
// stored article with its story and ingest time, and an end line with the count, so
// that a truncated file is noticed. Stories are not written: they are the articles'
// aggregates, and a store rebuilds them as it imports.
//
// Unlike the contract's Article JSON, the article form here keeps everything a store
// keeps: nanoseconds and the UTC offset of dates, the outlet's lean, and nil apart
// from empty lists. Workers stage extracted articles in it too.
package dump

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// Format and Version name the format in the header line.
const (
	Format  = "parallax-dump"
	Version = 1
)

// MaxLine is the longest line Import reads (bytes).
const MaxLine = 64 << 20

type outlet struct {
	Name   string `json:"name,omitempty"`
	Domain string `json:"domain,omitempty"`
	Lean   string `json:"lean,omitempty"`
}

// article is news.Article field for field; lists keep null apart from [].
type article struct {
	ID         string         `json:"id"`
	URL        string         `json:"url,omitempty"`
	Source     outlet         `json:"source"`
	Title      string         `json:"title"`
	Standfirst string         `json:"standfirst,omitempty"`
	Authors    []string       `json:"authors"`
	Published  string         `json:"published,omitempty"`
	Modified   string         `json:"modified,omitempty"`
	Language   string         `json:"language,omitempty"`
	Paragraphs []string       `json:"paragraphs"`
	Captions   []news.Caption `json:"captions"`
	Tags       []string       `json:"tags"`
	Input      news.Input     `json:"input"`
	Warnings   []string       `json:"warnings"`
}

// line is any line of a dump.
type line struct {
	Format   string   `json:"format,omitempty"`
	Version  int      `json:"version,omitempty"`
	Article  *article `json:"article,omitempty"`
	Story    string   `json:"story,omitempty"`
	Ingested string   `json:"ingested,omitempty"`
	End      bool     `json:"end,omitempty"`
	Articles int      `json:"articles,omitempty"`
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func parseTime(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, &news.InvalidError{Field: field, Reason: "not an RFC 3339 time: " + s}
	}
	return t, nil
}

func fromArticle(a *news.Article) *article {
	return &article{
		ID: a.ID, URL: a.URL, Source: outlet{a.Source.Name, a.Source.Domain, a.Source.Lean},
		Title: a.Title, Standfirst: a.Standfirst, Authors: a.Authors,
		Published: formatTime(a.Published), Modified: formatTime(a.Modified), Language: a.Language,
		Paragraphs: a.Paragraphs, Captions: a.Captions, Tags: a.Tags, Input: a.Input, Warnings: a.Warnings,
	}
}

func (r *article) toArticle() (*news.Article, error) {
	a := &news.Article{
		ID: r.ID, URL: r.URL, Source: news.Source{Name: r.Source.Name, Domain: r.Source.Domain, Lean: r.Source.Lean},
		Title: r.Title, Standfirst: r.Standfirst, Authors: r.Authors, Language: r.Language,
		Paragraphs: r.Paragraphs, Captions: r.Captions, Tags: r.Tags, Input: r.Input, Warnings: r.Warnings,
	}
	var err error
	if a.Published, err = parseTime("published", r.Published); err != nil {
		return nil, err
	}
	if a.Modified, err = parseTime("modified", r.Modified); err != nil {
		return nil, err
	}
	return a, nil
}

// MarshalArticle encodes a losslessly (one JSON object).
func MarshalArticle(a *news.Article) ([]byte, error) { return json.Marshal(fromArticle(a)) }

// UnmarshalArticle decodes what MarshalArticle wrote. Errors match news.ErrInvalid.
func UnmarshalArticle(b []byte) (*news.Article, error) {
	var r article
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, &news.InvalidError{Field: "article", Reason: err.Error()}
	}
	return r.toArticle()
}

// Walker is implemented by stores that can list their articles in the order they
// were stored (PostgreSQL); Export prefers it, so that an import replays that order.
type Walker interface {
	Arrivals(ctx context.Context, after int64, fn func(arrival int64, st news.Stored) error) error
}

// Export writes every article of st with its story and ingest time, in the order
// they were stored when st is a Walker, else oldest first (news.Store.Since). It
// returns the number of articles written.
func Export(ctx context.Context, st news.Store, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(line{Format: Format, Version: Version}); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	n := 0
	write := func(s news.Stored) error {
		n++
		return enc.Encode(line{Article: fromArticle(s.Article), Story: s.StoryID, Ingested: formatTime(s.Ingested)})
	}
	var err error
	if wk, ok := st.(Walker); ok {
		err = wk.Arrivals(ctx, 0, func(_ int64, s news.Stored) error { return write(s) })
	} else {
		err = st.Since(ctx, time.Time{}, write)
	}
	if err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	if err := enc.Encode(line{End: true, Articles: n}); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}

// Importer is a store that takes articles with their ingest times: both backends.
type Importer interface {
	// PutStored stores items in order, each in its story and with its ingest time,
	// and returns how many were new (those already stored are left as they are).
	PutStored(ctx context.Context, items []news.Stored) (int, error)
}

// Summary counts what an import did.
type Summary struct {
	Read    int // articles read
	Stored  int // new articles stored
	Present int // articles already in the store, left as they were
}

func (s Summary) String() string {
	return fmt.Sprintf("read %d, stored %d, already stored %d", s.Read, s.Stored, s.Present)
}

// batch is how many articles Import stores per call (and transaction, in PostgreSQL).
const batch = 200

// Import reads a dump written by Export from r (name is for messages) and stores its
// articles in order. Importing twice changes nothing. Errors name the line; a file
// without its header or end line, or whose count disagrees, is an ErrInvalid error
// (what was read before the problem stays stored: fix the file and import again).
func Import(ctx context.Context, st Importer, r io.Reader, name string) (Summary, error) {
	var sum Summary
	br := bufio.NewReaderSize(r, 1<<20)
	pending := make([]news.Stored, 0, batch)
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		n, err := st.PutStored(ctx, pending)
		sum.Stored += n
		sum.Present += len(pending) - n
		pending = pending[:0]
		return err
	}
	invalid := func(at int, reason string) error {
		return fmt.Errorf("import %s:%d: %w", name, at, &news.InvalidError{Field: "line", Reason: reason})
	}
	at, ended := 0, false
	for {
		b, err := readLine(br)
		if err == io.EOF {
			break
		}
		at++
		if err != nil {
			return sum, fmt.Errorf("import %s:%d: %w", name, at, err)
		}
		var l line
		if err := json.Unmarshal(b, &l); err != nil {
			return sum, invalid(at, "not JSON: "+err.Error())
		}
		switch {
		case at == 1:
			if l.Format != Format || l.Version != Version {
				return sum, invalid(at, fmt.Sprintf("not a %s version %d file (written by parallax export)", Format, Version))
			}
		case ended:
			return sum, invalid(at, "text after the end line")
		case l.End:
			ended = true
			if l.Articles != sum.Read {
				return sum, invalid(at, fmt.Sprintf("the end line counts %d articles, the file holds %d", l.Articles, sum.Read))
			}
		case l.Article != nil:
			a, err := l.Article.toArticle()
			if err != nil {
				return sum, fmt.Errorf("import %s:%d: %w", name, at, err)
			}
			ingested, err := parseTime("ingested", l.Ingested)
			if err != nil {
				return sum, fmt.Errorf("import %s:%d: %w", name, at, err)
			}
			sum.Read++
			pending = append(pending, news.Stored{Article: a, StoryID: l.Story, Ingested: ingested})
			if len(pending) == batch {
				if err := flush(); err != nil {
					return sum, fmt.Errorf("import %s (before line %d): %w", name, at+1, err)
				}
			}
		default:
			return sum, invalid(at, "neither an article nor the end line")
		}
		if err := ctx.Err(); err != nil {
			return sum, err
		}
	}
	if err := flush(); err != nil {
		return sum, fmt.Errorf("import %s: %w", name, err)
	}
	if at == 0 {
		return sum, invalid(1, "empty file")
	}
	if !ended {
		return sum, invalid(at, "no end line: the file is truncated")
	}
	return sum, nil
}

// readLine reads one line of at most MaxLine bytes, without its newline.
func readLine(br *bufio.Reader) ([]byte, error) {
	var out []byte
	for {
		chunk, err := br.ReadSlice('\n')
		out = append(out, chunk...)
		if len(out) > MaxLine {
			return nil, &news.InvalidError{Field: "line", Reason: fmt.Sprintf("longer than %d MiB", MaxLine>>20)}
		}
		switch {
		case err == nil:
			return out[:len(out)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(out) > 0:
			return out, nil
		default:
			return nil, err
		}
	}
}
