"""A PostgreSQL store, for users who outgrow one SQLite file (several writers, a shared server).

It behaves exactly like ``SQLiteStore`` (same ordering, idempotence and moving rules; the contract
tests run against both); only what a server changes is done differently. Decisions, and why:

* **A connection pool, one connection per operation.** Each read or write borrows a connection
  from a ``psycopg_pool.ConnectionPool`` and gives it back at once, so threads (the web server's
  workers, a story builder beside ingest) run in parallel instead of queueing on one lock. The pool
  checks a connection before lending it (``ConnectionPool.check_connection``), so connections cut
  by a server restart are replaced instead of failing the next request. Size: ``pool_max`` in the
  URL's query string (default ``DEFAULT_POOL_MAX``); ``pool_timeout`` is how long an operation
  waits for a connection (default ``POOL_WAIT`` s, long enough to ride out a server restart) before
  it fails. Both are stripped before the URL reaches libpq.
* **Autocommit connections, explicit transactions.** Every write runs in ``transaction()``; nested
  calls (``save_analysis`` adding its article, a caller grouping a batch) reuse the thread's open
  transaction through savepoints. Reads made inside a transaction see its uncommitted writes.
* **Race-free idempotence.** ``add_article`` is one ``INSERT … ON CONFLICT DO NOTHING``: the
  unique indexes on id, non-empty content hash and non-empty URL are the duplicate check, so two
  processes ingesting the same feed can never both store an article (the second waits for the
  first to commit, then does nothing).
* **One retry for reads.** A read that loses its connection (server restart, network cut) is
  retried once on a fresh connection; other errors are not (a cancelled query would fail again). Writes are not retried: a lost connection
  after ``COMMIT`` was sent leaves it unknown whether the write happened; the caller decides.
* **Errors.** Every psycopg error surfaces as ``StoreError`` naming host, port and database, with
  the password (from the URL or its query string) replaced by ``***``.
* **Search.** Text is normalised and expanded into clitic match keys in Python
  (``searchtext.index_text``, as for SQLite) and stored as a ``tsvector`` with the ``simple``
  configuration (title weight A, body weight B, GIN index); the query is built from the same keys
  (``searchtext.query_groups``) as tsquery text passed as a parameter, each key quoted.
* **NUL characters.** PostgreSQL text cannot hold U+0000, which SQLite accepts; in the copy
  columns and mention, entity and state values it is stored as U+FFFD (applied on both writing and
  looking up, so lookups still match). Records kept as JSON are unaffected (JSON escapes it).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool, PoolClosed, PoolTimeout

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
from marsad.store.pg_migrations import MIGRATION_LOCK, MIGRATIONS, SCHEMA_MIGRATIONS_TABLE, SCHEMA_VERSION
from marsad.store.sql import BATCH, SqlStore
from marsad.store.sqlite import published_sort_key

DEFAULT_POOL_MAX = 8
DEFAULT_CONNECT_TIMEOUT = 10  # seconds, unless the URL sets connect_timeout
POOL_WAIT = 30.0  # seconds a caller waits for a free (or reconnected) connection
_MAX_LEXEME_BYTES = 2048  # PostgreSQL ignores longer words when indexing
_TITLE_VECTOR_BUDGET = 100_000  # bytes of tsvector; the two add up to under PostgreSQL's 1 MB cap
_BODY_VECTOR_BUDGET = 900_000
_POOL_OPTIONS = ("pool_max", "pool_timeout")
_USERINFO = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://([^@/?#]*)@")

Conn = psycopg.Connection[tuple[Any, ...]]

# Search rank weights for {D, C, B, A}: a title (A) word counts twice a body (B) word, as on SQLite.
_RANK_WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"
_SEARCH_VECTOR = "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"


def _nul_free(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def _params(params: Sequence[Any]) -> list[Any]:
    return [[_nul_free(v) for v in p] if isinstance(p, list) else _nul_free(p) for p in params]


def _limit(limit: int) -> int | None:
    """SQLite reads a negative LIMIT as "no limit"; PostgreSQL refuses it. None is ``LIMIT ALL``."""
    return None if limit < 0 else limit


def _fit_tsvector(terms: str, budget: int) -> str:
    """``terms`` cut (at a term boundary) to what surely fits ``budget`` bytes of ``tsvector``.

    PostgreSQL refuses a ``tsvector`` over 1 MB, which a book-sized "article" of mostly distinct
    words can reach; rather than failing the whole ingest, its tail is left out of the search
    index (SQLite indexes everything; news articles are far below the limit). The estimate is an
    upper bound: a new lexeme costs its bytes plus entry, alignment and count, a repeat one position.
    """
    # Fast path: a term of n chars is at most 4n bytes and there are at most (len + 1) / 2 terms, so
    # even all-distinct terms cost under 9 bytes per character.
    if 9 * (len(terms) + 1) < budget:
        return terms
    seen: set[str] = set()
    size = 0
    words = terms.split(" ")
    for i, word in enumerate(words):
        if word in seen:
            size += 2
        else:
            seen.add(word)
            size += len(word.encode()) + 9
        if size > budget:
            return " ".join(words[:i])
    return terms


def _tsquery(groups: list[list[str]]) -> str | None:
    """tsquery text: OR within a word's keys, AND between words, every key a quoted lexeme.

    Keys are ``\\w+`` and so hold no quote or backslash; they are escaped anyway, so no query text
    can ever become tsquery syntax. The result is passed as a bound parameter, never spliced into
    SQL.
    """

    def lexeme(key: str) -> str:
        return "'" + key.replace("\\", "\\\\").replace("'", "''") + "'"

    parts = []
    for keys in groups:
        # PostgreSQL neither indexes nor queries words over 2047 bytes: such a key can match nothing
        usable = [k for k in keys if len(k.encode()) < _MAX_LEXEME_BYTES]
        if not usable:
            return None
        parts.append("(" + " | ".join(lexeme(k) for k in usable) + ")")
    return " & ".join(parts)


class _Target:
    """A PostgreSQL URL taken apart: what libpq gets, Marsad's own options, and how to name the
    server in messages without the password."""

    def __init__(self, url: str) -> None:
        self.secrets = self._secrets(url)
        base, _, query = url.partition("?")
        pairs = parse_qsl(query, keep_blank_values=True)
        self.options = {k: v for k, v in pairs if k in _POOL_OPTIONS}
        rest = [(k, v) for k, v in pairs if k not in _POOL_OPTIONS]
        self.secrets += [v for k, v in rest if k == "password" and v]
        self.conninfo = base + ("?" + urlencode(rest, quote_via=quote) if rest else "")
        try:
            params = conninfo_to_dict(self.conninfo)
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot open the PostgreSQL store: bad URL: {self.scrub(' '.join(str(exc).split()))}"
            ) from self.cause(exc)
        if params.get("password"):
            self.secrets.append(str(params["password"]))
        host = str(params.get("host") or params.get("hostaddr") or "localhost")
        port = str(params.get("port") or "5432")
        dbname = str(params.get("dbname") or params.get("user") or "")
        self.where = self.scrub(f"{host}:{port}/{dbname}")
        self.has_connect_timeout = "connect_timeout" in params
        self.has_application_name = "application_name" in params

    @staticmethod
    def _secrets(url: str) -> list[str]:
        match = _USERINFO.match(url)
        if not match or ":" not in match.group(1):
            return []
        raw = match.group(1).split(":", 1)[1]
        return [s for s in {raw, unquote(raw)} if s]

    def scrub(self, message: str) -> str:
        # longest first, so a secret containing another is replaced whole
        for secret in sorted(self.secrets, key=len, reverse=True):
            message = message.replace(secret, "***")
        return message

    def cause(self, exc: BaseException) -> BaseException | None:
        """``exc`` to chain to a ``StoreError``, or None when its text holds the password (libpq
        quotes a malformed URL back): a printed traceback must not leak it either."""
        text = str(exc)
        return None if any(secret in text for secret in self.secrets) else exc

    def pool_max(self) -> int:
        raw = self.options.get("pool_max", str(DEFAULT_POOL_MAX))
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value < 1:
            raise StoreError(
                f"cannot open the PostgreSQL store at {self.where}: pool_max must be a positive integer"
            )
        return value

    def pool_timeout(self) -> float:
        raw = self.options.get("pool_timeout", str(POOL_WAIT))
        try:
            value = float(raw)
        except ValueError:
            value = 0.0
        if not value > 0:
            raise StoreError(
                f"cannot open the PostgreSQL store at {self.where}: pool_timeout must be a positive number of seconds"
            )
        return value


class PostgresStore(SqlStore):
    """``Store`` on PostgreSQL; see the module doc for the connection and transaction model."""

    _MARK = "%s"
    _limit_value = staticmethod(_limit)

    def __init__(self, url: str, *, pool_max: int | None = None) -> None:
        self._target = _Target(url)
        self.where = self._target.where
        size = pool_max if pool_max is not None else self._target.pool_max()
        wait = self._target.pool_timeout()
        kwargs: dict[str, Any] = {"autocommit": True}
        if not self._target.has_connect_timeout:
            kwargs["connect_timeout"] = DEFAULT_CONNECT_TIMEOUT
        if not self._target.has_application_name:
            kwargs["application_name"] = "marsad"
        self._local = threading.local()
        self._pool: ConnectionPool[Conn] | None = None
        # Migrate on one plain connection first: if the server cannot be reached, this is where
        # the user gets libpq's own reason instead of a pool timeout.
        try:
            with psycopg.connect(self._target.conninfo, **kwargs) as conn:
                self._migrate(conn)
        except psycopg.Error as exc:
            raise self._error("open", exc) from self._target.cause(exc)
        pool: ConnectionPool[Conn] = ConnectionPool(
            self._target.conninfo,
            min_size=1,
            max_size=size,
            kwargs=kwargs,
            check=ConnectionPool.check_connection,
            timeout=wait,
            name="marsad",
            open=False,
        )
        try:
            pool.open(wait=True, timeout=float(DEFAULT_CONNECT_TIMEOUT))
        except (PoolTimeout, psycopg.Error) as exc:
            pool.close(timeout=1.0)
            raise self._error("open", exc) from self._target.cause(exc)
        self._pool = pool

    # -- plumbing --------------------------------------------------------------------------------
    def _error(self, doing: str, exc: BaseException) -> StoreError:
        return StoreError(f"cannot {doing} the PostgreSQL store at {self.where}: {self._reason(exc)}")

    def _reason(self, exc: BaseException) -> str:
        text = " ".join(str(exc).split()) or type(exc).__name__
        return self._target.scrub(text)

    @property
    def schema_version(self) -> int:
        """The schema version of the database (the highest applied migration)."""
        rows = self._query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        return int(rows[0][0])

    def _migrate(self, conn: Conn) -> int:
        """Apply the pending migrations, each in its own transaction, and return the version.

        ``pg_advisory_xact_lock`` makes processes opening a new database at the same moment take
        turns; the version is read again under the lock, so a migration another process has just
        applied is never run twice (or half-run against tables that already exist).
        """
        while True:
            with conn.transaction():
                conn.execute("SET LOCAL lock_timeout = '120s'")
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
                if not (exists and exists[0]):
                    conn.execute(SCHEMA_MIGRATIONS_TABLE)
                row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
                current = int(row[0]) if row else 0
                if current > SCHEMA_VERSION:
                    raise StoreError(
                        f"the PostgreSQL store at {self.where} was written by a newer Marsad: schema "
                        f"{current} > {SCHEMA_VERSION}; upgrade Marsad to open it"
                    )
                pending = [m for m in MIGRATIONS if m.version > current]
                if not pending:
                    return current
                migration = pending[0]
                conn.execute(migration.sql)  # no parameters, so several statements may run at once
                conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                    (migration.version, migration.name),
                )

    def _current(self) -> Conn | None:
        conn: Conn | None = getattr(self._local, "conn", None)
        return conn

    def _open_pool(self) -> ConnectionPool[Conn]:
        if self._pool is None:
            raise StoreError("the store is closed")
        return self._pool

    @contextmanager
    def transaction(self) -> Iterator[Conn]:
        """Run a block of writes atomically; nested use (in the same thread) becomes a savepoint.

        Callers may group many writes (``with store.transaction(): for a in batch:
        store.add_article(a)``) so a bulk ingest commits once. Any exception rolls the block back
        and is re-raised (psycopg errors as ``StoreError``).
        """
        conn = self._current()
        if conn is not None:
            try:
                with conn.transaction():
                    yield conn
            except psycopg.Error as exc:
                raise self._error("write to", exc) from self._target.cause(exc)
            return
        pool = self._open_pool()
        try:
            with pool.connection() as conn:
                self._local.conn = conn
                try:
                    with conn.transaction():
                        yield conn
                finally:
                    self._local.conn = None
        except PoolClosed as exc:
            raise StoreError("the store is closed") from exc
        except (PoolTimeout, psycopg.Error) as exc:
            raise self._error("write to", exc) from self._target.cause(exc)

    @staticmethod
    def _exec(conn: Conn, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[tuple[Any, ...]]:
        return conn.execute(sql, _params(params))

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Run a read and return all rows: inside the thread's transaction if one is open, else on
        a pooled connection, retried once on a fresh one if the connection was lost."""
        conn = self._current()
        if conn is not None:
            try:
                return self._exec(conn, sql, params).fetchall()
            except psycopg.Error as exc:
                raise self._error("read", exc) from self._target.cause(exc)
        pool = self._open_pool()
        for attempt in (1, 2):
            used: Conn | None = None
            try:
                with pool.connection() as conn:
                    used = conn
                    return self._exec(conn, sql, params).fetchall()
            except PoolClosed as exc:
                raise StoreError("the store is closed") from exc
            except PoolTimeout as exc:
                raise self._error("read", exc) from self._target.cause(exc)
            except psycopg.OperationalError as exc:
                # Only a lost connection is worth a second try (the pool discards it when it is
                # given back); a cancelled or failing query would just fail again.
                lost = used is None or used.closed or used.broken
                if attempt == 2 or not lost:
                    raise self._error("read", exc) from self._target.cause(exc)
            except psycopg.Error as exc:
                raise self._error("read", exc) from self._target.cause(exc)
        raise AssertionError("unreachable")  # pragma: no cover

    def __enter__(self) -> PostgresStore:
        return self

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close(timeout=5.0)

    # -- articles --------------------------------------------------------------------------------
    def add_article(self, article: Article) -> bool:
        """Store ``article``; False (nothing written) when its id, content hash or non-empty URL is
        already stored. The unique indexes decide, so concurrent writers cannot both succeed."""
        title_terms = _fit_tsvector(searchtext.index_text(article.title), _TITLE_VECTOR_BUDGET)
        body_terms = _fit_tsvector(searchtext.index_text(article.text), _BODY_VECTOR_BUDGET)
        with self.transaction() as conn:
            row = self._exec(
                conn,
                "INSERT INTO articles (id, content_hash, url, title, outlet, published, published_sort,"
                f" ingested_at, language, search, json) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, {_SEARCH_VECTOR}, %s)"
                " ON CONFLICT DO NOTHING RETURNING seq",
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
                    title_terms,
                    body_terms,
                    to_json(article),
                ),
            ).fetchone()
            return row is not None

    def _duplicate_of(self, conn: Conn, article: Article) -> str | None:
        row = self._exec(
            conn,
            "SELECT id FROM articles WHERE id = %s"
            " OR (content_hash <> '' AND content_hash = %s) OR (url <> '' AND url = %s) LIMIT 1",
            (article.id, article.content_hash, article.url),
        ).fetchone()
        return None if row is None else str(row[0])

    # -- analyses --------------------------------------------------------------------------------
    def save_analysis(self, analysis: AnalyzedArticle) -> None:
        """Replace the analysis of ``analysis.article.id`` and rebuild its mention index; an article
        not yet stored is added first, in the same transaction (as ``SQLiteStore.save_analysis``)."""
        article = analysis.article
        data = to_dict(analysis)
        data.pop("article", None)
        with self.transaction() as conn:
            stored = self._exec(conn, "SELECT 1 FROM articles WHERE id = %s", (article.id,)).fetchone()
            if stored is None and not self.add_article(article):
                other = self._duplicate_of(conn, article)
                raise StoreError(
                    f"cannot save the analysis of {article.id}: the article duplicates the stored "
                    f"article {other}"
                )
            self._exec(
                conn,
                "INSERT INTO analyses (article_id, analyzer_version, json) VALUES (%s, %s, %s)"
                " ON CONFLICT (article_id) DO UPDATE SET"
                " analyzer_version = excluded.analyzer_version, json = excluded.json",
                (article.id, analysis.analyzer_version, json.dumps(data, ensure_ascii=False)),
            )
            self._index_mentions(conn, analysis)

    @staticmethod
    def _index_mentions(conn: Conn, analysis: AnalyzedArticle) -> None:
        article_id = analysis.article.id
        PostgresStore._exec(conn, "DELETE FROM mentions WHERE article_id = %s", (article_id,))
        if not analysis.mentions:
            return
        with conn.cursor() as cur:
            cur.executemany(
                'INSERT INTO mentions (article_id, entity_id, type, text, normalized, sentence_index, start, "end")'
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    _params(
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
                    )
                    for m in analysis.mentions
                ],
            )

    def iter_analyses(self, article_ids: Iterable[str] | None = None) -> Iterator[AnalyzedArticle]:
        """All analyses (or those of ``article_ids``; unknown ids skipped), oldest published first,
        read ``BATCH`` rows at a time, each batch on whichever pooled connection is free."""
        if article_ids is None:
            yield from self._iter_all_analyses()
            return
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return
        keyed = [
            (str(r[0]), str(r[1]), str(r[2]))
            for r in self._query(
                "SELECT a.published_sort, a.ingested_at, a.id FROM analyses an"
                " JOIN articles a ON a.id = an.article_id WHERE an.article_id = ANY(%s)",
                [ids],
            )
        ]
        keyed.sort()  # code point order, as the "C" collation and SQLite sort
        for i in range(0, len(keyed), BATCH):
            chunk = [k[2] for k in keyed[i : i + BATCH]]
            rows = self._query(
                "SELECT a.id, an.json, a.json FROM analyses an JOIN articles a ON a.id = an.article_id"
                " WHERE an.article_id = ANY(%s)",
                [chunk],
            )
            by_id = {r[0]: r for r in rows}
            for article_id in chunk:
                row = by_id.get(article_id)
                if row is not None:  # deleted between the two reads
                    yield self._analysis_from_row(row[1], row[2])

    # -- search ----------------------------------------------------------------------------------
    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Best ``ts_rank`` matches first (title words weigh double); see ``searchtext`` for
        matching. Ties go to the newer article, so the order is deterministic."""
        tsquery = _tsquery(searchtext.query_groups(query))
        if tsquery is None or limit <= 0:
            return []
        rows = self._query(
            "SELECT a.json, ts_rank(%s, a.search, q) AS rank"
            " FROM articles a, to_tsquery('simple', %s) AS q WHERE a.search @@ q"
            " ORDER BY rank DESC, a.published_sort DESC, a.ingested_at DESC, a.id LIMIT %s",
            (_RANK_WEIGHTS, tsquery, limit),
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
                    score=float(rank),
                    published=article.published,
                )
            )
        return hits

    # -- stories and briefs ----------------------------------------------------------------------
    def save_story(self, story: Story) -> None:
        """Insert or replace ``story`` and its membership; an article in another story moves to
        this one and leaves that story's record too (see ``SQLiteStore.save_story``)."""
        members = list(dict.fromkeys(story.article_ids))
        with self.transaction() as conn:
            self._upsert_story(conn, story)
            self._exec(conn, "DELETE FROM story_articles WHERE story_id = %s", (story.id,))
            losers: dict[str, set[str]] = {}
            if members:
                for other, article_id in self._exec(
                    conn,
                    "SELECT story_id, article_id FROM story_articles WHERE article_id = ANY(%s)"
                    " ORDER BY story_id, article_id FOR UPDATE",
                    [members],
                ).fetchall():
                    losers.setdefault(str(other), set()).add(str(article_id))
            for other, moved in sorted(losers.items()):
                row = self._exec(
                    conn, "SELECT json FROM stories WHERE id = %s FOR UPDATE", (other,)
                ).fetchone()
                self._exec(
                    conn,
                    "DELETE FROM story_articles WHERE story_id = %s AND article_id = ANY(%s)",
                    [other, sorted(moved)],
                )
                if row is not None:
                    old = from_json(Story, row[0])
                    old.article_ids = [a for a in old.article_ids if a not in moved]
                    self._upsert_story(conn, old)
            if members:
                with conn.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO story_articles (story_id, article_id) VALUES (%s, %s)",
                        [_params((story.id, a)) for a in members],
                    )

    def _upsert_story(self, conn: Conn, story: Story) -> None:
        self._exec(
            conn,
            "INSERT INTO stories (id, title, updated_at, n_outlets, json) VALUES (%s, %s, %s, %s, %s)"
            " ON CONFLICT (id) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at,"
            " n_outlets = excluded.n_outlets, json = excluded.json",
            (story.id, story.title, story.updated_at, len(set(story.outlets)), to_json(story)),
        )

    def delete_story(self, story_id: str) -> None:
        """Delete the story, its membership and its brief (foreign-key cascade)."""
        with self.transaction() as conn:
            self._exec(conn, "DELETE FROM stories WHERE id = %s", (story_id,))

    def save_brief(self, brief: Brief) -> None:
        """Insert or replace the brief of ``brief.story_id``; the story must be stored."""
        with self.transaction() as conn:
            if self._exec(conn, "SELECT 1 FROM stories WHERE id = %s", (brief.story_id,)).fetchone() is None:
                raise StoreError(f"cannot save the brief: story {brief.story_id} is not stored")
            self._exec(
                conn,
                "INSERT INTO briefs (story_id, json) VALUES (%s, %s)"
                " ON CONFLICT (story_id) DO UPDATE SET json = excluded.json",
                (brief.story_id, to_json(brief)),
            )

    # -- entities --------------------------------------------------------------------------------
    def save_entities(self, entities: Iterable[Entity]) -> None:
        # Deduplicated by id (last wins, as successive upserts on SQLite): one statement may not
        # touch a row twice in PostgreSQL.
        rows = {e.id: _params((e.id, e.type, e.name_ar, to_json(e))) for e in entities}
        if not rows:
            return
        with self.transaction() as conn, conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO entities (id, type, name_ar, json) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT (id) DO UPDATE SET type = excluded.type, name_ar = excluded.name_ar,"
                " json = excluded.json",
                list(rows.values()),
            )

    def list_entities(
        self, *, limit: int = 100, offset: int = 0, entity_type: str | None = None
    ) -> list[EntityCount]:
        """Mentioned entities, most mentions first (then most articles, then id); ids known only
        from mentions are listed as minimal entities, as on SQLite."""
        type_filter, params = ("AND m.type = %s", [entity_type]) if entity_type is not None else ("", [])
        rows = self._query(
            "SELECT x.entity_id, x.n, x.docs, e.json FROM (SELECT m.entity_id,"
            " COUNT(*) AS n, COUNT(DISTINCT m.article_id) AS docs FROM mentions m"
            f" WHERE m.entity_id IS NOT NULL {type_filter} GROUP BY m.entity_id"
            " ORDER BY n DESC, docs DESC, m.entity_id LIMIT %s OFFSET %s) x"
            " LEFT JOIN entities e ON e.id = x.entity_id ORDER BY x.n DESC, x.docs DESC, x.entity_id",
            [*params, _limit(limit), max(0, offset)],
        )
        return self._counted(rows)

    def mentioned_entity(self, entity_id: str) -> Entity | None:
        if not self._query("SELECT 1 FROM mentions WHERE entity_id = %s LIMIT 1", (entity_id,)):
            return None
        return self._entity_from_mentions(entity_id)

    def _entities_from_mentions(self, entity_ids: list[str]) -> dict[str, Entity]:
        """``minimal_entities`` of many ids in one query."""
        if not entity_ids:
            return {}
        rows = self._query(
            "SELECT entity_id, type, text, COUNT(*) FROM mentions"
            " WHERE entity_id = ANY(%s) GROUP BY entity_id, type, text",
            (list(dict.fromkeys(entity_ids)),),
        )
        return minimal_entities((str(e), str(t), str(x), int(n)) for e, t, x, n in rows)

    def cooccurring_entities(self, entity_id: str, *, limit: int = 20) -> list[EntityCount]:
        rows = self._query(
            # Count first, then read the records of the winners only (see the SQLite store).
            "SELECT x.entity_id, x.n, x.docs, e.json FROM (SELECT m.entity_id,"
            " COUNT(*) AS n, COUNT(DISTINCT m.article_id) AS docs FROM mentions m"
            " WHERE m.article_id IN (SELECT DISTINCT article_id FROM mentions WHERE entity_id = %s"
            " ORDER BY article_id LIMIT %s)"
            " AND m.entity_id IS NOT NULL AND m.entity_id <> %s"
            " GROUP BY m.entity_id ORDER BY docs DESC, n DESC, m.entity_id LIMIT %s) x"
            " LEFT JOIN entities e ON e.id = x.entity_id ORDER BY x.docs DESC, x.n DESC, x.entity_id",
            (entity_id, COOCCURRENCE_SAMPLE, entity_id, _limit(limit)),
        )
        return self._counted(rows)

    # -- job state -------------------------------------------------------------------------------
    def set_state(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            self._exec(
                conn,
                "INSERT INTO state (key, value, updated_at) VALUES (%s, %s, %s)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (key, value, datetime.now(UTC).isoformat(timespec="seconds")),
            )

    def state_keys(self, prefix: str = "") -> list[str]:
        rows = self._query("SELECT key FROM state WHERE starts_with(key, %s) ORDER BY key", (prefix,))
        return [str(r[0]) for r in rows]

    # -- health ----------------------------------------------------------------------------------
    def check_integrity(self) -> list[str]:
        """See ``Store.check_integrity``. PostgreSQL's own part: no invalid index (a failed
        concurrent build) and no constraint left unvalidated in Marsad's schema; the search
        vector lives in the article row, so "indexed exactly once" means "vector present"."""
        problems: list[str] = []
        for (name,) in self._query(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND NOT (i.indisvalid AND i.indisready)"
            " ORDER BY 1"
        ):
            problems.append(f"postgresql: index {name} is invalid (rebuild it with REINDEX)")
        for name, table in self._query(
            "SELECT conname, conrelid::regclass::text FROM pg_constraint"
            " WHERE connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND NOT convalidated ORDER BY 1"
        ):
            problems.append(f"postgresql: constraint {name} on {table} is not validated")
        checks = (
            ("articles missing from the search index",
             "SELECT COUNT(*) FROM articles WHERE search IS NULL"),
            ("analyses without an article",
             "SELECT COUNT(*) FROM analyses an WHERE NOT EXISTS"
             " (SELECT 1 FROM articles a WHERE a.id = an.article_id)"),
            ("mentions without an analysis",
             "SELECT COUNT(*) FROM mentions m WHERE NOT EXISTS"
             " (SELECT 1 FROM analyses an WHERE an.article_id = m.article_id)"),
            ("content hashes stored twice",
             "SELECT COUNT(*) FROM (SELECT content_hash FROM articles WHERE content_hash <> ''"
             " GROUP BY content_hash HAVING COUNT(*) > 1) d"),
            ("URLs stored twice",
             "SELECT COUNT(*) FROM (SELECT url FROM articles WHERE url <> ''"
             " GROUP BY url HAVING COUNT(*) > 1) d"),
            ("briefs without a story",
             "SELECT COUNT(*) FROM briefs b WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = b.story_id)"),
        )  # fmt: skip
        for label, sql in checks:
            n = int(self._query(sql)[0][0])
            if n:
                problems.append(f"{n} {label}")
        last = 0
        while True:  # keyset batches: never all article records in memory at once
            rows = self._query(
                "SELECT seq, id, json FROM articles WHERE seq > %s ORDER BY seq LIMIT %s", (last, BATCH)
            )
            for seq, article_id, article_json in rows:
                try:
                    stored = from_json(Article, article_json)
                except (ValueError, TypeError, KeyError) as exc:
                    problems.append(f"article {article_id} (row {seq}) does not load: {exc}")
                    continue
                if _nul_free(stored.id) != article_id:
                    problems.append(f"article row {seq} is {article_id} but its record says {stored.id}")
            if len(rows) < BATCH:
                return problems
            last = int(rows[-1][0])
