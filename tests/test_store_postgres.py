"""The PostgreSQL store: what only a server has (migrations shared by processes, restarts, URLs,
connection failures). Behaviour shared with SQLite is in ``test_store_contract.py``."""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from typing import Any

import psycopg
import pytest
from pgserver import PostgresServer, free_port
from test_store_contract import analysis, art

from marsad.model import Mention, Story
from marsad.store import PostgresStore, Store, StoreError, open_store
from marsad.store.pg_migrations import MIGRATIONS, SCHEMA_VERSION, Migration


@pytest.fixture
def url(postgres_server: PostgresServer) -> str:
    return postgres_server.create_database()


def rows(url: str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]


# -- opening ---------------------------------------------------------------------------------------


def test_open_store_gives_a_postgres_store_for_both_schemes(url: str) -> None:
    for target in [url, url.replace("postgresql://", "postgres://", 1), url + "?pool_max=2"]:
        with open_store(target) as s:
            assert isinstance(s, PostgresStore)
            assert s.count_articles() == 0


def test_pool_max_is_read_from_the_url_and_not_passed_to_libpq(url: str) -> None:
    with open_store(url + "?pool_max=3&application_name=marsad-test") as s:
        assert isinstance(s, PostgresStore)
        assert s._pool is not None and s._pool.max_size == 3
        names = s._query("SELECT current_setting('application_name')")
        assert names == [("marsad-test",)]
    for bad in ["0", "-1", "many", ""]:
        with pytest.raises(StoreError, match="pool_max"):
            open_store(f"{url}?pool_max={bad}")
        with pytest.raises(StoreError, match="pool_timeout"):
            open_store(f"{url}?pool_timeout={bad}")


def test_unreachable_server_names_the_server_not_the_password() -> None:
    port = free_port()
    with pytest.raises(StoreError) as err:
        open_store(f"postgresql://marsad:s3cr%21tPw@127.0.0.1:{port}/newsdb")
    message = str(err.value)
    assert f"127.0.0.1:{port}/newsdb" in message
    assert "s3cr" not in message and "tPw" not in message


@pytest.mark.parametrize(
    "template",
    [
        "postgresql://u:hunter22@127.0.0.1:notaport/db",
        "postgresql://u:hunter22@127.0.0.1:{port}/db?bogus_option=1",
        "postgresql://u@127.0.0.1:{port}/db?password=hunter22&sslmode=nonsense",
        "postgresql://u:hunter22@[::1/db",
        "postgres://u:hunter22@127.0.0.1:{port}/no_such_database",
    ],
)
def test_bad_urls_are_store_errors_without_the_password(
    postgres_server: PostgresServer, template: str
) -> None:
    with pytest.raises(StoreError) as err:
        open_store(template.format(port=postgres_server.port))
    assert "hunter22" not in str(err.value)
    cause = err.value.__cause__
    assert cause is None or "hunter22" not in str(cause)  # a printed traceback does not leak it either


def test_missing_driver_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # makes "import psycopg" fail
    monkeypatch.delitem(sys.modules, "marsad.store.postgres")
    with pytest.raises(StoreError, match=r"pip install 'marsad\[postgres\]'"):
        open_store("postgresql://user@localhost/db")


# -- migrations ------------------------------------------------------------------------------------


def test_migrations_apply_once_and_are_recorded(url: str) -> None:
    with PostgresStore(url) as s:
        assert s.schema_version == SCHEMA_VERSION
        s.add_article(art("a1"))
    with PostgresStore(url) as s:  # reopening must not re-run (or fail on) migrations
        assert s.schema_version == SCHEMA_VERSION
        assert s.count_articles() == 1
    recorded = rows(url, "SELECT version, name FROM schema_migrations ORDER BY version")
    assert recorded == [(m.version, m.name) for m in MIGRATIONS]


