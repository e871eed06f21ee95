"""Turning extracted pieces (title, body, metadata) into an ``Article``.

Why one builder: every reader (text, HTML, JSON Lines, feeds, URLs) must clean the body the same way
(boilerplate removed, title line not repeated), detect the language the same way and compute identity
the same way; otherwise the same article read two ways would hash differently and be stored twice.
"""

from __future__ import annotations

from datetime import UTC, datetime

from marsad.ingest.boilerplate import strip_boilerplate
from marsad.ingest.errors import IngestError
from marsad.ingest.identity import article_id, content_hash
from marsad.ingest.language import detect_language
from marsad.model import Article
from marsad.text.normalize import normalize


def drop_repeated_title(title: str, text: str) -> str:
    """``text`` without leading non-empty lines that repeat ``title`` (after normalisation)."""
    key = normalize(title)
    lines = text.splitlines()
    index = 0
    while index < len(lines) and (not lines[index].strip() or (key and normalize(lines[index]) == key)):
        index += 1
    return "\n".join(lines[index:])


def clean_title(title: str) -> str:
    """One line, single spaces, Markdown heading marks removed."""
    return " ".join(title.strip().lstrip("#").split())


def make_article(
    *,
    title: str,
    text: str,
    source_kind: str,
    source_path: str,
    url: str = "",
    outlet: str = "",
    published: str | None = None,
    author: str = "",
    given_id: str = "",
    warnings: list[str] | None = None,
) -> Article:
    """Clean ``text``, identify the language and the article; raise ``IngestError`` with no body."""
    title = clean_title(title)
    body = strip_boilerplate(drop_repeated_title(title, text))
    if not body:
        raise IngestError("no article text found" + (" (only a title)" if title else ""))
    if not title:
        title = clean_title(body.splitlines()[0])[:200]
    notes = list(warnings or [])
    language = detect_language(f"{title}\n{body}")
    if language != "ar":
        notes.append(f"not Arabic: {language}")
    digest = content_hash(title, body)
    return Article(
        id=article_id(url, digest),
        title=title,
        text=body,
        outlet=outlet.strip(),
        url=url.strip(),
        published=published,
        author=author.strip(),
        language=language,
        source_kind=source_kind,
        source_path=source_path,
        content_hash=digest,
        ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
        warnings=notes,
        external_id=given_id,
    )
