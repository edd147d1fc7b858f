package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startParallax runs the test binary as `parallax args...` in its own process.
func startParallax(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	a, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PARALLAX_TEST_ARGS="+string(a))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

// TestLoadWhileIngesting serves a store from one process, ingests into the same SQLite
// store from another, and drives the server with `parallax loadtest` meanwhile: no
// request may fail. It checks correctness under load, not speed.
func TestLoadWhileIngesting(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a server, an ingest and a load generator")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if code, _, errs := parallax(t, append([]string{"ingest", "--db", db}, seeds...)...); code != 0 {
		t.Fatalf("ingest seeds: %d %s", code, errs)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	srv, srvErr := startParallax(t, "serve", "--db", db, "--addr", addr, "--poll=false")
	defer func() {
		srv.Process.Signal(os.Interrupt)
		if err := srv.Wait(); err != nil {
			t.Errorf("serve did not shut down cleanly on SIGINT: %v: %s", err, srvErr)
		}
	}()
	up := false
	for range 200 {
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			up = true
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !up {
		t.Fatalf("serve did not come up on %s: %s", addr, srvErr)
	}
	ing, ingErr := startParallax(t, "ingest", "--db", db, "../../internal/sample/allsides-2019-11-16-to-12-31.jsonl.gz")
	ingDone := make(chan error, 1)
	go func() { ingDone <- ing.Wait() }()

	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"loadtest", "--url", "http://" + addr, "--duration", "3s", "--concurrency", "4"}, strings.NewReader(""), &out, &errb)
	t.Log(strings.TrimSpace(out.String()))
	if code != 0 {
		t.Errorf("loadtest: exit %d: %s%s", code, out.String(), errb.String())
	}
	select {
	case err := <-ingDone:
		if err != nil {
			t.Errorf("ingest beside the server: %v: %s", err, ingErr)
		}
	case <-time.After(3 * time.Minute):
		ing.Process.Kill()
		t.Errorf("ingest beside the server did not end: %s", ingErr)
	}
	if !strings.Contains(out.String(), " 0 errors") {
		t.Errorf("loadtest summary: %q", out.String())
	}
}
