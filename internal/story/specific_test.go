package story

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A saga's developments share its vocabulary; what sets them apart are the names. Weeks
// of impeachment coverage make "impeachment", "hearing" and "testimony" common words.
// Then the first hearing (Taylor and Kent) is covered at length in the saga's words, a
// second story names Yovanovitch, and a new article on Yovanovitch's testimony, written
// in the saga's words too, arrives. With the idf squared (the default) the name it
// shares with one story outweighs the common words it shares with the other; with plain
// tf-idf the bulk of common words wins.
func TestSpecificityFollowsSharedNames(t *testing.T) {
	saga := "The impeachment inquiry moved ahead with another public hearing as House committee members heard testimony from witnesses, and Democrats and Republicans argued over the testimony."
	assign := func(opts Options) (hearing, yovanovitch, q string) {
		ix := New(opts)
		// Sixty articles of the past weeks, sixteen of them in the saga's words.
		for i := range 60 {
			body := words(fmt.Sprintf("b%c%c", 'a'+i/26, 'a'+i%26), 30)
			if i < 16 {
				body = saga + body
			}
			ix.Assign(art(fmt.Sprintf("bg%d", i), "Update"+words(fmt.Sprintf("h%c%c", 'a'+i/26, 'a'+i%26), 3), "", body),
				day.Add(-20*24*time.Hour+time.Duration(i)*time.Hour))
		}
		hearing = ix.Assign(art("kent", "Taylor and Kent testify at first public impeachment hearing", "",
			strings.Repeat(saga+" ", 3)+"Diplomats William Taylor and George Kent described the pressure campaign."), day)
		yovanovitch = ix.Assign(art("yov", "Yovanovitch recalled from Kyiv", "",
			"Marie Yovanovitch, the former ambassador recalled from Kyiv, will appear next."), day.Add(time.Hour))
		q = ix.Assign(art("q", "What Yovanovitch told the hearing", "",
			strings.Repeat(saga+" ", 2)+"Yovanovitch spoke of Kyiv."), day.Add(2*time.Hour))
		return hearing, yovanovitch, q
	}
	h, y, q := assign(Options{})
	if h == y {
		t.Fatalf("the hearing and the Yovanovitch story share story %s: the test needs them apart", h)
	}
	if q != y {
		t.Errorf("the article on Yovanovitch went to %s, want the Yovanovitch story %s (hearing story %s)", q, y, h)
	}
	if h, _, q := assign(Options{Specificity: 1}); q != h {
		t.Errorf("with plain tf-idf the article went to %s, want the hearing story %s: the test does not tell the weightings apart", q, h)
	}
}
