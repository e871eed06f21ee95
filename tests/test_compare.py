"""Source comparison within a story: agreement, single-source facts, differences."""

from __future__ import annotations

from marsad.knowledge.gazetteer import load_gazetteer
from marsad.model import AnalyzedArticle, Article
from marsad.stories.compare import compare_sources, place_containers
from marsad.understand.pipeline import analyze, load_resources


def article(article_id: str, outlet: str, text: str) -> AnalyzedArticle:
    a = Article(id=article_id, title="t", text=text, outlet=outlet, published="2025-08-20T09:00:00+03:00")
    return analyze(a, load_resources(ner=False))


def compare(*analyses: AnalyzedArticle, duplicates: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return compare_sources(list(analyses), duplicates, place_containers(load_gazetteer().get))


def test_two_outlets_agree_and_the_scope_differs() -> None:
    a = article("a", "وكالة أ", "كشفت مصادر مطلعة أن القوات الأمريكية بدأت انسحابا كاملا من قاعدة عين الأسد.")
    b = article("b", "موقع ب", "بدأت القوات الأمريكية انسحابا جزئيا من قاعدة عين الأسد في الأنبار.")
    (fact,) = [f for f in compare(a, b) if f.predicate == "RETREAT"]
    assert fact.outlets == ["وكالة أ"] and [c.article_id for c in fact.contradicting] == ["b"]
    assert any("النطاق" in d for d in fact.differences)
    assert fact.anonymous_only  # the one attributed report rests on anonymous sources


def test_numbers_and_denials_differ() -> None:
    a = article("a", "أ", "قتل 5 أشخاص في قصف استهدف سوقا في مدينة إدلب.")
    b = article("b", "ب", "قتل 7 أشخاص في قصف استهدف سوقا في مدينة إدلب.")
    (fact,) = [f for f in compare(a, b) if f.predicate == "ASSAULT"]
    assert any("القتلى: 5 / 7" in d for d in fact.differences)
    c = article("c", "ج", "نفت وزارة الدفاع أن تكون طائراتها قصفت سوقا في مدينة إدلب.")
    (fact,) = [f for f in compare(a, c) if f.predicate == "ASSAULT"]
    assert any("الوقوع" in d for d in fact.differences)


def test_single_source_and_duplicates() -> None:
    a = article("a", "أ", "اعتقلت الشرطة ثلاثة أشخاص في البصرة.")
    b = article("b", "ب", "وصل وزير الخارجية إلى بغداد في زيارة رسمية.")
    facts = compare(a, b)
    assert all(f.single_source for f in facts)
    copy = article("c", "ج", "اعتقلت الشرطة ثلاثة أشخاص في البصرة.")
    (fact,) = [f for f in compare(a, copy, duplicates={"c": "a"}) if f.predicate == "COERCE"]
    assert fact.single_source and fact.outlets == ["أ"]  # a syndicated copy is not a second outlet
    (fact,) = [f for f in compare(a, copy) if f.predicate == "COERCE"]
    assert not fact.single_source and fact.outlets == ["أ", "ج"]


def test_a_place_inside_another_is_the_same_fact_and_analysis_makes_none() -> None:
    a = article("a", "أ", "انسحبت القوات الأمريكية من قاعدة عين الأسد.")
    b = article("b", "ب", "انسحبت القوات الأمريكية من محافظة الأنبار. ويرى مراقبون أن الانسحاب سيتسع.")
    retreats = [f for f in compare(a, b) if f.predicate == "RETREAT"]
    assert len(retreats) == 1 and sorted(c.article_id for c in retreats[0].supporting) == ["a", "b"]
