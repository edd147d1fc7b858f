package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/server"
)

// The seeds ship in internal/sample, so these tests run on a fresh clone too.
var seeds = []string{
	"../../internal/sample/haaretz-pompeo-mossad-2021-01-12.txt",
	"../../internal/sample/israelhayom-pompeo-alqaida-2021-01-12.txt",
}

const (
	haaretzTitle     = "Pompeo Reportedly Meets With Mossad Chief Ahead of Accusing Iran of Al-Qaida Ties"
	israelHayomTitle = "Pompeo plans to expose Iran links to al-Qaida, sources say"
)

// parallax runs one command line in-process and returns its exit status and output.
func parallax(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExtractSeeds(t *testing.T) {
	code, out, errs := parallax(t, append([]string{"extract"}, seeds...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 JSON lines, got %d:\n%s", len(lines), out)
	}
	boiler := []string{"Send in e-mail", "Share on Facebook", "Follow Israel Hayom", "newsletter", "Related Posts",
		"All rights reserved", "Hosted by", "Click the alert icon", "-- : --", "LISTEN", "Menu", "Terms of use"}
	for i, want := range []string{haaretzTitle, israelHayomTitle} {
		var a map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &a); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		if a["title"] != want {
			t.Errorf("title %d = %q, want %q", i+1, a["title"], want)
		}
		body, _ := a["text"].(string)
		for _, b := range boiler {
			if strings.Contains(strings.ToLower(body), strings.ToLower(b)) {
				t.Errorf("article %d body holds boilerplate %q", i+1, b)
			}
		}
		if len(body) < 1500 {
			t.Errorf("article %d body too short (%d bytes): %q", i+1, len(body), body)
		}
	}
}

func TestIngestTwiceAndStories(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	for i := 0; i < 2; i++ {
		if code, _, errs := parallax(t, append([]string{"ingest", "--db", db}, seeds...)...); code != 0 {
			t.Fatalf("ingest %d: exit %d: %s", i+1, code, errs)
		}
	}
	code, out, errs := parallax(t, "stories", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("stories: exit %d: %s", code, errs)
	}
	var stories []struct {
		ID       string   `json:"id"`
		Title    string   `json:"title"`
		Articles []string `json:"articles"`
		Sources  []string `json:"sources"`
		First    *string  `json:"first"`
		Last     *string  `json:"last"`
	}
	if err := json.Unmarshal([]byte(out), &stories); err != nil {
		t.Fatalf("stories --json: %v\n%s", err, out)
	}
	if len(stories) != 1 || len(stories[0].Articles) != 2 {
		t.Fatalf("want one story holding both seeds, got %+v", stories)
	}

	code, out, errs = parallax(t, "compare", "--db", db, "--story", stories[0].ID)
	if code != 0 {
		t.Fatalf("compare --story: exit %d: %s", code, errs)
	}
	var c news.Comparison
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("compare: %v", err)
	}
	if len(c.Shared) < 5 {
		t.Errorf("compare found %d shared passages, want at least the 5 Reuters ones", len(c.Shared))
	}
}

func TestBadInputNamesFileAndKeepsStore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	if code, _, errs := parallax(t, append([]string{"ingest", "--db", db}, seeds...)...); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	bad := map[string][]byte{
		"binary.txt":  {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0},
		"empty.html":  {},
		"latin1.txt":  {0xff, 0xfe, 0xfd, 0x80, 0x81, '\n', 0xc3, 0x28},
		"broken.json": []byte("{\"title\": \"unterminated\n"),
	}
	for name, data := range bad {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			code, _, errs := parallax(t, "ingest", "--db", db, p)
			if code == 0 {
				t.Fatalf("exit 0 for bad input %s", name)
			}
			first := strings.SplitN(errs, "\n", 2)[0]
			if !strings.Contains(first, p) {
				t.Errorf("error does not name the file %s: %q", p, errs)
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		p := filepath.Join(dir, "nope.txt")
		code, _, errs := parallax(t, "extract", p)
		if code == 0 || !strings.Contains(errs, p) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("exit %d, stderr %q: want one line naming %s", code, errs, p)
		}
	})
	code, out, _ := parallax(t, "stories", "--db", db, "--json")
	var raw []map[string]any
	if err := json.Unmarshal([]byte(out), &raw); code != 0 || err != nil {
		t.Fatalf("stories after bad inputs: exit %d, %v", code, err)
	}
	if len(raw) != 1 || len(raw[0]["articles"].([]any)) != 2 {
		t.Errorf("want the two seed articles still stored in one story, got %s", out)
	}
}

func TestDemoServesSeedStory(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the demo ingest")
	}
	ctx := context.Background()
	var errb bytes.Buffer
	e := &env{cfg: DefaultConfig(), stderr: &errb, stdout: io.Discard}
	st, err := demoStore(ctx, e, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, _, _ := st.Count(ctx)
	if n < 600 {
		t.Errorf("demo stored %d articles, want the whole sample (666)", n)
	}
	ts := httptest.NewServer(server.New(st, server.Options{Compare: compare.Compare}).Handler())
	defer ts.Close()
	home := get(t, ts.URL+"/")
	i := strings.Index(home, "/stories/s")
	if i < 0 {
		t.Fatalf("home page links no story")
	}
	a, err := st.Article(ctx, seedID(ctx, st))
	if err != nil {
		t.Fatalf("seed article not found: %v", err)
	}
	page := get(t, ts.URL+"/stories/"+a.StoryID)
	for _, want := range []string{"Pompeo Reportedly Meets With Mossad Chief", "Pompeo plans to expose Iran links to al-Qaida", "Israel Hayom"} {
		if !strings.Contains(page, want) {
			t.Errorf("seed story page lacks %q", want)
		}
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d\n%s", url, res.StatusCode, b)
	}
	return string(b)
}
