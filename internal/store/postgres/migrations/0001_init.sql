-- 0001: articles, stories and the full-text index.
--
-- published and modified keep the article's own text (RFC 3339 with nanoseconds and
-- the article's UTC offset), so that nothing is lost; sort_time, ingested_at, first and
-- last are timestamptz (microseconds). Ids use the "C" collation, so that ties order as
-- in the SQLite store (bytewise). Empty strings of optional fields are NULL; list fields
-- are JSON (null for a nil list).

CREATE TABLE stories (
	id            text COLLATE "C" PRIMARY KEY,
	title         text NOT NULL DEFAULT '',  -- headline of the earliest article that has one
	title_sort    timestamptz,               -- sort_time and id of that article:
	title_article text COLLATE "C",          -- an earlier titled article takes over
	first         timestamptz NOT NULL,      -- min(sort_time) of its articles
	last          timestamptz NOT NULL,      -- max(sort_time) of its articles
	article_count integer NOT NULL,
	updated_at    timestamptz NOT NULL       -- ingest time of its latest article
);
CREATE INDEX stories_last ON stories (last DESC, id);

CREATE TABLE articles (
	id            text COLLATE "C" PRIMARY KEY,
	-- arrival is the order in which articles were stored: workers replay it to rebuild
	-- the story index exactly as it was built.
	arrival       bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
	url           text,
	source_name   text,
	source_domain text,
	source_lean   text,
	title         text NOT NULL,
	standfirst    text,
	authors       jsonb NOT NULL,
	published     text,
	modified      text,
	language      text,
	paragraphs    jsonb NOT NULL,
	captions      jsonb NOT NULL,
	tags          jsonb NOT NULL,
	input_path    text,
	input_kind    text,
	warnings      jsonb NOT NULL,
	story_id      text COLLATE "C" REFERENCES stories (id) DEFERRABLE INITIALLY DEFERRED,
	ingested_at   timestamptz NOT NULL,
	sort_time     timestamptz NOT NULL,  -- published, else ingested_at
	-- title (weight A), standfirst (B) and body (D), English stemming.
	search        tsvector NOT NULL
);
CREATE INDEX articles_story ON articles (story_id, sort_time, id);
CREATE INDEX articles_sort ON articles (sort_time, id);
CREATE INDEX articles_url ON articles (url);
-- A larger pending list (16 MB, default 4 MB) lets inserts append to it and leaves
-- most merging into the index to autovacuum: on a 2,000-article batch it cut the
-- insert time by a factor of 2.7, and inserts run in the workers' serialized part.
CREATE INDEX articles_search ON articles USING gin (search) WITH (gin_pending_list_limit = 16384);
