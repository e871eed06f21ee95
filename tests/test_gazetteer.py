"""The packaged knowledge base: rows well formed, ids unique, aliases indexed, fast to load."""

from __future__ import annotations

import time
from importlib import resources

from marsad.knowledge.gazetteer import Gazetteer, load_gazetteer, name_key
from marsad.model import Entity
from marsad.text.normalize import normalize


def test_loads_fast_and_is_cached() -> None:
    load_gazetteer.cache_clear()
    start = time.perf_counter()
    gaz = load_gazetteer()
    assert time.perf_counter() - start < 0.5
    assert load_gazetteer() is gaz
    assert len(gaz.entities()) >= 300


def test_rows_are_well_formed() -> None:
    text = resources.files("marsad.knowledge").joinpath("data/entities.tsv").read_text("utf-8")
    ids = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        assert len(cols) == 10, line
        ids.append(cols[0])
        assert cols[1] in {"PER", "ORG", "LOC", "MISC"}, line
        assert cols[3].strip(), line
        if cols[0].startswith("Q"):
            assert cols[9] == cols[0], line  # a QID id is repeated in the wikidata column
        else:
            assert cols[0].startswith("marsad:"), line
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_places_have_plausible_coordinates() -> None:
    gaz = load_gazetteer()
    for e in gaz.entities():
        if e.lat is not None or e.lon is not None:
            assert e.lat is not None and e.lon is not None and -90 <= e.lat <= 90 and -180 <= e.lon <= 180, e.id
    baghdad, erbil, asad = gaz.get("Q1530"), gaz.get("marsad:city-erbil"), gaz.get("marsad:ain-al-asad")
    assert baghdad and baghdad.lat and abs(baghdad.lat - 33.3) < 0.2 and baghdad.lon and abs(baghdad.lon - 44.4) < 0.2
    assert erbil and erbil.lat and abs(erbil.lat - 36.2) < 0.2
    assert asad and asad.lon and 42 < asad.lon < 43  # western Anbar


def test_required_entities_are_present() -> None:
    gaz = load_gazetteer()
    for eid in ("Q30", "Q796", "Q794", "Q858", "Q43", "Q159", "Q148", "Q145", "Q142", "Q183", "Q801", "Q458",
                "Q1530", "Q7184", "Q1065", "Q37470", "Q7172", "Q2429253", "Q22686", "Q130879",
                "marsad:kurdistan-region", "marsad:gov-anbar", "marsad:victoria-base", "marsad:harir-base",
                "marsad:al-tanf", "marsad:baghdad-airport", "marsad:erbil-airport", "marsad:coalition",
                "marsad:pmf", "marsad:sdf", "marsad:houthis", "marsad:kataib-hezbollah", "Q11208",
                "marsad:us-forces", "marsad:gov-iraq", "marsad:iraqi-army", "marsad:krg"):
        assert gaz.get(eid) is not None, eid
    arab_league = {"DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA", "SA",
                   "SO", "SD", "SY", "TN", "AE", "YE"}
    countries = {e.country_code for e in gaz.entities() if e.subtype == "country"}
    assert arab_league <= countries
    assert gaz.get("Q1234567890") is None


def test_alias_index_uses_normalised_words() -> None:
    gaz = load_gazetteer()
    assert "Q30" in gaz.lookup(name_key("أميركا")) and "Q30" in gaz.lookup(name_key("امريكا"))
    assert gaz.lookup(("قسد",)) == ["marsad:sdf"]
    assert "marsad:victoria-base" in gaz.lookup((normalize("فيكتوريا"),))
    assert gaz.longest_match(["قاعده", "عين", "الاسد", "الجويه", "في"], 0) == (4, ["marsad:ain-al-asad"])
    assert gaz.longest_match(["الحكومه", "العراقيه"], 0) == (2, ["marsad:gov-iraq"])
    assert gaz.longest_match(["كلمه", "عاديه"], 0) is None
    assert gaz.max_len <= 8


def test_alias_policy_and_metonymy_data_are_consistent() -> None:
    gaz = load_gazetteer()
    assert "سلام" in gaz.stop_aliases and normalize("حماة") in gaz.weak_aliases
    assert not gaz.stop_aliases & gaz.weak_aliases
    for city, government in gaz.metonymy.items():
        assert gaz.get(city) is not None, city
        assert gaz.get(government) is not None, government
    assert gaz.government_of("Q61") == "marsad:us-administration"
    assert gaz.government_of("Q1530") == "marsad:gov-iraq"
    assert gaz.government_of("Q796") is None


