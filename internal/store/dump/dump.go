// Package dump is the lossless JSONL form of a store, used to move one between
// backends (`parallax export` and `parallax import`): a header line, one line per
// stored article with its story and ingest time, then (version 2) what the store keeps
// besides articles where it keeps it: relations between articles, story merges, users'
// source edits, followed topics and followed feeds; and an end line with the counts,
// so that a truncated file is noticed. Stories are not written: they are the articles'
// aggregates, and a store rebuilds them as it imports. Version 1 files (articles only)
// still import.
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

// Format and Version name the format in the header line. Version 2 adds relation,
// merge, source_edit, follow and feed lines and their counts on the end line; Import
// reads versions 1 and 2.
const (
	Format  = "parallax-dump"
	Version = 2
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

	Relation   *news.Relation `json:"relation,omitempty"`
	Merge      *mergeLine     `json:"merge,omitempty"`
	SourceEdit *sourceLine    `json:"source_edit,omitempty"`
	Follow     *followLine    `json:"follow,omitempty"`
	Feed       *feedLine      `json:"feed,omitempty"`
	counts
}

// counts are the end line's counts of the lines other than articles.
type counts struct {
	Relations   int `json:"relations,omitempty"`
	Merges      int `json:"merges,omitempty"`
	SourceEdits int `json:"source_edits,omitempty"`
	Follows     int `json:"follows,omitempty"`
	Feeds       int `json:"feeds,omitempty"`
}

// mergeLine is a story merge: story From now stands for story Into.
type mergeLine struct {
	From   string `json:"from"`
	Into   string `json:"into"`
	Merged string `json:"merged,omitempty"`
}

// sourceLine is a user's edit of a source's metadata (news.SourceEdit), with its time.
type sourceLine struct {
	Label  string `json:"label"`
	Lean   string `json:"lean,omitempty"` // the user's lean; absent when none
	Notes  string `json:"notes,omitempty"`
	Edited string `json:"edited,omitempty"`
}

// followLine is a followed topic with its id and cursors.
type followLine struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Text     string `json:"q,omitempty"`
	Source   string `json:"source,omitempty"`
	Entity   string `json:"entity,omitempty"`
	From     string `json:"from,omitempty"`
	To       string `json:"to,omitempty"`
	Created  string `json:"created"`
	Seen     string `json:"seen"`
	Notified string `json:"notified"`
}

