package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
)

// digestQueries read what an ingest decided, leaving out the times that depend on when
// it ran (ingest times, and the sort, first and last times that fall back on them for
// undated articles): the articles with their stories, the stories, relations, merges
// and sources.
var digestQueries = []string{
	`SELECT id, url, source_name, source_domain, source_lean, title, standfirst, authors,
		published, modified, language, paragraphs, captions, tags, input_path, input_kind,
		warnings, story_id FROM articles ORDER BY id`,
	`SELECT id, title, article_count FROM stories ORDER BY id`,
	`SELECT earlier, later, kind, fraction, source, wire FROM relations ORDER BY earlier, later`,
	`SELECT from_id, into_id FROM story_merges ORDER BY from_id`,
	`SELECT label, domain, lean, articles FROM sources ORDER BY label`,
	`SELECT article_id, title, standfirst, body FROM articles_fts ORDER BY article_id`,
}

// Digest is a SHA-256 over the stored articles, stories, relations, story merges,
// sources and full-text entries, without the times that depend on when the ingest ran:
// two ingests of the same input that decide the same things have the same digest
// (`parallax bench` prints it, so that a change meant only to be faster can be checked).
func (s *Store) Digest(ctx context.Context) (string, error) {
	h := sha256.New()
	for _, q := range digestQueries {
		rows, err := s.r.QueryContext(ctx, q)
		if err != nil {
			return "", fmt.Errorf("sqlite: digest: %w", err)
		}
		cols, err := rows.ColumnTypes()
		if err != nil {
			rows.Close()
			return "", fmt.Errorf("sqlite: digest: %w", err)
		}
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return "", fmt.Errorf("sqlite: digest: %w", err)
			}
			for _, v := range vals {
				// A NULL and an empty string differ; the length keeps values apart.
				if !v.Valid {
					fmt.Fprint(h, "N;")
					continue
				}
				fmt.Fprintf(h, "%d:%s;", len(v.String), v.String)
			}
			h.Write([]byte{'\n'})
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return "", fmt.Errorf("sqlite: digest: %w", err)
		}
		rows.Close()
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
