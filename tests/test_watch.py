"""``marsad watch``: config validation, safe sitemap parsing, and the poller against a real HTTP
server on 127.0.0.1 (conditional GET, robots.txt, per-host spacing, Retry-After, restarts, bad
sources, store errors) with an injected clock so nothing really waits."""

from __future__ import annotations

import gzip
import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from conftest import http_server

from marsad.cli import cli
from marsad.store import SQLiteStore
from marsad.store.base import StoreError
from marsad.watch import ConfigError, SourceConfig, WatchConfig, Watcher, load_config, parse_config
from marsad.watch.retry import RetryPolicy, parse_retry_after
from marsad.watch.sitemap import SitemapError, looks_like_sitemap, newest_first, parse_sitemap
from marsad.watch.state import load_state

# -- content (short original Arabic texts written for these tests) ---------------------------------

PAGES = {
    "/news/1.html": (
        "افتتاح جسر جديد فوق النهر",
        [
            "افتتحت بلدية المدينة صباح اليوم جسرا جديدا فوق النهر يربط الضفة الشرقية بالسوق القديم.",
            "وقال رئيس البلدية إن الجسر سيختصر زمن الرحلة اليومية لآلاف الطلاب والعمال إلى النصف.",
            "واستغرق بناء الجسر عامين كاملين بتكلفة تحملتها البلدية بالتعاون مع صندوق التنمية المحلي.",
        ],
    ),
    "/news/2.html": (
        "موسم حصاد وفير للزيتون",
        [
            "توقع مزارعو القرى الجبلية موسما وفيرا لحصاد الزيتون هذا العام بعد أمطار الربيع الغزيرة.",
            "وأوضح رئيس جمعية المزارعين أن المعاصر بدأت استقبال المحصول منذ مطلع الأسبوع الجاري.",
            "ويأمل المزارعون أن تستقر أسعار الزيت في الأسواق المحلية بعد تراجعها في الموسم الماضي.",
        ],
    ),
    "/news/3.html": (
        "مكتبة عامة تمدد ساعات عملها",
        [
            "قررت إدارة المكتبة العامة في وسط المدينة تمديد ساعات عملها حتى منتصف الليل خلال فترة الامتحانات.",
            "وذكرت مديرة المكتبة أن القاعات امتلأت بالطلاب طوال الأسبوع الماضي وأن الطلب تجاوز الطاقة المتاحة.",
            "وستوفر المكتبة كذلك خدمة إنترنت مجانية وقاعة إضافية للدراسة الجماعية حتى نهاية الشهر.",
        ],
    ),
    "/flaky/4.html": (
        "حملة تطوعية لتنظيف الشاطئ",
        [
            "شارك مئات المتطوعين أمس في حملة لتنظيف الشاطئ الجنوبي من النفايات البلاستيكية.",
            "وجمع المشاركون أكثر من ثلاثة أطنان من المخلفات خلال ست ساعات من العمل المتواصل.",
            "ودعا منظمو الحملة السكان إلى الحد من استخدام الأكياس البلاستيكية خلال فصل الصيف.",
        ],
    ),
    "/news/5.html": (
        "افتتاح مركز صحي في الحي الشمالي",
        [
            "افتتحت وزارة الصحة مركزا صحيا جديدا في الحي الشمالي يقدم خدماته على مدار الساعة.",
            "ويضم المركز قسما للطوارئ وعيادات للأطفال ومختبرا للتحاليل الطبية الأساسية.",
            "وقال مدير المركز إن الأطباء سيستقبلون المرضى مجانا خلال الشهر الأول من الافتتاح.",
        ],
    ),
    "/private/secret.html": ("صفحة محظورة", ["هذه الصفحة محظورة على برامج الزحف ولا يجوز جلبها أبدا."]),
}


