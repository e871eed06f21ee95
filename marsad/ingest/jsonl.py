"""JSON Lines (``.jsonl``, ``.ndjson``, ``.jsonl.gz``): one article per line.

Why streaming: dumps can be far larger than one article, so the file is read line by line and never
held whole; ``max_bytes`` therefore bounds one *record*, not the file. A bad line is reported with its
1-based line number and the remaining lines are still read. Field names are mapped through
``IngestOptions.jsonl_fields`` (dotted paths reach nested objects). An ``id`` in the record is kept as
``Article.external_id`` so results can be joined back to the user's data; the article's own id is
derived as for any other article (``marsad.ingest.identity``), because ids from different datasets
(two files that both number their records from 1) would otherwise collide and the store would drop
the second article as a duplicate.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from typing import Any

from marsad.ingest.build import make_article
from marsad.ingest.dates import to_iso
from marsad.ingest.encoding import human_size
from marsad.ingest.errors import IngestError
from marsad.ingest.options import IngestOptions
from marsad.model import Article, IngestProblem


def _lookup(record: dict[str, Any], path: str) -> Any:
    value: Any = record
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_as_text(v) for v in value if v is not None)
    if isinstance(value, dict):
        return ""
    return str(value).strip()


def article_from_record(
    record: Any, *, source_path: str, options: IngestOptions, line: int | None = None
) -> Article:
    """An article from one decoded JSON object; raises ``IngestError`` when it cannot be one."""
    if not isinstance(record, dict):
        raise IngestError(f"expected a JSON object, got {type(record).__name__}")
    fields = options.field_map()
    text = _as_text(_lookup(record, fields["text"]))
    if not text:
        raise IngestError(f"record has no text (field '{fields['text']}')")
    warnings: list[str] = []
    raw_date = _lookup(record, fields["published"])
    published = to_iso(raw_date)
    if raw_date not in (None, "") and published is None:
        warnings.append(f"unrecognised date ignored: {_as_text(raw_date)[:40]}")
    return make_article(
        title=_as_text(_lookup(record, fields["title"])),
        text=text,
        source_kind="jsonl",
        source_path=source_path if line is None else f"{source_path}:{line}",
        url=_as_text(_lookup(record, fields["url"])),
        outlet=_as_text(_lookup(record, fields["outlet"])) or options.outlet,
        published=published,
        author=_as_text(_lookup(record, fields["author"])),
        given_id=_as_text(_lookup(record, fields["id"])),
        warnings=warnings,
    )


def _open(path: str) -> gzip.GzipFile | io.BufferedReader:
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")


def record_field(record: dict[str, Any], name: str, options: IngestOptions) -> str:
    """The text of our field ``name`` in ``record`` as ``article_from_record`` reads it (mapped
    through ``options``); lets callers learn an article's URL without building the article."""
    return _as_text(_lookup(record, options.field_map()[name]))


def iter_jsonl(path: str, options: IngestOptions) -> Iterator[Article | IngestProblem]:
    """Articles and per-line problems of one JSON Lines file."""
    for item in iter_jsonl_records(path, options):
        if isinstance(item, IngestProblem):
            yield item
            continue
        number, record = item
        try:
            yield article_from_record(record, source_path=path, options=options, line=number)
        except IngestError as exc:
            yield IngestProblem(path, str(exc), number)


def iter_jsonl_records(path: str, options: IngestOptions) -> Iterator[tuple[int, Any] | IngestProblem]:
    """(1-based line number, decoded JSON value) of every line, and per-line problems.

    Separate from ``iter_jsonl`` so a batch run can read lines in one process and build the
    articles elsewhere, while bad lines are judged by exactly the same rules as ingest.
    """
    number = 0
    empty = True
    try:
        with _open(path) as handle:
            while True:
                raw = handle.readline(options.max_bytes + 1)
                if not raw:
                    break
                number += 1
                if len(raw) > options.max_bytes and not raw.endswith(b"\n"):
                    yield IngestProblem(
                        path, f"line is over the limit of {human_size(options.max_bytes)} (max_bytes)", number
                    )
                    while raw and not raw.endswith(b"\n"):  # skip the rest of the long line
                        raw = handle.readline(options.max_bytes + 1)
                    continue
                if not raw.strip():
                    continue
                empty = False
                yield _one_line(raw, number, path)
    except (OSError, EOFError, zlib.error) as exc:
        yield IngestProblem(path, f"cannot read file: {exc}", number or None)
        return
    if empty:
        yield IngestProblem(path, "empty file" if number == 0 else "file has no JSON records")


def _one_line(raw: bytes, number: int, path: str) -> tuple[int, Any] | IngestProblem:
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        return IngestProblem(path, "line is not valid UTF-8 (JSON Lines must be UTF-8)", number)
    try:
        return number, json.loads(line)
    except json.JSONDecodeError as exc:
        return IngestProblem(path, f"malformed JSON: {exc.msg} at column {exc.colno}", number)
