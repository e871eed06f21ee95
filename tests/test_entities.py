"""Entity mentions linked to the gazetteer: clitics, variants, metonymy, ambiguity, bad input."""

from __future__ import annotations

from marsad.knowledge.gazetteer import load_gazetteer
from marsad.model import Mention
from marsad.text.sentences import split_sentences
from marsad.understand.entities import find_mentions
from marsad.understand.keywords import keywords


def mentions(text: str) -> list[Mention]:
    return find_mentions(text, split_sentences(text), load_gazetteer())


def ids(text: str) -> set[str]:
    return {m.entity_id for m in mentions(text) if m.entity_id}


def test_gazetteer_loads_with_coordinates() -> None:
    gaz = load_gazetteer()
    base = gaz.get("marsad:ain-al-asad")
    assert base is not None and base.lat and 33 < base.lat < 35
    assert gaz.get("Q30") is not None and "أميركا" in gaz.get("Q30").aliases  # type: ignore[union-attr]


def test_clitics_are_seen_through_and_spans_exclude_them() -> None:
    text = "وصل الوفد إلى بغداد قادما من واشنطن، وقال إن وواشنطن لن تتراجع بالعراق ولإيران دور."
    found = mentions(text)
    by_entity = {m.entity_id: m for m in found}
    assert {"Q1530", "Q61", "Q796", "Q794"} <= set(by_entity)
    for m in found:
        assert text[m.start : m.end] == m.text
    assert [m.text for m in found] == ["بغداد", "واشنطن", "واشنطن", "العراق", "إيران"]


def test_spelling_variants_link_to_one_entity() -> None:
    assert "marsad:victoria-base" in ids("غادرت القوات قاعدة فكتوريا.")
    assert "marsad:victoria-base" in ids("غادرت القوات قاعدة فيكتوريا.")
    assert ids("قررت أمريكا ذلك") & ids("قررت أميركا ذلك") == {"Q30"}
    assert "Q2429253" in ids("هاجم تنظيم الدولة القرية") and "Q2429253" in ids("هاجم داعش القرية")
    assert "marsad:sdf" in ids("أعلنت قسد") and "marsad:sdf" in ids("أعلنت قوات سوريا الديمقراطية")
    assert "Q30" in ids("الولايات المتحدة الأمريكية")


def test_longest_name_wins() -> None:
    found = mentions("أعلنت الحكومة العراقية أن قاعدة عين الأسد الجوية أخليت.")
    texts = {m.text for m in found}
    assert "الحكومة العراقية" in texts
    assert "قاعدة عين الأسد الجوية" in texts


def test_metonymy_marks_capitals_acting_as_governments() -> None:
    found = mentions("قررت واشنطن تسريع الانسحاب وفق الاتفاق بين بغداد وواشنطن.")
    assert [m.metonymy for m in found if m.entity_id in ("Q61", "Q1530")] == ["government"] * 3
    plain = mentions("وصل الوزير إلى بغداد مساء أمس.")
    assert [m.metonymy for m in plain if m.entity_id == "Q1530"] == [None]


def test_ordinary_words_are_not_places_and_ambiguity_uses_context() -> None:
    assert not ids("أكد عمان الموظف أن الأمر انتهى")  # a person's name, no place cue
    assert "Q842" in ids("زار الوزير سلطنة عمان")
    assert "marsad:city-hit" not in ids("هيت الرياح")
    assert "marsad:city-hit" in ids("اشتعلت النيران في مدينة هيت غربي الأنبار")
    amman = mentions("وصل الوفد العراقي إلى العاصمة الأردنية عمان بعد زيارة إلى الأردن.")
    assert "Q3805" in {m.entity_id for m in amman}


def test_bad_input_is_harmless() -> None:
    assert mentions("") == []
    assert mentions("The delegation flew to Baghdad.") == []
    long_text = "قالت الحكومة العراقية إن الوفد وصل إلى أربيل. " * 3000
    assert len(mentions(long_text)) == 6000


def test_keywords_drop_function_words_and_articles() -> None:
    words = keywords("قالت الحكومة في بغداد إن الانسحاب من القاعدة بدأ بالفعل.")
    assert "حكومه" in words and "انسحاب" in words and "بغداد" in words
    assert "في" not in words and "ان" not in words and "قالت" not in words
    assert keywords("") == []