def test_a_gazetteer_can_be_built_by_hand() -> None:
    gaz = Gazetteer()
    gaz.add(Entity(id="x:1", type="LOC", name_ar="بلدة تجريبية", aliases=["التجريبية"]))
    assert gaz.get("x:1") is not None and gaz.lookup(("بلده", "تجريبيه")) == ["x:1"]
    assert gaz.lookup(("التجريبيه",)) == ["x:1"] and gaz.max_len == 2


def _ids(gaz: Gazetteer, name: str) -> list[str]:
    return gaz.lookup(name_key(name))


def test_every_countrys_institutions_are_entities_of_their_own() -> None:
    gaz = load_gazetteer()
    (kw,) = _ids(gaz, "وزارة الداخلية الكويتية")
    assert _ids(gaz, "وزارة داخلية الكويت") == [kw]  # the construct form names the same body
    body = gaz.get(kw)
    assert body is not None and (body.type, body.subtype, body.country_code) == ("ORG", "ministry", "KW")
    assert body.name_en == "Ministry of the Interior of Kuwait"
    # the adjective agrees with the institution: الجيش القطري, not الجيش القطرية
    assert _ids(gaz, "الجيش القطري") and not _ids(gaz, "الجيش القطرية")
    assert _ids(gaz, "القوات المسلحة القطرية") == _ids(gaz, "الجيش القطري")
    assert _ids(gaz, "الحكومة الكورية الجنوبية") != _ids(gaz, "الحكومة الكورية الشمالية")  # two-word adjectives
    assert not _ids(gaz, "السلطات المالية")  # "the financial authorities": Mali's adjective is left out


def test_hand_written_rows_keep_their_ids_and_gain_the_generated_names() -> None:
    gaz = load_gazetteer()
    assert _ids(gaz, "السلطات العراقية") == _ids(gaz, "حكومة العراق") == ["marsad:gov-iraq"]
    assert _ids(gaz, "وزارة دفاع الولايات المتحدة") == _ids(gaz, "وزارة الدفاع الأمريكية") == ["Q11208"]
    assert not [e for e in gaz.entities() if e.id in ("marsad:iq-government", "marsad:us-defence-ministry")]


def test_a_ministry_quoted_as_a_source_is_linked_with_its_country() -> None:
    from marsad.model import Article
    from marsad.understand.pipeline import analyze, load_resources

    text = "وقالت وزارة الخارجية القطرية في بيان إن المحادثات ستستأنف الأسبوع المقبل."
    a = analyze(Article(id="q", title="", text=text, published="2025-05-01"), load_resources(ner=False))
    (said,) = a.attributions
    body = load_gazetteer().get(said.entity_id or "")
    assert body is not None and body.country_code == "QA" and not said.anonymous


def test_every_sovereign_state_cldr_names_is_known() -> None:
    # session 14: the countries of the news beyond the region (CLDR names via Babel), with the other
    # spellings news uses; names that are also ordinary words need their title
    from babel import Locale

    gaz = load_gazetteer()
    names = Locale("ar").territories
    for code in ("NI", "BF", "EC", "BO", "GN", "CI", "MZ", "ZW", "XK", "TW", "GL"):
        assert gaz.lookup(name_key(names[code])) or gaz.lookup(name_key(names[code].removeprefix("ال"))), code
    assert gaz.lookup(name_key("كوت ديفوار")) == gaz.lookup(name_key("ساحل العاج"))
    assert gaz.lookup(name_key("هونغ كونغ"))  # (CLDR: «هونغ كونغ الصينية (منطقة إدارية خاصة)»)
    for word in ("بنين", "بوتان", "أندورا"):  # "boys", butane, and the ب + أندورا of «باندورا»
        assert not gaz.lookup(name_key(word)), word


def test_a_new_country_is_linked_in_text_and_pandora_is_not_andorra() -> None:
    from marsad.model import Article
    from marsad.understand.pipeline import analyze, load_resources

    text = "قطعت نيكاراغوا علاقاتها مع إسرائيل، وحذّر الوزير من فتح صندوق باندورا في بوركينا فاسو."
    a = analyze(Article(id="c", title="", text=text, published="2025-05-01"), load_resources(ner=False))
    linked = {m.text: m.entity_id for m in a.mentions}
    assert linked.get("نيكاراغوا") == "marsad:country-ni"
    assert linked.get("بوركينا فاسو") == "marsad:country-bf"
    assert "marsad:country-ad" not in linked.values()
