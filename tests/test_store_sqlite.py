"""The SQLite store: idempotence, queries, search, stories, entities, migrations, safety, threads."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from marsad.model import (
    AnalyzedArticle,
    Article,
    Brief,
    BriefSentence,
    Citation,
    Entity,
    Mention,
    SearchHit,
    Story,
)
from marsad.store import SQLiteStore, Store, StoreError, open_store, searchtext
from marsad.store.migrations import SCHEMA_VERSION, statements

# Small original texts written for these tests.
TEXTS = {
    "a1": (
        "وفد عراقي في واشنطن",
        "وصل وفدٌ من بغداد إلى واشنطن صباح الأحد لبحث ملف المياه. وقال مسؤول إن المحادثات ستستمر يومين.",
    ),
    "a2": (
        "محادثات المياه",
        "أكدت مصادر دبلوماسية أن وواشنطن وبغداد اتفقتا على جولة جديدة من المحادثات بالعراق الشهر المقبل.",
    ),
    "a3": (
        "أمطار غزيرة",
        "هطلت أمطار غزيرة على مدينة الموصل، وأعلنت الحكومة المحلية تعطيل المدارس في المدينة.",
    ),
    "a4": (
        "مستشفى جديد",
        "افتتحت وزارة الصحة مستشفى جديدا في البصرة يضم مئتي سرير، وقالت إن العمل بدأ في أيار.",
    ),
}


def art(aid: str, *, outlet: str = "المرصد", published: str | None = None, **kw: object) -> Article:
    title, text = TEXTS.get(aid, ("عنوان " + aid, "نص المقال " + aid))
    fields: dict[str, object] = {
        "id": aid,
        "title": title,
        "text": text,
        "outlet": outlet,
        "url": f"https://news.example/{aid}",
        "published": published,
        "content_hash": "h-" + aid,
        "ingested_at": "2025-05-01T00:00:00Z",
    }
    fields.update(kw)
    return Article(**fields)  # type: ignore[arg-type]


def analysis(article: Article, mentions: list[Mention] | None = None, version: str = "1") -> AnalyzedArticle:
    return AnalyzedArticle(
        article=article, mentions=mentions or [], keywords=["مياه"], analyzer_version=version
    )


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    s = SQLiteStore(":memory:")
    yield s
    s.close()


@pytest.fixture
def filled(store: SQLiteStore) -> SQLiteStore:
    store.add_article(art("a1", outlet="أ", published="2025-05-01T10:00:00+03:00"))
    store.add_article(art("a2", outlet="ب", published="2025-05-02"))
    store.add_article(art("a3", outlet="أ", published="2025-05-03T08:00:00Z"))
    store.add_article(art("a4", outlet="ج", published=None))
    return store


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


@pytest.mark.parametrize("target", ["postgresql://user@host/db", "mysql://x", ""])
def test_open_store_refuses_other_backends(target: str) -> None:
    with pytest.raises(StoreError) as err:
        open_store(target)
    if target:
        assert "only SQLite" in str(err.value)


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


def test_closed_store_raises_store_error(store: SQLiteStore) -> None:
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError):
        store.count_articles()


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


# -- articles --------------------------------------------------------------------------------------


def test_add_is_idempotent(store: SQLiteStore) -> None:
    a = art("a1")
    assert store.add_article(a) is True
    assert store.add_article(a) is False  # same id
    assert store.add_article(art("x1", content_hash=a.content_hash, url="")) is False  # same hash
    assert store.add_article(art("x2", content_hash="other", url=a.url)) is False  # same url
    assert store.count_articles() == 1
    assert store.get_article("a1") == a
    assert store.get_article("x1") is None
    # empty url and empty hash are "unknown", not duplicates of each other
    assert store.add_article(art("e1", url="", content_hash="")) is True
    assert store.add_article(art("e2", url="", content_hash="")) is True
    assert store.count_articles() == 3
    assert len(store.search("عنوان")) == 2  # duplicates were not indexed either


def test_find_article_id(filled: SQLiteStore) -> None:
    assert filled.find_article_id(url="https://news.example/a2") == "a2"
    assert filled.find_article_id(content_hash="h-a3") == "a3"
    assert filled.find_article_id(url="https://nowhere", content_hash="h-a1") == "a1"
    assert filled.find_article_id(url="https://nowhere") is None
    assert filled.find_article_id() is None


def test_list_and_count(filled: SQLiteStore) -> None:
    assert filled.count_articles() == 4
    # newest first; the UTC instant decides (a1 is 07:00Z on 05-01), undated last
    assert [a.id for a in filled.list_articles()] == ["a3", "a2", "a1", "a4"]
    assert [a.id for a in filled.list_articles(limit=2, offset=1)] == ["a2", "a1"]
    assert [a.id for a in filled.list_articles(outlet="أ")] == ["a3", "a1"]
    assert filled.list_articles(outlet="لا أحد") == []


def test_round_trip_keeps_every_field(store: SQLiteStore) -> None:
    a = art("a1", author="مراسل", warnings=["encoding guessed: cp1256"], language="ar", source_kind="html")
    store.add_article(a)
    assert store.get_article("a1") == a


def test_persistence_across_reopen(tmp_path: Path) -> None:
    path = str(tmp_path / "p.db")
    with open_store(path) as s:
        s.add_article(art("a1"))
        s.save_analysis(analysis(art("a1"), [Mention(0, 5, "بغداد", "LOC", "Q1530")]))
        s.save_story(Story("s1", "قصة", ["a1"], ["المرصد"], updated_at="2025-05-01"))
    with open_store(f"sqlite:///{path}") as s:
        assert s.get_article("a1") == art("a1")
        assert s.get_analysis("a1") == analysis(art("a1"), [Mention(0, 5, "بغداد", "LOC", "Q1530")])
        assert s.story_of("a1") == "s1"
        assert [h.article_id for h in s.search("واشنطن")] == ["a1"]


# -- failures roll back ----------------------------------------------------------------------------


def test_failed_add_writes_nothing(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add_article(art("a1"))

    def boom(text: str) -> str:
        raise RuntimeError("index failed")

    monkeypatch.setattr(searchtext, "index_text", boom)
    with pytest.raises(RuntimeError):
        store.add_article(art("a2"))
    monkeypatch.undo()
    assert store.count_articles() == 1
    assert store.get_article("a2") is None
    assert store.add_article(art("a2")) is True  # nothing half-written blocks a retry


def test_failed_save_analysis_keeps_earlier_analysis(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = analysis(art("a1"), [Mention(22, 28, "واشنطن", "LOC", "Q61")], version="1")
    store.save_analysis(first)

    def boom(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(SQLiteStore, "_index_mentions", staticmethod(boom))
    with pytest.raises(RuntimeError):
        store.save_analysis(analysis(art("a1"), [], version="2"))
    assert store.get_analysis("a1") == first
    assert [(c.entity.id, c.mentions) for c in store.list_entities()] == [("Q61", 1)]


def test_transaction_block_is_atomic(store: SQLiteStore) -> None:
    with pytest.raises(ValueError), store.transaction():
        store.add_article(art("a1"))
        store.add_article(art("a2"))
        raise ValueError("stop")
    assert store.count_articles() == 0
    with store.transaction():
        store.add_article(art("a1"))
        store.add_article(art("a2"))
    assert store.count_articles() == 2


def test_sqlite_errors_become_store_errors(store: SQLiteStore) -> None:
    with pytest.raises(StoreError), store.transaction() as conn:
        conn.execute("INSERT INTO no_such_table VALUES (1)")


# -- analyses --------------------------------------------------------------------------------------


def test_analyses_save_replace_get(filled: SQLiteStore) -> None:
    a1 = filled.get_article("a1")
    assert a1 is not None
    first = analysis(a1, [Mention(22, 28, "واشنطن", "LOC", "Q61")], version="1")
    filled.save_analysis(first)
    assert filled.get_analysis("a1") == first
    second = analysis(a1, [Mention(13, 18, "بغداد", "LOC", "Q1530")], version="2")
    filled.save_analysis(second)
    assert filled.get_analysis("a1") == second
    assert filled.articles_mentioning("Q61") == []  # the mention index was rebuilt
    assert filled.articles_mentioning("Q1530") == ["a1"]
    assert filled.get_analysis("a2") is None


def test_save_analysis_adds_missing_article(store: SQLiteStore) -> None:
    store.save_analysis(analysis(art("a1")))
    assert store.get_article("a1") == art("a1")
    assert store.count_articles() == 1
    with pytest.raises(StoreError, match="duplicates"):
        store.save_analysis(analysis(art("other", content_hash="h-a1")))


def test_iter_and_unanalyzed(filled: SQLiteStore) -> None:
    assert filled.unanalyzed_article_ids() == ["a4", "a1", "a2", "a3"]  # oldest first, undated first
    for aid, version in [("a3", "1"), ("a1", "1"), ("a2", "0")]:
        a = filled.get_article(aid)
        assert a is not None
        filled.save_analysis(analysis(a, version=version))
    assert filled.unanalyzed_article_ids() == ["a4"]
    assert filled.unanalyzed_article_ids("1") == ["a4", "a2"]
    assert [x.article.id for x in filled.iter_analyses()] == ["a1", "a2", "a3"]
    assert [x.article.id for x in filled.iter_analyses(["a3", "nope", "a1", "a3"])] == ["a1", "a3"]
    assert list(filled.iter_analyses([])) == []


def test_iter_analyses_streams_in_batches(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.store.sqlite as mod

    monkeypatch.setattr(mod, "BATCH", 3)
    with store.transaction():
        for i in range(10):
            a = art(f"b{i}", published=f"2025-01-{10 + i:02d}")
            store.save_analysis(analysis(a))
    calls: list[str] = []
    original = store._query

    def counting(sql: str, params: Sequence[Any] = ()) -> list[Any]:
        calls.append(sql)
        return original(sql, params)

    monkeypatch.setattr(store, "_query", counting)
    it = store.iter_analyses()
    assert next(it).article.id == "b0"
    assert len(calls) == 1  # only the first batch was read
    assert [x.article.id for x in it] == [f"b{i}" for i in range(1, 10)]
    assert len(calls) == 4
    wanted = [f"b{i}" for i in range(9, -1, -1)]
    assert [x.article.id for x in store.iter_analyses(wanted)] == sorted(wanted)


# -- search ----------------------------------------------------------------------------------------


def ids(hits: list[SearchHit]) -> list[str]:
    return [h.article_id for h in hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("واشنطن", {"a1", "a2"}),  # a2 only has وواشنطن
        ("وواشنطن", {"a1", "a2"}),  # clitic on the query side
        ("العراق", {"a2"}),  # بالعراق in the text
        ("بالعراق", {"a2"}),
        ("بغداد المحادثات", {"a1", "a2"}),  # words AND-ed
        ("بغداد أمطار", set()),
        ("الموصل", {"a3"}),
        ("والموصل", {"a3"}),
        ("الحكومه", {"a3"}),  # ta marbuta written as ha
        ("مستشفي", {"a4"}),  # alef maqsura written as ya
        ("إفتتحت", {"a4"}),  # hamza on alef
        ("وَفْدٌ", {"a1"}),  # diacritics in the query
        ("وفد", {"a1"}),  # diacritics in the text (وفدٌ)
        ("مستشفى البصرة", {"a4"}),
        ("زلزال", set()),
    ],
)
def test_search_matching(filled: SQLiteStore, query: str, expected: set[str]) -> None:
    assert set(ids(filled.search(query))) == expected


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "*",
        "(",
        ")",
        "AND",
        "OR NOT",
        "NEAR(",
        "-",
        "بغداد -",
        'واشنطن" OR "x',
        "a:b",
        "^",
        "{}",
        "   ",
        "",
    ],
)
def test_search_never_raises_on_syntax(filled: SQLiteStore, query: str) -> None:
    hits = filled.search(query)
    assert isinstance(hits, list)


def test_search_with_syntax_characters_still_matches_words(filled: SQLiteStore) -> None:
    assert set(ids(filled.search('"واشنطن*'))) == {"a1", "a2"}
    assert ids(filled.search("(الموصل) AND")) == []  # "and" is a word to find, not an operator
    assert set(ids(filled.search("(الموصل) -"))) == {"a3"}


def test_empty_query_gives_nothing(filled: SQLiteStore) -> None:
    assert filled.search("") == []
    assert filled.search("؟!،") == []
    assert filled.search("بغداد", limit=0) == []


def test_search_hits_and_snippets(filled: SQLiteStore) -> None:
    (hit,) = filled.search("العراق")
    assert hit.article_id == "a2" and hit.title == "محادثات المياه" and hit.outlet == "ب"
    assert hit.published == "2025-05-02"
    assert "بالعراق" in hit.snippet  # the original spelling, not the matching form
    (hit,) = filled.search("وفد")
    assert "وفدٌ" in hit.snippet  # diacritics preserved from the original text
    assert hit.score > 0


def test_search_ranks_title_and_frequency(store: SQLiteStore) -> None:
    store.add_article(art("t1", title="الموصل اليوم", text="الموصل مدينة كبيرة والموصل قديمة"))
    store.add_article(art("t2", title="أخبار", text="زار وفد الموصل أمس ثم عاد إلى بغداد لحضور اجتماع طويل"))
    for i in range(5):
        store.add_article(art(f"z{i}", title="أخبار", text=f"نص لا علاقة له رقم {i}"))
    hits = store.search("الموصل")
    assert ids(hits) == ["t1", "t2"]
    assert hits[0].score > hits[1].score


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


# -- stories and briefs ----------------------------------------------------------------------------


def test_stories_save_replace_delete(filled: SQLiteStore) -> None:
    s1 = Story(
        "s1", "وفد عراقي", ["a1", "a2"], ["أ", "ب"], "2025-05-01", "2025-05-02", ["Q61"], "2025-05-02T10:00"
    )
    filled.save_story(s1)
    assert filled.get_story("s1") == s1
    assert filled.story_of("a1") == "s1" and filled.story_of("a2") == "s1"
    s1b = Story("s1", "وفد عراقي في واشنطن", ["a1"], ["أ"], updated_at="2025-05-03T00:00")
    filled.save_story(s1b)
    assert filled.get_story("s1") == s1b
    assert filled.story_of("a2") is None
    filled.delete_story("s1")
    assert filled.get_story("s1") is None
    assert filled.story_of("a1") is None
    filled.delete_story("s1")  # deleting twice is harmless


def test_article_moves_to_the_latest_story(filled: SQLiteStore) -> None:
    filled.save_story(Story("s1", "أ", ["a1", "a2"], ["أ", "ب"], updated_at="1"))
    filled.save_story(Story("s2", "ب", ["a2", "a3"], ["ب", "أ"], updated_at="2"))
    assert filled.story_of("a2") == "s2"
    s1 = filled.get_story("s1")
    assert s1 is not None and s1.article_ids == ["a1"]  # record and membership agree


def test_story_ordering(store: SQLiteStore) -> None:
    store.save_story(Story("old", "قديمة", outlets=["أ", "ب", "ج"], updated_at="2025-05-01T00:00"))
    store.save_story(Story("few", "قليلة", outlets=["أ"], updated_at="2025-05-02T00:00"))
    store.save_story(Story("many", "كثيرة", outlets=["أ", "ب", "ب"], updated_at="2025-05-02T00:00"))
    store.save_story(Story("most", "أكثر", outlets=["أ", "ب", "ج"], updated_at="2025-05-02T00:00"))
    assert [s.id for s in store.list_stories()] == ["most", "many", "few", "old"]
    assert [s.id for s in store.list_stories(limit=2, offset=1)] == ["many", "few"]


def test_briefs(filled: SQLiteStore) -> None:
    brief = Brief(
        "s1",
        "وفد عراقي",
        [BriefSentence("what_happened", "وصل وفد إلى واشنطن.", [Citation("a1", "أ", 0, 0, 20)])],
        generated_at="2025-05-02",
    )
    with pytest.raises(StoreError):
        filled.save_brief(brief)  # its story is not stored
    filled.save_story(Story("s1", "وفد", ["a1"], ["أ"], updated_at="1"))
    filled.save_brief(brief)
    assert filled.get_brief("s1") == brief
    brief.sentences.append(BriefSentence("whats_next", "تستمر المحادثات.", []))
    filled.save_brief(brief)
    assert filled.get_brief("s1") == brief
    filled.save_story(Story("s1", "وفد محدث", ["a1"], ["أ"], updated_at="2"))
    assert filled.get_brief("s1") == brief  # updating the story keeps its brief
    filled.delete_story("s1")
    assert filled.get_brief("s1") is None
    assert filled.get_brief("nope") is None


# -- entities --------------------------------------------------------------------------------------


def test_entities_and_counts(filled: SQLiteStore) -> None:
    baghdad = Entity(
        "Q1530", "LOC", "بغداد", "Baghdad", "city", ["دار السلام"], 33.3152, 44.3661, "IQ", "Q1530"
    )
    unused = Entity("Q90", "LOC", "باريس", "Paris", lat=48.85, lon=2.35)
    filled.save_entities([baghdad, unused])
    assert filled.get_entity("Q1530") == baghdad
    assert filled.get_entity("nope") is None
    a1, a2 = filled.get_article("a1"), filled.get_article("a2")
    assert a1 is not None and a2 is not None
    filled.save_analysis(
        analysis(
            a1,
            [
                Mention(13, 18, "بغداد", "LOC", "Q1530"),
                Mention(22, 28, "واشنطن", "LOC", "Q61"),
                Mention(60, 65, "مسؤول", "PER"),  # unlinked: not an entity
            ],
        )
    )
    filled.save_analysis(
        analysis(
            a2,
            [
                Mention(22, 29, "وواشنطن", "LOC", "Q61"),
                Mention(30, 35, "وبغداد", "LOC", "Q1530"),
                Mention(60, 67, "بالعراق", "LOC", "Q61"),  # a mislinked mention, to make Q61 lead
                Mention(70, 76, "واشنطن", "ORG", "Q61"),
            ],
        )
    )
    counts = filled.list_entities()
    assert [(c.entity.id, c.mentions, c.articles) for c in counts] == [("Q61", 4, 2), ("Q1530", 2, 2)]
    assert counts[1].entity == baghdad
    # Q61 is not in the entities table: a minimal entity from its mentions
    assert counts[0].entity == Entity("Q61", "LOC", "واشنطن")
    assert [c.entity.id for c in filled.list_entities(limit=1, offset=1)] == ["Q1530"]
    assert filled.articles_mentioning("Q61") == ["a2", "a1"]  # newest first
    assert filled.articles_mentioning("Q61", limit=1) == ["a2"]
    filled.save_entities([Entity("Q1530", "LOC", "بغداد العاصمة")])
    assert filled.get_entity("Q1530") == Entity("Q1530", "LOC", "بغداد العاصمة")
    # type filter: the ORG mention makes Q61 an ORG row too, counted by its ORG mentions only
    assert [(c.entity.id, c.mentions) for c in filled.list_entities(entity_type="ORG")] == [("Q61", 1)]
    assert filled.list_entities(entity_type="PER") == []
    # co-occurrence: Q61 shares both articles with Q1530; the unlinked mention is no entity
    related = filled.cooccurring_entities("Q61")
    assert [(c.entity.id, c.articles, c.mentions) for c in related] == [("Q1530", 2, 2)]
    assert [c.entity.id for c in filled.cooccurring_entities("Q1530")] == ["Q61"]
    assert filled.cooccurring_entities("nope") == []
    # how the entity is written, most frequent first, ties by text
    assert filled.surface_forms("Q61") == [("واشنطن", 2), ("بالعراق", 1), ("وواشنطن", 1)]
    assert filled.surface_forms("Q61", limit=1) == [("واشنطن", 2)]


# -- threads ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["memory", "file"])
def test_concurrent_reads_while_writing(tmp_path: Path, target: str) -> None:
    path = ":memory:" if target == "memory" else str(tmp_path / "t.db")
    store = open_store(path)
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
