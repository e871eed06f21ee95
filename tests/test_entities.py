"""Entity mentions linked to the gazetteer: clitics, variants, metonymy, ambiguity, bad input."""

from __future__ import annotations

import time

from marsad.knowledge.gazetteer import load_gazetteer
from marsad.model import Mention
from marsad.text.sentences import split_sentences
from marsad.understand.entities import find_mentions


def mentions(text: str) -> list[Mention]:
    found = find_mentions(text, split_sentences(text), load_gazetteer())
    for m in found:
        assert text[m.start : m.end] == m.text
    return found


def ids(text: str) -> set[str]:
    return {m.entity_id for m in mentions(text) if m.entity_id}


def test_clitics_are_seen_through_and_spans_exclude_them() -> None:
    text = "وصل الوفد إلى بغداد قادما من واشنطن، وقال إن وواشنطن لن تتراجع بالعراق ولإيران دور."
    found = mentions(text)
    assert [(m.text, m.entity_id) for m in found] == [
        ("بغداد", "Q1530"), ("واشنطن", "Q61"), ("واشنطن", "Q61"), ("العراق", "Q796"), ("إيران", "Q794"),
    ]
    by_text = {m.text: m for m in found}
    assert by_text["العراق"].normalized == "العراق" and by_text["إيران"].normalized == "ايران"


def test_clitic_on_the_first_word_of_a_long_name() -> None:
    found = mentions("وجهت اللجنة رسالة للحكومة العراقية وبالولايات المتحدة الأمريكية")
    assert [(m.text, m.entity_id, m.normalized) for m in found] == [
        ("حكومة العراقية", "marsad:gov-iraq", "الحكومه العراقيه"),
        ("الولايات المتحدة الأمريكية", "Q30", "الولايات المتحده الامريكيه"),
    ]


def test_spelling_variants_link_to_one_entity() -> None:
    assert "marsad:victoria-base" in ids("غادرت القوات قاعدة فكتوريا.")
    assert "marsad:victoria-base" in ids("غادرت القوات قاعدة فيكتوريا.")
    assert ids("قررت أمريكا ذلك") & ids("قررت أميركا ذلك") == {"Q30"}
    assert "Q2429253" in ids("هاجم تنظيم الدولة القرية") and "Q2429253" in ids("هاجم داعش القرية")
    assert "marsad:sdf" in ids("أعلنت قسد") and "marsad:sdf" in ids("أعلنت قوات سوريا الديمقراطية")
    assert "Q7184" in ids("اجتماع لحلف الناتو") and "Q7184" in ids("قمة حلف شمال الأطلسي")


def test_diacritics_and_tatweel_in_names_still_match() -> None:
    found = mentions("زار الوفدُ بَغْدَادَ ثم العـــراقَ")
    assert [m.entity_id for m in found] == ["Q1530", "Q796"]
    assert found[0].text == "بَغْدَادَ"


def test_longest_name_wins() -> None:
    found = mentions("أعلنت الحكومة العراقية أن قاعدة عين الأسد الجوية أخليت، وأن مطار بغداد الدولي مفتوح.")
    assert [(m.text, m.entity_id) for m in found] == [
        ("الحكومة العراقية", "marsad:gov-iraq"),
        ("قاعدة عين الأسد الجوية", "marsad:ain-al-asad"),
        ("مطار بغداد الدولي", "marsad:baghdad-airport"),
    ]
    assert "Q41053" not in ids("هاجمت كتائب حزب الله موقعا")  # the longer group name wins


def test_metonymy_marks_capitals_acting_as_governments() -> None:
    found = mentions("قررت واشنطن تسريع الانسحاب وفق الاتفاق بين بغداد وواشنطن.")
    assert [(m.text, m.metonymy) for m in found] == [
        ("واشنطن", "government"), ("بغداد", "government"), ("واشنطن", "government"),
    ]
    assert all(m.type == "LOC" for m in found)  # the city id and type are kept
    cases = {
        "أنقرة ترفض أي وجود مسلح قرب حدودها": "Q3640",
        "واشنطن لا تنوي مغادرة المنطقة": "Q61",
        "وترى طهران أن الاتفاق انتهى": "Q3616",
        "تحسنت العلاقات الاقتصادية مع دمشق": "Q3766",
        "جدد المسؤول التزام موسكو بالهدنة": "Q649",
        "تتصاعد الخلافات بين بغداد وكردستان": "Q1530",
    }
    for text, city in cases.items():
        got = [m.metonymy for m in mentions(text) if m.entity_id == city]
        assert got == ["government"], text


def test_capitals_as_places_get_no_metonymy() -> None:
    for text in ("وصل الوزير إلى بغداد مساء أمس.", "نقل الجنود إلى أربيل ثم إلى دمشق", "الطقس حار في عمّان اليوم"):
        assert all(m.metonymy is None for m in mentions(text)), text


def test_ordinary_words_are_not_places() -> None:
    assert not ids("كان الباب مفتوحا وكان المشهد هادئا، وقال عنه إن الإطار واضح فإن لديه أمل وسلام")
    assert not ids("أكد عمان الموظف أن الأمر انتهى")  # a person's name, no place cue
    assert "marsad:city-hit" not in ids("هيت الرياح")
    assert "marsad:city-hit" in ids("اشتعلت النيران في مدينة هيت غربي الأنبار")
    assert "marsad:nawaf-salam" in ids("كلف الرئيس نواف سلام بتشكيل الحكومة")
    assert "marsad:harir-base" in ids("هبطت الطائرة في قاعدة حرير")


