"""Fetching URLs safely: time-out, size limit, user agent, robots.txt, no private addresses.

Why redirects are followed by hand: the private-address guard (``addresses.check_host``) must see
every hop, otherwise a public page could redirect the fetcher to ``http://127.0.0.1/``. The body is
streamed and abandoned as soon as it passes ``max_bytes``, so a huge or endless response cannot
exhaust memory. One ``Fetcher`` holds one connection pool and one robots.txt cache for a whole run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from marsad.ingest.addresses import Resolver, check_host, system_resolve
from marsad.ingest.encoding import human_size
from marsad.ingest.errors import FetchError, IngestError
from marsad.ingest.options import IngestOptions
from marsad.ingest.robots import RobotsCache

MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 512_000  # Google reads at most 500 KiB of a robots.txt
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A successful response: the final URL (after redirects), its body and declared type."""

    url: str
    content: bytes
    content_type: str  # media type, lower case, without parameters ("" when not sent)
    charset: str | None
    status: int = 200  # 304 only when the caller sent conditional headers and nothing changed
    etag: str = ""
    last_modified: str = ""


def is_url(value: str) -> bool:
    """True when ``value`` looks like a URL (has a scheme), whatever the scheme."""
    parts = urlsplit(value)
    return "://" in value and bool(parts.scheme) and len(parts.scheme) > 1


class Fetcher:
    """Fetches pages for one ingest run (see module doc); errors are raised as ``IngestError``."""

    def __init__(
        self,
        options: IngestOptions,
        *,
        transport: httpx.BaseTransport | None = None,
        resolve: Resolver = system_resolve,
        before_request: Callable[[str], None] | None = None,
    ) -> None:
        self._options = options
        self._resolve = resolve
        self._before_request = before_request  # e.g. a per-host rate limit; sees every hop
        self._client = httpx.Client(
            timeout=options.timeout,
            headers={"User-Agent": options.user_agent},
            follow_redirects=False,
            transport=transport,
        )
        self._robots = RobotsCache(self._load_robots, options.user_agent)

    # -- lifecycle -------------------------------------------------------------------------------
    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- public ----------------------------------------------------------------------------------
    def fetch(self, url: str, *, headers: Mapping[str, str] | None = None) -> FetchedPage:
        """GET ``url`` honouring robots.txt, the address guard and the limits.

        ``headers`` are extra request headers; with conditional ones (``If-None-Match``…) a 304
        answer comes back as a page with ``status`` 304 and no content instead of an error.
        """
        return self._fetch(url, self._options.max_bytes, honour_robots=True, headers=headers)

    # -- internals -------------------------------------------------------------------------------
    def _check(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):
            raise IngestError(f"cannot fetch {url}: only http and https URLs are supported")
        if not parts.hostname:
            raise IngestError(f"cannot fetch {url}: the URL has no host")
        if not self._options.allow_private:
            check_host(parts.hostname, url, self._resolve)

    def _fetch(
        self, url: str, max_bytes: int, *, honour_robots: bool, headers: Mapping[str, str] | None = None
    ) -> FetchedPage:
        current = url
        for hop in range(MAX_REDIRECTS + 1):
            try:
                self._check(current)
            except IngestError as exc:
                if hop:
                    raise IngestError(f"{exc}; reached by a redirect from {url}") from None
                raise
            if honour_robots and not self._robots.allowed(current):
                raise IngestError(f"refused to fetch {current}: disallowed by the site's robots.txt")
            location, page = self._get(current, max_bytes, headers)
            if page is not None:
                return page
            current = location
        raise IngestError(f"cannot fetch {url}: more than {MAX_REDIRECTS} redirects")

    def _get(
        self, url: str, max_bytes: int, headers: Mapping[str, str] | None = None
    ) -> tuple[str, FetchedPage | None]:
        """One request: (redirect target, None) for a redirect, ("", page) for a success."""
        if self._before_request is not None:
            self._before_request(url)
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if response.status_code in _REDIRECTS:
                    location = response.headers.get("location", "")
                    if not location:
                        raise IngestError(f"cannot fetch {url}: redirect without a Location header")
                    return urljoin(url, location), None
                validators = {
                    "etag": response.headers.get("etag", ""),
                    "last_modified": response.headers.get("last-modified", ""),
                }
                if response.status_code == 304 and headers:
                    return "", FetchedPage(url, b"", "", None, status=304, **validators)
                if response.status_code >= 400:
                    status = response.status_code
                    raise FetchError(
                        f"cannot fetch {url}: the server answered HTTP {status}",
                        status=status,
                        transient=status == 429 or status >= 500,
                        retry_after=response.headers.get("retry-after", ""),
                    )
                if response.status_code >= 300:
                    raise IngestError(f"cannot fetch {url}: unexpected HTTP {response.status_code}")
                content = self._read_limited(response, url, max_bytes)
                media_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
                return "", FetchedPage(url, content, media_type, response.charset_encoding, **validators)
        except httpx.TimeoutException:
            raise FetchError(
                f"cannot fetch {url}: no answer within {self._options.timeout:g} s", transient=True
            ) from None
        except httpx.HTTPError as exc:
            raise FetchError(
                f"cannot fetch {url}: {exc or type(exc).__name__}",
                transient=isinstance(exc, httpx.TransportError),
            ) from None

    @staticmethod
    def _read_limited(response: httpx.Response, url: str, max_bytes: int) -> bytes:
        limit = f"over the limit of {human_size(max_bytes)} (max_bytes)"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise IngestError(f"cannot fetch {url}: response is {human_size(int(declared))}, {limit}")
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > max_bytes:
                raise IngestError(f"cannot fetch {url}: response is {limit}; download stopped")
            chunks.append(chunk)
        return b"".join(chunks)

    def _load_robots(self, robots_url: str) -> str | None:
        try:
            page = self._fetch(
                robots_url, min(ROBOTS_MAX_BYTES, self._options.max_bytes), honour_robots=False
            )
        except IngestError:
            return None
        return page.content.decode("utf-8", "replace")
