"""Where batch results go: a Marsad store, or a folder of Parquet files (one per chunk).

Both sinks make a re-run cheap and safe, each in the way its medium allows:

* ``StoreSink`` asks the store, before a chunk is dispatched, which of its records are already
  stored with an analysis of the current ``ANALYZER_VERSION`` and drops them, so a re-run does no
  analysis at all. Writes follow ingest's rules (``add_article`` is idempotent; a record that
  duplicates another stored article by URL or content is counted as a duplicate, its analysis not
  stored) and each chunk is one transaction where the backend has them, so a killed run loses at
  most the chunk being written.
* ``ParquetSink`` writes each chunk to a temporary file and renames it into place, so a killed run
  leaves whole files only; a re-run skips every chunk whose file exists for the same line range.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from marsad.ingest.errors import IngestError
from marsad.ingest.identity import article_id
from marsad.ingest.jsonl import article_from_record, record_field
from marsad.ingest.options import IngestOptions
from marsad.model import AnalyzedArticle, from_json
from marsad.scale.errors import BatchError, missing_extra
from marsad.scale.shards import Chunk
from marsad.scale.worker import AnalysisRow, ChunkResult
from marsad.store.base import Store
from marsad.understand.pipeline import ANALYZER_VERSION


@dataclass(slots=True)
class Written:
    """What writing one chunk's results did."""

    analysed: int = 0
    duplicates: int = 0


class Sink(Protocol):
    """Decides what of a chunk still needs analysing, and stores what the engine returns."""

    def prepare(self, chunk: Chunk) -> list[tuple[int, Any]]:
        """The records of ``chunk`` to analyse (the others are already done)."""
        ...

    def write(self, chunk: Chunk, result: ChunkResult) -> Written: ...

    def finish(self) -> None: ...

    def describe(self) -> str: ...


# ------------------------------------------------------------------------------------------------
# store


class StoreSink:
    """Articles and analyses into a Marsad store, skipping what it already holds."""

    def __init__(self, store: Store, options: IngestOptions | None = None) -> None:
        self.store = store
        self.options = options or IngestOptions()
        # Empty at the start: nothing can be done already, so no per-record lookups at all.
        self._empty = store.count_articles() == 0
        # Stored articles still lacking a current analysis, as of the start of the run: a record
        # found stored and *not* in here (and not written by this run) is finished work.
        self._pending = set() if self._empty else set(store.unanalyzed_article_ids(ANALYZER_VERSION))
        self._written: set[str] = set()
        self._entity_ids: set[str] = set()

    def describe(self) -> str:
        return f"store {getattr(self.store, 'path', type(self.store).__name__)}"

    def prepare(self, chunk: Chunk) -> list[tuple[int, Any]]:
        if self._empty:
            return list(chunk.records)
        return [(n, r) for n, r in chunk.records if not self._already_done(chunk.source, n, r)]

    def _already_done(self, source: str, number: int, record: Any) -> bool:
        if not isinstance(record, dict):
            return False  # let the worker report it
        stored = self._stored_id(source, number, record)
        return stored is not None and stored not in self._pending and stored not in self._written

    def _stored_id(self, source: str, number: int, record: dict[str, Any]) -> str | None:
        """The id of the stored article this record is (by URL, id or content), if any.

        With a URL the id is derived from it alone, which is cheap; only records without one are
        built here (once, on a re-run into a non-empty store) to learn their content hash.
        """
        url = record_field(record, "url", self.options).strip()
        if url:
            found = self.store.find_article_id(url=url)
            if found is None:
                own = article_id(url, "")
                found = own if self.store.get_article(own) is not None else None
            return found
        try:
            article = article_from_record(record, source_path=source, options=self.options, line=number)
        except IngestError:
            return None
        return self.store.find_article_id(content_hash=article.content_hash) or (
            article.id if self.store.get_article(article.id) is not None else None
        )

    def write(self, chunk: Chunk, result: ChunkResult) -> Written:
        written = Written()
        transaction = getattr(self.store, "transaction", None)
        with transaction() if callable(transaction) else contextlib.nullcontext():
            for row in result.rows:
                if self._save(row):
                    written.analysed += 1
                    self._entity_ids.update(row.entity_ids)
                else:
                    written.duplicates += 1
        return written

    def _save(self, row: AnalysisRow) -> bool:
        """Store one analysed article as ingest would; False when it duplicates another article."""
        analysis = from_json(AnalyzedArticle, row.analysis_json)
        if not self.store.add_article(analysis.article):
            if row.id in self._written:
                return False  # the same article twice in the input: the first one counts
            stored = self.store.get_article(row.id)
            if stored is None or stored.content_hash != row.content_hash:
                return False  # duplicates a different stored article (by URL or content)
        self.store.save_analysis(analysis)
        self._written.add(row.id)
        return True

    def finish(self) -> None:
        """Save the knowledge-base records of the entities mentioned, as ``analyze_pending`` does,
        so entity pages show names, types and coordinates."""
        if not self._entity_ids:
            return
        from marsad.knowledge.geonames import known_entity
        from marsad.understand.pipeline import load_resources

        gazetteer = load_resources(ner=False).gazetteer
        records = [e for e in (known_entity(i, gazetteer) for i in sorted(self._entity_ids)) if e is not None]
        if records:
            self.store.save_entities(records)


