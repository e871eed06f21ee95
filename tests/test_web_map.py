"""The story page's offline map (marsad/web/storymap.py, templates/_map.html).

What a reader relies on: the map shows where the story happens (every mapped place inside the
drawing, east to the right and north up), a lone place still shows its region, each dot opens its
entity page, names from the data cannot inject markup, the JSON twin lists the same places, and the
map needs no network: its outlines come from an installed package and it references no URL.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from marsad.model import AnalyzedArticle, Article, Entity, Mention, Story
from marsad.store import open_store
from marsad.store.base import Store
from marsad.web import create_app
from marsad.web.storymap import (
    MAX_PLACES,
    MIN_SPAN_LAT,
    MIN_SPAN_LON,
    BBox,
    Place,
    build_map,
    collect_places,
    crop,
    outline_paths,
    projection,
)

# Fixture places of story-dam that have coordinates (dam, Mosul, Nineveh, Baghdad); the Tigris has
# none and must not be mapped.
DAM_PLACES = {"local:badush-dam", "local:mosul", "local:nineveh", "local:baghdad"}




def _map_html(page: str) -> str:
    match = re.search(r'<section class="story-map".*?</section>', page, re.S)
    assert match, "story page has no map section"
    return match.group(0)


def _place(pid: str, lat: float, lon: float, mentions: int = 1, name: str = "مكان") -> Place:
    return Place(pid, name, lat, lon, mentions)


# ----------------------------------------------------------------------------------------------------
# Projection and cropping


def test_projection_keeps_points_inside_and_in_order() -> None:
    places = [
        _place("baghdad", 33.31, 44.36),
        _place("beirut", 33.89, 35.50),
        _place("aden", 12.79, 45.02),
        _place("mosul", 36.34, 43.13),
    ]
    proj = projection(crop(places))
    pts = {p.id: proj.point(p.lon, p.lat) for p in places}
    for x, y in pts.values():
        assert 0 <= x <= proj.width and 0 <= y <= proj.height
    # East is to the right (larger x), north is up (smaller y).
    assert pts["baghdad"][0] > pts["beirut"][0]
    assert pts["aden"][0] > pts["baghdad"][0]
    assert pts["mosul"][1] < pts["baghdad"][1] < pts["aden"][1]
    # The box's corners are the viewBox's corners.
    assert proj.point(proj.box.west, proj.box.north) == (0.0, 0.0)
    east, south = proj.point(proj.box.east, proj.box.south)
    assert east == pytest.approx(proj.width) and south == pytest.approx(proj.height, abs=0.1)


def test_projection_shrinks_longitude_away_from_the_equator() -> None:
    """One degree of longitude at ~60°N is drawn about half as wide as one degree of latitude."""
    proj = projection(BBox(20.0, 55.0, 40.0, 65.0))
    assert proj.kx / proj.ky == pytest.approx(0.5, abs=0.01)


def test_crop_pads_the_places_bounding_box() -> None:
    places = [_place("a", 30.0, 30.0), _place("b", 40.0, 50.0)]
    box = crop(places)
    assert box.west < 30.0 and box.east > 50.0 and box.south < 30.0 and box.north > 40.0
    # Padded, not the whole world.
    assert box.east - box.west < 40.0 and box.north - box.south < 30.0


def test_crop_of_a_single_place_shows_its_region() -> None:
    box = crop([_place("aqaba", 29.52, 35.0)])
    assert box.east - box.west >= MIN_SPAN_LON - 1e-9
    assert box.north - box.south >= MIN_SPAN_LAT - 1e-9
    assert box.west < 35.0 < box.east and box.south < 29.52 < box.north
    # Centred on the place.
    assert (box.west + box.east) / 2 == pytest.approx(35.0)


def test_crop_stays_on_the_globe() -> None:
    box = crop([_place("pole", 89.0, 179.5), _place("far", 80.0, -179.5)])
    assert -180.0 <= box.west < box.east <= 180.0
    assert -85.0 <= box.south < box.north <= 85.0


def test_crop_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError):
        crop([])


def test_outlines_are_the_countries_in_view() -> None:
    paths = outline_paths(projection(crop([_place("amman", 31.95, 35.93)])))
    # Jordan and its neighbours, not the ~170 countries of the world.
    assert 3 <= len(paths) < 40
    assert all(p.startswith("M") and p.endswith("Z") for p in paths)


# ----------------------------------------------------------------------------------------------------
# Collecting places


def test_collect_places_counts_loc_mentions_and_skips_unplaceable() -> None:
    entities = {
        "a": Entity("a", "LOC", "أ", lat=10.0, lon=20.0),
        "b": Entity("b", "LOC", "ب", lat=11.0, lon=21.0),
        "nocoords": Entity("nocoords", "LOC", "بلا إحداثيات"),
        "org": Entity("org", "ORG", "منظمة", lat=1.0, lon=1.0),
        "asia": Entity("asia", "LOC", "آسيا", subtype="continent", lat=34.0, lon=100.0),
    }
    mentions = [
        Mention(0, 1, "ب", "LOC", "b"),
        Mention(0, 1, "أ", "LOC", "a"),
        Mention(0, 1, "ب", "LOC", "b"),
        Mention(0, 1, "x", "LOC", "nocoords"),
        Mention(0, 1, "x", "LOC", "missing"),
        Mention(0, 1, "x", "LOC", None),
        Mention(0, 1, "x", "ORG", "org"),
        Mention(0, 1, "آسيا", "LOC", "asia"),
    ]
    places = collect_places(mentions, entities.get)
    assert [(p.id, p.mentions) for p in places] == [("b", 2), ("a", 1)]


def test_collect_places_keeps_the_most_mentioned() -> None:
    entities = {
        f"p{i}": Entity(f"p{i}", "LOC", f"مكان {i}", lat=float(i % 80), lon=float(i)) for i in range(40)
    }
    mentions = [Mention(0, 1, "x", "LOC", f"p{i}") for i in range(40) for _ in range(i + 1)]
    places = collect_places(mentions, entities.get)
    assert len(places) == MAX_PLACES
    assert places[0].id == "p39" and places[0].mentions == 40
    assert [p.mentions for p in places] == sorted((p.mentions for p in places), reverse=True)


def test_no_places_no_map() -> None:
    assert build_map([]) is None


def test_dots_grow_with_mentions() -> None:
    story_map = build_map([_place("big", 33.0, 44.0, 9), _place("small", 30.0, 47.0, 1)])
    assert story_map is not None
    r = {d.place.id: d.r for d in story_map.dots}
    assert r["big"] > r["small"]


# ----------------------------------------------------------------------------------------------------
# The page


def test_story_page_has_the_map(web_client: TestClient) -> None:
    page = web_client.get("/stories/story-dam")
    assert page.status_code == 200
    section = _map_html(page.text)
    svg = re.search(r"<svg\b.*?</svg>", section, re.S)
    assert svg, "no inline svg"
    assert re.search(r'viewBox="0 0 [\d.]+ [\d.]+"', svg.group(0))
    assert len(re.findall(r'<path d="M', section)) >= 3  # Iraq and its neighbours
    for pid in DAM_PLACES:
        assert f'href="/entities/{quote(pid, safe="")}"' in section
    assert "local%3Atigris" not in section  # no coordinates, not mapped
    labels = re.findall(r'<text[^>]*direction="rtl"[^>]*>([^<]*)</text>', section)
    assert "سد بادوش" in labels and "بغداد" in labels
    # Every mapped place is named, as a label or at least as its dot's tooltip.
    for name in ("سد بادوش", "الموصل", "نينوى", "بغداد"):
        assert f"<title>{name}" in section
    # The dots lie inside the drawing.
    box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', section)
    assert box
    width, height = float(box.group(1)), float(box.group(2))
    for cx, cy in re.findall(r'<circle cx="([-\d.]+)" cy="([-\d.]+)"', section):
        assert 0 <= float(cx) <= width and 0 <= float(cy) <= height


def test_map_references_no_url(web_client: TestClient) -> None:
    section = _map_html(web_client.get("/stories/story-dam").text)
    assert "http" not in section.lower()
    assert "//" not in section
    assert "<script" not in section.lower()


def test_story_json_lists_the_places(web_client: TestClient) -> None:
    data = web_client.get("/stories/story-dam.json").json()
    places = data["places"]
    assert {p["id"] for p in places} == DAM_PLACES
    assert places[0] == {
        "id": "local:badush-dam",
        "name_ar": "سد بادوش",
        "lat": 36.4167,
        "lon": 43.0833,
        "mentions": 3,
    }
    assert [p["mentions"] for p in places] == sorted((p["mentions"] for p in places), reverse=True)


def test_single_place_story(web_client: TestClient) -> None:
    """story-port mentions Jordan (no coordinates) and the port of Aqaba (an id with a space and
    Arabic letters): one dot, linked through the quoted id."""
    section = _map_html(web_client.get("/stories/story-port").text)
    assert section.count("<circle") == 1
    assert f'href="/entities/{quote("local:ميناء العقبة", safe="")}"' in section
    assert web_client.get("/stories/story-port.json").json()["places"][0]["name_ar"] == "ميناء العقبة"


def test_story_without_placeable_places_has_no_map(web_store: Store) -> None:
    """Only the Tigris (no coordinates) is mentioned: no map at all, not an empty frame."""
    places = collect_places([Mention(0, 4, "دجلة", "LOC", "local:tigris")], web_store.get_entity)
    assert places == []
    assert build_map(places) is None


def test_malicious_name_is_escaped() -> None:
    from marsad.web.app import _templates

    evil = '<script>alert("x")</script>'
    story_map = build_map([Place('evil"><script>', evil, 33.0, 44.0, 2)])
    env = _templates().env
    html = env.get_template("_map.html").render(story_map=story_map)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="/entities/evil%22%3E%3Cscript%3E"' in html


def test_malicious_name_is_escaped_on_the_page() -> None:
    """Through the whole stack: a stored place whose Arabic name is markup."""
    s = open_store(":memory:")
    try:
        text = "نص فيه مكان."
        article = Article(
            "x1", "عنوان", text, "مصدر", "https://news.example/x1", "2025-01-01", content_hash="x1"
        )
        s.save_entities([Entity("local:evil", "LOC", "<script>alert(1)</script>", lat=33.0, lon=44.0)])
        s.add_article(article)
        start = text.index("مكان")
        s.save_analysis(
            AnalyzedArticle(article, mentions=[Mention(start, start + 4, "مكان", "LOC", "local:evil")])
        )
        s.save_story(Story("st", "قصة", ["x1"], ["مصدر"], "2025-01-01", "2025-01-01", [], "2025-01-01"))
        page = TestClient(create_app(s)).get("/stories/st")
        assert page.status_code == 200
        section = _map_html(page.text)
        assert "<script>" not in section
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section
        assert TestClient(create_app(s)).get("/stories/st.json").json()["places"][0]["name_ar"] == (
            "<script>alert(1)</script>"
        )
    finally:
        s.close()
