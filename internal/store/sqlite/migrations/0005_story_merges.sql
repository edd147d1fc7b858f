-- 0005: story merges. When clustering finds two stories to be one, the articles of the
-- merged story move to the surviving one; this table keeps the merged id pointing there
-- so that links to it do not break.

CREATE TABLE story_merges (
	from_id   TEXT PRIMARY KEY,  -- the story id that no longer exists
	into_id   TEXT NOT NULL,     -- the story it merged into (which may itself merge later)
	merged_at TEXT NOT NULL      -- UTC, fixed-width layout as in 0001
);
CREATE INDEX story_merges_into ON story_merges (into_id);
