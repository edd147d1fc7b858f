package analyze

import (
	"reflect"
	"slices"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

func article(id string, paras ...string) *news.Article {
	return &news.Article{ID: id, Paragraphs: paras}
}

func TestQuotes(t *testing.T) {
	tests := []struct {
		name  string
		paras []string
		want  [][2]string // speaker, text
	}{
		{"said after the quote, surname resolved",
			[]string{"Secretary of State Mike Pompeo spoke on Tuesday.", `"There have been times the Iranians have worked alongside al-Qaida," then CIA director Pompeo said in October 2017.`},
			[][2]string{{"Mike Pompeo", "There have been times the Iranians have worked alongside al-Qaida"}}},
		{"pronoun after a multi-sentence quote",
			[]string{"Sima Shine, the head of the Iran program, told Haaretz that the allegations will place a “new burden” on Iran. “This means a lot. It is a red flag,” she added."},
			[][2]string{{"Sima Shine", "the allegations will place a “new burden” on Iran"}, {"Sima Shine", "This means a lot. It is a red flag"}}},
		{"speaker before the quote",
			[]string{`President-elect Joe Biden spoke.`, `Biden has said the United States will rejoin the nuclear deal "if Iran resumes strict compliance."`},
			[][2]string{{"Joe Biden", "the United States will rejoin the nuclear deal \"if Iran resumes strict compliance.\""}}},
		{"reported speech of unnamed sources",
			[]string{"He could cite declassified information on the killing in August, said the sources, speaking on condition of anonymity."},
			[][2]string{{"sources", "He could cite declassified information on the killing in August"}}},
		{"scare quotes without a speaker are not quotes",
			[]string{`The so-called "deal of the century" was published on Tuesday.`},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][2]string
			for _, q := range Analyze(article("x", tt.paras...)).Quotes {
				got = append(got, [2]string{q.Speaker, q.Text})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("quotes\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestAttributions(t *testing.T) {
	tests := []struct {
		sentence string
		cited    string
	}{
		{"The New York Times reported in November that al-Masri was killed in Iran.", "New York Times"},
		{"Pompeo will speak on Tuesday, the sources told Reuters, despite some skepticism.", "sources"},
		{"Iran was a target, sources familiar with the matter said.", "sources"},
		{"And more sanctions are expected before Trump leaves office, US officials say.", "US officials"},
		{"Cohen met Pompeo on Monday, according to Politico's White House Correspondent Meredith McGraw.", "Meredith McGraw"},
	}
	for _, tt := range tests {
		an := Analyze(article("x", tt.sentence))
		var cited []string
		for _, a := range an.Attributions {
			cited = append(cited, a.Cited)
		}
		if !slices.Contains(cited, tt.cited) {
			t.Errorf("%q: cited %q, want %q", tt.sentence, cited, tt.cited)
		}
	}
	if an := Analyze(article("x", "The weather was cold and the roads were icy.")); len(an.Attributions) != 0 {
		t.Errorf("attributions in a sentence that cites no one: %+v", an.Attributions)
	}
}

func TestHedges(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"He said, without providing hard evidence, that it was so.", []string{"without providing hard evidence"}},
		{"Pompeo has not provided concrete evidence.", []string{"has not provided concrete evidence"}},
		{"Pompeo is expected to speak, despite some skepticism.", []string{"is expected to", "despite some skepticism"}},
		{"He reportedly met the allegedly corrupt official, who claims he could resign.", []string{"reportedly", "allegedly", "claims"}},
		// Modal verbs alone are no hedges; inside a qualifying phrase they are.
		{"He could cite declassified information, and talks may resume.", nil},
		{"The claim could not be independently verified; it may have been staged.", []string{"could not be independently verified", "may have been"}},
		{"The vote is set for May 5.", nil},
		{"The House passed the bill on Thursday.", nil},
	}
	for _, tt := range tests {
		if got := Hedges(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Hedges(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEntities(t *testing.T) {
	a := Analyze(article("a",
		"US Secretary of State Mike Pompeo said Al-Qaida had a base in Iran.",
		"Pompeo spoke at the National Press Club in Washington. The U.S. and the United Nations disagreed.",
		"Advisers to President-elect Joe Biden disagree with the Trump administration."))
	b := Analyze(article("b", "Secretary Pompeo accused Iran of ties to al Qaeda, said Sima Shine, the head of the Iran program at the Institute for National Security Studies."))
	got := map[string]news.Entity{}
	for _, e := range Merge([]*Analysis{a, b}) {
		got[e.Name] = e
	}
	tests := []struct {
		name, kind string
		aliases    []string
		articles   int
	}{
		{"Mike Pompeo", news.Person, []string{"Mike Pompeo", "Pompeo", "Secretary Pompeo", "Secretary of State Mike Pompeo"}, 2},
		{"al-Qaida", news.Organization, []string{"Al-Qaida", "al Qaeda"}, 2},
		{"United States", news.Place, []string{"U.S.", "US"}, 1},
		{"Iran", news.Place, []string{"Iran"}, 2},
		{"Joe Biden", news.Person, []string{"Joe Biden", "President-elect Joe Biden"}, 1},
		{"National Press Club", news.Organization, []string{"National Press Club"}, 1},
		{"United Nations", news.Organization, []string{"United Nations"}, 1},
		{"Sima Shine", news.Person, []string{"Sima Shine"}, 1},
		{"Institute for National Security Studies", news.Organization, []string{"Institute for National Security Studies"}, 1},
	}
	for _, tt := range tests {
		e, ok := got[tt.name]
		if !ok {
			t.Errorf("no entity %q in %v", tt.name, keys(got))
			continue
		}
		if e.Kind != tt.kind || !reflect.DeepEqual(e.Aliases, tt.aliases) || len(e.Articles) != tt.articles {
			t.Errorf("entity %+v, want kind %s aliases %q in %d articles", e, tt.kind, tt.aliases, tt.articles)
		}
	}
	for _, bad := range []string{"Advisers", "The", "Secretary of State", "Pompeo"} {
		if _, ok := got[bad]; ok {
			t.Errorf("%q should not be an entity of its own", bad)
		}
	}
}

func keys(m map[string]news.Entity) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestSentencesStandfirst(t *testing.T) {
	a := &news.Article{ID: "x", Standfirst: "A lead. Two parts.", Paragraphs: []string{"Body one."}}
	got := Sentences(a)
	want := []news.Ref{{Article: "x", Paragraph: -1, Sentence: 0, Text: "A lead."}, {Article: "x", Paragraph: -1, Sentence: 1, Text: "Two parts."}, {Article: "x", Paragraph: 0, Sentence: 0, Text: "Body one."}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sentences = %+v, want %+v", got, want)
	}
}

func TestReadHeadline(t *testing.T) {
	tests := []struct {
		title, attribution string
		verbs, hedges      []string
	}{
		{"Pompeo Reportedly Meets With Mossad Chief Ahead of Accusing Iran of Al-Qaida Ties", "",
			[]string{"Meets", "Accusing"}, []string{"Reportedly"}},
		{"Pompeo plans to expose Iran links to al-Qaida, sources say", "sources say",
			[]string{"plans to expose"}, []string{}},
		{"Report: Trump weighs new sanctions", "Report", []string{"weighs"}, []string{}},
	}
	for _, tt := range tests {
		h := ReadHeadline("x", tt.title)
		if h.Attribution != tt.attribution {
			t.Errorf("%q: attribution %q, want %q", tt.title, h.Attribution, tt.attribution)
		}
		for _, v := range tt.verbs {
			if !slices.Contains(h.Verbs, v) {
				t.Errorf("%q: verbs %q lack %q", tt.title, h.Verbs, v)
			}
		}
		if !reflect.DeepEqual(h.Hedges, tt.hedges) {
			t.Errorf("%q: hedges %q, want %q", tt.title, h.Hedges, tt.hedges)
		}
	}
}

func TestHedgesOffsetsWithNonASCII(t *testing.T) {
	s := "İstanbul officials, who reportedly met Ⅻ envoys, said it was unclear."
	want := []string{"reportedly", "it was unclear"}
	if got := Hedges(s); !reflect.DeepEqual(got, want) {
		t.Errorf("Hedges(%q) = %q, want %q", s, got, want)
	}
}
