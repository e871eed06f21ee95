"""Evaluate place finding and resolution on a gold JSONL file.

    python bench/places_eval.py eval/places_dev.jsonl [--tagger] [--errors] [--repeat 5]

Each line: {"id", "text", "places": [{"start", "end", "text", "lat", "lon", "country_code"}]}.
Prints mention precision/recall/F1 (exact character span), the share of correctly found mentions
resolved within 161 km (100 miles) of the gold coordinates (the usual geocoding accuracy@161km), and
speed: places/s and sentences/s of ``find_places`` on those texts (one core, warm gazetteer).
``--tagger`` adds the NER tagger's places (resolved through GeoNames), as ``marsad places`` does;
without it only knowledge-base names and names after a town cue are found.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from marsad.knowledge.gazetteer import load_gazetteer  # noqa: E402
from marsad.knowledge.geonames import km  # noqa: E402
from marsad.understand.ner.tagger import NerTagger  # noqa: E402
from marsad.understand.places import find_places  # noqa: E402

KM_OK = 161.0


def evaluate(rows: list[dict], show_errors: bool = False, tagger: NerTagger | None = None) -> dict:
    tp = fp = fn = near = 0
    for row in rows:
        text = row["text"]
        gold = {(p["start"], p["end"]): p for p in row["places"]}
        for p in row["places"]:
            assert text[p["start"] : p["end"]] == p["text"], (row["id"], p)
        found = {(p["start"], p["end"]): p for p in find_places(text, tagger)}
        for span, p in found.items():
            g = gold.get(span)
            if g is None:
                fp += 1
                if show_errors:
                    print(f"FP {row['id']}: {p['text']} -> {p['id']}")
                continue
            tp += 1
            d = km(p["lat"], p["lon"], g["lat"], g["lon"])
            if d <= KM_OK:
                near += 1
            elif show_errors:
                print(f"FAR {row['id']}: {p['text']} -> {p['id']} ({d:.0f} km off)")
        for span, g in gold.items():
            if span not in found:
                fn += 1
                if show_errors:
                    print(f"FN {row['id']}: {g['text']}")
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": prec, "recall": rec, "f1": f1,
            "acc161": near / tp if tp else 0.0, "near": near}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path")
    ap.add_argument("--errors", action="store_true", help="print every miss, false match and far resolution")
    ap.add_argument("--repeat", type=int, default=5, help="timing passes over the texts")
    ap.add_argument("--tagger", action="store_true", help="also the NER tagger's places (GeoNames)")
    args = ap.parse_args(argv)
    tagger = NerTagger.load() if args.tagger else None
    with open(args.path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    load_gazetteer()
    m = evaluate(rows, args.errors, tagger)
    n_gold = sum(len(r["places"]) for r in rows)
    print(f"{len(rows)} texts, {n_gold} gold places")
    print(f"mentions (exact span): P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
          f"  (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})")
    print(f"resolution: {m['near']}/{m['tp']} correct mentions within {KM_OK:.0f} km = {m['acc161']:.3f}")
    t0 = time.perf_counter()
    n_found = 0
    for _ in range(max(1, args.repeat)):
        for r in rows:
            n_found += len(find_places(r["text"], tagger))
    dt = time.perf_counter() - t0
    passes = max(1, args.repeat)
    print(f"speed: {n_found / dt:,.0f} places/s, {len(rows) * passes / dt:,.0f} sentences/s"
          f" ({passes} passes, {dt:.3f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
