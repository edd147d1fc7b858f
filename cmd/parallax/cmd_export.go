package main

import (
	"context"
	"fmt"
	"os"

	"github.com/parallax-news/parallax/internal/store/dump"
)

// runExport writes the whole store as a dump (JSONL) to stdout or --out.
func runExport(ctx context.Context, e *env, args []string) error {
	fs := flags("export", e.stderr)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the store (SQLite file or postgres:// DSN)")
	out := fs.String("out", "", "write to this file instead of stdout")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return errUsage
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	w := e.stdout
	var f *os.File
	if *out != "" {
		if f, err = os.Create(*out); err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	n, err := dump.Export(ctx, st, w)
	if err != nil {
		return err
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return fmt.Errorf("export %s: %w", *out, err)
		}
	}
	fmt.Fprintf(e.stderr, "parallax export: %d articles\n", n)
	return nil
}

// runImport stores the articles of dumps written by export, keeping their stories and
// ingest times. Importing twice changes nothing.
func runImport(ctx context.Context, e *env, args []string) error {
	fs := flags("import", e.stderr)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the store (SQLite file or postgres:// DSN)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errUsage
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	im, ok := st.(dump.Importer)
	if !ok {
		return fmt.Errorf("import: the store %s cannot import", e.cfg.DB)
	}
	var total dump.Summary
	for _, path := range fs.Args() {
		sum, err := importFile(ctx, e, im, path)
		total.Add(sum)
		if err != nil {
			fmt.Fprintf(e.stderr, "parallax import: %s\n", total)
			return err
		}
	}
	fmt.Fprintf(e.stderr, "parallax import: %s\n", total)
	return nil
}

func importFile(ctx context.Context, e *env, im dump.Importer, path string) (dump.Summary, error) {
	if path == "-" {
		return dump.Import(ctx, im, e.stdin, "stdin")
	}
	f, err := os.Open(path)
	if err != nil {
		return dump.Summary{}, err // names the path
	}
	defer f.Close()
	return dump.Import(ctx, im, f, path)
}
