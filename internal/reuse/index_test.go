package reuse

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

var t0 = time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)

// words is a vocabulary to make sentences no two tests share by chance.
var vocab = strings.Fields(`minister council harbour railway budget election senator refugees treaty pipeline
	tariff drought vaccine border protest verdict airline factory reactor satellite coalition inflation
	embassy ceasefire lawsuit regulator merger strike hospital wildfire flood earthquake sanctions militia
	parliament governor mayor police court judge union teachers farmers miners bankers students pilots
	nurses soldiers voters investors tenants workers agency committee ministry province district capital`)

// randSentence returns a random sentence of 14 to 22 words, mostly content words.
func randSentence(rng *rand.Rand) string {
	n := 14 + rng.IntN(9)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = vocab[rng.IntN(len(vocab))]
		if i%4 == 3 {
			ws[i] = "the"
		}
	}
	ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
	return strings.Join(ws, " ") + "."
}

// body returns paragraphs of two sentences each, n sentences in all.
func body(rng *rand.Rand, n int) []string {
	var ps []string
	for i := 0; i < n; i += 2 {
		ps = append(ps, randSentence(rng)+" "+randSentence(rng))
	}
	return ps
}

func art(id, outlet string, paras []string) *news.Article {
	return &news.Article{ID: id, Title: "Title " + id, Source: news.Source{Name: outlet, Domain: outlet + ".example"}, Paragraphs: paras}
}

func only(t *testing.T, rels []news.Relation) news.Relation {
	t.Helper()
	if len(rels) != 1 {
		t.Fatalf("relations = %+v, want one", rels)
	}
	return rels[0]
}

func TestIndexRelations(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ix := NewIndex(IndexOptions{})
	orig := art("orig", "wire", body(rng, 20))
	orig.Paragraphs[0] = "WASHINGTON (Reuters) - The U.S. " + orig.Paragraphs[0]
	if rels := ix.Add(orig, t0); len(rels) != 0 {
		t.Fatalf("first article related: %+v", rels)
	}

	// An edited reprint: a sentence dropped, paragraphs swapped, a local paragraph.
	ps := append([]string{}, orig.Paragraphs...)
	ps[2] = strings.SplitAfter(ps[2], ". ")[0]
	ps[4], ps[5] = ps[5], ps[4]
	ps = append(ps[:6], append([]string{randSentence(rng)}, ps[6:]...)...)
	ps[0] = strings.ReplaceAll(ps[0], "U.S.", "US")
	r := only(t, ix.Add(art("copy", "daily", ps), t0.Add(time.Hour)))
	if r.Kind != news.RelDuplicate || r.Earlier != "orig" || r.Later != "copy" || r.Fraction < 0.8 || r.Wire != "Reuters" {
		t.Errorf("edited copy: %+v, want a duplicate of orig crediting Reuters", r)
	}

	// The same text again ("U.S." folds to "US"): an exact duplicate.
	ex := append([]string{}, orig.Paragraphs...)
	ex[0] = strings.ReplaceAll(ex[0], "U.S.", "US")
	rels := ix.Add(art("exact", "aggregator", ex), t0.Add(2*time.Hour))
	found := false
	for _, r := range rels {
		found = found || (r.Earlier == "orig" && r.Later == "exact" && r.Kind == news.RelDuplicate && r.Fraction == 1)
	}
	if !found {
		t.Errorf("exact copy: %+v, want a duplicate of orig with fraction 1", rels)
	}

	// The wire's own update of the story: same outlet, text changed.
	up := append([]string{}, orig.Paragraphs[:8]...)
	up = append(up, body(rng, 4)...)
	rels = ix.Add(art("update", "wire", up), t0.Add(3*time.Hour))
	found = false
	for _, r := range rels {
		found = found || (r.Earlier == "orig" && r.Later == "update" && r.Kind == news.RelUpdate)
	}
	if !found {
		t.Errorf("update: %+v, want an update of orig", rels)
	}

	// Original reporting with three sentences of the wire story inside.
	own := body(rng, 16)
	wire := strings.SplitAfter(orig.Paragraphs[5]+" "+orig.Paragraphs[6], ". ")
	own = append(own[:3], append([]string{strings.Join(wire[:3], "")}, own[3:]...)...)
	rels = ix.Add(art("reuser", "gazette", own), t0.Add(5*time.Hour))
	found = false
	for _, r := range rels {
		if r.Later == "reuser" && r.Kind != news.RelReuse {
			t.Errorf("reuser: %+v, want reuse only", r)
		}
		if r.Earlier == "orig" && r.Later == "reuser" {
			found = r.Fraction > 0.1 && r.Fraction < 0.3 && r.Source == "orig"
		}
	}
	if !found {
		t.Errorf("reuser: %+v, want reuse of orig with a fraction near 3/19 and source orig", rels)
	}

	// Who takes the passage from the reuser still credits the original as its source.
	chain := body(rng, 14)
	chain = append(chain, strings.Join(wire[:3], ""))
	rels = ix.Add(art("chain", "weekly", chain), t0.Add(6*time.Hour))
	for _, r := range rels {
		if r.Source != "orig" {
			t.Errorf("chain: %+v, want source orig", r)
		}
	}
	if len(rels) == 0 {
		t.Errorf("chain: no relation")
	}

	// Another story on the same subject, in the same words' vocabulary: nothing.
	if rels := ix.Add(art("other", "daily", body(rng, 20)), t0.Add(7*time.Hour)); len(rels) != 0 {
		t.Errorf("unrelated article: %+v, want none", rels)
	}
}

