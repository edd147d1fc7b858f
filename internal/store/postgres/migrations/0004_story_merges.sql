-- 0004: story merges, as in the SQLite store's 0005. When clustering finds two stories
-- to be one, the articles of the merged story move to the surviving one; this table
-- keeps the merged id pointing there so that links to it do not break.

CREATE TABLE story_merges (
	from_id   text COLLATE "C" PRIMARY KEY,  -- the story id that no longer exists
	into_id   text COLLATE "C" NOT NULL,     -- the story it merged into (re-pointed when that merges on)
	merged_at timestamptz NOT NULL
);
CREATE INDEX story_merges_into ON story_merges (into_id);
