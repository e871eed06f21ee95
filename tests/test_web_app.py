"""The web app in process (FastAPI TestClient) over a store filled with fixture records.

What a reader relies on: every page is Arabic and right-to-left, the brief shows its three sections
with citations that open the cited sentence, JSON twins return exactly the stored records, unknown
ids give Arabic 404 pages, and nothing from an article can inject markup or script.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from test_web_data import ARTICLES, DAM_WHAT, analysis_of

from marsad.model import (
    BRIEF_HEADINGS,
    Article,
    Brief,
    BriefSentence,
    Citation,
    Entity,
    Mention,
    Sentence,
    Story,
    to_dict,
)
from marsad.store import open_store
from marsad.store.base import Store
from marsad.web import create_app
from marsad.web.render import arabic_dates, article_body, format_at_grain, format_date, id_path, safe_url
from marsad.web.views import PAGE_SIZE

PAGES = [
    "/",
    "/stories",
    "/stories/story-dam",
    "/stories/story-port",
    "/articles/a1",
    "/articles/a2",
    "/entities",
    "/entities/local%3Abadush-dam",
    "/entities/" + quote("local:ميناء العقبة", safe=""),
    "/search?q=بادوش",
    "/search",
]




# -- every page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_arabic_rtl(web_client: TestClient, path: str) -> None:
    r = web_client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in r.text
    assert '<meta charset="utf-8">' in r.text
    assert 'name="viewport"' in r.text
    assert "Content-Security-Policy" in r.headers


def test_static_css_is_local_and_uses_arabic_fonts(web_client: TestClient) -> None:
    r = web_client.get("/static/style.css")
    assert r.status_code == 200
    assert "'Noto Naskh Arabic'" in r.text
    assert "http" not in r.text and "@import" not in r.text  # no CDN, no remote font


def test_healthz(web_client: TestClient) -> None:
    assert web_client.get("/healthz").json() == {"status": "ok", "articles": 4}
    assert web_client.get("/api/healthz").json()["status"] == "ok"


# -- story list ---------------------------------------------------------------------------------------


def test_story_list_shows_stories_ranked_with_outlets_and_entities(web_client: TestClient) -> None:
    html = web_client.get("/").text
    assert html.index("افتتاح سد بادوش شمال الموصل") < html.index("اتفاق لتوسيع ميناء العقبة")
    assert '<bdi class="outlet">Al-Sahil News</bdi>' in html
    assert "المقالات: <bdi>3</bdi>" in html
    assert "10 مارس 2025 – 11 مارس 2025" in html
    assert 'href="/entities/local%3Abadush-dam"' in html
    assert DAM_WHAT in html  # the brief's lead


@pytest.mark.parametrize("path", ["/.json", "/stories.json", "/api/stories"])
def test_story_list_json_twin(web_client: TestClient, web_store: Store, path: str) -> None:
    data = web_client.get(path).json()
    assert data["page"] == 1 and data["has_more"] is False
    assert data["items"] == [to_dict(web_store.get_story("story-dam")), to_dict(web_store.get_story("story-port"))]


# -- story page ---------------------------------------------------------------------------------------


def test_story_page_brief_sections_in_order_with_citations(web_client: TestClient) -> None:
    html = web_client.get("/stories/story-dam").text
    positions = [html.index(f">{h}</h2>") for h in BRIEF_HEADINGS.values()]
    assert positions == sorted(positions)
    assert DAM_WHAT in html
    # each brief sentence is followed by its citation chips, which open the cited sentence
    line = html[html.index(DAM_WHAT) :]
    line = line[: line.index("</li>")]
    assert re.search(r'<a class="cite" href="/articles/a1#s0"[^>]*>\[<bdi>الرافدين اليوم</bdi>\]</a>', line)
    assert re.search(r'<a class="cite" href="/articles/a2#s0"[^>]*>\[<bdi>Al-Sahil News</bdi>\]</a>', line)


def test_every_citation_lands_on_an_existing_sentence(web_client: TestClient) -> None:
    html = web_client.get("/stories/story-dam").text
    targets = re.findall(r'class="cite" href="/articles/([^"#]+)#s(\d+)"', html)
    brief_part = html[: html.index('id="h-sources"')].split('id="h-timeline"')[0]
    assert len(re.findall(r'class="cite" href="/articles/', brief_part)) == 6  # the brief's own chips
    assert len(targets) > 6  # the timeline cites its sentences too
    for article_id, index in targets:
        page = web_client.get(f"/articles/{article_id}").text
        assert f'<span class="sent" id="s{index}">' in page


def test_story_page_sources_and_entities(web_client: TestClient) -> None:
    html = web_client.get("/stories/story-dam").text
    sources = html[html.index('id="h-sources"') :]
    for aid, outlet, _published, title, *_ in ARTICLES[:3]:
        assert f'href="/articles/{aid}"' in sources and title in sources and outlet in sources
        assert f'href="https://news.example/{aid}"' in sources
    assert "أبرز الكيانات" in html and "وزارة الموارد المائية" in html


@pytest.mark.parametrize("path", ["/stories/story-dam.json", "/api/stories/story-dam"])
def test_story_json_twin(web_client: TestClient, web_store: Store, path: str) -> None:
    data = web_client.get(path).json()
    assert data["story"] == to_dict(web_store.get_story("story-dam"))
    assert data["brief"] == to_dict(web_store.get_brief("story-dam"))
    assert data["articles"] == [to_dict(web_store.get_article(a)) for a in ("a1", "a2", "a3")]
    assert [e["id"] for e in data["entities"]] == web_store.get_story("story-dam").key_entities  # type: ignore[union-attr]


# -- article page -------------------------------------------------------------------------------------


def test_article_page_sentences_mentions_and_times(web_client: TestClient) -> None:
    html = web_client.get("/articles/a1").text
    assert html.count('class="sent"') == 3
    assert (
        '<a class="ent ent-LOC" href="/entities/local%3Abadush-dam" title="مكان" dir="auto">سد بادوش</a>'
        in html
    )
    assert '<time class="tx" datetime="2025-09-01" title="2025-09-01" dir="auto">أيلول المقبل</time>' in html
    assert "10 مارس 2025" in html and 'datetime="2025-03-10T09:00:00+03:00"' in html
    assert 'href="/stories/story-dam"' in html  # back to its story


def test_article_latin_name_is_isolated(web_client: TestClient) -> None:
    html = web_client.get("/articles/a2").text
    assert 'dir="auto">Rafidain Build</a>' in html


@pytest.mark.parametrize("path", ["/articles/a2.json", "/api/articles/a2"])
def test_article_json_twin(web_client: TestClient, web_store: Store, path: str) -> None:
    data = web_client.get(path).json()
    assert data["article"] == to_dict(web_store.get_article("a2"))
    assert data["analysis"] == to_dict(web_store.get_analysis("a2"))
    assert data["analysis"]["sentences"] and all("time_source" in s for s in data["analysis"]["sentences"])
    assert data["story_id"] == "story-dam"


# -- entities -------------------------------------------------------------------------------------


def test_entity_list_with_counts(web_client: TestClient, web_store: Store) -> None:
    html = web_client.get("/entities").text
    first = web_store.list_entities()[0]
    assert first.entity.id == "local:badush-dam" and first.mentions == 3
    assert f'href="/entities/{id_path(first.entity.id)}"' in html
    data = web_client.get("/entities.json").json()
    assert data["items"] == to_dict(web_store.list_entities(limit=PAGE_SIZE))
    assert web_client.get("/api/entities").json() == data


def test_entity_page_names_type_coordinates_articles(web_client: TestClient, web_store: Store) -> None:
    html = web_client.get("/entities/local%3Abadush-dam").text
    assert "سد بادوش" in html and "Badush Dam" in html and "مكان (<bdi>سد</bdi>)" in html  # finer type in Arabic
    assert "36.4167, 43.0833" in html
    for aid in ("a1", "a2", "a3"):
        assert f'href="/articles/{aid}"' in html
    data = web_client.get("/entities/local%3Abadush-dam.json").json()
    assert data["entity"] == to_dict(web_store.get_entity("local:badush-dam"))
    assert sorted(a["id"] for a in data["items"]) == ["a1", "a2", "a3"]


def test_entity_page_shows_a_wikidata_id_once() -> None:
    store = open_store(":memory:")
    store.save_entities([Entity("Q810", "LOC", "الأردن", "Jordan", "country", wikidata="Q810"),
                         Entity("marsad:example-army", "ORG", "جيش المثال", "Example Army", "military",
                                wikidata="Q999999999")])
    with TestClient(create_app(store)) as client:
        country = client.get("/entities/Q810").text
        army = client.get("/entities/" + quote("marsad:example-army", safe="")).text
    assert country.count(">Q810</bdi>") == 1 and "(<bdi>دولة</bdi>)" in country
    assert ">marsad:example-army</bdi> · <bdi dir=\"ltr\">Q999999999</bdi>" in army  # a different QID is shown
    assert "(<bdi>قوة عسكرية</bdi>)" in army


def test_entity_page_lists_spellings_and_related_entities(web_client: TestClient, web_store: Store) -> None:
    ident = "local:badush-dam"
    html = web_client.get("/entities/" + quote(ident, safe="")).text
    forms = web_store.surface_forms(ident)
    related = web_store.cooccurring_entities(ident)
    assert forms and related
    for text, _ in forms:
        assert f"<bdi>{text}</bdi>" in html
    for r in related:
        assert f'href="/entities/{id_path(r.entity.id)}"' in html
    data = web_client.get("/api/entities/" + quote(ident, safe="")).json()
    assert data["surface_forms"] == [{"text": t, "mentions": n} for t, n in forms]
    assert data["cooccurring"] == to_dict(related)


def test_entity_list_filters_by_type(web_client: TestClient, web_store: Store) -> None:
    data = web_client.get("/entities.json", params={"type": "loc"}).json()
    assert data["type"] == "LOC"
    assert data["items"] and all(i["entity"]["type"] == "LOC" for i in data["items"])
    assert data["items"] == to_dict(web_store.list_entities(limit=PAGE_SIZE, entity_type="LOC"))
    html = web_client.get("/entities", params={"type": "LOC"}).text
    assert 'aria-current="page">مكان' in html or 'aria-current="page"' in html
    # an unknown type is ignored, not an error
    assert web_client.get("/entities.json", params={"type": "<x>"}).json()["type"] is None


def test_entity_id_with_space_and_arabic(web_client: TestClient) -> None:
    path = "/api/entities/" + quote("local:ميناء العقبة", safe="")
    assert web_client.get(path).json()["entity"]["name_ar"] == "ميناء العقبة"


# -- search -------------------------------------------------------------------------------------------


def test_search_page_and_twin(web_client: TestClient, web_store: Store) -> None:
    html = web_client.get("/search", params={"q": "العقبة"}).text
    assert 'href="/articles/a4"' in html and 'class="snippet"' in html
    assert 'value="العقبة"' in html  # the query stays in the box
    data = web_client.get("/search.json", params={"q": "العقبة"}).json()
    assert data["query"] == "العقبة"
    assert data["items"] == to_dict(web_store.search("العقبة", limit=PAGE_SIZE))
    assert web_client.get("/api/search", params={"q": "العقبة"}).json() == data


def test_search_without_results_or_query(web_client: TestClient) -> None:
    assert "لا نتائج" in web_client.get("/search", params={"q": "كلمةغيرموجودة"}).text
    assert web_client.get("/search.json").json()["items"] == []


# -- 404s -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/stories/nope", "/articles/nope", "/entities/nope", "/no/such/page"])
def test_unknown_ids_give_arabic_404(web_client: TestClient, path: str) -> None:
    r = web_client.get(path)
    assert r.status_code == 404
    assert '<html lang="ar" dir="rtl">' in r.text and "غير موجود" in r.text


@pytest.mark.parametrize(
    "path", ["/stories/nope.json", "/api/stories/nope", "/api/articles/nope", "/entities/nope.json", "/api/x"]
)
def test_unknown_ids_give_json_404(web_client: TestClient, path: str) -> None:
    r = web_client.get(path)
    assert r.status_code == 404
    assert set(r.json()) == {"error"} and r.json()["error"]


# -- pagination -------------------------------------------------------------------------------------


def test_pagination_and_ranking() -> None:
    with open_store(":memory:") as s:
        n = PAGE_SIZE + 3
        for i in range(n):
            day = f"2025-01-{1 + i % 28:02d}"
            outlets = [f"o{k}" for k in range(1 + i % 3)]
            s.save_story(Story(f"st{i:02d}", f"قصة {i}", [], outlets, day, day, [], f"2025-06-{1 + i:02d}"))
        c = TestClient(create_app(s))
        p1, p2 = c.get("/stories.json").json(), c.get("/stories.json?page=2").json()
        assert (len(p1["items"]), p1["has_more"], len(p2["items"]), p2["has_more"]) == (
            PAGE_SIZE,
            True,
            3,
            False,
        )
        ids = [i["id"] for i in p1["items"] + p2["items"]]
        assert sorted(ids) == [f"st{i:02d}" for i in range(n)]
        ranked = [(i["last_published"], len(i["outlets"])) for i in p1["items"] + p2["items"]]
        assert ranked == sorted(ranked, reverse=True)  # newest first, then more outlets
        html = c.get("/?page=2").text
        assert 'rel="prev" href="/?page=1"' in html and 'rel="next"' not in html
        assert 'rel="next" href="/?page=2"' in c.get("/").text
        assert c.get("/stories.json?page=abc").json()["page"] == 1  # lenient, never an error


def test_same_day_more_outlets_ranks_first() -> None:
    with open_store(":memory:") as s:
        s.save_story(
            Story("one", "مصدر واحد", ["x"], ["o1"], "2025-05-01T10:00", "2025-05-01T23:00", [], "2")
        )
        s.save_story(
            Story(
                "three", "ثلاثة مصادر", ["y"], ["o1", "o2", "o3"], "2025-05-01", "2025-05-01T08:00", [], "1"
            )
        )
        s.save_story(
            Story("old", "قديمة", ["z"], ["o1", "o2", "o3", "o4"], "2025-04-01", "2025-04-01", [], "3")
        )
        ids = [i["id"] for i in TestClient(create_app(s)).get("/api/stories").json()["items"]]
        assert ids == ["three", "one", "old"]


# -- security -----------------------------------------------------------------------------------------

XSS = "<script>alert(1)</script>"
ATTR = '" onmouseover="alert(2)'


@pytest.fixture(scope="module")
def hostile() -> Iterator[TestClient]:
    """A store where every article-derived field carries a payload."""
    with open_store(":memory:") as s:
        text = f"جملة أولى فيها {XSS} هنا. وجملة ثانية فيها {ATTR} أيضاً."
        art = Article("x1", f"عنوان {XSS}{ATTR}", text, f"منفذ{XSS}", "javascript:alert(3)", "2025-01-01")
        s.add_article(art)
        s.save_entities([Entity("e<1>", "PER", f"اسم{XSS}", ATTR)])
        s.save_analysis(analysis_of(art, [(XSS, "e<1>", "PER")], [(ATTR, f'2025"{ATTR}', "day")]))
        s.save_story(
            Story("s1", f"قصة {XSS}", ["x1"], [art.outlet], "2025-01-01", "2025-01-01", ["e<1>"], "1")
        )
        cite = Citation("x1", f"{ATTR}{XSS}", 0)
        s.save_brief(Brief("s1", "t", [BriefSentence("what_happened", f"موجز {XSS}{ATTR}", [cite])]))
        yield TestClient(create_app(s))


@pytest.mark.parametrize(
    "path", ["/", "/stories/s1", "/articles/x1", "/entities", "/entities/e%3C1%3E", "/search?q=جملة"]
)
def test_article_data_is_escaped(hostile: TestClient, path: str) -> None:
    r = hostile.get(path)
    assert r.status_code == 200
    page = r.text
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'onmouseover="' not in page  # the quote that would close the attribute is escaped
    assert 'href="javascript:' not in page  # a stored javascript: URL is never a link


def test_hostile_query_is_escaped(hostile: TestClient) -> None:
    page = hostile.get("/search", params={"q": XSS + ATTR}).text
    assert "<script" not in page.lower() and 'onmouseover="' not in page


# -- render helpers -----------------------------------------------------------------------------------


def test_render_helpers() -> None:
    assert id_path("local:a/b c") == "local%3Aa%2Fb%20c"
    assert safe_url("https://x.example/a") == "https://x.example/a"
    assert safe_url(" JavaScript:alert(1)") == "" and safe_url("data:text/html,x") == ""
    assert format_date("2025-08-14T09:00:00+03:00") == "14 أغسطس 2025"
    assert format_date("soon") == "soon" and format_date(None) == ""
    # timeline dates, as precise as they were written
    assert format_at_grain("2025-04-01", "month") == "أبريل 2025"
    assert format_at_grain("2025-04-01", "quarter") == "الربع الثاني 2025"
    assert format_at_grain("2025-01-01", "year") == "2025"
    assert format_at_grain("2025-08-04", "week") == "أسبوع 4 أغسطس 2025"
    assert format_at_grain("2025-08-10T04:00:00", "hour") == "10 أغسطس 2025"  # not the month alone
    assert format_at_grain("2025-08", "day") == "أغسطس 2025"  # no day written: none invented
    assert format_at_grain("2025-13-01", "month") == "2025-13-01" and format_at_grain("soon", "day") == "soon"
    assert arabic_dates("التاريخ: 2025-08-17 / 2025-08-21") == "التاريخ: 17 أغسطس 2025 / 21 أغسطس 2025"
    assert arabic_dates("منذ 2025-04 حتى الآن") == "منذ أبريل 2025 حتى الآن"
    assert arabic_dates("القتلى: 5 / 7") == "القتلى: 5 / 7" and arabic_dates("رقم 12025-08-170") == "رقم 12025-08-170"


def test_article_body_drops_bad_spans_but_keeps_text() -> None:
    text = "أ<b>ب. ج د."
    body = str(
        article_body(
            text,
            [Sentence(0, 0, 6, text[:6]), Sentence(1, 7, 11, text[7:]), Sentence(2, 3, 40, "bad")],
            [Mention(4, 9, "x", "PER", "p"), Mention(9, 10, "د", "LOC", None), Mention(50, 60, "?", "LOC")],
            [],
        )
    )
    assert body.count('class="sent"') == 2
    assert "&lt;b&gt;" in body and "<b>" not in body
    assert '<span class="ent ent-LOC" title="مكان" dir="auto">د</span>' in body
    assert 'href="/entities/p"' not in body  # crosses a sentence boundary: dropped
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == text  # no character lost or added


def test_story_page_shows_a_dated_timeline(web_client: TestClient) -> None:
    data = web_client.get("/stories/story-dam.json").json()
    dates = [e["date"] for e in data["timeline"]]
    assert dates and dates == sorted(dates)
    html = web_client.get("/stories/story-dam").text
    assert "التسلسل الزمني" in html
    assert f'<time datetime="{dates[0]}"' in html
    labels = re.findall(r'<time datetime="[^"]*" class="meta">(.*?)</time>', html)
    assert len(labels) == len(dates) and not any("<time" in x or re.search(r"\d{4}-\d{2}", x) for x in labels)
