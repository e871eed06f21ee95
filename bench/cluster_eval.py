"""B-cubed precision/recall/F1 of ``marsad cluster`` against hand-labelled stories.

    python bench/cluster_eval.py eval/clusters_dev.jsonl ../shared/data/news/ant_multisource_2018.jsonl.gz [--no-ner]

The gold file holds only ids and labels (``{"id", "story"}``; see ``eval/CLUSTERS_DEV.md``); the
articles are read from the news file, so no article text lives in the repository. The articles go
through ``marsad.batch.cluster_records`` exactly as ``marsad cluster --jsonl`` would run them. For
comparison the script also scores two references on the same articles:
* every article alone (B-cubed precision 1), and
* an untuned TF-IDF baseline: articles in publication order join the most similar earlier cluster
  when the cosine of TF-IDF vectors (content words) to its centroid is at least 0.3, else start one.

B-cubed (Bagga & Baldwin): for each article, precision is the share of its predicted cluster that
shares its gold story, recall the share of its gold story that shares its predicted cluster;
both are averaged over articles.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
from collections import Counter
from pathlib import Path
from typing import Any

from marsad.stories.textutil import content_words, parse_time


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    ids = [i for i in gold if i in pred]
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for i in ids:
        by_pred.setdefault(pred[i], set()).add(i)
        by_gold.setdefault(gold[i], set()).add(i)
    p = r = 0.0
    for i in ids:
        same = by_pred[pred[i]] & by_gold[gold[i]]
        p += len(same) / len(by_pred[pred[i]])
        r += len(same) / len(by_gold[gold[i]])
    p, r = p / len(ids), r / len(ids)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def tfidf_baseline(records: list[dict[str, Any]], threshold: float = 0.3) -> dict[str, str]:
    docs = [Counter(content_words(f"{r['title']} {r['text']}")) for r in records]
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    n = len(docs)
    vecs = []
    for d in docs:
        v = {w: (1 + math.log(c)) * math.log((n + 1) / (df[w] + 1)) for w, c in d.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})
    clusters: list[tuple[str, dict[str, float], int]] = []  # label, summed vector, size
    out: dict[str, str] = {}
    for r, v in zip(records, vecs, strict=True):
        best, best_sim = None, 0.0
        for k, (_label, centroid, _size) in enumerate(clusters):
            cn = math.sqrt(sum(x * x for x in centroid.values())) or 1.0
            sim = sum(x * centroid.get(w, 0.0) for w, x in v.items()) / cn
            if sim > best_sim:
                best, best_sim = k, sim
        if best is not None and best_sim >= threshold:
            label, centroid, size = clusters[best]
            for w, x in v.items():
                centroid[w] = centroid.get(w, 0.0) + x
            clusters[best] = (label, centroid, size + 1)
            out[r["id"]] = label
        else:
            clusters.append((r["id"], dict(v), 1))
            out[r["id"]] = r["id"]
    return out


def gold_stories(path: Path) -> dict[str, str]:
    """Article id → story label, from a gold file of ``{"id", "story"}`` lines."""
    gold = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["id"]] = row["story"]
    return gold


def gold_records(gold: dict[str, str], news: Path) -> list[dict[str, Any]]:
    """The gold articles as ``marsad cluster`` input records, read from the news file (the gold
    holds no text), in publication order."""
    records: list[dict[str, Any]] = []
    with gzip.open(news, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            docno = str(rec.get("docno") or rec.get("id") or "")
            if docno in gold:
                dt = parse_time(rec.get("time") or rec.get("published"))
                records.append({"id": docno, "title": rec.get("title") or "", "text": rec.get("text") or "",
                                "published": dt.isoformat() if dt else None, "outlet": docno.split("-")[0]})
    records.sort(key=lambda r: (r["published"] or "", r["id"]))
    return records


def main() -> int:
    ap = argparse.ArgumentParser(description="B-cubed of marsad cluster on hand-labelled stories")
    ap.add_argument("gold", type=Path)
    ap.add_argument("news", type=Path)
    ap.add_argument("--no-ner", action="store_true", help="analyse without the NER tagger")
    args = ap.parse_args()
    gold = gold_stories(args.gold)
    records = gold_records(gold, args.news)
    missing = len(gold) - len(records)
    if args.no_ner:
        os.environ["MARSAD_NER"] = "0"  # read by load_resources inside cluster_records
    from marsad.batch import cluster_records

    pred = {row["id"]: str(row["story"]) for row in cluster_records(records)}
    stories = len(set(gold[r["id"]] for r in records))
    print(f"{len(records)} articles ({missing} gold ids not found), {stories} gold stories")
    for name, labels in (("marsad cluster", pred), ("every article alone", {r["id"]: r["id"] for r in records}),
                         ("TF-IDF baseline (0.3)", tfidf_baseline(records))):
        p, r, f = bcubed(labels, gold)
        print(f"  {name:24s} B-cubed P {p:.3f}  R {r:.3f}  F1 {f:.3f}  ({len(set(labels.values()))} clusters)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
