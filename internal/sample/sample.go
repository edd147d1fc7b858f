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

// WriteTo copies the sample corpus into dir (created if needed) and returns the paths of
// the article files written, seeds first.
func WriteTo(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, err
	}
	var seeds, rest []string
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
			seeds = append(seeds, p)
		case ".gz":
			rest = append(rest, p)
		}
	}
	return append(seeds, rest...), nil
}
