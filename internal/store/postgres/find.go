package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
)

var _ news.Searcher = (*Store)(nil)

// Find runs a filtered search: the words of q.Text (each must match, as in Search) and
// the phrase q.Entity (phraseto_tsquery: its words in order, adjacent) through the
// full-text index, then the source, the date range (on the publication time, else the
// ingest time) and the ingest bound. Without words or entity, a source alone lists
// that source's articles. Hits come best first (ts_rank, as in Search), or newest first
// with q.ByDate (and always when there are no words). A query with nothing to match is
// an ErrInvalid error.
func (s *Store) Find(ctx context.Context, q news.Query, p news.Page) ([]news.Hit, int, error) {
	fail := func(err error) ([]news.Hit, int, error) {
		return nil, 0, fmt.Errorf("postgres: find %q: %w", q.Text, err)
	}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	var tsq []string
	if w := plainQuery(q.Text); w != "" {
		tsq = append(tsq, "plainto_tsquery('english'::regconfig, "+arg(w)+")")
	} else if strings.TrimSpace(q.Text) != "" {
		return fail(&news.InvalidError{Field: "query", Reason: "no words to search for"})
	}
	if strings.TrimSpace(q.Entity) != "" {
		ph := plainQuery(q.Entity)
		if ph == "" {
			return fail(&news.InvalidError{Field: "entity", Reason: "the entity has no letters or digits"})
		}
		tsq = append(tsq, "phraseto_tsquery('english'::regconfig, "+arg(ph)+")")
	}
	if len(tsq) == 0 && q.Source == "" {
		return fail(&news.InvalidError{Field: "query", Reason: "give words, an entity or a source to search for"})
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return fail(&news.InvalidError{Field: "to", Reason: "the end date is not after the start date"})
	}
	if err := checkText("source", q.Source); err != nil {
		return fail(err)
	}
	fts := len(tsq) > 0
	query := "NULL::tsquery"
	where := []string{"true"}
	if fts {
		query = strings.Join(tsq, " && ")
		where = append(where, "a.search @@ q.q")
	}
	if q.Source != "" {
		where = append(where, sourceKey+" = "+arg(q.Source))
	}
	if !q.From.IsZero() {
		where = append(where, "a.sort_time >= "+arg(q.From.UTC()))
	}
	if !q.To.IsZero() {
		where = append(where, "a.sort_time < "+arg(q.To.UTC()))
	}
	if !q.IngestedAfter.IsZero() {
		where = append(where, "a.ingested_at > "+arg(q.IngestedAfter.UTC()))
	}
	with := "WITH q AS (SELECT " + query + " AS q) "
	cond := " FROM articles a, q WHERE " + strings.Join(where, " AND ")

	limit, offset := window(p)
	tx, err := s.readTx(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback(ctx)
	var total int
	if err := tx.QueryRow(ctx, with+"SELECT count(*)"+cond, args...).Scan(&total); err != nil {
		return fail(err)
	}
	if total == 0 || offset >= total {
		return []news.Hit{}, total, nil
	}
	inner, outer := "a.sort_time DESC, a.id", "page.sort_time DESC, page.id"
	if fts && !q.ByDate {
		inner, outer = "rank DESC, a.id", "page.rank DESC, page.id"
	}
	rank := "0::real"
	if fts {
		rank = "ts_rank(a.search, q.q)"
	}
	sql := with + `, page AS (SELECT a.id, a.sort_time, ` + rank + ` AS rank` + cond + ` ORDER BY ` + inner +
		` LIMIT ` + arg(limit) + ` OFFSET ` + arg(offset) + `)
SELECT a.id, a.story_id, a.title, a.source_name, a.source_domain, a.source_lean, a.published, b.body, a.standfirst,
	coalesce(m.body, false), CASE
	WHEN q.q IS NULL THEN coalesce(a.standfirst, '')
	WHEN m.body THEN ts_headline('english'::regconfig, b.body, q.q, '` + headline + `')
	WHEN to_tsvector('english'::regconfig, coalesce(a.standfirst, '')) @@ q.q THEN ts_headline('english'::regconfig, a.standfirst, q.q, '` + headline + `')
	ELSE '' END
FROM page JOIN articles a USING (id) CROSS JOIN q,
	LATERAL (SELECT coalesce(string_agg(p, E'\n\n' ORDER BY n), '') AS body
		FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(a.paragraphs) = 'array' THEN a.paragraphs ELSE '[]' END)
		WITH ORDINALITY AS e(p, n)) b,
	LATERAL (SELECT to_tsvector('english'::regconfig, b.body) @@ q.q AS body) m
ORDER BY ` + outer
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return fail(err)
	}
	hits, err := scanHits(rows, min(limit, total-offset))
	if err != nil {
		return fail(err)
	}
	return hits, total, nil
}
