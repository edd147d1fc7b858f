-- 0002: relations between articles (duplicate, update, reuse), found on ingest.
--
-- One row per pair of articles (earlier, later): the first relation recorded for a pair
-- is kept, so recording it again changes nothing. Ingest records an article's relations
-- before the article itself, so rows may name articles not stored (yet): there are no
-- foreign keys, and queries join the articles table to show only complete pairs.

CREATE TABLE relations (
	earlier   TEXT NOT NULL,  -- article id
	later     TEXT NOT NULL,  -- article id
	kind      TEXT NOT NULL CHECK (kind IN ('duplicate', 'update', 'reuse')),
	fraction  REAL NOT NULL,  -- share of the later article's words in shared passages
	source    TEXT,           -- earliest known article holding the shared passages
	wire      TEXT,           -- news agency credited, NULL when none
	found_at  TEXT NOT NULL,  -- UTC, fixed width
	PRIMARY KEY (earlier, later)
) WITHOUT ROWID;
CREATE INDEX relations_later ON relations (later, earlier);
