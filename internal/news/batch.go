package news

import "context"

// A Write is what storing one new article records, in this order: its relations to
// earlier articles, the article in its story, then the merges of other stories into
// that story (Merged, oldest merge first).
type Write struct {
	Article   *Article
	StoryID   string
	Relations []Relation
	Merged    []string
}

// BatchWriter is implemented by stores that make many Writes in one transaction, which
// costs far less than one transaction each (ingest uses it when the store has it).
type BatchWriter interface {
	// WriteBatch makes ws in order, all in one transaction, as Put, AddRelations and
	// MergeStory would one after the other, and reports for each whether its article
	// was new. On error nothing of ws is stored, and the error names the write that
	// failed (its article id); ErrInvalid when one of them is invalid.
	WriteBatch(ctx context.Context, ws []Write) ([]bool, error)
	// StoredIDs returns which of ids are stored.
	StoredIDs(ctx context.Context, ids []string) (map[string]bool, error)
}
