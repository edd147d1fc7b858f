package news

import "context"

// StoryMerger is implemented by stores that record story merges: when clustering finds
// that two stories are one, the articles of the merged story move to the surviving one,
// and the merged id keeps pointing there so that links to it do not break.
// Implementations: store/sqlite, store/postgres.
type StoryMerger interface {
	// MergeStory moves every article of story from into story into and records that from
	// now stands for into. Merging a story into itself, or an unknown from, is ErrInvalid.
	MergeStory(ctx context.Context, from, into string) error
	// MergedInto returns the story that id was merged into, following chains of merges,
	// or an ErrNotFound error when id was never merged.
	MergedInto(ctx context.Context, id string) (string, error)
}
