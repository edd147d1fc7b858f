//go:build !unix

// Package cputime reads the processor time this process has used. On a shared machine it
// measures the work of a benchmark or an evaluation, where the wall clock measures the
// neighbours too.
package cputime

import "time"

// Self is not measured on this platform: it is always 0.
func Self() time.Duration { return 0 }
