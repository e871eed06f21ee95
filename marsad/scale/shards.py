"""Input shards (JSON Lines, gzipped JSON Lines, Parquet, folders of them) → chunks of raw records.

Why raw records and not articles: building an article (boilerplate removal, language
identification, hashing) costs more than reading the line, so it belongs on the workers; the client
only decodes lines, which keeps it from becoming the bottleneck as workers are added. Bad lines are
judged by ingest's own JSON Lines reader (``iter_jsonl_records``), so a line ``marsad ingest``
rejects is rejected here with the same message and line number, and the run goes on.

A chunk never spans two files: its identity (file, position in the file, line range) is then
stable across runs, which is what lets the Parquet sink skip chunks it already wrote.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from marsad.ingest.dispatch import walk_files
from marsad.ingest.jsonl import iter_jsonl_records
from marsad.ingest.options import IngestOptions
from marsad.model import IngestProblem
from marsad.scale.errors import missing_extra

SHARD_SUFFIXES: tuple[tuple[str, str], ...] = (
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".parquet", "parquet"),
)

Record = tuple[int, Any]  # (1-based line or row number, the decoded record)
Transform = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(slots=True)
class Chunk:
    """Up to ``chunk_size`` records of one file, with the bad lines met while reading them.

    ``index`` counts the chunks of the file from 0; ``first_line``..``last_line`` is the range of
    lines (or Parquet rows) read for it, bad ones included. A chunk may have problems and no records
    (an unreadable file, or bad lines after the last good one).
    """

    source: str
    kind: str  # "jsonl" | "parquet"
    index: int
    records: list[Record] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    first_line: int = 0
    last_line: int = 0

    @property
    def span(self) -> str:
        return f"{self.first_line}-{self.last_line}"


def shard_kind(path: str) -> str | None:
    """ "jsonl" or "parquet" from the file name; None for files batch does not read."""
    name = os.path.basename(path).lower()
    return next((kind for suffix, kind in SHARD_SUFFIXES if name.endswith(suffix)), None)


def find_shards(inputs: Iterable[str]) -> Iterator[str | IngestProblem]:
    """Shard files in input order (folders: recursively, sorted), or a problem per bad input.

    Files of other types inside a folder are passed over silently (a data folder often holds a
    README); a file named explicitly that batch cannot read is a problem.
    """
    for raw in inputs:
        target = raw.strip()
        if os.path.isdir(target):
            yield from (p for p in walk_files(target) if shard_kind(p))
        elif os.path.isfile(target):
            if shard_kind(target):
                yield target
            else:
                suffixes = ", ".join(s for s, _ in SHARD_SUFFIXES)
                yield IngestProblem(target, f"unsupported file type for batch (expected one of {suffixes})")
        else:
            yield IngestProblem(target or raw, "no such file or folder")


def iter_chunks(
    inputs: Iterable[str],
    *,
    chunk_size: int = 200,
    limit: int | None = None,
    options: IngestOptions | None = None,
    transform: Transform | None = None,
) -> Iterator[Chunk]:
    """Chunks of at most ``chunk_size`` records from every input, stopping after ``limit`` records.

    ``transform`` rewrites each record (a JSON object) before it is chunked: the place for
    adapting a corpus whose fields a plain ``--field`` mapping cannot express (an outlet derived
    from an id prefix). A transform that fails makes that line a problem.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    options = options or IngestOptions()
    remaining = limit if limit is not None else -1
    for item in find_shards(inputs):
        if remaining == 0:
            return
        if isinstance(item, IngestProblem):
            yield Chunk(source=item.source, kind="", index=-1, problems=[item])
            continue
        kind = shard_kind(item) or ""
        source_items = _parquet_records(item) if kind == "parquet" else iter_jsonl_records(item, options)
        for chunk in _chunked(item, kind, source_items, chunk_size, remaining, transform):
            remaining -= len(chunk.records) if remaining > 0 else 0
            yield chunk


def _chunked(
    path: str,
    kind: str,
    items: Iterable[Record | IngestProblem],
    chunk_size: int,
    remaining: int,
    transform: Transform | None,
) -> Iterator[Chunk]:
    chunk = Chunk(source=path, kind=kind, index=0)
    taken = 0
    for item in items:
        if isinstance(item, IngestProblem):
            chunk.problems.append(item)
            if item.line:
                chunk.first_line = chunk.first_line or item.line
                chunk.last_line = item.line
            continue
        number, record = item
        if transform is not None and isinstance(record, dict):
            try:
                record = transform(record)
            except Exception as exc:  # a user's adapter must not stop the run
                chunk.problems.append(IngestProblem(path, f"transform failed: {type(exc).__name__}: {exc}", number))
                chunk.first_line = chunk.first_line or number
                chunk.last_line = number
                continue
        chunk.records.append((number, record))
        chunk.first_line = chunk.first_line or number
        chunk.last_line = number
        taken += 1
        if len(chunk.records) >= chunk_size or taken == remaining:
            yield chunk
            if taken == remaining:
                return
            chunk = Chunk(source=path, kind=kind, index=chunk.index + 1)
    if chunk.records or chunk.problems:
        yield chunk


def _parquet_records(path: str) -> Iterator[Record | IngestProblem]:
    """(1-based row number, row as a dict) of a Parquet file, read a row group slice at a time."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise missing_extra("reading Parquet input", exc) from exc
    row = 0
    try:
        handle = pq.ParquetFile(path)
        for batch in handle.iter_batches(batch_size=1024):
            for record in batch.to_pylist():
                row += 1
                yield row, record
    except Exception as exc:  # pyarrow raises its own error types for damaged files
        yield IngestProblem(path, f"cannot read Parquet file: {type(exc).__name__}: {exc}", row or None)
        return
    if row == 0:
        yield IngestProblem(path, "file has no records")
