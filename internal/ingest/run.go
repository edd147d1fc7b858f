package ingest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parallax-news/parallax/internal/extract"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/reuse"
	"github.com/parallax-news/parallax/internal/story"
)

// The bounds of a write batch: a batch is committed when it holds maxBatchWrites
// articles, when maxBatchDelay has passed since its first, or when the run needs its
// documents done (end of a file or of the run). A crash loses at most the batch in
// flight, which the rerun makes again.
const (
	maxBatchWrites = 512
	maxBatchDelay  = 250 * time.Millisecond
)

// runner is one Run's pipeline: documents go through the extraction pool, are applied
// in input order by the goroutine calling add, and their writes are made in batches by
// a writer goroutine. Everything that touches the summary, the progress callback and
// the checkpoints happens on the goroutine calling add, in input order.
type runner struct {
	p    *Pipeline
	ctx  context.Context
	sum  *Summary
	fail func(error)
	cp   *checkpointer
	bw   news.BatchWriter // nil when the store writes one article at a time

	window   int        // documents read but not yet applied, at most
	jobs     chan *item // to the extraction pool
	queue    []*item    // read, not yet applied, in input order
	undone   []*item    // applied, not yet done, in input order
	inflight map[string]*pendingWrite
	read     int   // documents handed to apply (MaxDocs)
	stop     error // set once no more documents are applied: errEnough or ctx's error
	err      error // a failure that ends the run (store, checkpoint)

	writes    chan *pendingWrite
	seq       int64        // of the last entry sent to writes
	committed atomic.Int64 // seq of the last entry the writer finished
	notify    chan struct{}
	wmu       sync.Mutex
	werr      error // a checkpoint the writer could not save
	wg        sync.WaitGroup
}

// item is one handler call of source.Read: a document or the failure to read one, and
// once extracted, its article (or extraction error) and story features; once applied,
// what happened to it.
type item struct {
	doc   news.RawDoc
	err   error
	a     *news.Article
	xerr  error
	sd    *story.Doc
	rp    *reuse.Prepared
	ready chan struct{} // closed when the pool is done with it; nil when not pooled

	lang bool // left out by Options.Languages
	dup  bool // already stored
	aerr error
	w    *pendingWrite
}

func (p *Pipeline) newRunner(ctx context.Context, sum *Summary, fail func(error), cp *checkpointer) *runner {
	workers := p.workers()
	r := &runner{p: p, ctx: ctx, sum: sum, fail: fail, cp: cp, window: 32 * workers,
		inflight: map[string]*pendingWrite{}, notify: make(chan struct{}, 1)}
	r.bw, _ = p.st.(news.BatchWriter)
	r.jobs = make(chan *item, r.window)
	r.writes = make(chan *pendingWrite, maxBatchWrites)
	feats := p.index.Features()
	fingerprint := p.dedup != nil
	for range workers {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			for it := range r.jobs {
				t0 := p.start()
				it.a, it.xerr = extract.Extract(it.doc, p.opts.Extract)
				it.doc.Body = nil // the article holds what is needed of it
				p.addTime(func(t *Timing) *time.Duration { return &t.Extract }, t0)
				if it.xerr == nil {
					t0 = p.start()
					it.sd = story.Prepare(it.a, feats)
					if fingerprint {
						it.rp = reuse.Prepare(it.a)
					}
					p.addTime(func(t *Timing) *time.Duration { return &t.Prepare }, t0)
				}
				close(it.ready)
			}
		}()
	}
	r.wg.Add(1)
	go r.writer()
	return r
}

// add takes the next document read (or the failure to read one), applies the documents
// whose extraction is finished, and marks done those whose writes are made. It returns
// errEnough once Options.MaxDocs documents were applied.
func (r *runner) add(doc news.RawDoc, err error) error {
	if r.err != nil {
		return r.err
	}
	if r.stop != nil {
		return r.stop
	}
	it := &item{doc: doc, err: err}
	// Text dumps are extracted in order as they are applied: they learn their site's
	// furniture from the pages before them (Options.Extract.Templates).
	if err == nil && doc.Kind != news.KindText {
		it.ready = make(chan struct{})
		r.jobs <- it
	}
	r.queue = append(r.queue, it)
	r.pump(len(r.queue) >= r.window)
	r.collect()
	if r.err != nil {
		return r.err
	}
	return r.stop
}