def test_ambiguous_names_use_spelling_and_context() -> None:
    assert "Q842" in ids("زار الوزير سلطنة عمان")
    amman = mentions("وصل الوفد العراقي إلى العاصمة الأردنية عمان بعد زيارة إلى الأردن.")
    assert "Q3805" in {m.entity_id for m in amman}
    assert [m.entity_id for m in mentions("الطقس حار في عمّان اليوم")] == ["Q3805"]
    libya = [m for m in mentions("وصل حفتر إلى بنغازي ثم طرابلس في ليبيا") if m.text == "طرابلس"]
    assert libya and libya[0].entity_id == "marsad:city-tripoli-ly" and libya[0].confidence < 0.9


def test_confidence_and_sentence_index() -> None:
    text = "عنوان عن العراق\nأعلنت الحكومة العراقية موقفها. وتحدث عن الحشد بالعراق."
    found = mentions(text)
    by_text = {m.text: m for m in found}
    assert by_text["الحكومة العراقية"].confidence == 1.0
    assert by_text["الحشد"].confidence <= 0.5  # a weak one-word alias
    assert [m.sentence_index for m in found] == [0, 1, 2, 2]
    assert all(m.type in ("PER", "ORG", "LOC", "MISC") for m in found)


def test_bad_input_is_harmless() -> None:
    assert mentions("") == []
    assert find_mentions("", [], load_gazetteer()) == []
    assert mentions("The delegation flew to Baghdad on Monday.") == []
    assert [m.entity_id for m in mentions("NATO and ISIS were discussed.")] == ["Q7184", "Q2429253"]
    assert mentions("12345 ... !!! ؟؟") == []
    assert [m.entity_id for m in find_mentions("قالت بغداد", [], load_gazetteer())] == ["Q1530"]


def test_long_text_is_correct_and_fast() -> None:
    text = "قالت الحكومة العراقية إن الوفد وصل إلى أربيل. " * 2200  # ~100k characters
    start = time.perf_counter()
    found = mentions(text)
    assert time.perf_counter() - start < 5.0
    assert len(found) == 4400
    assert found[-1].entity_id == "marsad:city-erbil" and found[-1].sentence_index == 2199


def test_a_story_like_the_seed_finds_and_links_every_party() -> None:
    # Our own sentences about the situation the seed articles report (not their text).
    text = (
        "انسحاب أمريكي من قاعدتين في العراق\n"
        "بدأت الولايات المتحدة سحب جنودها من قاعدة عين الأسد في محافظة الأنبار ومن قاعدة فيكتوريا "
        "قرب مطار بغداد الدولي، بحسب ما نقلته وكالة رويترز عن مصادر مطلعة.\n"
        "وتتجه القوات المنسحبة إلى أربيل في إقليم كردستان، فيما ترى الحكومة العراقية أن مهمة التحالف "
        "الدولي ضد داعش انتهت.\n"
        "وكان معسكر فكتوريا قد استقبل مستشارين من حلف الناتو، وتقول بغداد إن الخطوة منسقة معها.\n"
        "ويخشى مسؤولون من أن يستغل تنظيم الدولة الفراغ، ومن تمدد فصائل مقربة من إيران في سوريا، "
        "بينما تواصل تركيا عملياتها ضد قسد.\n"
        "وقال الرئيس دونالد ترامب إن قرار الانسحاب نهائي."
    )
    found = mentions(text)
    linked = {m.entity_id for m in found}
    expected = {
        "Q30": "United States", "Q796": "Iraq", "Q1530": "Baghdad", "marsad:city-erbil": "Erbil",
        "marsad:gov-anbar": "Anbar", "marsad:ain-al-asad": "Ain al-Asad", "marsad:victoria-base": "Victoria",
        "marsad:kurdistan-region": "Kurdistan Region", "Q130879": "Reuters", "Q2429253": "ISIS",
        "Q794": "Iran", "Q858": "Syria", "Q43": "Turkey", "marsad:sdf": "SDF", "Q7184": "NATO",
        "Q22686": "Donald Trump", "marsad:gov-iraq": "Iraqi government", "marsad:coalition": "coalition",
    }
    assert set(expected) <= linked, {expected[e] for e in set(expected) - linked}
    victoria = [m.text for m in found if m.entity_id == "marsad:victoria-base"]
    assert victoria == ["قاعدة فيكتوريا", "معسكر فكتوريا"]  # both spellings, one entity
    assert [m.metonymy for m in found if m.entity_id == "Q1530"] == ["government"]  # not the airport's بغداد


def test_continents_are_places_and_do_not_swallow_countries() -> None:
    assert ids("صادرات إفريقيا وآسيا إلى أوروبا") == {"Q15", "Q48", "Q46"}
    # «أمريكا اللاتينية» is the continent, «أمريكا» alone stays the United States
    assert ids("زار أمريكا اللاتينية") == {"Q18"}
    assert ids("زار أمريكا") == {"Q30"}
