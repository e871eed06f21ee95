"""Pearson correlation of ``marsad similarity`` with graded judgements, and of each of its parts.

Two sources of pairs:

* ``--pairs FILE.jsonl``: rated pairs in the batch format plus a gold grade,
  ``{"id","a":{"title","text"},"b":{"title","text"},"score"}`` (e.g. SemEval-2022 Task 8 pairs
  converted by the user; pass ``--lower-is-similar`` when, as in SemEval's 1–4 scale, a low grade
  means "very similar").
* ``--clusters GOLD --news NEWS``: a graded proxy built from the project's own story labels
  (``eval/clusters_dev.jsonl``, articles read from the ANT news file): grade 4 for two articles of
  one story, 3 for the same front of a conflict on another day (labels that differ only by their
  ``-MMDD`` suffix), 1 for different stories. Same-story and different-story pairs are sampled
  (fixed seed) to equal numbers; every same-front pair is kept. It is a proxy: only three grades,
  and few pairs in the middle one.

    python bench/similarity_eval.py --clusters eval/clusters_dev.jsonl \
        --news ../shared/data/news/ant_multisource_2018.jsonl.gz

Prints Pearson r for the shipped score, its lexical part, its embedding part, and the score at
other embedding weights (the weight shipped in ``marsad.batch.EMBEDDING_WEIGHT`` was chosen here).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
from pathlib import Path
from typing import Any

import numpy as np
from cluster_eval import gold_records, gold_stories

from marsad.batch import similarity_parts


def _pearson(x: list[float], y: list[float]) -> float:
    return float(np.corrcoef(np.array(x), np.array(y))[0, 1])


def proxy_pairs(gold_path: Path, news_path: Path, seed: int = 0, cap: int = 600) -> list[dict[str, Any]]:
    gold = gold_stories(gold_path)
    docs = {r["id"]: {"title": r["title"], "text": r["text"]} for r in gold_records(gold, news_path)}
    ids = sorted(docs)

    def front(label: str) -> str:
        return re.sub(r"-\d{4}$", "", label)

    same, fronts, different = [], [], []
    for a, b in itertools.combinations(ids, 2):
        if gold[a] == gold[b]:
            same.append((a, b))
        elif front(gold[a]) == front(gold[b]):
            fronts.append((a, b))
        else:
            different.append((a, b))
    rng = random.Random(seed)
    n = min(len(same), cap)
    graded = [(p, 4) for p in rng.sample(same, n)] + [(p, 3) for p in fronts] + [(p, 1) for p in rng.sample(different, n)]
    return [{"id": f"{a}|{b}", "a": docs[a], "b": docs[b], "score": grade} for (a, b), grade in graded]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=Path)
    ap.add_argument("--lower-is-similar", action="store_true")
    ap.add_argument("--clusters", type=Path)
    ap.add_argument("--news", type=Path)
    args = ap.parse_args()
    if args.pairs:
        rows = [json.loads(line) for line in args.pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
    elif args.clusters and args.news:
        rows = proxy_pairs(args.clusters, args.news)
    else:
        ap.error("give --pairs FILE, or --clusters GOLD with --news NEWS")
    sign = -1.0 if args.lower_is_similar else 1.0
    grades = {r["id"]: sign * float(r["score"]) for r in rows}
    parts = similarity_parts(rows)
    y = [grades[i] for i, _ in parts]
    counts: dict[float, int] = {}
    for g in y:
        counts[g] = counts.get(g, 0) + 1
    print(f"{len(rows)} pairs; grades {dict(sorted(counts.items()))}")
    print(f"  marsad similarity (shipped)  r = {_pearson([p.score for _, p in parts], y):.3f}")
    print(f"  lexical part only            r = {_pearson([p.lexical for _, p in parts], y):.3f}")
    print(f"  embedding part only          r = {_pearson([p.embedding for _, p in parts], y):.3f}")
    for w in (0.0, 0.25, 0.5, 0.75):
        blend = [(1 - w) * math.sqrt(p.lexical) + w * p.embedding for _, p in parts]
        print(f"  embedding weight {w:.2f}        r = {_pearson(blend, y):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
