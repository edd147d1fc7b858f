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

// ingestGCPercent is the collector's GOGC under that limit when GOGC is not set. With
// the limit bounding the heap, the default of 100 only makes the collector run more
// often while the live heap is small (early in a run, or a short run): it collected
// whenever the heap doubled from 100-300 MB, far below the limit. With 400 the limit
// decides once the live heap passes 160 MB: `parallax bench --limit 10000` completes
// 11 collections instead of 22, with the same peak RSS bound.
const ingestGCPercent = 400

// limitMemory sets ingestMemoryLimit unless GOMEMLIMIT is set, and with it
// ingestGCPercent unless GOGC is set, and returns the limit in force.
func limitMemory() int64 {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(ingestMemoryLimit)
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(ingestGCPercent)
		}
	}
	return debug.SetMemoryLimit(-1)
}
