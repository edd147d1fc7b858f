package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// utcLayout writes UTC times at fixed width, so that text order is time order
// (for years 0001 to 9999, which Put enforces).
const utcLayout = "2006-01-02T15:04:05.000000000Z"

func formatUTC(t time.Time) string { return t.UTC().Format(utcLayout) }

func parseUTC(s string) (time.Time, error) { return time.Parse(utcLayout, s) }

// checkTime rejects times that would not sort or parse back: the zero time means
// unknown and is fine.
func checkTime(field string, t time.Time) error {
	if t.IsZero() {
		return nil
	}
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return &news.InvalidError{Field: field, Reason: fmt.Sprintf("year %d is outside 1-9999", y)}
	}
	if _, off := t.Zone(); off%60 != 0 {
		// RFC 3339 offsets have minute precision; a seconds offset would not round-trip.
		return &news.InvalidError{Field: field, Reason: "UTC offset is not a whole number of minutes"}
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

func parseNullTime(s sql.NullString) (time.Time, error) {
	if !s.Valid {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s.String)
}

func jsonList(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

const insertArticle = `INSERT INTO articles (id, url, source_name, source_domain, source_lean, title,
	standfirst, authors, published, modified, language, paragraphs, captions, tags,
	input_path, input_kind, warnings, story_id, ingested_at, sort_time)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO NOTHING`

// upsertStory adds one article's sort time to its story. The title is set apart.
const upsertStory = `INSERT INTO stories (id, title, first, last, article_count, updated_at)
VALUES (?1, '', ?2, ?2, 1, ?3)
ON CONFLICT (id) DO UPDATE SET
	first = min(first, excluded.first),
	last = max(last, excluded.last),
	article_count = article_count + 1,
	updated_at = excluded.updated_at`

// storyTitle is the rule for a story's title: the headline of its earliest article
// that has one. It only changes when an earlier article arrives.
const storyTitle = `UPDATE stories SET title = coalesce((
	SELECT title FROM articles WHERE story_id = ?1 AND title <> '' ORDER BY sort_time, id LIMIT 1), '')
WHERE id = ?1`

// Put stores a in story storyID, with its full-text entry and the story's aggregates,
// in one transaction. It returns false and changes nothing when the id is already
// stored, whatever the story. An empty storyID stores the article in no story.
// Errors: ErrInvalid when a fails Validate, has no id, or has a date outside years
// 1-9999.
func (s *Store) Put(ctx context.Context, a *news.Article, storyID string) (bool, error) {
	return s.putAt(ctx, a, storyID, s.now())
}

// PutStored stores each article with its story and its ingest time (a zero time is
// now), in order, as Put does; import uses it to move a store without losing ingest
// times. It returns how many were new and stops at the first error.
func (s *Store) PutStored(ctx context.Context, items []news.Stored) (int, error) {
	created := 0
	for _, it := range items {
		at := it.Ingested
		if at.IsZero() {
			at = time.Now()
		}
		ok, err := s.putAt(ctx, it.Article, it.StoryID, at)
		if err != nil {
			return created, err
		}
		if ok {
			created++
		}
	}
	return created, nil
}

func (s *Store) putAt(ctx context.Context, a *news.Article, storyID string, at time.Time) (bool, error) {
	row, err := newArticleRow(a, storyID, at)
	if err != nil {
		return false, err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("sqlite: put article %s: %w", a.ID, err)
	}
	defer tx.Rollback()
	w := newTxWriter(tx)
	defer w.close()
	created, err := w.put(ctx, row)
	if err == nil && created && storyID != "" {
		err = w.title(ctx, storyID)
	}
	if err == nil && created {
		err = tx.Commit()
	}
	if err != nil {
		return false, fmt.Errorf("sqlite: put article %s: %w", a.ID, err)
	}
	return created, nil
}

// articleRow is an article checked and encoded for the articles table.
type articleRow struct {
	a                  *news.Article
	story              string
	lists              [5]string // authors, paragraphs, captions, tags, warnings as JSON
	ingested, sortTime string
}

// newArticleRow checks a for storage and encodes it. Errors: ErrInvalid when a fails
// Validate, has no id, or has a time outside years 1-9999.
func newArticleRow(a *news.Article, storyID string, at time.Time) (*articleRow, error) {
	if a == nil {
		return nil, fmt.Errorf("sqlite: put article: %w", &news.InvalidError{Field: "article", Reason: "nil article"})
	}
	invalid := func(err error) (*articleRow, error) { return nil, fmt.Errorf("sqlite: put article %s: %w", a.ID, err) }
	if err := a.Validate(); err != nil {
		return invalid(err)
	}
	if a.ID == "" {
		return invalid(&news.InvalidError{Field: "id", Reason: "an article needs an id"})
	}
	if err := checkTime("published", a.Published); err != nil {
		return invalid(err)
	}
	if err := checkTime("modified", a.Modified); err != nil {
		return invalid(err)
	}
	if err := checkTime("ingested", at); err != nil {
		return invalid(err)
	}
	r := &articleRow{a: a, story: storyID}
	for i, v := range []any{a.Authors, a.Paragraphs, a.Captions, a.Tags, a.Warnings} {
		j, err := jsonList(v)
		if err != nil {
			return invalid(err)
		}
		r.lists[i] = j
	}
	r.ingested = formatUTC(at)
	r.sortTime = r.ingested
	if !a.Published.IsZero() {
		r.sortTime = formatUTC(a.Published)
	}
	return r, nil
}

// txWriter makes writes in one transaction, preparing each statement once.
type txWriter struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newTxWriter(tx *sql.Tx) *txWriter { return &txWriter{tx: tx, stmts: map[string]*sql.Stmt{}} }

func (w *txWriter) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, ok := w.stmts[q]
	if !ok {
		var err error
		if st, err = w.tx.PrepareContext(ctx, q); err != nil {
			return nil, err
		}
		w.stmts[q] = st
	}
	return st.ExecContext(ctx, args...)
}

func (w *txWriter) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

const insertFTS = "INSERT INTO articles_fts (article_id, title, standfirst, body) VALUES (?, ?, ?, ?)"

// put inserts r with its full-text entry and adds it to its story's aggregates (not
// the title: see title). It returns false, having written nothing, when the id is
// already stored.
func (w *txWriter) put(ctx context.Context, r *articleRow) (bool, error) {
	created, err := w.putRow(ctx, r)
	if err != nil || !created {
		return created, err
	}
	return true, w.index(ctx, r)
}

// index adds r's full-text entry.
func (w *txWriter) index(ctx context.Context, r *articleRow) error {
	a := r.a
	if _, err := w.exec(ctx, insertFTS, a.ID, a.Title, a.Standfirst, a.Text()); err != nil {
		return fmt.Errorf("full-text index: %w", err)
	}
	return nil
}

// putRow is put without the full-text entry.
func (w *txWriter) putRow(ctx context.Context, r *articleRow) (bool, error) {
	a := r.a
	res, err := w.exec(ctx, insertArticle,
		a.ID, null(a.URL), null(a.Source.Name), null(a.Source.Domain), null(a.Source.Lean), a.Title,
		null(a.Standfirst), r.lists[0], nullTime(a.Published), nullTime(a.Modified), null(a.Language),
		r.lists[1], r.lists[2], r.lists[3], null(a.Input.Path), null(a.Input.Kind), r.lists[4],
		null(r.story), r.ingested, r.sortTime)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err // already stored: nothing was written
	}
	if r.story != "" {
		if _, err := w.exec(ctx, upsertStory, r.story, r.sortTime, r.ingested); err != nil {
			return false, fmt.Errorf("story %s: %w", r.story, err)
		}
	}
	return true, nil
}

