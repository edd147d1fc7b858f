package cputime

import (
	"runtime"
	"testing"
)

// Work done by this process shows in Self, which never goes back.
func TestSelfGrowsWithWork(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("not measured on this platform")
	}
	start := Self()
	x := 0
	for i := 0; Self()-start <= 0 && i < 1e9; i++ {
		x += i % 7
	}
	if end := Self(); end <= start {
		t.Fatalf("Self went from %v to %v after busy work (%d)", start, end, x)
	}
}
