"""Benchmark: ``marsad batch`` end to end on the news files, for several worker counts.

    .venv/bin/python bench/batch_scale.py ../shared/data/news/ --workers 1 2 4 8 --engine both
    .venv/bin/python bench/batch_scale.py ../shared/data/news/ --workers 2 --limit 1500

For each worker count a fresh Dask ``LocalCluster`` (single-threaded worker processes) reads the
files, builds and analyses every article and writes Parquet into a temporary folder (``--db`` writes
a store instead, for one worker count). Printed per run: cluster start time, run time,
articles/s, the speed-up over the first (smallest) worker count and over the local engine, the peak
RSS of every worker process (sampled with psutil through ``client.run`` every half second) and of
this client process. ``--engine local`` (or ``both``) runs the in-process baseline.

The two corpora name their fields differently (ANT: ``text``/``time``/``docno``; SaudiNewsNet:
``content``/``date_extracted``/``source``), so records are adapted here, in the client, before
chunking; the ids do not change (both corpora have URLs, and ids come from URLs).

Build a store for load tests (30,000 ANT articles, analysed, with stories and briefs):

    .venv/bin/python bench/batch_scale.py ../shared/data/news/ant_multisource_2018.jsonl.gz \
        --workers 2 --limit 30000 --db marsad-30k.db --stories
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from typing import Any

import psutil

from marsad.scale import BatchSummary, run_batch
from marsad.scale.engines import DaskEngine, LocalEngine
from marsad.scale.sinks import ParquetSink, StoreSink
from marsad.store import open_store

ANT_OUTLETS = {"SK": "Sky News Arabia", "AL": "Al Arabiya", "FR": "France 24", "BB": "BBC Arabic", "CN": "CNN Arabic"}


def adapt_news(rec: dict[str, Any]) -> dict[str, Any]:
    """ANT and SaudiNewsNet records in Marsad's field names."""
    out = dict(rec)
    if "text" not in out and isinstance(rec.get("content"), str):
        out["text"] = rec["content"]
    if "published" not in out:
        out["published"] = rec.get("time") or rec.get("date_extracted")
    if "outlet" not in out:
        docno = str(rec.get("docno") or "")
        out["outlet"] = rec.get("source") or ANT_OUTLETS.get(docno.split("-")[0], docno.split("-")[0])
    out.pop("content", None)
    out.pop("abstract", None)  # not used by the analysis; less to ship to the workers
    return out


def _rss() -> int:
    """This process's resident memory in bytes (runs on each worker)."""
    import psutil as ps

    return int(ps.Process().memory_info().rss)


class RssSampler:
    """Keeps the highest RSS seen for each worker and for this process while a run is going on."""

    def __init__(self, client: Any, every: float = 0.5) -> None:
        self.client = client
        self.every = every
        self.workers: dict[str, int] = {}
        self.client_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        me = psutil.Process()
        while True:
            self.client_peak = max(self.client_peak, me.memory_info().rss)
            if self.client is not None:
                try:
                    for addr, rss in self.client.run(_rss).items():
                        self.workers[addr] = max(self.workers.get(addr, 0), rss)
                except Exception:  # noqa: BLE001 - a missed sample must not stop the benchmark
                    pass
            if self._stop.wait(self.every):
                return


def _sink(args: argparse.Namespace, outdir: str) -> tuple[Any, Any]:
    if args.db:
        store = open_store(args.db)
        return StoreSink(store), store
    return ParquetSink(outdir, chunk_size=args.chunk_size), None


def _run(args: argparse.Namespace, engine: Any, outdir: str) -> BatchSummary:
    sink, store = _sink(args, outdir)
    try:
        summary = run_batch(args.paths, engine=engine, sink=sink, chunk_size=args.chunk_size, limit=args.limit,
                            transform=adapt_news)  # fmt: skip
        if args.stories and store is not None:
            from marsad.api import Marsad

            t0 = time.perf_counter()
            update = Marsad(store).update_stories()
            print(f"stories + briefs: {time.perf_counter() - t0:.1f} s, {len(update.changed)} stories updated")
        return summary
    finally:
        if store is not None:
            store.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", help="news JSONL(.gz)/Parquet files or folders")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to try")
    ap.add_argument("--engine", choices=["dask", "local", "both"], default="dask")
    ap.add_argument("--limit", type=int, default=None, help="records to read (default: all)")
    ap.add_argument("--chunk-size", type=int, default=200)
    ap.add_argument("--no-ner", action="store_true", help="without the NER tagger")
    ap.add_argument("--db", default=None, help="write into this store instead of Parquet (one run only)")
    ap.add_argument("--stories", action="store_true", help="with --db: update stories and briefs afterwards")
    args = ap.parse_args()
    for path in args.paths:
        if not os.path.exists(path):
            print(f"batch_scale: no such file or folder: {path}", file=sys.stderr)
            return 1
    runs = (1 if args.engine != "dask" else 0) + (len(args.workers) if args.engine != "local" else 0)
    if args.db and runs > 1:
        print("batch_scale: --db takes one run (a second run would skip everything)", file=sys.stderr)
        return 1
    ner = not args.no_ner
    print(f"inputs: {' '.join(args.paths)}; limit {args.limit or 'none'}; chunk size {args.chunk_size}; "
          f"NER tagger {'on' if ner else 'off'}; {os.cpu_count()} cores")  # fmt: skip
    local_rate = 0.0
    if args.engine in ("local", "both"):
        with tempfile.TemporaryDirectory() as tmp, RssSampler(None) as sampler:
            summary = _run(args, LocalEngine(ner=ner), tmp)
        local_rate = summary.rate
        print(f"local : {summary.line()}; peak RSS {sampler.client_peak / 2**20:.0f} MiB")
    if args.engine in ("dask", "both"):
        base_rate = 0.0
        for n in args.workers:
            t0 = time.perf_counter()
            with DaskEngine(workers=n, ner=ner) as engine, tempfile.TemporaryDirectory() as tmp:
                started = time.perf_counter() - t0
                with RssSampler(engine.client) as sampler:
                    summary = _run(args, engine, tmp)
            base_rate = base_rate or summary.rate
            peaks = sorted(sampler.workers.values(), reverse=True)
            over_local = f", x{summary.rate / local_rate:.2f} over local" if local_rate else ""
            print(f"dask {n:>2} workers: {summary.line()}; start {started:.1f} s; "
                  f"speed-up x{summary.rate / base_rate:.2f} over {args.workers[0]} worker(s){over_local}")  # fmt: skip
            print(f"   peak RSS per worker: {', '.join(f'{p / 2**20:.0f}' for p in peaks)} MiB; "
                  f"client {sampler.client_peak / 2**20:.0f} MiB; worker time {summary.worker_seconds:.1f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
