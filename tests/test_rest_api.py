"""The versioned REST API (``/api/v1/``): every endpoint, pagination bounds, the one JSON error
shape (404, 405, 413, 422, 401, 403), bearer tokens, idempotent writes, the OpenAPI schema, and one
real uvicorn server on 127.0.0.1.

Reads run over the web fixture store (``test_web_data``); writes go to fresh in-memory stores so the
read tests never see them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from click.testing import CliRunner
from fastapi.testclient import TestClient

from marsad.cli import cli
from marsad.ingest import IngestOptions
from marsad.ingest.jsonl import article_from_record
from marsad.model import SearchHit, to_dict
from marsad.store import open_store
from marsad.store.base import Store
from marsad.web import create_app
from marsad.web.rest import ENTITY_RANKING_CACHED, ExportName, Memo, check_tokens, token_matches
from marsad.web.server import load_tokens

TOKEN = "test-token-0123456789abcdef"
OTHER = "other-token-fedcba9876543210"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

ARTICLE = {
    "title": "افتتاح جسر جديد على نهر الفرات في مدينة الرمادي",
    "text": "افتتحت وزارة الإعمار يوم الأحد جسراً جديداً على نهر الفرات في مدينة الرمادي بعد عامين من العمل. "
    "وقال محافظ الأنبار إن الجسر سيخفف الزحام على الطريق الدولي ويربط الأحياء الشمالية بمركز المدينة.",
    "url": "https://news.example/ramadi-bridge?utm_source=x",
    "outlet": "وكالة النخيل",
    "published": "2025-04-06T10:00:00+03:00",
}


@pytest.fixture(scope="module")
def client(web_store: Store) -> TestClient:
    return TestClient(create_app(web_store, tokens=[TOKEN]))


@pytest.fixture
def fresh() -> Iterator[TestClient]:
    """An app over an empty store that accepts ``TOKEN`` and ``OTHER``."""
    with open_store(":memory:") as store:
        yield TestClient(create_app(store, tokens=[TOKEN, OTHER], max_body_bytes=20_000))


def assert_error(r: httpx.Response, status: int) -> dict[str, object]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert isinstance(body, dict) and isinstance(body["error"], str) and body["error"]
    assert set(body) <= {"error", "detail"}
    return body


# -- articles -------------------------------------------------------------------------------------


def test_article_list_pagination_total_and_next(client: TestClient, web_store: Store) -> None:
    first = client.get("/api/v1/articles", params={"limit": 3}).json()
    assert (first["limit"], first["offset"], first["total"]) == (3, 0, 4)
    assert [a["id"] for a in first["items"]] == [a.id for a in web_store.list_articles(limit=3)]
    assert set(first["items"][0]) == {"id", "title", "outlet", "url", "published", "language"}  # no bodies
    assert first["next"] == "/api/v1/articles?limit=3&offset=3"
    last = client.get(first["next"]).json()
    assert len(last["items"]) == 1 and last["next"] is None
    assert client.get("/api/v1/articles", params={"offset": 10}).json()["items"] == []


def test_article_list_outlet_filter(client: TestClient) -> None:
    data = client.get("/api/v1/articles", params={"outlet": "وكالة النخيل", "limit": 1}).json()
    assert data["items"][0]["outlet"] == "وكالة النخيل" and data["total"] is None
    assert data["next"] is not None and "outlet=" in data["next"]
    assert client.get(data["next"]).json()["next"] is None


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 501}, {"limit": "x"}, {"offset": -1}, {"offset": "1.5"}],
)
def test_bad_pagination_is_json_422(client: TestClient, params: dict[str, object]) -> None:
    for path in ("/api/v1/articles", "/api/v1/stories", "/api/v1/entities"):
        body = assert_error(client.get(path, params=params), 422)
        assert isinstance(body["detail"], list) and body["detail"][0]["loc"][0] == "query"


def test_pagination_bounds_accepted(client: TestClient) -> None:
    assert client.get("/api/v1/articles", params={"limit": 500, "offset": 0}).status_code == 200
    assert (
        client.get("/api/v1/stories", params={"limit": 1}).json()["next"]
        == "/api/v1/stories?limit=1&offset=1"
    )


def test_article_with_analysis(client: TestClient, web_store: Store) -> None:
    data = client.get("/api/v1/articles/a1").json()
    analysis = web_store.get_analysis("a1")
    assert analysis is not None
    assert data["article"] == to_dict(web_store.get_article("a1"))
    assert data["story_id"] == "story-dam"
    got = data["analysis"]
    assert got["mentions"] == to_dict(analysis.mentions) and got["times"] == to_dict(analysis.times)
    assert [e["id"] for e in got["entities"]] == analysis.entity_ids
    assert {"events", "attributions", "claims", "sentences", "keywords"} <= set(got)
    assert_error(client.get("/api/v1/articles/nope"), 404)


# -- stories --------------------------------------------------------------------------------------


def test_story_list_story_brief_and_markdown(client: TestClient, web_store: Store) -> None:
    stories = client.get("/api/v1/stories").json()
    assert [s["id"] for s in stories["items"]] == [s.id for s in web_store.list_stories()]
    assert stories["next"] is None
    story = client.get("/api/v1/stories/story-dam").json()
    assert story["story"] == to_dict(web_store.get_story("story-dam"))
    assert [a["id"] for a in story["articles"]] == ["a1", "a2", "a3"]
    assert [e["id"] for e in story["entities"]] == ["local:badush-dam", "local:mosul", "local:water-ministry"]
    assert story["has_brief"] is True
    assert client.get("/api/v1/stories/story-dam/brief").json() == to_dict(web_store.get_brief("story-dam"))
    md = client.get("/api/v1/stories/story-dam/brief.md")
    assert md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# افتتاح سد بادوش") and "## ماذا حدث؟" in md.text


def test_story_timeline_and_events(client: TestClient) -> None:
    timeline = client.get("/api/v1/stories/story-dam/timeline").json()
    dates = [e["date"] for e in timeline["entries"]]
    assert timeline["story_id"] == "story-dam" and dates and dates == sorted(dates)
    assert client.get("/api/v1/stories/story-dam/events").json() == {"items": []}  # fixtures have no events


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/stories/nope",
        "/api/v1/stories/nope/brief",
        "/api/v1/stories/nope/brief.md",
        "/api/v1/stories/nope/timeline",
        "/api/v1/stories/nope/events",
        "/api/v1/articles/nope/events",
        "/api/v1/entities/nope",
        "/api/v1/no-such-thing",
    ],
)
def test_unknown_records_are_json_404(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 404)


def test_method_not_allowed_is_json_405(client: TestClient) -> None:
    r = client.delete("/api/v1/stories")
    assert_error(r, 405)
    assert "GET" in r.headers["allow"]


# -- events ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def analysed() -> Iterator[TestClient]:
    """The demo corpus's first two dozen files, analysed and grouped (events, claims, stories)."""
    from marsad.api import Marsad
    from marsad.demo import article_paths

    with open_store(":memory:") as store:
        m = Marsad(store)
        paths = sorted(p for p in article_paths()[0].rglob("*.txt"))[:24]
        m.ingest([str(p) for p in paths])
        yield TestClient(create_app(store, tokens=[TOKEN]))


