package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestEvalExtract(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"eval", "extract", "--set", "../../internal/eval/testdata/extraction/tiny", "--show", "1"}, strings.NewReader(""), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"html, 1 pages", "parallax ", "go-trafilatura ", "speed (pages/s per core) parallax / go-trafilatura"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(errb.String(), "0001") {
		t.Errorf("--show 1 lists no page: %s", errb.String())
	}
	out.Reset()
	errb.Reset()
	code = run(context.Background(), []string{"eval", "extract", "--set", "../../internal/eval/testdata/extraction/tiny", "--no-peer", "--errors"}, strings.NewReader(""), &out, &errb)
	if code != 0 || strings.Contains(out.String(), "go-trafilatura") || !strings.Contains(out.String(), "parallax ") {
		t.Errorf("--no-peer --errors: exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
	code = run(context.Background(), []string{"eval", "extract", "--set", "no/such/dir"}, strings.NewReader(""), &out, &errb)
	if code == 0 || !strings.Contains(errb.String(), "no/such/dir") {
		t.Errorf("a missing set: exit %d, stderr %q", code, errb.String())
	}
}
