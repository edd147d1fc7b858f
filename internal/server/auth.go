package server

import (
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"strings"
)

// statusError is an error whose status and message users may see as they are.
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

// tokenCookie holds the write token in browsers that logged in through /login.
const tokenCookie = "parallax_token"

// writeAccess reports why r may not change anything, or nil when it may. With a token
// configured, r must carry it (bearer header or login cookie); without one, r must come
// from the loopback interface, so a server bound to a public address is read-only to
// others by default.
func (s *Server) writeAccess(r *http.Request) error {
	if s.opts.Token != "" {
		if s.hasToken(r) {
			return nil
		}
		return &statusError{http.StatusForbidden, "Changing anything here needs the server's token: log in at /login, or send an Authorization: Bearer header."}
	}
	// The Host must name this machine too: a page whose domain was re-pointed at
	// 127.0.0.1 (DNS rebinding) runs in the browser on this machine but keeps its name.
	if isLoopback(r.RemoteAddr) && isLoopbackHost(r.Host) {
		return nil
	}
	return &statusError{http.StatusForbidden, "This server accepts changes from its own machine only (at localhost or 127.0.0.1). Start it with --token to allow others."}
}

// isLoopbackHost reports whether a Host header names the loopback interface.
func isLoopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// hasToken reports whether r carries the configured token.
func (s *Server) hasToken(r *http.Request) bool {
	given := ""
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		given = strings.TrimPrefix(h, "Bearer ")
	} else if c, err := r.Cookie(tokenCookie); err == nil {
		given = c.Value
	}
	return given != "" && subtle.ConstantTimeCompare([]byte(given), []byte(s.opts.Token)) == 1
}

// isLoopback reports whether a request's remote address is on the loopback interface.
func isLoopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// writes guards a handler that changes state: cross-origin requests are refused (the
// browser's Sec-Fetch-Site or Origin header says where a form was posted from, so a
// page elsewhere cannot make a user's browser follow or edit anything), then the
// request must have write access.
func (s *Server) writes(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := s.csrf.Check(r); err != nil {
			return &statusError{http.StatusForbidden, "This change was sent from another site, so it was refused. Make it from Parallax's own pages."}
		}
		if err := s.writeAccess(r); err != nil {
			return err
		}
		return h(w, r)
	}
}

// canWrite tells templates whether to offer forms that change state.
func (s *Server) canWrite(r *http.Request) bool { return s.writeAccess(r) == nil }

// loginView is the data of the login page.
type loginView struct {
	chrome
	Enabled bool   // a token is configured
	Next    string // where to go after logging in
	Error   string
}

// loginPage asks for the write token.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	v := loginView{chrome: chrome{Title: "Log in"}, Enabled: s.opts.Token != "", Next: localPath(r.URL.Query().Get("next"))}
	return s.render(w, http.StatusOK, "login", v)
}

// maxForm bounds a form body, in bytes.
const maxForm = 64 << 10

// login checks the token and keeps it in an HTTP-only, same-site cookie.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := s.csrf.Check(r); err != nil {
		return &statusError{http.StatusForbidden, "This login was sent from another site, so it was refused."}
	}
	if s.opts.Token == "" {
		return &statusError{http.StatusNotFound, "This server has no token: changes are allowed from its own machine only."}
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return badForm(err)
	}
	next := localPath(r.PostForm.Get("next"))
	tok := r.PostForm.Get("token")
	if subtle.ConstantTimeCompare([]byte(tok), []byte(s.opts.Token)) != 1 {
		v := loginView{chrome: chrome{Title: "Log in"}, Enabled: true, Next: next, Error: "That is not the server's token."}
		return s.render(w, http.StatusForbidden, "login", v)
	}
	http.SetCookie(w, &http.Cookie{
		Name: tokenCookie, Value: tok, Path: "/", HttpOnly: true, Secure: r.TLS != nil,
		SameSite: http.SameSiteStrictMode, MaxAge: 30 * 24 * 3600,
	})
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// localPath keeps p when it is a path on this site, else "/": redirects never leave.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}

// badForm is the error of a form body that could not be read.
func badForm(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &statusError{http.StatusRequestEntityTooLarge, "The form is too large."}
	}
	return &statusError{http.StatusBadRequest, "The form could not be read: " + err.Error()}
}
