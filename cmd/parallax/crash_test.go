package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/store/sqlite"
)

// storedCount opens db and returns its article count after checking its integrity;
// ok is false while the database cannot be opened yet (the ingest is creating it).
func storedCount(t *testing.T, db string) (n int, ok bool) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		return 0, false
	}
	defer st.Close()
	n, _, err = st.Count(ctx)
	return n, err == nil
}

// checkIntegrity fails the test unless the store at db passes sqlite.Check.
func checkIntegrity(t *testing.T, db, when string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatalf("%s: open: %v", when, err)
	}
	defer st.Close()
	if err := st.Check(ctx); err != nil {
		t.Fatalf("%s: %v", when, err)
	}
}

// TestIngestSurvivesRepeatedKill9 kills `parallax ingest` (a real process) with SIGKILL
// at random points, round after round, each round resuming the last; after every kill
// the store passes its integrity check, and the final uninterrupted rerun ends with the
// same articles and stories as one uninterrupted ingest: none lost, none duplicated.
func TestIngestSurvivesRepeatedKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("runs many ingests of the sample corpus")
	}
	const rounds = 6
	in := "../../internal/sample/allsides-2019-11-16-to-12-31.jsonl.gz"
	dir := t.TempDir()
	whole, cut := filepath.Join(dir, "whole.db"), filepath.Join(dir, "cut.db")
	if code, _, errs := parallax(t, "ingest", "--db", whole, in); code != 0 {
		t.Fatalf("uninterrupted ingest: %d %s", code, errs)
	}
	want := storyOf(t, whole)
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 10))
	t.Logf("random seed %d; %d articles", seed, len(want))

	args, _ := json.Marshal([]string{"ingest", "--db", cut, in})
	survived, last := 0, 0
	for round := 1; round <= rounds; round++ {
		// Kill once the store holds a random number of articles past the last round's,
		// plus a random few milliseconds, so kills land at any point of a write.
		target := last + 1 + rng.IntN(max(1, (len(want)-last)*2/3))
		jitter := time.Duration(rng.IntN(40)) * time.Millisecond
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "PARALLAX_TEST_ARGS="+string(args))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		var werr error
		killed := false
		deadline := time.After(120 * time.Second)
	poll:
		for {
			select {
			case werr = <-exited:
				break poll
			case <-deadline:
				cmd.Process.Kill()
				t.Fatalf("round %d: the ingest neither reached %d articles nor ended: %s", round, target, stderr.String())
			case <-time.After(20 * time.Millisecond):
			}
			if n, ok := storedCount(t, cut); ok && n >= target {
				time.Sleep(jitter)
				cmd.Process.Signal(syscall.SIGKILL)
				killed = true
				werr = <-exited
				break
			}
		}
		n, _ := storedCount(t, cut)
		checkIntegrity(t, cut, fmt.Sprintf("after kill -9 round %d", round))
		if !killed || werr == nil {
			t.Logf("round %d: the ingest finished before the kill (%d articles)", round, n)
			break
		}
		if n < last {
			t.Fatalf("round %d: %d articles after the kill, %d before: stored articles lost", round, n, last)
		}
		t.Logf("round %d: killed at %d articles (target %d)", round, n, target)
		survived++
		last = n
	}
	code, _, errs := parallax(t, "ingest", "--db", cut, in)
	if code != 0 {
		t.Fatalf("rerun after %d kills: exit %d: %s", survived, code, errs)
	}
	checkIntegrity(t, cut, "after the final rerun")
	got := storyOf(t, cut)
	missing, moved := 0, 0
	for id, s := range want {
		g, ok := got[id]
		switch {
		case !ok:
			missing++
		case g != s:
			moved++
		}
	}
	if missing > 0 || len(got) != len(want) || moved > 0 {
		t.Errorf("after %d kills and a rerun: %d articles, want %d; %d missing, %d in another story", survived, len(got), len(want), missing, moved)
	}
	if survived < 3 && !strings.Contains(errs, "resumed past") {
		t.Logf("only %d kills landed mid-ingest", survived)
	}
	t.Logf("survived %d kill -9 rounds", survived)
}