def test_events_of_article_story_and_store(analysed: TestClient) -> None:
    page = analysed.get("/api/v1/events", params={"limit": 100}).json()
    assert page["items"] and page["next"] is None
    first = page["items"][0]
    assert {"article_id", "index", "event"} == set(first) and first["event"]["type"]
    own = analysed.get(f"/api/v1/articles/{first['article_id']}/events").json()["items"]
    assert own[0] == first
    story_id = analysed.get(f"/api/v1/articles/{first['article_id']}").json()["story_id"]
    story_events = analysed.get(f"/api/v1/stories/{story_id}/events").json()["items"]
    assert first in story_events
    one = analysed.get("/api/v1/events", params={"limit": 1}).json()
    assert one["next"] == "/api/v1/events?limit=1&offset=1"
    assert_error(analysed.get("/api/v1/events", params={"limit": 101}), 422)


# -- entities -------------------------------------------------------------------------------------


def test_entity_list_type_filter_and_pages(client: TestClient, web_store: Store) -> None:
    data = client.get("/api/v1/entities", params={"limit": 2}).json()
    assert data["items"] == to_dict(web_store.list_entities(limit=2))
    assert data["next"] == "/api/v1/entities?limit=2&offset=2"
    second = client.get(data["next"]).json()
    assert second["items"] == to_dict(web_store.list_entities(limit=2, offset=2))
    orgs = client.get("/api/v1/entities", params={"type": "ORG"}).json()["items"]
    assert orgs and all(i["entity"]["type"] == "ORG" for i in orgs)
    assert_error(client.get("/api/v1/entities", params={"type": "loc"}), 422)
    beyond = client.get("/api/v1/entities", params={"offset": ENTITY_RANKING_CACHED}).json()
    assert beyond["items"] == [] and beyond["next"] is None  # past the cached ranking: straight to the store


