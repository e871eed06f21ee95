"""Places beyond the knowledge base (GeoNames towns), the admin hierarchy, and span conventions."""

from __future__ import annotations

from typing import Any

import pytest

from marsad.knowledge.gazetteer import load_gazetteer
from marsad.knowledge.geonames import ID_PREFIX, km, load_geonames, town_entity
from marsad.model import Article
from marsad.text.sentences import split_sentences
from marsad.understand.entities import find_mentions
from marsad.understand.pipeline import analyze, load_resources
from marsad.understand.places import admin_chain, find_places, link_towns


def by_text(text: str) -> dict[str, dict[str, Any]]:
    return {p["text"]: p for p in find_places(text)}


def test_geonames_index_is_loaded_from_the_package() -> None:
    geo = load_geonames()
    assert len(geo.by_id) > 50_000  # towns of 5,000 people and more, worldwide
    (manbij, *_) = geo.lookup(("منبج",))
    assert manbij.country_code == "SY" and km(manbij.lat, manbij.lon, 36.53, 37.95) < 10
    assert town_entity(manbij.id) is not None and town_entity(manbij.id).country_code == "SY"  # type: ignore[union-attr]
    assert town_entity("Q796") is None and town_entity(ID_PREFIX + "0") is None


def test_admin_chain_governorate_then_country() -> None:
    gaz = load_gazetteer()
    chain = admin_chain(gaz.by_id["marsad:ain-al-asad"], gaz)
    assert [c["id"] for c in chain] == ["marsad:gov-anbar", "Q796"]
    assert [c["feature"] for c in chain] == ["governorate", "country"]
    assert admin_chain(gaz.by_id["Q796"], gaz) == []  # a country is the top
    assert [c["id"] for c in admin_chain(gaz.by_id["marsad:gov-anbar"], gaz)] == ["Q796"]


@pytest.mark.parametrize(
    ("text", "name", "governorate"),
    [
        ("وصل الوفد إلى مدينة الموصل صباح اليوم.", "الموصل", "محافظة نينوى"),
        ("سقطت قذائف قرب فكتوريا المجاورة لمطار بغداد.", "فكتوريا", "محافظة بغداد"),
        ("تقدمت القوات نحو مدينة منبج.", "منبج", "محافظة حلب"),
    ],
)
def test_places_carry_their_governorate(text: str, name: str, governorate: str) -> None:
    place = by_text(text)[name]
    assert place["admin"][0]["name"] == governorate
    assert place["admin"][-1]["feature"] == "country"


def test_town_after_a_cue_resolves_through_geonames() -> None:
    found = by_text("استعادت القوات السودانية السيطرة على مدينة سنجة عاصمة ولاية سنار.")
    town = found["سنجة"]
    assert town["id"].startswith(ID_PREFIX) and town["country_code"] == "SD"
    assert km(town["lat"], town["lon"], 13.15, 33.93) < 30
    assert town["admin"][-1]["id"] == "Q1049"  # Sudan


def test_two_word_town_and_cue_with_clitics() -> None:
    assert by_text("قصفت الطائرات منزلا في بيت لاهيا شمال قطاع غزة.")["بيت لاهيا"]["country_code"] == "PS"
    assert "الحسيمة" in by_text("تسبب زلزال في أضرار بمدينة الحسيمة شمال المغرب.")


def test_nearby_country_picks_the_town() -> None:
    assert by_text("اجتمع القادة في ليما عاصمة بيرو أمس.")["ليما"]["country_code"] == "PE"
    assert by_text("عاشرا: مدينة فرانكفورت في ألمانيا.")["فرانكفورت"]["country_code"] == "DE"


@pytest.mark.parametrize(
    "text",
    [
        "وجاء في بيان للديوان الملكي أن الزيارة ناجحة.",  # بيان: a GeoNames town, and "statement"
        "سمح لهم بالبقاء من دون تأشيرات دخول.",  # دون
        "وأضاف أن المدينة الجديدة ستقام على مساحة واسعة.",  # "the new city", not El Jadida
        "تبحث السفينة عن ميناء آمن للرسو.",  # "a safe port"
        "وكان سعر الطن من لفائف الفولاذ 577 دولارا.",  # ل + فائف is not a town
        "تدرس في الصف الرابع الابتدائي في الإسكندرية.",  # في الصف: "in the grade"
    ],
)
def test_ordinary_words_do_not_become_towns(text: str) -> None:
    assert not [p for p in find_places(text) if p["id"].startswith(ID_PREFIX)]


def test_small_foreign_town_needs_its_country_nearby() -> None:
    # ريدة is a district of Aden here; GeoNames' only ريدة is a small German town
    assert "ريدة" not in by_text("عين قائدا للمنطقة الأمنية لمدينة ريدة في عدن.")


def test_span_is_the_toponym_not_the_cue_word() -> None:
    found = by_text("تعرضت مدينة الأبيض في شمال كردفان لقصف.")
    assert "الأبيض" in found and found["الأبيض"]["id"] == "marsad:el-obeid"
    assert "مدينة الصدر" in by_text("انفجرت سيارة مفخخة في مدينة الصدر ببغداد.")  # the name itself


def test_nisba_adjective_is_not_the_country() -> None:
    text = "افتتح الوزير مستشفى في مدينة المفرق قرب الحدود السورية."
    assert [p["text"] for p in find_places(text)] == ["المفرق"]
    gaz = load_gazetteer()
    assert all(m.entity_id != "Q858" for m in find_mentions(text, split_sentences(text), gaz))


def test_link_towns_in_the_analysis() -> None:
    text = "شهدت مدينة سنجة في ولاية سنار السودانية معارك عنيفة. وقال مسؤول في مدينة بيشاور إن الوضع هادئ."
    analysis = analyze(Article(id="a", title="t", text=text, published="2025-01-01T00:00:00+00:00"),
                       load_resources(ner=False))
    towns = {m.text: m for m in analysis.mentions if (m.entity_id or "").startswith(ID_PREFIX)}
    assert set(towns) == {"سنجة", "بيشاور"}
    assert towns["بيشاور"].sentence_index == 1 and towns["سنجة"].type == "LOC"
    assert [m.start for m in analysis.mentions] == sorted(m.start for m in analysis.mentions)


def test_link_towns_leaves_knowledge_base_links_alone() -> None:
    text = "قصفت الطائرات قاعدة عين الأسد في الأنبار."
    gaz = load_gazetteer()
    sentences = split_sentences(text)
    mentions = find_mentions(text, sentences, gaz)
    assert link_towns(text, mentions, sentences, gaz) == mentions


def test_nearest_town_is_the_one_a_scan_finds() -> None:
    import random

    geo = load_geonames()
    rng = random.Random(7)
    countries = sorted(c for c, towns in geo.by_country.items() if len(towns) > 20)
    for _ in range(200):
        cc = rng.choice(countries)
        anchor = rng.choice(geo.by_country[cc])
        lat, lon = anchor.lat + rng.uniform(-1.5, 1.5), anchor.lon + rng.uniform(-1.5, 1.5)
        scan = min(geo.by_country[cc], key=lambda p: km(lat, lon, p.lat, p.lon))  # first of equal minima
        found = geo.nearest(cc, lat, lon)
        assert found is not None and found[0] is scan
        assert found[1] == pytest.approx(km(lat, lon, scan.lat, scan.lon), abs=1e-9)
    assert geo.nearest("??", 0.0, 0.0) is None
