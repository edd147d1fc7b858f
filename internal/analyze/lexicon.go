package analyze

import (
	"bufio"
	"cmp"
	_ "embed"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// The lexicons below are assembled from the AllSides corpus by Miner (regenerate with
// `go test ./internal/analyze -run TestMineLexicons -gen`), never edited by hand: names
// typed by the contexts they occur in, the first names of people, and verb forms. The
// articles that HeldOut selects are left out of the mining so that the entity evaluation
// sample (testdata/entities.gold.jsonl) is drawn from text the lexicons never saw.
var (
	//go:embed data/names.tsv
	namesTSV string
	//go:embed data/firstnames.txt
	firstNamesTxt string
	//go:embed data/verbs.txt
	verbsTxt string

	mined      = parseNames(namesTSV)
	firstNames = set(firstNamesTxt)
	verbForms  = set(verbsTxt)
)

// HeldOut reports whether the article with this id is held out of lexicon mining (one
// in 40, by a hash of the id).
func HeldOut(id string) bool {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()%40 == 0
}

// parseNames reads "kind<TAB>name<TAB>count" lines into key -> gaz.
func parseNames(s string) map[string]gaz {
	m := map[string]gaz{}
	for _, line := range strings.Split(s, "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			continue
		}
		m[key(f[1])] = gaz{f[0], f[1]}
	}
	return m
}

// Miner counts the contexts of capitalized names and the words that follow subjects
// over many articles, to write the lexicons.
type Miner struct {
	votes     map[string]*votes // key -> context votes
	lower     map[string]int    // word -> lowercase occurrences inside sentences
	upper     map[string]int    // word -> capitalized occurrences inside sentences
	afterSubj map[string]int    // word -> occurrences after "he", "she", "they", "who"
	afterTo   map[string]int    // word -> occurrences after "to"
	afterDet  map[string]int    // word -> occurrences after a determiner ("the plans")
}

type votes struct {
	forms              map[string]int
	person, place, org int
	total              int
}

// NewMiner returns an empty Miner.
func NewMiner() *Miner {
	return &Miner{votes: map[string]*votes{}, lower: map[string]int{}, upper: map[string]int{},
		afterSubj: map[string]int{}, afterTo: map[string]int{}, afterDet: map[string]int{}}
}

var placePrepositions = set(`in from near across throughout outside inside to visit visited toward towards`)

var subjects = set(`he she they who`)

var determiners = set(`the a an his her their its this these those our my your`)

// Add counts the contexts of one article.
func (m *Miner) Add(a *news.Article) {
	for _, r := range Sentences(a) {
		s := r.Text
		ws := sentenceWords(s)
		for i, w := range ws {
			if i == 0 {
				continue
			}
			if strings.TrimSpace(gap(s, ws, i)) == "" {
				if capitalized(w.surface) {
					m.upper[w.Word]++
				} else {
					m.lower[w.Word]++
					if subjects[ws[i-1].Word] && !capitalized(ws[i-1].surface) {
						m.afterSubj[w.Word]++
					}
					if ws[i-1].Word == "to" {
						m.afterTo[w.Word]++
					}
					if determiners[ws[i-1].Word] {
						m.afterDet[w.Word]++
					}
				}
			}
		}
		for _, seq := range sequences(s, ws) {
			for _, p := range nameParts(ws, seq) {
				m.vote(s, ws, p)
			}
		}
	}
}

