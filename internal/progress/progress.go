// Package progress reports how a long job is going: a redrawn bar with rate and ETA on
// a terminal, plain periodic lines otherwise (logs, CI), and nothing in between calls.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// Meter tracks a job's progress in bytes of input (for the percentage and ETA, when
// the total is known) and in documents (for the rate). It is safe for concurrent use.
type Meter struct {
	mu       sync.Mutex
	w        io.Writer
	label    string
	tty      bool
	every    time.Duration
	total    int64 // input bytes; 0 when unknown
	bytes    int64
	docs     int
	note     string
	start    time.Time
	last     time.Time
	now      func() time.Time
	drawn    bool
	finished bool
}

// Options tune a Meter.
type Options struct {
	Label string        // "ingest"
	Total int64         // bytes of input in all; 0 when unknown
	TTY   *bool         // force terminal (true) or plain (false) output; nil detects it from w
	Every time.Duration // plain-line interval (default 10s; a terminal redraws every 200ms)
	Now   func() time.Time
}

// New returns a meter writing to w.
func New(w io.Writer, opts Options) *Meter {
	m := &Meter{w: w, label: opts.Label, total: opts.Total, now: opts.Now, every: opts.Every}
	if m.now == nil {
		m.now = time.Now
	}
	if opts.TTY != nil {
		m.tty = *opts.TTY
	} else {
		m.tty = IsTerminal(w)
	}
	if m.every <= 0 {
		m.every = 10 * time.Second
		if m.tty {
			m.every = 200 * time.Millisecond
		}
	}
	m.start = m.now()
	m.last = m.start
	return m
}

// IsTerminal reports whether w is a character device (a terminal).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// AddBytes counts n more bytes of input consumed.
func (m *Meter) AddBytes(n int) {
	m.mu.Lock()
	m.bytes += int64(n)
	m.mu.Unlock()
}

// Update sets the documents done and a short note (counts so far), and draws when due.
func (m *Meter) Update(docs int, note string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs, m.note = docs, note
	now := m.now()
	if now.Sub(m.last) < m.every || m.finished {
		return
	}
	m.last = now
	m.draw(now)
}

// Line renders the current state as one line (no newline).
func (m *Meter) Line() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.line(m.now())
}

func (m *Meter) line(now time.Time) string {
	el := now.Sub(m.start)
	rate := 0.0
	if s := el.Seconds(); s > 0 {
		rate = float64(m.docs) / s
	}
	var b strings.Builder
	b.WriteString(m.label)
	b.WriteString(": ")
	if m.total > 0 {
		frac := min(float64(m.bytes)/float64(m.total), 1)
		if m.tty {
			const width = 24
			n := int(frac * width)
			b.WriteString("[" + strings.Repeat("=", n) + strings.Repeat(" ", width-n) + "] ")
		}
		fmt.Fprintf(&b, "%3.0f%% ", 100*frac)
	}
	fmt.Fprintf(&b, "%d docs, %.1f docs/s, %s elapsed", m.docs, rate, el.Round(time.Second))
	if m.note != "" {
		fmt.Fprintf(&b, " (%s)", m.note)
	}
	if m.total > 0 {
		if frac := float64(m.bytes) / float64(m.total); frac > 0.001 && frac < 1 {
			eta := time.Duration(float64(el) * (1 - frac) / frac)
			fmt.Fprintf(&b, " ETA %s", eta.Round(time.Second))
		}
	}
	return b.String()
}

func (m *Meter) draw(now time.Time) {
	l := m.line(now)
	if l == "" {
		return
	}
	if m.tty {
		fmt.Fprintf(m.w, "\r\033[K%s", l)
		m.drawn = true
		return
	}
	fmt.Fprintln(m.w, l)
}

// Clear erases the bar (terminal) so that a message can be printed on its own line;
// the next Update draws it again.
func (m *Meter) Clear() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.tty && m.drawn {
		fmt.Fprint(m.w, "\r\033[K")
		m.drawn = false
	}
}

// Finish clears the bar (terminal) so that the summary that follows starts on a clean
// line. Later Updates draw nothing.
func (m *Meter) Finish() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.finished = true
	if m.tty && m.drawn {
		fmt.Fprint(m.w, "\r\033[K")
	}
}

// Reader counts the bytes read through r into m.
func (m *Meter) Reader(r io.Reader) io.Reader { return &countingReader{r: r, m: m} }

type countingReader struct {
	r io.Reader
	m *Meter
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.m.AddBytes(n)
	return n, err
}
