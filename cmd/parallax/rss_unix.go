//go:build unix

package main

import (
	"runtime"
	"syscall"
)

// peakRSS is the largest resident set this process has had, in bytes (getrusage maxrss:
// KiB on Linux, bytes on macOS); 0 when unknown.
func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) << 10
}