def page_html(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def rss(base: str, paths: list[str]) -> bytes:
    items = []
    for n, path in enumerate(paths):
        title, paragraphs = PAGES[path]
        teaser = f"<description>{paragraphs[0][:60]}</description>" if "private" not in path else ""
        items.append(
            f"<item><title>{title}</title><link>{base}{path}</link>"
            f"<pubDate>Mon, 0{n + 1} Sep 2025 08:00:00 +0000</pubDate>{teaser}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>نشرة الاختبار</title>'
        f"<link>{base}/</link>{''.join(items)}</channel></rss>"
    ).encode()


def urlset(base: str, paths: list[str]) -> bytes:
    urls = "".join(
        f"<url><loc>{base}{p}</loc><lastmod>2025-09-0{n + 1}</lastmod><news:news>"
        f"<news:publication_date>2025-09-0{n + 1}T09:30:00+03:00</news:publication_date>"
        f"<news:title>{PAGES[p][0]}</news:title></news:news></url>"
        for n, p in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    ).encode()


# -- the local server ----------------------------------------------------------------------------


@dataclass
class Site:
    """What the test server serves and what it saw (shared with the handler thread)."""

    base: str = ""
    documents: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)  # path -> (type, body, etag)
    fail_once: set[str] = field(default_factory=set)  # answer 503 + Retry-After the first time
    busy: dict[str, str] = field(default_factory=dict)  # path -> Retry-After of a lasting 429
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _ in self.requests]

    def put(self, path: str, kind: str, body: bytes, etag: str = "") -> None:
        with self.lock:
            self.documents[path] = (kind, body, etag)


LAST_MODIFIED = formatdate(1_750_000_000, usegmt=True)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            with site.lock:
                site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                found = site.documents.get(self.path)
                failing = self.path in site.fail_once
                site.fail_once.discard(self.path)
            if failing:
                self._send(503, b"busy", "text/plain", {"Retry-After": "2"})
                return
            if self.path in site.busy:
                self._send(429, b"slow down", "text/plain", {"Retry-After": site.busy[self.path]})
                return
            if found is None:
                self._send(404, b"not found", "text/plain", {})
                return
            kind, body, etag = found
            headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED} if etag else {}
            match = self.headers.get("If-None-Match")  # when sent, it alone decides (RFC 9110)
            if etag and (match == etag if match else self.headers.get("If-Modified-Since") == LAST_MODIFIED):
                self._send(304, b"", kind, headers)
                return
            self._send(200, body, kind, headers)

        def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (signature of the base)
            return

    return Handler


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    site = Site()
    with http_server(_handler(site)) as base:
        site.base = base
        html = "text/html; charset=utf-8"
        for path, (title, paragraphs) in PAGES.items():
            site.put(path, html, page_html(title, paragraphs))
        site.put("/robots.txt", "text/plain", b"User-agent: *\nDisallow: /private/\n")
        site.put(
            "/feed.xml",
            "application/rss+xml",
            rss(base, ["/news/1.html", "/news/2.html", "/private/secret.html"]),
            '"v1"',
        )
        site.put("/sitemap.xml", "application/xml", urlset(base, ["/news/3.html", "/flaky/4.html"]), '"s1"')
        site.put("/bad-feed.xml", "application/rss+xml", "هذا ليس ملف خلاصة بل نص عادي".encode())
        site.put("/bad-sitemap.xml", "application/xml", b"<urlset><url><loc>http://x.example/a</url></urlset>")
        site.fail_once.add("/flaky/4.html")
        yield site


class FakeClock:
    """Epoch time that only moves when the watcher sleeps (or the test says so)."""

    def __init__(self) -> None:
        self.now = 1_760_000_000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)


