package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/news"
)

// ftsQuery turns a user's plain-words query into an FTS5 expression that cannot be a
// syntax error: each white-space separated word becomes a quoted phrase (inner quotes
// doubled), so operators (AND, OR, NOT, NEAR), parentheses, stars and column filters
// are taken as words; control characters and invalid UTF-8 separate words. Words with no letter or digit are dropped; a hyphenated word
// such as al-Qaida becomes the phrase "al qaida". The phrases are ANDed. It returns ""
// when no word is left.
func ftsQuery(q string) string {
	var terms []string
	// FTS5 reads the expression as a C string: a NUL would end it inside a quote.
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, q)
	for _, f := range strings.Fields(q) {
		if !strings.ContainsFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		terms = append(terms, `"`+strings.ReplaceAll(f, `"`, `""`)+`"`)
	}
	return strings.Join(terms, " ")
}

// The snippet is plain text with no match markers: about 24 tokens around the best
// match in the body, else in the standfirst, else the title. The ranking weighs a
// match in the title 10 times one in the body, the standfirst 4 times.
const searchHits = `SELECT a.id, a.story_id, a.title, a.source_name, a.source_domain, a.source_lean, a.published,
	snippet(articles_fts, 3, '', '', '…', 24),
	snippet(articles_fts, 2, '', '', '…', 24)
FROM articles_fts JOIN articles a ON a.id = articles_fts.article_id
WHERE articles_fts MATCH ?
ORDER BY bm25(articles_fts, 0, 10, 4, 1), a.id
LIMIT ? OFFSET ?`

// Search runs a full-text query of plain words over titles, standfirsts and bodies;
// every word must match (case, diacritics and English word endings are ignored).
// It returns one page of hits, best first (BM25), and the total number of matching
// articles. A query without any word is an ErrInvalid error; no input is an FTS
// syntax error.
func (s *Store) Search(ctx context.Context, query string, p news.Page) ([]news.Hit, int, error) {
	fail := func(err error) ([]news.Hit, int, error) {
		return nil, 0, fmt.Errorf("sqlite: search %q: %w", query, err)
	}
	match := ftsQuery(query)
	if match == "" {
		return fail(&news.InvalidError{Field: "query", Reason: "no words to search for"})
	}
	limit, offset := window(p)
	tx, err := s.readTx(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", match).Scan(&total); err != nil {
		return fail(err)
	}
	if total == 0 || offset >= total {
		return []news.Hit{}, total, nil
	}
	rows, err := tx.QueryContext(ctx, searchHits, match, limit, offset)
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

// scanHits reads search rows (id, story, title, source name, domain, lean, published,
// body snippet, standfirst) into hits; the snippet falls back to the standfirst, then
// the title. Search and Find share it.
func scanHits(rows *sql.Rows, capacity int) ([]news.Hit, error) {
	hits := make([]news.Hit, 0, capacity)
	for rows.Next() {
		var h news.Hit
		var storyID, name, domain, lean, published sql.NullString
		var body, standfirst string
		if err := rows.Scan(&h.ArticleID, &storyID, &h.Title, &name, &domain, &lean, &published, &body, &standfirst); err != nil {
			return nil, err
		}
		h.StoryID = storyID.String
		h.Source = news.Source{Name: name.String, Domain: domain.String, Lean: lean.String}
		var err error
		if h.Published, err = parseNullTime(published); err != nil {
			return nil, fmt.Errorf("article %s: published: %w", h.ArticleID, err)
		}
		h.Snippet = body
		if h.Snippet == "" {
			h.Snippet = standfirst
		}
		if h.Snippet == "" {
			h.Snippet = h.Title
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}
