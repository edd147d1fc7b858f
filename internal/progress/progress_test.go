package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestPlainLinesAreSpacedAndShowRateAndETA(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	plain := false
	m := New(&buf, Options{Label: "ingest", Total: 1000, TTY: &plain, Every: 10 * time.Second, Now: func() time.Time { return now }})
	for i := 1; i <= 30; i++ {
		now = now.Add(time.Second)
		m.AddBytes(10)
		m.Update(i*2, "stored 1")
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines in 30s at one per 10s:\n%s", len(lines), buf.String())
	}
	// After 10s: 100 of 1000 bytes, 20 docs: 2 docs/s, 90s to go.
	if want := "ingest:  10% 20 docs, 2.0 docs/s, 10s elapsed (stored 1) ETA 1m30s"; lines[0] != want {
		t.Errorf("line 1 = %q\n   want %q", lines[0], want)
	}
	if strings.Contains(buf.String(), "\r") || strings.Contains(buf.String(), "[") {
		t.Error("plain output has terminal controls or a bar")
	}
}

func TestTerminalRedrawsABar(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	tty := true
	m := New(&buf, Options{Label: "ingest", Total: 100, TTY: &tty, Now: func() time.Time { return now }})
	for i := 1; i <= 5; i++ {
		now = now.Add(time.Second)
		m.AddBytes(10)
		m.Update(i, "")
	}
	m.Finish()
	out := buf.String()
	if strings.Count(out, "\r\033[K") != 6 || strings.Contains(out, "\n") {
		t.Errorf("want 5 redraws and a clear, no newlines: %q", out)
	}
	if !strings.Contains(out, "[============            ]  50% 5 docs") {
		t.Errorf("no half-full bar in %q", out)
	}
}
