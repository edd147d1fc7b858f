-- 0006: followed feeds, the persisted fetch queue of article pages and ingest
-- checkpoints, as in the SQLite store's 0003. Unknown times are NULL.

CREATE TABLE feeds (
	url           text COLLATE "C" PRIMARY KEY,
	title         text NOT NULL DEFAULT '',
	site          text NOT NULL DEFAULT '',
	interval_s    bigint NOT NULL DEFAULT 0,
	added         timestamptz NOT NULL,
	etag          text NOT NULL DEFAULT '',
	last_modified text NOT NULL DEFAULT '',
	last_poll     timestamptz,
	last_success  timestamptz,
	last_error    text NOT NULL DEFAULT '',
	last_error_at timestamptz,
	failures      integer NOT NULL DEFAULT 0,
	next_poll     timestamptz,
	items         integer NOT NULL DEFAULT 0
);

CREATE TABLE fetches (
	url        text COLLATE "C" PRIMARY KEY,
	feed       text NOT NULL DEFAULT '',
	title      text NOT NULL DEFAULT '',
	published  timestamptz,
	state      text NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
	attempts   integer NOT NULL DEFAULT 0,
	next_try   timestamptz NOT NULL,
	last_error text NOT NULL DEFAULT '',
	added      timestamptz NOT NULL
);
CREATE INDEX fetches_due ON fetches (next_try, added, url) WHERE state = 'pending';

CREATE TABLE checkpoints (
	key     text PRIMARY KEY,
	done    bigint NOT NULL,
	updated timestamptz NOT NULL
);
