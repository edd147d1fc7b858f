package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

// The test binary doubles as the parallax binary when PARALLAX_TEST_ARGS is set, so a
// test can run a real process and kill it.
func init() {
	if a := os.Getenv("PARALLAX_TEST_ARGS"); a != "" {
		var args []string
		if err := json.Unmarshal([]byte(a), &args); err != nil {
			panic(err)
		}
		// Signals end the command as they do in main, so tests can check a clean stop.
		ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		os.Exit(run(ctx, args, os.Stdin, os.Stdout, os.Stderr))
	}
}

// checkpointed reports whether the SQLite store at db holds an ingest checkpoint.
func checkpointed(db string) bool {
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		return false
	}
	defer conn.Close()
	var n int
	err = conn.QueryRow(`SELECT count(*) FROM checkpoints WHERE key LIKE 'ingest %' AND done > 0`).Scan(&n)
	return err == nil && n > 0
}

func storyOf(t *testing.T, db string) map[string]string {
	t.Helper()
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	out := map[string]string{}
	err = st.Since(context.Background(), time.Time{}, func(s news.Stored) error {
		out[s.Article.ID] = s.StoryID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// kill -9 in the middle of an ingest, then the same command again: the store ends as
// after one uninterrupted ingest.
func TestIngestSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three ingests of the sample corpus")
	}
	in := "../../internal/sample/allsides-2019-11-16-to-12-31.jsonl.gz"
	dir := t.TempDir()
	whole, cut := filepath.Join(dir, "whole.db"), filepath.Join(dir, "cut.db")
	if code, _, errs := parallax(t, "ingest", "--db", whole, in); code != 0 {
		t.Fatalf("uninterrupted ingest: %d %s", code, errs)
	}
	want := storyOf(t, whole)

	args, _ := json.Marshal([]string{"ingest", "--db", cut, in})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PARALLAX_TEST_ARGS="+string(args))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once it has stored something but not everything, and saved a checkpoint
	// (a checkpoint is saved after the batch it counts, so a kill before the first one
	// leaves a rerun that reads everything again and skips what is stored; the resume
	// is what this test is about).
	deadline := time.Now().Add(60 * time.Second)
	killedAt := -1
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		st, err := sqlite.Open(context.Background(), cut)
		if err != nil {
			continue
		}
		n, _, err := st.Count(context.Background())
		st.Close()
		if err == nil && n >= 150 && checkpointed(cut) {
			cmd.Process.Signal(syscall.SIGKILL)
			killedAt = n
			break
		}
	}
	werr := cmd.Wait()
	if killedAt < 0 || werr == nil {
		t.Fatalf("the ingest was not killed mid-way (stored %d, wait %v): %s", killedAt, werr, stderr.String())
	}
	if killedAt >= len(want) {
		t.Skipf("the ingest finished before the kill (%d articles)", killedAt)
	}
	code, _, errs := parallax(t, "ingest", "--db", cut, in)
	if code != 0 || !strings.Contains(errs, "resumed past") {
		t.Fatalf("rerun after kill -9: exit %d: %s", code, errs)
	}
	got := storyOf(t, cut)
	if !maps.Equal(got, want) {
		diff := 0
		for id, s := range want {
			if got[id] != s {
				diff++
			}
		}
		t.Errorf("after kill -9 at %d articles and a rerun: %d articles vs %d, %d story assignments differ", killedAt, len(got), len(want), diff)
	}
}
