"""Linking the tagger's names and the knowledge base's names into one mention list (mentions.py)."""

from __future__ import annotations

import pytest

from marsad.knowledge.gazetteer import load_gazetteer
from marsad.model import Article
from marsad.text.sentences import split_sentences
from marsad.text.tokens import tokenize
from marsad.understand.mentions import canonical_word, link_mentions, local_id
from marsad.understand.ner.tagger import NerTagger, iob_spans
from marsad.understand.pipeline import analyze, load_resources

# Invented people and a made-up organisation, so the knowledge base cannot know them.
TEXT = (
    "وقال الوزير الفنلندي ماتياس كورهونين للصحفيين في بغداد إن بلاده ستدعم العراق. "
    "وأضاف كورهونين أن شركة نورديك سولار للطاقة ستفتح مكتبا في أربيل."
)


@pytest.fixture(scope="module")
def tagger() -> NerTagger:
    return NerTagger.load()


def _link(text: str, tagger: NerTagger | None):
    return link_mentions(text, split_sentences(text), tokenize(text), load_gazetteer(), tagger)


def test_unknown_person_becomes_a_local_entity_and_surname_links_to_it(tagger) -> None:
    mentions = _link(TEXT, tagger)
    people = [m for m in mentions if m.type == "PER"]
    full = [m for m in people if m.text == "ماتياس كورهونين"]
    assert full, [(m.text, m.type, m.entity_id) for m in mentions]
    assert full[0].entity_id == "local:PER:ماتياس كورهونين"
    assert 0 < full[0].confidence <= 0.7
    # the later bare surname is the same person
    later = [m for m in people if m.text == "كورهونين"]
    assert later and later[0].entity_id == full[0].entity_id
    assert later[0].sentence_index == 1


def test_knowledge_base_names_keep_their_canonical_ids(tagger) -> None:
    mentions = _link(TEXT, tagger)
    by_text = {m.text: m for m in mentions}
    assert by_text["بغداد"].entity_id == "Q1530"
    assert by_text["العراق"].entity_id == "Q796"
    assert by_text["أربيل"].entity_id == "marsad:city-erbil"
    # no tagger span overlaps a knowledge-base mention
    spans = sorted((m.start, m.end) for m in mentions)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))


def test_without_tagger_only_knowledge_base_names(tagger) -> None:
    ids = {m.entity_id for m in _link(TEXT, None)}
    assert all(not i.startswith("local:") for i in ids if i)
    assert "Q1530" in ids


def test_local_entities_merge_across_articles_with_or_without_clitics(tagger) -> None:
    a = _link("التقى الرئيس ماتياس كورهونين وفدا من رجال الأعمال.", tagger)
    b = _link("وقال الرئيس الفنلندي لماتياس كورهونين إن الاتفاق مهم.", tagger)
    c = _link("وأكد الرئيس وماتياس كورهونين أن الاتفاق مهم.", tagger)
    ida = {m.entity_id for m in a if m.type == "PER"}
    idb = {m.entity_id for m in b if m.type == "PER"}
    idc = {m.entity_id for m in c if m.type == "PER"}
    assert ida == idb == idc == {"local:PER:ماتياس كورهونين"}, (a, b, c)
    # the span shows the name, not the preposition or the conjunction
    assert [m.text for m in b + c] == ["ماتياس كورهونين", "ماتياس كورهونين"]


def test_canonical_word_strips_only_when_the_bare_word_is_more_common() -> None:
    assert canonical_word("وترامب") == "ترامب"
    assert canonical_word("بالعراق") == "العراق"
    assert canonical_word("وليد") == "وليد"  # a name that starts with و stays whole
    assert local_id("PER", ["وترامب"]) == "local:PER:ترامب"
    assert canonical_word("الرضا") == "الرضا"  # the article belongs to the name ...
    assert canonical_word("والرضا") == "الرضا"  # ... the conjunction does not


def test_ordinary_words_need_a_sure_tagger(tagger) -> None:
    # «مشهد» (scene) heading a paragraph is not the city of Mashhad
    assert not [m for m in _link("مشهد جديد للعراق", tagger) if m.text == "مشهد"]


def test_iob_spans_reads_iob2_and_repairs_stray_inside_tags() -> None:
    assert iob_spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG"]) == [
        (0, 1, "PER"),
        (3, 3, "LOC"),
        (4, 4, "ORG"),
        (5, 5, "ORG"),
    ]


def test_span_confidence_is_a_probability(tagger) -> None:
    spans = tagger.spans(["قال", "الرئيس", "المصري", "عبد", "الفتاح", "السيسي", "إن", "القاهرة", "ترفض", "ذلك"])
    assert spans
    assert all(0.0 < s.confidence <= 1.0 for s in spans)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "The minister Matti Korhonen visited Baghdad on Monday.",
        "؟؟؟ ... ،،، 123 456",
        ("كلمة " * 5000).strip(),  # one "sentence" of 5,000 words: tagged in windows
    ],
)
def test_odd_input_is_harmless(tagger, text: str) -> None:
    mentions = _link(text, tagger)
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_very_long_sentence_still_finds_names(tagger) -> None:
    filler = " ".join(["وقال المتحدث إن الوضع مستقر"] * 150)
    text = filler + " وزار الوزير ماتياس كورهونين بغداد"
    mentions = _link(text, tagger)
    assert any(m.entity_id == "Q1530" for m in mentions)
    assert any(m.text.endswith("كورهونين") for m in mentions)


def test_pipeline_uses_the_tagger_and_skips_non_arabic() -> None:
    resources = load_resources()
    assert resources.tagger is not None
    art = Article(id="a1", title="", text=TEXT, language="ar")
    ids = {m.entity_id for m in analyze(art, resources).mentions}
    assert "local:PER:ماتياس كورهونين" in ids
    english = Article(id="a2", title="", text="Matti Korhonen met officials in Baghdad.", language="en")
    assert analyze(english, resources).mentions == []


def test_python_api_lists_and_describes_entities(tmp_path) -> None:
    from marsad.api import Marsad

    doc = tmp_path / "2025-08-10_a.txt"
    doc.write_text("زيارة\n\n" + TEXT + "\n", encoding="utf-8")
    with Marsad(str(tmp_path / "m.db")) as m:
        m.ingest([str(doc)])
        people = m.entities(entity_type="PER")
        ids = [c.entity.id for c in people]
        assert "local:PER:ماتياس كورهونين" in ids
        person = m.entity("local:PER:ماتياس كورهونين")
        assert person is not None and person.type == "PER" and "كورهونين" in person.name_ar
        baghdad = m.entity("Q1530")
        assert baghdad is not None and baghdad.name_en == "Baghdad" and baghdad.lat is not None
        assert m.entity("local:PER:nobody") is None


def test_tagged_spans_inside_time_expressions_are_dropped(tagger) -> None:
    text = "وقال الرئيس ماتياس كورهونين إن الاتفاق مهم."
    start = text.index("ماتياس")
    span = (start - 2, start + len("ماتياس كورهونين") + 1)
    kept = link_mentions(text, split_sentences(text), tokenize(text), load_gazetteer(), tagger)
    dropped = link_mentions(text, split_sentences(text), tokenize(text), load_gazetteer(), tagger, [span])
    assert any(m.text == "ماتياس كورهونين" for m in kept)
    assert not any(m.text == "ماتياس كورهونين" for m in dropped)