# ------------------------------------------------------------------------------------------------
# Parquet

MANIFEST = "_marsad_batch.json"  # leading "_": Parquet dataset readers ignore it
_META_SOURCE = b"marsad.source"
_META_LINES = b"marsad.lines"


def _schema(pa: Any) -> Any:
    return pa.schema(
        [
            ("id", pa.string()),
            ("outlet", pa.string()),
            ("published", pa.string()),
            ("title", pa.string()),
            ("url", pa.string()),
            ("language", pa.string()),
            ("analyzer_version", pa.string()),
            ("entity_ids", pa.list_(pa.string())),
            ("n_events", pa.int32()),
            ("analysis_json", pa.large_string()),
        ]
    )


class ParquetSink:
    """One Parquet file per chunk under ``outdir``; see the module doc for the guarantees.

    A file is named after its input file (name plus a short hash of the full path, so two inputs
    called ``news.jsonl`` in different folders do not collide) and the chunk's position in it. The
    line range it covers is kept in the file's metadata: a re-run skips a chunk only when the file
    exists *for the same range* (a run cut short by ``--limit`` left a shorter last chunk, which is
    redone). ``_marsad_batch.json`` records the chunk size and analyzer version the folder was
    written with; a re-run with other values is refused rather than mixing two layouts.
    """

    def __init__(self, outdir: str | os.PathLike[str], *, chunk_size: int, compression: str = "zstd") -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise missing_extra("Parquet output", exc) from exc
        self.pa, self.pq = pa, pq
        self.schema = _schema(pa)
        self.outdir = Path(outdir)
        self.compression = compression
        try:
            self.outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BatchError(f"cannot create the output folder {self.outdir}: {exc.strerror}") from exc
        self._check_manifest(chunk_size)
        for stale in self.outdir.glob(".*.parquet.tmp-*"):  # left by a killed run
            stale.unlink(missing_ok=True)

    def describe(self) -> str:
        return f"Parquet files in {self.outdir}"

    def _check_manifest(self, chunk_size: int) -> None:
        wanted = {"chunk_size": chunk_size, "analyzer_version": ANALYZER_VERSION}
        path = self.outdir / MANIFEST
        if path.exists():
            try:
                found = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise BatchError(f"cannot read {path}: {exc}") from exc
            for key, value in wanted.items():
                if found.get(key) != value:
                    raise BatchError(
                        f"{self.outdir} holds a batch written with {key} {found.get(key)!r}, not {value!r}; "
                        "use the same setting or another folder"
                    )
            return
        path.write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")

    def path_for(self, chunk: Chunk) -> Path:
        base = os.path.basename(chunk.source)
        for suffix in (".gz", ".jsonl", ".ndjson", ".parquet"):
            base = base.removesuffix(suffix)
        stem = re.sub(r"[^\w.-]+", "_", base)[:60] or "input"
        digest = hashlib.sha1(os.path.abspath(chunk.source).encode("utf-8")).hexdigest()[:8]
        return self.outdir / f"{stem}-{digest}-{chunk.index:06d}.parquet"

    def _done(self, chunk: Chunk) -> bool:
        path = self.path_for(chunk)
        if not path.exists():
            return False
        try:
            meta = self.pq.read_schema(path).metadata or {}
        except Exception:  # damaged or foreign file: redo it
            return False
        return bool(meta.get(_META_LINES) == chunk.span.encode())

    def prepare(self, chunk: Chunk) -> list[tuple[int, Any]]:
        return [] if self._done(chunk) else list(chunk.records)

    def write(self, chunk: Chunk, result: ChunkResult) -> Written:
        rows = result.rows
        columns: dict[str, list[Any]] = {
            "id": [r.id for r in rows],
            "outlet": [r.outlet for r in rows],
            "published": [r.published for r in rows],
            "title": [r.title for r in rows],
            "url": [r.url for r in rows],
            "language": [r.language for r in rows],
            "analyzer_version": [r.analyzer_version for r in rows],
            "entity_ids": [r.entity_ids for r in rows],
            "n_events": [r.n_events for r in rows],
            "analysis_json": [r.analysis_json for r in rows],
        }
        schema = self.schema.with_metadata(
            {_META_SOURCE: chunk.source.encode("utf-8"), _META_LINES: chunk.span.encode()}
        )
        table = self.pa.Table.from_pydict(columns, schema=schema)
        final = self.path_for(chunk)
        tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}")
        try:
            self.pq.write_table(table, tmp, compression=self.compression)
            os.replace(tmp, final)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise BatchError(f"cannot write {final}: {exc.strerror or exc}") from exc
        return Written(analysed=len(rows))

    def finish(self) -> None:
        return None
