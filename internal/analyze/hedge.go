package analyze

import (
	"regexp"
	"slices"
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
}

// hedgeWords are the one-word qualifiers, found by a scan of the words: most sentences
// need no regular expression at all.
var hedgeWords = set(`reportedly allegedly purportedly apparently supposedly ostensibly unconfirmed
	unverified unsubstantiated unproven baseless debunked alleged suspected purported claims claimed
	possibly perhaps`)

var hedgeRE = regexp.MustCompile(`(?i)\b(?:` + strings.Join(hedgePatterns, "|") + `)\b`)

// hedgeCues are substrings one of which every phrase of hedgePatterns contains
// (lowercase): a sentence with none of them is not searched with the expression.
var hedgeCues = []string{"evidence", "proof", "skeptic", "sceptic", "doubt", "clear", "verified", "confirmed",
	"have been", "expected", "believed", "said to", "thought", "discredited", "warily", "sources"}

// Hedges returns the evidence and certainty qualifiers of sentence s, as written, in
// order: "reportedly", "without providing hard evidence", "is expected to".
func Hedges(s string) []string {
	// ASCII lowering keeps byte offsets equal to s's (strings.ToLower may not).
	lb := []byte(s)
	for i, b := range lb {
		if b >= 'A' && b <= 'Z' {
			lb[i] = b + 'a' - 'A'
		}
	}
	lower := string(lb)
	var spans [][2]int
	for _, c := range hedgeCues {
		if strings.Contains(lower, c) {
			for _, m := range hedgeRE.FindAllStringIndex(s, -1) {
				spans = append(spans, [2]int{m[0], m[1]})
			}
			break
		}
	}
	phrases := len(spans)
	for i := 0; i < len(lower); {
		if !isASCIILetter(lower[i]) {
			i++
			continue
		}
		j := i
		for j < len(lower) && isASCIILetter(lower[j]) {
			j++
		}
		// a whole word: not part of "claims-based" or "Smith's"
		whole := (i == 0 || !isWordByte(lower[i-1])) && (j == len(lower) || !isWordByte(lower[j]))
		if whole && hedgeWords[lower[i:j]] && !inside(spans[:phrases], i) {
			spans = append(spans, [2]int{i, j})
		}
		i = j
	}
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	out := make([]string, len(spans))
	for k, sp := range spans {
		out[k] = s[sp[0]:sp[1]]
	}
	return out
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' }

func isWordByte(b byte) bool {
	return isASCIILetter(b) || b >= '0' && b <= '9' || b == '-' || b >= 0x80
}

func inside(spans [][2]int, i int) bool {
	for _, sp := range spans {
		if i >= sp[0] && i < sp[1] {
			return true
		}
	}
	return false
}
