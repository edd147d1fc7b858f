package extract

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// FuzzHTMLMeta runs our own HTML code (charset decoding, mojibake repair, the metadata
// walk, JSON-LD, title/author/date choice, paragraph cleaning) on arbitrary bytes. It
// leaves go-trafilatura out, so that `go test -fuzz FuzzHTMLMeta -fuzztime 30s` runs
// thousands of inputs a second; FuzzExtract covers the whole path, slowly.
func FuzzHTMLMeta(f *testing.F) {
	// Small seeds: the engine minimizes each new input for up to -fuzzminimizetime, which
	// long seeds' descendants make slow.
	f.Add([]byte(`<html lang="en"><head><meta property="og:title" content="A headline | Site"><meta name="author" content="By Reuters and ILH Staff"><meta property="article:published_time" content="2021-01-12T18:05:00+02:00"></head><body><article><h1>A headline</h1><p>Body text.</p></article></body></html>`))
	f.Add([]byte(`<html><head><meta charset="latin1"><title>Caf\xe9 | Site</title></head><body><h1>Caf` + "\xe9" + `</h1></body></html>`))
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","author":{"@id":"#a"},"datePublished":"2021-01-12"},{"@id":"#a","name":"A B"}]}</script>`))
	f.Add([]byte(`<div class="byline">Written by <a href="/author/x">Jane Doe</a> | Updated Jan 2, 2024</div><time datetime="2024-01-02T10:00:00+05:30">x</time>`))
	f.Add([]byte("<figure><figcaption>Photo: AFP/Jane \u00e2\u0080\u0099s (Reuters)</figcaption></figure>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > 1<<16 {
			return
		}
		s, err := decodeHTML(body)
		if err != nil {
			return
		}
		s = fixMojibake(s)
		if !utf8.ValidString(s) && utf8.Valid(body) {
			t.Fatalf("decoding made valid UTF-8 invalid")
		}
		root, err := html.Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		pm := collectMeta(root)
		ld := parseJSONLD(pm.jsonld)
		sites := siteNames(pm, ld, "example.com")
		title := pickTitle(pm, ld, sites)
		if strings.ContainsAny(title, "\n\t") {
			t.Fatalf("title %q not cleaned", title)
		}
		for _, a := range pickAuthors(pm, ld, "", sites) {
			if a == "" {
				t.Fatal("empty author")
			}
		}
		pub, mod := pickDates(pm, ld, time.Time{})
		if !mod.IsZero() && !pub.IsZero() && mod.Before(pub) {
			t.Fatalf("modified %v before published %v", mod, pub)
		}
		paras := cleanParagraphs(strings.Split(s, "\n"))
		if _, err := json.Marshal(paras); err != nil {
			t.Fatal(err)
		}
	})
}
