"""Plain-text articles (``.txt``, ``.text``, ``.md``).

Layout understood: an optional front matter block (a first line ``---``, then ``key: value`` lines
for title, outlet, published, url, author, then ``---``); then the title as the first non-empty
line, repeated title lines dropped (some exports print it twice), then the body. When no date is
given, a leading ``YYYY-MM-DD`` in the file name is taken as the publication date, because that is how
archives are commonly named.
"""

from __future__ import annotations

import os

from marsad.ingest.build import make_article
from marsad.ingest.dates import date_from_filename, to_iso
from marsad.ingest.encoding import decode_bytes, read_file_bytes
from marsad.ingest.errors import IngestError
from marsad.ingest.options import IngestOptions
from marsad.model import Article

FRONT_MATTER_KEYS = ("title", "outlet", "published", "url", "author")
_KEY_ALIASES = {"date": "published", "source": "outlet", "link": "url"}


def parse_front_matter(text: str) -> tuple[dict[str, str], str, list[str]]:
    """(fields, rest of the text, warnings). Text without front matter comes back unchanged."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, text, []
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return {}, text, ["front matter not closed by '---'; read as text"]
    fields: dict[str, str] = {}
    warnings: list[str] = []
    for raw in lines[1:end]:
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        key, sep, value = raw.partition(":")
        key = _KEY_ALIASES.get(key.strip().lower(), key.strip().lower())
        if not sep or key not in FRONT_MATTER_KEYS:
            warnings.append(f"front matter line ignored: {raw.strip()[:60]}")
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        fields[key] = value
    return fields, "\n".join(lines[end + 1 :]), warnings


def split_title(text: str) -> tuple[str, str]:
    """(first non-empty line, the rest)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.strip():
            return line.strip(), "\n".join(lines[index + 1 :])
    return "", ""


def article_from_text(
    text: str,
    *,
    source_path: str,
    options: IngestOptions,
    file_name: str = "",
    warnings: list[str] | None = None,
) -> Article:
    """An article from decoded plain text (see module doc)."""
    notes = list(warnings or [])
    fields, body, fm_warnings = parse_front_matter(text.lstrip("\ufeff"))
    notes.extend(fm_warnings)
    title = fields.get("title", "")
    if not title:
        title, body = split_title(body)
    published = None
    if fields.get("published"):
        published = to_iso(fields["published"])
        if published is None:
            notes.append(f"unrecognised date ignored: {fields['published'][:40]}")
    if published is None and file_name:
        published = date_from_filename(file_name)
    if not title and not body.strip():
        raise IngestError("file has no text (only whitespace)")
    return make_article(
        title=title,
        text=body,
        source_kind="text",
        source_path=source_path,
        url=fields.get("url", ""),
        outlet=fields.get("outlet") or options.outlet,
        published=published,
        author=fields.get("author", ""),
        warnings=notes,
    )


def read_text_file(path: str, options: IngestOptions) -> Article:
    """Read, decode and parse one plain-text file; raises ``IngestError`` on bad input."""
    decoded = decode_bytes(read_file_bytes(path, options.max_bytes))
    warnings = [decoded.warning] if decoded.warning else []
    return article_from_text(
        decoded.text,
        source_path=path,
        options=options,
        file_name=os.path.basename(path),
        warnings=warnings,
    )