def test_entity_detail(client: TestClient, web_store: Store) -> None:
    data = client.get("/api/v1/entities/local%3Amosul").json()
    assert data["entity"]["name_ar"] == "الموصل" and data["aliases"] == ["موصل"]
    assert data["surface_forms"] == [
        {"text": t, "mentions": n} for t, n in web_store.surface_forms("local:mosul")
    ]
    assert data["cooccurring"] == to_dict(web_store.cooccurring_entities("local:mosul", limit=20))
    assert [a["id"] for a in data["articles"]["items"]] == web_store.articles_mentioning("local:mosul")
    dam = client.get("/api/v1/entities/local%3Abadush-dam", params={"limit": 2}).json()["articles"]
    assert len(dam["items"]) == 2 and dam["next"] == "/api/v1/entities/local:badush-dam?limit=2&offset=2"
    spaced = client.get(
        "/api/v1/entities/local%3A%D9%85%D9%8A%D9%86%D8%A7%D8%A1%20%D8%A7%D9%84%D8%B9%D9%82%D8%A8%D8%A9"
    )
    assert spaced.json()["entity"]["name_ar"] == "ميناء العقبة"


# -- search and exports ---------------------------------------------------------------------------


def test_search(client: TestClient, web_store: Store) -> None:
    data = client.get("/api/v1/search", params={"q": "  العقبة ", "limit": 5}).json()
    assert data["query"] == "العقبة"
    assert data["items"] == to_dict(web_store.search("العقبة", limit=5))
    assert_error(client.get("/api/v1/search"), 422)
    assert_error(client.get("/api/v1/search", params={"q": ""}), 422)
    assert_error(client.get("/api/v1/search", params={"q": "x" * 201}), 422)
    assert_error(client.get("/api/v1/search", params={"q": "سد", "limit": 101}), 422)


@pytest.mark.parametrize("name", [n.value for n in ExportName])
def test_exports(analysed: TestClient, name: str) -> None:
    r = analysed.get(f"/api/v1/exports/{name}")
    assert r.status_code == 200 and r.content
    ext = name.rsplit(".", 1)[1]
    if ext == "geojson":
        assert r.json()["type"] == "FeatureCollection"
    elif ext == "jsonl":
        assert all(json.loads(line) for line in r.text.splitlines())
    else:
        assert "," in r.text.splitlines()[0] and f'filename="{name}"' in r.headers["content-disposition"]


def test_unknown_export_is_json_error(client: TestClient) -> None:
    assert_error(client.get("/api/v1/exports/passwords.csv"), 422)


# -- writes: auth ---------------------------------------------------------------------------------


def test_token_comparison() -> None:
    tokens = check_tokens([TOKEN, OTHER])
    assert token_matches(TOKEN, tokens) and token_matches(OTHER, tokens)
    assert not token_matches(TOKEN[:-1], tokens) and not token_matches(TOKEN + "x", tokens)
    assert not token_matches("", tokens) and not token_matches("تجربة", tokens)
    for weak in ["short", "has space inside 0123456789", " " * 20]:
        with pytest.raises(ValueError, match="at least 16 characters"):
            check_tokens([weak])
    with pytest.raises(ValueError):
        create_app(open_store(":memory:"), tokens=["tiny"])


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN},
     {"Authorization": "Bearer "}],
)  # fmt: skip
def test_missing_or_wrong_token_is_401(fresh: TestClient, headers: dict[str, str]) -> None:
    r = fresh.post("/api/v1/articles", json=ARTICLE, headers=headers)
    body = assert_error(r, 401)
    assert r.headers["www-authenticate"] == "Bearer"
    assert TOKEN not in r.text and "detail" not in body
    assert fresh.get("/api/v1/articles").json()["total"] == 0


