"""Benchmark: ingest + analyse the first N articles of a news JSON Lines file.

    python bench/ingest_analyse.py ../shared/data/news/ant_multisource_2018.jsonl.gz --limit 5000

Reads the file through the real ingest path (JSON Lines reader, boilerplate removal, language
identification, idempotent store writes into a fresh SQLite file) and the real per-article analysis,
then prints articles/s for each stage and the process's peak memory (max RSS). The ANT corpus's date
field is ``time`` (RFC 2822); its outlet is the ``docno`` prefix, which we map with ``--field``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from marsad.api import Marsad
from marsad.ingest import IngestOptions


def _prepare(src: Path, limit: int, dest: Path) -> int:
    """Copy the first ``limit`` records to a plain JSONL file (not timed), with outlet = docno prefix."""
    opener = gzip.open if src.suffix == ".gz" else open
    n = 0
    with opener(src, "rt", encoding="utf-8") as fin, dest.open("w", encoding="utf-8") as fout:
        for line in fin:
            if n >= limit:
                break
            rec = json.loads(line)
            if "docno" in rec and "outlet" not in rec:
                rec["outlet"] = rec["docno"].split("-")[0]
            fout.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="news JSONL(.gz), e.g. ant_multisource_2018.jsonl.gz")
    parser.add_argument("--limit", type=int, default=5000)
    parser.add_argument("--stories", action="store_true", help="also time story grouping + briefs")
    args = parser.parse_args()
    if not args.path.exists():
        sys.exit(f"no such file: {args.path}")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "input.jsonl"
        n = _prepare(args.path, args.limit, data)
        options = IngestOptions()
        options.jsonl_fields.update({"published": "time", "id": "docno"})
        with Marsad(str(Path(tmp) / "bench.db")) as m:
            t0 = time.perf_counter()
            report = m.ingest([str(data)], options, process=False)
            t1 = time.perf_counter()
            analysed = m.analyze_pending()
            t2 = time.perf_counter()
            print(f"articles read: {n}; stored: {len(report.added)}; duplicates: {len(report.duplicates)}; "
                  f"problems: {len(report.problems)}; not Arabic: {len(report.not_arabic)}")
            print(f"ingest:  {t1 - t0:7.1f} s  {len(report.added) / (t1 - t0):8.1f} articles/s")
            print(f"analyse: {t2 - t1:7.1f} s  {analysed / max(t2 - t1, 1e-9):8.1f} articles/s")
            print(f"ingest + analyse: {n / (t2 - t0):8.1f} articles/s")
            if args.stories:
                update = m.update_stories()
                t3 = time.perf_counter()
                print(f"stories + briefs: {t3 - t2:7.1f} s, {len(update.changed)} stories")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