// nameParts strips a run of capitalized words of leading function words and demonyms
// and of titles, keeping what may be a name, and says whether a title preceded it.
func nameParts(ws []word, seq []int) [][]int {
	var parts [][]int
	var cur []int
	for _, i := range seq {
		w := strings.TrimSuffix(ws[i].Word, "'s")
		if skipWords[w] || compoundModifier(w) || (len(cur) == 0 && ((text.IsStopword(w) && w != "new") || particles[w] && !capitalized(ws[i].surface))) {
			if len(cur) > 0 {
				parts = append(parts, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, i)
	}
	if len(cur) > 0 {
		parts = append(parts, cur)
	}
	var out [][]int
	for _, p := range parts {
		lastWord := strings.TrimSuffix(ws[p[len(p)-1]].Word, "'s")
		for j := len(p) - 1; j >= 0 && !orgWords[lastWord] && !placeWords[lastWord]; j-- {
			if n := titleAt(ws, p, j); n > 0 {
				p = p[j+n:]
				break
			}
		}
		// what a title leaves may start with its tail ("Chief [of Staff] Mick Mulvaney")
		for len(p) > 0 && (!capitalized(ws[p[0]].surface) || ws[p[0]].Word == "of") {
			p = p[1:]
		}
		if len(p) > 0 && len(p) <= 6 {
			out = append(out, p)
		}
	}
	return out
}

func (m *Miner) vote(s string, ws []word, p []int) {
	first, last := p[0], p[len(p)-1]
	if first == 0 {
		return // a sentence's first word is capitalized whatever it is
	}
	name := strings.TrimSuffix(strings.TrimSuffix(s[ws[first].Start:ws[last].End], "'s"), "’s")
	k := key(name)
	if k == "" || len(k) < 2 {
		return
	}
	v := m.votes[k]
	if v == nil {
		v = &votes{forms: map[string]int{}}
		m.votes[k] = v
	}
	v.total++
	v.forms[name]++
	tight := func(i int) bool { return strings.TrimSpace(gap(s, ws, i)) == "" }
	prev := ""
	if tight(first) {
		prev = ws[first-1].Word
	}
	next := ""
	if last+1 < len(ws) && tight(last+1) {
		next = ws[last+1].Word
	}
	lastWord := strings.TrimSuffix(ws[last].Word, "'s")
	switch {
	case personContext(s, ws, p), next == "who" && !strings.HasSuffix(ws[last].Word, "'s"),
		titleAt(ws, []int{first - 1}, 0) == 1:
		v.person++
	case orgWords[lastWord] && len(p) > 1, next == "spokesman" || next == "spokeswoman" || next == "spokesperson":
		v.org++
	case placeWords[lastWord] && len(p) > 1:
		v.place++
	case next != "" && !capitalized(ws[last+1].surface) && !text.IsStopword(next) && !speechVerbs[next]:
		// a name used as a modifier ("the Trump administration", "in Obama's
		// campaign") says nothing about what it names
	case placePrepositions[prev] && !capitalized(ws[first-1].surface):
		v.place++
	case prev == "the" && !capitalized(ws[first-1].surface):
		v.org++
	}
}

// Write writes the lexicons: names (kind, name, evidence), first names and verb forms.
func (m *Miner) Write(names, first, verbs io.Writer) error {
	type row struct {
		kind, name string
		n          int
	}
	var rows []row
	firsts := map[string]int{}
	for k, v := range m.votes {
		typed := v.person + v.place + v.org
		single := !strings.Contains(k, " ")
		need := 3
		if single {
			need = 6
			// a word more often lowercase than capitalized is a common word
			if m.lower[k] >= m.upper[k] {
				continue
			}
		}
		if typed < need {
			continue
		}
		kind, best := news.Person, v.person
		if v.place > best {
			kind, best = news.Place, v.place
		}
		if v.org > best {
			kind, best = news.Organization, v.org
		}
		if float64(best) < 0.75*float64(typed) {
			continue
		}
		form := ""
		for f, n := range v.forms {
			if form == "" || n > v.forms[form] || (n == v.forms[form] && f < form) {
				form = f
			}
		}
		rows = append(rows, row{kind, form, best})
		if kind == news.Person && !single && strings.Count(k, " ") <= 2 {
			firsts[strings.Fields(k)[0]]++
		}
	}
	slices.SortFunc(rows, func(a, b row) int { return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.name, b.name)) })
	bw := bufio.NewWriter(names)
	for _, r := range rows {
		fmt.Fprintf(bw, "%s\t%s\t%s\n", r.kind, r.name, strconv.Itoa(r.n))
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	var fs []string
	for f, n := range firsts {
		if n >= 2 && len(f) > 1 && !strings.Contains(f, ".") {
			fs = append(fs, f)
		}
	}
	if err := writeWords(first, fs); err != nil {
		return err
	}
	// Verb forms: words that follow subjects or "to" (bare forms) often enough, with
	// their inflections, unless they follow determiners more often (nouns: "the plans").
	var vs []string
	add := func(w string) {
		if m.afterDet[w] <= m.afterSubj[w]+m.afterTo[w] {
			vs = append(vs, w)
		}
	}
	for w, n := range m.afterSubj {
		if n >= 5 && 20*n >= m.lower[w] && verbLike(w) && !strings.HasSuffix(w, "ly") {
			add(w)
		}
	}
	for w, n := range m.afterTo {
		if n < 10 || 7*n < m.lower[w] || !verbLike(w) {
			continue
		}
		add(w)
		for _, f := range inflections(w) {
			if m.lower[f] >= 2 {
				add(f)
			}
		}
	}
	slices.Sort(vs)
	return writeWords(verbs, slices.Compact(vs))
}

// verbLike rules out what follows a subject or "to" without being a verb.
func verbLike(w string) bool {
	if text.IsStopword(w) || notVerbs[w] || len(w) < 2 {
		return false
	}
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// notVerbs are words that follow subjects but are not verbs: adverbs, auxiliaries and
// modals (which frame nothing), numbers.
var notVerbs = set(`also never still just even not now then later already often always really only
	would could should might must may will shall can cannot did does do done was were is are be been being
	had has have am ever once first two three four five six seven eight nine ten whom whose what which
	alone himself herself themselves both all each said says`)

// inflections are the regular -s, -ed and -ing forms of a bare verb.
func inflections(base string) []string {
	out := []string{base + "s", base + "es", base + "ed", base + "ing"}
	n := len(base)
	switch {
	case strings.HasSuffix(base, "e") && !strings.HasSuffix(base, "ee"):
		out = append(out, base+"d", base[:n-1]+"ing")
	case strings.HasSuffix(base, "y") && n > 2 && !strings.ContainsRune("aeiou", rune(base[n-2])):
		out = append(out, base[:n-1]+"ies", base[:n-1]+"ied")
	case n >= 3 && !strings.ContainsRune("aeiouwxy", rune(base[n-1])) &&
		strings.ContainsRune("aeiou", rune(base[n-2])) && !strings.ContainsRune("aeiou", rune(base[n-3])):
		out = append(out, base+base[n-1:]+"ed", base+base[n-1:]+"ing")
	}
	return out
}

func writeWords(w io.Writer, ws []string) error {
	slices.Sort(ws)
	bw := bufio.NewWriter(w)
	for _, x := range ws {
		bw.WriteString(x)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
