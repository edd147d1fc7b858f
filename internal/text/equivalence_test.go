package text

import (
	"bufio"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/corpus"
)

var fullCorpus = flag.Bool("text.full", false, "check equivalence on all 37,554 AllSides articles, not the first 1,500")

// samples is real text to hold the fast functions to the reference ones: the tricky
// lines of testdata/tricky.txt always, and when the shared corpus is present the raw
// lines of the two seeds and of the WCXB text dumps (menus, odd white space) and the
// paragraphs of AllSides articles. Each line also goes in with its spaces turned into
// the white space Clean folds, so that Clean's copying path is exercised.
func samples(tb testing.TB, allsides int) []string {
	tb.Helper()
	var out []string
	add := func(s string) {
		out = append(out, s)
	}
	readLines := func(path string) {
		f, err := os.Open(path)
		if err != nil {
			tb.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			add(sc.Text())
		}
		if err := sc.Err(); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
	}
	f, err := os.ReadFile(filepath.Join("testdata", "tricky.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSuffix(string(f), "\n"), "\n") {
		add(strings.NewReplacer(`\n`, "\n", `\r`, "\r").Replace(l))
	}
	if dir, ok := corpus.Path("seeds"); ok {
		names, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, n := range names {
			readLines(n)
		}
	}
	if dir, ok := corpus.Path("textdumps", "wcxb-dev-articles"); ok {
		names, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		sort.Strings(names)
		if !*fullCorpus && len(names) > 50 {
			names = names[:50]
		}
		for _, n := range names {
			readLines(n)
		}
	}
	if _, ok := corpus.Path("allsides", "articles.jsonl.gz"); ok && allsides > 0 {
		as, _, err := corpus.FirstAllSides(allsides)
		if err != nil {
			tb.Fatal(err)
		}
		for _, a := range as {
			add(a.Title)
			for _, p := range a.Paragraphs {
				add(p)
			}
		}
	} else {
		tb.Log("shared corpus absent: checking testdata/tricky.txt only")
	}
	n := len(out)
	dirty := strings.NewReplacer(" ", "\u00a0 \t", ".", ".\u200b\n")
	for i := 0; i < n; i += 7 {
		add(" " + dirty.Replace(out[i]) + "\ufeff ")
	}
	return out
}

func TestFastMatchesReference(t *testing.T) {
	n := 1500
	if *fullCorpus {
		n = 1 << 30
	}
	if testing.Short() {
		n = 200
	}
	lines := samples(t, n)
	var sentences int
	fails := 0
	fail := func(f, in string, got, want any) {
		t.Helper()
		if fails++; fails <= 10 {
			t.Errorf("%s(%q)\n got %q\nwant %q", f, in, got, want)
		}
	}
	for _, s := range lines {
		if got, want := Clean(s), refClean(s); got != want {
			fail("Clean", s, got, want)
		}
		got, want := Sentences(s), refSentences(s)
		if !reflect.DeepEqual(got, want) {
			fail("Sentences", s, got, want)
		}
		sentences += len(want)
		for _, in := range append([]string{s}, want...) {
			if got, want := Words(in), refWords(in); !reflect.DeepEqual(got, want) {
				fail("Words", in, got, want)
			}
			if got, want := Terms(in), refTerms(in); !reflect.DeepEqual(got, want) {
				fail("Terms", in, got, want)
			}
			if got, want := Tokens(in), refTokens(in); !reflect.DeepEqual(got, want) {
				fail("Tokens", in, got, want)
			}
		}
		for _, w := range append(refWords(s), "", "al qaida", "u.s.", "us's", "ourselves", "yourselves") {
			if got, want := Folds(w), refFolds(w); got != want {
				fail("Folds", w, got, want)
			}
			if got, want := IsStopword(w), refIsStopword(w); got != want {
				fail("IsStopword", w, got, want)
			}
		}
	}
	t.Logf("%d lines, %d sentences: %d differences", len(lines), sentences, fails)
}

// The fuzz targets check the same equivalence on generated input:
// go test ./internal/text -run '^$' -fuzz FuzzSentences -fuzztime 30s
func fuzzSeeds(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "tricky.txt"))
	if err != nil {
		f.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		f.Add(l)
	}
}

func FuzzSentences(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Clean(s), refClean(s); got != want {
			t.Fatalf("Clean(%q) = %q, want %q", s, got, want)
		}
		if got, want := clean(s), refClean(s) == s; got != want {
			t.Fatalf("clean(%q) = %v, want %v", s, got, want)
		}
		if got, want := Sentences(s), refSentences(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("Sentences(%q)\n got %q\nwant %q", s, got, want)
		}
	})
}

func FuzzTokens(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Words(s), refWords(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("Words(%q)\n got %q\nwant %q", s, got, want)
		}
		if got, want := Terms(s), refTerms(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("Terms(%q)\n got %q\nwant %q", s, got, want)
		}
		if got, want := Tokens(s), refTokens(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("Tokens(%q)\n got %v\nwant %v", s, got, want)
		}
	})
}

// benchText is the paragraphs of the first 2,000 AllSides articles (skipping when the
// corpus is absent) and their size in bytes, for MB/s.
func benchText(b *testing.B) ([]string, int64) {
	b.Helper()
	if _, ok := corpus.Path("allsides", "articles.jsonl.gz"); !ok {
		b.Skip("shared corpus absent: allsides/articles.jsonl.gz not found")
	}
	as, n, err := corpus.FirstAllSides(2000)
	if err != nil {
		b.Fatal(err)
	}
	var ps []string
	for _, a := range as {
		ps = append(ps, a.Paragraphs...)
	}
	return ps, n
}

func benchSentences(b *testing.B) ([]string, int64) {
	ps, _ := benchText(b)
	var ss []string
	var n int64
	for _, p := range ps {
		for _, s := range refSentences(p) {
			ss = append(ss, s)
			n += int64(len(s))
		}
	}
	return ss, n
}

// Each benchmark runs the fast function and its reference on the same text, so that one
// run on a loaded machine compares them.
func BenchmarkSentences(b *testing.B) {
	ps, n := benchText(b)
	benchPair(b, ps, n, Sentences, refSentences)
}

func BenchmarkClean(b *testing.B) {
	ps, n := benchText(b)
	benchPair(b, ps, n, Clean, refCleanOld)
}

func BenchmarkTokens(b *testing.B) {
	ss, n := benchSentences(b)
	benchPair(b, ss, n, Tokens, refTokens)
}

func BenchmarkTerms(b *testing.B) {
	ss, n := benchSentences(b)
	benchPair(b, ss, n, Terms, refTerms)
}

func BenchmarkWords(b *testing.B) {
	ss, n := benchSentences(b)
	benchPair(b, ss, n, Words, refWords)
}

// sink keeps each benchmark's last result alive so the compiler cannot drop the calls.
var sink any

// benchPair runs fast and then ref over texts (n bytes in all) as two sub-benchmarks.
func benchPair[T any](b *testing.B, texts []string, n int64, fast, ref func(string) T) {
	for _, f := range []struct {
		name string
		fn   func(string) T
	}{{"fast", fast}, {"reference", ref}} {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			var last T
			for b.Loop() {
				for _, t := range texts {
					last = f.fn(t)
				}
			}
			sink = last
		})
	}
}
