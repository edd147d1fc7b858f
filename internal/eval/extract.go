package eval

import (
	"strings"
	"time"
	"unicode"
)

// BagF1 scores got against want as multisets of lowercased \w+ tokens (letters, digits,
// marks and "_"): precision is the share of got's tokens found in want, recall the share of
// want's found in got. Two empty texts score 1; one empty text scores 0.
func BagF1(got, want string) (p, r, f float64) {
	g, w := Bag(got), Bag(want)
	ng, nw, common := 0, 0, 0
	for _, c := range g {
		ng += c
	}
	for k, c := range w {
		nw += c
		common += min(c, g[k])
	}
	if ng == 0 && nw == 0 {
		return 1, 1, 1
	}
	if ng == 0 || nw == 0 || common == 0 {
		return 0, 0, 0
	}
	p, r = float64(common)/float64(ng), float64(common)/float64(nw)
	return p, r, 2 * p * r / (p + r)
}

// Bag counts the lowercased \w+ tokens of s.
func Bag(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), notWord) {
		m[w]++
	}
	return m
}

func notWord(r rune) bool {
	return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_')
}

// NormTitle is a title as compared: its lowercased \w+ tokens joined by one space, so
// that case, punctuation, quotes and dashes do not count.
func NormTitle(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), notWord), " ")
}

// TitleMatch reports whether got is want after NormTitle. An empty want matches only an
// empty got.
func TitleMatch(got, want string) bool { return NormTitle(got) == NormTitle(want) }

// AuthorNames cuts a gold or extracted byline into the set of names it holds, each
// normalized like a title: split at ",", ";", "&", "|", "/" and " and ", a leading "by"
// dropped, and academic or professional credentials ("PhD", "MS", "RD") dropped, since
// they qualify a name rather than add a person.
func AuthorNames(byline string) map[string]bool {
	s := strings.NewReplacer(";", ",", "&", ",", "|", ",", "/", ",", " and ", ",", " And ", ",", " AND ", ",").Replace(byline)
	out := map[string]bool{}
	for i, part := range strings.Split(s, ",") {
		n := NormTitle(part)
		n = strings.TrimPrefix(n, "by ")
		for _, h := range []string{"dr ", "prof ", "professor "} {
			n = strings.TrimPrefix(n, h)
		}
		if n == "" || n == "by" || credentials[n] || i > 0 && qualifier(part) {
			continue
		}
		out[n] = true
	}
	return out
}

// qualifier reports a byline part after a name that qualifies it rather than naming
// someone: credentials ("E-RYT 200", "MD, FOMA") or a job title ("Shipping Expert").
func qualifier(part string) bool {
	ws := strings.FieldsFunc(part, notWord)
	if len(ws) == 0 {
		return true
	}
	shaped := true
	for _, w := range ws {
		l := strings.ToLower(w)
		if roleWords[l] {
			return true
		}
		if !credentials[l] && w != strings.ToUpper(w) && !strings.ContainsAny(w, "0123456789") {
			shaped = false
		}
	}
	return shaped && len(ws) <= 3
}

var roleWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("expert editor writer reporter correspondent director manager founder cofounder ceo cto cfo president dietitian nutritionist analyst consultant engineer representative columnist contributor specialist coordinator officer senior chief intern associate professor researcher scientist physician doctor nurse attorney lawyer advisor adviser strategist producer photographer") {
		m[w] = true
	}
	return m
}()

var credentials = func() map[string]bool {
	m := map[string]bool{}
	m["ph d"] = true
	for _, c := range strings.Fields("phd md ms msc ma mba mph rd rdn ld cdn fand bsc ba bs jr sr dr mfa np rn lcsw cfa cpa esq dds do ii iii") {
		m[c] = true
	}
	return m
}()

// AuthorsMatch reports whether the extracted authors name exactly the people and
// organisations of the gold byline, as sets of AuthorNames (order and punctuation do not
// count). A page without a gold author matches only when nothing was extracted.
func AuthorsMatch(got []string, want string) bool {
	g := map[string]bool{}
	for _, a := range got {
		for n := range AuthorNames(a) {
			g[n] = true
		}
	}
	w := AuthorNames(want)
	if len(g) != len(w) {
		return false
	}
	for n := range w {
		if !g[n] {
			return false
		}
	}
	return true
}

// DateMatch reports whether got falls on the gold day want ("2006-01-02", or any longer
// RFC 3339 form of which the first ten characters count), read in got's own time zone (the
// day the page itself states). An empty want matches only a zero got.
func DateMatch(got time.Time, want string) bool {
	want = strings.TrimSpace(want)
	if want == "" {
		return got.IsZero()
	}
	if got.IsZero() || len(want) < 10 {
		return false
	}
	return got.Format("2006-01-02") == want[:10]
}
