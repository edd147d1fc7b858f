package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/server"
)

// serveOptions are serve's own settings: flags, with PARALLAX_TOKEN, PARALLAX_WEBHOOK
// and PARALLAX_BASE_URL as defaults (prefer the variable for the token: flags show in
// process lists).
type serveOptions struct {
	token, webhook, baseURL string
	every                   time.Duration
}

// serveFlags registers serve's flags on fs.
func serveFlags(fs *flag.FlagSet) *serveOptions {
	o := &serveOptions{}
	fs.StringVar(&o.token, "token", os.Getenv("PARALLAX_TOKEN"), "secret that writes (follow, edit a source) must carry; without it only this machine may write")
	fs.StringVar(&o.webhook, "webhook", os.Getenv("PARALLAX_WEBHOOK"), "URL that new stories of followed topics are POSTed to as JSON")
	fs.StringVar(&o.baseURL, "base-url", os.Getenv("PARALLAX_BASE_URL"), "public address of the UI, for links in webhooks")
	fs.DurationVar(&o.every, "notify-every", time.Minute, "how often followed topics are checked for the webhook")
	return o
}

// check reports unusable settings.
func (o *serveOptions) check() error {
	for _, u := range []struct{ flag, v string }{{"--webhook", o.webhook}, {"--base-url", o.baseURL}} {
		if u.v == "" {
			continue
		}
		p, err := url.Parse(u.v)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return fmt.Errorf("%s %q: want an http or https URL", u.flag, u.v)
		}
	}
	if o.every < time.Second {
		return fmt.Errorf("--notify-every %s: use at least 1s", o.every)
	}
	return nil
}

func runServe(ctx context.Context, e *env, args []string) error {
	fs := flags("serve", e.stderr)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the store (SQLite file)")
	fs.StringVar(&e.cfg.Addr, "addr", e.cfg.Addr, "listen address")
	poll := fs.Bool("poll", true, "poll the followed feeds (see parallax feeds) while serving")
	fs.BoolVar(&e.cfg.AllowPrivate, "allow-private", e.cfg.AllowPrivate, "let feeds and pages on private, loopback and link-local addresses be fetched")
	so := serveFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return errUsage
	}
	if err := so.check(); err != nil {
		return err
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
	return serve(ctx, e, st, e.cfg.Addr, so)
}

func serve(ctx context.Context, e *env, st news.Store, addr string, so *serveOptions) error {
	srv := server.New(st, server.Options{
		Compare: compare.Compare, Logger: e.log,
		Token: so.token, Webhook: so.webhook, BaseURL: so.baseURL,
	})
	if so.webhook != "" {
		go srv.Watch(ctx, so.every)
	}
	go func() {
		// The home page's stories, compared ahead of their first reader.
		if err := srv.Warm(ctx, 20); err != nil && ctx.Err() == nil {
			e.log.Warn("warm the comparison cache", "err", err)
		}
	}()
	writes := "from this machine only"
	if so.token != "" {
		writes = "with the token"
	}
	fmt.Fprintf(e.stderr, "parallax: serving %s on http://%s/ (changes allowed %s; Ctrl-C stops)\n", e.cfg.DB, hostPort(addr), writes)
	return srv.ListenAndServe(ctx, addr)
}

// hostPort makes a listen address into one a browser can open.
func hostPort(addr string) string {
	if len(addr) > 0 && addr[0] == ':' {
		return "localhost" + addr
	}
	return addr
}
