package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// After ingesting the seeds, dups lists one reuse relation in the contract's form, and
// stories --json and compare carry it.
func TestDupsListsTheSeedsReuse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if code, _, errs := parallax(t, append([]string{"ingest", "--db", db}, seeds...)...); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	code, out, errs := parallax(t, "dups", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("dups: exit %d: %s", code, errs)
	}
	var rels []map[string]any
	if err := json.Unmarshal([]byte(out), &rels); err != nil {
		t.Fatalf("dups --json is not a JSON array: %v\n%s", err, out)
	}
	if len(rels) != 1 || rels[0]["kind"] != "reuse" || rels[0]["wire"] != "Reuters" {
		t.Fatalf("dups --json = %s, want one reuse relation crediting Reuters", out)
	}
	ids, _ := rels[0]["articles"].([]any)
	frac, _ := rels[0]["fraction"].(float64)
	if len(ids) != 2 || frac <= 0 || frac >= 1 {
		t.Errorf("relation %v: want two article ids and a fraction in (0, 1)", rels[0])
	}

	code, out, _ = parallax(t, "dups", "--db", db)
	if code != 0 || !strings.Contains(out, "reuse") || !strings.Contains(out, israelHayomTitle[:30]) {
		t.Errorf("dups: exit %d, output %q; want the relation with the titles", code, out)
	}
	if code, _, errs := parallax(t, "dups", "--db", db, "--kind", "copy"); code == 0 || !strings.Contains(errs, "--kind") {
		t.Errorf("dups --kind copy: exit %d, %q; want an error naming --kind", code, errs)
	}

	_, out, _ = parallax(t, "stories", "--db", db, "--json")
	var stories []struct {
		Relations []map[string]any `json:"relations"`
	}
	if err := json.Unmarshal([]byte(out), &stories); err != nil || len(stories) != 1 || len(stories[0].Relations) != 1 {
		t.Errorf("stories --json: %v, relations %+v; want the story with its relation", err, stories)
	}

	_, out, _ = parallax(t, append([]string{"compare"}, seeds...)...)
	var cmp struct {
		Shared    []any            `json:"shared"`
		Relations []map[string]any `json:"relations"`
	}
	if err := json.Unmarshal([]byte(out), &cmp); err != nil || len(cmp.Shared) == 0 || len(cmp.Relations) != 1 || cmp.Relations[0]["kind"] != "reuse" {
		t.Errorf("compare: %v, relations %+v; want the comparison with one reuse relation", err, cmp.Relations)
	}
}
