package main

import (
	"context"
	"fmt"

	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/server"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := flags("serve", e.stderr)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the store (SQLite file)")
	fs.StringVar(&e.cfg.Addr, "addr", e.cfg.Addr, "listen address")
	poll := fs.Bool("poll", true, "poll the followed feeds (see parallax feeds) while serving")
	fs.BoolVar(&e.cfg.AllowPrivate, "allow-private", e.cfg.AllowPrivate, "let feeds and pages on private, loopback and link-local addresses be fetched")
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
	if fst, ok := st.(feedStore); *poll && !ok {
		fmt.Fprintf(e.stderr, "parallax serve: not polling feeds: the store %s keeps no feeds\n", e.cfg.DB)
	} else if *poll {
		stop, err := startPolling(ctx, e, fst)
		if err != nil {
			return err
		}
		defer stop()
	}
	return serve(ctx, e, st, e.cfg.Addr)
}

func serve(ctx context.Context, e *env, st news.Store, addr string) error {
	srv := server.New(st, server.Options{Compare: compare.Compare, Logger: e.log})
	fmt.Fprintf(e.stderr, "parallax: serving %s on http://%s/ (Ctrl-C stops)\n", e.cfg.DB, hostPort(addr))
	return srv.ListenAndServe(ctx, addr)
}

// hostPort makes a listen address into one a browser can open.
func hostPort(addr string) string {
	if len(addr) > 0 && addr[0] == ':' {
		return "localhost" + addr
	}
	return addr
}
