package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/store/postgres/pgtest"
)

// TestPostgresIngestExportImport: --db postgres://... selects PostgreSQL for ingest and
// stories, and export/import move the store to SQLite and back with the same stories.
func TestPostgresIngestExportImport(t *testing.T) {
	dsn := pgtest.DSN(t)
	// A fresh database gets every migration, from the first.
	if code, _, errs := parallax(t, "migrate", "--db", dsn); code != 0 || !regexp.MustCompile(`applied migrations \[1( \d+)+\]`).MatchString(errs) {
		t.Fatalf("migrate: exit %d: %s", code, errs)
	}
	if code, _, errs := parallax(t, "migrate", "--db", dsn); code != 0 || !strings.Contains(errs, "up to date") {
		t.Errorf("second migrate: exit %d: %s", code, errs)
	}
	if code, _, errs := parallax(t, append([]string{"ingest", "--db", dsn}, seeds...)...); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	stories := func(db string) string {
		code, out, errs := parallax(t, "stories", "--db", db, "--json")
		if code != 0 {
			t.Fatalf("stories --db %s: exit %d: %s", db, code, errs)
		}
		var list []map[string]any
		if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 {
			t.Fatalf("stories --db %s = %s (%v), want one story", db, out, err)
		}
		return out
	}
	want := stories(dsn)

	dir := t.TempDir()
	file, lite := filepath.Join(dir, "dump.jsonl"), filepath.Join(dir, "copy.db")
	if code, _, errs := parallax(t, "export", "--db", dsn, "--out", file); code != 0 || !strings.Contains(errs, "2 articles") {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	if code, _, errs := parallax(t, "import", "--db", lite, file); code != 0 || !strings.Contains(errs, "stored 2") {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	if got := stories(lite); got != want {
		t.Errorf("stories of the SQLite copy:\n%s\nwant\n%s", got, want)
	}
	if code, _, errs := parallax(t, "import", "--db", lite, filepath.Join(dir, "missing.jsonl")); code != 1 || !strings.Contains(errs, "missing.jsonl") {
		t.Errorf("import of a missing file: exit %d: %s; want 1 and the file named", code, errs)
	}
}

// TestJobsAndWorker: jobs add queues the inputs, a worker drains the queue, and the
// stores holds what ingest gives.
func TestJobsAndWorker(t *testing.T) {
	dsn := pgtest.DSN(t)
	if code, _, errs := parallax(t, append([]string{"jobs", "add", "--db", dsn, "--split", "1"}, seeds...)...); code != 0 || !strings.Contains(errs, "queued 2 jobs") {
		t.Fatalf("jobs add: exit %d: %s", code, errs)
	}
	if code, _, errs := parallax(t, "worker", "--db", dsn, "--drain", "--poll", "50ms"); code != 0 || !strings.Contains(errs, "stored 2 articles") {
		t.Fatalf("worker: exit %d: %s", code, errs)
	}
	code, out, errs := parallax(t, "jobs", "list", "--db", dsn)
	if code != 0 || strings.Count(out, " done ") != 2 {
		t.Errorf("jobs list: exit %d: %s%s; want 2 done jobs", code, out, errs)
	}
	code, out, _ = parallax(t, "stories", "--db", dsn, "--json")
	if code != 0 || !strings.Contains(out, haaretzTitle) || strings.Count(out, `"id"`) != 1 {
		t.Errorf("stories after the worker: %s; want the seeds' one story", out)
	}
	lite := filepath.Join(t.TempDir(), "x.db")
	if code, _, errs := parallax(t, "worker", "--db", lite); code == 0 || !strings.Contains(errs, "PostgreSQL") {
		t.Errorf("worker on SQLite: exit %d: %s; want an error asking for PostgreSQL", code, errs)
	}
}
