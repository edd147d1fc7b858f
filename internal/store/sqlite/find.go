package sqlite

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/news"
)

var _ news.Searcher = (*Store)(nil)

// sourceKey is the SQL of an article's source label (news.Source.Label); the index
// articles_source is on it.
const sourceKey = "coalesce(a.source_name, a.source_domain, 'unknown')"

// ftsPhrase makes s one FTS5 phrase ("mike pompeo"), or "" when s has no word.
func ftsPhrase(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ""
	}
	return `"` + strings.ReplaceAll(strings.Join(strings.Fields(s), " "), `"`, `""`) + `"`
}

// Find runs a filtered search: the words of q.Text (each must match, as in Search) and
// the phrase q.Entity through the full-text index, then the source, the date range
// (on the publication time, else the ingest time) and the ingest bound. Without words
// or entity, a source alone lists that source's articles. Hits come best first, or
// newest first with q.ByDate (and always when there are no words). A query with nothing
// to match is an ErrInvalid error.
func (s *Store) Find(ctx context.Context, q news.Query, p news.Page) ([]news.Hit, int, error) {
	fail := func(err error) ([]news.Hit, int, error) {
		return nil, 0, fmt.Errorf("sqlite: find %q: %w", q.Text, err)
	}
	var terms []string
	if m := ftsQuery(q.Text); m != "" {
		terms = append(terms, m)
	} else if strings.TrimSpace(q.Text) != "" {
		return fail(&news.InvalidError{Field: "query", Reason: "no words to search for"})
	}
	if strings.TrimSpace(q.Entity) != "" {
		ph := ftsPhrase(q.Entity)
		if ph == "" {
			return fail(&news.InvalidError{Field: "entity", Reason: "the entity has no letters or digits"})
		}
		terms = append(terms, ph)
	}
	if len(terms) == 0 && q.Source == "" {
		return fail(&news.InvalidError{Field: "query", Reason: "give words, an entity or a source to search for"})
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return fail(&news.InvalidError{Field: "to", Reason: "the end date is not after the start date"})
	}

	from := "articles a"
	var where []string
	var args []any
	fts := len(terms) > 0
	if fts {
		from = "articles_fts JOIN articles a ON a.id = articles_fts.article_id"
		where = append(where, "articles_fts MATCH ?")
		args = append(args, strings.Join(terms, " "))
	}
	if q.Source != "" {
		where = append(where, sourceKey+" = ?")
		args = append(args, q.Source)
	}
	if !q.From.IsZero() {
		where = append(where, "a.sort_time >= ?")
		args = append(args, formatUTC(q.From))
	}
	if !q.To.IsZero() {
		where = append(where, "a.sort_time < ?")
		args = append(args, formatUTC(q.To))
	}
	if !q.IngestedAfter.IsZero() {
		where = append(where, "a.ingested_at > ?")
		args = append(args, formatUTC(q.IngestedAfter))
	}
	cond := " WHERE " + strings.Join(where, " AND ")

	limit, offset := window(p)
	tx, err := s.readTx(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+from+cond, args...).Scan(&total); err != nil {
		return fail(err)
	}
	if total == 0 || offset >= total {
		return []news.Hit{}, total, nil
	}
	cols := "a.id, a.story_id, a.title, a.source_name, a.source_domain, a.source_lean, a.published, "
	order := " ORDER BY a.sort_time DESC, a.id"
	if fts {
		cols += "snippet(articles_fts, 3, '', '', '…', 24), snippet(articles_fts, 2, '', '', '…', 24)"
		if !q.ByDate {
			order = " ORDER BY bm25(articles_fts, 0, 10, 4, 1), a.id"
		}
	} else {
		cols += "'', coalesce(a.standfirst, '')"
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+cols+" FROM "+from+cond+order+" LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	hits, err := scanHits(rows, min(limit, total-offset))
	if err != nil {
		return fail(err)
	}
	return hits, total, nil
}
