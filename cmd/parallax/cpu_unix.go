//go:build unix

package main

import (
	"syscall"
	"time"
)

// cpuTime is the processor time (user and system) this process has used so far: on a
// shared machine it measures the work, where the wall clock measures the neighbours too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
