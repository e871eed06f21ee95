"""The PostgreSQL schema as an ordered list of migrations.

Why a list of its own rather than sharing SQLite's: the two dialects differ where it matters
(identity columns, ``tsvector`` + GIN instead of an FTS5 virtual table, collations), so each backend
keeps its own history. Version numbers follow SQLite's so one number names the same logical schema
on both. Never edit a migration that has shipped; append a new one.

Why ``COLLATE "C"`` on every text column: ``ORDER BY id`` / ``ORDER BY text`` must give the same
order as SQLite's BINARY collation (code point order) whatever locale the database was created
with, or listings would differ between backends; it is also the fastest collation.

Layout as on SQLite: every record kept whole as ``to_json`` text in ``json``, the other columns are
copies for querying. The search vector lives in the article row itself (``search``), so an article
is in the index exactly once by construction; it is nullable only so that ``check_integrity`` can
report a row written without it by hand.

How migrations run is ``PostgresStore._migrate``: each in its own transaction, under
``pg_advisory_xact_lock(MIGRATION_LOCK)``, recorded in ``schema_migrations``.
"""

from __future__ import annotations

from marsad.store.migrations import Migration

# An arbitrary constant naming Marsad's migration lock among the database's advisory locks.
MIGRATION_LOCK = 0x6D617273_6164  # "marsad"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial",
        """
        CREATE TABLE articles (
            seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id             TEXT COLLATE "C" NOT NULL UNIQUE,
            content_hash   TEXT COLLATE "C" NOT NULL DEFAULT '',
            url            TEXT COLLATE "C" NOT NULL DEFAULT '',
            title          TEXT COLLATE "C" NOT NULL DEFAULT '',
            outlet         TEXT COLLATE "C" NOT NULL DEFAULT '',
            published      TEXT COLLATE "C",
            published_sort TEXT COLLATE "C" NOT NULL DEFAULT '',
            ingested_at    TEXT COLLATE "C" NOT NULL DEFAULT '',
            language       TEXT COLLATE "C" NOT NULL DEFAULT '',
            search         TSVECTOR,
            json           TEXT NOT NULL
        );
        CREATE UNIQUE INDEX articles_content_hash ON articles(content_hash) WHERE content_hash <> '';
        CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url <> '';
        CREATE INDEX articles_order ON articles(published_sort, ingested_at, id);
        CREATE INDEX articles_outlet ON articles(outlet, published_sort, ingested_at, id);
        CREATE INDEX articles_search ON articles USING GIN (search);

        CREATE TABLE analyses (
            article_id       TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            analyzer_version TEXT COLLATE "C" NOT NULL DEFAULT '',
            json             TEXT NOT NULL
        );

        CREATE TABLE mentions (
            article_id     TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id      TEXT COLLATE "C",
            type           TEXT COLLATE "C" NOT NULL,
            text           TEXT COLLATE "C" NOT NULL,
            normalized     TEXT COLLATE "C" NOT NULL DEFAULT '',
            sentence_index INTEGER NOT NULL DEFAULT -1,
            start          INTEGER NOT NULL,
            "end"          INTEGER NOT NULL
        );
        CREATE INDEX mentions_article ON mentions(article_id);
        CREATE INDEX mentions_entity ON mentions(entity_id, article_id) WHERE entity_id IS NOT NULL;

        CREATE TABLE stories (
            id         TEXT COLLATE "C" PRIMARY KEY,
            title      TEXT COLLATE "C" NOT NULL DEFAULT '',
            updated_at TEXT COLLATE "C" NOT NULL DEFAULT '',
            n_outlets  INTEGER NOT NULL DEFAULT 0,
            json       TEXT NOT NULL
        );
        CREATE INDEX stories_order ON stories(updated_at DESC, n_outlets DESC, id);

        -- article_id is not a foreign key: a story may be saved before (or without) its articles
        CREATE TABLE story_articles (
            story_id   TEXT COLLATE "C" NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            article_id TEXT COLLATE "C" NOT NULL PRIMARY KEY
        );
        CREATE INDEX story_articles_story ON story_articles(story_id);

        CREATE TABLE briefs (
            story_id TEXT COLLATE "C" PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
            json     TEXT NOT NULL
        );

        CREATE TABLE entities (
            id      TEXT COLLATE "C" PRIMARY KEY,
            type    TEXT COLLATE "C" NOT NULL,
            name_ar TEXT COLLATE "C" NOT NULL DEFAULT '',
            json    TEXT NOT NULL
        );
        """,
    ),
    Migration(
        2,
        "job state",
        """
        CREATE TABLE state (
            key        TEXT COLLATE "C" PRIMARY KEY,
            value      TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    ),
    Migration(
        3,
        "entity forms index",
        """
        -- covers naming a local entity from its mentions (most frequent type and text) and its
        -- surface forms, which otherwise read every mention row of a frequent entity
        CREATE INDEX mentions_entity_form ON mentions(entity_id, type, text) WHERE entity_id IS NOT NULL;
        """,
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version

# Created before any migration, in the same locked transaction, so it exists to be read.
SCHEMA_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""
