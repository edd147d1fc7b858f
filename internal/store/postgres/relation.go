package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax/internal/news"
)

var _ news.RelationStore = (*Store)(nil)

// maxFilterArticles bounds the ids of a RelationFilter, as in the SQLite store.
const maxFilterArticles = 10000

// AddRelations records rels in one transaction; a pair already recorded keeps its first
// relation. Errors: ErrInvalid when a relation fails Validate or holds text PostgreSQL
// cannot store (nothing is recorded).
func (s *Store) AddRelations(ctx context.Context, rels []news.Relation) error {
	for _, r := range rels {
		err := r.Validate()
		for _, f := range []struct{ name, v string }{{"articles", r.Earlier}, {"articles", r.Later}, {"source", r.Source}, {"wire", r.Wire}} {
			if err == nil {
				err = checkText(f.name, f.v)
			}
		}
		if err != nil {
			return fmt.Errorf("postgres: add relation %s-%s: %w", r.Earlier, r.Later, err)
		}
	}
	if len(rels) == 0 {
		return nil
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: add relations: %w", err)
	}
	defer tx.Rollback(ctx)
	t := now()
	var b pgx.Batch
	for _, r := range rels {
		b.Queue(`INSERT INTO relations (earlier, later, kind, fraction, source, wire, found_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (earlier, later) DO NOTHING`,
			r.Earlier, r.Later, r.Kind, r.Fraction, null(r.Source), null(r.Wire), t)
	}
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return fmt.Errorf("postgres: add relations: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: add relations: %w", err)
	}
	return nil
}

// Relations returns one page of the relations f selects whose two articles are stored,
// ordered by the earlier article's sort time, then the later's (ties by id). Errors:
// ErrInvalid when f names more than 10,000 articles.
func (s *Store) Relations(ctx context.Context, f news.RelationFilter, p news.Page) ([]news.Relation, error) {
	fail := func(err error) ([]news.Relation, error) { return nil, fmt.Errorf("postgres: relations: %w", err) }
	if len(f.Articles) > maxFilterArticles {
		return fail(&news.InvalidError{Field: "articles", Reason: fmt.Sprintf("%d ids; at most %d", len(f.Articles), maxFilterArticles)})
	}
	limit, offset := window(p)
	var ids []string
	if len(f.Articles) > 0 {
		ids = f.Articles
	}
	rows, err := s.pool.Query(ctx, `SELECT r.kind, r.earlier, r.later, r.fraction, coalesce(r.source, ''), coalesce(r.wire, '')
		FROM relations r JOIN articles e ON e.id = r.earlier JOIN articles l ON l.id = r.later
		WHERE ($1 = '' OR r.kind = $1)
			AND ($2::text[] IS NULL OR r.earlier = ANY($2::text[]) OR r.later = ANY($2::text[]))
		ORDER BY e.sort_time, r.earlier, l.sort_time, r.later LIMIT $3 OFFSET $4`,
		f.Kind, ids, limit, offset)
	if err != nil {
		return fail(err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (news.Relation, error) {
		var r news.Relation
		err := row.Scan(&r.Kind, &r.Earlier, &r.Later, &r.Fraction, &r.Source, &r.Wire)
		return r, err
	})
	if err != nil {
		return fail(err)
	}
	return out, nil
}
