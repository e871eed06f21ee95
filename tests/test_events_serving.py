"""Serving events (issue 5): exports (ACLED-like table, GeoJSON, attributions, claims), the
``marsad events`` batch interface, and the article page's «الأحداث» and «المصادر» sections.

The extractor is still being tuned, so these tests check robust facts about its output (some event
is a withdrawal from Ain al-Asad) and the serving contract around it (columns, coordinate order,
offsets, escaping, errors), not its exact lists.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from marsad.api import Marsad
from marsad.cli import cli
from marsad.exports import export_records
from marsad.knowledge.gazetteer import load_gazetteer
from marsad.model import (
    AnalyzedArticle,
    Argument,
    Article,
    Attribution,
    Event,
    Sentence,
    to_dict,
)
from marsad.store import open_store
from marsad.store.base import Store
from marsad.understand.event_lexicon import event_lexicon
from marsad.web import create_app

ACLED_HEADER = [
    "event_id", "event_date", "time_precision", "time_source", "event_type", "sub_event_type", "cameo",
    "actor1", "actor1_id", "actor2", "actor2_id", "admin1", "country", "location", "latitude",
    "longitude", "geo_precision", "modality", "quantities", "source", "source_url", "attributed_to",
    "notes",
]  # fmt: skip

RETREAT_TEXT = (
    "انسحبت القوات الأمريكية من قاعدة عين الأسد في محافظة الأنبار أمس، حسب ما نقلت وكالة رويترز "
    "عن مصادر مطلعة.\n"
    "واعتقلت قوات الأمن العراقية ناشطا في مدينة الموصل يوم الثلاثاء."
)
SCRIPT_TEXT = (
    "اعتقلت الشرطة ثلاثة أشخاص في مدينة البصرة صباح اليوم <script>alert('x')</script> بعد احتجاجات "
    "على انقطاع الكهرباء، وفق ما قال مسؤول محلي."
)
RECORDS = [
    {
        "id": "ret-1", "title": "انسحاب من عين الأسد", "text": RETREAT_TEXT, "outlet": "وكالة الرصد",
        "url": "https://example.org/news/ret-1", "published": "2025-03-12T10:00:00+03:00",
    },
    {
        "id": "arr-2", "title": "اعتقالات في البصرة", "text": SCRIPT_TEXT, "outlet": "صوت الجنوب",
        "url": "https://example.org/news/arr-2", "published": "2025-03-13T08:00:00+03:00",
    },
]  # fmt: skip


def invoke(args: list[str], *, ok: bool = True, stdin: str | None = None) -> Any:
    result = CliRunner().invoke(cli, args, input=stdin, catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("events")
    feed = folder / "news.jsonl"
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    path = str(folder / "events.db")
    with Marsad(path) as m:
        report = m.ingest([str(feed)])
        assert len(report.added) == 2 and not report.problems
    return path


@pytest.fixture(scope="module")
def store(db: str) -> Iterator[Store]:
    s = open_store(db)
    yield s
    s.close()


def article_id(store: Store, external: str) -> str:
    found = [a.id for a in store.list_articles(limit=10) if a.external_id == external]
    assert found, external
    return found[0]


def csv_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


# -- exports ----------------------------------------------------------------------------------------


def test_events_csv_has_acled_columns_and_the_withdrawal_from_ain_al_asad(db: str, store: Store) -> None:
    header, rows = csv_rows(invoke(["export", "--db", db, "--what", "events", "--format", "csv"]).output)
    assert header == ACLED_HEADER
    ret_id = article_id(store, "ret-1")
    retreats = [r for r in rows if r["event_type"] == "RETREAT" and r["event_id"].startswith(ret_id + ":")]
    assert retreats, rows
    row = retreats[0]
    base = load_gazetteer().get("marsad:ain-al-asad")
    assert base is not None and base.lat is not None and base.lon is not None
    assert float(row["latitude"]) == pytest.approx(base.lat)
    assert float(row["longitude"]) == pytest.approx(base.lon)
    assert 33 < float(row["latitude"]) < 34.5 and 42 < float(row["longitude"]) < 43  # not swapped
    assert "الأنبار" in row["admin1"]
    assert row["country"] == "العراق"
    assert row["geo_precision"] == "1"  # a base is a site
    assert "عين الأسد" in row["location"]
    assert row["event_date"] == "2025-03-11"  # أمس, from the publication date
    assert row["time_precision"] == "1" and row["time_source"] == "explicit"
    assert row["sub_event_type"] and row["sub_event_type"] in row["notes"]
    assert row["notes"] in RETREAT_TEXT and "عين الأسد" in row["notes"]
    assert row["source"] == "وكالة الرصد" and row["source_url"] == "https://example.org/news/ret-1"
    assert row["modality"] == "happened"
    # every event id is unique and names its article
    ids = [r["event_id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(r["event_date"] == "" or len(r["event_date"]) <= 10 for r in rows)


def test_events_jsonl_is_the_same_table_with_json_types(db: str) -> None:
    _, csv_table = csv_rows(invoke(["export", "--db", db, "--what", "events", "--format", "csv"]).output)
    lines = invoke(["export", "--db", db, "--what", "events", "--format", "jsonl"]).output.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["event_id"] for r in rows] == [r["event_id"] for r in csv_table]
    assert all(list(r) == ACLED_HEADER for r in rows)
    assert all(isinstance(r["quantities"], dict) for r in rows)
    located = [r for r in rows if r["latitude"] is not None]
    assert located and all(isinstance(r["latitude"], float) for r in located)


def test_events_geojson_points_are_lon_lat(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    invoke(["export", "--db", db, "--what", "events", "--format", "geojson", "-o", str(out)])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    assert features
    for f in features:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert (lon, lat) == (f["properties"]["longitude"], f["properties"]["latitude"])
    base = load_gazetteer().get("marsad:ain-al-asad")
    assert base is not None
    retreat = [f for f in features if f["properties"]["event_type"] == "RETREAT"]
    assert retreat and retreat[0]["geometry"]["coordinates"] == [base.lon, base.lat]
    jsonl = [json.loads(x) for x in invoke(["export", "--db", db, "--what", "events"]).output.splitlines()]
    assert len(features) == sum(1 for r in jsonl if r["latitude"] is not None)


def test_geojson_is_for_events_only(db: str, store: Store) -> None:
    bad = invoke(["export", "--db", db, "--what", "stories", "--format", "geojson"], ok=False)
    assert bad.exit_code == 1
    assert "GeoJSON export is available for events only" in bad.output
    with pytest.raises(ValueError, match="events only"):
        export_records(store, "articles", "geojson")
    with pytest.raises(ValueError, match="use jsonl for claims"):
        export_records(store, "claims", "csv")


def test_existing_exports_unchanged(db: str) -> None:
    header, rows = csv_rows(invoke(["export", "--db", db, "--what", "articles", "--format", "csv"]).output)
    assert header == ["id", "published", "outlet", "title", "url", "language", "author", "source_kind"]
    assert len(rows) == 2


def test_attribution_and_claim_exports(db: str, store: Store) -> None:
    header, rows = csv_rows(invoke(["export", "--db", db, "--what", "attributions", "--format", "csv"]).output)
    assert header == ["article_id", "sentence_index", "source", "kind", "analysis", "entity_id", "cue", "quote"]
    assert rows and all(r["kind"] in ("named", "anonymous") for r in rows)
    assert all(r["analysis"] in ("true", "false") for r in rows)
    assert any(r["kind"] == "anonymous" and "مصادر" in r["source"] for r in rows), rows
    stored = {a.article.id: a for a in store.iter_analyses()}
    lines = invoke(["export", "--db", db, "--what", "attributions"]).output.splitlines()
    assert len(lines) == len(rows) == sum(len(a.attributions) for a in stored.values())
    first = json.loads(lines[0])
    assert {k: v for k, v in first.items() if k != "article_id"} in to_dict(stored[first["article_id"]].attributions)
    claims = [json.loads(x) for x in invoke(["export", "--db", db, "--what", "claims"]).output.splitlines()]
    assert len(claims) == sum(len(a.claims) for a in stored.values())
    assert any(c["predicate"] == "RETREAT" for c in claims)
    for c in claims:
        text = stored[c["article_id"]].article.text
        assert 0 <= c["start"] < c["end"] <= len(text)


# -- the batch interface ------------------------------------------------------------------------------


def test_events_batch_offsets_point_at_the_evidence(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    invoke(["events", "--jsonl", str(path), "-o", str(out)])
    results = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in results] == ["ret-1", "arr-2"]
    assert all(set(r) == {"id", "events", "attributions", "claims"} for r in results)
    for record, result in zip(RECORDS, results, strict=True):
        text = record["text"]
        for e in result["events"]:
            assert text[e["start"] : e["end"]] == e["trigger"]
            for role in ("actor", "target", "place"):
                if e[role]:
                    assert text[e[role]["start"] : e[role]["end"]] == e[role]["text"]
        for a in result["attributions"]:
            assert text[a["start"] : a["end"]] == a["source_text"]
    retreat = [e for e in results[0]["events"] if e["type"] == "RETREAT"]
    assert retreat and retreat[0]["place"]["entity_id"] == "marsad:ain-al-asad"
    assert retreat[0]["time"] == "2025-03-11"


def test_events_batch_reads_stdin() -> None:
    line = json.dumps({"id": 7, "text": RETREAT_TEXT, "published": "2025-03-12"}, ensure_ascii=False)
    result = invoke(["events", "--jsonl", "-"], stdin=line + "\n")
    (out,) = [json.loads(x) for x in result.output.splitlines()]
    assert out["id"] == 7 and any(e["type"] == "RETREAT" for e in out["events"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "text": "نص"}\n{"id": "b", text}\n', "line 2: malformed JSON"),
        ('{"id": "a", "title": "بلا نص"}\n', "line 1: missing field(s) text"),
        ('["id", "text"]\n', "line 1: expected a JSON object"),
        ('{"id": "a", "text": "نص", "published": "أمس"}\n', "id 'a': published is not ISO-8601"),
    ],
)
def test_events_batch_bad_input_is_one_clear_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    result = invoke(["events", "--jsonl", str(path)], ok=False)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"marsad: error: {path}: {message}"), result.stderr
    assert result.stdout == ""


def test_events_batch_not_utf8_via_the_entry_point(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes('{"id": "a", "text": "نص"}\n'.encode("cp1256"))
    result = subprocess.run(
        [sys.executable, "-m", "marsad.cli", "events", "--jsonl", str(path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == f"marsad: error: {path}: not UTF-8 text (JSON Lines must be UTF-8)"


# -- the web app ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return TestClient(create_app(store))


def test_article_page_lists_events_and_sources(client: TestClient, store: Store) -> None:
    aid = article_id(store, "ret-1")
    html = client.get(f"/articles/{aid}").text
    assert '<h2 id="h-events">الأحداث</h2>' in html
    events = html[html.index('id="h-events"') : html.index('id="h-sources"')]
    label = event_lexicon().types["RETREAT"].label_ar
    assert f'<span class="event-type">{label}</span>' in events
    assert "عين الأسد" in events and "وقع" in events
    assert 'href="/entities/marsad%3Aain-al-asad"' in events
    sources = html[html.index('id="h-sources"') :]
    assert "المصادر" in sources and "مصدر مجهّل" in sources


def test_article_page_escapes_script_in_text(client: TestClient, store: Store) -> None:
    html = client.get(f"/articles/{article_id(store, 'arr-2')}").text
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_article_json_twin_has_events_and_sources(client: TestClient, store: Store) -> None:
    aid = article_id(store, "ret-1")
    data = client.get(f"/articles/{aid}.json").json()
    analysis = store.get_analysis(aid)
    assert analysis is not None
    assert data["analysis"]["events"] == to_dict(analysis.events)
    assert data["analysis"]["attributions"] == to_dict(analysis.attributions)
    assert len(data["events"]) == len(analysis.events)
    retreat = [e for e in data["events"] if e["type"] == "RETREAT"]
    assert retreat and retreat[0]["label_ar"] == event_lexicon().types["RETREAT"].label_ar
    assert retreat[0]["modality_ar"] == "وقع"
    assert len(data["sources"]) == len(analysis.attributions)


def test_web_event_exports(client: TestClient, store: Store) -> None:
    r = client.get("/export/events.geojson")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    assert r.json() == json.loads(export_records(store, "events", "geojson"))
    r = client.get("/export/events.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.text.splitlines()[0] == ",".join(ACLED_HEADER)
    assert client.get("/export/attributions.jsonl").status_code == 200
    assert client.get("/export/articles.csv").status_code == 404  # only the event exports are served
    assert client.get("/export/stories.geojson").status_code == 404


def test_event_sections_escape_every_field() -> None:
    """Hand-made records with markup in every text field the sections show."""
    evil = "<script>alert(1)</script>"
    text = f"هاجم {evil} مواقع في {evil}."
    article = Article(id="evil", title="عنوان", text=text, outlet="منفذ")
    arg = Argument(5, 5 + len(evil), evil, "local:ORG:<b>x</b>")
    att = Attribution(0, 5, 5 + len(evil), evil, cue=evil, anonymous=True, analysis=True, quote=evil)
    event = Event(0, 0, 4, "هاجم", "<img src=x onerror=alert(1)>", actor=arg, target=arg, place=arg,
                  time="2025-01-01", time_grain="day", time_source="explicit", attribution=att)  # fmt: skip
    analysis = AnalyzedArticle(article, [Sentence(0, 0, len(text), text)], events=[event], attributions=[att])
    s = open_store(":memory:")
    try:
        s.save_analysis(analysis)
        html = TestClient(create_app(s)).get("/articles/evil").text
    finally:
        s.close()
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # an unknown type is shown as its code, escaped
    assert html.count("&lt;script&gt;") >= 5
    assert "تحليل" in html and "مصدر مجهّل" in html
