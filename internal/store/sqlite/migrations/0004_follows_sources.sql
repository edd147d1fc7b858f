-- 0004: the source table (what is known about each outlet, kept up to date by a
-- trigger on articles; users may override the lean and add notes) and followed topics.
--
-- A source's key is its label: the articles' source_name, else source_domain, else
-- 'unknown' (news.Source.Label).

CREATE TABLE sources (
	label      TEXT PRIMARY KEY,
	domain     TEXT,                       -- the first domain its articles gave
	lean       TEXT,                       -- the first lean its articles gave (AllSides bias)
	user_lean  TEXT,                       -- a user's lean; wins over lean when set
	notes      TEXT NOT NULL DEFAULT '',
	edited_at  TEXT,                       -- UTC, when a user last edited it
	articles   INTEGER NOT NULL DEFAULT 0,
	first      TEXT NOT NULL,              -- min(sort_time) of its articles
	last       TEXT NOT NULL               -- max(sort_time) of its articles
);

INSERT INTO sources (label, domain, lean, articles, first, last)
SELECT coalesce(source_name, source_domain, 'unknown'), min(source_domain), min(source_lean),
	count(*), min(sort_time), max(sort_time)
FROM articles GROUP BY 1;

CREATE TRIGGER sources_count AFTER INSERT ON articles BEGIN
	INSERT INTO sources (label, domain, lean, articles, first, last)
	VALUES (coalesce(NEW.source_name, NEW.source_domain, 'unknown'), NEW.source_domain, NEW.source_lean,
		1, NEW.sort_time, NEW.sort_time)
	ON CONFLICT (label) DO UPDATE SET
		articles = articles + 1,
		first = min(first, excluded.first),
		last = max(last, excluded.last),
		domain = coalesce(domain, excluded.domain),
		lean = coalesce(lean, excluded.lean);
END;

-- A source's articles by time, for its page (stories, volume per month).
CREATE INDEX articles_source ON articles (coalesce(source_name, source_domain, 'unknown'), sort_time);

CREATE TABLE follows (
	id          INTEGER PRIMARY KEY AUTOINCREMENT, -- ids are never reused: feeds and webhooks name them
	name        TEXT NOT NULL,
	q_text      TEXT NOT NULL DEFAULT '',
	q_source    TEXT NOT NULL DEFAULT '',
	q_entity    TEXT NOT NULL DEFAULT '',
	q_from      TEXT,                      -- RFC 3339 or NULL
	q_to        TEXT,
	created_at  TEXT NOT NULL,             -- UTC, fixed width like ingested_at
	seen_at     TEXT NOT NULL,
	notified_at TEXT NOT NULL
);

-- "What is new since" compares ingested_at.
CREATE INDEX articles_ingested ON articles (ingested_at);
