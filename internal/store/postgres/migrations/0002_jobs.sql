-- 0002: the ingest job queue of `parallax worker`.
--
-- A job goes queued -> extracting (claimed by one worker, under a lease it renews) ->
-- extracted (its documents staged in job_docs) -> done, or failed. Extraction runs in
-- parallel; story assignment takes extracted jobs in seq order, one worker at a time.

CREATE TABLE jobs (
	seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind        text NOT NULL CHECK (kind IN ('file', 'url', 'range')),
	target      text NOT NULL,          -- a path (file or directory) or a URL
	first_line  integer,                -- range: JSONL lines or WARC records first..last (1-based, inclusive)
	last_line   integer,
	source      text,                   -- --source given when queued
	state       text NOT NULL DEFAULT 'queued'
	            CHECK (state IN ('queued', 'extracting', 'extracted', 'done', 'failed')),
	owner       text,                   -- the worker that claimed it last
	assigned_by text,                   -- the worker that assigned its stories
	lease_until timestamptz,
	attempts    integer NOT NULL DEFAULT 0,
	error       text,
	read        integer NOT NULL DEFAULT 0,
	stored      integer NOT NULL DEFAULT 0,
	duplicates  integer NOT NULL DEFAULT 0,
	failed      integer NOT NULL DEFAULT 0,
	created_at  timestamptz NOT NULL DEFAULT now(),
	updated_at  timestamptz NOT NULL DEFAULT now(),
	CHECK (kind <> 'range' OR (first_line >= 1 AND last_line >= first_line))
);
CREATE INDEX jobs_pending ON jobs (seq) WHERE state IN ('queued', 'extracting', 'extracted');

-- The documents of an extracted job, in input order: an article (the dump format) or
-- the error that stopped its document (unread: it could not even be read).
CREATE TABLE job_docs (
	job_seq bigint NOT NULL REFERENCES jobs (seq) ON DELETE CASCADE,
	pos     integer NOT NULL,
	article jsonb,
	error   text,
	unread  boolean NOT NULL DEFAULT false,
	-- The article's full-text vector, computed when staged (in parallel, by the
	-- extracting worker) so that the serialized assignment does not compute it.
	search  tsvector,
	PRIMARY KEY (job_seq, pos),
	CHECK ((article IS NULL) <> (error IS NULL))
);
