package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// Filter selects archive records. Zero fields select everything.
type Filter struct {
	Hosts     []string  // keep records whose URL host is one of these or a subdomain of one
	Languages []string  // keep records whose declared language (WET) is one of these ISO 639-1 codes
	Since     time.Time // keep records fetched at or after Since
	Until     time.Time // keep records fetched before Until
}

// Empty reports whether f selects everything.
func (f Filter) Empty() bool {
	return len(f.Hosts) == 0 && len(f.Languages) == 0 && f.Since.IsZero() && f.Until.IsZero()
}

// String is a stable description of f (for checkpoints and messages).
func (f Filter) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "hosts=%s langs=%s", strings.Join(f.Hosts, ","), strings.Join(f.Languages, ","))
	if !f.Since.IsZero() {
		fmt.Fprintf(&b, " since=%s", f.Since.UTC().Format(time.RFC3339))
	}
	if !f.Until.IsZero() {
		fmt.Fprintf(&b, " until=%s", f.Until.UTC().Format(time.RFC3339))
	}
	return b.String()
}

// HostOK reports whether the host of rawURL passes the host filter.
func (f Filter) HostOK(rawURL string) bool {
	if len(f.Hosts) == 0 {
		return true
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	h := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	for _, want := range f.Hosts {
		want = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(want)), "www.")
		if h == want || strings.HasSuffix(h, "."+want) {
			return true
		}
	}
	return false
}

// LanguageOK reports whether a language code (possibly a list such as "eng,fra" or ISO
// 639-3 codes as Common Crawl writes them) passes the language filter. An unknown
// language passes: the extractor's detection decides later.
func (f Filter) LanguageOK(lang string) bool {
	if len(f.Languages) == 0 || lang == "" {
		return true
	}
	for _, l := range strings.Split(lang, ",") {
		l = strings.ToLower(strings.TrimSpace(l))
		if two, ok := iso3to1[l]; ok {
			l = two
		}
		for _, want := range f.Languages {
			if strings.EqualFold(l, strings.TrimSpace(want)) {
				return true
			}
		}
	}
	return false
}

// TimeOK reports whether t passes the date filter; a zero t passes.
func (f Filter) TimeOK(t time.Time) bool {
	if t.IsZero() {
		return true
	}
	if !f.Since.IsZero() && t.Before(f.Since) {
		return false
	}
	if !f.Until.IsZero() && !t.Before(f.Until) {
		return false
	}
	return true
}

// iso3to1 maps the ISO 639-3 codes Common Crawl uses to ISO 639-1, for common languages.
var iso3to1 = map[string]string{
	"eng": "en", "fra": "fr", "deu": "de", "spa": "es", "ita": "it", "por": "pt", "nld": "nl",
	"rus": "ru", "ara": "ar", "heb": "he", "zho": "zh", "jpn": "ja", "kor": "ko", "pol": "pl",
	"tur": "tr", "swe": "sv", "dan": "da", "nor": "no", "fin": "fi", "ces": "cs", "ukr": "uk",
	"ell": "el", "hin": "hi", "fas": "fa", "ind": "id", "vie": "vi", "hun": "hu", "ron": "ro",
}

// Skip reasons reported through Options.Skip.
const (
	SkipNotContent = "not a response or conversion record"
	SkipStatus     = "HTTP status not 200"
	SkipType       = "content type not HTML or text"
	SkipHost       = "host filtered out"
	SkipLanguage   = "language filtered out"
	SkipDate       = "date filtered out"
	SkipTooLarge   = "record larger than the size limit"
)

// warcRecord is the header of one WARC record.
type warcRecord struct {
	header textproto.MIMEHeader
	length int64
}

// readWARC streams the records of a WARC or WET file (gzip multi-member or plain; gzip
// was already undone by the caller) and hands over HTML responses as KindHTML documents
// and WET conversions as KindText documents, one at a time: memory does not grow with
// the file. Documents are named PATH:N, N the record's 1-based number in the file.
func readWARC(ctx context.Context, path string, br *bufio.Reader, opts Options, h Handler) error {
	skipFirst := 0
	if opts.Begin != nil && path != "-" {
		skipFirst = opts.Begin(path)
	}
	limit := opts.maxBytes()
	n, handled := 0, 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := readWARCHeader(br)
		if err == io.EOF {
			return nil
		}
		n++
		at := fmt.Sprintf("%s:%d", path, n)
		if err != nil {
			// The framing is lost: nothing after this point can be trusted.
			return h(news.RawDoc{Path: at}, &Error{Path: at, Err: readErr(err)})
		}
		body := io.LimitReader(br, rec.length)
		doc, reason, derr := warcDoc(at, rec, body, limit, opts, handled < skipFirst)
		if _, err := io.Copy(io.Discard, body); err != nil {
			return h(news.RawDoc{Path: at}, &Error{Path: at, Err: readErr(err)})
		}
		if err := skipCRLF(br); err != nil {
			return h(news.RawDoc{Path: at}, &Error{Path: at, Err: readErr(err)})
		}
		switch {
		case reason != "":
			if opts.Skip != nil {
				opts.Skip(at, reason)
			}
			continue
		}
		handled++
		if handled <= skipFirst {
			continue
		}
		if derr != nil {
			derr = h(news.RawDoc{Path: at}, &Error{Path: at, Err: derr})
		} else {
			derr = h(doc, nil)
		}
		if derr != nil {
			return derr
		}
	}
}