// feedLine is a followed feed with its polling state (news.Feed, all of it).
type feedLine struct {
	URL          string `json:"url"`
	Title        string `json:"title,omitempty"`
	Site         string `json:"site,omitempty"`
	Interval     int64  `json:"interval_s,omitempty"`
	Added        string `json:"added"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	LastPoll     string `json:"last_poll,omitempty"`
	LastSuccess  string `json:"last_success,omitempty"`
	LastError    string `json:"last_error,omitempty"`
	LastErrorAt  string `json:"last_error_at,omitempty"`
	Failures     int    `json:"failures,omitempty"`
	NextPoll     string `json:"next_poll,omitempty"`
	Items        int    `json:"items,omitempty"`
}

func fromFollow(f news.Follow) *followLine {
	return &followLine{ID: f.ID, Name: f.Name, Text: f.Query.Text, Source: f.Query.Source, Entity: f.Query.Entity,
		From: formatTime(f.Query.From), To: formatTime(f.Query.To),
		Created: formatTime(f.Created), Seen: formatTime(f.Seen), Notified: formatTime(f.Notified)}
}

func (l *followLine) toFollow() (news.Follow, error) {
	f := news.Follow{ID: l.ID, Name: l.Name, Query: news.Query{Text: l.Text, Source: l.Source, Entity: l.Entity}}
	var err error
	for _, t := range []struct {
		field string
		dst   *time.Time
		s     string
	}{{"follow.from", &f.Query.From, l.From}, {"follow.to", &f.Query.To, l.To}, {"follow.created", &f.Created, l.Created},
		{"follow.seen", &f.Seen, l.Seen}, {"follow.notified", &f.Notified, l.Notified}} {
		if *t.dst, err = parseTime(t.field, t.s); err != nil {
			return f, err
		}
	}
	return f, nil
}

func fromFeed(f news.Feed) *feedLine {
	return &feedLine{URL: f.URL, Title: f.Title, Site: f.Site, Interval: int64(f.Interval / time.Second),
		Added: formatTime(f.Added), ETag: f.ETag, LastModified: f.LastModified, LastPoll: formatTime(f.LastPoll),
		LastSuccess: formatTime(f.LastSuccess), LastError: f.LastError, LastErrorAt: formatTime(f.LastErrorAt),
		Failures: f.Failures, NextPoll: formatTime(f.NextPoll), Items: f.Items}
}

func (l *feedLine) toFeed() (news.Feed, error) {
	f := news.Feed{URL: l.URL, Title: l.Title, Site: l.Site, Interval: time.Duration(l.Interval) * time.Second,
		ETag: l.ETag, LastModified: l.LastModified, LastError: l.LastError, Failures: l.Failures, Items: l.Items}
	var err error
	for _, t := range []struct {
		field string
		dst   *time.Time
		s     string
	}{{"feed.added", &f.Added, l.Added}, {"feed.last_poll", &f.LastPoll, l.LastPoll}, {"feed.last_success", &f.LastSuccess, l.LastSuccess},
		{"feed.last_error_at", &f.LastErrorAt, l.LastErrorAt}, {"feed.next_poll", &f.NextPoll, l.NextPoll}} {
		if *t.dst, err = parseTime(t.field, t.s); err != nil {
			return f, err
		}
	}
	return f, nil
}

// MergeKeeper is implemented by stores that record story merges (both backends):
// Export lists them, Import restores them without moving articles.
type MergeKeeper interface {
	EachMerge(ctx context.Context, fn func(from, into string, merged time.Time) error) error
	RestoreMerge(ctx context.Context, from, into string, merged time.Time) error
}

// SourceEditKeeper is implemented by stores that keep users' source edits (both
// backends).
type SourceEditKeeper interface {
	EachSourceEdit(ctx context.Context, fn func(label, lean, notes string, edited time.Time) error) error
	RestoreSourceEdit(ctx context.Context, label, lean, notes string, edited time.Time) error
}

// FollowRestorer is implemented by stores that keep followed topics and can restore
// one with its id and times (both backends); Export lists them with news.FollowStore.
type FollowRestorer interface {
	RestoreFollow(ctx context.Context, f news.Follow) error
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
	c, err := exportExtras(ctx, st, enc)
	if err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	if err := enc.Encode(line{End: true, Articles: n, counts: c}); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}

// exportExtras writes the lines of what st keeps besides articles, each kind where st
// keeps it, and returns their counts.
func exportExtras(ctx context.Context, st news.Store, enc *json.Encoder) (counts, error) {
	var c counts
	if rs, ok := st.(news.RelationStore); ok {
		// Relations come in pages, ordered by their articles' times: a stable order.
		for off := 0; ; {
			rels, err := rs.Relations(ctx, news.RelationFilter{}, news.Page{Limit: 500, Offset: off})
			if err != nil {
				return c, err
			}
			for i := range rels {
				if err := enc.Encode(line{Relation: &rels[i]}); err != nil {
					return c, err
				}
			}
			c.Relations += len(rels)
			off += len(rels)
			if len(rels) == 0 {
				break
			}
		}
	}
	if mk, ok := st.(MergeKeeper); ok {
		err := mk.EachMerge(ctx, func(from, into string, merged time.Time) error {
			c.Merges++
			return enc.Encode(line{Merge: &mergeLine{From: from, Into: into, Merged: formatTime(merged)}})
		})
		if err != nil {
			return c, err
		}
	}
	if sk, ok := st.(SourceEditKeeper); ok {
		err := sk.EachSourceEdit(ctx, func(label, lean, notes string, edited time.Time) error {
			c.SourceEdits++
			return enc.Encode(line{SourceEdit: &sourceLine{Label: label, Lean: lean, Notes: notes, Edited: formatTime(edited)}})
		})
		if err != nil {
			return c, err
		}
	}
	if fs, ok := st.(news.FollowStore); ok {
		follows, err := fs.Follows(ctx)
		if err != nil {
			return c, err
		}
		for _, f := range follows {
			if err := enc.Encode(line{Follow: fromFollow(f)}); err != nil {
				return c, err
			}
		}
		c.Follows = len(follows)
	}
	if fs, ok := st.(news.FeedStore); ok {
		feeds, err := fs.Feeds(ctx)
		if err != nil {
			return c, err
		}
		for _, f := range feeds {
			if err := enc.Encode(line{Feed: fromFeed(f)}); err != nil {
				return c, err
			}
		}
		c.Feeds = len(feeds)
	}
	return c, nil
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
	// Other lines read (version 2): relations, story merges, source edits, follows
	// and feeds. Restoring one already in the store leaves it as it is.
	Relations, Merges, SourceEdits, Follows, Feeds int
}

// Add adds o's counts to s's.
func (s *Summary) Add(o Summary) {
	s.Read += o.Read
	s.Stored += o.Stored
	s.Present += o.Present
	s.Relations += o.Relations
	s.Merges += o.Merges
	s.SourceEdits += o.SourceEdits
	s.Follows += o.Follows
	s.Feeds += o.Feeds
}

func (s Summary) String() string {
	out := fmt.Sprintf("read %d, stored %d, already stored %d", s.Read, s.Stored, s.Present)
	if c := (counts{s.Relations, s.Merges, s.SourceEdits, s.Follows, s.Feeds}); c != (counts{}) {
		out += fmt.Sprintf("; relations %d, story merges %d, source edits %d, follows %d, feeds %d",
			c.Relations, c.Merges, c.SourceEdits, c.Follows, c.Feeds)
	}
	return out
}

// batch is how many articles Import stores per call (and transaction, in PostgreSQL).
const batch = 200

// Import reads a dump written by Export from r (name is for messages) and stores its
// articles in order, then restores its other lines where st keeps them: relations
// (news.RelationStore), story merges (MergeKeeper), source edits (SourceEditKeeper),
// follows (FollowRestorer) and feeds (news.FeedStore; a feed already followed keeps
// its state). A line st cannot keep is an error naming it: nothing is dropped
// silently. Importing twice changes nothing. Errors name the line; a file
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
	var x extras
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
			if l.Format != Format || l.Version < 1 || l.Version > Version {
				return sum, invalid(at, fmt.Sprintf("not a %s version 1-%d file (written by parallax export)", Format, Version))
			}
		case ended:
			return sum, invalid(at, "text after the end line")
		case l.End:
			ended = true
			if l.Articles != sum.Read {
				return sum, invalid(at, fmt.Sprintf("the end line counts %d articles, the file holds %d", l.Articles, sum.Read))
			}
			if got := (counts{sum.Relations, sum.Merges, sum.SourceEdits, sum.Follows, sum.Feeds}); got != l.counts {
				return sum, invalid(at, fmt.Sprintf("the end line counts %+v, the file holds %+v", l.counts, got))
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
		case l.Relation != nil || l.Merge != nil || l.SourceEdit != nil || l.Follow != nil || l.Feed != nil:
			// Relations and source edits name articles: store those read so far first.
			if err := flush(); err != nil {
				return sum, fmt.Errorf("import %s (before line %d): %w", name, at, err)
			}
			if err := x.restore(ctx, st, &l, &sum); err != nil {
				return sum, fmt.Errorf("import %s:%d: %w", name, at, err)
			}
		default:
			return sum, invalid(at, "neither an article, a relation, merge, source edit, follow or feed, nor the end line")
		}
		if err := ctx.Err(); err != nil {
			return sum, err
		}
	}
	if err := flush(); err != nil {
		return sum, fmt.Errorf("import %s: %w", name, err)
	}
	if err := x.flush(ctx, st); err != nil {
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

// extras restores the lines other than articles; relations go in batches.
type extras struct {
	rels []news.Relation
}

// relBatch is how many relations Import records per call.
const relBatch = 500

// unkept is the error for a line the store cannot keep.
func unkept(st Importer, what string) error {
	return &news.InvalidError{Field: "line", Reason: fmt.Sprintf("the store %T does not keep %s", st, what)}
}

func (x *extras) restore(ctx context.Context, st Importer, l *line, sum *Summary) error {
	switch {
	case l.Relation != nil:
		if _, ok := st.(news.RelationStore); !ok {
			return unkept(st, "relations")
		}
		if err := l.Relation.Validate(); err != nil {
			return err
		}
		sum.Relations++
		x.rels = append(x.rels, *l.Relation)
		if len(x.rels) == relBatch {
			return x.flush(ctx, st)
		}
	case l.Merge != nil:
		mk, ok := st.(MergeKeeper)
		if !ok {
			return unkept(st, "story merges")
		}
		t, err := parseTime("merge.merged", l.Merge.Merged)
		if err != nil {
			return err
		}
		sum.Merges++
		return mk.RestoreMerge(ctx, l.Merge.From, l.Merge.Into, t)
	case l.SourceEdit != nil:
		sk, ok := st.(SourceEditKeeper)
		if !ok {
			return unkept(st, "source edits")
		}
		t, err := parseTime("source_edit.edited", l.SourceEdit.Edited)
		if err != nil {
			return err
		}
		sum.SourceEdits++
		return sk.RestoreSourceEdit(ctx, l.SourceEdit.Label, l.SourceEdit.Lean, l.SourceEdit.Notes, t)
	case l.Follow != nil:
		fr, ok := st.(FollowRestorer)
		if !ok {
			return unkept(st, "follows")
		}
		f, err := l.Follow.toFollow()
		if err != nil {
			return err
		}
		sum.Follows++
		return fr.RestoreFollow(ctx, f)
	case l.Feed != nil:
		fs, ok := st.(news.FeedStore)
		if !ok {
			return unkept(st, "feeds")
		}
		f, err := l.Feed.toFeed()
		if err != nil {
			return err
		}
		sum.Feeds++
		added, err := fs.AddFeed(ctx, f)
		if err != nil || !added {
			return err
		}
		return fs.UpdateFeed(ctx, f)
	}
	return nil
}

func (x *extras) flush(ctx context.Context, st Importer) error {
	if len(x.rels) == 0 {
		return nil
	}
	rs := st.(news.RelationStore) // restore checked
	err := rs.AddRelations(ctx, x.rels)
	x.rels = x.rels[:0]
	return err
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
