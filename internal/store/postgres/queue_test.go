package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/store/postgres/pgtest"
)

func TestQueue(t *testing.T) {
	ctx := context.Background()
	s := open(t, pgtest.DSN(t))
	defer s.Close()
	if _, err := s.EnqueueJobs(ctx, []Job{{Kind: JobFile, Target: "a"}, {Kind: JobRange, Target: "b", First: 5, Last: 2}}); !errors.Is(err, news.ErrInvalid) {
		t.Errorf("Enqueue of a bad range: %v, want ErrInvalid", err)
	}
	if _, err := s.Claim(ctx, "w1", time.Minute, 3); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("Claim of an empty queue: %v, want ErrNotFound (the bad batch stored nothing)", err)
	}
	seqs, err := s.EnqueueJobs(ctx, []Job{{Kind: JobFile, Target: "a"}, {Kind: JobURL, Target: "https://x"}, {Kind: JobRange, Target: "c", First: 1, Last: 10}})
	if err != nil || len(seqs) != 3 {
		t.Fatal(seqs, err)
	}
	// Claims go in queue order, each job to one worker.
	j1, err1 := s.Claim(ctx, "w1", time.Minute, 3)
	j2, err2 := s.Claim(ctx, "w2", 300*time.Millisecond, 3)
	if err1 != nil || err2 != nil || j1.Seq != seqs[0] || j2.Seq != seqs[1] || j2.Owner != "w2" || j2.Attempts != 1 {
		t.Fatalf("claims = %+v, %v / %+v, %v; want jobs %d and %d", j1, err1, j2, err2, seqs[0], seqs[1])
	}
	// Assignment waits for the head job, then takes jobs in order.
	a, err := s.TryAssign(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.TryAssign(ctx); !errors.Is(err, news.ErrConflict) {
		t.Errorf("second TryAssign: %v, want ErrConflict", err)
	}
	if head, docs, err := a.Head(ctx); err != nil || head.Seq != seqs[0] || head.State != Extracting || docs != nil {
		t.Errorf("Head = %+v, %v, %v; want job %d, extracting", head, docs, err, seqs[0])
	}
	// w2's lease runs out: w3 takes the job over, and w2 can neither renew nor stage it.
	time.Sleep(400 * time.Millisecond)
	j3, err := s.Claim(ctx, "w3", time.Minute, 3)
	if err != nil || j3.Seq != seqs[1] || j3.Attempts != 2 {
		t.Fatalf("Claim after the lease ran out = %+v, %v; want job %d, attempt 2", j3, err, seqs[1])
	}
	if err := s.Renew(ctx, j2.Seq, "w2", time.Minute); !errors.Is(err, news.ErrConflict) {
		t.Errorf("Renew by the old owner: %v, want ErrConflict", err)
	}
	if err := s.Stage(ctx, j2.Seq, "w2", []Doc{{Err: "x"}}); !errors.Is(err, news.ErrConflict) {
		t.Errorf("Stage by the old owner: %v, want ErrConflict", err)
	}
	if err := s.Renew(ctx, j1.Seq, "w1", time.Minute); err != nil {
		t.Errorf("Renew: %v", err)
	}
	art := []byte(`{"id":"x1","title":"Sanctions on Iran","source":{},"authors":null,"paragraphs":["Body text."],"captions":null,"tags":null,"input":{"kind":"jsonl"},"warnings":null}`)
	if err := s.Stage(ctx, j1.Seq, "w1", []Doc{{Article: art}, {Err: "unreadable", Unread: true}}); err != nil {
		t.Fatal(err)
	}
	head, docs, err := a.Head(ctx)
	if err != nil || head.Seq != j1.Seq || head.State != Extracted || len(docs) != 2 || string(docs[0].Article) == "" || !docs[1].Unread {
		t.Fatalf("Head after staging = %+v, %+v, %v", head, docs, err)
	}
	head.Read, head.Stored, head.Failed, head.AssignedBy = 1, 1, 1, "w1"
	item := news.Stored{Article: &news.Article{ID: "x1", Title: "Sanctions on Iran", Paragraphs: []string{"Body text."}}, StoryID: "s1"}
	if _, err := a.Finish(ctx, head, []news.Stored{item}, []int{0}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Finish(ctx, head, nil, nil, nil); !errors.Is(err, news.ErrConflict) {
		t.Errorf("Finish twice: %v, want ErrConflict", err)
	}
	a.Release(ctx)
	if hits, total, err := s.Search(ctx, "iran", news.Page{}); err != nil || total != 1 || hits[0].ArticleID != "x1" {
		t.Errorf("Search of an article stored by Finish = %v, %d, %v", hits, total, err)
	}
	jobs, err := s.Jobs(ctx, 0, 10)
	if err != nil || len(jobs) != 3 || jobs[0].State != Done || jobs[0].Stored != 1 || jobs[0].AssignedBy != "w1" {
		t.Errorf("Jobs = %+v, %v", jobs, err)
	}
	// A job whose workers keep dying fails after MaxAttempts claims.
	for i := range 3 {
		j, err := s.Claim(ctx, "w4", time.Millisecond, 2)
		if i < 1 && (err != nil || j.Seq != seqs[2]) {
			t.Fatalf("claim %d = %+v, %v", i, j, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	counts, err := s.JobCounts(ctx)
	if err != nil || counts[Failed] != 1 || counts[Done] != 1 || counts[Extracting] != 1 {
		t.Errorf("JobCounts = %v, %v; want 1 done, 1 extracting (w3's), 1 failed", counts, err)
	}
}
