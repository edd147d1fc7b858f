package main

import (
	"os"
	"runtime/debug"
)

// ingestMemoryLimit is the Go runtime's soft memory limit for the long ingest commands
// (ingest, bench, worker) when GOMEMLIMIT is not set. Their live heap is bounded by the
// reuse and story windows (about 400-500 MB on the whole AllSides corpus); the
// collector's default of letting the heap grow to twice the live heap would take the
// process past 1 GB. Near the limit the collector runs more often instead: it costs
// some CPU, never correctness, and GOMEMLIMIT overrides it.
const ingestMemoryLimit = 800 << 20

// limitMemory sets ingestMemoryLimit unless GOMEMLIMIT is set, and returns the limit
// in force.
func limitMemory() int64 {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(ingestMemoryLimit)
	}
	return debug.SetMemoryLimit(-1)
}