def test_stores_opened_at_once_on_a_new_database_migrate_it_once(url: str) -> None:
    n = 4
    start = threading.Barrier(n)
    stores: list[Store] = []
    errors: list[BaseException] = []

    def opener() -> None:
        try:
            start.wait(timeout=10)
            stores.append(open_store(url))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert len(stores) == n
    for i, s in enumerate(stores):
        assert s.add_article(art(f"a{i}")) is True
    assert all(s.count_articles() == n for s in stores)
    for s in stores:
        s.close()
    versions = [r[0] for r in rows(url, "SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == [m.version for m in MIGRATIONS]


def test_newer_schema_is_refused(url: str) -> None:
    PostgresStore(url).close()
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (%s, 'from the future')",
            (SCHEMA_VERSION + 5,),
        )
    with pytest.raises(StoreError, match="newer Marsad: schema"):
        open_store(url)


def test_failed_migration_rolls_back_and_is_retried(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.store.postgres as mod

    with PostgresStore(url) as s:
        s.add_article(art("a1"))
    broken = Migration(SCHEMA_VERSION + 1, "broken", "CREATE TABLE extra (x INTEGER); SELECT * FROM missing;")
    monkeypatch.setattr(mod, "MIGRATIONS", (*MIGRATIONS, broken))
    monkeypatch.setattr(mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="missing"):
        PostgresStore(url)
    monkeypatch.undo()
    assert rows(url, "SELECT MAX(version) FROM schema_migrations") == [(SCHEMA_VERSION,)]
    assert rows(url, "SELECT to_regclass('extra') IS NULL") == [(True,)]
    with PostgresStore(url) as s:
        assert s.get_article("a1") == art("a1")


# -- the server going away -------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_store_keeps_working_after_a_server_restart(
    postgres_server: PostgresServer, url: str, mode: str
) -> None:
    with open_store(url + "?pool_max=4") as s:
        s.save_analysis(analysis(art("a1"), [Mention(13, 18, "بغداد", "LOC", "Q1530")]))
        assert s.count_articles() == 1  # the pool now holds an open connection
        postgres_server.restart(mode)
        # reads and writes go on, on fresh connections, with nothing lost
        assert s.count_articles() == 1
        assert s.add_article(art("a2")) is True
        s.save_story(Story("s1", "قصة", ["a1", "a2"], ["المرصد"], updated_at="1"))
        assert [h.article_id for h in s.search("وفد")] == ["a1"]
        assert s.articles_mentioning("Q1530") == ["a1"]
        assert s.check_integrity() == []


def test_a_read_that_loses_its_connection_is_retried_once(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool checks connections before lending them; this is the remaining window, a connection
    dying while in use (simulated by closing it under the query)."""
    with PostgresStore(url) as s:
        s.add_article(art("a1"))
        real = PostgresStore._exec
        failures = iter([True])

        def flaky(conn: Any, sql: str, params: Any = ()) -> Any:
            if next(failures, False):
                conn.close()
                raise psycopg.OperationalError("server closed the connection unexpectedly")
            return real(conn, sql, params)

        monkeypatch.setattr(PostgresStore, "_exec", staticmethod(flaky))
        assert s.count_articles() == 1  # the first attempt failed, the retry succeeded

        failures = iter([True, True])
        with pytest.raises(StoreError, match="server closed the connection"):
            s.count_articles()  # twice is not a blip

        failures = iter([True])
        with pytest.raises(StoreError):
            s.add_article(art("a2"))  # writes are never retried behind the caller's back
        monkeypatch.undo()
        assert s.count_articles() == 1

        with pytest.raises(StoreError, match="canceling statement"):
            s._query("SET LOCAL statement_timeout = 1; SELECT pg_sleep(1)")  # not a lost connection
        assert s.count_articles() == 1


def test_stopped_server_gives_store_errors_then_recovers(postgres_server: PostgresServer, url: str) -> None:
    with open_store(url + "?pool_timeout=0.5") as s:
        s.add_article(art("a1"))
        postgres_server.stop("fast")
        try:
            with pytest.raises(StoreError) as err:
                s.add_article(art("a2"))
            assert "127.0.0.1" in str(err.value)
        finally:
            postgres_server.start()
        assert s.add_article(art("a2")) is True
        assert s.count_articles() == 2


# -- what PostgreSQL stores ------------------------------------------------------------------------


def test_search_vector_weights_title_above_body(url: str) -> None:
    with PostgresStore(url) as s:
        s.add_article(art("t", title="الموصل", text="خبر قصير"))
        s.add_article(art("b", title="خبر", text="الموصل"))
        hits = s.search("الموصل")
        assert [h.article_id for h in hits] == ["t", "b"] and hits[0].score > hits[1].score
    # title terms carry weight A, body terms weight B (clitic keys included)
    weights = rows(url, "SELECT id, search::text FROM articles ORDER BY id")
    assert weights == [
        ("b", "'الموصل':2B 'خبر':1A 'موصل':3B"),
        ("t", "'الموصل':1A 'خبر':3B 'قصير':4B 'موصل':2A"),
    ]


def test_search_vector_is_cut_to_what_postgresql_holds(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL refuses a tsvector over 1 MB; a book-sized article must still be stored (its tail
    left out of the index). Shown with a small budget, which the real one scales up."""
    import random

    import marsad.store.postgres as mod

    rng = random.Random(7)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    distinct = " ".join("".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(3000))
    repeated = " ".join(rng.choice(distinct.split()[:50]) for _ in range(3000))
    for terms in [distinct, repeated, distinct + " " + repeated]:
        fitted = mod._fit_tsvector(terms, 10_000)
        assert terms.startswith(fitted)
        (size,) = rows(url, "SELECT pg_column_size(to_tsvector('simple', %s))", (fitted,))[0]
        assert size <= 10_000  # the estimate is an upper bound
    assert mod._fit_tsvector(distinct, 10_000) != distinct
    assert mod._fit_tsvector("كلمة قصيرة", 10_000) == "كلمة قصيرة"

    monkeypatch.setattr(mod, "_BODY_VECTOR_BUDGET", 10_000)
    with PostgresStore(url) as s:
        assert s.add_article(art("big", title="كتاب كامل", text=distinct + " خاتمةالكتابالفريدة")) is True
        assert [h.article_id for h in s.search(distinct.split()[0])] == ["big"]
        assert [h.article_id for h in s.search("كتاب")] == ["big"]
        assert s.search("خاتمةالكتابالفريدة") == []  # the tail was left out of the index
        assert s.check_integrity() == []


def test_huge_words_do_not_break_ingest_or_search(url: str) -> None:
    with PostgresStore(url) as s:
        long_word = "س" * 3000
        assert s.add_article(art("long", title="كلمة طويلة", text=f"بداية {long_word} نهاية")) is True
        assert s.search(long_word) == []
        assert s.search(f"نهاية {long_word}") == []  # every word must match, and that one cannot
        assert [h.article_id for h in s.search("نهاية")] == ["long"]
        assert s.check_integrity() == []


def test_missing_postgresql_is_a_clear_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import pgserver

    monkeypatch.setattr(pgserver.shutil, "which", lambda name: None)
    monkeypatch.setattr(pgserver.glob, "glob", lambda pattern: [])
    with pytest.raises(pgserver.PostgresNotAvailable, match="PostgreSQL is not installed"):
        pgserver.PostgresServer()
