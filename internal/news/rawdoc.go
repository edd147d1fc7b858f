package news

import "time"

// RawDoc is one input document before extraction: what the source stage reads and the
// extract stage turns into an Article.
type RawDoc struct {
	Path    string    // where it was read: a file path, "-" for stdin; JSONL lines add ":LINE"
	Kind    string    // KindHTML, KindText or KindJSONL (one line of JSONL)
	URL     string    // the page's URL when known (from a feed, a WARC record, --url)
	Source  string    // a source name given by the user (--source), else empty
	Body    []byte    // the raw bytes (decompressed)
	Fetched time.Time // when it was read or fetched; zero when unknown
}
