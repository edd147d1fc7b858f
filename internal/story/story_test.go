package story

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/corpus"
	"github.com/parallax-news/parallax/internal/eval"
	"github.com/parallax-news/parallax/internal/news"
)

var day = time.Date(2021, 1, 12, 12, 0, 0, 0, time.UTC)

func art(id, title, standfirst string, paras ...string) *news.Article {
	return &news.Article{ID: id, Title: title, Standfirst: standfirst, Paragraphs: paras}
}

var (
	haaretz = art("haaretz", "Pompeo Reportedly Meets With Mossad Chief Ahead of Accusing Iran of Al-Qaida Ties",
		"The outgoing secretary of state is set to use recently declassified documents to connect Al-Qaida to Iran in a last-ditch bid to exert maximum pressure on Tehran",
		"Mossad Chief Yossi Cohen was seen meeting with Secretary of State Mike Pompeo on Monday, according to Politico's White House Correspondant Meredith McGraw, amid reports that the outgoing Trump administration was planning to publicly accuse Iran of ties to Al-Qaida.",
		"Pompeo addressed the National Press Club in Washington D.C. at on Tuesday, where he said, without providing hard evidence, that Al-Qaida had established a new home base in Iran.")
	israelHayom = art("israelhayom", "Pompeo plans to expose Iran links to al-Qaida, sources say",
		"With just eight days left in office for President Donald Trump, US Secretary of State Mike Pompeo plans to use newly declassified US intelligence to publicly accuse Iran of ties to al Qaeda, as part of his last-minute offensive against Tehran before handing over to the incoming Biden administration.",
		"US Secretary of State Mike Pompeo is expected to offer details in his speech to the National Press Club in Washington on Tuesday on allegations that Iran has given safe haven to al-Qaida leaders and support for the group, sources familiar with the matter said.")
	other = art("weather", "Storm brings heavy snow to Northeast as schools close",
		"Forecasters warned of blizzard conditions through Wednesday.",
		"A winter storm dumped more than a foot of snow across parts of New England on Tuesday, closing schools and snarling traffic on highways.")
	sameTopicOther = art("nuclear", "Iran begins enriching uranium to 20% at Fordow site",
		"The move breaches the 2015 nuclear deal further.",
		"Iran has resumed enriching uranium to 20% purity at its underground Fordow facility, a government spokesman said, in a step that could complicate diplomacy with the incoming U.S. administration.")
)

func TestSeedsFormOneStory(t *testing.T) {
	ix := New(Options{})
	a := ix.Assign(haaretz, day)
	b := ix.Assign(other, day.Add(time.Hour))
	c := ix.Assign(israelHayom, day.Add(2*time.Hour))
	d := ix.Assign(sameTopicOther, day.Add(3*time.Hour))
	if a != c {
		t.Errorf("seeds in different stories: %s, %s", a, c)
	}
	if b == a || d == a || b == d {
		t.Errorf("unrelated articles joined: haaretz=%s weather=%s nuclear=%s", a, b, d)
	}
	if a != ID("haaretz") {
		t.Errorf("story id = %s, want %s (named after its first article)", a, ID("haaretz"))
	}
}

func TestWindowSeparatesDistantArticles(t *testing.T) {
	ix := New(Options{Window: 48 * time.Hour})
	a := ix.Assign(haaretz, day)
	b := ix.Assign(israelHayom, day.Add(30*24*time.Hour))
	if a == b {
		t.Error("articles a month apart share a story in a 2-day window")
	}
}

