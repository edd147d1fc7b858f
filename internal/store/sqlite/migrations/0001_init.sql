-- 0001: articles, stories and the full-text index.
--
-- Times are TEXT. published and modified keep the article's own UTC offset
-- (RFC 3339 with nanoseconds); sort_time, first, last and ingested_at are UTC in a
-- fixed-width layout (2006-01-02T15:04:05.000000000Z) so that text order is time order.
-- Empty strings of optional fields are NULL; list fields are JSON (null for a nil list).

CREATE TABLE stories (
	id            TEXT PRIMARY KEY,
	title         TEXT NOT NULL DEFAULT '',  -- headline of the earliest article that has one
	first         TEXT NOT NULL,             -- min(sort_time) of its articles
	last          TEXT NOT NULL,             -- max(sort_time) of its articles
	article_count INTEGER NOT NULL,
	updated_at    TEXT NOT NULL              -- ingest time of its latest article
);
CREATE INDEX stories_last ON stories (last DESC, id);

CREATE TABLE articles (
	id            TEXT PRIMARY KEY,
	url           TEXT,
	source_name   TEXT,
	source_domain TEXT,
	source_lean   TEXT,
	title         TEXT NOT NULL,
	standfirst    TEXT,
	authors       TEXT NOT NULL,  -- JSON array or null
	published     TEXT,
	modified      TEXT,
	language      TEXT,
	paragraphs    TEXT NOT NULL,  -- JSON array or null
	captions      TEXT NOT NULL,  -- JSON array of {text, credit} or null
	tags          TEXT NOT NULL,  -- JSON array or null
	input_path    TEXT,
	input_kind    TEXT,
	warnings      TEXT NOT NULL,  -- JSON array or null
	story_id      TEXT REFERENCES stories (id) DEFERRABLE INITIALLY DEFERRED,
	ingested_at   TEXT NOT NULL,
	sort_time     TEXT NOT NULL   -- published, else ingested_at, in UTC
);
CREATE INDEX articles_story ON articles (story_id, sort_time, id);
CREATE INDEX articles_sort ON articles (sort_time, id);
CREATE INDEX articles_url ON articles (url);

-- A regular (self-contained) FTS5 table: articles are never updated, so keeping it in
-- sync is one insert in Put's transaction, and snippet() has the text it needs.
-- article_id joins back to articles(id); the FTS rowid is its own.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
	article_id UNINDEXED,
	title,
	standfirst,
	body,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
