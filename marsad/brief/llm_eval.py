"""Score the support checker of LLM briefs (``marsad.brief.llm.check_support``) on a JSON Lines set.

Usage: ``python -m marsad.brief.llm_eval eval/llm_support.jsonl [--sweep] [--misses]``

Each line: ``{"id", "sources": [texts], "sentence", "supported": true|false, "why"}``. The task is
to *detect unsupported sentences* (what the checker must drop), so the positive class is
``supported: false``: precision = of the sentences dropped, how many were unsupported; recall = of the
unsupported sentences, how many were dropped. Printed overall and by ``why`` (the category of the
item); ``--sweep`` also prints F1 for a range of ``MIN_COVERAGE`` values (how the constant was
chosen), ``--misses`` every wrong verdict.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from marsad.brief.llm import MIN_COVERAGE, SupportVerdict, check_support


def load(path: str | Path) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        for key in ("id", "sources", "sentence", "supported"):
            if key not in item:
                raise ValueError(f"{path}:{n}: missing {key!r}")
        items.append(item)
    return items


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(items: list[dict[str, Any]], min_coverage: float = MIN_COVERAGE) -> dict[str, Any]:
    """Counts and P/R/F1 for detecting unsupported sentences, overall and per category."""
    tp = fp = fn = tn = 0
    verdicts: list[tuple[dict[str, Any], SupportVerdict]] = []
    by_why: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # [correct, total]
    for item in items:
        verdict = check_support(item["sentence"], item["sources"], min_coverage=min_coverage)
        verdicts.append((item, verdict))
        flagged, unsupported = not verdict.supported, not item["supported"]
        tp += flagged and unsupported
        fp += flagged and not unsupported
        fn += not flagged and unsupported
        tn += not flagged and not unsupported
        cat = by_why[str(item.get("why", ""))]
        cat[0] += flagged == unsupported
        cat[1] += 1
    p, r, f = _prf(tp, fp, fn)
    return {
        "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": p, "recall": r, "f1": f,
        "accuracy": (tp + tn) / (len(items) or 1), "by_why": dict(by_why), "verdicts": verdicts,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m marsad.brief.llm_eval", description=__doc__.split("\n")[0]
    )
    parser.add_argument("path")
    parser.add_argument("--sweep", action="store_true", help="F1 for several coverage thresholds")
    parser.add_argument("--misses", action="store_true", help="print every wrong verdict")
    args = parser.parse_args(argv)
    items = load(args.path)
    res = evaluate(items)
    unsupported = sum(1 for i in items if not i["supported"])
    print(f"{len(items)} sentences, {unsupported} unsupported; MIN_COVERAGE = {MIN_COVERAGE}")
    print(f"detecting unsupported: P {res['precision']:.3f}  R {res['recall']:.3f}  F1 {res['f1']:.3f}  "
          f"(tp {res['tp']} fp {res['fp']} fn {res['fn']} tn {res['tn']}; accuracy {res['accuracy']:.3f})")  # fmt: skip
    for why, (ok, total) in sorted(res["by_why"].items()):
        print(f"  {why:24} {ok}/{total} correct")
    if args.sweep:
        print("MIN_COVERAGE sweep:")
        for step in range(30, 95, 5):
            t = step / 100
            s = evaluate(items, t)
            print(f"  {t:.2f}  P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
    if args.misses:
        for item, verdict in res["verdicts"]:
            if verdict.supported != bool(item["supported"]):
                print(f"MISS {item['id']} ({item.get('why', '')}): expected supported={item['supported']}, "
                      f"got {verdict.reason} {verdict.detail} (coverage {verdict.coverage:.2f})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
