//go:build unix

// Package cputime reads the processor time this process has used. On a shared machine it
// measures the work of a benchmark or an evaluation, where the wall clock measures the
// neighbours too.
package cputime

import (
	"syscall"
	"time"
)

// Self is the processor time (user and system) this process has used so far; 0 when it
// cannot be read.
func Self() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
