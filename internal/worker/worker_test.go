package worker

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/fetch"
	"github.com/parallax-news/parallax/internal/ingest"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
	"github.com/parallax-news/parallax/internal/store/postgres"
	"github.com/parallax-news/parallax/internal/store/postgres/pgtest"
	"github.com/parallax-news/parallax/internal/store/sqlite"
)

// allSides writes the first n lines of the AllSides corpus to a JSONL file, or skips.
func allSides(t testing.TB, n int) string {
	t.Helper()
	src, ok := corpus.Path("allsides", "articles.jsonl.gz")
	if !ok {
		t.Skip("corpus absent: allsides/articles.jsonl.gz")
	}
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var b bytes.Buffer
	for i := 0; i < n && sc.Scan(); i++ {
		b.Write(sc.Bytes())
		b.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "allsides.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// assignments maps each stored article to its story.
func assignments(t testing.TB, st news.Store) map[string]string {
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

// singleProcess ingests the inputs as `parallax ingest` does, into SQLite.
func singleProcess(t testing.TB, inputs ...string) map[string]string {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "one.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := ingest.New(ctx, st, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Run(ctx, inputs, source.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	return assignments(t, st)
}

func openStore(t testing.TB, dsn string) *postgres.Store {
	t.Helper()
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func enqueue(t testing.TB, st *postgres.Store, split int, inputs ...string) int {
	t.Helper()
	jobs, err := Plan(inputs, split, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.EnqueueJobs(context.Background(), jobs); err != nil {
		t.Fatal(err)
	}
	return len(jobs)
}

// compare reports the articles whose story differs from the single-process run.
func compare(t testing.TB, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("workers stored %d articles, one process %d", len(got), len(want))
	}
	bad := 0
	for id, s := range want {
		if got[id] != s {
			if bad++; bad <= 5 {
				t.Errorf("article %s: story %q with workers, %q in one process", id, got[id], s)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d articles in another story than in one process", bad, len(want))
	}
}

// Environment of a child worker process (see TestWorkerProcess).
const (
	childDSN  = "PARALLAX_TEST_WORKER_DSN"
	childName = "PARALLAX_TEST_WORKER_NAME"
)

// TestWorkerProcess is not a test: it is the body of the worker processes that
// TestFourWorkersOneKilled starts (this test binary, run again).
func TestWorkerProcess(t *testing.T) {
	dsn := os.Getenv(childDSN)
	if dsn == "" {
		t.Skip("runs only as a child of TestFourWorkersOneKilled")
	}
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := New(st, Options{Name: os.Getenv(childName), Extractors: 1, Lease: 3 * time.Second, Poll: 50 * time.Millisecond, Drain: true})
	sum, err := w.Run(context.Background())
	fmt.Printf("%s: %+v\n", os.Getenv(childName), sum)
	if err != nil {
		t.Fatal(err)
	}
}

// TestFourWorkersOneKilled starts 4 worker processes on one PostgreSQL database,
// queues 5,000 AllSides articles in ranges of 100, kills (SIGKILL) the worker that
// holds the assignment lock once a fifth of the jobs are done, and checks that
// every article is stored exactly once, in the story a single process gives it.
func TestFourWorkersOneKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 5,000 articles twice")
	}
	const n, split, workers = 5000, 100, 4
	dsn := pgtest.DSN(t)
	input := allSides(t, n)
	st := openStore(t, dsn)
	jobs := enqueue(t, st, split, input)
	want := singleProcess(t, input)

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	prefix := fmt.Sprintf("pw%d", time.Now().UnixNano()%1e9)
	procs := make([]*exec.Cmd, workers)
	outs := make([]*bytes.Buffer, workers)
	exited := make(chan int, workers)
	for i := range procs {
		name := fmt.Sprintf("%s-w%d", prefix, i)
		procs[i] = exec.CommandContext(ctx, os.Args[0], "-test.run=^TestWorkerProcess$", "-test.count=1")
		procs[i].Env = append(os.Environ(), childDSN+"="+dsn+"&application_name="+name, childName+"="+name)
		outs[i] = new(bytes.Buffer)
		procs[i].Stdout, procs[i].Stderr = outs[i], outs[i]
		if err := procs[i].Start(); err != nil {
			t.Fatal(err)
		}
		go func() { procs[i].Wait(); exited <- i }()
	}
	defer func() {
		for i, p := range procs {
			p.Process.Kill()
			if t.Failed() {
				t.Logf("worker %d output:\n%s", i, outs[i])
			}
		}
	}()

	// Kill the lock holder once a fifth of the jobs are done: it dies between (or
	// inside) assignment transactions, possibly with a job claimed for extraction.
	mon, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close(context.Background())
	killed := -1
	for killed < 0 {
		var done int
		var holder string
		err := mon.QueryRow(ctx, `SELECT (SELECT count(*) FROM jobs WHERE state = 'done'),
			coalesce((SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
				WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 28769 AND a.application_name LIKE $1 LIMIT 1), '')`,
			prefix+"-%").Scan(&done, &holder)
		if err != nil {
			t.Fatal(err)
		}
		if done >= jobs {
			t.Fatalf("all %d jobs were done before a worker could be killed", jobs)
		}
		if done >= jobs/5 && holder != "" {
			fmt.Sscanf(strings.TrimPrefix(holder, prefix+"-w"), "%d", &killed)
			if err := procs[killed].Process.Kill(); err != nil {
				t.Fatal(err)
			}
			t.Logf("killed worker %d (%s), holding the assignment lock, after %d of %d jobs", killed, holder, done, jobs)
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	for range workers {
		select {
		case i := <-exited:
			if i != killed && procs[i].ProcessState.ExitCode() != 0 {
				t.Errorf("worker %d exited with %v:\n%s", i, procs[i].ProcessState, outs[i])
			}
		case <-ctx.Done():
			t.Fatal("workers did not finish in time")
		}
	}

	got := assignments(t, st)
	compare(t, got, want)
	var states map[string]int
	if states, err = st.JobCounts(ctx); err != nil || states[postgres.Done] != jobs {
		t.Errorf("jobs by state = %v, %v; want all %d done", states, err, jobs)
	}
	var stored, staged, miscounted, extractions, assigners, badSearch int
	err = mon.QueryRow(ctx, `SELECT (SELECT sum(stored) FROM jobs), (SELECT count(*) FROM job_docs),
		(SELECT count(*) FROM stories s WHERE article_count <> (SELECT count(*) FROM articles a WHERE a.story_id = s.id)),
		(SELECT sum(attempts) FROM jobs), (SELECT count(DISTINCT assigned_by) FROM jobs),
		(SELECT count(*) FROM articles a WHERE search <> (
			setweight(to_tsvector('english'::regconfig, title), 'A') ||
			setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '')), 'B') ||
			setweight(to_tsvector('english'::regconfig, (SELECT coalesce(string_agg(p, E'\n\n' ORDER BY n), '')
				FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(paragraphs) = 'array' THEN paragraphs ELSE '[]' END)
				WITH ORDINALITY AS e(p, n))), 'D')))`).Scan(&stored, &staged, &miscounted, &extractions, &assigners, &badSearch)
	if err != nil {
		t.Fatal(err)
	}
	if stored != len(want) || staged != 0 || miscounted != 0 {
		t.Errorf("jobs stored %d articles (want %d, once each), %d staged documents left (want 0), %d stories with a wrong count (want 0)",
			stored, len(want), staged, miscounted)
	}
	if badSearch != 0 {
		t.Errorf("%d articles have a staged search vector other than the one Put computes", badSearch)
	}
	if assigners < 2 {
		t.Errorf("%d worker assigned all jobs; want the lock to change hands (the killed one held it)", assigners)
	}
	t.Logf("%d articles in %d jobs, %d extractions (a killed worker's claimed job is extracted again), %d workers assigned",
		len(got), jobs, extractions, assigners)
}

// TestRanges: WARC/WET archives split into ranges of records, and a plain file, give
// through a worker the articles and stories of one ingest of the whole files (JSONL
// ranges: TestFourWorkersOneKilled).
func TestRanges(t *testing.T) {
	dsn := pgtest.DSN(t)
	st := openStore(t, dsn)
	inputs := []string{"../source/testdata/sample.warc.gz", "../sample/haaretz-pompeo-mossad-2021-01-12.txt", "../source/testdata/sample.wet.gz"}
	jobs, err := Plan(inputs, 3, "")
	if err != nil {
		t.Fatal(err)
	}
	ranges := map[string]int{}
	for _, j := range jobs {
		if j.Kind == postgres.JobRange && j.Last-j.First+1 > 3 {
			t.Fatalf("job %+v: want ranges of at most 3", j)
		}
		ranges[j.Kind+" "+filepath.Base(j.Target)]++
	}
	if len(ranges) != 3 || ranges["range sample.warc.gz"] == 0 || ranges["range sample.wet.gz"] == 0 || ranges["file haaretz-pompeo-mossad-2021-01-12.txt"] != 1 {
		t.Errorf("jobs per file = %v, want ranges of both archives and one file job", ranges)
	}
	if _, err := st.EnqueueJobs(context.Background(), jobs); err != nil {
		t.Fatal(err)
	}
	w := New(st, Options{Extractors: 2, Poll: 20 * time.Millisecond, Drain: true})
	if _, err := w.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	abs := make([]string, len(inputs))
	for i, in := range inputs {
		abs[i], _ = filepath.Abs(in)
	}
	want := singleProcess(t, abs...)
	if len(want) < 3 {
		t.Fatalf("one ingest stores %d articles; the fixtures should give more", len(want))
	}
	compare(t, assignments(t, st), want)
}

// TestURLJobs: URL jobs go through the fetch client; a page that fails counts as
// failed and the others are stored with their URL.
func TestURLJobs(t *testing.T) {
	dsn := pgtest.DSN(t)
	st := openStore(t, dsn)
	page, err := os.ReadFile("../extract/testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/news/article" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer srv.Close()
	jobs, err := Plan([]string{srv.URL + "/news/article", srv.URL + "/missing"}, 0, "Example News")
	if err != nil || len(jobs) != 2 || jobs[0].Kind != postgres.JobURL {
		t.Fatalf("Plan = %+v, %v", jobs, err)
	}
	if _, err := st.EnqueueJobs(context.Background(), jobs); err != nil {
		t.Fatal(err)
	}
	w := New(st, Options{Poll: 20 * time.Millisecond, Drain: true, Fetch: fetch.New(fetch.Config{AllowPrivate: true})})
	if sum, err := w.Run(context.Background()); err != nil || sum.Stored != 1 {
		t.Fatalf("Run = %+v, %v; want 1 stored", sum, err)
	}
	list, err := st.Jobs(context.Background(), 0, 10)
	if err != nil || len(list) != 2 || list[0].Stored != 1 || list[1].Failed != 1 || list[1].Read != 0 {
		t.Errorf("jobs = %+v, %v; want the page stored and the missing one failed", list, err)
	}
	var stored *news.Article
	st.Since(context.Background(), time.Time{}, func(s news.Stored) error { stored = s.Article; return nil })
	if stored == nil || stored.URL == "" || stored.Source.Name != "Example News" || stored.Title == "" {
		t.Errorf("stored article = %+v, want the page with its URL and source", stored)
	}
}