class ClockedTransport(httpx.BaseTransport):
    """The real HTTP transport, noting the fake time of every request (for the spacing check)."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.inner = httpx.HTTPTransport()
        self.sent: list[tuple[float, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((self.clock(), str(request.url)))
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def config(site: Site, *paths_kinds: tuple[str, str], per_host: float = 0.5) -> WatchConfig:
    return WatchConfig(
        sources=tuple(
            SourceConfig(url=site.base + path, outlet="مرصد الاختبار", interval=600, kind=kind)
            for path, kind in paths_kinds
        ),
        per_host_interval=per_host,
        max_retries=2,
        timeout=5,
    )


ALL_SOURCES = (
    ("/feed.xml", "feed"),
    ("/sitemap.xml", "sitemap"),
    ("/bad-feed.xml", "auto"),
    ("/bad-sitemap.xml", "sitemap"),
)


def watcher(
    store: SQLiteStore, cfg: WatchConfig, clock: FakeClock, transport: httpx.BaseTransport | None = None
) -> Watcher:
    return Watcher(
        store, cfg, allow_private=True, process=False, clock=clock, sleep=clock.sleep,
        transport=transport, jitter=lambda: 0.5,
    )  # fmt: skip


# -- the poller ----------------------------------------------------------------------------------


def test_round_then_conditional_poll(site: Site, tmp_path: Path) -> None:
    clock = FakeClock()
    transport = ClockedTransport(clock)
    with SQLiteStore(str(tmp_path / "w.db")) as store:
        w = watcher(store, config(site, *ALL_SOURCES), clock, transport)
        first = w.run_round()
        assert first.polled == 4 and first.failed == 2
        assert len(first.added) == 4 and store.count_articles() == 4
        messages = " | ".join(f"{p.source} {p.message}" for p in first.problems)
        assert "disallowed by the site's robots.txt" in messages
        assert "bad-feed.xml not an RSS/Atom feed" in messages
        assert "bad-sitemap.xml not well-formed XML" in messages
        assert len(first.problems) == 3
        # robots.txt is honoured: the disallowed page is never requested
        assert "/private/secret.html" not in site.paths()
        # 503 + Retry-After: 2 was honoured, then the page came
        assert site.paths().count("/flaky/4.html") == 2 and 2.0 in clock.sleeps and first.retries == 1
        # requests to one host are spaced by per_host_interval (on the injected clock)
        times = [t for t, _ in transport.sent]
        assert len(times) >= 9
        assert all(b - a >= 0.5 - 1e-9 for a, b in zip(times, times[1:], strict=False))
        urls = {a.url for a in (store.get_article(i) for i in first.added) if a}
        assert urls == {
            site.base + p for p in ("/news/1.html", "/news/2.html", "/news/3.html", "/flaky/4.html")
        }
        one = store.get_article(next(i for i in first.added if store.get_article(i).url.endswith("/1.html")))  # type: ignore[union-attr]
        assert one is not None and one.outlet == "مرصد الاختبار" and "الجسر" in one.text
        assert one.published == "2025-09-01T08:00:00+00:00"  # the feed's exact date
        state = load_state(store, site.base + "/feed.xml")
        assert state.etag == '"v1"' and state.last_modified == LAST_MODIFIED and state.failures == 0

        # nothing is due yet
        assert w.run_round().polled == 0
        # a poll later: conditional GETs, 304s, no page fetched again; bad sources still reported
        clock.now += 601
        before = len(site.requests)
        second = w.run_round()
        later = site.requests[before:]
        assert second.polled == 4 and second.not_modified == 2 and second.failed == 2 and second.added == []
        feed_request = next(h for p, h in later if p == "/feed.xml")
        assert feed_request["if-none-match"] == '"v1"' and feed_request["if-modified-since"] == LAST_MODIFIED
        assert not any(p.startswith(("/news/", "/flaky/", "/private/")) for p, _ in later)
        # failing sources back off exponentially (600 s, then 1200 s), the good ones keep their pace
        bad = load_state(store, site.base + "/bad-feed.xml")
        assert bad.failures == 2 and bad.next_due - clock.now >= 1200 - 5
        clock.now += 601
        assert w.run_round().polled == 2


def test_restart_resumes_without_reingesting(site: Site, tmp_path: Path) -> None:
    clock = FakeClock()
    db = str(tmp_path / "w.db")
    cfg = config(site, ("/feed.xml", "feed"), ("/sitemap.xml", "auto"))
    with SQLiteStore(db) as store:
        first = watcher(store, cfg, clock).run_round()
        assert len(first.added) == 4
        ids = {a.id for a in store.list_articles(limit=100)}
    # the feed changes (new version, one new entry) while the watcher is down
    site.put(
        "/feed.xml",
        "application/rss+xml",
        rss(site.base, ["/news/5.html", "/news/1.html", "/news/2.html", "/private/secret.html"]),
        '"v2"',
    )
    clock.now += 601
    before = len(site.requests)
    with SQLiteStore(db) as store:  # a new process: new watcher, same store
        again = watcher(store, cfg, clock).run_round()
        fetched = [p for p, _ in site.requests[before:]]
        assert len(again.added) == 1 and store.count_articles() == 5
        assert ids <= {a.id for a in store.list_articles(limit=100)}
        assert [p for p in fetched if p.startswith(("/news/", "/flaky/"))] == ["/news/5.html"]
        assert again.not_modified == 1  # the sitemap
        # and a third start with nothing new adds nothing
        clock.now += 601
        assert watcher(store, cfg, clock).run_round().added == []
        assert store.count_articles() == 5


def test_sitemap_index_followed_and_rechecked_on_304(site: Site, tmp_path: Path) -> None:
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.base}/sitemap.xml</loc><lastmod>2025-09-02</lastmod></sitemap></sitemapindex>"
    ).encode()
    site.put("/index.xml", "application/xml", index, '"i1"')
    clock = FakeClock()
    with SQLiteStore(str(tmp_path / "w.db")) as store:
        w = watcher(store, config(site, ("/index.xml", "auto")), clock)
        assert len(w.run_round().added) == 2
        # the child changes while the index does not: the 304 index still leads to the child
        site.put(
            "/sitemap.xml",
            "application/xml",
            urlset(site.base, ["/news/3.html", "/flaky/4.html", "/news/5.html"]),
            '"s2"',
        )
        clock.now += 601
        second = w.run_round()
        assert second.not_modified == 1 and len(second.added) == 1
        clock.now += 601
        before = len(site.requests)
        third = w.run_round()
        assert third.added == [] and [
            (p, h.get("if-none-match")) for p, h in site.requests[before:] if p != "/robots.txt"
        ] == [("/index.xml", '"i1"'), ("/sitemap.xml", '"s2"')]


def test_long_retry_after_reschedules_and_spares_the_host(site: Site, tmp_path: Path) -> None:
    site.busy["/busy.xml"] = "3600"
    clock = FakeClock()
    with SQLiteStore(str(tmp_path / "w.db")) as store:
        w = watcher(store, config(site, ("/busy.xml", "feed"), ("/feed.xml", "feed")), clock)
        report = w.run_round()
        assert report.failed == 2 and report.added == [] and 3600 not in clock.sleeps
        assert "HTTP 429" in report.problems[0].message and "pause" in report.problems[1].message
        assert site.paths().count("/busy.xml") == 1 and "/feed.xml" not in site.paths()
        for path in ("/busy.xml", "/feed.xml"):
            assert load_state(store, site.base + path).next_due >= clock.now + 3500


def test_connection_errors_are_retried_with_backoff(tmp_path: Path) -> None:
    """A dropped connection and a time-out are retried (1 s, then 2 s with the fixed jitter)."""
    failures = [httpx.ConnectError("connection refused"), httpx.ReadTimeout("slow")]
    base = "https://news.example"

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.path == "/feed.xml":
            if failures:
                raise failures.pop(0)
            return httpx.Response(
                200, content=rss(base, ["/news/1.html"]), headers={"Content-Type": "application/rss+xml"}
            )
        title, paragraphs = PAGES[request.url.path]
        return httpx.Response(
            200, content=page_html(title, paragraphs), headers={"Content-Type": "text/html"}
        )

    clock = FakeClock()
    cfg = WatchConfig(sources=(SourceConfig(url=base + "/feed.xml", outlet="x"),), per_host_interval=0)
    with SQLiteStore(str(tmp_path / "w.db")) as store:
        w = Watcher(
            store, cfg, process=False, clock=clock, sleep=clock.sleep, transport=httpx.MockTransport(handler),
            resolve=lambda host: ["93.184.216.34"], jitter=lambda: 0.5,
        )  # fmt: skip
        report = w.run_round()
        assert report.retries == 2 and clock.sleeps == [1.0, 2.0]
        assert len(report.added) == 1 and report.problems == []


def test_store_error_retries_the_round_and_records_nothing_early(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    with SQLiteStore(str(tmp_path / "w.db")) as store:
        real_add = store.add_article
        calls = {"n": 0}

        def flaky_add(article: object) -> bool:
            calls["n"] += 1
            if calls["n"] == 2:
                raise StoreError("cannot write to the store: database server restarted")
            return real_add(article)  # type: ignore[arg-type]

        monkeypatch.setattr(store, "add_article", flaky_add)
        problems: list[str] = []
        w = Watcher(
            store, config(site, ("/feed.xml", "feed")), allow_private=True, process=False,
            clock=clock, sleep=clock.sleep, on_problem=lambda p: problems.append(p.message),
        )  # fmt: skip
        reports = w.run(rounds=1)
        assert len(reports) == 1 and any("store error" in m for m in problems)
        assert 5.0 in clock.sleeps  # bounded backoff before the retry
        assert store.count_articles() == 2
        assert load_state(store, site.base + "/feed.xml").etag == '"v1"'


def test_article_cap_leaves_the_rest_for_the_next_round(site: Site, tmp_path: Path) -> None:
    clock = FakeClock()
    cfg = config(site, ("/feed.xml", "feed"), ("/sitemap.xml", "sitemap"))
    cfg = WatchConfig(sources=cfg.sources, per_host_interval=0, max_articles_per_round=3, timeout=5)
    with SQLiteStore(str(tmp_path / "w.db")) as store:
        w = watcher(store, cfg, clock)
        first = w.run_round()
        assert first.capped and len(first.added) == 2  # 3 attempts: two pages, one refused by robots
        assert load_state(store, site.base + "/sitemap.xml").etag == ""  # not read in full yet
        second = w.run_round()  # the capped source is due at once
        assert len(second.added) == 2 and store.count_articles() == 4
        assert load_state(store, site.base + "/sitemap.xml").etag == '"s1"'


def test_stop_ends_between_requests(site: Site, tmp_path: Path) -> None:
    clock = FakeClock()
    with SQLiteStore(str(tmp_path / "w.db")) as store:
        w = watcher(store, config(site, *ALL_SOURCES), clock)
        original = w.limiter.wait

        def stop_after_three(url: str) -> None:
            original(url)
            if len(site.requests) >= 3:
                w.stop()

        w.limiter.wait = stop_after_three  # type: ignore[method-assign]
        assert w.run()[0].stopped
        assert len(site.requests) <= 4


def test_a_stop_from_a_signal_handler_never_waits_for_the_interrupted_wait(site: Site, tmp_path: Path) -> None:
    # A handler runs in the thread it interrupts. Event.wait holds the event's lock for a moment;
    # a handler that fired in that moment and called Event.set would wait for itself for ever.
    with SQLiteStore(str(tmp_path / "w.db")) as store:
        w = watcher(store, config(site, *ALL_SOURCES), FakeClock())
        with w._stop._cond:  # type: ignore[attr-defined]  # the lock, as Event.wait holds it
            w.stop_from_signal()  # returns at once
            assert not w.stopped
        assert w._stop.wait(timeout=5)
        assert w.stopped


# -- the command line ----------------------------------------------------------------------------


def test_cli_watch_once_end_to_end(site: Site, tmp_path: Path) -> None:
    cfg = tmp_path / "watch.yaml"
    cfg.write_text(
        f"per_host_interval: 0.01\ntimeout: 5\nsources:\n"
        f"  - url: {site.base}/feed.xml\n    outlet: مرصد الاختبار\n    kind: feed\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(cli, ["watch", str(cfg), "--once", "--allow-private", "--db", db])
    assert "round 1: 1 sources polled, 0 not modified, 2 new articles, 1 problems" in result.output
    assert result.exit_code == 1  # the robots-refused entry is a problem
    with SQLiteStore(db) as store:
        assert store.count_articles() == 2
        assert store.unanalyzed_article_ids() == []
        assert store.list_stories(limit=10)
    # without --allow-private the loopback server is refused, with a clear problem line
    refused = CliRunner().invoke(cli, ["watch", str(cfg), "--rounds", "1", "--db", str(tmp_path / "x.db")])
    assert "loopback" in refused.output and refused.exit_code == 1


def test_cli_watch_stops_on_sigterm(site: Site, tmp_path: Path) -> None:
    cfg = tmp_path / "watch.yaml"
    cfg.write_text(
        f"per_host_interval: 0.01\nsources:\n  - {{url: '{site.base}/feed.xml', outlet: x, interval: 3600}}\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "marsad.cli", "watch", str(cfg), "--allow-private", "--no-process",
               "--db", str(tmp_path / "s.db")]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout or []], daemon=True)
    reader.start()
    try:
        assert "round 1:" in lines.get(timeout=60)  # then it idles until the source is due
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert "stopping" in (proc.stderr.read() if proc.stderr else "")


def test_cli_watch_bad_config(tmp_path: Path) -> None:
    cfg = tmp_path / "watch.yaml"
    cfg.write_text(
        "sources:\n  - url: https://news.example/rss\n    outlet: x\n    interval: soon\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["watch", str(cfg), "--once", "--db", str(tmp_path / "c.db")])
    assert result.exit_code != 0 and "sources[0].interval: must be a number" in result.output


# -- config ----------------------------------------------------------------------------------------


def test_config_defaults_and_file(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "max_retries: 1\nsources:\n  - url: https://news.example/rss\n    outlet: أخبار\n"
        "  - {url: 'https://news.example/sitemap.xml', outlet: أخبار, interval: 60, kind: sitemap}\n",
        encoding="utf-8",
    )
    cfg = load_config(path)
    assert cfg.max_retries == 1 and cfg.per_host_interval == 1.0
    assert cfg.sources[0].interval == 900 and cfg.sources[0].kind == "auto"
    assert cfg.sources[1].kind == "sitemap" and cfg.sources[1].interval == 60


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "must be a mapping"),
        ({"sources": []}, "sources: must be a non-empty list"),
        ({"sources": [{"outlet": "x"}]}, "sources[0].url: missing"),
        (
            {"sources": [{"url": "ftp://x.example/f", "outlet": "x"}]},
            "sources[0].url: must be an http(s) URL",
        ),
        ({"sources": [{"url": "https://x.example/f"}]}, "sources[0].outlet: missing"),
        (
            {"sources": [{"url": "https://x.example/f", "outlet": "x", "interval": 0}]},
            "sources[0].interval: must be more than 0",
        ),
        (
            {"sources": [{"url": "https://x.example/f", "outlet": "x", "interval": True}]},
            "sources[0].interval: must be a number",
        ),
        (
            {"sources": [{"url": "https://x.example/f", "outlet": "x", "kind": "atom"}]},
            "sources[0].kind: must be one of",
        ),
        (
            {"sources": [{"url": "https://x.example/f", "outlet": "x", "intervall": 5}]},
            "sources[0]: unknown field 'intervall'",
        ),
        (
            {"sources": [{"url": "https://x.example/f", "outlet": "x"}] * 2},
            "sources[1].url: https://x.example/f is already sources[0]",
        ),
        (
            {"sources": [{"url": "https://x.example/f", "outlet": "x"}], "max_retries": -1},
            "max_retries: must be at least 0",
        ),
        (
            {"sources": [{"url": "https://x.example/f", "outlet": "x"}], "per_host_interval": "1s"},
            "per_host_interval: must be a number",
        ),
        (
            {"sources": [{"url": "https://x.example/f", "outlet": "x"}], "max_articles_per_round": 0},
            "max_articles_per_round: must be at least 1",
        ),
        (
            {"sources": [{"url": "https://x.example/f", "outlet": "x"}], "user_agnet": "x"},
            "unknown field 'user_agnet'",
        ),
    ],
)
def test_config_errors_name_the_field(data: object, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(data)
    assert message in str(caught.value)


def test_config_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)


# -- sitemaps, retries ---------------------------------------------------------------------------------


def test_sitemap_parsing_is_safe_and_complete() -> None:
    doc = urlset("https://news.example", ["/news/1.html", "/news/2.html"])
    parsed = parse_sitemap(gzip.compress(doc))
    assert [e.loc for e in newest_first(parsed.urls)] == [
        "https://news.example/news/2.html",
        "https://news.example/news/1.html",
    ]
    assert parsed.urls[0].published == "2025-09-01T09:30:00+03:00" and parsed.urls[0].lastmod == "2025-09-01"
    assert parsed.urls[0].title == PAGES["/news/1.html"][0]
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<urlset><url><loc>https://news.example/&b;&x;</loc></url><url><loc>/relative</loc></url></urlset>"
    )
    parsed = parse_sitemap(laughs)
    assert [e.loc for e in parsed.urls] == ["https://news.example/"]  # nothing expanded or read
    assert parsed.problems and "not an absolute http(s) URL" in parsed.problems[0]
    for broken, reason in [
        (b"", "empty"),
        (b"<urlset><url>", "not well-formed"),
        (b"<rss version='2.0'/>", "root element is <rss>"),
        (b"\x1f\x8b\x08garbage", "gzip"),
    ]:
        with pytest.raises(SitemapError, match=reason):
            parse_sitemap(broken)
    assert looks_like_sitemap(b'<?xml version="1.0"?>\n<sitemapindex xmlns="x">')
    assert not looks_like_sitemap(b"<rss version='2.0'><channel/></rss>")


def test_retry_after_and_backoff() -> None:
    assert parse_retry_after("120", 0) == 120
    assert parse_retry_after(formatdate(1000, usegmt=True), 990) == 10
    assert parse_retry_after("soon", 0) is None and parse_retry_after("", 0) is None
    policy = RetryPolicy(base_delay=1, max_delay=5)
    assert [policy.delay(n, lambda: 0.5) for n in (1, 2, 3, 4)] == [1, 2, 4, 5]
    assert policy.delay(1, lambda: 0.0) == 0.5


def test_state_survives_garbage(tmp_path: Path) -> None:
    with SQLiteStore(str(tmp_path / "s.db")) as store:
        store.set_state("watch:https://x.example/f", "{not json")
        assert load_state(store, "https://x.example/f").next_due == 0
        store.set_state(
            "watch:https://x.example/f", json.dumps({"etag": 5, "failures": "many", "next_due": 10})
        )
        state = load_state(store, "https://x.example/f")
        assert state.etag == "" and state.failures == 0 and state.next_due == 10
