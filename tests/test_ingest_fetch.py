"""URL fetching: private-address guard (direct and on redirects), limits, robots.txt, and a real
local HTTP server on 127.0.0.1 (the only network these tests touch)."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import httpx
import pytest
from conftest import http_server

from marsad.ingest import IngestOptions, iter_inputs
from marsad.ingest.addresses import address_problem, check_host, system_resolve
from marsad.ingest.errors import IngestError
from marsad.ingest.fetch import Fetcher
from marsad.model import Article, IngestProblem

PUBLIC = "93.184.216.34"
HOSTS = {"news.example": [PUBLIC], "intranet.example": ["10.1.2.3"], "sneaky.example": [PUBLIC, "127.0.0.2"]}
PAGE = (
    "<html><head><title>تجربة</title></head><body><article>"
    "<p>عقد مجلس المدينة جلسة طارئة مساء أمس لمناقشة أزمة المياه في الأحياء الشرقية.</p>"
    "<p>وقرر المجلس تخصيص صهاريج إضافية لتوزيع المياه على السكان حتى إصلاح الخط الرئيسي.</p>"
    "</article></body></html>"
)
RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>خلاصة محلية</title>'
    "<item><title>جلسة طارئة لمجلس المدينة</title><link>http://127.0.0.1/a</link>"
    "<description>عقد مجلس المدينة جلسة طارئة لمناقشة أزمة المياه في الأحياء الشرقية.</description></item>"
    "<item><title>صهاريج إضافية للأحياء الشرقية</title><link>http://127.0.0.1/b</link>"
    "<description>قرر المجلس تخصيص صهاريج إضافية لتوزيع المياه على السكان.</description></item>"
    "</channel></rss>"
)


def fake_resolve(host: str) -> list[str]:
    if host not in HOSTS:
        raise OSError("unknown host in test")
    return HOSTS[host]


class Recorder:
    """A MockTransport handler that serves a table of responses and records every request."""

    def __init__(self, routes: dict[str, httpx.Response]) -> None:
        self.routes = routes
        self.requests: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(str(request.url))
        return self.routes.get(str(request.url), httpx.Response(404))


def _fetcher(recorder: Recorder, **options: object) -> Fetcher:
    return Fetcher(IngestOptions(**options), transport=httpx.MockTransport(recorder), resolve=fake_resolve)  # type: ignore[arg-type]


# -- the address checker ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("0.0.0.0", "an unspecified address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("10.0.0.5", "a private address"),
        ("192.168.1.10", "a private address"),
        ("172.16.0.1", "a private address"),
        ("fd00::1", "a private address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("100.64.0.1", "not a public address"),  # carrier-grade NAT
        ("240.0.0.1", "a private address"),  # reserved 240/4 is flagged private by ipaddress
        (PUBLIC, None),
        ("2606:4700::1111", None),
        # IPv6 and embedded-IPv4 forms of the same targets
        ("::", "an unspecified address"),
        ("::ffff:0.0.0.0", "an unspecified address"),
        ("::ffff:169.254.169.254", "a link-local address"),  # cloud metadata, IPv4-mapped
        ("::ffff:10.0.0.1", "a private address"),
        ("::ffff:7f00:1", "a loopback address"),  # the mapped loopback written in hex
        ("fe80::1%eth0", "a link-local address"),  # with a zone id
        ("fc00::1", "a private address"),  # unique local (ULA)
        ("fec0::1", "a site-local address"),
        ("2002:7f00:1::", "a 6to4 address of a loopback address"),
        ("2002:a00:1::", "a 6to4 address of a private address"),
        ("2002:5db8:d822::1", None),  # 6to4 of a public address
        ("64:ff9b::7f00:1", "a reserved address"),  # NAT64 of 127.0.0.1
        ("::127.0.0.1", "a reserved address"),  # deprecated IPv4-compatible form
    ],
)
def test_address_problem(address: str, reason: str | None) -> None:
    assert address_problem(address) == reason


def test_check_host_refuses_if_any_address_is_private() -> None:
    check_host("news.example", "https://news.example/", fake_resolve)
    with pytest.raises(IngestError, match=r"sneaky\.example \(127\.0\.0\.2\) is a loopback address"):
        check_host("sneaky.example", "https://sneaky.example/", fake_resolve)
    with pytest.raises(IngestError, match="could not be resolved"):
        check_host("nowhere.example", "https://nowhere.example/", fake_resolve)


# -- refusals without any request ---------------------------------------------------------------


def test_loopback_url_refused_and_nothing_sent() -> None:
    recorder = Recorder({})
    with _fetcher(recorder) as fetcher:
        items = list(iter_inputs(["http://127.0.0.1:8000/"], IngestOptions(), fetcher=fetcher))
    assert items == [
        IngestProblem(
            "http://127.0.0.1:8000/",
            "refused to fetch http://127.0.0.1:8000/: 127.0.0.1 is a loopback address "
            "(use --allow-private to allow)",
        )
    ]
    assert recorder.requests == []


def test_default_fetcher_refuses_loopback_too() -> None:
    (problem,) = list(iter_inputs(["http://[::1]:9/x"], IngestOptions()))
    assert isinstance(problem, IngestProblem) and "::1 is a loopback address" in problem.message


def test_non_http_scheme_refused() -> None:
    (problem,) = list(iter_inputs(["file:///etc/passwd"], IngestOptions()))
    assert isinstance(problem, IngestProblem) and "only http and https" in problem.message


def test_redirect_to_private_address_refused() -> None:
    recorder = Recorder(
        {
            "https://news.example/robots.txt": httpx.Response(404),
            "https://news.example/story": httpx.Response(
                302, headers={"Location": "http://intranet.example/admin"}
            ),
            "https://news.example/hop": httpx.Response(301, headers={"Location": "/story"}),
        }
    )
    with _fetcher(recorder) as fetcher, pytest.raises(IngestError) as caught:
        fetcher.fetch("https://news.example/hop")
    message = str(caught.value)
    assert "intranet.example (10.1.2.3) is a private address" in message
    assert "redirect from https://news.example/hop" in message
    assert not any("intranet" in url for url in recorder.requests)


def test_redirect_loop_is_bounded() -> None:
    routes = {"https://news.example/robots.txt": httpx.Response(404)}
    for n in range(10):
        routes[f"https://news.example/{n}"] = httpx.Response(302, headers={"Location": f"/{n + 1}"})
    with _fetcher(Recorder(routes)) as fetcher, pytest.raises(IngestError, match="more than 5 redirects"):
        fetcher.fetch("https://news.example/0")


def test_size_limit_by_header_and_by_stream() -> None:
    def endless() -> Iterator[bytes]:
        for _ in range(1000):
            yield b"x" * 1000

    recorder = Recorder(
        {
            "https://news.example/robots.txt": httpx.Response(404),
            "https://news.example/big": httpx.Response(200, content=b"y" * 5000),
            "https://news.example/stream": httpx.Response(200, content=endless()),
        }
    )
    with _fetcher(recorder, max_bytes=2000) as fetcher:
        with pytest.raises(IngestError, match=r"response is 5\.0 KB, over the limit of 2\.0 KB"):
            fetcher.fetch("https://news.example/big")
        with pytest.raises(IngestError, match="download stopped"):
            fetcher.fetch("https://news.example/stream")


def test_http_error_status_is_a_problem() -> None:
    recorder = Recorder({"https://news.example/robots.txt": httpx.Response(404)})
    with _fetcher(recorder) as fetcher:
        (problem,) = list(iter_inputs(["https://news.example/gone"], IngestOptions(), fetcher=fetcher))
    assert isinstance(problem, IngestProblem) and "HTTP 404" in problem.message


# -- a real local server (allow_private=True) ---------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[str, bytes]] = {
        "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/feed.xml": ("application/rss+xml", RSS.encode("utf-8")),
        "/page.html": ("text/html; charset=utf-8", PAGE.encode("utf-8")),
        "/private/page.html": ("text/html; charset=utf-8", PAGE.encode("utf-8")),
    }
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.seen.append(self.path)
        found = self.routes.get(self.path)
        if found is None:
            self.send_error(404)
            return
        kind, body = found
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (signature of the base)
        return


@pytest.fixture
def local_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    _Handler.seen = []
    with http_server(_Handler) as base:
        yield base


def test_local_server_feed_page_and_robots(local_server: str) -> None:
    base = local_server
    inputs = [f"{base}/feed.xml", f"{base}/page.html", f"{base}/private/page.html"]
    items = list(iter_inputs(inputs, IngestOptions(allow_private=True, timeout=5)))
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, IngestProblem)]
    assert [a.source_kind for a in articles] == ["feed", "feed", "url"]
    assert articles[0].title == "جلسة طارئة لمجلس المدينة" and articles[0].outlet == "خلاصة محلية"
    assert articles[2].source_path == f"{base}/page.html" and "صهاريج" in articles[2].text
    assert [p.source for p in problems] == [f"{base}/private/page.html"]
    assert "disallowed by the site's robots.txt" in problems[0].message
    assert "/private/page.html" not in _Handler.seen
    assert _Handler.seen.count("/robots.txt") == 1  # cached per host


def test_local_server_refused_without_allow_private(local_server: str) -> None:
    (problem,) = list(iter_inputs([f"{local_server}/page.html"], IngestOptions(timeout=5)))
    assert isinstance(problem, IngestProblem) and "loopback" in problem.message
    assert _Handler.seen == []


# -- host spellings and redirect targets that must be refused -----------------------------------


@pytest.mark.parametrize(
    "host",
    ["127.1", "2130706433", "0x7f.1", "0", "localhost", "[::1]", "[::ffff:127.0.0.1]", "[fe80::1%25eth0]"],
)
def test_numeric_and_local_host_spellings_are_refused(host: str) -> None:
    """Shorthand, decimal and hex IPv4 spellings resolve (through the system resolver, without any
    network) to loopback or unspecified addresses and are refused like the dotted form."""
    with pytest.raises(IngestError, match="refused to fetch"):
        check_host(host.strip("[]").replace("%25", "%"), f"http://{host}/", system_resolve)


@pytest.mark.parametrize(
    "location",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "http://[::]/",
        "http://sneaky.example/",  # a name with one loopback answer among public ones
    ],
)
def test_redirect_to_any_non_public_target_refused(location: str) -> None:
    recorder = Recorder(
        {
            "https://news.example/robots.txt": httpx.Response(404),
            "https://news.example/go": httpx.Response(302, headers={"Location": location}),
        }
    )
    with _fetcher(recorder) as fetcher, pytest.raises(IngestError, match="refused to fetch .*redirect from"):
        fetcher.fetch("https://news.example/go")
    assert recorder.requests == ["https://news.example/robots.txt", "https://news.example/go"]


def test_redirect_to_another_scheme_refused() -> None:
    recorder = Recorder(
        {
            "https://news.example/robots.txt": httpx.Response(404),
            "https://news.example/go": httpx.Response(302, headers={"Location": "file:///etc/passwd"}),
        }
    )
    with _fetcher(recorder) as fetcher, pytest.raises(IngestError, match="only http and https"):
        fetcher.fetch("https://news.example/go")
