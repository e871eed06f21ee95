"""Security checks that span modules: hostile articles through the whole pipeline to every HTML page,
and no secrets in the repository.

``test_web_app`` already checks escaping with hand-built records; here the hostile articles go the way
real ones do (stored through the REST API and by the ingest builder, analysed, grouped, briefed), so
markup in a title, body, outlet or URL is checked on every page that shows what the *pipeline* made of
it: sentences, entity links, brief lines, timeline, citations, search snippets. The address guard of
the URL fetcher is tested in ``test_ingest_fetch``.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from marsad.api import Marsad
from marsad.ingest.build import make_article
from marsad.store import open_store
from marsad.web import create_app

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
TOKEN = "security-test-token-0123456789"
REPO = Path(__file__).resolve().parent.parent

HOSTILE_TEXT = (
    f"أعلنت وزارة الخارجية العراقية في بغداد يوم الأحد عن زيارة مرتقبة لوزير الخارجية الأردني {SCRIPT} "
    "لبحث ملف المياه والتجارة بين البلدين. "
    f"وقال المتحدث باسم الوزارة إن اللقاء سيعقد في بغداد الأسبوع المقبل {IMG} بحضور وفود رسمية. "
    f"وأضاف أن الجانبين سيوقعان اتفاقيات للنقل البري عبر منفذ طريبيل الحدودي {JS_URL} خلال الزيارة."
)


class Tags(HTMLParser):
    """Every start tag with its attributes, as the browser would see them (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _scheme(url: str) -> str:
    """The URL's scheme the way a browser reads it: control characters and spaces ignored."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url).lower()
    return cleaned.split(":", 1)[0] if re.match(r"^[a-z][a-z0-9+.-]*:", cleaned) else ""


def assert_no_live_markup(page: str, where: str) -> None:
    parser = Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag not in {"script", "img", "iframe", "object", "embed"}, (
            where,
            tag,
        )  # (the map is inline svg)
        for name, value in attrs:
            assert not name.startswith("on"), (where, tag, name)
            if name in {"href", "src", "action", "formaction", "xlink:href"} and value:
                assert _scheme(value) in {"", "http", "https"}, (where, tag, name, value)
    low = page.lower()
    assert "<script" not in low and "<img" not in low, where  # (escaped, "onerror=" is harmless text)


@pytest.fixture(scope="module")
def hostile() -> Iterator[tuple[TestClient, list[str]]]:
    """Three hostile articles: two posted through the REST API (payloads in title, body, outlet and
    URL path), one built by the ingest builder with a ``javascript:`` URL (the API refuses such a
    URL, a file or feed could carry one); all analysed and grouped by the real pipeline."""
    with open_store(":memory:") as store:
        client = TestClient(create_app(store, tokens=[TOKEN]))
        posted = [
            {
                "title": f"بغداد تستضيف وزير الخارجية الأردني {SCRIPT}",
                "text": HOSTILE_TEXT,
                "outlet": f"وكالة {IMG}",
                "url": f"https://news.example/a?x={quote(SCRIPT)}&y=%22%3E",
                "published": "2025-05-04",
            },
            {
                "title": f"زيارة أردنية مرتقبة إلى بغداد {IMG}",
                "text": HOSTILE_TEXT.replace("يوم الأحد", "أمس"),
                "outlet": f"{SCRIPT}نشرة",
                "url": "https://other.example/b",
                "published": "2025-05-05",
            },
        ]
        r = client.post("/api/v1/articles", json=posted, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201 and len(r.json()["added"]) == 2, r.text
        third = make_article(
            title=f"اتفاقيات نقل بري بين العراق والأردن {JS_URL}", text=HOSTILE_TEXT + " وتأتي الزيارة بعد قمة عمان.",
            source_kind="text", source_path="x.txt", url=JS_URL, outlet=f"{JS_URL}", published="2025-05-06",
        )  # fmt: skip
        assert store.add_article(third)
        Marsad(store).process()
        ids = [*r.json()["added"], third.id]
        yield client, ids


def _pages(client: TestClient, ids: list[str]) -> list[str]:
    stories = {sid for sid in (client.get(f"/api/v1/articles/{i}").json()["story_id"] for i in ids) if sid}
    entities = {
        e["id"]
        for i in ids
        for e in (client.get(f"/api/v1/articles/{i}").json()["analysis"] or {})["entities"]
    }
    assert stories and entities, "the pipeline found no story or entity in the hostile articles"
    return [
        "/", "/stories", "/entities", "/search?q=بغداد", "/search?q=" + quote(SCRIPT + IMG),
        *(f"/articles/{i}" for i in ids),
        *(f"/stories/{quote(s, safe='')}" for s in stories),
        *(f"/entities/{quote(e, safe='')}" for e in entities),
    ]  # fmt: skip


def test_hostile_articles_are_inert_on_every_page(hostile: tuple[TestClient, list[str]]) -> None:
    client, ids = hostile
    pages = _pages(client, ids)
    shown = 0
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert_no_live_markup(r.text, path)
        shown += "&lt;script&gt;" in r.text
    assert shown >= len(ids) + 2  # the payloads are on the pages, as text


def test_javascript_url_is_never_a_link(hostile: tuple[TestClient, list[str]]) -> None:
    client, ids = hostile
    page = client.get(f"/articles/{ids[2]}").text
    assert JS_URL in page  # shown as text, so a reader can see what the source said
    assert_no_live_markup(page, "article with a javascript: URL")
    story_id = client.get(f"/api/v1/articles/{ids[2]}").json()["story_id"]
    assert_no_live_markup(client.get(f"/stories/{quote(story_id, safe='')}").text, "its story")


def test_json_api_is_not_sniffed_as_html(hostile: tuple[TestClient, list[str]]) -> None:
    client, ids = hostile
    r = client.get(f"/api/v1/articles/{ids[0]}")
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in r.headers["content-security-policy"]


# -- no secrets in the repository --------------------------------------------------------------------

PRIVATE_KEY = re.compile(r"-----BEGIN ((RSA|DSA|EC|OPENSSH|PGP|ENCRYPTED) )?PRIVATE KEY( BLOCK)?-----")
KNOWN_TOKENS = re.compile(
    r"\b(AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}|xox[abprs]-[A-Za-z0-9-]{10,}"
    r"|sk-[A-Za-z0-9_-]{32,}|AIza[0-9A-Za-z_-]{35}|glpat-[A-Za-z0-9_-]{20})\b"
)
ASSIGNED = re.compile(
    r"(?i)\b([a-z0-9_]*(?:password|passwd|secret|api_?key|access_?key|token|auth)[a-z0-9_]*)"
    r"\s*[:=]\s*[rbuf]{0,2}([\"'])([^\"'\s]{8,})\2"
)
PLACEHOLDER = re.compile(r"(?i)test|example|dummy|fake|placeholder|sample|changeme|your|xxx|[<>{}$]")
SECRET_FILES = re.compile(
    r"(^|/)(\.env(\.(?!example$|sample$)[^/]+)?|\.netrc|\.pypirc|id_(rsa|dsa|ecdsa|ed25519)|[^/]*\.(pem|p12|pfx|key))$"
)


def secrets_in(text: str) -> list[str]:
    """What looks like a secret in ``text``: private key blocks, well-known token formats, and long
    literal values assigned to names like ``password`` or ``api_key`` (placeholders and constant
    names such as ``"MARSAD_API_TOKENS"`` are not secrets)."""
    found = [m.group(0) for m in PRIVATE_KEY.finditer(text)]
    found += [m.group(0) for m in KNOWN_TOKENS.finditer(text)]
    for m in ASSIGNED.finditer(text):
        value = m.group(3)
        if PLACEHOLDER.search(value) or re.fullmatch(r"[A-Z0-9_]+", value):
            continue
        found.append(f"{m.group(1)} = {value[:4]}…")
    return found


def _repo_files() -> list[str]:
    """Tracked files plus new ones not ignored (what the next commit could contain)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=REPO, capture_output=True, check=True, timeout=60,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        pytest.skip("not a git checkout")
    return sorted({p for p in out.stdout.decode("utf-8", "replace").split("\0") if p})


def test_the_scanner_finds_planted_secrets() -> None:
    begin = "-----BEGIN " + "RSA PRIVATE KEY-----"
    assert secrets_in(f"{begin}\nMIIEow\n")
    assert secrets_in("key = '" + "AKIA" + "Q" * 16 + "'")
    assert secrets_in("gh" + "p_" + "a1" * 20)
    assert secrets_in('DB_PASSWORD = "' + "hunter2hunter2" + '"')
    assert secrets_in("api_key: '" + "9f8e7d6c5b4a3210" + "'")
    assert not secrets_in('TOKENS_ENV = "MARSAD_API_TOKENS"')
    assert not secrets_in('token = "test-token-0123456789"') and not secrets_in("password = os.environ['PW']")
    assert SECRET_FILES.search("config/.env") and SECRET_FILES.search(".env.production")
    assert SECRET_FILES.search("deploy/server.pem") and not SECRET_FILES.search(".env.example")


def test_repository_contains_no_secrets() -> None:
    problems: list[str] = []
    for rel in _repo_files():
        if SECRET_FILES.search(rel):
            problems.append(f"{rel}: a file that usually holds secrets")
        path = REPO / rel
        try:
            if not path.is_file() or path.stat().st_size > 5_000_000:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        if b"\0" in data[:8192]:
            continue  # binary
        problems += [f"{rel}: {hit}" for hit in secrets_in(data.decode("utf-8", "replace"))]
    assert not problems, "\n".join(problems)
