-- 0003: relations between articles (duplicate, update, reuse), found on ingest, as in
-- the SQLite store's 0002.
--
-- One row per pair of articles (earlier, later): the first relation recorded for a pair
-- is kept. Ingest records an article's relations before the article itself, so rows may
-- name articles not stored (yet): no foreign keys; queries join articles to show only
-- complete pairs.

CREATE TABLE relations (
	earlier   text COLLATE "C" NOT NULL,  -- article id
	later     text COLLATE "C" NOT NULL,  -- article id
	kind      text NOT NULL CHECK (kind IN ('duplicate', 'update', 'reuse')),
	fraction  double precision NOT NULL,  -- share of the later article's words in shared passages
	source    text,                       -- earliest known article holding the shared passages
	wire      text,                       -- news agency credited, NULL when none
	found_at  timestamptz NOT NULL,
	PRIMARY KEY (earlier, later)
);
CREATE INDEX relations_later ON relations (later, earlier);
