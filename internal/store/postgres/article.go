package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax/internal/news"
)

// maxIndexedBody is how much of a body (bytes) goes into the full-text index: a
// tsvector holds at most 1 MB, and the lead is what searches need.
const maxIndexedBody = 512 << 10

// checkTime rejects times that would not round-trip: the zero time means unknown and
// is fine. The rules are the SQLite store's, so that a store moves either way.
func checkTime(field string, t time.Time) error {
	if t.IsZero() {
		return nil
	}
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return &news.InvalidError{Field: field, Reason: fmt.Sprintf("year %d is outside 1-9999", y)}
	}
	if _, off := t.Zone(); off%60 != 0 {
		return &news.InvalidError{Field: field, Reason: "UTC offset is not a whole number of minutes"}
	}
	return nil
}

// checkText rejects what PostgreSQL text cannot hold: NUL characters and invalid UTF-8.
func checkText(field, s string) error {
	switch {
	case strings.IndexByte(s, 0) >= 0:
		return &news.InvalidError{Field: field, Reason: "contains a NUL character"}
	case !utf8.ValidString(s):
		return &news.InvalidError{Field: field, Reason: "not valid UTF-8"}
	}
	return nil
}

// Check reports, as an ErrInvalid error, why Put would refuse a: it fails Validate, has
// no id, a date outside years 1-9999, or text PostgreSQL cannot store. Workers call it
// before story assignment, so that an article the store refuses never shapes a story.
func Check(a *news.Article) error {
	if a == nil {
		return &news.InvalidError{Field: "article", Reason: "nil article"}
	}
	if err := a.Validate(); err != nil {
		return err
	}
	if a.ID == "" {
		return &news.InvalidError{Field: "id", Reason: "an article needs an id"}
	}
	if err := checkTime("published", a.Published); err != nil {
		return err
	}
	if err := checkTime("modified", a.Modified); err != nil {
		return err
	}
	for _, f := range []struct{ name, v string }{
		{"id", a.ID}, {"url", a.URL}, {"source.name", a.Source.Name}, {"source.domain", a.Source.Domain},
		{"source.lean", a.Source.Lean}, {"title", a.Title}, {"standfirst", a.Standfirst},
		{"language", a.Language}, {"input.path", a.Input.Path}, {"input.kind", a.Input.Kind},
	} {
		if err := checkText(f.name, f.v); err != nil {
			return err
		}
	}
	for _, l := range []struct {
		name string
		v    []string
	}{{"authors", a.Authors}, {"paragraphs", a.Paragraphs}, {"tags", a.Tags}, {"warnings", a.Warnings}} {
		for _, v := range l.v {
			if err := checkText(l.name, v); err != nil {
				return err
			}
		}
	}
	for _, c := range a.Captions {
		if err := errors.Join(checkText("captions", c.Text), checkText("captions", c.Credit)); err != nil {
			return &news.InvalidError{Field: "captions", Reason: "contains a NUL character or invalid UTF-8"}
		}
	}
	return nil
}

// null is nil for the empty string, so that unknown values are NULL in the database.
func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(time.RFC3339Nano)
}

