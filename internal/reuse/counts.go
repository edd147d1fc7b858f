package reuse

// counts maps a 64-bit key (a sentence's hash) to a positive count: Index.recurrent
// and Index.boiler, up to a million keys, looked up for every sentence of a new article
// and its candidates. Like postings it is one flat open-addressing table (linear
// probing, at most 5/8 full, backward-shift removal: Index.recurrent, bounded by
// maxRecurrent keys, then fits in 2^21 slots) with no pointers, where a Go map
// read two cache lines for most lookups.
type counts struct {
	slots []cslot // len is a power of 2
	used  int
}

// cslot is a slot of counts; n == 0 marks an empty one.
type cslot struct {
	key uint64
	n   uint32
}

func newCounts() *counts { return &counts{slots: make([]cslot, 1<<10)} }

// Len returns the number of keys held.
func (c *counts) Len() int { return c.used }

func (c *counts) find(k uint64) int {
	m := len(c.slots) - 1
	i := int(mix(k)) & m
	for c.slots[i].n != 0 && c.slots[i].key != k {
		i = (i + 1) & m
	}
	return i
}

// get returns the count of k, 0 when absent.
func (c *counts) get(k uint64) int { return int(c.slots[c.find(k)].n) }

// incr adds one to the count of k, up to limit.
func (c *counts) incr(k uint64, limit int) {
	if 8*(c.used+1) > 5*len(c.slots) {
		c.resize(2 * len(c.slots))
	}
	s := &c.slots[c.find(k)]
	if s.n == 0 {
		*s = cslot{key: k, n: 1}
		c.used++
	} else if int(s.n) < limit {
		s.n++
	}
}

// decr takes one from the count of k, dropping k at 0.
func (c *counts) decr(k uint64) {
	i := c.find(k)
	if c.slots[i].n == 0 {
		return
	}
	if c.slots[i].n--; c.slots[i].n > 0 {
		return
	}
	m := len(c.slots) - 1
	c.used--
	for j := (i + 1) & m; c.slots[j].n != 0; j = (j + 1) & m {
		h := int(mix(c.slots[j].key)) & m
		if (j > i && (h <= i || h > j)) || (j < i && h <= i && h > j) {
			c.slots[i] = c.slots[j]
			i = j
		}
	}
	c.slots[i] = cslot{}
}

// update replaces every count n by f(n), dropping the keys it takes to 0.
func (c *counts) update(f func(n uint32) uint32) {
	old := c.slots
	c.slots = make([]cslot, len(old))
	c.used = 0
	m := len(c.slots) - 1
	for _, s := range old {
		if s.n == 0 {
			continue
		}
		if s.n = f(s.n); s.n == 0 {
			continue
		}
		i := int(mix(s.key)) & m
		for c.slots[i].n != 0 {
			i = (i + 1) & m
		}
		c.slots[i] = s
		c.used++
	}
}

func (c *counts) resize(n int) {
	old := c.slots
	c.slots = make([]cslot, n)
	m := n - 1
	for _, s := range old {
		if s.n == 0 {
			continue
		}
		i := int(mix(s.key)) & m
		for c.slots[i].n != 0 {
			i = (i + 1) & m
		}
		c.slots[i] = s
	}
}
