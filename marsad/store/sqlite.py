"""The default store: one SQLite file (or ``:memory:``), zero configuration.

Decisions, and why:

* **One connection, one lock.** The connection is opened with ``check_same_thread=False`` and every
  operation (read or write) runs under one re-entrant lock. A ``sqlite3.Connection`` carries a single
  transaction state, so two threads interleaving statements on it would see each other's
  uncommitted writes or commit each other's work; the lock makes that impossible. SQLite answers the
  web app's small queries in well under a millisecond, so serialising them costs little, and it keeps
  ``:memory:`` stores (which cannot be shared between connections) working the same as files.
  Concurrency *between processes* (``marsad ingest`` while ``marsad serve`` runs) comes from WAL
  mode plus ``busy_timeout``; a server database is the answer for more.
* **Explicit transactions.** The connection is in autocommit mode and every write runs in
  ``BEGIN IMMEDIATE … COMMIT`` (``transaction()``), nested calls become savepoints. IMMEDIATE takes
  the write lock up front, so the duplicate checks in ``add_article`` cannot race another process.
  Any exception rolls everything back: a failed write never loses or half-writes data.
* **Records as JSON.** Each record is stored whole with ``marsad.model.to_json`` (lossless, tested);
  indexed columns are copies for querying. An analysis is stored without its article, which lives
  once in ``articles``.
* **Streaming.** ``iter_analyses`` reads in batches of ``BATCH`` rows with keyset pagination, taking
  the lock per batch only, so a long iteration never holds the store or all rows in memory.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from marsad.model import (
    AnalyzedArticle,
    Article,
    Brief,
    Entity,
    SearchHit,
    Story,
    from_json,
    to_dict,
    to_json,
)
from marsad.store import searchtext
from marsad.store.base import COOCCURRENCE_SAMPLE, EntityCount, StoreError, minimal_entities
from marsad.store.migrations import MIGRATIONS, SCHEMA_VERSION, statements
from marsad.store.sql import BATCH, SqlStore

_MAX_PARAMS = 500  # ids per IN (...) list, well under SQLite's variable limit


def published_sort_key(published: str | None) -> str:
    """A string that sorts chronologically: UTC ISO for timestamps with an offset, the value as
    given otherwise, '' when unknown (so undated articles come first oldest-first, last newest-first).
    """
    if not published:
        return ""
    value = published.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if parsed.tzinfo is not None:
        return parsed.astimezone(UTC).replace(tzinfo=None).isoformat()
    if len(value) <= 10:  # a bare date stays a date ("2025-03-01")
        return value
    return parsed.isoformat()


class SQLiteStore(SqlStore):
    """``Store`` on SQLite; see the module doc for the concurrency and transaction model."""

    def __init__(self, path: str | Path = ":memory:", *, timeout: float = 10.0) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._depth = 0  # transaction nesting level (guarded by the lock)
        try:
            if self.path != ":memory:":
                Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
                self.path = str(Path(self.path).expanduser())
            conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc
        self._conn: sqlite3.Connection | None = conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
                # WAL + NORMAL never corrupts; at worst the last commits before a power cut are lost.
                conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except StoreError:
            conn.close()
            self._conn = None
            raise
        except sqlite3.Error as exc:
            conn.close()
            self._conn = None
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    # -- plumbing --------------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        """The schema version of the open file (``PRAGMA user_version``)."""
        with self._lock:
            return int(self._db().execute("PRAGMA user_version").fetchone()[0])

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the store is closed")
        return self._conn

    def _migrate(self) -> None:
        conn = self._db()
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"this store was written by a newer Marsad: schema {current} > {SCHEMA_VERSION}; "
                "upgrade Marsad to open it"
            )
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            with self.transaction():
                # Re-read inside the write lock: another process may have migrated meanwhile.
                now = int(conn.execute("PRAGMA user_version").fetchone()[0])
                if now >= migration.version:
                    current = now
                    continue
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations ("
                    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                )
                for stmt in statements(migration.sql):
                    conn.execute(stmt)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, datetime.now(UTC).isoformat(timespec="seconds")),
                )
                conn.execute(f"PRAGMA user_version = {int(migration.version)}")
                current = migration.version

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block of writes atomically; nested use becomes a savepoint.

        Callers may group many writes (``with store.transaction(): for a in batch: store.add_article(a)``)
        so a bulk ingest commits once. Any exception rolls the block back and is re-raised
        (``sqlite3`` errors as ``StoreError``).
        """
        with self._lock:
            conn = self._db()
            depth = self._depth
            savepoint = f"sp{depth}"
            try:
                conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT {savepoint}")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot write to the store at {self.path}: {exc}") from exc
            self._depth += 1
            try:
                yield conn
            except BaseException as exc:
                self._depth -= 1
                if depth == 0:
                    conn.execute("ROLLBACK")
                else:
                    conn.execute(f"ROLLBACK TO {savepoint}")
                    conn.execute(f"RELEASE {savepoint}")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"cannot write to the store at {self.path}: {exc}") from exc
                raise
            self._depth -= 1
            try:
                conn.execute("COMMIT" if depth == 0 else f"RELEASE {savepoint}")
            except sqlite3.Error as exc:
                if depth == 0 and conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise StoreError(f"cannot write to the store at {self.path}: {exc}") from exc

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Run a read under the lock and return all rows."""
        with self._lock:
            try:
                return self._db().execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read the store at {self.path}: {exc}") from exc

    def __enter__(self) -> SQLiteStore:
        return self

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- articles --------------------------------------------------------------------------------
    def add_article(self, article: Article) -> bool:
        """Store ``article``; False (nothing written) when its id, content hash or non-empty URL is
        already stored. The URL rule catches a page re-published with edits under the same address."""
        with self.transaction() as conn:
            if self._duplicate_of(conn, article) is not None:
                return False
            cur = conn.execute(
                "INSERT INTO articles (id, content_hash, url, title, outlet, published, published_sort,"
                " ingested_at, language, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    article.content_hash,
                    article.url,
                    article.title,
                    article.outlet,
                    article.published,
                    published_sort_key(article.published),
                    article.ingested_at,
                    article.language,
                    to_json(article),
                ),
            )
            conn.execute(
                "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                (cur.lastrowid, searchtext.index_text(article.title), searchtext.index_text(article.text)),
            )
            return True

    @staticmethod
    def _duplicate_of(conn: sqlite3.Connection, article: Article) -> str | None:
        row = conn.execute(
            "SELECT id FROM articles WHERE id = ?"
            " OR (content_hash <> '' AND content_hash = ?) OR (url <> '' AND url = ?) LIMIT 1",
            (article.id, article.content_hash, article.url),
        ).fetchone()
        return None if row is None else str(row[0])

    # -- analyses --------------------------------------------------------------------------------
    def save_analysis(self, analysis: AnalyzedArticle) -> None:
        """Replace the analysis of ``analysis.article.id`` and rebuild its mention index.

        An article not yet stored is added first (same transaction), so ``save_analysis`` alone is
        enough for callers that analyse before storing; one that duplicates a *different* stored
        article (same hash or URL) is refused, since its analysis would describe another id.
        """
        article = analysis.article
        data = to_dict(analysis)
        data.pop("article", None)
        with self.transaction() as conn:
            stored = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone()
            if stored is None and not self.add_article(article):
                other = self._duplicate_of(conn, article)
                raise StoreError(
                    f"cannot save the analysis of {article.id}: the article duplicates the stored "
                    f"article {other}"
                )
            conn.execute(
                "INSERT INTO analyses (article_id, analyzer_version, json) VALUES (?, ?, ?)"
                " ON CONFLICT(article_id) DO UPDATE SET"
                " analyzer_version = excluded.analyzer_version, json = excluded.json",
                (article.id, analysis.analyzer_version, json.dumps(data, ensure_ascii=False)),
            )
            self._index_mentions(conn, analysis)

    @staticmethod
    def _index_mentions(conn: sqlite3.Connection, analysis: AnalyzedArticle) -> None:
        article_id = analysis.article.id
        conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        conn.executemany(
            'INSERT INTO mentions (article_id, entity_id, type, text, normalized, sentence_index, start, "end")'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    article_id,
                    m.entity_id or None,
                    m.type,
                    m.text,
                    m.normalized,
                    m.sentence_index,
                    m.start,
                    m.end,
                )
                for m in analysis.mentions
            ],
        )

    def iter_analyses(self, article_ids: Iterable[str] | None = None) -> Iterator[AnalyzedArticle]:
        """All analyses (or those of ``article_ids``; unknown ids skipped), oldest published first,
        read ``BATCH`` rows at a time."""
        if article_ids is None:
            yield from self._iter_all_analyses()
            return
        ids = list(dict.fromkeys(article_ids))
        keyed: list[tuple[str, str, str]] = []
        for i in range(0, len(ids), _MAX_PARAMS):
            chunk = ids[i : i + _MAX_PARAMS]
            marks = ",".join("?" * len(chunk))
            keyed.extend(
                self._query(
                    "SELECT a.published_sort, a.ingested_at, a.id FROM analyses an"
                    f" JOIN articles a ON a.id = an.article_id WHERE an.article_id IN ({marks})",
                    chunk,
                )
            )
        keyed.sort()
        for i in range(0, len(keyed), BATCH):
            chunk = [k[2] for k in keyed[i : i + BATCH]]
            marks = ",".join("?" * len(chunk))
            rows = self._query(
                "SELECT a.id, an.json, a.json FROM analyses an JOIN articles a ON a.id = an.article_id"
                f" WHERE an.article_id IN ({marks})",
                chunk,
            )
            by_id = {r[0]: r for r in rows}
            for article_id in chunk:
                row = by_id.get(article_id)
                if row is not None:  # deleted between the two reads
                    yield self._analysis_from_row(row[1], row[2])

    # -- search ----------------------------------------------------------------------------------
    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Best bm25 matches first (title words weigh double); see ``searchtext`` for matching."""
        expr = searchtext.fts_query(query)
        if expr is None or limit <= 0:
            return []
        rows = self._query(
            # Rank inside the index first, then read only the winners' rows (joining first made
            # SQLite load every matching article's JSON of a common word).
            "SELECT a.json, r.rank FROM (SELECT rowid, bm25(articles_fts, 2.0, 1.0) AS rank"
            " FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?) r"
            " JOIN articles a ON a.seq = r.rowid ORDER BY r.rank",
            (expr, limit),
        )
        hits = []
        for article_json, rank in rows:
            article = from_json(Article, article_json)
            hits.append(
                SearchHit(
                    article_id=article.id,
                    title=article.title,
                    outlet=article.outlet,
                    snippet=searchtext.snippet(article.text, query),
                    score=-float(rank),  # bm25 is lower-is-better; SearchHit.score higher-is-better
                    published=article.published,
                )
            )
        return hits

    # -- stories and briefs ----------------------------------------------------------------------
    def save_story(self, story: Story) -> None:
        """Insert or replace ``story`` and its membership.

        An article belongs to one story. If one of ``story.article_ids`` is in another story, the
        latest save wins: the article is moved, and the other story's stored record loses it too,
        so ``get_story`` and ``story_of`` always agree (this is what merging two stories does).
        """
        members = list(dict.fromkeys(story.article_ids))
        with self.transaction() as conn:
            self._upsert_story(conn, story)
            conn.execute("DELETE FROM story_articles WHERE story_id = ?", (story.id,))
            losers: dict[str, set[str]] = {}
            for i in range(0, len(members), _MAX_PARAMS):
                chunk = members[i : i + _MAX_PARAMS]
                marks = ",".join("?" * len(chunk))
                for other, article_id in conn.execute(
                    f"SELECT story_id, article_id FROM story_articles WHERE article_id IN ({marks})",
                    chunk,
                ):
                    losers.setdefault(other, set()).add(article_id)
            for other, moved in losers.items():
                row = conn.execute("SELECT json FROM stories WHERE id = ?", (other,)).fetchone()
                conn.execute(
                    f"DELETE FROM story_articles WHERE story_id = ? AND article_id IN ({','.join('?' * len(moved))})",
                    [other, *moved],
                )
                if row is not None:
                    old = from_json(Story, row[0])
                    old.article_ids = [a for a in old.article_ids if a not in moved]
                    self._upsert_story(conn, old)
            conn.executemany(
                "INSERT INTO story_articles (story_id, article_id) VALUES (?, ?)",
                [(story.id, a) for a in members],
            )

    @staticmethod
    def _upsert_story(conn: sqlite3.Connection, story: Story) -> None:
        # An upsert, not INSERT OR REPLACE: REPLACE deletes the row first, which would cascade to
        # the story's brief and membership.
        conn.execute(
            "INSERT INTO stories (id, title, updated_at, n_outlets, json) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at,"
            " n_outlets = excluded.n_outlets, json = excluded.json",
            (story.id, story.title, story.updated_at, len(set(story.outlets)), to_json(story)),
        )

    def delete_story(self, story_id: str) -> None:
        """Delete the story, its membership and its brief (foreign-key cascade)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))

    def save_brief(self, brief: Brief) -> None:
        """Insert or replace the brief of ``brief.story_id``; the story must be stored (a brief
        without its story could never be reached, and is deleted with it)."""
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM stories WHERE id = ?", (brief.story_id,)).fetchone() is None:
                raise StoreError(f"cannot save the brief: story {brief.story_id} is not stored")
            conn.execute(
                "INSERT INTO briefs (story_id, json) VALUES (?, ?)"
                " ON CONFLICT(story_id) DO UPDATE SET json = excluded.json",
                (brief.story_id, to_json(brief)),
            )

    # -- entities --------------------------------------------------------------------------------
    def save_entities(self, entities: Iterable[Entity]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO entities (id, type, name_ar, json) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET type = excluded.type, name_ar = excluded.name_ar,"
                " json = excluded.json",
                ((e.id, e.type, e.name_ar, to_json(e)) for e in entities),
            )

    def list_entities(
        self, *, limit: int = 100, offset: int = 0, entity_type: str | None = None
    ) -> list[EntityCount]:
        """Mentioned entities, most mentions first (then most articles, then id).

        An entity id that mentions refer to but the entities table lacks (a local entity nobody
        saved) is still listed, as a minimal ``Entity`` built from its mentions: the most frequent
        type and surface text.
        """
        with self._lock:
            rows = self._query(
                "SELECT x.entity_id, x.n, x.docs, e.json FROM (SELECT m.entity_id,"
                " COUNT(*) AS n, COUNT(DISTINCT m.article_id) AS docs FROM mentions m"
                " WHERE m.entity_id IS NOT NULL AND (? IS NULL OR m.type = ?) GROUP BY m.entity_id"
                " ORDER BY n DESC, docs DESC, m.entity_id LIMIT ? OFFSET ?) x"
                " LEFT JOIN entities e ON e.id = x.entity_id ORDER BY x.n DESC, x.docs DESC, x.entity_id",
                (entity_type, entity_type, limit, offset),
            )
            return self._counted(rows)

    def mentioned_entity(self, entity_id: str) -> Entity | None:
        with self._lock:
            if not self._query("SELECT 1 FROM mentions WHERE entity_id = ? LIMIT 1", (entity_id,)):
                return None
            return self._entity_from_mentions(entity_id)

    def _entities_from_mentions(self, entity_ids: list[str]) -> dict[str, Entity]:
        """``minimal_entities`` of many ids, one query per ``_MAX_PARAMS`` ids."""
        rows: list[Any] = []
        ids = list(dict.fromkeys(entity_ids))
        for i in range(0, len(ids), _MAX_PARAMS):
            chunk = ids[i : i + _MAX_PARAMS]
            rows.extend(
                self._query(
                    "SELECT entity_id, type, text, COUNT(*) FROM mentions"
                    f" WHERE entity_id IN ({','.join('?' * len(chunk))}) GROUP BY entity_id, type, text",
                    chunk,
                )
            )
        return minimal_entities((str(e), str(t), str(x), int(n)) for e, t, x, n in rows)

    def cooccurring_entities(self, entity_id: str, *, limit: int = 20) -> list[EntityCount]:
        with self._lock:
            rows = self._query(
                # Count first, then read the records of the winners only: joining the entity
                # table before grouping read a record per mention (~10x slower).
                "SELECT x.entity_id, x.n, x.docs, e.json FROM (SELECT m.entity_id,"
                " COUNT(*) AS n, COUNT(DISTINCT m.article_id) AS docs FROM mentions m"
                " WHERE m.article_id IN (SELECT DISTINCT article_id FROM mentions WHERE entity_id = ?"
                " ORDER BY article_id LIMIT ?)"
                " AND m.entity_id IS NOT NULL AND m.entity_id <> ?"
                " GROUP BY m.entity_id ORDER BY docs DESC, n DESC, m.entity_id LIMIT ?) x"
                " LEFT JOIN entities e ON e.id = x.entity_id ORDER BY x.docs DESC, x.n DESC, x.entity_id",
                (entity_id, COOCCURRENCE_SAMPLE, entity_id, limit),
            )
            return self._counted(rows)

    # -- job state -------------------------------------------------------------------------------
    def set_state(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (key, value, datetime.now(UTC).isoformat(timespec="seconds")),
            )

    def state_keys(self, prefix: str = "") -> list[str]:
        rows = self._query(
            "SELECT key FROM state WHERE substr(key, 1, ?) = ? ORDER BY key", (len(prefix), prefix)
        )
        return [str(r[0]) for r in rows]

    # -- health ----------------------------------------------------------------------------------
    def check_integrity(self) -> list[str]:
        """See ``Store.check_integrity``; SQLite's own ``integrity_check`` and ``foreign_key_check``
        come first."""
        problems: list[str] = []
        with self._lock:
            verdict = [str(r[0]) for r in self._query("PRAGMA integrity_check")]
            if verdict != ["ok"]:
                problems.extend(f"sqlite integrity_check: {v}" for v in verdict[:20])
            for table, rowid, parent, _ in self._query("PRAGMA foreign_key_check")[:20]:
                problems.append(f"{table} row {rowid} refers to a missing {parent} row")
            checks = (
                ("articles missing from the search index",
                 "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS"
                 " (SELECT 1 FROM articles_fts f WHERE f.rowid = a.seq)"),
                ("search index rows without an article",
                 "SELECT COUNT(*) FROM articles_fts f WHERE NOT EXISTS"
                 " (SELECT 1 FROM articles a WHERE a.seq = f.rowid)"),
                ("analyses without an article",
                 "SELECT COUNT(*) FROM analyses an WHERE NOT EXISTS"
                 " (SELECT 1 FROM articles a WHERE a.id = an.article_id)"),
                ("mentions without an analysis",
                 "SELECT COUNT(*) FROM mentions m WHERE NOT EXISTS"
                 " (SELECT 1 FROM analyses an WHERE an.article_id = m.article_id)"),
                ("content hashes stored twice",
                 "SELECT COUNT(*) FROM (SELECT content_hash FROM articles WHERE content_hash <> ''"
                 " GROUP BY content_hash HAVING COUNT(*) > 1)"),
                ("URLs stored twice",
                 "SELECT COUNT(*) FROM (SELECT url FROM articles WHERE url <> ''"
                 " GROUP BY url HAVING COUNT(*) > 1)"),
                ("briefs without a story",
                 "SELECT COUNT(*) FROM briefs b WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = b.story_id)"),
            )  # fmt: skip
            for label, sql in checks:
                n = int(self._query(sql)[0][0])
                if n:
                    problems.append(f"{n} {label}")
            for seq, article_id, article_json in self._query("SELECT seq, id, json FROM articles"):
                try:
                    stored = from_json(Article, article_json)
                except (ValueError, TypeError, KeyError) as exc:
                    problems.append(f"article {article_id} (row {seq}) does not load: {exc}")
                    continue
                if stored.id != article_id:
                    problems.append(f"article row {seq} is {article_id} but its record says {stored.id}")
        return problems