// now is the store's clock, at the database's precision.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// putArticle inserts an article and folds it into its story in one statement, so that
// a Put is one round trip: the story's title is the headline of its earliest titled
// article, kept with that article's sort time and id so that only an earlier one
// replaces it. It returns the article's arrival number, or no rows when the id is
// already stored.
var putArticle = `WITH ins AS (
	INSERT INTO articles (id, url, source_name, source_domain, source_lean, title, standfirst, authors,
		published, modified, language, paragraphs, captions, tags, input_path, input_kind, warnings,
		story_id, ingested_at, sort_time, search)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
		coalesce((SELECT search FROM job_docs WHERE job_seq = $22 AND pos = $23), ` + searchVector("$6::text", "$7::text", "$21::text") + `))
	ON CONFLICT (id) DO NOTHING
	RETURNING arrival, id, title, story_id, sort_time, ingested_at
), story AS (
	INSERT INTO stories AS s (id, title, title_sort, title_article, first, last, article_count, updated_at)
	SELECT story_id, title, CASE WHEN title <> '' THEN sort_time END, CASE WHEN title <> '' THEN id END,
		sort_time, sort_time, 1, ingested_at
	FROM ins WHERE story_id IS NOT NULL
	ON CONFLICT (id) DO UPDATE SET
		title = CASE WHEN excluded.title_sort IS NOT NULL AND (s.title_sort IS NULL OR
			(excluded.title_sort, excluded.title_article) < (s.title_sort, s.title_article))
			THEN excluded.title ELSE s.title END,
		title_article = CASE WHEN excluded.title_sort IS NOT NULL AND (s.title_sort IS NULL OR
			(excluded.title_sort, excluded.title_article) < (s.title_sort, s.title_article))
			THEN excluded.title_article ELSE s.title_article END,
		title_sort = CASE WHEN excluded.title_sort IS NOT NULL AND (s.title_sort IS NULL OR
			(excluded.title_sort, excluded.title_article) < (s.title_sort, s.title_article))
			THEN excluded.title_sort ELSE s.title_sort END,
		first = least(s.first, excluded.first),
		last = greatest(s.last, excluded.last),
		article_count = s.article_count + 1,
		updated_at = greatest(s.updated_at, excluded.updated_at)
	RETURNING s.id
)
SELECT arrival FROM ins`

// searchVector is the SQL of an article's full-text vector: title (weight A),
// standfirst (B) and body (D), English stemming.
func searchVector(title, standfirst, body string) string {
	return `setweight(to_tsvector('english'::regconfig, ` + title + `), 'A') ||
		setweight(to_tsvector('english'::regconfig, coalesce(` + standfirst + `, '')), 'B') ||
		setweight(to_tsvector('english'::regconfig, ` + body + `), 'D')`
}

// staged points at a job document whose search vector was computed when staged.
type staged struct {
	job int64
	pos int
}

// putArgs checks it and returns the arguments of putArticle; from, when set, is the
// staged document that holds the article's search vector.
func putArgs(it news.Stored, from *staged) ([]any, error) {
	a := it.Article
	if err := Check(a); err != nil {
		return nil, err
	}
	if err := checkText("story", it.StoryID); err != nil {
		return nil, err
	}
	if err := checkTime("ingested", it.Ingested); err != nil {
		return nil, err
	}
	lists := make([][]byte, 0, 5)
	for _, v := range []any{a.Authors, a.Paragraphs, a.Captions, a.Tags, a.Warnings} {
		j, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		lists = append(lists, j)
	}
	ingested := it.Ingested.UTC().Truncate(time.Microsecond)
	if it.Ingested.IsZero() {
		ingested = now()
	}
	sortTime := ingested
	if !a.Published.IsZero() {
		sortTime = a.Published
	}
	body := a.Text()
	if len(body) > maxIndexedBody {
		cut := maxIndexedBody
		for cut > 0 && !utf8.RuneStart(body[cut]) {
			cut--
		}
		body = body[:cut]
	}
	args := []any{
		a.ID, null(a.URL), null(a.Source.Name), null(a.Source.Domain), null(a.Source.Lean), a.Title,
		null(a.Standfirst), lists[0], nullTime(a.Published), nullTime(a.Modified), null(a.Language),
		lists[1], lists[2], lists[3], null(a.Input.Path), null(a.Input.Kind), lists[4],
		null(it.StoryID), ingested, sortTime, body, nil, nil,
	}
	if from != nil {
		args[21], args[22] = from.job, from.pos
	}
	return args, nil
}

// Put stores a in story storyID, with its full-text entry and the story's aggregates,
// in one statement. It returns false and changes nothing when the id is already
// stored, whatever the story. An empty storyID stores the article in no story.
// Errors: ErrInvalid when Check refuses a.
func (s *Store) Put(ctx context.Context, a *news.Article, storyID string) (bool, error) {
	id := "?"
	if a != nil {
		id = a.ID
	}
	args, err := putArgs(news.Stored{Article: a, StoryID: storyID}, nil)
	if err != nil {
		return false, fmt.Errorf("postgres: put article %s: %w", id, err)
	}
	var arrival int64
	err = s.pool.QueryRow(ctx, putArticle, args...).Scan(&arrival)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("postgres: put article %s: %w", id, err)
	}
	return true, nil
}

