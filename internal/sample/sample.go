// Package sample embeds the small sample corpus that `parallax demo` ingests: the two seed
// articles (text dumps) and a two-week slice of the AllSides corpus (JSONL). See README.md
// in this folder for the attributions.
package sample

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed *.txt *.jsonl.gz README.md
var files embed.FS

// FS is the sample corpus.
func FS() fs.FS { return files }

// Item is one file of the sample corpus written to disk, with the outlet that published it
// when the file does not say (the seeds are page-text dumps of known outlets).
type Item struct {
	Path   string
	Source string
}

// seedSources names the outlet of each seed text dump.
var seedSources = map[string]string{
	"haaretz-pompeo-mossad-2021-01-12.txt":      "Haaretz",
	"israelhayom-pompeo-alqaida-2021-01-12.txt": "Israel Hayom",
}

// WriteTo copies the sample corpus into dir (created if needed) and returns the article
// files written, seeds first.
func WriteTo(dir string) ([]Item, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, err
	}
	var seeds, rest []Item
	for _, e := range entries {
		b, err := files.ReadFile(e.Name())
		if err != nil {
			return nil, err
		}
		p := filepath.Join(dir, e.Name())
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return nil, err
		}
		switch filepath.Ext(e.Name()) {
		case ".txt":
			seeds = append(seeds, Item{Path: p, Source: seedSources[e.Name()]})
		case ".gz":
			rest = append(rest, Item{Path: p})
		}
	}
	return append(seeds, rest...), nil
}
