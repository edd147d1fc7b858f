// Package extract turns a raw input document (news.RawDoc) into a news.Article: the main
// content and metadata of an HTML page, of a plain-text page dump, or of one JSONL line.
package extract

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/text"
)

// DefaultMaxBytes is the largest body Extract accepts when Options.MaxBytes is 0.
const DefaultMaxBytes = 20 << 20

// Options tune extraction.
type Options struct {
	// MaxBytes bounds the size of a document's body; 0 means DefaultMaxBytes (20 MiB).
	// Larger bodies are an ErrInvalid error.
	MaxBytes int64
	// Templates, when set, is the cross-document model of each site's page furniture:
	// text dumps consult it to drop lines their site repeats on many pages, and add
	// themselves to it. Share one across a run; nil means each page stands alone.
	Templates *Templates
}

// Extract turns doc into an article, dispatching on doc.Kind: news.KindHTML pages go
// through main-content extraction, news.KindText page dumps through a line classifier,
// and a news.KindJSONL line is decoded as an Article. The article's Input, URL, Source,
// Language and ID are filled in when the document does not give them.
//
// Errors match news.ErrInvalid (errors.Is) and name doc.Path when the body is empty, too
// large, binary, not decodable text, of an unknown kind, or yields neither title nor body.
func Extract(doc news.RawDoc, opts Options) (*news.Article, error) {
	a, err := extract(doc, opts)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", doc.Path, err)
	}
	return a, nil
}

func extract(doc news.RawDoc, opts Options) (*news.Article, error) {
	max := opts.MaxBytes
	if max <= 0 {
		max = DefaultMaxBytes
	}
	if int64(len(doc.Body)) > max {
		return nil, &news.InvalidError{Field: "body", Reason: fmt.Sprintf("%d bytes, more than the limit of %d", len(doc.Body), max)}
	}
	if len(bytes.TrimSpace(doc.Body)) == 0 {
		return nil, &news.InvalidError{Field: "body", Reason: "empty input"}
	}
	if isBinary(doc.Body) {
		return nil, &news.InvalidError{Field: "body", Reason: "binary data, not text"}
	}
	var (
		a   *news.Article
		err error
	)
	switch doc.Kind {
	case news.KindHTML:
		a, err = extractHTML(doc)
	case news.KindText:
		a, err = extractTextDump(doc, opts)
	case news.KindJSONL:
		a, err = extractJSONL(doc)
	default:
		return nil, &news.InvalidError{Field: "kind", Reason: fmt.Sprintf("cannot extract kind %q", doc.Kind)}
	}
	if err != nil {
		return nil, err
	}
	finish(a, doc)
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return a, nil
}

// extractJSONL decodes one JSONL line in the contract's Article form.
func extractJSONL(doc news.RawDoc) (*news.Article, error) {
	var a news.Article
	if err := json.Unmarshal(doc.Body, &a); err != nil {
		if errors.Is(err, news.ErrInvalid) {
			return nil, err
		}
		return nil, &news.InvalidError{Field: "json", Reason: err.Error()}
	}
	// A JSON escape can carry what the binary check on the raw bytes cannot see; a NUL
	// in stored text breaks stores (PostgreSQL refuses it) and every consumer after them.
	if hasNUL(&a) {
		return nil, &news.InvalidError{Field: "json", Reason: `a string holds a NUL character (\u0000)`}
	}
	return &a, nil
}

// hasNUL reports a NUL character in any text field of a.
func hasNUL(a *news.Article) bool {
	all := []string{a.ID, a.URL, a.Source.Name, a.Source.Domain, a.Source.Lean, a.Title, a.Standfirst, a.Language}
	all = append(append(append(append(all, a.Authors...), a.Paragraphs...), a.Tags...), a.Warnings...)
	for _, c := range a.Captions {
		all = append(all, c.Text, c.Credit)
	}
	for _, s := range all {
		if strings.IndexByte(s, 0) >= 0 {
			return true
		}
	}
	return false
}

// finish fills in what every extractor shares: input, URL, source, language and id.
func finish(a *news.Article, doc news.RawDoc) {
	a.Input = news.Input{Path: doc.Path, Kind: doc.Kind}
	if a.URL == "" {
		a.URL = strings.TrimSpace(doc.URL)
	}
	if doc.Source != "" {
		a.Source.Name = doc.Source
	}
	if a.Source.Domain == "" {
		a.Source.Domain = domainOf(a.URL)
	}
	if a.Language == "" {
		a.Language = detectLanguage(a.Title, a.Paragraphs)
	}
	if a.ID == "" {
		a.ID = articleID(a)
	}
	if strings.TrimSpace(a.Title) == "" && len(a.Paragraphs) > 0 {
		a.Warn("no title found")
	}
}

// articleID derives a stable id: from the canonical URL when known, else from the
// normalized title and body, so that re-ingesting the same input gives the same id.
func articleID(a *news.Article) string {
	key := ""
	if a.URL != "" {
		key = canonicalURL(a.URL)
	}
	if key == "" {
		key = text.Normalize(a.Title + "\n" + strings.Join(a.Paragraphs, "\n\n"))
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])[:16]
}

// canonicalURL lowercases scheme and host and drops the fragment and a trailing slash.
func canonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return strings.TrimRight(raw, "/")
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Fragment = ""
	u.RawFragment = ""
	return strings.TrimRight(u.String(), "/")
}

// domainOf is the URL's host without port and "www.", or "" when there is none.
func domainOf(raw string) string {
	if raw == "" {
		return ""
	}
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// isBinary reports NUL bytes or a body that is mostly control bytes.
func isBinary(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	n := min(len(b), 8192)
	ctl := 0
	for _, c := range b[:n] {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1b {
			ctl++
		}
	}
	return ctl*10 > n
}

// decodeText returns b as UTF-8: as is when valid, else read as Windows-1252. It fails when
// the result does not look like text (C1 control codes, unassigned bytes, mostly symbols).
func decodeText(b []byte) (string, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return string(b), nil
	}
	d, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil || !textLike(string(d)) {
		return "", &news.InvalidError{Field: "body", Reason: "not valid UTF-8 and not Windows-1252 text"}
	}
	return string(d), nil
}

// textLike reports whether s is mostly letters, digits, spaces and punctuation, without
// C1 control codes (which Windows-1252 decoding yields for bytes it does not define).
func textLike(s string) bool {
	good, bad := 0, 0
	for _, r := range s {
		switch {
		case r >= 0x80 && r < 0xa0, r == utf8.RuneError:
			bad += 5
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsSpace(r), unicode.IsPunct(r):
			good++
		default:
			bad++
		}
	}
	return bad*10 < good
}