// An outlet's boilerplate (the same lines under every article) is not reuse.
func TestIndexIgnoresBoilerplate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ix := NewIndex(IndexOptions{})
	foot := []string{
		"Copyright the Daily Example company, all rights reserved, do not republish this material without written permission.",
		"Sign up for the daily newsletter of the Daily Example to get the top stories of the morning delivered to your inbox.",
		"Click here for reprint permission and here for the terms of service and the privacy policy of the Daily Example website.",
	}
	var rels []news.Relation
	for i := range 8 {
		ps := append(body(rng, 12), foot...)
		rels = append(rels, ix.Add(art(fmt.Sprint("a", i), "daily", ps), t0.Add(time.Duration(i)*time.Hour))...)
	}
	if len(rels) > 2 {
		t.Errorf("boilerplate made %d relations (%+v); want at most the first two articles' before it is learnt", len(rels), rels)
	}
	last := rels[len(rels)-1:]
	if len(rels) > 0 && last[0].Later == "a7" {
		t.Errorf("the eighth article still relates by boilerplate: %+v", last)
	}
}

// The index holds the window only: memory does not grow with the corpus.
func TestIndexEvictsOutsideWindow(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ix := NewIndex(IndexOptions{Window: 24 * time.Hour})
	for i := range 2000 {
		ix.Add(art(fmt.Sprint("a", i), "daily", body(rng, 6)), t0.Add(time.Duration(i)*time.Hour))
	}
	// 24 hours of articles, plus at most one eviction period's worth.
	if n := ix.Len(); n > 24+evictEvery+1 {
		t.Errorf("index holds %d articles, want the window's (about 25)", n)
	}
}

func TestWire(t *testing.T) {
	for _, tt := range []struct {
		authors []string
		text    string
		want    string
	}{
		{[]string{"Reuters and ILH Staff"}, "Body.", "Reuters"},
		{nil, "WASHINGTON (Reuters) - The minister said.", "Reuters"},
		{nil, "The officials told Reuters on Monday.", "Reuters"},
		{[]string{"The Associated Press"}, "Body.", "Associated Press"},
		{nil, "NEW YORK (AP) — The mayor said.", "Associated Press"},
		{nil, "PARIS (AFP) - The president said.", "AFP"},
		{nil, "Agence France-Presse contributed to this report.", "AFP"},
		{nil, "The minister spoke to reporters. Photo: AFP/Getty", ""},
		{[]string{"Jane Doe"}, "The mayor said the bridge would reopen.", ""},
	} {
		a := &news.Article{Authors: tt.authors, Paragraphs: []string{tt.text}}
		if got := Wire(a); got != tt.want {
			t.Errorf("Wire(%v, %q) = %q, want %q", tt.authors, tt.text, got, tt.want)
		}
	}
}

