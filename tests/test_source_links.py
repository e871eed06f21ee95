"""Which entity a statement's source is linked to when the source is an unnamed office holder
(knowledge/data/office_holders.tsv; eval/EVENTS_GOLD.md, links rule 3)."""

from __future__ import annotations

from marsad.knowledge.gazetteer import load_gazetteer, name_key
from marsad.model import AnalyzedArticle, Article, Attribution
from marsad.understand.pipeline import analyze, load_resources


def run(text: str) -> AnalyzedArticle:
    return analyze(Article(id="t", title="t", text=text, published="2025-08-20"), load_resources(ner=False))


def source(text: str) -> Attribution:
    said = run(text).attributions
    assert len(said) == 1, [(a.source_text, a.entity_id) for a in said]
    return said[0]


def test_a_minister_speaks_for_his_ministry() -> None:
    said = source("قال وزير الخارجية العراقي إن الحكومة ستعرض الاتفاق على البرلمان.")
    assert said.source_text == "وزير الخارجية العراقي" and not said.anonymous
    body = load_gazetteer().get(said.entity_id or "")
    assert body is not None and body.type == "ORG" and body.country_code == "IQ" and "الخارجية" in body.name_ar


def test_heads_of_government_and_state_and_the_military_spokesman() -> None:
    gaz = load_gazetteer()
    spain = source("وقال رئيس الوزراء الإسباني إن بلاده سترسل مساعدات.").entity_id
    assert spain == gaz.lookup(name_key("الحكومة الإسبانية"))[0]
    usa = source("وقال الرئيس الأمريكي إن المفاوضات مستمرة.").entity_id
    assert usa == gaz.lookup(name_key("الرئاسة الأمريكية"))[0]
    spokesman = source("قال المتحدث العسكري المصري إن القوات أحبطت محاولة تسلل.")
    assert spokesman.source_text == "المتحدث العسكري المصري"  # the nationality is part of the title
    assert spokesman.entity_id == gaz.lookup(name_key("الجيش المصري"))[0]


def test_feminine_and_construct_titles() -> None:
    gaz = load_gazetteer()
    assert gaz.offices[name_key("وزيرة الخارجية الكندية")] == gaz.lookup(name_key("وزارة الخارجية الكندية"))[0]
    assert gaz.offices[name_key("وزير خارجية قطر")] == gaz.lookup(name_key("وزارة الخارجية القطرية"))[0]


def test_a_title_before_its_holders_name_is_not_the_body() -> None:
    # the person the knowledge base lacks stays unlinked (links rule 2), found by the tagger or not
    for text in ("قال وزير الدفاع الإسرائيلي يسرائيل كاتس إن الجيش سيبقى في المخيمات.",
                 "قال وزير الدفاع القطري، خالد العطية، إن بلاده لن تنجر إلى أي صراع.",
                 "وقال الرئيس الروسي #فلاديمير_بوتين إن المحادثات كانت بناءة."):
        said = source(text)
        assert said.entity_id is None or not said.entity_id.startswith("marsad:"), (text, said.entity_id)
    # an object after the title is no name
    assert source("عقد رئيس الوزراء الإسباني مؤتمراً صحفياً في مدريد، مؤكداً أن البطالة تراجعت.").entity_id


def test_office_titles_are_not_aliases_of_the_body() -> None:
    # entity pages and mention counts must not count a minister as his ministry
    mentions = run("التقى وزير الخارجية العراقي نظيره الأردني في عمّان.").mentions
    assert not any(m.entity_id and "foreign" in m.entity_id for m in mentions)


def test_a_closing_nationality_is_not_the_source() -> None:
    said = source('وقالت صحيفة "الاقتصادية" السعودية إن الصادرات ارتفعت.')
    assert said.entity_id != load_gazetteer().lookup(name_key("السعودية"))[0]


def test_the_subject_of_a_speech_verb_after_wafq_ma_is_the_source() -> None:
    gaz = load_gazetteer()
    said = source("تعقد القمة العربية المقبلة في بغداد، وفق ما أعلنت الجامعة العربية، التي أكدت أن التحضيرات تسير.")
    assert said.source_text == "الجامعة العربية"
    assert said.entity_id == gaz.lookup(name_key("جامعة الدول العربية"))[0]
    relayed = run("وأكدت الوزارة، بحسب ما أوردت وكالة انترفاكس، أن المعلومات غير صحيحة.").attributions
    assert [a.source_text for a in relayed] == ["الوزارة", "وكالة انترفاكس"]


def test_an_agency_is_linked_through_its_quoted_name() -> None:
    said = run("عقد الوفدان اجتماعاً في باريس، بحسب وكالة الأنباء السورية «سانا».").attributions
    assert [(a.source_text, a.entity_id) for a in said] == [
        ("وكالة الأنباء السورية «سانا»", load_gazetteer().lookup(name_key("سانا"))[0])]


def test_a_ministrys_short_name_is_the_ministry_only_as_a_whole_source() -> None:
    gaz = load_gazetteer()
    ministry = gaz.lookup(name_key("وزارة الخارجية الإيرانية"))[0]
    assert source("وأعلنت الخارجية الإيرانية أن طهران سترد على القرار.").entity_id == ministry
    # as words inside a phrase they stay other words
    mentions = run("تراجعت التجارة الخارجية الإيرانية هذا العام بنسبة كبيرة.").mentions
    assert not any(m.entity_id == ministry for m in mentions)


def test_a_body_named_without_its_country_is_the_reported_countrys() -> None:
    gaz = load_gazetteer()
    jordan = run("عمّان - رفعت الحكومة الأردنية أسعار الوقود في الأردن. وقالت الحكومة إن القرار مؤقت.").attributions
    assert [(a.source_text, a.entity_id) for a in jordan] == [("الحكومة", gaz.bodies[("JO", "government")])]
    # a report that moves between two countries in equal measure leaves the body unlinked
    two = run("التقى وفد من العراق وفداً من إيران في بغداد وطهران. وقالت الحكومة إن المحادثات مستمرة.").attributions
    assert [(a.source_text, a.entity_id) for a in two] == [("الحكومة", None)]
