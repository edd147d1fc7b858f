//go:build !linux

package sqlite

import "time"

// threadCPU falls back to the whole process's CPU time where there is no per-thread
// figure: BenchmarkWriteBatchPaired then counts every goroutine.
func threadCPU() time.Duration { return cpuTime() }
