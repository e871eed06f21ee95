"""XML sitemaps (``urlset`` and ``sitemapindex``, optionally gzip-compressed) to page URLs.

Why lxml with a locked-down parser: a sitemap is untrusted input fetched from the web. Entities are
not expanded (no "billion laughs"), no DTD or external resource is loaded (no network, no local
files), and ``huge_tree`` stays off so libxml2's own depth and size limits apply. Anything that is not
well-formed XML, or not a sitemap, is a ``SitemapError`` with one readable sentence, never a crash.

Elements are matched by local name, so sitemaps without the standard namespace (common in the wild)
still work; Google News extensions (``news:publication_date``, ``news:title``) are read when present.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree

from marsad.ingest.dates import to_iso

MAX_URLS = 50_000  # the sitemap protocol's own limit per file
MAX_UNCOMPRESSED = 50 * 1024 * 1024  # likewise: 50 MiB uncompressed
_GZIP_MAGIC = b"\x1f\x8b"
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(urlset|sitemapindex)[\s>/]")


class SitemapError(Exception):
    """The document is not a usable sitemap; ``str()`` is one sentence for the user."""


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One ``<url>`` (or, in an index, one ``<sitemap>``)."""

    loc: str
    lastmod: str | None = None  # ISO-8601
    published: str | None = None  # news:publication_date, ISO-8601
    title: str = ""  # news:title


@dataclass(slots=True)
class Sitemap:
    """A parsed document: ``urls`` for a urlset, ``children`` for a sitemap index."""

    is_index: bool
    urls: list[SitemapEntry] = field(default_factory=list)
    children: list[SitemapEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # skipped entries, one sentence each


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def gunzip(data: bytes, limit: int = MAX_UNCOMPRESSED) -> bytes:
    """``data`` decompressed when it is gzip, else as is; bounded so a small "zip bomb" cannot
    expand without limit."""
    if not data.startswith(_GZIP_MAGIC):
        return data
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise SitemapError(f"broken gzip compression: {exc}") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise SitemapError(f"uncompressed sitemap is over {limit // (1024 * 1024)} MiB")
    return out


def looks_like_sitemap(data: bytes) -> bool:
    """True when the document's root element seems to be ``urlset`` or ``sitemapindex`` (cheap
    sniffing for ``kind: auto``; the real parse decides)."""
    if data.startswith(_GZIP_MAGIC):
        return True
    return _ROOT.search(data[:4096]) is not None


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(element: etree._Element, *path: str) -> str:
    """Text of the first descendant reached by following local names ``path``."""
    current: list[etree._Element] = [element]
    for name in path:
        current = [c for parent in current for c in parent if _local(c) == name]
        if not current:
            return ""
    return (current[0].text or "").strip()


def _entry(element: etree._Element, number: int, problems: list[str]) -> SitemapEntry | None:
    loc = _child_text(element, "loc")
    parts = urlsplit(loc)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        problems.append(f"entry {number}: <loc> is not an absolute http(s) URL: {loc[:100]!r}")
        return None
    lastmod_raw = _child_text(element, "lastmod")
    published_raw = _child_text(element, "news", "publication_date")
    return SitemapEntry(
        loc=loc,
        lastmod=to_iso(lastmod_raw) if lastmod_raw else None,
        published=to_iso(published_raw) if published_raw else None,
        title=" ".join(_child_text(element, "news", "title").split()),
    )


def parse_sitemap(data: bytes) -> Sitemap:
    """The entries of a sitemap document (gzip accepted); ``SitemapError`` when unusable."""
    data = gunzip(data)
    if not data.strip():
        raise SitemapError("empty document")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not well-formed XML: {exc}") from None
    except ValueError as exc:  # e.g. an encoding declaration lxml refuses
        raise SitemapError(f"not readable XML: {exc}") from None
    if root is None:
        raise SitemapError("no root element")
    kind = _local(root)
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(f"root element is <{kind}>, not <urlset> or <sitemapindex>")
    result = Sitemap(is_index=kind == "sitemapindex")
    wanted = "sitemap" if result.is_index else "url"
    target = result.children if result.is_index else result.urls
    number = 0
    for element in root:
        if _local(element) != wanted:
            continue
        number += 1
        if number > MAX_URLS:
            result.problems.append(f"more than {MAX_URLS} entries; the rest is ignored")
            break
        entry = _entry(element, number, result.problems)
        if entry is not None:
            target.append(entry)
    return result


def newest_first(entries: list[SitemapEntry]) -> list[SitemapEntry]:
    """Entries with the most recent date first (undated last, document order kept among equals),
    so a per-round cap picks today's news rather than the archive."""
    return sorted(entries, key=lambda e: e.published or e.lastmod or "", reverse=True)
