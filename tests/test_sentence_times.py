"""Every sentence's resolved time (issue 4): explicit, else the publication date, marked as such."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from marsad.model import AnalyzedArticle, Article, Grain, Sentence, TimeExpr, from_dict, to_dict
from marsad.store.sqlite import SQLiteStore
from marsad.stories.timeline import build_timeline
from marsad.understand.pipeline import ANALYZER_VERSION, analyze, load_resources
from marsad.understand.sentence_times import event_time, explicit_time, resolve_sentence_times

REF = datetime(2025, 8, 20, 9, 0)


def _sents(n: int) -> list[Sentence]:
    return [Sentence(i, 10 * i, 10 * i + 9, f"جملة {i}") for i in range(n)]


def _instant(start: int, value: str | None, grain: Grain = "day", sentence: int = 0) -> TimeExpr:
    return TimeExpr(start, start + 3, "x", "instant", value, grain, sentence_index=sentence)


def _when(s: Sentence) -> tuple[str | None, str, str]:
    return s.time, s.time_grain, s.time_source


def test_explicit_instant_and_publication_fallback() -> None:
    out = resolve_sentence_times(_sents(2), [_instant(2, "2024-09-01", "month")], REF)
    assert [_when(s) for s in out] == [
        ("2024-09-01", "month", "explicit"),
        ("2025-08-20", "day", "publication"),
    ]


def test_inputs_are_not_modified() -> None:
    sents = _sents(1)
    out = resolve_sentence_times(sents, [_instant(2, "2024-09-01", "month")], REF)
    assert out[0] is not sents[0] and _when(sents[0]) == (None, "", "")
    assert (out[0].index, out[0].start, out[0].end, out[0].text) == (0, 0, 9, "جملة 0")


def test_first_instant_with_a_value_wins_whatever_the_list_order() -> None:
    times = [
        _instant(6, "2019-01-01", "year"),
        TimeExpr(0, 2, "منذ", "interval", "2020-01-01", "year", "2020-01-01", None),
        _instant(4, "2025-08-03"),
        _instant(1, None),  # unresolved relative expression: dates nothing
    ]
    assert explicit_time(times) == ("2025-08-03", "day")  # instants before intervals, then by position
    for t in times:
        t.sentence_index = 0
    assert _when(resolve_sentence_times(_sents(1), times, REF)[0]) == ("2025-08-03", "day", "explicit")


def test_closed_interval_gives_its_start_with_its_grain() -> None:
    iv = TimeExpr(0, 9, "بين 2020 و2022", "interval", "2020-01-01", "year", "2020-01-01", "2022-01-01",
                  sentence_index=1)
    out = resolve_sentence_times(_sents(2), [iv], REF)
    assert _when(out[1]) == ("2020-01-01", "year", "explicit")
    assert _when(out[0]) == ("2025-08-20", "day", "publication")


def test_open_interval_gives_the_endpoint_it_has() -> None:
    until = TimeExpr(0, 9, "حتى نهاية 2026", "interval", None, "month", None, "2026-12-01", sentence_index=0)
    since = TimeExpr(0, 9, "منذ مارس", "interval", "2025-03-01", "month", "2025-03-01", None, sentence_index=1)
    out = resolve_sentence_times(_sents(2), [until, since], REF)
    assert _when(out[0]) == ("2026-12-01", "month", "explicit")
    assert _when(out[1]) == ("2025-03-01", "month", "explicit")


def test_duration_only_gets_the_publication_date() -> None:
    dur = TimeExpr(0, 9, "لمدة ثلاثة أيام", "duration", "P3D", "day", sentence_index=0)
    out = resolve_sentence_times(_sents(1), [dur], REF)
    assert _when(out[0]) == ("2025-08-20", "day", "publication")


def test_no_reference_and_no_expression_is_undated() -> None:
    out = resolve_sentence_times(_sents(2), [_instant(12, "2024-09-01", "month", sentence=1)], None)
    assert _when(out[0]) == (None, "", "")
    assert _when(out[1]) == ("2024-09-01", "month", "explicit")


def test_publication_date_is_the_reference_local_date() -> None:
    ref = datetime.fromisoformat("2025-08-20T23:30:00-05:00")
    assert resolve_sentence_times(_sents(1), [], ref)[0].time == "2025-08-20"


def test_event_takes_its_own_time_else_its_sentence_time() -> None:
    s = resolve_sentence_times(_sents(1), [], REF)[0]
    assert event_time(s) == "2025-08-20"
    assert event_time(s, [_instant(3, "2025-08-03")]) == "2025-08-03"
    assert event_time(Sentence(0, 0, 1, "x")) is None


# -- through analyze ----------------------------------------------------------------------------------

PARAGRAPH = (
    "وقع الطرفان اتفاقا لإعادة انتشار القوات في سبتمبر 2024. "
    "وقال المتحدث باسم الحكومة إن العمل يسير وفق الخطة المعلنة. "
    "ويستمر التنفيذ حتى نهاية 2026."
)


def test_arabic_paragraph_through_analyze() -> None:
    article = Article(id="p1", title="اتفاق", text=PARAGRAPH, published="2025-08-20T09:00:00+03:00")
    result = analyze(article, load_resources(ner=False))
    assert result.analyzer_version == ANALYZER_VERSION
    assert len(result.sentences) == 3
    first, second, third = result.sentences
    assert "في سبتمبر 2024" in first.text
    assert _when(first) == ("2024-09-01", "month", "explicit")
    assert _when(second) == ("2025-08-20", "day", "publication")
    assert third.time_source == "explicit" and third.time is not None and third.time.startswith("2026")


def test_undated_arabic_article_with_unresolvable_relative_date() -> None:
    article = Article(id="p2", title="x", text="وصل الوفد أمس. وقال المتحدث إن العمل مستمر.")
    result = analyze(article, load_resources(ner=False))
    assert [_when(s) for s in result.sentences] == [(None, "", ""), (None, "", "")]


def test_non_arabic_article_gets_the_publication_date() -> None:
    article = Article(
        id="e1", title="t", text="The talks began in September 2024. They go on.",
        published="2025-08-20", language="en",
    )
    result = analyze(article, load_resources(ner=False))
    assert result.times == [] and len(result.sentences) == 2
    assert [_when(s) for s in result.sentences] == [("2025-08-20", "day", "publication")] * 2


# -- stored analyses and the timeline -------------------------------------------------------------------


def _without_sentence_times(data: dict[str, Any]) -> dict[str, Any]:
    for s in data["sentences"]:
        for key in ("time", "time_grain", "time_source"):
            del s[key]
    return data


def test_old_analysis_json_without_sentence_times_loads() -> None:
    article = Article(id="p3", title="اتفاق", text=PARAGRAPH, published="2025-08-20T09:00:00+03:00")
    analysis = analyze(article, load_resources(ner=False))
    old = _without_sentence_times(to_dict(analysis))
    loaded = from_dict(AnalyzedArticle, old)
    assert [(s.index, s.text) for s in loaded.sentences] == [(s.index, s.text) for s in analysis.sentences]
    assert all(_when(s) == (None, "", "") for s in loaded.sentences)

    store = SQLiteStore(":memory:")
    try:
        store.save_analysis(analysis)
        with store.transaction() as conn:
            row = conn.execute("SELECT json FROM analyses WHERE article_id = ?", ("p3",)).fetchone()
            data = _without_sentence_times(json.loads(row[0]))
            conn.execute("UPDATE analyses SET json = ? WHERE article_id = ?", (json.dumps(data), "p3"))
        stored = store.get_analysis("p3")
        assert stored is not None and len(stored.sentences) == 3
        assert all(s.time_source == "" for s in stored.sentences)
        # the timeline resolves such old analyses itself: same entries as for a fresh analysis
        assert build_timeline([stored]) == build_timeline([analysis])
    finally:
        store.close()


def test_timeline_uses_resolved_times() -> None:
    text = "يصل الوفد غدا الساعة 3 عصرا. ويستمر التنفيذ حتى نهاية 2026."
    article = Article(id="p4", title="x", text=text, outlet="أ", published="2025-08-20T09:00:00+03:00")
    timeline = build_timeline([analyze(article, load_resources(ner=False))])
    # a clock time dates its day; an open interval known by its end dates its sentence
    assert [(e.date, e.grain) for e in timeline] == [("2025-08-21", "day"), ("2026-12-01", "month")]
    undated = Article(id="p5", title="x", text="قال المتحدث إن العمل مستمر.", published="2025-08-20")
    entries = build_timeline([analyze(undated, load_resources(ner=False))])
    assert [(e.date, e.grain, e.citations[0].sentence_index) for e in entries] == [("2025-08-20", "day", 0)]
