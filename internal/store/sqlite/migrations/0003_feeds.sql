-- 0003: followed feeds, the persisted fetch queue of article pages, ingest checkpoints.
-- Times are UTC in the fixed-width layout of 0001 ('' when unknown).

CREATE TABLE feeds (
	url           TEXT PRIMARY KEY,
	title         TEXT NOT NULL DEFAULT '',
	site          TEXT NOT NULL DEFAULT '',
	interval_s    INTEGER NOT NULL DEFAULT 0,
	added         TEXT NOT NULL,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_poll     TEXT NOT NULL DEFAULT '',
	last_success  TEXT NOT NULL DEFAULT '',
	last_error    TEXT NOT NULL DEFAULT '',
	last_error_at TEXT NOT NULL DEFAULT '',
	failures      INTEGER NOT NULL DEFAULT 0,
	next_poll     TEXT NOT NULL DEFAULT '',
	items         INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE fetches (
	url        TEXT PRIMARY KEY,
	feed       TEXT NOT NULL DEFAULT '',
	title      TEXT NOT NULL DEFAULT '',
	published  TEXT NOT NULL DEFAULT '',
	state      TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_try   TEXT NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	added      TEXT NOT NULL
);
CREATE INDEX fetches_due ON fetches (state, next_try);

CREATE TABLE checkpoints (
	key     TEXT PRIMARY KEY,
	done    INTEGER NOT NULL,
	updated TEXT NOT NULL
);
