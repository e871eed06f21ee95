"""Engines run ``analyze_chunk`` over a stream of chunks and hand results back in input order.

* ``LocalEngine``: in this process, one chunk after another; no Dask needed. The baseline every
  speed-up is measured against, and the reference output the Dask engine must equal.
* ``DaskEngine``: a ``distributed.LocalCluster`` of single-threaded worker *processes* (the
  analysis is pure Python, so threads would share one GIL), or an existing scheduler
  (``scheduler="tcp://host:8786"``).

Why results come back in input order: sinks then write in input order, so which of two duplicate
articles is kept, and every count in the summary, is the same whatever the number of workers.

Why a window of chunks in flight instead of submitting everything: 62k articles submitted at once
would sit in the client (and the scheduler) as task arguments, and finished results would pile up
faster than a sink writes them. Here a chunk is submitted only when fewer than ``window`` chunks are
between "submitted" and "written", so client memory is bounded by ``window × chunk_size`` records
whatever the input size, and a slow chunk holds back at most ``window`` others.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, TypeVar

from marsad.scale.errors import BatchError, missing_extra
from marsad.scale.worker import ChunkResult, ChunkTask, analyze_chunk, warm

J = TypeVar("J")


class Engine(Protocol):
    """Maps ``analyze_chunk`` over (job, task) pairs; yields (job, result) in the input order."""

    name: str
    ner: bool  # the NER tagger on or off, for every chunk this engine runs

    def map(self, jobs: Iterable[tuple[J, ChunkTask]]) -> Iterator[tuple[J, ChunkResult]]: ...

    def describe(self) -> str: ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...


class LocalEngine:
    """Everything in this process, in order: no scheduler, no serialisation of the records."""

    name = "local"

    def __init__(self, *, ner: bool = True) -> None:
        self.ner = ner

    def map(self, jobs: Iterable[tuple[J, ChunkTask]]) -> Iterator[tuple[J, ChunkResult]]:
        for job, task in jobs:
            yield job, analyze_chunk(task)

    def describe(self) -> str:
        return "local engine (this process, one core)"

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class DaskEngine:
    """Chunks as Dask tasks on worker processes, a bounded window of them in flight.

    ``workers``: processes of a new ``LocalCluster`` (default: this machine's cores); ignored when
    ``scheduler`` names an existing cluster. ``timeout``: the longest wait in seconds for the whole
    map (None: no limit), so a test or a supervised job cannot hang on a lost cluster.
    """

    name = "dask"

    def __init__(
        self,
        *,
        workers: int | None = None,
        scheduler: str | None = None,
        ner: bool = True,
        window: int | None = None,
        timeout: float | None = None,
        cluster_kwargs: dict[str, Any] | None = None,
    ) -> None:
        self.workers = workers
        self.scheduler = scheduler
        self.ner = ner
        self.window = window
        self.timeout = timeout
        self.cluster_kwargs = cluster_kwargs or {}
        self.cluster: Any = None
        self.client: Any = None
        self.worker_pids: list[int] = []

    # -- lifecycle -------------------------------------------------------------------------------
    def __enter__(self) -> DaskEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start (or connect to) the cluster and load the models on every worker, in parallel."""
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise missing_extra("the dask engine", exc) from exc
        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout=self.timeout or 30, set_as_default=False)
            else:
                import os

                n = self.workers or os.cpu_count() or 1
                options: dict[str, Any] = {
                    "n_workers": n,
                    "threads_per_worker": 1,
                    "processes": True,
                    "dashboard_address": None,
                    "silence_logs": logging.ERROR,
                }
                options.update(self.cluster_kwargs)
                self.cluster = LocalCluster(**options)
                self.client = Client(self.cluster, set_as_default=False)
                self.client.wait_for_workers(n, timeout=self.timeout or 120)
            self._warm()
        except (OSError, TimeoutError) as exc:
            self.close()
            where = self.scheduler or "a local cluster"
            raise BatchError(f"cannot start the dask engine on {where}: {exc}") from exc
        except BaseException:
            self.close()
            raise

    def _warm(self) -> None:
        addresses = list(self.client.scheduler_info(n_workers=-1)["workers"])
        if not addresses:
            raise BatchError(f"the scheduler at {self.scheduler} has no workers")
        futures = [
            self.client.submit(warm, self.ner, workers=[a], allow_other_workers=False, pure=False,
                               key=f"marsad-warm-{uuid.uuid4().hex}")
            for a in addresses
        ]  # fmt: skip
        self.worker_pids = [f.result(timeout=self.timeout) for f in futures]

    def close(self) -> None:
        if self.client is not None:
            self.client.close(timeout=10)
            self.client = None
        if self.cluster is not None:
            self.cluster.close(timeout=30)
            self.cluster = None

    def describe(self) -> str:
        if self.client is None:
            return "dask engine (not started)"
        n = len(self.client.scheduler_info(n_workers=-1)["workers"])
        where = self.scheduler or "local cluster"
        return f"dask engine ({where}, {n} worker processes)"

    # -- the map ---------------------------------------------------------------------------------
    def map(self, jobs: Iterable[tuple[J, ChunkTask]]) -> Iterator[tuple[J, ChunkResult]]:
        from distributed import as_completed

        if self.client is None:
            self.start()
        client = self.client
        window = self.window or 2 * max(1, len(client.scheduler_info(n_workers=-1)["workers"])) + 1
        run_id = uuid.uuid4().hex[:12]
        source = iter(jobs)
        waiting: dict[str, tuple[int, J, Any]] = {}  # future key → (position, job, future)
        done: dict[int, tuple[J, ChunkResult]] = {}
        submitted = 0
        handed = 0
        completed = as_completed(loop=client.loop, timeout=self.timeout)

        def fill() -> None:
            nonlocal submitted
            while submitted - handed < window:
                item = next(source, None)
                if item is None:
                    return
                job, task = item
                future = client.submit(analyze_chunk, task, pure=False, key=f"marsad-chunk-{run_id}-{submitted}")
                waiting[future.key] = (submitted, job, future)
                completed.add(future)
                submitted += 1

        try:
            fill()
            while waiting:
                try:
                    future = next(completed)
                except TimeoutError as exc:
                    raise BatchError(f"the dask engine did not finish within {self.timeout} s") from exc
                position, job, _ = waiting.pop(future.key)
                try:
                    result = future.result()
                except Exception as exc:
                    raise BatchError(f"a chunk failed on the cluster: {type(exc).__name__}: {exc}") from exc
                finally:
                    future.release()
                done[position] = (job, result)
                while handed in done:
                    yield done.pop(handed)
                    handed += 1  # the sink is done with it: its place in the window is free
                    fill()
        finally:
            if waiting:  # stopped early (an error, or the consumer gave up): drop the rest
                client.cancel([f for _, _, f in waiting.values()])


def make_engine(
    name: str,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    ner: bool = True,
    window: int | None = None,
    timeout: float | None = None,
) -> LocalEngine | DaskEngine:
    """The engine called ``name`` ("local" or "dask"), not yet started."""
    if name == "local":
        return LocalEngine(ner=ner)
    if name == "dask":
        return DaskEngine(workers=workers, scheduler=scheduler, ner=ner, window=window, timeout=timeout)
    raise BatchError(f"unknown engine {name!r} (expected 'local' or 'dask')")
