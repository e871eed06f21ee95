"""What the two SQL backends share: the reads whose SQL is the same in SQLite and PostgreSQL.

Why one place: ``SQLiteStore`` and ``PostgresStore`` wrote these queries out twice, differing only in
the parameter mark (``?`` for sqlite3, ``%s`` for psycopg), so a fix to one copy could miss the other.
Here the SQL is written once with ``?`` and ``_read`` puts in the backend's mark (the shared SQL holds
no other ``?`` and no ``%``). Writes, search, and every query whose SQL differs (``IN`` lists against
``ANY``, full-text search, locking) stay in the backends.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from marsad.model import AnalyzedArticle, Article, Brief, Entity, Story, from_dict, from_json
from marsad.store.base import EntityCount, Store

BATCH = 200  # rows per fetch when streaming


class SqlStore(Store):
    """A ``Store`` over SQL tables laid out by ``migrations`` / ``pg_migrations`` (same tables and
    columns in both)."""

    _MARK: ClassVar[str] = "?"  # the driver's parameter mark

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Run a read in the backend's SQL and return all rows."""

    @abstractmethod
    def _entities_from_mentions(self, entity_ids: list[str]) -> dict[str, Entity]:
        """Minimal entities for ids known only from their mentions (``base.minimal_entities``)."""

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """``_query`` for SQL written with ``?`` marks."""
        return self._query(sql if self._MARK == "?" else sql.replace("?", self._MARK), params)

    @staticmethod
    def _limit_value(limit: int) -> int | None:
        """A LIMIT parameter; SQLite reads a negative one as "no limit" (PostgreSQL overrides)."""
        return limit

    def get_article(self, article_id: str) -> Article | None:
        rows = self._read("SELECT json FROM articles WHERE id = ?", (article_id,))
        return from_json(Article, rows[0][0]) if rows else None

    def find_article_id(self, *, url: str = "", content_hash: str = "") -> str | None:
        if url:
            rows = self._read("SELECT id FROM articles WHERE url = ?", (url,))
            if rows:
                return str(rows[0][0])
        if content_hash:
            rows = self._read("SELECT id FROM articles WHERE content_hash = ?", (content_hash,))
            if rows:
                return str(rows[0][0])
        return None

    def list_articles(self, *, limit: int = 50, offset: int = 0, outlet: str | None = None) -> list[Article]:
        where, params = ("WHERE outlet = ?", [outlet]) if outlet is not None else ("", [])
        rows = self._read(
            f"SELECT json FROM articles {where}"
            " ORDER BY published_sort DESC, ingested_at DESC, id DESC LIMIT ? OFFSET ?",
            [*params, self._limit_value(limit), max(0, offset)],
        )
        return [from_json(Article, r[0]) for r in rows]

    def count_articles(self) -> int:
        return int(self._read("SELECT COUNT(*) FROM articles")[0][0])

    @staticmethod
    def _analysis_from_row(analysis_json: str, article_json: str) -> AnalyzedArticle:
        data = json.loads(analysis_json)
        data["article"] = json.loads(article_json)
        return from_dict(AnalyzedArticle, data)

    def get_analysis(self, article_id: str) -> AnalyzedArticle | None:
        rows = self._read(
            "SELECT an.json, a.json FROM analyses an JOIN articles a ON a.id = an.article_id"
            " WHERE an.article_id = ?",
            (article_id,),
        )
        return self._analysis_from_row(rows[0][0], rows[0][1]) if rows else None

    def _iter_all_analyses(self) -> Iterator[AnalyzedArticle]:
        last: tuple[str, str, str] | None = None
        while True:
            after = "WHERE (a.published_sort, a.ingested_at, a.id) > (?, ?, ?)" if last else ""
            rows = self._read(
                "SELECT a.published_sort, a.ingested_at, a.id, an.json, a.json FROM analyses an"
                f" JOIN articles a ON a.id = an.article_id {after}"
                " ORDER BY a.published_sort, a.ingested_at, a.id LIMIT ?",
                [*(last or ()), BATCH],
            )
            for row in rows:
                yield self._analysis_from_row(row[3], row[4])
            if len(rows) < BATCH:
                return
            last = (rows[-1][0], rows[-1][1], rows[-1][2])

    def unanalyzed_article_ids(self, analyzer_version: str | None = None) -> list[str]:
        cond = "an.article_id IS NULL"
        params: list[Any] = []
        if analyzer_version is not None:
            cond += " OR an.analyzer_version <> ?"
            params.append(analyzer_version)
        rows = self._read(
            "SELECT a.id FROM articles a LEFT JOIN analyses an ON an.article_id = a.id"
            f" WHERE {cond} ORDER BY a.published_sort, a.ingested_at, a.id",
            params,
        )
        return [str(r[0]) for r in rows]

    def get_story(self, story_id: str) -> Story | None:
        rows = self._read("SELECT json FROM stories WHERE id = ?", (story_id,))
        return from_json(Story, rows[0][0]) if rows else None

    def list_stories(self, *, limit: int = 50, offset: int = 0) -> list[Story]:
        rows = self._read(
            "SELECT json FROM stories ORDER BY updated_at DESC, n_outlets DESC, id LIMIT ? OFFSET ?",
            (self._limit_value(limit), max(0, offset)),
        )
        return [from_json(Story, r[0]) for r in rows]

    def story_of(self, article_id: str) -> str | None:
        rows = self._read("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,))
        return str(rows[0][0]) if rows else None

    def get_brief(self, story_id: str) -> Brief | None:
        rows = self._read("SELECT json FROM briefs WHERE story_id = ?", (story_id,))
        return from_json(Brief, rows[0][0]) if rows else None

    def get_entity(self, entity_id: str) -> Entity | None:
        rows = self._read("SELECT json FROM entities WHERE id = ?", (entity_id,))
        return from_json(Entity, rows[0][0]) if rows else None

    def _entity_from_mentions(self, entity_id: str) -> Entity:
        return self._entities_from_mentions([entity_id]).get(entity_id) or Entity(
            id=entity_id, type="MISC", name_ar=entity_id
        )

    def _counted(self, rows: list[Any]) -> list[EntityCount]:
        """(id, mentions, articles, record json or None) rows as ``EntityCount``s."""
        minimal = self._entities_from_mentions([str(r[0]) for r in rows if r[3] is None])
        return [
            EntityCount(
                entity=from_json(Entity, ej) if ej is not None else minimal[str(eid)],
                mentions=int(n),
                articles=int(docs),
            )
            for eid, n, docs, ej in rows
        ]

    def surface_forms(self, entity_id: str, *, limit: int = 30) -> list[tuple[str, int]]:
        rows = self._read(
            "SELECT text, COUNT(*) AS n FROM mentions WHERE entity_id = ?"
            " GROUP BY text ORDER BY n DESC, text LIMIT ?",
            (entity_id, self._limit_value(limit)),
        )
        return [(str(t), int(n)) for t, n in rows]

    def articles_mentioning(self, entity_id: str, *, limit: int = 50) -> list[str]:
        """Ids of articles mentioning the entity, newest first."""
        rows = self._read(
            "SELECT a.id FROM articles a WHERE a.id IN"
            " (SELECT article_id FROM mentions WHERE entity_id = ?)"
            " ORDER BY a.published_sort DESC, a.ingested_at DESC, a.id DESC LIMIT ?",
            (entity_id, self._limit_value(limit)),
        )
        return [str(r[0]) for r in rows]

    def get_state(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM state WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None
