package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

var _ news.RelationStore = (*Store)(nil)

// maxFilterArticles bounds the ids of a RelationFilter, under SQLite's limit of bound
// parameters.
const maxFilterArticles = 10000

// AddRelations records rels in one transaction; a pair already recorded keeps its first
// relation. Errors: ErrInvalid when a relation fails Validate (nothing is recorded).
func (s *Store) AddRelations(ctx context.Context, rels []news.Relation) error {
	for _, r := range rels {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("sqlite: add relation %s-%s: %w", r.Earlier, r.Later, err)
		}
	}
	if len(rels) == 0 {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: add relations: %w", err)
	}
	defer tx.Rollback()
	w := newTxWriter(tx)
	defer w.close()
	now := formatUTC(time.Now())
	for _, r := range rels {
		if err := w.relation(ctx, r, now); err != nil {
			return fmt.Errorf("sqlite: add relation %s-%s: %w", r.Earlier, r.Later, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: add relations: %w", err)
	}
	return nil
}

const insertRelation = `INSERT INTO relations (earlier, later, kind, fraction, source, wire, found_at)
	VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (earlier, later) DO NOTHING`

// relation records r (already validated) unless its pair is recorded.
func (w *txWriter) relation(ctx context.Context, r news.Relation, now string) error {
	_, err := w.exec(ctx, insertRelation, r.Earlier, r.Later, r.Kind, r.Fraction, null(r.Source), null(r.Wire), now)
	return err
}

// Relations returns one page of the relations f selects whose two articles are stored,
// ordered by the earlier article's sort time, then the later's (ties by id). Errors:
// ErrInvalid when f names more than 10,000 articles.
func (s *Store) Relations(ctx context.Context, f news.RelationFilter, p news.Page) ([]news.Relation, error) {
	fail := func(err error) ([]news.Relation, error) { return nil, fmt.Errorf("sqlite: relations: %w", err) }
	if len(f.Articles) > maxFilterArticles {
		return fail(&news.InvalidError{Field: "articles", Reason: fmt.Sprintf("%d ids; at most %d", len(f.Articles), maxFilterArticles)})
	}
	limit, offset := window(p)
	var where []string
	var args []any
	if f.Kind != "" {
		where = append(where, "r.kind = ?")
		args = append(args, f.Kind)
	}
	if len(f.Articles) > 0 {
		in := "(?" + strings.Repeat(", ?", len(f.Articles)-1) + ")"
		where = append(where, "(r.earlier IN "+in+" OR r.later IN "+in+")")
		for range 2 {
			for _, id := range f.Articles {
				args = append(args, id)
			}
		}
	}
	q := `SELECT r.kind, r.earlier, r.later, r.fraction, r.source, r.wire FROM relations r
		JOIN articles e ON e.id = r.earlier JOIN articles l ON l.id = r.later`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY e.sort_time, r.earlier, l.sort_time, r.later LIMIT ? OFFSET ?"
	args = append(args, limit, offset)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return fail(err)
	}
	var out []news.Relation
	for rows.Next() {
		var r news.Relation
		var src, wire sql.NullString
		if err := rows.Scan(&r.Kind, &r.Earlier, &r.Later, &r.Fraction, &src, &wire); err != nil {
			rows.Close()
			return fail(err)
		}
		r.Source, r.Wire = src.String, wire.String
		out = append(out, r)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fail(err)
	}
	return out, nil
}
