package main

import (
	"strings"
	"testing"
)

func TestCompareText(t *testing.T) {
	code, out, errs := parallax(t, append([]string{"compare", "--format", "text"}, seeds...)...)
	if code != 0 {
		t.Fatalf("compare --format text: exit %d: %s", code, errs)
	}
	for _, want := range []string{"Who published when", "Headlines", "Shared copy: ", "What only one article reports",
		"Sima Shine", "sources familiar with the matter said"} {
		if !strings.Contains(out, want) {
			t.Errorf("text brief lacks %q:\n%s", want, out)
		}
	}
	if strings.HasPrefix(strings.TrimSpace(out), "{") {
		t.Error("--format text printed JSON")
	}
	code, _, errs = parallax(t, append([]string{"compare", "--format", "xml"}, seeds...)...)
	if code == 0 || !strings.Contains(errs, "--format") {
		t.Errorf("--format xml: exit %d, stderr %q; want a failure naming --format", code, errs)
	}
}
