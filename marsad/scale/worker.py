"""The function every engine maps over chunks: raw records → articles → analyses.

Why records are turned into articles here, with ingest's own ``article_from_record``: the ids and
content hashes must equal those ``marsad ingest`` gives the same JSON Lines, and that work
(boilerplate, language identification, hashing) is worth spreading over the workers.

Models are loaded at most once per process and kept in a module-level cache: a Dask worker process
imports this module once and runs chunk after chunk in it, so the 1–2 s load is paid per worker,
never per chunk. ``load_count`` lets tests and benchmarks check that from the client
(``client.run(load_count)``).

Results travel back compactly: one ``AnalysisRow`` per article, carrying the few columns a sink
needs without parsing plus the analysis as JSON (``to_json``), which is also how the store keeps it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from marsad.ingest.errors import IngestError
from marsad.ingest.jsonl import article_from_record
from marsad.ingest.options import IngestOptions
from marsad.model import AnalyzedArticle, Article, IngestProblem, to_json
from marsad.understand.pipeline import ANALYSIS_BATCH, Resources, analyze, analyze_batch, load_resources

_RESOURCES: dict[bool, Resources] = {}
_LOADS: dict[bool, int] = {}

# A short sentence of our own that exercises the lazily loaded tables (gazetteer, GeoNames towns,
# time lexicons) so a warmed worker pays no first-use cost inside the timed run.
_WARM_TEXT = "أعلن وزير الخارجية في القاهرة يوم الأحد عن زيارة إلى عمّان الأسبوع المقبل."


class AnalysisRow(NamedTuple):
    """One analysed article as it travels from a worker to a sink."""

    id: str
    outlet: str
    published: str | None
    title: str
    url: str
    language: str
    content_hash: str
    analyzer_version: str
    entity_ids: list[str]
    n_events: int
    analysis_json: str


@dataclass(slots=True)
class ChunkTask:
    """What a worker needs for one chunk; plain data, so it pickles small and fast."""

    source: str
    kind: str
    records: list[tuple[int, Any]]
    options: IngestOptions
    ner: bool
    ingested_at: str = ""  # one stamp per run, so the output does not depend on which worker ran


@dataclass(slots=True)
class ChunkResult:
    """Analyses (in record order) and per-record problems of one chunk."""

    rows: list[AnalysisRow] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    seconds: float = 0.0  # time spent in analyze_chunk on the worker
    pid: int = 0


def resources(ner: bool) -> Resources:
    """This process's resources, loaded on first use and kept for every later chunk."""
    cached = _RESOURCES.get(ner)
    if cached is None:
        cached = load_resources(ner=ner)
        _RESOURCES[ner] = cached
        _LOADS[ner] = _LOADS.get(ner, 0) + 1
    return cached


def load_count() -> dict[bool, int]:
    """How many times this process loaded the resources, per NER setting."""
    return dict(_LOADS)


def warm(ner: bool) -> int:
    """Load the resources and touch the lazily loaded tables; returns this process's id."""
    res = resources(ner)
    analyze(Article(id="warm", title="", text=_WARM_TEXT, published="2020-01-05"), res)
    return os.getpid()


def analyze_chunk(task: ChunkTask) -> ChunkResult:
    """Build and analyse every record of ``task``; a bad record becomes a problem, never an error.

    Pure in its inputs: the same task gives the same rows in any process, which is what makes the
    output independent of the engine and of the number of workers. Articles are analysed
    ``ANALYSIS_BATCH`` at a time (``analyze_batch``: the tagger shares its cost across them); when a
    batch fails, its articles are analysed one by one, so only the one that fails is reported.
    """
    started = time.perf_counter()
    res = resources(task.ner)
    result = ChunkResult(pid=os.getpid())
    built: list[tuple[int, Article]] = []
    for number, record in task.records:
        try:
            article = article_from_record(record, source_path=task.source, options=task.options, line=number)
        except IngestError as exc:
            result.problems.append(IngestProblem(task.source, str(exc), number))
            continue
        except Exception as exc:  # a library failure on one record must not lose the chunk
            result.problems.append(IngestProblem(task.source, f"unexpected error: {type(exc).__name__}: {exc}", number))
            continue
        if task.kind == "parquet":
            article.source_kind = "parquet"
        if task.ingested_at:
            article.ingested_at = task.ingested_at
        built.append((number, article))
    for at in range(0, len(built), ANALYSIS_BATCH):
        part = built[at : at + ANALYSIS_BATCH]
        try:
            analyses: list[AnalyzedArticle | None] = list(analyze_batch([a for _, a in part], res))
        except Exception:
            analyses = [_analyze_one(task.source, number, article, res, result) for number, article in part]
        for (_number, article), analysis in zip(part, analyses, strict=True):
            if analysis is not None:
                result.rows.append(_row(article, analysis))
    result.seconds = time.perf_counter() - started
    return result


def _analyze_one(source: str, number: int, article: Article, res: Resources, result: ChunkResult) -> AnalyzedArticle | None:
    try:
        return analyze(article, res)
    except Exception as exc:  # a bug in one stage: report the article, keep the others
        result.problems.append(IngestProblem(source, f"analysis failed: {type(exc).__name__}: {exc}", number))
        return None


def _row(article: Article, analysis: AnalyzedArticle) -> AnalysisRow:
    return AnalysisRow(
        id=article.id,
        outlet=article.outlet,
        published=article.published,
        title=article.title,
        url=article.url,
        language=article.language,
        content_hash=article.content_hash,
        analyzer_version=analysis.analyzer_version,
        entity_ids=analysis.entity_ids,
        n_events=len(analysis.events),
        analysis_json=to_json(analysis),
    )
