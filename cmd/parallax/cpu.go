package main

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/parallax-news/parallax/internal/cputime"
)

var cpuTime = cputime.Self

// startCPUProfile starts a CPU profile written to path (the --cpuprofile flag; "" for
// none). The returned stop ends the profile and closes its file.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
