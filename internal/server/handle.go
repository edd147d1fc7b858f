package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/parallax-news/parallax/internal/news"
)

// handlerFunc is a handler that reports failure instead of writing it: it must write
// nothing when it returns an error, so that page and api can answer in the right form.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// page adapts h to http.Handler, answering its errors with an HTML error page.
func (s *Server) page(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			status, msg := s.classify(r, err)
			s.renderError(w, r, status, msg)
		}
	})
}

// api adapts h to http.Handler, answering its errors with a JSON {"error": "..."} body.
func (s *Server) api(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			status, msg := s.classify(r, err)
			writeJSON(w, status, map[string]string{"error": msg})
		}
	})
}

// classify maps an error to an HTTP status and a message fit for users: ErrNotFound is
// 404, ErrInvalid 400, anything else 500, logged here (once) with its details, which
// the user does not see.
func (s *Server) classify(r *http.Request, err error) (int, string) {
	var se *statusError
	switch {
	case errors.As(err, &se):
		return se.status, se.msg
	case errors.Is(err, news.ErrNotFound):
		return http.StatusNotFound, "Nothing is stored at " + r.URL.Path + ". Check the address, or start from the latest stories."
	case errors.Is(err, news.ErrInvalid):
		return http.StatusBadRequest, invalidMessage(err)
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The client went away; nobody will read the answer and nothing is broken.
		s.log.DebugContext(r.Context(), "request cancelled", "method", r.Method, "path", r.URL.Path)
		return http.StatusServiceUnavailable, "The request was cancelled."
	}
	s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	return http.StatusInternalServerError, "Something went wrong on our side. Please try again in a moment."
}

// invalidMessage is what users see of an ErrInvalid error: the field and the reason when
// the error says them, else the error itself, which names the bad input.
func invalidMessage(err error) string {
	var ie *news.InvalidError
	if errors.As(err, &ie) {
		return "Invalid " + ie.Error() + "."
	}
	return err.Error()
}

// writeJSON writes v as an indented JSON body with status. v is encoded before anything
// is written, so an encoding failure still yields a well-formed 500.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error": "could not encode the response"}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// securityHeaders sets the headers every response carries: a content security policy
// that allows no inline script or style and no framing, no MIME sniffing, and no
// referrer sent to other sites.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy is the policy of every response.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
