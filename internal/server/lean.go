package server

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
)

// coverage is how a story's outlets spread over the left-right axis.
type coverage struct {
	Left, Center, Right, Unknown int // outlets on each side
	Segments                     []segment
	// Blindspot is "left" or "right" when two or more outlets of known lean cover the
	// story and all are on that side; empty otherwise.
	Blindspot string
}

// segment is one part of the coverage bar, in percent of its width.
type segment struct {
	Class string // "lean-left", "lean-center", "lean-right", "lean-unknown"
	Label string
	X, W  string // percent, as SVG attribute values
}

// Summary says the coverage in words, for screen readers and tooltips.
func (c coverage) Summary() string {
	s := fmt.Sprintf("%d left, %d center, %d right", c.Left, c.Center, c.Right)
	if c.Unknown > 0 {
		s += fmt.Sprintf(", %d of unknown lean", c.Unknown)
	}
	return s
}

// Known is the number of outlets whose lean is known.
func (c coverage) Known() int { return c.Left + c.Center + c.Right }

// newCoverage counts each distinct outlet once, with its lean from leans (the source
// table) else from fallback (the articles' own lean).
func newCoverage(labels []string, leans map[string]string, fallback map[string]string) coverage {
	var c coverage
	seen := map[string]bool{}
	for _, l := range labels {
		if seen[l] {
			continue
		}
		seen[l] = true
		lean, ok := leans[l]
		if !ok {
			lean = fallback[l]
		}
		switch news.Side(lean) {
		case news.LeanLeft:
			c.Left++
		case news.LeanCenter:
			c.Center++
		case news.LeanRight:
			c.Right++
		default:
			c.Unknown++
		}
	}
	total := c.Left + c.Center + c.Right + c.Unknown
	if total == 0 {
		return c
	}
	x := 0.0
	for _, p := range []struct {
		n            int
		class, label string
	}{{c.Left, "lean-left", "left"}, {c.Center, "lean-center", "center"}, {c.Right, "lean-right", "right"}, {c.Unknown, "lean-unknown", "unknown lean"}} {
		if p.n == 0 {
			continue
		}
		w := 100 * float64(p.n) / float64(total)
		c.Segments = append(c.Segments, segment{Class: p.class, Label: strconv.Itoa(p.n) + " " + p.label,
			X: strconv.FormatFloat(x, 'f', 2, 64), W: strconv.FormatFloat(w, 'f', 2, 64)})
		x += w
	}
	switch {
	case c.Known() >= 2 && c.Left == c.Known():
		c.Blindspot = news.LeanLeft
	case c.Known() >= 2 && c.Right == c.Known():
		c.Blindspot = news.LeanRight
	}
	return c
}

// leans maps source labels to their lean in effect (user edits included); it is empty
// when the store has no source table, and callers fall back to the articles' leans.
func (s *Server) leans(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	if s.sources == nil {
		return out, nil
	}
	list, err := s.sources.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("source leans: %w", err)
	}
	for _, si := range list {
		out[si.Label] = si.Lean
	}
	return out, nil
}

// leanClass is the CSS class of a lean.
func leanClass(lean string) string {
	if side := news.Side(lean); side != "" {
		return "lean-" + side
	}
	return "lean-unknown"
}

// leanName is a lean as the UI writes it.
func leanName(lean string) string {
	if strings.TrimSpace(lean) == "" {
		return "unknown"
	}
	return lean
}
