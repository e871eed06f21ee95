"""``run_batch``: shards → sink-filtered chunks → engine → sink, and a summary of it all.

Why the reading and skipping happen lazily inside the engine's map: the engine pulls the next chunk
only when it has room in its window, so the whole pipeline holds a bounded number of chunks however
large the input, and a re-run's skip checks overlap with the analysis of earlier chunks.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from marsad.ingest.options import IngestOptions
from marsad.model import IngestProblem
from marsad.scale.engines import Engine
from marsad.scale.shards import Chunk, Transform, iter_chunks
from marsad.scale.sinks import Sink
from marsad.scale.worker import ChunkTask


@dataclass(slots=True)
class BatchSummary:
    """What one batch run did. Every record read is accounted for:
    ``articles_in == analysed + skipped + duplicates + record problems``."""

    engine: str = ""
    articles_in: int = 0  # records read (bad lines are problems, not articles)
    analysed: int = 0
    skipped: int = 0  # already done in the sink (stored and analysed, or chunk file present)
    duplicates: int = 0  # the same article as another one stored (by id, URL or content)
    problems: list[IngestProblem] = field(default_factory=list)
    chunks: int = 0  # chunks dispatched to the engine
    seconds: float = 0.0
    worker_seconds: float = 0.0  # time the workers spent in analyze_chunk, summed

    @property
    def rate(self) -> float:
        """Articles read per second of wall time (skipped ones included: they are work avoided)."""
        return self.articles_in / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        dup = f", {self.duplicates} duplicates" if self.duplicates else ""
        return (
            f"articles in {self.articles_in}, analysed {self.analysed}, skipped {self.skipped}{dup}, "
            f"problems {len(self.problems)}; {self.seconds:.1f} s, {self.rate:.1f} articles/s"
        )


def run_batch(
    inputs: Iterable[str],
    *,
    engine: Engine,
    sink: Sink,
    chunk_size: int = 200,
    limit: int | None = None,
    options: IngestOptions | None = None,
    transform: Transform | None = None,
    ingested_at: str | None = None,
    on_problem: Callable[[IngestProblem], None] | None = None,
) -> BatchSummary:
    """Analyse every record of ``inputs`` that ``sink`` does not already hold; see the package doc.

    ``ingested_at``: the stamp every new article gets (default: the run's start time), one per run
    so that two runs over the same input differ in nothing else.
    """
    options = options or IngestOptions()
    stamp = ingested_at or datetime.now(UTC).isoformat(timespec="seconds")
    summary = BatchSummary(engine=engine.name)

    def report(problems: list[IngestProblem]) -> None:
        summary.problems.extend(problems)
        if on_problem is not None:
            for p in problems:
                on_problem(p)

    def jobs() -> Iterator[tuple[Chunk, ChunkTask]]:
        for chunk in iter_chunks(inputs, chunk_size=chunk_size, limit=limit, options=options, transform=transform):
            summary.articles_in += len(chunk.records)
            report(chunk.problems)
            if not chunk.records:
                continue
            todo = sink.prepare(chunk)
            summary.skipped += len(chunk.records) - len(todo)
            if not todo:
                continue
            summary.chunks += 1
            yield chunk, ChunkTask(chunk.source, chunk.kind, todo, options, engine.ner, stamp)

    started = time.perf_counter()
    for chunk, result in engine.map(jobs()):
        report(result.problems)
        written = sink.write(chunk, result)
        summary.analysed += written.analysed
        summary.duplicates += written.duplicates
        summary.worker_seconds += result.seconds
    sink.finish()
    summary.seconds = time.perf_counter() - started
    return summary