func TestQuotation(t *testing.T) {
	for s, want := range map[string]bool{
		`“I did not send nor receive anything that was classified at the time.”`:                                                                                       true,
		`I did not send nor receive anything that was classified at the time.”`:                                                                                        true,
		`"There was a concern that putting Boko Haram on the list would raise its profile," Carson said.`:                                                              true,
		`He also said that while the US military “remains an essential tool,” it is also “one that must be used judiciously, with a keen appreciation of its limits.”`: true,
		`Businessman Donald Trump announced June 16 at his Trump Tower in New York City that he is seeking the nomination.`:                                            false,
		`They are supposed to enter the system for processing “unaccompanied alien children”, which exists primarily to serve children.`:                               false,
	} {
		if got := quotation(s); got != want {
			t.Errorf("quotation(%q) = %v, want %v", s, got, want)
		}
	}
}

// An outlet's recurrent box (the same lines in its articles weeks apart, so never two
// in one window) is not reuse between two of its articles.
func TestIndexIgnoresRecurrentOutletText(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	ix := NewIndex(IndexOptions{Window: 7 * 24 * time.Hour})
	box := []string{
		"Quick guide to the harbour railway budget: what the council pipeline treaty means for the tenants and farmers of the province.",
		"Listen to our weekly podcast on the election, the tariff and the drought with the reporters who covered the senator and the governor.",
		"Read more of our coverage of the refugees, the ceasefire and the sanctions on the website of the Daily Example every morning.",
	}
	day := 24 * time.Hour
	for i := range 3 {
		ps := append(body(rng, 14), box...)
		if rels := ix.Add(art(fmt.Sprint("weeks", i), "daily", ps), t0.Add(time.Duration(i)*10*day)); len(rels) != 0 {
			t.Fatalf("article %d, alone in its window: %+v", i, rels)
		}
	}
	ps := append(body(rng, 14), box...)
	if rels := ix.Add(art("next", "daily", ps), t0.Add(20*day+time.Hour)); len(rels) != 0 {
		t.Errorf("the outlet's recurrent box related two of its articles: %+v", rels)
	}
}

// Two stories that quote one statement and share a phrase are not reuse; the same
// sentences word for word are.
func TestIndexReuseNeedsOwnSentences(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	quote := "\"We will not accept a treaty that leaves the farmers and the miners of the province without a harbour, a railway, a hospital, a court or a budget, and we will say so to every minister and senator who asks,\" the governor said."
	phrase := "The council approved the pipeline budget on Tuesday."
	ix := NewIndex(IndexOptions{})
	a := append(body(rng, 14), quote, phrase)
	ix.Add(art("first", "daily", a), t0)
	b := append(body(rng, 14), quote, "After weeks of protest by the tenants, the teachers and the nurses of the district, the council approved the pipeline budget on Tuesday in a late vote.")
	if rels := ix.Add(art("second", "gazette", b), t0.Add(time.Hour)); len(rels) != 0 {
		t.Errorf("a shared quotation and phrase made reuse: %+v", rels)
	}
	one := strings.TrimSpace(strings.SplitAfter(a[1], ". ")[0])
	c := append(body(rng, 14), quote, one)
	r := only(t, ix.Add(art("third", "weekly", c), t0.Add(2*time.Hour)))
	if r.Kind != news.RelReuse || r.Earlier != "first" {
		t.Errorf("the quotation and a sentence of first: %+v, want reuse of first", r)
	}
}

func TestAside(t *testing.T) {
	for s, want := range map[string]bool{
		"(RELATED: Journalists Struggle To Define Fake News Even As They Declare War On It)": true,
		"( PHOTOS: 25 unforgettable quotes).":                                                true,
		"[Read more: the budget fight]":                                                      true,
		"The council (in a late vote) approved the budget.":                                  false,
		"(AP) The council approved the budget.":                                              false,
	} {
		if got := aside(s); got != want {
			t.Errorf("aside(%q) = %v, want %v", s, got, want)
		}
	}
}