def test_writes_disabled_without_tokens_is_403() -> None:
    with open_store(":memory:") as store:
        c = TestClient(create_app(store))
        body = assert_error(c.post("/api/v1/articles", json=ARTICLE, headers=AUTH), 403)
        assert "writes are disabled" in str(body["error"])


def test_second_token_works(fresh: TestClient) -> None:
    r = fresh.post("/api/v1/articles", json=ARTICLE, headers={"Authorization": f"Bearer {OTHER}"})
    assert r.status_code == 201


def test_load_tokens_from_file_and_env(tmp_path: Path) -> None:
    f = tmp_path / "tokens"
    f.write_text(f"# writers\n{TOKEN}\n\n  {OTHER}  \n", encoding="utf-8")
    env = {"MARSAD_API_TOKENS": f" {TOKEN}, third-token-0123456789 ,"}
    assert load_tokens(str(f), env) == [TOKEN, OTHER, "third-token-0123456789"]
    assert load_tokens(None, {}) == []


def test_serve_refuses_weak_tokens_without_echoing_them(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    open_store(str(db)).close()
    f = tmp_path / "tokens"
    f.write_text("weak-secret\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--token-file", str(f)])
    assert result.exit_code != 0 and "at least 16 characters" in result.output
    assert "weak-secret" not in result.output


# -- writes: validation, limits, idempotence -------------------------------------------------------


def test_post_one_article_then_again_is_a_duplicate(fresh: TestClient) -> None:
    r = fresh.post("/api/v1/articles", json=ARTICLE, headers=AUTH)
    assert r.status_code == 201, r.text
    out = r.json()
    assert len(out["added"]) == 1 and out["duplicates"] == [] and out["processed"] is False
    again = fresh.post(
        "/api/v1/articles", json=[ARTICLE, {**ARTICLE, "url": ARTICLE["url"] + "&fbclid=1"}], headers=AUTH
    )
    assert again.status_code == 201
    assert again.json()["added"] == [] and again.json()["duplicates"] == out["added"] * 2
    assert fresh.get("/api/v1/articles").json()["total"] == 1
    # the same identity as file ingest: a JSON Lines record of the same article gets the same id
    same = article_from_record(ARTICLE, source_path="x.jsonl", options=IngestOptions())
    assert out["added"] == [same.id]
    stored = fresh.get(f"/api/v1/articles/{same.id}").json()["article"]
    assert stored["source_kind"] == "api" and stored["published"] == ARTICLE["published"]
    assert stored["outlet"] == ARTICLE["outlet"] and stored["language"] == "ar"


def test_post_with_process_builds_stories(fresh: TestClient) -> None:
    second = {**ARTICLE, "url": "https://other.example/bridge", "outlet": "Al-Sahil News",
              "title": "جسر جديد على الفرات في الرمادي يفتح أمام السيارات"}  # fmt: skip
    r = fresh.post("/api/v1/articles", params={"process": "true"}, json=[ARTICLE, second], headers=AUTH)
    out = r.json()
    assert r.status_code == 201 and len(out["added"]) == 2 and out["processed"] is True
    assert out["stories_changed"]
    story_id = fresh.get(f"/api/v1/articles/{out['added'][0]}").json()["story_id"]
    assert story_id in out["stories_changed"]
    assert fresh.get(f"/api/v1/stories/{story_id}/brief").status_code == 200
    assert fresh.get(f"/api/v1/articles/{out['added'][0]}").json()["analysis"]["sentences"]


def test_post_language_given_and_rejected_items(fresh: TestClient) -> None:
    english = {
        "title": "A bridge opens",
        "text": "A new bridge opened on Sunday over the river.",
        "language": "en",
    }
    r = fresh.post(
        "/api/v1/articles", json=[english, {"title": "عنوان فقط", "text": "عنوان فقط"}], headers=AUTH
    )
    out = r.json()
    assert r.status_code == 201 and out["not_arabic"] == out["added"] and len(out["added"]) == 1
    assert out["rejected"] == [{"index": 1, "error": "no article text found (only a title)"}]
    assert fresh.get(f"/api/v1/articles/{out['added'][0]}").json()["article"]["language"] == "en"