// PutStored stores items in order in one transaction, each in its story (empty: none)
// and keeping its ingest time (zero: now), and returns how many were new; those
// already stored are left as they are. Import uses it. Errors: ErrInvalid naming the first item Check refuses,
// and then nothing is stored.
func (s *Store) PutStored(ctx context.Context, items []news.Stored) (int, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("postgres: put articles: %w", err)
	}
	defer tx.Rollback(ctx)
	created, _, err := putItems(ctx, tx, items, nil)
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("postgres: put articles: %w", err)
	}
	return created, nil
}

// putItems sends the items' inserts in one pipelined batch, in order, and returns how
// many were new and the last arrival number given (0 when none). from, when not nil,
// gives each item's staged document.
func putItems(ctx context.Context, tx pgx.Tx, items []news.Stored, from []staged) (created int, last int64, err error) {
	var b pgx.Batch
	for i, it := range items {
		var ref *staged
		if from != nil {
			ref = &from[i]
		}
		args, err := putArgs(it, ref)
		if err != nil {
			id := "?"
			if it.Article != nil {
				id = it.Article.ID
			}
			return 0, 0, fmt.Errorf("postgres: put article %s: %w", id, err)
		}
		b.Queue(putArticle, args...)
	}
	res := tx.SendBatch(ctx, &b)
	for _, it := range items {
		var arrival int64
		err := res.QueryRow().Scan(&arrival)
		if errors.Is(err, pgx.ErrNoRows) {
			continue
		}
		if err != nil {
			res.Close()
			return 0, 0, fmt.Errorf("postgres: put article %s: %w", it.Article.ID, err)
		}
		created++
		last = arrival
	}
	if err := res.Close(); err != nil {
		return 0, 0, fmt.Errorf("postgres: put articles: %w", err)
	}
	return created, last, nil
}

// articleCols are the columns scanArticle reads, in its order.
const articleCols = `id, url, source_name, source_domain, source_lean, title, standfirst, authors,
	published, modified, language, paragraphs, captions, tags, input_path, input_kind, warnings,
	story_id, ingested_at, arrival`

