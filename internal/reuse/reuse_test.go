package reuse

import (
	"maps"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

func TestPair(t *testing.T) {
	tests := []struct {
		name, a, b string
		kind       string // "" for no match
		change     *news.Change
	}{
		{"verbatim with folded spellings",
			"The New York Times reported in November that al-Masri, accused of the bombings of two U.S. embassies in Africa, was killed in Iran.",
			"The New York Times reported in November that al-Masri, accused of the bombings of two US embassies in Africa, was killed in Iran.",
			news.Verbatim, nil},
		{"edited: dropped phrase",
			"It was not immediately clear how much Pompeo intends to reveal in his speech.",
			"It was not immediately clear how much Pompeo intends to reveal.",
			news.Edited, &news.Change{From: "in his speech", To: ""}},
		{"edited: rewritten attribution",
			"Pompeo is expected to offer details on allegations that Iran has given safe haven to Al-Qaida leaders, the sources told Reuters, despite some skepticism.",
			"Pompeo is expected to offer details on allegations that Iran has given safe haven to al-Qaida leaders, sources familiar with the matter said, despite some skepticism.",
			news.Edited, &news.Change{From: "the sources told Reuters", To: "sources familiar with the matter said"}},
		{"edited: a leading clause dropped, a title added",
			"With just eight days left in office for President Donald Trump, Pompeo is expected to offer details on allegations that Iran has given safe haven to Al-Qaida leaders.",
			"US Secretary of State Mike Pompeo is expected to offer details on allegations that Iran has given safe haven to al-Qaida leaders.",
			news.Edited, &news.Change{From: "With just eight days left in office for President Donald Trump", To: ""}},
		{"edited: contained in a longer sentence",
			"The move represents the latest part of his last-minute offensive against Tehran before handing over to the incoming Biden administration.",
			"With just eight days left in office for President Donald Trump, US Secretary of State Mike Pompeo plans to use newly declassified US intelligence to publicly accuse Iran of ties to al Qaeda, as part of his last-minute offensive against Tehran before handing over to the incoming Biden administration.",
			news.Edited, &news.Change{From: "The move represents the latest", To: ""}},
		{"paraphrase: same claim, other order",
			"Senate Republicans blocked the border security bill on Tuesday, citing its cost and the lack of asylum limits.",
			"Citing the cost and the lack of asylum limits, Republicans in the Senate on Tuesday blocked a bill on border security.",
			news.Paraphrase, nil},
		{"paraphrase: the same evidence qualifier inside a longer sentence",
			"Pompeo addressed the National Press Club in Washington D.C. at on Tuesday, where he said, without providing hard evidence, that Al-Qaida had established a new home base in Iran and the United States had fewer options in dealing with the group now it was \"burrowed inside\" that country.",
			"Pompeo has accused Iran of links to al-Qaida in the past but has not provided concrete evidence.",
			news.Paraphrase, nil},
		{"same qualifier, other claim",
			"Trump said, without providing evidence, that the election in Michigan had been rigged against him.",
			"Pompeo has accused Iran of links to al-Qaida in the past but has not provided concrete evidence.",
			"", nil},
		{"same topic, different claim",
			"Pompeo has accused Iran of links to al-Qaida in the past but has not provided concrete evidence.",
			"Pompeo addressed the National Press Club in Washington on Tuesday, where he said that al-Qaida had a new home base in Iran.",
			"", nil},
		{"same names, different event",
			"Mossad Chief Yossi Cohen was seen meeting with Secretary of State Mike Pompeo on Monday.",
			"US Secretary of State Mike Pompeo is expected to offer details in his speech on Tuesday.",
			"", nil},
		{"too short to tell", "He declined to comment.", "He declined to comment.", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := Pair(tt.a, tt.b)
			if tt.kind == "" {
				if ok {
					t.Fatalf("matched as %s (%.2f), want no match", m.Kind, m.Confidence)
				}
				return
			}
			if !ok || m.Kind != tt.kind {
				t.Fatalf("got %q ok=%v, want %q", m.Kind, ok, tt.kind)
			}
			if m.Confidence <= 0 || m.Confidence > 1 {
				t.Errorf("confidence %v out of (0, 1]", m.Confidence)
			}
			if tt.change != nil {
				found := false
				for _, c := range m.Changes {
					found = found || c == *tt.change
				}
				if !found {
					t.Errorf("changes %+v lack %+v", m.Changes, *tt.change)
				}
			}
		})
	}
}

