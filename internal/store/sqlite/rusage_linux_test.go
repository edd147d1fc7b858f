package sqlite

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time of the calling thread (getrusage RUSAGE_THREAD); the
// goroutine must be locked to it.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