func scanArticle(row pgx.Row) (news.Stored, int64, error) {
	var (
		a                                   news.Article
		url, name, domain, lean, standfirst *string
		published, modified, lang           *string
		inPath, inKind, storyID             *string
		authors, paras, captions, tags      []byte
		warnings                            []byte
		ingested                            time.Time
		arrival                             int64
	)
	err := row.Scan(&a.ID, &url, &name, &domain, &lean, &a.Title, &standfirst, &authors,
		&published, &modified, &lang, &paras, &captions, &tags, &inPath, &inKind, &warnings,
		&storyID, &ingested, &arrival)
	if err != nil {
		return news.Stored{}, 0, err
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	a.URL, a.Source.Name, a.Source.Domain, a.Source.Lean = str(url), str(name), str(domain), str(lean)
	a.Standfirst, a.Language = str(standfirst), str(lang)
	a.Input = news.Input{Path: str(inPath), Kind: str(inKind)}
	if a.Published, err = parseNullTime(published); err != nil {
		return news.Stored{}, 0, fmt.Errorf("article %s: published: %w", a.ID, err)
	}
	if a.Modified, err = parseNullTime(modified); err != nil {
		return news.Stored{}, 0, fmt.Errorf("article %s: modified: %w", a.ID, err)
	}
	for _, f := range []struct {
		name string
		js   []byte
		dst  any
	}{
		{"authors", authors, &a.Authors}, {"paragraphs", paras, &a.Paragraphs},
		{"captions", captions, &a.Captions}, {"tags", tags, &a.Tags}, {"warnings", warnings, &a.Warnings},
	} {
		if err := json.Unmarshal(f.js, f.dst); err != nil {
			return news.Stored{}, 0, fmt.Errorf("article %s: %s: %w", a.ID, f.name, err)
		}
	}
	return news.Stored{Article: &a, StoryID: str(storyID), Ingested: ingested.UTC()}, arrival, nil
}

func parseNullTime(s *string) (time.Time, error) {
	if s == nil {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, *s)
}

// Article returns the stored article with this id, or an ErrNotFound error.
func (s *Store) Article(ctx context.Context, id string) (*news.Stored, error) {
	st, _, err := scanArticle(s.pool.QueryRow(ctx, "SELECT "+articleCols+" FROM articles WHERE id = $1", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("postgres: article %s: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: article %s: %w", id, err)
	}
	return &st, nil
}

// walkBatch is how many rows Since and Arrivals read per query: the walk pages by
// key, so fn may call the store and memory stays bounded.
const walkBatch = 500

// Since calls fn for every article whose sort time (published, else ingested) is at
// or after t, oldest first (ties by id). It reads in pages of walkBatch rows by key,
// so memory does not grow with the store and fn may call the store. An error from fn
// stops the walk and is returned as is.
func (s *Store) Since(ctx context.Context, t time.Time, fn func(news.Stored) error) error {
	var from any = t
	if t.IsZero() {
		from = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	fail := func(err error) error { return fmt.Errorf("postgres: articles since %v: %w", t, err) }
	rows, err := s.pool.Query(ctx, "SELECT "+articleCols+", sort_time FROM articles WHERE sort_time >= $1 ORDER BY sort_time, id LIMIT $2", from, walkBatch)
	for {
		if err != nil {
			return fail(err)
		}
		batch, lastSort, lastID, err := collect(rows, true)
		if err != nil {
			return fail(err)
		}
		for _, st := range batch {
			if err := fn(st); err != nil {
				return err
			}
		}
		if len(batch) < walkBatch {
			return nil
		}
		rows, err = s.pool.Query(ctx, "SELECT "+articleCols+", sort_time FROM articles WHERE (sort_time, id) > ($1, $2) ORDER BY sort_time, id LIMIT $3",
			lastSort, lastID, walkBatch)
	}
}

// collect reads one page of articles; with sortTime the rows end with the sort time.
func collect(rows pgx.Rows, sortTime bool) (out []news.Stored, lastSort time.Time, lastID string, err error) {
	defer rows.Close()
	for rows.Next() {
		var st news.Stored
		if sortTime {
			st, _, err = scanArticle(scanTail{rows, &lastSort})
		} else {
			st, _, err = scanArticle(rows)
		}
		if err != nil {
			return nil, lastSort, "", err
		}
		lastID = st.Article.ID
		out = append(out, st)
	}
	return out, lastSort, lastID, rows.Err()
}

// scanTail scans a row whose last column is extra, into tail.
type scanTail struct {
	row  pgx.Row
	tail *time.Time
}

func (s scanTail) Scan(dest ...any) error { return s.row.Scan(append(dest, s.tail)...) }

// Arrivals calls fn for every article stored after arrival number after, in the
// order they were stored, with its arrival number: workers replay it to bring their
// story index up to date. An error from fn stops the walk and is returned as is.
func (s *Store) Arrivals(ctx context.Context, after int64, fn func(arrival int64, st news.Stored) error) error {
	return arrivals(ctx, s.pool, after, fn)
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func arrivals(ctx context.Context, q querier, after int64, fn func(int64, news.Stored) error) error {
	for {
		rows, err := q.Query(ctx, "SELECT "+articleCols+" FROM articles WHERE arrival > $1 ORDER BY arrival LIMIT $2", after, walkBatch)
		if err != nil {
			return fmt.Errorf("postgres: articles after arrival %d: %w", after, err)
		}
		type row struct {
			st      news.Stored
			arrival int64
		}
		var batch []row
		for rows.Next() {
			st, arrival, err := scanArticle(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("postgres: articles after arrival %d: %w", after, err)
			}
			batch = append(batch, row{st, arrival})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("postgres: articles after arrival %d: %w", after, err)
		}
		for _, r := range batch {
			if err := fn(r.arrival, r.st); err != nil {
				return err
			}
			after = r.arrival
		}
		if len(batch) < walkBatch {
			return nil
		}
	}
}

// Count returns how many articles and stories are stored.
func (s *Store) Count(ctx context.Context) (articles, stories int, err error) {
	err = s.pool.QueryRow(ctx, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories)").Scan(&articles, &stories)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: count: %w", err)
	}
	return articles, stories, nil
}
