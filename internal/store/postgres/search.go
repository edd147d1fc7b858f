package postgres

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax/internal/news"
)

// plainQuery cleans a user's plain-words query for plainto_tsquery, which never fails
// on syntax and ANDs the words: control characters and invalid UTF-8 (PostgreSQL text
// cannot hold a NUL) separate words, and words with no letter or digit are dropped.
// It returns "" when no word is left, as the SQLite store's ftsQuery does.
func plainQuery(q string) string {
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, q)
	var words []string
	for _, f := range strings.Fields(q) {
		if strings.ContainsFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			words = append(words, f)
		}
	}
	return strings.Join(words, " ")
}

// headline is ts_headline's setting: plain text (no match markers), about 24 words
// around the best match.
const headline = `StartSel="", StopSel="", MaxWords=24, MinWords=12, ShortWord=2`

// searchHits ranks with ts_rank over the weighted vector (title A = 1.0, standfirst
// B = 0.4, body D = 0.1), ties by id. The snippet comes from the body when it
// matches, else the standfirst, else the title; only the page's rows pay for it.
const searchHits = `WITH q AS (SELECT plainto_tsquery('english'::regconfig, $1) AS q),
page AS (
	SELECT a.id, ts_rank(a.search, q.q) AS rank
	FROM articles a, q WHERE a.search @@ q.q
	ORDER BY rank DESC, a.id LIMIT $2 OFFSET $3
)
SELECT a.id, a.story_id, a.title, a.source_name, a.source_domain, a.source_lean, a.published, b.body, a.standfirst,
	m.body, CASE
	WHEN m.body THEN ts_headline('english'::regconfig, b.body, q.q, '` + headline + `')
	WHEN to_tsvector('english'::regconfig, coalesce(a.standfirst, '')) @@ q.q THEN ts_headline('english'::regconfig, a.standfirst, q.q, '` + headline + `')
	ELSE '' END
FROM page JOIN articles a USING (id) CROSS JOIN q,
	LATERAL (SELECT coalesce(string_agg(p, E'\n\n' ORDER BY n), '') AS body
		FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(a.paragraphs) = 'array' THEN a.paragraphs ELSE '[]' END)
		WITH ORDINALITY AS e(p, n)) b,
	LATERAL (SELECT to_tsvector('english'::regconfig, b.body) @@ q.q AS body) m
ORDER BY page.rank DESC, page.id`

// Search runs a full-text query of plain words over titles, standfirsts and bodies;
// every word must match (case and English word endings are ignored; English stop
// words are dropped from the query). It returns one page of hits, best first, and the
// total number of matching articles. A query without any word is an ErrInvalid error;
// no input is a syntax error.
func (s *Store) Search(ctx context.Context, query string, p news.Page) ([]news.Hit, int, error) {
	fail := func(err error) ([]news.Hit, int, error) {
		return nil, 0, fmt.Errorf("postgres: search %q: %w", query, err)
	}
	words := plainQuery(query)
	if words == "" {
		return fail(&news.InvalidError{Field: "query", Reason: "no words to search for"})
	}
	limit, offset := window(p)
	tx, err := s.readTx(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback(ctx)
	var total int
	err = tx.QueryRow(ctx, "SELECT count(*) FROM articles WHERE search @@ plainto_tsquery('english'::regconfig, $1)", words).Scan(&total)
	if err != nil {
		return fail(err)
	}
	if total == 0 || offset >= total {
		return []news.Hit{}, total, nil
	}
	rows, err := tx.Query(ctx, searchHits, words, limit, offset)
	if err != nil {
		return fail(err)
	}
	hits, err := scanHits(rows, min(limit, total-offset))
	if err != nil {
		return fail(err)
	}
	return hits, total, nil
}

// scanHits reads the rows of searchHits (or a query with its columns): id, story,
// title, source name, domain and lean, published, body, standfirst, whether the body
// matched, and the excerpt.
func scanHits(rows pgx.Rows, capacity int) ([]news.Hit, error) {
	defer rows.Close()
	hits := make([]news.Hit, 0, capacity)
	for rows.Next() {
		var h news.Hit
		var storyID, name, domain, lean, published, standfirst *string
		var body, snippet string
		var matchedBody bool
		if err := rows.Scan(&h.ArticleID, &storyID, &h.Title, &name, &domain, &lean, &published, &body, &standfirst, &matchedBody, &snippet); err != nil {
			return nil, err
		}
		str := func(p *string) string {
			if p == nil {
				return ""
			}
			return *p
		}
		h.StoryID = str(storyID)
		h.Source = news.Source{Name: str(name), Domain: str(domain), Lean: str(lean)}
		var err error
		if h.Published, err = parseNullTime(published); err != nil {
			return nil, fmt.Errorf("article %s: published: %w", h.ArticleID, err)
		}
		switch {
		case snippet != "" && matchedBody:
			h.Snippet = ellipsis(body, snippet)
		case snippet != "":
			h.Snippet = ellipsis(str(standfirst), snippet)
		default:
			h.Snippet = h.Title
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// ellipsis flattens the white space of ts_headline's excerpt of text (which drops
// tag-like tokens) and marks with "…" the ends where it cuts the text.
func ellipsis(text, excerpt string) string {
	words := strings.Fields(excerpt)
	if len(words) == 0 {
		return ""
	}
	out := strings.Join(words, " ")
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, words[0]) {
		out = "…" + out
	}
	if !strings.HasSuffix(text, words[len(words)-1]) {
		out += "…"
	}
	return out
}