// title sets story's title by its rule (storyTitle) from the articles written so far.
func (w *txWriter) title(ctx context.Context, story string) error {
	if _, err := w.exec(ctx, storyTitle, story); err != nil {
		return fmt.Errorf("story %s: %w", story, err)
	}
	return nil
}

// articleCols are the columns scanArticle reads, in its order.
const articleCols = `id, url, source_name, source_domain, source_lean, title, standfirst, authors,
	published, modified, language, paragraphs, captions, tags, input_path, input_kind, warnings,
	story_id, ingested_at`

type scanner interface{ Scan(dest ...any) error }

// queryAll runs query on db and reads every row with scan; errors name what was listed.
func queryAll[T any](ctx context.Context, db *sql.DB, what string, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	return out, nil
}

func scanArticle(row scanner) (news.Stored, error) {
	var (
		a                                   news.Article
		url, name, domain, lean, standfirst sql.NullString
		published, modified, lang           sql.NullString
		inPath, inKind, storyID             sql.NullString
		authors, paras, captions, tags      string
		warnings, ingested                  string
	)
	err := row.Scan(&a.ID, &url, &name, &domain, &lean, &a.Title, &standfirst, &authors,
		&published, &modified, &lang, &paras, &captions, &tags, &inPath, &inKind, &warnings,
		&storyID, &ingested)
	if err != nil {
		return news.Stored{}, err
	}
	a.URL, a.Source.Name, a.Source.Domain, a.Source.Lean = url.String, name.String, domain.String, lean.String
	a.Standfirst, a.Language = standfirst.String, lang.String
	a.Input = news.Input{Path: inPath.String, Kind: inKind.String}
	if a.Published, err = parseNullTime(published); err != nil {
		return news.Stored{}, fmt.Errorf("article %s: published: %w", a.ID, err)
	}
	if a.Modified, err = parseNullTime(modified); err != nil {
		return news.Stored{}, fmt.Errorf("article %s: modified: %w", a.ID, err)
	}
	for _, f := range []struct {
		name string
		js   string
		dst  any
	}{
		{"authors", authors, &a.Authors}, {"paragraphs", paras, &a.Paragraphs},
		{"captions", captions, &a.Captions}, {"tags", tags, &a.Tags}, {"warnings", warnings, &a.Warnings},
	} {
		if err := json.Unmarshal([]byte(f.js), f.dst); err != nil {
			return news.Stored{}, fmt.Errorf("article %s: %s: %w", a.ID, f.name, err)
		}
	}
	st := news.Stored{Article: &a, StoryID: storyID.String}
	if st.Ingested, err = parseUTC(ingested); err != nil {
		return news.Stored{}, fmt.Errorf("article %s: ingested_at: %w", a.ID, err)
	}
	return st, nil
}

