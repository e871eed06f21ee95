"""Cost of a repeated ``marsad ingest`` (a new process each time) as the store grows.

    MARSAD_NER=0 python bench/ingest_rounds.py ../shared/data/news/ant_multisource_2018.jsonl.gz \
        --base 29000 --rounds 3 --size 300 --workdir /tmp/rounds
    MARSAD_NER=0 python bench/ingest_rounds.py ../shared/data/news/*.jsonl.gz \
        --checkpoints 10000,30000,60000 --size 300 --workdir /tmp/rounds60

The news files are merged and sorted by publication time. The first ``--base`` articles are
ingested in one run (which builds every story), then each round ingests the next ``--size``
articles in a new ``marsad ingest`` process, as a cron job would. With ``--checkpoints`` the store
is grown to each size in turn (one process per stretch) and one round is timed at each, to show how
the cost of a round changes as the store grows. Each round is timed twice, on two copies of the
store as it was before the round:
* as shipped: the process carries on from the story state the previous run saved in the store;
* with that state deleted first: the process has to replay every story (what every run cost
  before the state was saved).
The two copies must end with the same stories, and a full replay over the final store must change
nothing; the script checks both. Wall time and peak memory (max RSS) of each process are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from newsfile import iter_records, record_text

from marsad.api import STREAM_STATE_KEY, Marsad
from marsad.stories.textutil import parse_time


def sorted_records(path: Path) -> list[dict[str, Any]]:
    """The dated articles of one news file as ingest records, oldest first. ANT gives ``time`` and a
    ``docno`` whose prefix is the outlet; SaudiNewsNet ``date_extracted``, ``url`` and ``source``."""
    rows = []
    for _, rec in iter_records(path):
        when = parse_time(rec.get("time") or rec.get("published") or rec.get("date_extracted"))
        text = record_text(rec)
        if when is None or not text.strip():
            continue
        docno = str(rec.get("docno") or "")
        rows.append(
            {
                "id": docno or str(rec.get("id") or rec.get("url") or ""),
                "title": rec.get("title") or "",
                "text": text,
                "published": when.isoformat(),
                "outlet": docno.split("-")[0] if docno else str(rec.get("source") or ""),
            }
        )
    rows.sort(key=lambda r: (r["published"], r["id"]))
    return rows


def write_jsonl(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def ingest(db: Path, source: Path) -> tuple[float, float, str]:
    """One ``marsad ingest`` process: (seconds, its peak RSS in MiB, its last output line)."""
    out = db.with_suffix(".out")
    start = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "marsad.cli", "ingest", str(source), "--db", str(db)], stdout=fh
        )
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: some inputs had problems, each reported
        raise SystemExit(f"marsad ingest failed on {source}")
    lines = out.read_text(encoding="utf-8").strip().splitlines()
    return seconds, usage.ru_maxrss / 1024, lines[-1] if lines else ""


def memberships(db: Path) -> set[frozenset[str]]:
    with Marsad(str(db)) as m:
        return {frozenset(s.article_ids) for s in m.stories(limit=1_000_000)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("news", type=Path, nargs="+")
    ap.add_argument("--base", type=int, default=29_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--checkpoints", default="", help="store sizes to time one round at, e.g. 10000,30000,60000")
    ap.add_argument("--size", type=int, default=300)
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--reuse", action="store_true", help="keep the base store WORKDIR/store.db of an earlier run")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows = sorted(
        (r for path in args.news for r in sorted_records(path)), key=lambda r: (r["published"], r["id"])
    )
    base = args.workdir / "base.jsonl"
    db = args.workdir / "store.db"
    names = ", ".join(p.name for p in args.news)
    print(f"MARSAD_NER={os.environ.get('MARSAD_NER', '1')}; {len(rows)} dated articles in {names}")
    checkpoints = [int(c) for c in args.checkpoints.split(",") if c.strip()]
    first = checkpoints[0] if checkpoints else args.base
    if not (args.reuse and db.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        write_jsonl(rows[:first], base)
        seconds, peak, line = ingest(db, base)
        print(f"base: {first} articles in {seconds:.0f} s, {peak:.0f} MiB ({line})", flush=True)
    starts = checkpoints or [args.base + k * args.size for k in range(args.rounds)]
    print("round  store  carried on: s  MiB   replayed: s  MiB   same stories")
    for k, start in enumerate(starts):
        if k and checkpoints:  # grow the store to the next checkpoint, one process per stretch
            grow = args.workdir / f"grow{k}.jsonl"
            write_jsonl(rows[starts[k - 1] + args.size : start], grow)
            seconds, peak, line = ingest(db, grow)
            print(f"grown to {start} articles in {seconds:.0f} s, {peak:.0f} MiB ({line})", flush=True)
        chunk = rows[start : start + args.size]
        source = args.workdir / f"round{k + 1}.jsonl"
        write_jsonl(chunk, source)
        replay_db = args.workdir / "replay.db"
        with Marsad(str(db)) as m:
            size = m.store.count_articles()
        shutil.copyfile(db, replay_db)
        with Marsad(str(replay_db)) as m:
            m.store.set_state(STREAM_STATE_KEY, "")
        carried = ingest(db, source)
        replayed = ingest(replay_db, source)
        same = memberships(db) == memberships(replay_db)
        print(
            f"{k + 1:5d}  {size:5d}  {carried[0]:13.1f}  {carried[1]:4.0f}  {replayed[0]:11.1f}  "
            f"{replayed[1]:4.0f}   {same}",
            flush=True,
        )
        if not same:
            print("the carried-on stories differ from a replay", file=sys.stderr)
            return 1
    with Marsad(str(db)) as m:
        check = m.update_stories()
    print(f"full replay over the final store: {len(check.changed)} changed, {len(check.removed)} removed")
    return 0 if not check.changed and not check.removed else 1


if __name__ == "__main__":
    raise SystemExit(main())
