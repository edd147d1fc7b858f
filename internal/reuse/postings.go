package reuse

// postings maps a 64-bit key (an LSH band value, a passage anchor) to the held
// articles under it, at most max of them: pushing onto a full bucket drops its oldest.
//
// It holds about a million keys for a window of articles, and every new article looks
// up, inserts and later removes a few hundred of them at random, so it is built for
// that rather than on a Go map of slices: one flat open-addressing table of 16-byte
// slots (linear probing, at most half full, removal by backward shift) whose bucket
// lists live in one slab of nodes. Neither holds a pointer, so the garbage collector
// never scans them, and a lookup of a missing key (most of them) reads one cache line.
type postings struct {
	slots []pslot // len is a power of 2
	used  int
	nodes []pnode // nodes[0] is unused: 0 ends a list
	free  int32   // first node of the free list, or 0
	max   int32
}

// pslot is a slot of the table; n == 0 marks an empty one.
type pslot struct {
	key  uint64
	head int32 // newest node of the bucket; each links to the next older one
	n    int32 // nodes in the bucket
}

// pnode is one article (its Index.ents slot) in a bucket.
type pnode struct {
	ent  int32
	next int32
}

func newPostings(max int) *postings {
	return &postings{slots: make([]pslot, 1<<10), nodes: make([]pnode, 1, 1<<10), max: int32(max)}
}

// Len returns the number of keys held.
func (t *postings) Len() int { return t.used }

// find returns the slot index of key k, or of the empty slot where it would go.
func (t *postings) find(k uint64) int {
	m := len(t.slots) - 1
	i := int(mix(k)) & m
	for t.slots[i].n != 0 && t.slots[i].key != k {
		i = (i + 1) & m
	}
	return i
}

// each calls fn with each article slot held under k, newest first, unless more than
// limit are.
func (t *postings) each(k uint64, limit int, fn func(ent int32)) {
	s := t.slots[t.find(k)]
	if int(s.n) > limit {
		return
	}
	for i, nd := int32(0), s.head; i < s.n; i++ {
		fn(t.nodes[nd].ent)
		nd = t.nodes[nd].next
	}
}

// push holds article slot ent under k, dropping the oldest of a full bucket.
func (t *postings) push(k uint64, ent int32) {
	if 2*(t.used+1) > len(t.slots) {
		t.grow()
	}
	i := t.find(k)
	s := &t.slots[i]
	if s.n == 0 {
		*s = pslot{key: k}
		t.used++
	}
	nd := t.node()
	t.nodes[nd] = pnode{ent: ent, next: s.head}
	s.head = nd
	s.n++
	if s.n > t.max {
		// Cut the oldest: the last node of the list.
		prev := s.head
		for j := int32(2); j < s.n; j++ {
			prev = t.nodes[prev].next
		}
		t.release(t.nodes[prev].next)
		t.nodes[prev].next = 0
		s.n--
	}
}

// remove drops article slot ent from under k, wherever it is there.
func (t *postings) remove(k uint64, ent int32) {
	i := t.find(k)
	s := &t.slots[i]
	if s.n == 0 {
		return
	}
	for p, nd := int32(0), s.head; nd != 0; {
		next := t.nodes[nd].next
		if t.nodes[nd].ent != ent {
			p, nd = nd, next
			continue
		}
		if p == 0 {
			s.head = next
		} else {
			t.nodes[p].next = next
		}
		t.release(nd)
		s.n--
		nd = next
	}
	if s.n == 0 {
		t.deleteSlot(i)
	}
}

func (t *postings) node() int32 {
	if t.free != 0 {
		nd := t.free
		t.free = t.nodes[nd].next
		return nd
	}
	t.nodes = append(t.nodes, pnode{})
	return int32(len(t.nodes) - 1)
}

func (t *postings) release(nd int32) {
	t.nodes[nd] = pnode{next: t.free}
	t.free = nd
}

// deleteSlot empties slot i and shifts back the slots after it that probing would no
// longer reach.
func (t *postings) deleteSlot(i int) {
	m := len(t.slots) - 1
	t.used--
	for j := (i + 1) & m; t.slots[j].n != 0; j = (j + 1) & m {
		h := int(mix(t.slots[j].key)) & m
		// Slot j may move to i when its home h is not in the cyclic range (i, j].
		if (j > i && (h <= i || h > j)) || (j < i && h <= i && h > j) {
			t.slots[i] = t.slots[j]
			i = j
		}
	}
	t.slots[i] = pslot{}
}

func (t *postings) grow() {
	old := t.slots
	t.slots = make([]pslot, 2*len(old))
	m := len(t.slots) - 1
	for _, s := range old {
		if s.n == 0 {
			continue
		}
		i := int(mix(s.key)) & m
		for t.slots[i].n != 0 {
			i = (i + 1) & m
		}
		t.slots[i] = s
	}
}

// pairIndex finds the sentences of a new article that hold a pair of content words
// (print.pairs), for Index.align: a small hash table rebuilt for each article in
// buffers kept from the last, where a Go map of slices allocated for every article.
type pairIndex struct {
	keys  []uint64
	heads []int32 // 1 + the newest item of the key's list; 0 marks an empty slot
	items []pairItem
}

type pairItem struct{ sent, next int32 }

// reset empties x for about n pairs.
func (x *pairIndex) reset(n int) {
	size := 16
	for size < 2*n {
		size *= 2
	}
	if cap(x.keys) < size {
		x.keys, x.heads = make([]uint64, size), make([]int32, size)
	} else {
		x.keys, x.heads = x.keys[:size], x.heads[:size]
		clear(x.heads)
	}
	x.items = x.items[:0]
}

func (x *pairIndex) slot(h uint64) int {
	m := len(x.keys) - 1
	i := int(h) & m // pair hashes are mixed
	for x.heads[i] != 0 && x.keys[i] != h {
		i = (i + 1) & m
	}
	return i
}

// add records that sentence sent holds pair h. At most the n pairs given to reset may
// be added.
func (x *pairIndex) add(h uint64, sent int32) {
	i := x.slot(h)
	x.keys[i] = h
	x.items = append(x.items, pairItem{sent: sent, next: x.heads[i]})
	x.heads[i] = int32(len(x.items))
}

// each calls fn with each sentence that holds pair h.
func (x *pairIndex) each(h uint64, fn func(sent int32)) {
	for it := x.heads[x.slot(h)]; it != 0; it = x.items[it-1].next {
		fn(x.items[it-1].sent)
	}
}
