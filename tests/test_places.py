"""Places: LOC mentions resolved to coordinates (marsad/understand/places.py)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from marsad.knowledge.gazetteer import load_gazetteer
from marsad.text.sentences import split_sentences
from marsad.understand.entities import find_mentions
from marsad.understand.places import find_places, resolve_places

KEYS = {"start", "end", "text", "name", "lat", "lon", "country_code", "id", "feature"}


def by_text(text: str) -> dict[str, dict]:
    places = find_places(text)
    for p in places:
        assert set(p) >= KEYS
        assert text[p["start"] : p["end"]] == p["text"]
    return {p["text"]: p for p in places}


def test_ain_al_asad_in_anbar() -> None:
    found = by_text("استهدف هجوم بطائرة مسيرة قاعدة عين الأسد في محافظة الأنبار غربي العراق.")
    base = found["قاعدة عين الأسد"]
    assert base["id"] == "marsad:ain-al-asad" and base["feature"] == "base" and base["country_code"] == "IQ"
    assert 33 < base["lat"] < 35 and 42 < base["lon"] < 43.5
    assert found["الأنبار"]["feature"] == "governorate"  # the span is the toponym (ANERcorp: محافظة is O)
    assert found["العراق"]["feature"] == "country"


def test_victoria_next_to_baghdad_airport_is_the_base() -> None:
    found = by_text("سقط صاروخ قرب فكتوريا المجاورة لمطار بغداد الدولي.")
    assert found["فكتوريا"]["id"] == "marsad:victoria-base"
    assert found["مطار بغداد الدولي"]["feature"] == "airport"


def test_victoria_in_canada_is_the_city() -> None:
    found = by_text("افتتحت جامعة في فيكتوريا الكندية فرعا قرب تورنتو في كندا.")
    assert found["فيكتوريا"]["id"] == "marsad:victoria-bc"
    assert found["فيكتوريا"]["country_code"] == "CA"


def test_erbil_and_washington_as_a_city() -> None:
    text = "قالت واشنطن إنها ستدعم أربيل، وأكد مسؤول في واشنطن ذلك."
    places = find_places(text)
    assert [p["text"] for p in places] == ["واشنطن", "أربيل", "واشنطن"]
    dc = places[0]
    assert dc["id"] == "Q61" and dc["country_code"] == "US" and 38 < dc["lat"] < 39.5
    assert dc["metonymy"] == "government"  # the actor is the government, the place is still DC
    assert places[1]["id"] == "marsad:city-erbil" and 35.5 < places[1]["lat"] < 36.8


def test_clitics_are_outside_the_span() -> None:
    text = "وصل الوفد بالعراق ثم عاد إلى وواشنطن وبغداد."
    places = find_places(text)
    assert [p["text"] for p in places] == ["العراق", "واشنطن", "بغداد"]
    assert places[0]["start"] == text.index("بالعراق") + 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وصل وزير الخارجية الأردني إلى عمان قادما من القاهرة.", "Q3805"),  # Amman
        ("استقبل سلطان عمان في مسقط وفدا كويتيا.", "Q842"),  # Oman
        ("شاركت وفود من عمان واليمن والمغرب في المؤتمر المنعقد في الأردن.", "Q842"),  # listed countries
        ("زار الوفد العاصمة عمان بعد لقاء في بغداد.", "Q3805"),  # cue: capital
    ],
)
def test_amman_or_oman(text: str, expected: str) -> None:
    assert by_text(text)["عمان"]["id"] == expected


def test_tripoli_libya_or_lebanon() -> None:
    assert by_text("اندلعت اشتباكات في طرابلس بعد اجتماع في بنغازي.")["طرابلس"]["country_code"] == "LY"
    assert by_text("اندلعت اشتباكات في طرابلس شمال لبنان.")["طرابلس"]["country_code"] == "LB"
    assert by_text("وصلت المساعدات إلى طرابلس اللبنانية.")["طرابلس اللبنانية"]["country_code"] == "LB"
    # a country adjective elsewhere in the text is context too
    assert by_text("قال المسؤول الليبي إن الهدوء عاد إلى طرابلس.")["طرابلس"]["country_code"] == "LY"
    assert by_text("قال النائب اللبناني إن الهدوء عاد إلى طرابلس.")["طرابلس"]["country_code"] == "LB"


def test_importance_prior_without_context() -> None:
    # no other place: the country wins over the capital of the same name
    assert by_text("قال الوزير إن سلطنة عمان مهمة.")["سلطنة عمان"]["id"] == "Q842"


@pytest.mark.parametrize(
    "text",
    [
        "فإن الحكومة كان عليها أن تفتح الباب، والمشهد عنه بعيد عن الإطار.",
        "نشرت الوكالة صور الدمار وقالت إن الخبر صحيح وإن العين لا تخطئ.",
        "غض المسؤول الطرف عنه، وكان الأبيض لون الراية فوق الباب.",
    ],
)
def test_ordinary_words_are_not_places(text: str) -> None:
    assert find_places(text) == []


def test_ordinary_word_names_in_place_context() -> None:
    found = by_text("سيطرت القوات على مدينة الباب ثم تقدمت نحو منبج شمال سوريا.")
    assert found["الباب"]["id"] == "marsad:al-bab"  # the span is the toponym, not the cue word
    found = by_text("وصلت الوفود إلى قم قادمة من طهران ومشهد.")
    assert found["قم"]["id"] == "marsad:city-qom" and found["مشهد"]["country_code"] == "IR"
    found = by_text("امتدت الاشتباكات إلى مصراتة والزاوية غربي ليبيا.")
    assert found["الزاوية"]["id"] == "marsad:zawiya"


def test_empty_non_arabic_and_long_input() -> None:
    assert find_places("") == []
    assert find_places("   \n ") == []
    assert find_places("Missiles hit Baghdad and Erbil, officials in Washington said.") == []
    text = "قصف صاروخي على أربيل وقاعدة حرير في كردستان العراق. " * 400
    places = find_places(text)
    assert len(places) == 1200
    assert all(text[p["start"] : p["end"]] == p["text"] for p in places)


def test_resolve_places_takes_mentions_from_the_caller() -> None:
    text = "عقدت في جنيف جولة محادثات قبل الانتقال إلى فيينا."
    gaz = load_gazetteer()
    places = resolve_places(text, find_mentions(text, split_sentences(text), gaz), gaz)
    assert [(p["text"], p["country_code"]) for p in places] == [("جنيف", "CH"), ("فيينا", "AT")]
    assert resolve_places(text, [], gaz) == []


def test_extension_table_loads_and_is_consistent() -> None:
    gaz = load_gazetteer()
    path = Path(__file__).resolve().parents[1] / "marsad/knowledge/data/entities_places.tsv"
    base = Path(__file__).resolve().parents[1] / "marsad/knowledge/data/entities.tsv"
    base_ids = {line.split("\t")[0] for line in base.read_text("utf-8").splitlines() if line and line[0] != "#"}
    rows = [line.split("\t") for line in path.read_text("utf-8").splitlines() if line and line[0] != "#"]
    assert len(rows) >= 300
    for row in rows:
        assert len(row) == 10 and row[1] == "LOC" and row[0] not in base_ids
        e = gaz.get(row[0])
        assert e is not None and e.lat is not None and e.lon is not None
        assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180 and len(e.country_code) == 2
    assert gaz.get("marsad:country-ge").name_ar == "جورجيا"  # type: ignore[union-attr]


def test_dev_set_offsets_and_quality() -> None:
    path = Path(__file__).resolve().parents[1] / "eval/places_dev.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert len(rows) >= 60 and sum(len(r["places"]) for r in rows) >= 200
    tp = found_n = gold_n = 0
    for r in rows:
        gold = {(p["start"], p["end"]): p for p in r["places"]}
        for p in r["places"]:
            assert r["text"][p["start"] : p["end"]] == p["text"]
        found = find_places(r["text"])
        found_n += len(found)
        gold_n += len(gold)
        for p in found:
            g = gold.get((p["start"], p["end"]))
            if g and math.dist((p["lat"], p["lon"]), (g["lat"], g["lon"])) < 1.5:
                tp += 1
    assert tp / found_n > 0.9 and tp / gold_n > 0.9


def test_demo_headline_victoria_is_the_iraqi_base() -> None:
    text = "مسؤول عراقي: مستشارون أميركيون باقون في فيكتوريا والانسحاب لا يشمل كل القوات"
    assert by_text(text)["فيكتوريا"]["id"] == "marsad:victoria-base"
    text = "القوات الأمريكية تغادر قاعدتي عين الأسد وفكتوريا قبل الموعد"
    assert by_text(text)["فكتوريا"]["id"] == "marsad:victoria-base"


def test_common_words_from_the_extension_stay_words() -> None:
    # السلمية "peaceful", سيول "floods", يزد "increase", حائل "barrier": places only in place context
    text = "خرجت المظاهرات السلمية رغم السيول، ولم يزد عدد المشاركين، ولا حائل دون ذلك."
    assert find_places(text) == []
    assert by_text("تقدمت القوات نحو السلمية في ريف حماة.")["السلمية"]["id"] == "marsad:salamiyah"
