"""The SQLite store: what only SQLite has (files and URLs, pragmas, migrations, ``:memory:``).

Everything both backends must do alike is in ``test_store_contract.py``, run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from test_store_contract import analysis, art

from marsad.model import Mention, Story
from marsad.store import SQLiteStore, Store, StoreError, open_store, searchtext
from marsad.store.migrations import SCHEMA_VERSION, statements

# -- opening ---------------------------------------------------------------------------------------


def test_open_store_targets(tmp_path: Path) -> None:
    for target in [
        ":memory:",
        "sqlite:///:memory:",
        str(tmp_path / "deep" / "er" / "a.db"),
        f"sqlite:///{tmp_path / 'b.db'}",
    ]:
        with open_store(target) as s:
            assert isinstance(s, Store)
            assert s.count_articles() == 0
    assert (tmp_path / "deep" / "er" / "a.db").exists()
    assert (tmp_path / "b.db").exists()


@pytest.mark.parametrize("target", ["mysql://user:secret@host/db", "http://x", "sqlite://relative.db", ""])
def test_open_store_refuses_other_targets(target: str) -> None:
    with pytest.raises(StoreError) as err:
        open_store(target)
    assert "secret" not in str(err.value)
    if target.startswith(("mysql", "http")):
        assert "SQLite" in str(err.value) and "PostgreSQL" in str(err.value)


def test_open_non_database_file_is_a_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "not.db"
    bad.write_bytes(b"this is not a database at all, just some bytes " * 20)
    with pytest.raises(StoreError):
        open_store(str(bad))


def test_file_store_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "w.db") as s:
        assert isinstance(s, SQLiteStore)
        conn = s._db()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


# -- migrations ------------------------------------------------------------------------------------


def test_migrations_apply_once(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    with SQLiteStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        s.add_article(art("a1"))
    with SQLiteStore(path) as s:  # reopening must not re-run (or fail on) migrations
        assert s.schema_version == SCHEMA_VERSION
        assert s.count_articles() == 1
        rows = s._db().execute("SELECT version, name FROM schema_migrations").fetchall()
        assert [r[0] for r in rows] == list(range(1, SCHEMA_VERSION + 1))


def test_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "n.db"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer Marsad: schema"):
        SQLiteStore(path)


def test_failed_migration_rolls_back_and_is_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.store.sqlite as mod
    from marsad.store.migrations import MIGRATIONS, Migration

    path = tmp_path / "f.db"
    with SQLiteStore(path) as s:
        s.add_article(art("a1"))
    broken = Migration(
        SCHEMA_VERSION + 1, "broken", "CREATE TABLE extra (x INTEGER);\nSELECT * FROM missing;"
    )
    monkeypatch.setattr(mod, "MIGRATIONS", (*MIGRATIONS, broken))
    monkeypatch.setattr(mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError):
        SQLiteStore(path)
    monkeypatch.undo()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'extra'").fetchone() is None
    conn.close()
    with SQLiteStore(path) as s:
        assert s.get_article("a1") == art("a1")


def test_statement_splitter_keeps_comments_and_semicolons_in_strings() -> None:
    sql = "-- a comment\nCREATE TABLE t (a TEXT DEFAULT ';');\n\nINSERT INTO t VALUES ('x;y');\n"
    assert statements(sql) == ["CREATE TABLE t (a TEXT DEFAULT ';');", "INSERT INTO t VALUES ('x;y');"]
    with pytest.raises(ValueError):
        statements("CREATE TABLE t (a")


# -- search text ---------------------------------------------------------------------------------
# (the FTS5 expression is SQLite's; the snippet helper is shared but tested once, here)


def test_snippet_is_a_window_of_the_original_text() -> None:
    text = ("كلمة " * 60) + "أعلنت وزارةُ الصحة بالعراق افتتاح مستشفى" + (" ختام" * 60)
    snip = searchtext.snippet(text, "العراق", width=80)
    assert "بالعراق" in snip
    assert snip.startswith("… ") and snip.endswith(" …")
    assert len(snip) < 100
    assert searchtext.snippet("نص قصير", "غائب") == "نص قصير"


def test_fts_query_quotes_every_key() -> None:
    assert searchtext.fts_query("") is None
    assert searchtext.fts_query('" * ( -') is None
    expr = searchtext.fts_query("بالعراق AND")
    assert expr is not None
    assert '"بالعراق"' in expr and '"and"' in expr and " AND " in expr
    assert searchtext.word_keys("بلد") == ("بلد",)  # two-letter remainders are not keys


# -- threads ---------------------------------------------------------------------------------------


def test_concurrent_reads_while_writing_in_memory() -> None:
    """``:memory:`` cannot be shared between connections: one connection serves every thread."""
    store = open_store(":memory:")
    store.add_article(art("seed", title="بداية", text="بغداد والموصل"))
    errors: list[BaseException] = []
    done = threading.Event()

    def writer() -> None:
        try:
            for i in range(150):
                a = art(f"w{i}", title=f"خبر {i}", text=f"وصل وفد إلى بغداد في اليوم {i}")
                store.save_analysis(analysis(a, [Mention(12, 17, "بغداد", "LOC", "Q1530")]))
                if i % 10 == 0:
                    store.save_story(Story(f"s{i}", "قصة", [a.id], ["أ"], updated_at=str(i)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            done.set()

    def reader() -> None:
        try:
            last = 0
            while not done.is_set():
                n = store.count_articles()
                assert n >= last
                last = n
                assert store.search("بغداد", limit=5)
                store.list_articles(limit=10)
                store.list_entities()
                store.list_stories()
                for _ in store.iter_analyses():
                    pass
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer)] + [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert store.count_articles() == 151
    assert len(list(store.iter_analyses())) == 150
    assert store.list_entities()[0].mentions == 150
    store.close()
