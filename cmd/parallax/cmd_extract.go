package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/parallax-news/parallax/internal/extract"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/source"
)

func runExtract(ctx context.Context, e *env, args []string) error {
	fs := flags("extract", e.stderr)
	src := fs.String("source", "", "the outlet's name, recorded on every article")
	url := fs.String("url", "", "the page URL, recorded on every article")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errUsage
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	failed := 0
	err := eachArticle(ctx, e, fs.Args(), source.Options{Source: *src, URL: *url, Stdin: e.stdin}, func(a *news.Article) error {
		return enc.Encode(a)
	}, func(err error) {
		failed++
		e.printErr("extract", err)
	})
	if err != nil {
		return err
	}
	if failed > 0 {
		return errFailed
	}
	return nil
}

// eachArticle reads and extracts every document under paths, calling fn for each article
// and fail for each input that could not be read or extracted.
func eachArticle(ctx context.Context, e *env, paths []string, opts source.Options, fn func(*news.Article) error, fail func(error)) error {
	// One template model for the run: text dumps of the same site teach it their furniture.
	xopts := extract.Options{Templates: extract.NewTemplates(0)}
	return source.Read(ctx, paths, opts, func(doc news.RawDoc, err error) error {
		if err != nil {
			fail(err)
			return nil
		}
		a, err := extract.Extract(doc, xopts)
		if err != nil {
			fail(err)
			return nil
		}
		return fn(a)
	})
}

// printErr prints one input's failure on one line.
func (e *env) printErr(cmd string, err error) {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	fmt.Fprintf(e.stderr, "parallax %s: %s\n", cmd, msg)
}