// Article returns the stored article with this id, or an ErrNotFound error.
func (s *Store) Article(ctx context.Context, id string) (*news.Stored, error) {
	row := s.r.QueryRowContext(ctx, "SELECT "+articleCols+" FROM articles WHERE id = ?", id)
	st, err := scanArticle(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: article %s: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: article %s: %w", id, err)
	}
	return &st, nil
}

// Since calls fn for every article whose sort time (published, else ingested) is at
// or after t, oldest first (ties by id). Rows are streamed from the database, so
// memory does not grow with their number; fn may call the store (except on
// ":memory:"). An error from fn stops the walk and is returned as is.
func (s *Store) Since(ctx context.Context, t time.Time, fn func(news.Stored) error) error {
	from := ""
	if !t.IsZero() {
		from = formatUTC(t)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+articleCols+" FROM articles WHERE sort_time >= ? ORDER BY sort_time, id", from)
	if err != nil {
		return fmt.Errorf("sqlite: articles since %s: %w", from, err)
	}
	defer rows.Close()
	for rows.Next() {
		st, err := scanArticle(rows)
		if err != nil {
			return fmt.Errorf("sqlite: articles since %s: %w", from, err)
		}
		if err := fn(st); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: articles since %s: %w", from, err)
	}
	return nil
}

// Count returns how many articles and stories are stored.
func (s *Store) Count(ctx context.Context) (articles, stories int, err error) {
	err = s.r.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories)").Scan(&articles, &stories)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlite: count: %w", err)
	}
	return articles, stories, nil
}