@pytest.mark.parametrize(
    "body",
    [
        {"text": "نص"},  # no title
        {**ARTICLE, "text": "   "},
        {**ARTICLE, "url": "javascript:alert(1)"},
        {**ARTICLE, "url": "/relative"},
        {**ARTICLE, "published": "next tuesday-ish"},
        {**ARTICLE, "language": "Arabic"},
        {**ARTICLE, "unknown": 1},
        [],
        [ARTICLE] * 1001,
        "just a string",
    ],
)
def test_post_validation_is_json_422(body: object) -> None:
    with open_store(":memory:") as store:
        c = TestClient(create_app(store, tokens=[TOKEN]))  # default 5 MB limit: the 1001 list fits
        r = c.post("/api/v1/articles", json=body, headers=AUTH)
        detail = assert_error(r, 422)["detail"]
        assert isinstance(detail, list) and detail and all(set(d) == {"loc", "msg", "type"} for d in detail)
        assert store.count_articles() == 0


def test_malformed_json_is_json_422(fresh: TestClient) -> None:
    r = fresh.post(
        "/api/v1/articles", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"}
    )
    assert_error(r, 422)


def test_body_limit_by_content_length_and_by_stream(fresh: TestClient) -> None:
    big = json.dumps({**ARTICLE, "text": "كلمة " * 5000}).encode("utf-8")  # over the 20 kB of ``fresh``
    r = fresh.post("/api/v1/articles", content=big, headers={**AUTH, "Content-Type": "application/json"})
    assert "over the limit" in str(assert_error(r, 413)["error"])

    def chunks() -> Iterator[bytes]:  # no Content-Length: only the running count can catch it
        for i in range(0, len(big), 4096):
            yield big[i : i + 4096]

    r = fresh.post("/api/v1/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert_error(r, 413)
    # refused before authentication too: an anonymous client cannot make the server read a huge body
    assert_error(
        fresh.post("/api/v1/articles", content=big, headers={"Content-Type": "application/json"}), 413
    )
    assert fresh.get("/api/v1/articles").json()["total"] == 0


# -- the schema -----------------------------------------------------------------------------------


V1_PATHS = {
    ("/api/v1/articles", "get"), ("/api/v1/articles", "post"), ("/api/v1/articles/{article_id}", "get"),
    ("/api/v1/articles/{article_id}/events", "get"), ("/api/v1/stories", "get"),
    ("/api/v1/stories/{story_id}", "get"), ("/api/v1/stories/{story_id}/brief", "get"),
    ("/api/v1/stories/{story_id}/brief.md", "get"), ("/api/v1/stories/{story_id}/timeline", "get"),
    ("/api/v1/stories/{story_id}/events", "get"), ("/api/v1/events", "get"), ("/api/v1/entities", "get"),
    ("/api/v1/entities/{entity_id}", "get"), ("/api/v1/search", "get"), ("/api/v1/exports/{name}", "get"),
}  # fmt: skip


def test_openapi_lists_every_v1_path_documented(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    listed = {(p, m) for p, ops in schema["paths"].items() for m in ops if p.startswith("/api/v1/")}
    assert listed == V1_PATHS
    for path, method in V1_PATHS:
        op = schema["paths"][path][method]
        assert op["summary"] and op["responses"]
        for param in op.get("parameters", []):
            assert param.get("description"), (path, param["name"])
        ok = op["responses"].get("200") or op["responses"]["201"]
        assert ok["content"], path
    assert not any(p.startswith(("/stories", "/articles", "/entities", "/search")) for p in schema["paths"])
    post = schema["paths"]["/api/v1/articles"]["post"]
    assert post["security"] and {"401", "403", "413", "422"} <= set(post["responses"])
    assert "ErrorOut" in schema["components"]["schemas"]
    assert client.get("/api/docs").status_code == 200


# -- a real server --------------------------------------------------------------------------------


def test_real_uvicorn_server(tmp_path: Path) -> None:
    """The API over a real socket: reads, a write with a token, and a streamed oversized body."""
    with open_store(str(tmp_path / "s.db")) as store:
        app = create_app(store, tokens=[TOKEN], max_body_bytes=10_000)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 10
            while not server.started:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.05)
            with httpx.Client(base_url=base, timeout=10, trust_env=False) as http:
                assert http.get("/healthz").json()["status"] == "ok"
                r = http.post("/api/v1/articles", json=ARTICLE, headers=AUTH)
                assert r.status_code == 201 and len(r.json()["added"]) == 1
                assert http.get("/api/v1/articles").json()["total"] == 1
                chunks = (b"x" * 4096 for _ in range(10))
                r = http.post(
                    "/api/v1/articles", content=chunks, headers={**AUTH, "Content-Type": "application/json"}
                )
                assert r.status_code == 413 and r.json()["error"]
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            sock.close()
        assert not thread.is_alive()


def test_docs_page_csp_allows_only_swagger(client: TestClient) -> None:
    r = client.get("/api/docs")
    assert r.status_code == 200 and "SwaggerUIBundle" in r.text
    policy = r.headers["content-security-policy"]
    (inline,) = re.findall(r"<script>(.*?)</script>", r.text, flags=re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(inline.encode("utf-8")).digest()).decode("ascii")
    assert (
        f"'sha256-{digest}'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert (
        "script-src 'self';" in client.get("/stories").headers["content-security-policy"]
    )  # pages stay strict


def test_serve_with_workers(tmp_path: Path) -> None:
    """``marsad serve --workers 2``: one port, two processes, tokens from a file, and no 40 ms
    Nagle/delayed-ACK stall per request (the median of sequential requests stays far below it)."""
    import statistics
    import subprocess
    import sys

    db = str(tmp_path / "w.db")
    open_store(db).close()
    tokens = tmp_path / "tokens"
    tokens.write_text(TOKEN + "\n", encoding="utf-8")
    port = _free_port()
    cmd = [sys.executable, "-c", "from marsad.cli import main; main()", "serve", "--db", db, "--port", str(port),
           "--workers", "2", "--token-file", str(tokens), "--no-access-log"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5, trust_env=False) as http:
            deadline = time.monotonic() + 30
            while True:
                assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
                try:
                    if http.get("/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            assert http.post("/api/v1/articles", json=ARTICLE, headers=AUTH).status_code == 201
            times = []
            for _ in range(15):
                t = time.perf_counter()
                assert http.get("/api/v1/articles").json()["total"] == 1
                times.append(time.perf_counter() - t)
            assert statistics.median(times) < 0.035, times
    finally:
        proc.send_signal(2)
        output = proc.communicate(timeout=20)[0].decode("utf-8", "replace")
    assert proc.returncode == 0, output
    assert TOKEN not in output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_memo_follows_the_store_version_and_expires() -> None:
    version = [0]
    calls: list[int] = []
    memo = Memo(lambda: version[0], ttl=60, check_every=0)

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert memo.get("k", compute) == 1 and memo.get("k", compute) == 1
    version[0] = 1  # another process added articles
    assert memo.get("k", compute) == 2
    short = Memo(ttl=0)
    assert short.get("k", compute) == 3 and short.get("k", compute) == 4  # expired at once


def test_cached_answers_follow_writes_from_another_connection(tmp_path: Path) -> None:
    """Search and entity answers are memoised; an article stored by another process (here another
    connection) shows once the article count has been looked at again."""
    db = str(tmp_path / "m.db")
    with open_store(db) as store:
        c = TestClient(create_app(store))
        assert c.get("/api/v1/search", params={"q": "الرمادي"}).json()["items"] == []
        with open_store(db) as other:
            other.add_article(article_from_record(ARTICLE, source_path="x", options=IngestOptions()))
        time.sleep(1.1)
        assert len(c.get("/api/v1/search", params={"q": "الرمادي"}).json()["items"]) == 1


def test_slow_reads_run_on_a_side_connection(tmp_path: Path) -> None:
    """Memoised reads (search, entity pages, rankings, timelines) are computed on a side
    connection, off the event loop; the request connection never runs them."""
    db = str(tmp_path / "side.db")
    with open_store(db) as store, open_store(db) as side:
        store.add_article(article_from_record(ARTICLE, source_path="x", options=IngestOptions()))
        calls: list[str] = []
        original = side.search

        def spy(query: str, *, limit: int = 20) -> list[SearchHit]:
            calls.append(query)
            return original(query, limit=limit)

        side.search = spy  # type: ignore[method-assign]
        store.search = None  # type: ignore[assignment,method-assign]  # would fail if used
        c = TestClient(create_app(store, side_stores=[side]))
        for _ in range(3):
            assert len(c.get("/api/v1/search", params={"q": "الرمادي"}).json()["items"]) == 1
        assert calls == ["الرمادي"]  # computed once, on the side connection
