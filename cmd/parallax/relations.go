package main

import (
	"context"

	"github.com/parallax-news/parallax/internal/news"
)

// relationsOf returns the relations among ids that st keeps; a store that keeps none
// (news.RelationStore not implemented) gives an empty list.
func relationsOf(ctx context.Context, st news.Store, ids []string) ([]news.Relation, error) {
	rs, ok := st.(news.RelationStore)
	if !ok {
		return []news.Relation{}, nil
	}
	return rs.Relations(ctx, news.RelationFilter{Articles: ids}, news.Page{Limit: 500})
}
