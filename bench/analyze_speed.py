"""Benchmark: the whole per-article analysis (``analyze``: sentences, times, entities, places,
attributions, events, claims), articles/s on one core, and the share of time each stage takes.

    taskset -c 0 .venv/bin/python bench/analyze_speed.py ../shared/data/news/ant_multisource_2018.jsonl.gz --limit 2000 [--no-ner] [--batch N]

Why: the events issue asks for >= 200 articles/s on one core *including the earlier stages*, and the
NER tagger is the one stage whose cost is of another order; ``--no-ner`` measures the configuration
without it (knowledge-base names, GeoNames towns), the default measures the full one. Articles are
read into memory first (not timed); the resources (gazetteer, tagger, GeoNames) are loaded and
warmed on ten articles before the clock starts. Articles go through ``analyze_batch`` ``--batch`` at a
time (default ``ANALYSIS_BATCH``, as the batch paths run them; ``--batch 1`` is ``analyze`` one by one).
The first line says whether the compiled build (``scripts/build_native.py``) or plain Python ran.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from newsfile import iter_records, record_text

from marsad.model import Article
from marsad.native import compiled_modules
from marsad.text.tokens import tokenize
from marsad.understand.attributions import find_attributions
from marsad.understand.events import find_events
from marsad.understand.pipeline import ANALYSIS_BATCH, analyze, analyze_batch, load_resources

SAMPLE = 10


def _load(path: Path, limit: int) -> list[Article]:
    out: list[Article] = []
    for _number, rec in iter_records(path):
        if len(out) >= limit:
            break
        out.append(Article(id=str(len(out)), title=str(rec.get("title") or ""), text=record_text(rec),
                           published="2018-05-01T00:00:00+00:00"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description="per-article analysis throughput")
    ap.add_argument("path", type=Path)
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--no-ner", action="store_true", help="without the NER tagger")
    ap.add_argument("--batch", type=int, default=ANALYSIS_BATCH, help="articles per analyze_batch call")
    args = ap.parse_args()
    if not args.path.exists():
        print(f"analyze_speed: no such file: {args.path}", file=sys.stderr)
        return 1
    docs = _load(args.path, args.limit)
    resources = load_resources(ner=not args.no_ner)
    for d in docs[:10]:
        analyze(d, resources)
    # Analyses are counted and dropped, as a streaming ingest stores and drops them: holding
    # thousands of them makes Python's cyclic garbage collector rescan them again and again (2,000
    # held analyses cost 70 against 84 articles/s with the collector off). Every SAMPLE-th one is
    # kept to time attributions + events alone afterwards.
    counts: Counter[str] = Counter()
    sample = []
    t0 = time.perf_counter()
    n = 0
    for at in range(0, len(docs), max(args.batch, 1)):
        for a in analyze_batch(docs[at : at + max(args.batch, 1)], resources):
            counts.update(events=len(a.events), attributions=len(a.attributions), claims=len(a.claims))
            if n % SAMPLE == 0:
                sample.append(a)
            n += 1
    total = time.perf_counter() - t0
    t1 = time.perf_counter()
    for a in sample:
        tokens = tokenize(a.article.text)
        said = find_attributions(a.article.text, a.sentences, tokens, a.mentions)
        find_events(a.article.text, a.sentences, tokens, a.mentions, said, a.times)
    events_only = (time.perf_counter() - t1) * len(docs) / max(len(sample), 1)
    native = compiled_modules()
    print(f"articles: {len(docs)}; NER tagger {'off' if args.no_ner else 'on'}; batches of {max(args.batch, 1)}; "
          + (f"compiled build ({len(native)} modules)" if native else "plain Python"))
    print(f"events {counts['events']}, attributions {counts['attributions']}, claims {counts['claims']}")
    print(f"analyze: {len(docs) / total:,.0f} articles/s ({total:.2f} s)")
    print(f"  of which attributions + events (timed on every {SAMPLE}th article): {events_only / total:.0%} "
          f"({len(docs) / events_only:,.0f} articles/s alone)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
