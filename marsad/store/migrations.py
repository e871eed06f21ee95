"""The SQLite schema as an ordered list of migrations.

Why migrations and not one ``CREATE TABLE IF NOT EXISTS`` script: a store file outlives the code
that wrote it. Each migration is applied once, in order, in its own transaction, and recorded both in
``PRAGMA user_version`` (cheap to read on open) and in ``schema_migrations`` (readable history).
Never edit a migration that has shipped; append a new one.

Why Python strings and not ``schema/*.sql`` files: they travel with the package in every install
form (wheel, zipapp, editable) without package-data configuration.

Layout: every record is kept whole as ``to_json`` text in a ``json`` column (lossless, and new
model fields need no migration); the other columns are copies made only to be queried or indexed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial",
        """
        -- seq is an explicit INTEGER PRIMARY KEY so VACUUM can never renumber it: the FTS index
        -- refers to articles by seq.
        CREATE TABLE articles (
            seq            INTEGER PRIMARY KEY,
            id             TEXT NOT NULL UNIQUE,
            content_hash   TEXT NOT NULL DEFAULT '',
            url            TEXT NOT NULL DEFAULT '',
            title          TEXT NOT NULL DEFAULT '',
            outlet         TEXT NOT NULL DEFAULT '',
            published      TEXT,
            published_sort TEXT NOT NULL DEFAULT '',  -- UTC ISO when parseable, '' when unknown
            ingested_at    TEXT NOT NULL DEFAULT '',
            language       TEXT NOT NULL DEFAULT '',
            json           TEXT NOT NULL
        );
        -- empty hash / URL mean "unknown" and must not collide with each other
        CREATE UNIQUE INDEX articles_content_hash ON articles(content_hash) WHERE content_hash <> '';
        CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url <> '';
        CREATE INDEX articles_order ON articles(published_sort, ingested_at, id);
        CREATE INDEX articles_outlet ON articles(outlet, published_sort, ingested_at, id);

        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, tokenize = 'unicode61 remove_diacritics 2'
        );

        -- json holds the analysis without its article (the article row is the single copy)
        CREATE TABLE analyses (
            article_id       TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            analyzer_version TEXT NOT NULL DEFAULT '',
            json             TEXT NOT NULL
        );

        CREATE TABLE mentions (
            article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id      TEXT,
            type           TEXT NOT NULL,
            text           TEXT NOT NULL,
            normalized     TEXT NOT NULL DEFAULT '',
            sentence_index INTEGER NOT NULL DEFAULT -1,
            start          INTEGER NOT NULL,
            "end"          INTEGER NOT NULL
        );
        CREATE INDEX mentions_article ON mentions(article_id);
        CREATE INDEX mentions_entity ON mentions(entity_id, article_id) WHERE entity_id IS NOT NULL;

        CREATE TABLE stories (
            id         TEXT PRIMARY KEY,
            title      TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL DEFAULT '',
            n_outlets  INTEGER NOT NULL DEFAULT 0,
            json       TEXT NOT NULL
        );
        CREATE INDEX stories_order ON stories(updated_at DESC, n_outlets DESC, id);

        -- article_id is not a foreign key: a story may be saved before (or without) its articles
        CREATE TABLE story_articles (
            story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL PRIMARY KEY
        );
        CREATE INDEX story_articles_story ON story_articles(story_id);

        CREATE TABLE briefs (
            story_id TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
            json     TEXT NOT NULL
        );

        CREATE TABLE entities (
            id      TEXT PRIMARY KEY,
            type    TEXT NOT NULL,
            name_ar TEXT NOT NULL DEFAULT '',
            json    TEXT NOT NULL
        );
        """,
    ),
    Migration(
        2,
        "job state",
        """
        -- small named values that long-running jobs (marsad watch) keep across restarts
        CREATE TABLE state (
            key        TEXT PRIMARY KEY,
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


def statements(script: str) -> list[str]:
    """Split a migration script into complete statements (so each can run inside our transaction;
    ``executescript`` would commit first)."""
    import sqlite3

    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        stripped = line.strip()
        if not buf and (not stripped or stripped.startswith("--")):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf.strip()[:80]}")
    return out
