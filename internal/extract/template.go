package extract

import (
	"container/list"
	"hash/fnv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Templates is a per-site model of page furniture learnt across documents: a line that
// recurs in many text dumps of the same site (menus, footers, share widgets, newsletter
// prompts) is template, not content, even when a page prints it only once. Extract
// consults it through Options.Templates and adds every text dump it reads, so the model
// grows as documents are extracted.
//
// Memory is bounded: at most MaxSites sites are kept (least recently used evicted), and
// each site keeps at most maxSiteLines line hashes (lines seen in one document only are
// dropped first). A Templates is safe for concurrent use; the zero value is not usable,
// call NewTemplates.
type Templates struct {
	mu       sync.Mutex
	maxSites int
	sites    map[string]*list.Element // host -> element holding *siteLines
	lru      *list.List               // front: most recently used
}

// DefaultTemplateSites is the number of sites a Templates keeps when NewTemplates gets 0.
const DefaultTemplateSites = 512

const (
	// maxSiteLines bounds the line hashes kept per site (about 40 bytes each in the map).
	maxSiteLines = 4096
	// templateMinDocs is how many earlier documents of the site must hold a line before
	// it counts as template: two pages that share a line may be one story printed twice,
	// three are a pattern.
	templateMinDocs = 3
	// recentDocs is how many document fingerprints per site are kept, so that the same
	// page extracted twice is not learnt twice (which would make its body "template").
	recentDocs = 64
)

// siteLines counts, per line hash, the documents of one site that hold the line.
type siteLines struct {
	host   string
	docs   int
	counts map[uint64]uint32
	recent []uint64 // fingerprints of recently learnt documents (ring)
	next   int
	// Pages of the site that wrote a numeric date whose order shows (a day above 12):
	// the site's convention for reading 01-12-2021.
	dayFirst, monthFirst int
}

// NewTemplates returns an empty model keeping at most maxSites sites (0 means
// DefaultTemplateSites).
func NewTemplates(maxSites int) *Templates {
	if maxSites <= 0 {
		maxSites = DefaultTemplateSites
	}
	return &Templates{maxSites: maxSites, sites: map[string]*list.Element{}, lru: list.New()}
}

// Sites is the number of sites the model currently holds.
func (m *Templates) Sites() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lru.Len()
}

// Docs is the number of distinct documents of host the model has learnt from.
func (m *Templates) Docs(host string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.sites[host]; ok {
		return e.Value.(*siteLines).docs
	}
	return 0
}

// Observe reports, for each line, how many earlier documents of host held it, then adds
// the document (its distinct lines) to the model. An empty host learns nothing.
func (m *Templates) Observe(host string, lines []string) []int {
	counts := make([]int, len(lines))
	if m == nil || host == "" || len(lines) == 0 {
		return counts
	}
	hashes := make([]uint64, len(lines))
	// The fingerprint is over the exact text: pages that differ only in their numbers are
	// different pages.
	doc := fnv.New64a()
	for i, l := range lines {
		hashes[i] = lineHash(l)
		doc.Write([]byte(l))
		doc.Write([]byte{'\n'})
	}
	fp := doc.Sum64()

	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.site(host)
	for i, h := range hashes {
		counts[i] = int(s.counts[h])
	}
	for _, r := range s.recent {
		if r == fp {
			// The same page again: report what the other documents say, learn nothing.
			return counts
		}
	}
	if len(s.recent) < recentDocs {
		s.recent = append(s.recent, fp)
	} else {
		s.recent[s.next] = fp
		s.next = (s.next + 1) % recentDocs
	}
	s.docs++
	seen := make(map[uint64]bool, len(hashes))
	for _, h := range hashes {
		if seen[h] {
			continue
		}
		seen[h] = true
		if c := s.counts[h]; c < 1<<31 {
			s.counts[h] = c + 1
		}
	}
	if len(s.counts) > maxSiteLines {
		s.prune()
	}
	return counts
}

// NoteDateOrder records that a page of host wrote a numeric date day first (25-12-2020)
// or month first (12-25-2020).
func (m *Templates) NoteDateOrder(host string, dayFirst bool) {
	if m == nil || host == "" {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.site(host)
	if dayFirst {
		s.dayFirst++
	} else {
		s.monthFirst++
	}
}

// DateOrder is host's convention for numeric dates, known when its pages so far wrote
// them one way only.
func (m *Templates) DateOrder(host string) (dayFirst, known bool) {
	if m == nil || host == "" {
		return false, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.sites[host]
	if !ok {
		return false, false
	}
	s := e.Value.(*siteLines)
	switch {
	case s.dayFirst > 0 && s.monthFirst == 0:
		return true, true
	case s.monthFirst > 0 && s.dayFirst == 0:
		return false, true
	}
	return false, false
}

// site returns host's entry, creating it and evicting the least recently used site when
// the model is full. m.mu is held.
func (m *Templates) site(host string) *siteLines {
	if e, ok := m.sites[host]; ok {
		m.lru.MoveToFront(e)
		return e.Value.(*siteLines)
	}
	for m.lru.Len() >= m.maxSites {
		old := m.lru.Back()
		m.lru.Remove(old)
		delete(m.sites, old.Value.(*siteLines).host)
	}
	s := &siteLines{host: host, counts: map[uint64]uint32{}}
	m.sites[host] = m.lru.PushFront(s)
	return s
}

// prune drops the rarest lines until the site is at three quarters of its cap: lines of a
// single document go first, which are article text, not template.
func (s *siteLines) prune() {
	target := maxSiteLines * 3 / 4
	for floor := uint32(1); len(s.counts) > target; floor++ {
		for h, c := range s.counts {
			if c <= floor {
				delete(s.counts, h)
			}
		}
	}
	// Rebuild the map so that its buckets shrink too.
	c := make(map[uint64]uint32, len(s.counts))
	for h, n := range s.counts {
		c[h] = n
	}
	s.counts = c
}

// lineHash hashes a line's comparison form: lowercase letters and digits (digits folded to
// 0, so "3 comments" and "12 comments" are one line), single spaces.
func lineHash(l string) uint64 {
	h := fnv.New64a()
	var buf [4]byte
	space, any := false, false
	for _, r := range strings.ToLower(l) {
		switch {
		case unicode.IsDigit(r):
			r = '0'
		case unicode.IsLetter(r):
		default:
			space = true
			continue
		}
		if space && any {
			h.Write([]byte{' '})
		}
		space, any = false, true
		n := utf8.EncodeRune(buf[:], r)
		h.Write(buf[:n])
	}
	return h.Sum64()
}
