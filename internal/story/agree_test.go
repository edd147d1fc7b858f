package story

import (
	"testing"
	"time"
)

// The agreement factor rewards the story that holds an article's headline words and
// names: the Pompeo story agrees with the second Pompeo article, the snow story not at
// all, and with Agree off every story scores 1.
func TestAgreementFavoursSharedNames(t *testing.T) {
	ix := New(Options{Agree: 1})
	pompeo := ix.Assign(haaretz, day)
	snow := ix.Assign(other, day.Add(time.Hour))
	d := Prepare(israelHayom, ix.Features())
	vec := ix.learn(d, day.Add(2*time.Hour))
	keys := ix.keys(d, vec)
	if len(keys) == 0 {
		t.Fatal("no headline or entity keys shared with the history")
	}
	p, s := ix.agreement(keys, ix.stories[pompeo]), ix.agreement(keys, ix.stories[snow])
	if p <= 0.5 || s >= p/2 {
		t.Errorf("agreement: Pompeo story %.3f (want > 0.5), snow story %.3f (want under half of it)", p, s)
	}
	ix.opts.Agree = 0
	if f := ix.agreement(ix.keys(d, vec), ix.stories[snow]); f != 1 {
		t.Errorf("agreement with Agree off = %.3f, want 1", f)
	}
}

func TestSeedsFormOneStoryWithAgreement(t *testing.T) {
	ix := New(Options{Agree: 0.5, Threshold: 0.12})
	a := ix.Assign(haaretz, day)
	b := ix.Assign(other, day.Add(time.Hour))
	c := ix.Assign(israelHayom, day.Add(2*time.Hour))
	d := ix.Assign(sameTopicOther, day.Add(3*time.Hour))
	if a != c || b == a || d == a || b == d {
		t.Errorf("stories: haaretz=%s weather=%s israelhayom=%s nuclear=%s", a, b, c, d)
	}
}
