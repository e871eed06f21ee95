"""Serialisation of every record in marsad.model is lossless (the store and the exports rely on it)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.model import (
    AnalyzedArticle,
    Argument,
    Article,
    Attribution,
    Brief,
    BriefSentence,
    Citation,
    Claim,
    Entity,
    Event,
    IngestProblem,
    Mention,
    SearchHit,
    Sentence,
    Story,
    StoryFact,
    TimeExpr,
    TimelineEntry,
    from_dict,
    from_json,
    to_dict,
    to_json,
)

TEXT = "قال وزير الخارجية إن الوفد سيصل إلى بغداد يوم الخميس المقبل. وأكدت مصادر أن المحادثات ستستمر."


def full_analysis() -> AnalyzedArticle:
    article = Article(
        id="art-1",
        title="وفد إلى بغداد",
        text=TEXT,
        outlet="صحيفة المرصد",
        url="https://example.org/a/1",
        published="2025-03-06T09:30:00+03:00",
        author="مراسلنا",
        language="ar",
        source_kind="html",
        source_path="/tmp/a.html",
        content_hash="abc123",
        ingested_at="2025-03-06T07:00:00Z",
        warnings=["encoding guessed: cp1256"],
    )
    named = Attribution(0, 4, 17, "وزير الخارجية", cue="قال", entity_id="local:wazir", quote="الوفد سيصل")
    anon = Attribution(1, 66, 71, "مصادر", cue="أكدت", anonymous=True)
    return AnalyzedArticle(
        article=article,
        sentences=[Sentence(0, 0, 60, TEXT[:60]), Sentence(1, 61, len(TEXT), TEXT[61:])],
        mentions=[
            Mention(36, 41, "بغداد", "LOC", "Q1530", 0.9, "بغداد", "government", 0),
            Mention(4, 17, "وزير الخارجية", "PER"),
        ],
        times=[
            TimeExpr(46, 58, "يوم الخميس المقبل", "instant", "2025-03-13", "day", relative=True),
            TimeExpr(0, 3, "منذ", "interval", None, "month", None, "2025-03-01", sentence_index=1),
        ],
        events=[
            Event(
                0,
                22,
                26,
                "سيصل",
                "CONSULT",
                cameo="040",
                actor=Argument(4, 17, "وزير الخارجية", "local:wazir"),
                target=Argument(0, 3, "الوفد"),
                place=Argument(36, 41, "بغداد", "Q1530"),
                time="2025-03-13",
                modality="expected",
                quantities={"people": 12.0, "days": 2.5},
                attribution=named,
            )
        ],
        attributions=[named, anon],
        claims=[
            Claim(
                1,
                61,
                len(TEXT),
                subject=Argument(61, 70, "المحادثات"),
                predicate="تستمر",
                modality="announced",
                attribution=anon,
            )
        ],
        keywords=["وفد", "بغداد"],
        analyzer_version="0.1.0",
    )


def full_brief() -> Brief:
    cites = [Citation("art-1", "صحيفة المرصد", 0, 0, 60), Citation("art-2")]
    return Brief(
        story_id="story-1",
        title="وفد إلى بغداد",
        sentences=[
            BriefSentence("what_happened", "يصل وفد إلى بغداد.", cites),
            BriefSentence("whats_next", "تستمر المحادثات.", []),
        ],
        generated_at="2025-03-06T10:00:00Z",
        method="extractive",
    )


RECORDS: list[Any] = [
    full_analysis(),
    full_analysis().article,
    full_brief(),
    Story("story-1", "وفد إلى بغداد", ["art-1", "art-2"], ["أ", "ب"], "2025-03-06", None, ["Q1530"], "now"),
    Entity(
        "Q1530", "LOC", "بغداد", "Baghdad", "city", ["بغداد", "دار السلام"], 33.3152, 44.3661, "IQ", "Q1530"
    ),
    Entity("local:x", "PER", "س"),
    TimeExpr(0, 4, "أمس", "instant"),
    TimeExpr(0, 4, "حتى الآن", "interval", None, "day", None, None),
    IngestProblem("feed.jsonl", "السطر ليس JSON صالحا", line=3),
    IngestProblem("https://example.org", "timed out"),
    SearchHit("art-1", "عنوان", "منفذ", "… مقتطف …", 1.25, "2025-03-06"),
    SearchHit("art-1", "عنوان", "", "", 0.0, None),
    StoryFact("يصل وفد", [Citation("art-1")], [Citation("art-2", "ب", 1, 2, 3)], True, True),
    TimelineEntry("2025-03-13", "day", "وصول الوفد", [Citation("art-1")]),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_json_round_trip_is_lossless(record: Any) -> None:
    text = to_json(record)
    back = from_json(type(record), text)
    assert back == record
    assert to_json(back) == text
    assert "\\u" not in text  # Arabic kept readable, not escaped


def test_nested_records_come_back_as_dataclasses() -> None:
    back = from_json(AnalyzedArticle, to_json(full_analysis()))
    assert isinstance(back.events[0].attribution, Attribution)
    assert isinstance(back.claims[0].attribution, Attribution)
    assert back.events[0].quantities == {"people": 12.0, "days": 2.5}
    assert isinstance(from_json(Brief, to_json(full_brief())).sentences[0].citations[0], Citation)


def test_int_read_where_float_declared_becomes_float() -> None:
    data = to_dict(Entity("e", "LOC", "ن", lat=33.0, lon=44.0))
    data["lat"], data["lon"] = 33, 44
    back = from_dict(Entity, data)
    assert back.lat == 33.0 and isinstance(back.lat, float)


def test_unknown_keys_are_ignored() -> None:
    data = to_dict(Article(id="a", title="ع", text="ن"))
    data["from_the_future"] = {"x": 1}
    assert from_dict(Article, data) == Article(id="a", title="ع", text="ن")
    assert from_json(Article, json.dumps(data)) == Article(id="a", title="ع", text="ن")


@pytest.mark.parametrize("bad", [[1, 2], "نص", 3, None])
def test_wrong_type_raises_type_error(bad: Any) -> None:
    with pytest.raises(TypeError):
        from_dict(Article, bad)


def test_nested_wrong_type_raises_type_error() -> None:
    data = to_dict(full_analysis())
    data["article"] = ["not", "an", "object"]
    with pytest.raises(TypeError):
        from_dict(AnalyzedArticle, data)


_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)


@settings(max_examples=150, deadline=None)
@given(
    id=_text,
    title=_text,
    text=st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    outlet=_text,
    published=st.none() | _text,
    warnings=st.lists(_text, max_size=4),
)
def test_article_round_trip_with_any_unicode(
    id: str, title: str, text: str, outlet: str, published: str | None, warnings: list[str]
) -> None:
    article = Article(id=id, title=title, text=text, outlet=outlet, published=published, warnings=warnings)
    assert from_json(Article, to_json(article)) == article