// pump applies the documents at the head of the queue that are extracted; with wait,
// it first waits for the head.
func (r *runner) pump(wait bool) {
	for len(r.queue) > 0 && r.stop == nil && r.err == nil {
		n := 0
		for n < len(r.queue) && isReady(r.queue[n]) {
			n++
		}
		if n == 0 {
			if !wait {
				return
			}
			<-r.queue[0].ready
			continue
		}
		r.applyGroup(r.queue[:n])
		r.queue = r.queue[n:]
		wait = false
	}
}

func isReady(it *item) bool {
	if it.ready == nil {
		return true
	}
	select {
	case <-it.ready:
		return true
	default:
		return false
	}
}

// applyGroup applies extracted documents in input order: the lookup of articles
// already stored is one query for the group.
func (r *runner) applyGroup(group []*item) {
	p := r.p
	for _, it := range group {
		if it.err == nil && it.ready == nil && it.a == nil && it.xerr == nil {
			it.a, it.xerr = p.extract(it.doc)
		}
	}
	var known map[string]bool
	if r.bw != nil {
		// Writes leave inflight only once collect saw them made, before this lookup.
		r.collect()
		var ids []string
		for _, it := range group {
			if it.err == nil && it.xerr == nil && r.inflight[it.a.ID] == nil {
				ids = append(ids, it.a.ID)
			}
		}
		t0 := p.start()
		var err error
		if known, err = r.bw.StoredIDs(r.ctx, ids); err != nil {
			if r.ctx.Err() != nil {
				r.stop = r.ctx.Err()
			} else {
				r.err = err
			}
			return
		}
		p.addTime(func(t *Timing) *time.Duration { return &t.Store }, t0)
	}
	for _, it := range group {
		if r.p.opts.MaxDocs > 0 && r.read >= r.p.opts.MaxDocs {
			r.stop = errEnough
			return
		}
		r.apply(it, known)
		if r.stop != nil {
			return
		}
	}
}

// apply does the in-memory part of one document: language filter, story assignment,
// reuse index; its writes go to the writer.
func (r *runner) apply(it *item, known map[string]bool) {
	p := r.p
	if it.err == nil {
		r.read++
	}
	switch a := it.a; {
	case it.err != nil, it.xerr != nil:
	case len(p.opts.Languages) > 0 && a.Language != "" && !slices.Contains(p.opts.Languages, a.Language):
		it.lang = true
	default:
		var seen func(string) bool
		if r.bw != nil {
			seen = func(id string) bool { return known[id] }
		}
		w, _, err := p.assign(r.ctx, a, it.sd, it.rp, r.inflight, seen)
		switch {
		case err != nil && r.ctx.Err() != nil:
			r.stop = r.ctx.Err()
			return // not done: a resumed run reads it again
		case err != nil:
			it.aerr = err
		case w == nil:
			it.dup = true
		default:
			r.inflight[a.ID] = w
			it.w = w
			r.send(w)
		}
	}
	r.undone = append(r.undone, it)
}

func (r *runner) send(w *pendingWrite) {
	r.seq++
	w.seq = r.seq
	r.writes <- w
}

// collect marks done, in input order, the applied documents whose writes are made.
func (r *runner) collect() {
	done := r.committed.Load()
	n := 0
	for _, it := range r.undone {
		if w := it.w; w != nil {
			if w.seq > done {
				break
			}
			if w.err != nil && r.ctx.Err() != nil {
				if r.stop == nil || errors.Is(r.stop, errEnough) {
					r.stop = r.ctx.Err()
				}
				break // not done: a resumed run reads it again
			}
			if r.inflight[w.a.ID] == w {
				delete(r.inflight, w.a.ID)
			}
		}
		n++
		r.done(it)
	}
	r.undone = r.undone[n:]
	r.wmu.Lock()
	if r.werr != nil && r.err == nil {
		r.err = r.werr
	}
	r.wmu.Unlock()
}

