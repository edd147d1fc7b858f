package ingest

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
)

const sampleJSONL = "../sample/allsides-2019-11-16-to-12-31.jsonl.gz"

// assignments maps every stored article id to its story id.
func assignments(t *testing.T, st news.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := st.Since(context.Background(), time.Time{}, func(s news.Stored) error {
		out[s.Article.ID] = s.StoryID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fixedNow makes undated articles' ingest time the same in every run.
func fixedNow() time.Time { return time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC) }

// An ingest interrupted part-way and run again ends with the same store as one
// uninterrupted run, and the rerun passes over what was done without extracting it.
func TestRunResumesAfterInterruption(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	whole := open(t, filepath.Join(dir, "whole.db"))
	p, err := New(ctx, whole, Options{Checkpoints: whole, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	full, err := p.Run(ctx, []string{sampleJSONL}, source.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := assignments(t, whole)
	if len(want) < 600 {
		t.Fatalf("uninterrupted run stored %d articles (%v)", len(want), full)
	}

	for _, stopAt := range []int{250, 601} {
		path := filepath.Join(dir, "cut.db")
		st := open(t, filepath.Join(dir, "cut.db"))
		cctx, cancel := context.WithCancel(ctx)
		p, err := New(ctx, st, Options{Checkpoints: st, Now: fixedNow, Progress: func(s Summary) {
			if s.Read >= stopAt {
				cancel()
			}
		}})
		if err != nil {
			t.Fatal(err)
		}
		first, err := p.Run(cctx, []string{sampleJSONL}, source.Options{}, nil)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("stop at %d: err = %v, want cancelled", stopAt, err)
		}
		st.Close()

		st = open(t, path)
		p, err = New(ctx, st, Options{Checkpoints: st, Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		rest, err := p.Run(ctx, []string{sampleJSONL}, source.Options{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rest.Resumed < first.Read-checkpointEvery || rest.Resumed > first.Read {
			t.Errorf("stop at %d: rerun resumed past %d documents, the first run read %d", stopAt, rest.Resumed, first.Read)
		}
		if rest.Read+rest.Resumed != full.Read+full.Failed {
			t.Errorf("stop at %d: rerun read %d + resumed %d, want %d in all", stopAt, rest.Read, rest.Resumed, full.Read+full.Failed)
		}
		if got := assignments(t, st); !maps.Equal(got, want) {
			diff := 0
			for id, s := range want {
				if got[id] != s {
					diff++
				}
			}
			t.Errorf("stop at %d: store differs from the uninterrupted run: %d articles vs %d, %d assignments differ", stopAt, len(got), len(want), diff)
		}
		// A third run finds everything done.
		again, err := p.Run(ctx, []string{sampleJSONL}, source.Options{}, nil)
		if err != nil || again.Read != 0 || again.Stored != 0 {
			t.Errorf("stop at %d: run after completion = %v, %v; want nothing read", stopAt, again, err)
		}
		st.Close()
		removeDB(t, path)
	}
}

func TestRunWARCSkipsAndResumes(t *testing.T) {
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "w.db"))
	p, err := New(ctx, st, Options{Checkpoints: st})
	if err != nil {
		t.Fatal(err)
	}
	in := []string{"../source/testdata/sample.warc.gz", "../source/testdata/sample.wet.gz"}
	sum, err := p.Run(ctx, in, source.Options{Filter: source.Filter{Languages: []string{"en"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 3 || sum.Duplicates != 1 || sum.Skipped[source.SkipNotContent] != 4 || sum.Skipped[source.SkipStatus] != 1 ||
		sum.Skipped[source.SkipType] != 1 || sum.Skipped[source.SkipLanguage] != 1 {
		t.Errorf("summary = %v; want 3 stored (2 pages, 1 English WET conversion; the other is the harbour page again) and each skip counted", sum)
	}
	got := assignments(t, st)
	for _, id := range []string{"https://news.example.com/2024/03/05/harbour", "https://www.other.example.org/2024/03/06/budget"} {
		found := false
		err := st.Since(ctx, time.Time{}, func(s news.Stored) error {
			found = found || s.Article.URL == id && s.Article.Input.Kind == news.KindHTML
			return nil
		})
		if err != nil || !found {
			t.Errorf("no HTML article stored with URL %s (%d stored)", id, len(got))
		}
	}
	again, err := p.Run(ctx, in, source.Options{Filter: source.Filter{Languages: []string{"en"}}}, nil)
	if err != nil || again.Read != 0 || again.Resumed != sum.Read+sum.Failed {
		t.Errorf("rerun = %v, %v; want everything passed over", again, err)
	}
}

func removeDB(t *testing.T, path string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
}
