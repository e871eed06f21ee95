"""What every store must do, whatever the backend: each test runs on SQLite and on a real
PostgreSQL (``postgres_server``), on a fresh database.

Why one file for both: the CLI, API and web app only know ``Store``; if the backends disagreed on
an ordering, a duplicate rule or a search hit, switching ``--db`` would silently change results.
Backend-specific behaviour (pragmas, file paths, server restarts, URLs) lives in
``test_store_sqlite.py`` and ``test_store_postgres.py``.
"""

from __future__ import annotations

import sys
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
from marsad.store import Store, StoreError, open_store, searchtext

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


def ids(hits: list[SearchHit]) -> list[str]:
    return [h.article_id for h in hits]


def raw(store: Store, *statements: str) -> None:
    """Run SQL behind the store's back (to break it on purpose), in one of its transactions."""
    with store.transaction() as conn:  # type: ignore[attr-defined]
        for sql in statements:
            conn.execute(sql)


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """What ``open_store`` gets: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    server = request.getfixturevalue("postgres_server")
    return str(server.create_database())


@pytest.fixture
def backend(target: str) -> str:
    return "postgresql" if target.startswith("postgresql://") else "sqlite"


@pytest.fixture
def store(target: str) -> Iterator[Store]:
    s = open_store(target)
    yield s
    s.close()


@pytest.fixture
def filled(store: Store) -> Store:
    store.add_article(art("a1", outlet="أ", published="2025-05-01T10:00:00+03:00"))
    store.add_article(art("a2", outlet="ب", published="2025-05-02"))
    store.add_article(art("a3", outlet="أ", published="2025-05-03T08:00:00Z"))
    store.add_article(art("a4", outlet="ج", published=None))
    return store


# -- articles --------------------------------------------------------------------------------------


def test_add_is_idempotent(store: Store) -> None:
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


def test_find_article_id(filled: Store) -> None:
    assert filled.find_article_id(url="https://news.example/a2") == "a2"
    assert filled.find_article_id(content_hash="h-a3") == "a3"
    assert filled.find_article_id(url="https://nowhere", content_hash="h-a1") == "a1"
    assert filled.find_article_id(url="https://nowhere") is None
    assert filled.find_article_id() is None


def test_list_and_count(filled: Store) -> None:
    assert filled.count_articles() == 4
    # newest first; the UTC instant decides (a1 is 07:00Z on 05-01), undated last
    assert [a.id for a in filled.list_articles()] == ["a3", "a2", "a1", "a4"]
    assert [a.id for a in filled.list_articles(limit=2, offset=1)] == ["a2", "a1"]
    assert [a.id for a in filled.list_articles(limit=2, offset=3)] == ["a4"]
    assert filled.list_articles(offset=10) == []
    assert [a.id for a in filled.list_articles(outlet="أ")] == ["a3", "a1"]
    assert filled.list_articles(outlet="لا أحد") == []


def test_equal_dates_order_by_ingest_time_then_id(store: Store) -> None:
    # ids compare by code point on every backend (PostgreSQL's locale must not decide)
    for aid, ingested in [("b", "2025-05-02"), ("a", "2025-05-02"), ("Z", "2025-05-02"), ("c", "2025-05-01")]:
        store.add_article(art(aid, published="2025-05-01", ingested_at=ingested))
    assert [a.id for a in store.list_articles()] == ["b", "a", "Z", "c"]
    assert store.unanalyzed_article_ids() == ["c", "Z", "a", "b"]


def test_round_trip_keeps_every_field(store: Store) -> None:
    a = art("a1", author="مراسل", warnings=["encoding guessed: cp1256"], language="ar", source_kind="html")
    store.add_article(a)
    assert store.get_article("a1") == a


def test_text_with_nul_and_odd_characters(store: Store) -> None:
    a = art("n1", title="عنوان\x00غريب", text="نص فيه \x00 صفر و'اقتباس' و\"علامات\" و\\ شرطة")
    assert store.add_article(a) is True
    assert store.get_article("n1") == a  # the record is kept whole
    assert ids(store.search("اقتباس")) == ["n1"]
    assert store.check_integrity() == []


def test_persistence_across_reopen(target: str) -> None:
    with open_store(target) as s:
        s.add_article(art("a1"))
        s.save_analysis(analysis(art("a1"), [Mention(0, 5, "بغداد", "LOC", "Q1530")]))
        s.save_story(Story("s1", "قصة", ["a1"], ["المرصد"], updated_at="2025-05-01"))
        s.set_state("feed:x", "etag-1")
    with open_store(target) as s:
        assert s.get_article("a1") == art("a1")
        assert s.get_analysis("a1") == analysis(art("a1"), [Mention(0, 5, "بغداد", "LOC", "Q1530")])
        assert s.story_of("a1") == "s1"
        assert [h.article_id for h in s.search("واشنطن")] == ["a1"]
        assert s.get_state("feed:x") == "etag-1"


def test_closed_store_raises_store_error(store: Store) -> None:
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError):
        store.count_articles()
    with pytest.raises(StoreError):
        store.add_article(art("a1"))


# -- failures roll back ----------------------------------------------------------------------------


def test_failed_add_writes_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
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


def test_failed_save_analysis_keeps_earlier_analysis(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    first = analysis(art("a1"), [Mention(22, 28, "واشنطن", "LOC", "Q61")], version="1")
    store.save_analysis(first)

    def boom(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(type(store), "_index_mentions", staticmethod(boom))
    with pytest.raises(RuntimeError):
        store.save_analysis(analysis(art("a1"), [], version="2"))
    with pytest.raises(RuntimeError):
        store.save_analysis(analysis(art("new"), [], version="2"))  # its article is not kept either
    monkeypatch.undo()
    assert store.get_analysis("a1") == first
    assert store.get_article("new") is None
    assert [(c.entity.id, c.mentions) for c in store.list_entities()] == [("Q61", 1)]


def test_transaction_block_is_atomic(store: Store) -> None:
    with pytest.raises(ValueError), store.transaction():  # type: ignore[attr-defined]
        store.add_article(art("a1"))
        store.add_article(art("a2"))
        assert store.count_articles() == 2  # reads inside see the block's own writes
        raise ValueError("stop")
    assert store.count_articles() == 0
    with store.transaction():  # type: ignore[attr-defined]
        store.add_article(art("a1"))
        store.add_article(art("a2"))
    assert store.count_articles() == 2


def test_database_errors_become_store_errors(store: Store) -> None:
    with pytest.raises(StoreError):
        raw(store, "INSERT INTO no_such_table VALUES (1)")
    store.add_article(art("a1"))  # the store is still usable
    assert store.count_articles() == 1


# -- analyses --------------------------------------------------------------------------------------


def test_analyses_save_replace_get(filled: Store) -> None:
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


def test_save_analysis_adds_missing_article(store: Store) -> None:
    store.save_analysis(analysis(art("a1")))
    assert store.get_article("a1") == art("a1")
    assert store.count_articles() == 1
    with pytest.raises(StoreError, match="duplicates"):
        store.save_analysis(analysis(art("other", content_hash="h-a1")))
    assert store.get_article("other") is None and store.count_articles() == 1


def test_iter_and_unanalyzed(filled: Store) -> None:
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


def test_iter_analyses_streams_in_batches(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (type(store).__module__, "marsad.store.sql"):  # the backend's reads and the shared ones
        monkeypatch.setattr(sys.modules[module], "BATCH", 3)
    with store.transaction():  # type: ignore[attr-defined]
        for i in range(10):
            a = art(f"b{i}", published=f"2025-01-{10 + i:02d}")
            store.save_analysis(analysis(a))
    calls: list[str] = []
    original = store._query  # type: ignore[attr-defined]

    def counting(sql: str, params: Sequence[Any] = ()) -> list[Any]:
        calls.append(sql)
        return original(sql, params)  # type: ignore[no-any-return]

    monkeypatch.setattr(store, "_query", counting)
    it = store.iter_analyses()
    assert next(it).article.id == "b0"
    assert len(calls) == 1  # only the first batch was read
    assert [x.article.id for x in it] == [f"b{i}" for i in range(1, 10)]
    assert len(calls) == 4
    wanted = [f"b{i}" for i in range(9, -1, -1)]
    assert [x.article.id for x in store.iter_analyses(wanted)] == sorted(wanted)


# -- search ----------------------------------------------------------------------------------------


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
        ("عراقي واشنطن", {"a1"}),  # one word in the title, one in the body
        ("زلزال", set()),
    ],
)
def test_search_matching(filled: Store, query: str, expected: set[str]) -> None:
    assert set(ids(filled.search(query))) == expected


INJECTION_LIKE = [
    '"', '""', "*", "(", ")", "AND", "OR NOT", "NEAR(", "-", "بغداد -", 'واشنطن" OR "x', "a:b", "^", "{}",
    "   ", "", "'", "''", "\\", "!", "&", "|", "<->", "بغداد & !واشنطن", "بغداد' | 'x", "x:*",
    "'; DROP TABLE articles; --", "%s", "%(x)s", "$1", "\x00", "بغداد\x00",
]  # fmt: skip


def test_search_never_raises_on_syntax(filled: Store) -> None:
    for query in INJECTION_LIKE:
        hits = filled.search(query)
        assert isinstance(hits, list), query
    assert filled.count_articles() == 4
    assert set(ids(filled.search("بغداد' | 'الموصل"))) == set()  # no OR smuggled in: both words needed
    assert set(ids(filled.search("بغداد & !واشنطن"))) == {"a1", "a2"}  # "!" is no NOT


def test_search_with_syntax_characters_still_matches_words(filled: Store) -> None:
    assert set(ids(filled.search('"واشنطن*'))) == {"a1", "a2"}
    assert ids(filled.search("(الموصل) AND")) == []  # "and" is a word to find, not an operator
    assert set(ids(filled.search("(الموصل) -"))) == {"a3"}


def test_empty_query_gives_nothing(filled: Store) -> None:
    assert filled.search("") == []
    assert filled.search("؟!،") == []
    assert filled.search("بغداد", limit=0) == []


def test_search_hits_and_snippets(filled: Store) -> None:
    (hit,) = filled.search("العراق")
    assert hit.article_id == "a2" and hit.title == "محادثات المياه" and hit.outlet == "ب"
    assert hit.published == "2025-05-02"
    assert "بالعراق" in hit.snippet  # the original spelling, not the matching form
    (hit,) = filled.search("وفد")
    assert "وفدٌ" in hit.snippet  # diacritics preserved from the original text
    assert hit.score > 0


def test_search_ranks_title_and_frequency(store: Store) -> None:
    store.add_article(art("t1", title="الموصل اليوم", text="الموصل مدينة كبيرة والموصل قديمة"))
    store.add_article(art("t2", title="أخبار", text="زار وفد الموصل أمس ثم عاد إلى بغداد لحضور اجتماع طويل"))
    for i in range(5):
        store.add_article(art(f"z{i}", title="أخبار", text=f"نص لا علاقة له رقم {i}"))
    hits = store.search("الموصل")
    assert ids(hits) == ["t1", "t2"]
    assert hits[0].score > hits[1].score
    assert len(store.search("أخبار", limit=3)) == 3


# -- stories and briefs ----------------------------------------------------------------------------


def test_stories_save_replace_delete(filled: Store) -> None:
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


def test_article_moves_to_the_latest_story(filled: Store) -> None:
    filled.save_story(Story("s1", "أ", ["a1", "a2"], ["أ", "ب"], updated_at="1"))
    filled.save_story(Story("s2", "ب", ["a2", "a3"], ["ب", "أ"], updated_at="2"))
    assert filled.story_of("a2") == "s2"
    s1 = filled.get_story("s1")
    assert s1 is not None and s1.article_ids == ["a1"]  # record and membership agree
    filled.save_story(Story("s3", "ج", ["a1", "a3", "a1", "unstored"], ["أ"], updated_at="3"))
    s1, s2 = filled.get_story("s1"), filled.get_story("s2")
    assert s1 is not None and s1.article_ids == []
    assert s2 is not None and s2.article_ids == ["a2"]
    assert filled.story_of("unstored") == "s3"  # a story may name articles not (yet) stored


def test_story_ordering(store: Store) -> None:
    store.save_story(Story("old", "قديمة", outlets=["أ", "ب", "ج"], updated_at="2025-05-01T00:00"))
    store.save_story(Story("few", "قليلة", outlets=["أ"], updated_at="2025-05-02T00:00"))
    store.save_story(Story("many", "كثيرة", outlets=["أ", "ب", "ب"], updated_at="2025-05-02T00:00"))
    store.save_story(Story("most", "أكثر", outlets=["أ", "ب", "ج"], updated_at="2025-05-02T00:00"))
    store.save_story(Story("Most", "أكثر", outlets=["أ", "ب", "ج"], updated_at="2025-05-02T00:00"))
    assert [s.id for s in store.list_stories()] == ["Most", "most", "many", "few", "old"]
    assert [s.id for s in store.list_stories(limit=2, offset=2)] == ["many", "few"]


def test_briefs(filled: Store) -> None:
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


def test_entities_and_counts(filled: Store) -> None:
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
    assert filled.mentioned_entity("Q61") == Entity("Q61", "LOC", "واشنطن")
    assert filled.mentioned_entity("Q90") is None  # stored, but never mentioned
    assert [c.entity.id for c in filled.list_entities(limit=1, offset=1)] == ["Q1530"]
    assert filled.articles_mentioning("Q61") == ["a2", "a1"]  # newest first
    assert filled.articles_mentioning("Q61", limit=1) == ["a2"]
    filled.save_entities([Entity("Q1530", "LOC", "بغداد العاصمة")])
    assert filled.get_entity("Q1530") == Entity("Q1530", "LOC", "بغداد العاصمة")
    filled.save_entities([Entity("Q5", "PER", "أ"), Entity("Q5", "PER", "ب")])  # last one wins
    assert filled.get_entity("Q5") == Entity("Q5", "PER", "ب")
    filled.save_entities([])
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


# -- job state -------------------------------------------------------------------------------------


def test_job_state(store: Store) -> None:
    assert store.get_state("feed:a") is None
    assert store.state_keys() == []
    store.set_state("feed:b", "1")
    store.set_state("feed:a", "etag \"x\" 'y'")
    store.set_state("feed:a", "etag-2")  # replaced
    store.set_state("poll:a", "2025-05-01T00:00:00Z")
    store.set_state("feed", "no colon")
    store.set_state("Feed:c", "upper")
    assert store.get_state("feed:a") == "etag-2"
    assert store.state_keys() == ["Feed:c", "feed", "feed:a", "feed:b", "poll:a"]
    assert store.state_keys("feed:") == ["feed:a", "feed:b"]
    assert store.state_keys("%") == [] and store.state_keys("_") == []  # no LIKE wildcards
    assert store.state_keys("nothing") == []


# -- health ----------------------------------------------------------------------------------------


def test_check_integrity_sound_store(filled: Store) -> None:
    a1 = filled.get_article("a1")
    assert a1 is not None
    filled.save_analysis(analysis(a1, [Mention(13, 18, "بغداد", "LOC", "Q1530")]))
    filled.save_story(Story("s1", "وفد", ["a1"], ["أ"], updated_at="1"))
    filled.save_brief(Brief("s1", "وفد", []))
    assert filled.check_integrity() == []


def test_check_integrity_finds_broken_rows(filled: Store, backend: str) -> None:
    raw(
        filled,
        "UPDATE articles SET json = 'not json' WHERE id = 'a2'",
        "UPDATE articles SET json = (SELECT json FROM articles WHERE id = 'a1') WHERE id = 'a3'",
        "DROP INDEX articles_url",
        "UPDATE articles SET url = 'https://same.example' WHERE id IN ('a1', 'a4')",
    )
    unindex = {
        "sqlite": "DELETE FROM articles_fts WHERE rowid = (SELECT seq FROM articles WHERE id = 'a4')",
        "postgresql": "UPDATE articles SET search = NULL WHERE id = 'a4'",
    }[backend]
    raw(filled, unindex)
    problems = filled.check_integrity()
    text = "\n".join(problems)
    assert "a2" in text and "does not load" in text
    assert "is a3 but its record says a1" in text
    assert "1 URLs stored twice" in problems
    assert "1 articles missing from the search index" in problems
    assert len(problems) == 4, problems


# -- threads ---------------------------------------------------------------------------------------


def test_concurrent_reads_while_writing(store: Store) -> None:
    store.add_article(art("seed", title="بداية", text="بغداد والموصل"))
    errors: list[BaseException] = []
    done = threading.Event()

    def writer() -> None:
        try:
            for i in range(100):
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

    threads = [threading.Thread(target=writer)] + [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert store.count_articles() == 101
    assert len(list(store.iter_analyses())) == 100
    assert store.list_entities()[0].mentions == 100
    assert store.check_integrity() == []


def test_concurrent_writers_store_each_article_once(store: Store) -> None:
    """Several threads ingesting the same articles (same ids, or the same content under another
    id): each article is stored exactly once, and exactly one writer is told it was new."""
    results: list[tuple[str, bool]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(4)

    def writer(n: int) -> None:
        try:
            start.wait(timeout=10)
            for i in range(40):
                # odd writers use their own ids: only the content hash and URL make them duplicates
                aid = f"c{i}" if n % 2 == 0 else f"c{i}-w{n}"
                a = art(aid, content_hash=f"hash-{i}", url=f"https://dup.example/{i}")
                added = store.add_article(a)
                with lock:
                    results.append((f"hash-{i}", added))
                store.set_state(f"writer:{n}", str(i))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert store.count_articles() == 40
    for i in range(40):
        assert sum(added for h, added in results if h == f"hash-{i}") == 1
    assert store.state_keys("writer:") == [f"writer:{n}" for n in range(4)]
    assert all(store.get_state(f"writer:{n}") == "39" for n in range(4))
    assert store.check_integrity() == []