func refs(article string, sents ...string) []news.Ref {
	var out []news.Ref
	for i, s := range sents {
		out = append(out, news.Ref{Article: article, Paragraph: i, Text: s})
	}
	return out
}

func TestAlignGroupsAcrossArticles(t *testing.T) {
	s := "Iran denied the report, saying there were no Al-Qaida terrorists on its soil."
	var in []news.Ref
	in = append(in, refs("a", "Officials met in Vienna on Monday to revive the nuclear talks.", s)...)
	in = append(in, refs("b", "Iran denied the report, saying there were no al-Qaida terrorists on its soil.")...)
	in = append(in, refs("c", "The weather in Tehran was cold and snowy this week, residents said.", s)...)
	ps := Align(in)
	if len(ps) != 1 {
		t.Fatalf("%d passages, want 1: %+v", len(ps), ps)
	}
	p := ps[0]
	if p.Kind != news.Verbatim || len(p.Sentences) != 3 {
		t.Fatalf("passage %+v, want verbatim over 3 articles", p)
	}
	for i, want := range []string{"a", "b", "c"} {
		if p.Sentences[i].Article != want {
			t.Errorf("sentence %d from %q, want %q", i, p.Sentences[i].Article, want)
		}
	}
}

func TestAlignOneSentencePerArticle(t *testing.T) {
	// b repeats the sentence; the passage still holds one sentence of b.
	s := "The central bank raised interest rates by half a point on Thursday to fight inflation."
	ps := Align(append(refs("a", s), refs("b", s, s)...))
	if len(ps) != 1 || len(ps[0].Sentences) != 2 {
		t.Fatalf("got %+v, want one passage of two sentences", ps)
	}
}

func TestAlignDifferentStoriesSameTopic(t *testing.T) {
	a := refs("a",
		"The House voted on Thursday to formalize the impeachment inquiry into President Donald Trump.",
		"The resolution passed 232-196, largely along party lines, with two Democrats joining Republicans in opposition.",
		"Republicans said the process was unfair to the president and denied him due process.")
	b := refs("b",
		"The first public hearings in the impeachment inquiry will begin next week, House Intelligence Committee chairman Adam Schiff said.",
		"Career diplomats William Taylor and George Kent will testify on Wednesday about the withheld military aid to Ukraine.",
		"The White House has refused to cooperate with the inquiry, calling it an illegitimate effort to overturn the 2016 election.")
	if ps := Align(append(a, b...)); len(ps) != 0 {
		t.Errorf("different stories share %+v", ps)
	}
	if ps := Align(nil); ps == nil {
		t.Error("Align(nil) is nil, want empty")
	}
}

// TestPrepareAgreesWithText keeps prepare's one-pass content terms and normal form equal
// to text.ContentTerms and text.Normalize.
func TestPrepareAgreesWithText(t *testing.T) {
	for _, s := range []string{
		"The New York Times reported that Al-Qaida's No. 2 was killed in the U.S. embassy.",
		"Let us see what the US says about us.",
		"",
	} {
		p := prepare(s)
		want := map[string]bool{}
		for _, c := range text.ContentTerms(s) {
			want[c] = true
		}
		if !maps.Equal(p.content, want) {
			t.Errorf("%q: content %v, want %v", s, p.content, want)
		}
		if p.norm != text.Normalize(s) {
			t.Errorf("%q: norm %q, want %q", s, p.norm, text.Normalize(s))
		}
	}
}
