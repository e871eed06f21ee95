"""HTML pages (files or fetched URLs) to articles.

Why trafilatura first and lxml second: trafilatura is the best general main-text extractor and also
reads most metadata (title, date, author, site name), but on unusual pages it can return nothing, and
it only gives a day-precision date. The page's own ``<meta>`` tags (Open Graph,
``article:published_time``, ``<link rel=canonical>``) fill the gaps, and a plain ``<p>`` collection is
the last resort for the body. A page with no text at all is reported, not stored.
"""

from __future__ import annotations

import copy
import logging
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

from marsad.ingest.build import make_article
from marsad.ingest.dates import to_iso
from marsad.ingest.encoding import decode_bytes, sniff_declared_charset
from marsad.ingest.errors import IngestError
from marsad.ingest.options import IngestOptions
from marsad.model import Article

log = logging.getLogger(__name__)

_NOISE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template")


def _parse(text: str) -> lxml.html.HtmlElement | None:
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8")
        return lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _meta(tree: lxml.html.HtmlElement | None, *names: str) -> str:
    """Content of the first ``<meta property|name=…>`` among ``names`` that has a value."""
    if tree is None:
        return ""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for value in tree.xpath(f"//meta[@{attr}=$n]/@content", n=name):
                if str(value).strip():
                    return str(value).strip()
    return ""


def _title_tag(tree: lxml.html.HtmlElement | None) -> str:
    if tree is None:
        return ""
    titles = tree.xpath("//title/text()")
    return str(titles[0]).strip() if titles else ""


def _canonical(tree: lxml.html.HtmlElement | None) -> str:
    if tree is None:
        return ""
    links = tree.xpath("//link[@rel='canonical']/@href")
    return str(links[0]).strip() if links else _meta(tree, "og:url")


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def choose_url(page_url: str, canonical: str) -> str:
    """The page's canonical URL when it is trustworthy, else the URL it was read from.

    Some sites point every page's canonical link at their home page, or at another domain; taking it
    blindly would give unrelated articles one id. So it must be absolute http(s), have a real path,
    and (when we know where the page came from) be on the same host.
    """
    parts = urlsplit(canonical)
    usable = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.path not in ("", "/")
    if usable and (not page_url or _host(page_url) == _host(canonical)):
        return canonical
    return page_url


def _paragraph_text(tree: lxml.html.HtmlElement | None) -> str:
    """Fallback body: the text of ``<p>`` elements outside navigation and other page furniture."""
    if tree is None:
        return ""
    tree = copy.deepcopy(tree)  # the caller still reads the page's metadata
    for bad in tree.xpath("//" + " | //".join(_NOISE_TAGS)):
        bad.drop_tree()
    paragraphs = [" ".join(p.text_content().split()) for p in tree.xpath("//p")]
    return "\n".join(p for p in paragraphs if p)


def _extract(text: str, url: str) -> dict[str, object]:
    try:
        doc = trafilatura.bare_extraction(
            text, url=url or None, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:  # trafilatura raises assorted errors on odd markup; fall back to lxml
        log.debug("trafilatura failed: %s", exc)
        return {}
    if doc is None:
        return {}
    return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)


def _str(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def article_from_html(
    data: bytes | str,
    *,
    source_path: str,
    options: IngestOptions,
    source_kind: str = "html",
    page_url: str = "",
    declared_charset: str | None = None,
    warnings: list[str] | None = None,
) -> Article:
    """An article from an HTML page; raises ``IngestError`` when no article text is found."""
    notes = list(warnings or [])
    if isinstance(data, bytes):
        decoded = decode_bytes(data, declared_charset or sniff_declared_charset(data))
        if decoded.warning:
            notes.append(decoded.warning)
        text = decoded.text
    else:
        text = data
    tree = _parse(text)
    found = _extract(text, page_url)
    body = _str(found.get("text")) or _paragraph_text(tree)
    if not body:
        raise IngestError("no article text found in HTML")
    title = _str(found.get("title")) or _meta(tree, "og:title", "twitter:title") or _title_tag(tree)
    published_raw = _meta(tree, "article:published_time", "datePublished", "pubdate") or _str(
        found.get("date")
    )
    published = to_iso(published_raw) if published_raw else None
    if published_raw and published is None:
        notes.append(f"unrecognised date ignored: {published_raw[:40]}")
    return make_article(
        title=title,
        text=body,
        source_kind=source_kind,
        source_path=source_path,
        url=choose_url(page_url, _canonical(tree)),
        outlet=_str(found.get("sitename")) or _meta(tree, "og:site_name") or options.outlet,
        published=published,
        author=_str(found.get("author")) or _meta(tree, "author", "article:author"),
        warnings=notes,
    )