// warcDoc turns one record into a document, or says why it is skipped. When resumed is
// true the record was handled by an earlier run: only whether it would be handed over
// matters, so the body is not decoded.
func warcDoc(at string, rec warcRecord, body io.Reader, limit int64, opts Options, resumed bool) (news.RawDoc, string, error) {
	typ := strings.ToLower(rec.header.Get("WARC-Type"))
	target := strings.Trim(rec.header.Get("WARC-Target-URI"), "<> ")
	date, _ := time.Parse(time.RFC3339, rec.header.Get("WARC-Date"))
	ct := strings.ToLower(rec.header.Get("Content-Type"))
	kind := ""
	switch {
	case typ == "response" && strings.HasPrefix(ct, "application/http"):
		kind = news.KindHTML
	case typ == "resource" && (strings.HasPrefix(ct, "text/html") || strings.HasPrefix(ct, "application/xhtml")):
		kind = news.KindHTML
	case typ == "conversion" && (ct == "" || strings.HasPrefix(ct, "text/plain")):
		kind = news.KindText
	default:
		return news.RawDoc{}, SkipNotContent, nil
	}
	f := opts.Filter
	if !f.HostOK(target) {
		return news.RawDoc{}, SkipHost, nil
	}
	if !f.TimeOK(date) {
		return news.RawDoc{}, SkipDate, nil
	}
	if !f.LanguageOK(rec.header.Get("WARC-Identified-Content-Language")) {
		return news.RawDoc{}, SkipLanguage, nil
	}
	if rec.length > limit+64<<10 {
		return news.RawDoc{}, SkipTooLarge, nil
	}
	doc := news.RawDoc{Path: at, Kind: kind, URL: target, Source: opts.Source, Fetched: date.UTC()}
	if typ == "response" {
		resp, err := http.ReadResponse(bufio.NewReader(body), nil)
		if err != nil {
			return news.RawDoc{}, "", fmt.Errorf("bad HTTP response in WARC record: %v: %w", err, news.ErrInvalid)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return news.RawDoc{}, SkipStatus, nil
		}
		mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		if mt != "" && mt != "text/html" && mt != "application/xhtml+xml" {
			return news.RawDoc{}, SkipType, nil
		}
		if resumed {
			return doc, "", nil
		}
		var r io.Reader = resp.Body
		switch strings.ToLower(resp.Header.Get("Content-Encoding")) {
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				return news.RawDoc{}, "", fmt.Errorf("bad gzip content encoding in WARC record: %w", news.ErrInvalid)
			}
			defer zr.Close()
			r = zr
		}
		b, err := io.ReadAll(io.LimitReader(r, limit+1))
		if err != nil {
			return news.RawDoc{}, "", fmt.Errorf("reading WARC record payload: %v: %w", err, news.ErrInvalid)
		}
		if int64(len(b)) > limit {
			// Decided after decoding, so an error (handled) rather than a skip: a resumed
			// run, which does not decode, must count the same records as handled.
			return news.RawDoc{}, "", fmt.Errorf("decoded payload larger than the %d MiB limit: %w", limit>>20, news.ErrInvalid)
		}
		doc.Body = b
		return doc, "", nil
	}
	if resumed {
		return doc, "", nil
	}
	b, err := io.ReadAll(io.LimitReader(body, limit+1))
	if err != nil {
		return news.RawDoc{}, "", err
	}
	if int64(len(b)) > limit {
		return news.RawDoc{}, "", fmt.Errorf("larger than the %d MiB limit: %w", limit>>20, news.ErrInvalid)
	}
	doc.Body = b
	return doc, "", nil
}

var errWARCHeader = errors.New("not a WARC record header")

// readWARCHeader reads "WARC/1.x" and the named fields up to the blank line. It returns
// io.EOF at a clean end of input.
func readWARCHeader(br *bufio.Reader) (warcRecord, error) {
	var line []byte
	for {
		l, err := br.ReadSlice('\n')
		if err == io.EOF && len(bytes.TrimSpace(l)) == 0 {
			return warcRecord{}, io.EOF
		}
		if err != nil {
			return warcRecord{}, fmt.Errorf("%w: %v", errWARCHeader, err)
		}
		if t := bytes.TrimSpace(l); len(t) > 0 {
			line = t
			break
		}
	}
	if !bytes.HasPrefix(line, []byte("WARC/")) {
		return warcRecord{}, fmt.Errorf("%w: line %.40q", errWARCHeader, line)
	}
	tp := textproto.NewReader(br)
	hdr, err := tp.ReadMIMEHeader()
	if err != nil {
		return warcRecord{}, fmt.Errorf("%w: %v", errWARCHeader, err)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(hdr.Get("Content-Length")), 10, 64)
	if err != nil || n < 0 {
		return warcRecord{}, fmt.Errorf("%w: bad Content-Length %q", errWARCHeader, hdr.Get("Content-Length"))
	}
	return warcRecord{header: hdr, length: n}, nil
}

// skipCRLF consumes the blank lines that end a record.
func skipCRLF(br *bufio.Reader) error {
	for {
		b, err := br.Peek(1)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if b[0] != '\r' && b[0] != '\n' {
			return nil
		}
		br.ReadByte()
	}
}
