"""RSS and Atom feeds (files or URLs): one article per entry.

Why feedparser: it copes with every RSS/Atom dialect and with broken XML, and normalises dates to
UTC. Entry bodies are HTML fragments; they are turned into plain text with paragraph breaks kept.
Many feeds carry only a teaser; with ``IngestOptions.fetch_full`` the linked page is fetched and its
main text used instead (if that fails the teaser is kept, with a warning).
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Callable, Iterator
from typing import Any

import feedparser
import lxml.html
from lxml import etree

from marsad.ingest.build import make_article
from marsad.ingest.dates import to_iso
from marsad.ingest.errors import IngestError
from marsad.ingest.fetch import Fetcher
from marsad.ingest.html import article_from_html
from marsad.ingest.options import IngestOptions
from marsad.model import Article, IngestProblem

SHORT_ENTRY_CHARS = 500  # below this an entry is a teaser, worth completing when fetch_full is on
_BLOCKS = ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one line per paragraph/line break."""
    if "<" not in fragment:
        text = html_lib.unescape(fragment)
    else:
        try:
            root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        except (etree.ParserError, ValueError):
            return html_lib.unescape(fragment).strip()
        for bad in list(root.iter("script", "style")):
            bad.drop_tree()
        for element in root.iter("br", *_BLOCKS):
            element.tail = "\n" + (element.tail or "")
        text = root.text_content()
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def parse_feed(data: bytes) -> Any:
    """The feedparser result for ``data``; raises ``IngestError`` when it is not a feed."""
    parsed = feedparser.parse(data)  # bytes: never treated as a URL or a file name
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        detail = str(reason).strip() if reason else "no RSS or Atom root element"
        raise IngestError(f"not an RSS/Atom feed: {detail}")
    return parsed


def looks_like_feed(data: bytes) -> bool:
    """True when ``data`` parses as an RSS/Atom feed."""
    try:
        parse_feed(data)
    except IngestError:
        return False
    return True


def _entry_text(entry: Any) -> str:
    candidates = [c.get("value", "") for c in entry.get("content", []) if isinstance(c, dict)]
    candidates.append(entry.get("summary", "") or "")
    return html_to_text(max(candidates, key=len)) if any(candidates) else ""


def _entry_published(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if entry.get(key):
            return to_iso(entry[key])
    for key in ("published", "updated"):
        if entry.get(key):
            return to_iso(entry[key])
    return None


def iter_feed(
    data: bytes,
    *,
    source_path: str,
    options: IngestOptions,
    fetcher: Callable[[], Fetcher] | None = None,
) -> Iterator[Article | IngestProblem]:
    """Articles (and per-entry problems) of one feed document; ``fetcher`` gives the shared Fetcher
    used for ``fetch_full``."""
    try:
        parsed = parse_feed(data)
    except IngestError as exc:
        yield IngestProblem(source_path, str(exc))
        return
    feed_title = html_to_text(parsed.feed.get("title", "") or "")
    if not parsed.entries:
        yield IngestProblem(source_path, "feed has no entries")
        return
    for number, entry in enumerate(parsed.entries, 1):
        try:
            yield _entry_article(entry, feed_title, source_path, options, fetcher)
        except IngestError as exc:
            yield IngestProblem(source_path, f"feed entry {number}: {exc}")


def entry_article(entry: Any, feed_title: str, source_path: str, options: IngestOptions) -> Article:
    """One parsed entry as an article from the feed alone (no page fetched); ``IngestError`` when it
    has no text. Public for ``marsad watch``, which decides itself whether the linked page is fetched
    (it skips links already stored and retries pages that fail for a while)."""
    return _entry_article(entry, feed_title, source_path, options, None)


def _entry_article(
    entry: Any,
    feed_title: str,
    source_path: str,
    options: IngestOptions,
    fetcher: Callable[[], Fetcher] | None,
) -> Article:
    title = html_to_text(entry.get("title", "") or "")
    link = str(entry.get("link", "") or "").strip()
    text = _entry_text(entry)
    published = _entry_published(entry)
    warnings: list[str] = []
    if options.fetch_full and fetcher is not None and link and len(text) < SHORT_ENTRY_CHARS:
        try:
            page = fetcher().fetch(link)
            full = article_from_html(
                page.content,
                source_path=link,
                options=options,
                page_url=page.url,
                declared_charset=page.charset,
            )
            text, title, published = full.text, title or full.title, published or full.published
        except IngestError as exc:
            warnings.append(f"full page not fetched, feed summary kept: {exc}")
    if not text:
        hint = "" if options.fetch_full else " (enable fetch_full to read the linked page)"
        raise IngestError(f"no text{hint}")
    source = entry.get("source") or {}
    outlet = html_to_text(source.get("title", "") or "") if isinstance(source, dict) else ""
    return make_article(
        title=title,
        text=text,
        source_kind="feed",
        source_path=source_path,
        url=link,
        outlet=outlet or feed_title or options.outlet,
        published=published,
        author=str(entry.get("author", "") or ""),
        warnings=warnings,
    )