// done counts a document, reports progress and advances its file's checkpoint.
func (r *runner) done(it *item) {
	sum := r.sum
	if it.err != nil {
		r.fail(it.err)
	} else {
		sum.Read++
		switch {
		case it.xerr != nil:
			r.fail(it.xerr)
		case it.lang:
			sum.Extracted++
			sum.Skip(SkipLanguage, 1)
		case it.aerr != nil:
			sum.Extracted++
			r.fail(it.aerr)
		case it.dup:
			sum.Extracted++
			sum.Duplicates++
		case it.w.err != nil:
			sum.Extracted++
			r.fail(it.w.err)
		case it.w.created:
			sum.Extracted++
			sum.Stored++
			sum.Relations += len(it.w.rels)
		default:
			sum.Extracted++
			sum.Duplicates++
		}
	}
	if r.p.opts.Progress != nil {
		r.p.opts.Progress(*sum)
	}
	if r.cp.tick() {
		// Saved by the writer after the writes before it: never ahead of the store.
		r.send(&pendingWrite{checkpoint: r.cp.mark()})
	}
}

// drain applies and marks done every document read so far.
func (r *runner) drain() error {
	for len(r.queue) > 0 && r.stop == nil && r.err == nil {
		r.pump(true)
	}
	flushed := int64(-1)
	for {
		r.collect()
		if r.err != nil {
			return r.err
		}
		if r.stop != nil && !errors.Is(r.stop, errEnough) {
			return r.stop
		}
		if len(r.undone) == 0 && r.committed.Load() >= r.seq {
			return nil
		}
		if flushed < r.seq {
			r.send(&pendingWrite{flush: true})
			flushed = r.seq
		}
		select {
		case <-r.notify:
		case <-r.ctx.Done():
			r.stop = r.ctx.Err()
			return r.stop
		}
	}
}

// close stops the pool and the writer, and marks done what they finished.
func (r *runner) close() {
	close(r.jobs)
	close(r.writes)
	r.wg.Wait()
	r.collect()
}

// writer makes the writes it receives, in order, in batches.
func (r *runner) writer() {
	defer r.wg.Done()
	var batch []*pendingWrite
	for {
		w, ok := <-r.writes
		if !ok {
			return
		}
		batch = append(batch[:0], w)
		deadline := time.NewTimer(maxBatchDelay)
		open := true
	fill:
		for !w.flush && len(batch) < maxBatchWrites {
			select {
			case w, open = <-r.writes:
				if !open {
					break fill
				}
				batch = append(batch, w)
			case <-deadline.C:
				break fill
			}
		}
		deadline.Stop()
		r.makeBatch(batch)
		r.committed.Store(batch[len(batch)-1].seq)
		select {
		case r.notify <- struct{}{}:
		default:
		}
		if !open {
			return
		}
	}
}

// makeBatch makes the writes of batch in one transaction when the store can, else one
// by one; a batch that fails is made again one by one, so that one bad article fails
// alone, named by its input, and the others are stored. Checkpoint marks are saved
// after the writes before them.
func (r *runner) makeBatch(batch []*pendingWrite) {
	p := r.p
	ctx := r.ctx
	var ws []news.Write
	var pend []*pendingWrite
	flushWrites := func() {
		if len(pend) == 0 {
			return
		}
		if r.bw != nil {
			t0 := p.start()
			created, err := r.bw.WriteBatch(ctx, ws)
			p.addTime(func(t *Timing) *time.Duration { return &t.Store }, t0)
			if err == nil {
				for i, w := range pend {
					w.created = created[i]
				}
				ws, pend = ws[:0], pend[:0]
				return
			}
			if ctx.Err() != nil {
				for _, w := range pend {
					w.err = ctx.Err()
				}
				ws, pend = ws[:0], pend[:0]
				return
			}
		}
		for _, w := range pend {
			w.err = p.write(ctx, w)
		}
		ws, pend = ws[:0], pend[:0]
	}
	for _, w := range batch {
		switch {
		case w.a != nil:
			ws = append(ws, news.Write{Article: w.a, StoryID: w.story, Relations: w.rels, Merged: w.merged})
			pend = append(pend, w)
		case w.checkpoint != nil:
			flushWrites()
			if err := r.cp.save(ctx, *w.checkpoint); err != nil && ctx.Err() == nil {
				r.wmu.Lock()
				r.werr = err
				r.wmu.Unlock()
			}
		}
	}
	flushWrites()
}

// addTime adds the time since t0 to one stage of Options.Timing; safe from any goroutine.
func (p *Pipeline) addTime(stage func(*Timing) *time.Duration, t0 time.Time) {
	if p.opts.Timing == nil {
		return
	}
	atomic.AddInt64((*int64)(stage(p.opts.Timing)), int64(time.Since(t0)))
}
