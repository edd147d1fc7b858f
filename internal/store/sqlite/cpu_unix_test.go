//go:build unix

package sqlite

import (
	"syscall"
	"time"
)

// cpuTime is the processor time this process has used: on a shared machine it
// measures the work where ns/op measures the neighbours too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
