package analyze

import (
	"regexp"
	"strings"
)

// hedgePatterns are evidence and certainty qualifiers, longest first so that "without
// providing hard evidence" wins over a shorter overlap.
var hedgePatterns = []string{
	`without (?:providing|offering|presenting|giving) (?:any )?(?:hard |concrete |direct )?evidence`,
	`(?:has|have|had) not (?:provided|offered|presented|given) (?:any )?(?:hard |concrete |direct )?evidence`,
	`(?:despite|amid) (?:some |widespread |growing )?(?:skepticism|scepticism|doubts)`,
	`it was not (?:immediately )?clear`,
	`(?:is|are|was|were) expected to`,
	`(?:is|are|was|were) believed to`,
	`(?:is|are|was|were) said to`,
	`(?:have|has) been discredited`,
	`should be viewed warily`,
	`reportedly`, `allegedly`, `purportedly`, `apparently`, `apparent`, `alleged`,
	`unconfirmed`, `unverified`, `suspected`,
	`claims`, `claimed`,
	`could`, `might`, `may`, `possibly`, `perhaps`,
}

var hedgeRE = regexp.MustCompile(`(?i)\b(?:` + strings.Join(hedgePatterns, "|") + `)\b`)

// Hedges returns the evidence and certainty qualifiers of sentence s, as written, in
// order: "reportedly", "without providing hard evidence", "is expected to", "could".
// "May" as the month (a capitalized "May" followed by a number) is not one.
func Hedges(s string) []string {
	var out []string
	for _, m := range hedgeRE.FindAllStringIndex(s, -1) {
		h := s[m[0]:m[1]]
		if h == "May" && m[0] > 0 {
			continue
		}
		out = append(out, h)
	}
	return out
}
