package news

import (
	"context"
	"time"
)

// Outlet leans as AllSides labels them; any other non-empty value is kept as given.
const (
	LeanLeft   = "left"
	LeanCenter = "center"
	LeanRight  = "right"
)

// Side folds a lean onto the left-right axis: "left" for left and lean-left labels,
// "right" for right and lean-right ones, "center", or "" when unknown or other.
func Side(lean string) string {
	switch lean {
	case LeanLeft, "lean left", "lean-left", "left-center":
		return LeanLeft
	case LeanRight, "lean right", "lean-right", "right-center":
		return LeanRight
	case LeanCenter, "centre":
		return LeanCenter
	}
	return ""
}

// SourceInfo is what is known about one outlet: metadata (its lean from the ingested
// articles, which a user may override) and how much of it is stored. Sources are keyed
// by their label (Source.Label of their articles).
type SourceInfo struct {
	Label    string    // the key: the articles' source name, else domain, else "unknown"
	Domain   string    // a domain its articles gave; empty when none
	Lean     string    // the lean in effect: the user's when set, else the articles'
	Notes    string    // free text a user wrote (ownership, country, ...)
	Edited   time.Time // when a user last edited it; zero when never
	Articles int       // stored articles
	First    time.Time // earliest article (publication, else ingest time)
	Last     time.Time // latest article
}

// SourceEdit is a user's change to a source's metadata. A nil field is left alone;
// an empty Lean removes the user's lean, so the articles' lean applies again.
type SourceEdit struct {
	Lean  *string
	Notes *string
}

// Volume is the number of a source's articles in one period.
type Volume struct {
	Period   time.Time // start of the period (a UTC month)
	Articles int
}

// SourceStore keeps the source table. Stores that implement it (store/sqlite) give the
// UI its coverage bars, source pages and editable metadata.
type SourceStore interface {
	// Sources lists every source with at least one article, by label.
	Sources(ctx context.Context) ([]SourceInfo, error)
	// Source returns one source by label, or an ErrNotFound error.
	Source(ctx context.Context, label string) (*SourceInfo, error)
	// EditSource changes a source's metadata and returns it as changed: ErrNotFound when
	// no article has that source, ErrInvalid when an edit is too long.
	EditSource(ctx context.Context, label string, e SourceEdit) (*SourceInfo, error)
	// SourceStories lists the stories the source's articles belong to, newest first,
	// one page of them, and how many there are in all; ErrNotFound for an unknown label.
	SourceStories(ctx context.Context, label string, p Page) ([]Story, int, error)
	// SourceVolume counts the source's articles per month, oldest first.
	SourceVolume(ctx context.Context, label string) ([]Volume, error)
}

// Limits of user-edited metadata, in bytes.
const (
	MaxLeanLen  = 40
	MaxNotesLen = 2000
)
