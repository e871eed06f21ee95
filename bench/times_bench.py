"""Benchmark: ``find_times`` (and ``--places``: ``find_places`` too) over the first N articles of a
news JSON Lines file (.jsonl or .jsonl.gz).

    PYTHONPATH=. python bench/times_bench.py ../shared/data/news/ant_multisource_2018.jsonl.gz --limit 2000
    PYTHONPATH=. python bench/times_bench.py ../shared/data/news/ant_multisource_2018.jsonl.gz --places [--ner]

(run from the repository root; ``PYTHONPATH=.`` is not needed once the package is installed).

Why: time normalisation runs on every article, so its cost per article matters. The articles are
read into memory first (not timed); then every article's text goes through ``find_times`` with its
publication time as reference. Prints articles/s, words/s and expressions found. The text field is
the first of ``text``/``content``/``body`` present; the date field the first of ``time``/``date``/
``published`` that parses (RFC 2822 or ISO-8601), else no reference. With ``--places`` the one-time
loads (gazetteer, GeoNames towns, and with ``--ner`` the tagger) happen before the clock starts and
are reported on their own; run it under ``taskset -c 0`` to pin it to one core.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from newsfile import iter_records, record_text

from marsad.understand.ner.tagger import NerTagger
from marsad.understand.places import find_places
from marsad.understand.times import find_times


def _date(record: dict[str, object]) -> datetime | None:
    for key in ("time", "date", "published", "date_extracted"):
        raw = record.get(key)
        if not isinstance(raw, str) or not raw:
            continue
        try:
            return parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            pass
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            pass
    return None


def _load(path: Path, limit: int) -> list[tuple[str, datetime | None]]:
    out: list[tuple[str, datetime | None]] = []
    for _number, rec in iter_records(path):
        if len(out) >= limit:
            break
        out.append((record_text(rec), _date(rec)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description="find_times throughput")
    ap.add_argument("path", type=Path)
    ap.add_argument("--limit", type=int, default=2000, help="articles to read (default 2000)")
    ap.add_argument("--repeat", type=int, default=1, help="passes over the articles (default 1)")
    ap.add_argument("--places", action="store_true", help="also find and resolve places")
    ap.add_argument("--ner", action="store_true", help="with --places: the NER tagger's places too")
    args = ap.parse_args()
    if not args.path.exists():
        print(f"times_bench: no such file: {args.path}", file=sys.stderr)
        return 1
    docs = _load(args.path, args.limit)
    if not docs:
        print("times_bench: no articles read", file=sys.stderr)
        return 1
    words = sum(len(t.split()) for t, _ in docs)
    tagger = None
    if args.places:
        t_load = time.perf_counter()
        tagger = NerTagger.load() if args.ner else None
        find_places("زار الوفد مدينة منبج ثم بغداد.", tagger)  # gazetteer, GeoNames, admin tables
        print(f"one-time load: {time.perf_counter() - t_load:.2f} s")
    found = places = 0
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for text, ref in docs:
            found += len(find_times(text, ref))
            if args.places:
                places += len(find_places(text, tagger))
    dt = time.perf_counter() - t0
    n = len(docs) * args.repeat
    print(f"articles: {len(docs)} x {args.repeat}, mean words/article: {words / len(docs):.0f}")
    print(f"time expressions: {found / args.repeat:.0f} ({found / n:.1f}/article)")
    if args.places:
        print(f"places: {places / args.repeat:.0f} ({places / n:.1f}/article; NER tagger {'on' if tagger else 'off'})")
    print(f"{n / dt:,.0f} articles/s, {words * args.repeat / dt:,.0f} words/s ({dt:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