// The index holds only stories that can still grow: after a long stream of later,
// unrelated articles the old stories are gone, and the number held stays bounded.
func TestOldStoriesLeaveTheIndex(t *testing.T) {
	var gone []Record
	ix := New(Options{Window: 24 * time.Hour, Evicted: func(r Record) { gone = append(gone, r) }})
	ix.Assign(haaretz, day)
	n := 4 * evictEvery
	for i := 0; i < n; i++ {
		a := art(fmt.Sprintf("a%d", i), fmt.Sprintf("Unique%d event%d happens", i, i), "", fmt.Sprintf("Word%d thing%d", i, i))
		ix.Assign(a, day.Add(time.Duration(i)*time.Hour))
	}
	if _, ok := ix.stories[ID("haaretz")]; ok {
		t.Error("a story idle for thousands of arrivals and weeks behind is still held")
	}
	if i := slices.IndexFunc(gone, func(r Record) bool { return r.ID == ID("haaretz") }); i < 0 || len(gone[i].Articles) != 1 {
		t.Errorf("the haaretz story left without its record (%d records)", len(gone))
	}
	// Hourly arrivals in a one-day window: at most the last two days plus one period.
	if limit := 48 + evictEvery + 1; ix.Len() > limit {
		t.Errorf("index holds %d stories; want at most %d", ix.Len(), limit)
	}
}

// An undated article stamped with today's ingest time must not push a backfill of old
// articles out of the index: the seeds of 2021 still meet after a 2026 article.
func TestBackfillAfterNewerArticle(t *testing.T) {
	ix := New(Options{})
	ix.Assign(other, day.AddDate(5, 0, 0))
	a := ix.Assign(haaretz, day)
	for i := 0; i < evictEvery; i++ {
		ix.Assign(art(fmt.Sprintf("f%d", i), fmt.Sprintf("Filler%d story%d", i, i), ""), day.Add(time.Minute))
	}
	if b := ix.Assign(israelHayom, day.Add(time.Hour)); a != b {
		t.Errorf("seed backfill split: %s, %s", a, b)
	}
}

func TestRebuildMatchesOnline(t *testing.T) {
	online := New(Options{})
	s1 := online.Assign(haaretz, day)
	rebuilt := New(Options{})
	rebuilt.Add(haaretz, s1, day)
	if got := rebuilt.Assign(israelHayom, day.Add(time.Hour)); got != s1 {
		t.Errorf("after rebuild, seed went to %s, want %s", got, s1)
	}
}

// TestDevSetScores logs the clustering figures on the labelled AllSides window; the
// targets are checked by `parallax eval cluster`, not here.
func TestDevSetScores(t *testing.T) {
	labelsPath, ok := corpus.Path("allsides", "stories-dev-2019-11a.jsonl")
	if !ok || testing.Short() {
		t.Skip("../shared/corpus not present (or -short): skipping the dev-set score")
	}
	labels, err := corpus.Labels(labelsPath)
	if err != nil {
		t.Fatal(err)
	}
	gold := map[string]string{}
	for _, l := range labels {
		gold[l.ID] = l.Story
	}
	var arts []*news.Article
	stop := errors.New("stop")
	err = corpus.EachAllSides(func(a *news.Article) error {
		if _, ok := gold[a.ID]; ok {
			arts = append(arts, a)
			if len(arts) == len(gold) {
				return stop
			}
		}
		return nil
	})
	if err != nil && err != stop {
		t.Fatal(err)
	}
	sort.SliceStable(arts, func(i, j int) bool { return arts[i].Published.Before(arts[j].Published) })
	ix := New(Options{})
	pred := map[string]string{}
	for _, a := range arts {
		pred[a.ID] = ix.Assign(a, a.Published)
	}
	s := eval.Cluster(gold, pred)
	t.Logf("dev set: %d articles, %d gold stories, %d predicted; BCubed P/R/F1 %.3f/%.3f/%.3f; pairwise P/R/F1 %.3f/%.3f/%.3f",
		s.Items, s.GoldClusters, s.PredictedClusters, s.BCubedPrecision, s.BCubedRecall, s.BCubedF1, s.PairPrecision, s.PairRecall, s.PairF1)
	if s.Items != len(gold) {
		t.Errorf("found %d of %d labelled articles", s.Items, len(gold))
	}
}
