package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const clusterInput = `{"id": "a1", "title": "Volcano erupts on remote island", "published": "2019-11-05", "source": {"name": "Wire"}, "text": "Ash clouds rose over the remote island of Tala after the volcano erupted at dawn, officials said."}
{"id": "b1", "title": "Senate passes budget bill", "published": "2019-11-05", "source": {"name": "Daily"}, "text": "The Senate passed the budget bill late on Tuesday after a long debate over spending."}
{"id": "a2", "title": "Island volcano eruption forces evacuations", "published": "2019-11-06", "source": {"name": "Herald"}, "text": "Thousands fled the remote island of Tala as the volcano kept erupting and ash clouds spread."}
`

func TestClusterCommand(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(in, []byte(clusterInput), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := parallax(t, "cluster", "--in", in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	story := map[string]string{}
	var order []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var l struct{ ID, Story string }
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		story[l.ID] = l.Story
		order = append(order, l.ID)
	}
	if strings.Join(order, " ") != "a1 b1 a2" {
		t.Errorf("lines in order %v, want the input order", order)
	}
	if story["a1"] != story["a2"] || story["a1"] == story["b1"] {
		t.Errorf("stories %v: want a1 and a2 together, b1 apart", story)
	}

	code, out, errs = parallax(t, "cluster", "--in", in, "--stories")
	if code != 0 {
		t.Fatalf("--stories: exit %d: %s", code, errs)
	}
	type record struct {
		ID       string
		Title    string
		Outlets  []string
		Count    int
		Articles []string
		First    *string
	}
	var records []record
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var one record
		if err := json.Unmarshal([]byte(line), &one); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		records = append(records, one)
	}
	if len(records) != 2 {
		t.Fatalf("%d story records, want 2:\n%s", len(records), out)
	}
	for _, r := range records {
		if r.ID == story["a1"] {
			if r.Count != 2 || strings.Join(r.Outlets, ",") != "Wire,Herald" || !strings.Contains(r.Title, "olcano") || r.First == nil {
				t.Errorf("volcano story record %+v", r)
			}
		}
	}
}

// eval cluster --by-week with grid lists tries every listed lead, decay and agreement weight
// on both weeks, and a bad list is refused, naming the flag.
func TestEvalClusterGridLists(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	second := `{"id": "c1", "title": "Storm floods coastal towns", "published": "2019-11-13", "source": {"name": "Wire"}, "text": "Heavy rain from the storm flooded coastal towns overnight and rescuers moved residents to shelters."}
{"id": "c2", "title": "Coastal towns flooded as storm lingers", "published": "2019-11-13", "source": {"name": "Herald"}, "text": "Rescuers moved residents of flooded coastal towns to shelters as the storm kept dropping heavy rain."}
`
	if err := os.WriteFile(in, []byte(clusterInput+second), 0o644); err != nil {
		t.Fatal(err)
	}
	gold := filepath.Join(dir, "gold.jsonl")
	labels := `{"id": "a1", "story": "V"}
{"id": "a2", "story": "V"}
{"id": "b1", "story": "B"}
{"id": "c1", "story": "S"}
{"id": "c2", "story": "S"}
`
	if err := os.WriteFile(gold, []byte(labels), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := parallax(t, "eval", "cluster", "--gold", gold, "--in", in, "--by-week", "--grid-decay", "48h,96h", "--grid-agree", "0,0.5", "--grid-lead", "160,300")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"\n  160 48h 0.00 0.14 0.25 ", "\n  300 96h 0.50 0.14 0.25 ", "fold 1: picked on", "fold 2: picked on"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, _, errs = parallax(t, "eval", "cluster", "--gold", gold, "--in", in, "--by-week", "--grid-agree", "0,2")
	if code == 0 || !strings.Contains(errs, "--grid-agree") {
		t.Errorf("--grid-agree 0,2: exit %d, stderr %q; want a failure naming the flag", code, errs)
	}
}
