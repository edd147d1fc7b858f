package analyze

import (
	"regexp"
	"strings"
)

// hedgePatterns are evidence and certainty qualifiers, longest first so that "without
// providing hard evidence" wins over a shorter overlap. A modal verb alone ("could",
// "may") is not one: "He could cite declassified information" reports a possibility,
// it does not qualify the evidence for a claim, and modals are too frequent to tell a
// reader anything. A modal counts only inside a hedging phrase ("may have been").
var hedgePatterns = []string{
	`without (?:providing|offering|presenting|giving|citing|showing) (?:any )?(?:hard |concrete |direct |specific )?(?:evidence|proof)`,
	`(?:has|have|had|did) not (?:provided|offered|presented|given|cited|shown|provide|offer|present|give|cite|show) (?:any )?(?:hard |concrete |direct |specific )?(?:evidence|proof)`,
	`no (?:hard |concrete |direct )?evidence`,
	`(?:despite|amid) (?:some |widespread |growing )?(?:skepticism|scepticism|doubts)`,
	`it (?:was|is) not (?:immediately )?clear`,
	`it (?:was|is) unclear`,
	`(?:could|could not|couldn't|cannot|can't|can not) (?:be )?(?:independently )?(?:verified|confirmed)`,
	`(?:may|might|could) have been`,
	`(?:is|are|was|were) expected to`,
	`(?:is|are|was|were) believed to`,
	`(?:is|are|was|were) said to`,
	`(?:is|are|was|were) thought to`,
	`(?:have|has) been discredited`,
	`should be viewed warily`,
	`according to (?:unnamed|anonymous) sources`,
	`reportedly`, `allegedly`, `purportedly`, `apparently`, `supposedly`, `ostensibly`,
	`unconfirmed`, `unverified`, `unsubstantiated`, `unproven`, `baseless`, `debunked`,
	`alleged`, `suspected`, `purported`,
	`claims`, `claimed`,
	`possibly`, `perhaps`,
}

var hedgeRE = regexp.MustCompile(`(?i)\b(?:` + strings.Join(hedgePatterns, "|") + `)\b`)

// hedgeCues are substrings one of which every hedge contains (lowercase): a sentence with
// none of them is skipped without running the regular expression, which most sentences
// do not need and which is the slow part.
var hedgeCues = []string{"evidence", "proof", "skeptic", "sceptic", "doubt", "clear", "verified", "confirmed",
	"have been", "expected", "believed", "said to", "thought", "discredited", "warily", "sources",
	"reported", "alleged", "purported", "apparent", "suppos", "ostensib", "unconfirmed", "unverified",
	"unsubstantiated", "unproven", "baseless", "debunked", "suspected", "claim", "possibly", "perhaps"}

// Hedges returns the evidence and certainty qualifiers of sentence s, as written, in
// order: "reportedly", "without providing hard evidence", "is expected to".
func Hedges(s string) []string {
	lower := strings.ToLower(s)
	cued := false
	for _, c := range hedgeCues {
		if strings.Contains(lower, c) {
			cued = true
			break
		}
	}
	if !cued {
		return nil
	}
	var out []string
	for _, m := range hedgeRE.FindAllStringIndex(s, -1) {
		out = append(out, s[m[0]:m[1]])
	}
	return out
}
