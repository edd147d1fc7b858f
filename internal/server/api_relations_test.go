package server

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

// The story, stories and compare answers carry the relations of the story's articles.
func TestAPIRelations(t *testing.T) {
	st := openStore(t)
	rel := news.Relation{Kind: news.RelReuse, Earlier: haaretz.ID, Later: hayom.ID, Fraction: 0.4, Source: haaretz.ID, Wire: "Reuters"}
	if err := st.(news.RelationStore).AddRelations(context.Background(), []news.Relation{rel}); err != nil {
		t.Fatal(err)
	}
	ts, _ := newTestServer(t, st, Options{})
	for _, tt := range []struct {
		path string
		rels func(body []byte) ([]news.Relation, error)
	}{
		{"/api/stories/" + pompeoStory, func(b []byte) ([]news.Relation, error) {
			var v struct{ Relations []news.Relation }
			err := json.Unmarshal(b, &v)
			return v.Relations, err
		}},
		{"/api/stories/" + pompeoStory + "/compare", func(b []byte) ([]news.Relation, error) {
			var v struct{ Relations []news.Relation }
			err := json.Unmarshal(b, &v)
			return v.Relations, err
		}},
		{"/api/stories", func(b []byte) ([]news.Relation, error) {
			var v []struct {
				ID        string
				Relations []news.Relation
			}
			err := json.Unmarshal(b, &v)
			for _, s := range v {
				if s.ID == pompeoStory {
					return s.Relations, err
				}
			}
			return nil, err
		}},
	} {
		res, body := get(t, ts, tt.path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", tt.path, res.StatusCode)
			continue
		}
		got, err := tt.rels([]byte(body))
		if err != nil || len(got) != 1 || got[0] != rel {
			t.Errorf("%s: relations %+v (%v), want [%+v]", tt.path, got, err, rel)
		}
	}
}
