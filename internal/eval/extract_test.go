package eval

import (
	"math"
	"testing"
	"time"
)

func TestBagF1(t *testing.T) {
	for _, c := range []struct {
		got, want string
		p, r      float64
	}{
		{"The cat sat.", "the CAT sat", 1, 1},
		{"the cat", "the cat sat on the mat", 1, 2.0 / 6},
		{"the cat sat on the mat and more words", "the cat", 2.0 / 9, 1},
		{"", "", 1, 1},
		{"", "words", 0, 0},
		{"café 2024_x", "Café 2024_x", 1, 1},
	} {
		p, r, f := BagF1(c.got, c.want)
		if math.Abs(p-c.p) > 1e-9 || math.Abs(r-c.r) > 1e-9 {
			t.Errorf("BagF1(%q, %q) = P %.3f R %.3f, want %.3f %.3f", c.got, c.want, p, r, c.p, c.r)
		}
		if c.p+c.r > 0 && math.Abs(f-2*c.p*c.r/(c.p+c.r)) > 1e-9 {
			t.Errorf("BagF1(%q, %q) F1 %.3f", c.got, c.want, f)
		}
	}
}

func TestMetadataMatches(t *testing.T) {
	if !TitleMatch("Pompeo: Iran is al-Qaida’s “home”", "pompeo iran is al qaida s home") {
		t.Error("title match should ignore case and punctuation")
	}
	if TitleMatch("Pompeo says", "Pompeo says more") {
		t.Error("titles differ")
	}
	for _, c := range []struct {
		got  []string
		want string
		ok   bool
	}{
		{[]string{"Reuters", "ILH Staff"}, "By Reuters and ILH Staff", true},
		{[]string{"ILH Staff", "Reuters"}, "Reuters, ILH Staff", true},
		{[]string{"Dylan Bailey"}, "Dylan Bailey, MS, RD, FAND", true},
		{[]string{"Reuters"}, "Reuters, ILH Staff", false},
		{nil, "", true},
		{[]string{"Someone"}, "", false},
	} {
		if got := AuthorsMatch(c.got, c.want); got != c.ok {
			t.Errorf("AuthorsMatch(%q, %q) = %v", c.got, c.want, got)
		}
	}
	tz := time.FixedZone("", 2*3600)
	if !DateMatch(time.Date(2021, 1, 12, 0, 30, 0, 0, tz), "2021-01-12") {
		t.Error("the day is read in the page's own zone")
	}
	if DateMatch(time.Date(2021, 1, 13, 0, 0, 0, 0, time.UTC), "2021-01-12") || DateMatch(time.Time{}, "2021-01-12") {
		t.Error("another day or none is no match")
	}
}

// TestExtraction scores a one-page set of each kind end to end, finding the text set's
// gold in the extraction set of the same name.
func TestExtraction(t *testing.T) {
	rep, err := Extraction(t.Context(), "testdata/extraction/tiny", ExtractionOptions{Worst: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Kind != "html" || rep.Ours.Pages != 1 || rep.Peer.Pages != 1 || rep.Peer.Name != "go-trafilatura" {
		t.Fatalf("report %+v", rep)
	}
	if rep.Ours.F1 < 0.99 || rep.Ours.Title != 1 || rep.Ours.Author != 1 || rep.Ours.Date != 1 {
		t.Errorf("ours on a clean page: %+v", rep.Ours)
	}
	if len(rep.Worst) != 1 || rep.Worst[0].ID != "0001" {
		t.Errorf("worst %+v", rep.Worst)
	}
	txt, err := Extraction(t.Context(), "testdata/textdumps/tiny", ExtractionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if txt.Kind != "text" || txt.Peer.Name != "whole dump" || !txt.Peer.NoMeta || txt.Ours.Pages != 1 {
		t.Fatalf("text report %+v", txt)
	}
	if txt.Peer.Precision >= 1 || txt.Peer.Recall <= 0 {
		t.Errorf("whole dump: %+v", txt.Peer)
	}
	if _, err := Extraction(t.Context(), "testdata/nothing", ExtractionOptions{}); err == nil {
		t.Error("a missing set is an error")
	}
}

func TestAuthorNamesQualifiers(t *testing.T) {
	for _, c := range []struct {
		byline string
		want   []string
	}{
		{"Holly Wilgus, E-RYT 200", []string{"holly wilgus"}},
		{"Mike Marshall, Shipping Expert", []string{"mike marshall"}},
		{"Genevieve Carlton, Ph.D.", []string{"genevieve carlton"}},
		{"Dr. Andrew Huberman", []string{"andrew huberman"}},
		{"Chen Zhao, Bo Li", []string{"chen zhao", "bo li"}},
		{"WSET Global", []string{"wset global"}},
	} {
		got := AuthorNames(c.byline)
		if len(got) != len(c.want) {
			t.Errorf("AuthorNames(%q) = %v, want %v", c.byline, got, c.want)
			continue
		}
		for _, w := range c.want {
			if !got[w] {
				t.Errorf("AuthorNames(%q) = %v, want %v", c.byline, got, c.want)
			}
		}
	}
}
