"""Exports for analysts: the store's records as JSON Lines, CSV or Markdown.

Why here and not in the CLI: the web app's export endpoints and the CLI must produce the same files.
JSON Lines carry full records (``marsad.model.to_dict``); CSV carries a flat, documented subset that
opens in a spreadsheet; Markdown is for briefs people read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from marsad.model import to_dict
from marsad.store.base import Store, paged

CSV_COLUMNS: dict[str, list[str]] = {
    "articles": ["id", "published", "outlet", "title", "url", "language", "author", "source_kind"],
    "stories": ["id", "title", "first_published", "last_published", "articles", "outlets", "key_entities"],
    "entities": ["id", "type", "subtype", "name_ar", "name_en", "lat", "lon", "country_code", "mentions", "articles"],
}


def _rows(store: Store, what: str) -> Iterator[dict[str, Any]]:
    if what == "articles":
        for a in paged(store.list_articles):
            yield to_dict(a)
    elif what == "analyses":
        for an in store.iter_analyses():
            yield to_dict(an)
    elif what == "stories":
        for s in paged(store.list_stories):
            yield to_dict(s)
    elif what == "briefs":
        for s in paged(store.list_stories):
            b = store.get_brief(s.id)
            if b is not None:
                yield to_dict(b)
    elif what == "entities":
        for ec in paged(store.list_entities):
            row = to_dict(ec.entity)
            row.update(mentions=ec.mentions, articles=ec.articles)
            yield row
    else:
        raise ValueError(f"unknown export {what!r}")


def _csv_value(value: Any) -> str:
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return "" if value is None else str(value)


def export_records(store: Store, what: str, fmt: str) -> str:
    """The whole export as one string (stores of laptop size; streaming comes with big stores)."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _rows(store, what))
    if fmt == "csv":
        if what not in CSV_COLUMNS:
            raise ValueError(f"CSV export is available for {', '.join(CSV_COLUMNS)}; use jsonl for {what}")
        columns = CSV_COLUMNS[what]
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        for r in _rows(store, what):
            if what == "stories":
                r = {**r, "articles": len(r["article_ids"])}
            writer.writerow([_csv_value(r.get(c)) for c in columns])
        return buf.getvalue()
    if fmt == "markdown":
        if what != "briefs":
            raise ValueError("Markdown export is available for briefs only")
        from marsad.brief.render import brief_to_markdown
        from marsad.model import Brief, from_dict

        return "\n\n".join(brief_to_markdown(from_dict(Brief, r)) for r in _rows(store, "briefs")) + "\n"
    raise ValueError(f"unknown format {fmt!r}")
