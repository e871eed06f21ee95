"""How the clusterer's settings were chosen: a grid over the hand-labelled sets, and leave-one-set-out.

    python bench/cluster_select.py ../shared/data/news/ant_multisource_2018.jsonl.gz eval/clusters_dev.jsonl \
        eval/clusters_dev_2.jsonl eval/clusters_dev_3.jsonl eval/clusters_dev_4.jsonl

Each set's articles are analysed once (as ``marsad cluster`` analyses them), then clustered with
``StoryClusterer`` at every point of the grid: lead length (``lead_terms``: the whole text, 40, 80 or
120 keywords), weight of later keywords (``body_weight``: 0, 0.2, 0.5), threshold (0.18–0.23) and
entity weight (0.1–0.3). A point is admissible only if it still groups the bundled demo corpus (the
project's own multi-outlet rewrites of a few stories, gold labels in ``marsad/demo/corpus``) with
pairwise precision ≥ 0.95 and recall ≥ 0.9: our ANT sets are whole days, mostly singletons, and
alone they favour high thresholds that split one story told by several outlets.

Printed: B-cubed F1 per set for the previous default and for the best admissible point on all sets;
for each set in turn, the point chosen on the others and its F1 on the set left out (an estimate of
what choosing on our own labels gains on labels not used to choose); and the same two settings on
each set's multi-outlet part (the articles of gold stories that two or more outlets report).
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
from collections.abc import Iterable
from pathlib import Path

from cluster_eval import bcubed, gold_records, gold_stories

from marsad.batch import _article, analyze_all, load_resources
from marsad.model import AnalyzedArticle
from marsad.stories.cluster import StoryClusterer
from marsad.stories.textutil import sort_key_published

PREVIOUS = {"lead_terms": 1_000_000, "body_weight": 1.0, "threshold": 0.19, "entity_weight": 0.2}
GRID = {
    "lead_terms": [1_000_000, 40, 80, 120],  # 1,000,000: every keyword counts in full (the previous rule)
    "body_weight": [0.0, 0.2, 0.5],
    "threshold": [0.18, 0.19, 0.2, 0.21, 0.22, 0.23],
    "entity_weight": [0.1, 0.2, 0.3],
}
DEMO_MIN_PRECISION, DEMO_MIN_RECALL = 0.95, 0.9


def assign(point: dict[str, float], analyses: Iterable[AnalyzedArticle]) -> dict[str, str]:
    clusterer = StoryClusterer(**point)  # type: ignore[arg-type]
    for a in analyses:
        clusterer.add(a)
    return clusterer.assignments()


def demo_analyses() -> tuple[list[AnalyzedArticle], dict[str, str]]:
    """The demo corpus as ``marsad ingest`` stores it (Arabic articles, stream order), and article
    id → gold story."""
    from click.testing import CliRunner

    from marsad.cli import cli
    from marsad.demo import article_paths, gold_path
    from marsad.store.sqlite import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.db")
        CliRunner().invoke(cli, ["ingest", *map(str, article_paths()), "--db", db], catch_exceptions=False)
        analyses = [a for a in SQLiteStore(db).iter_analyses() if a.article.language == "ar"]
    by_url = {}
    for line in gold_path().read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_url[row["url"]] = row["story"]
    analyses.sort(key=lambda a: sort_key_published(a.article.published, a.article.id))
    return analyses, {a.article.id: by_url[a.article.url] for a in analyses}


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float]:
    ids = sorted(gold)
    same_pred = same_gold = same_both = 0
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            p, g = pred[a] == pred[b], gold[a] == gold[b]
            same_pred, same_gold, same_both = same_pred + p, same_gold + g, same_both + (p and g)
    return same_both / max(same_pred, 1), same_both / max(same_gold, 1)


def multi_outlet(gold: dict[str, str]) -> set[str]:
    """Ids of the articles whose gold story two or more outlets report (outlet = docno prefix)."""
    outlets: dict[str, set[str]] = {}
    for article_id, story in gold.items():
        outlets.setdefault(story, set()).add(article_id.split("-")[0])
    return {a for a, story in gold.items() if len(outlets[story]) >= 2}


def points() -> list[dict[str, float]]:
    out = []
    for values in itertools.product(*GRID.values()):
        point = dict(zip(GRID, values, strict=True))
        if point["lead_terms"] == 1_000_000 and point["body_weight"] != 1.0:
            point["body_weight"] = 1.0  # no body beyond the lead: the weight is moot
        if point not in out:
            out.append(point)
    if PREVIOUS not in out:
        out.append(PREVIOUS)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("news", type=Path)
    ap.add_argument("gold", type=Path, nargs="+")
    args = ap.parse_args()
    resources = load_resources()
    sets = []
    for path in args.gold:
        gold = gold_stories(path)
        analyses = analyze_all([_article(r) for r in gold_records(gold, args.news)], resources)
        analyses.sort(key=lambda a: sort_key_published(a.article.published, a.article.id))
        sets.append((path.name, gold, analyses))
    demo, demo_gold = demo_analyses()
    scores: list[tuple[dict[str, float], list[float]]] = []
    previous: list[float] = []
    for point in points():
        f1s = [bcubed(assign(point, analyses), gold)[2] for _name, gold, analyses in sets]
        if point == PREVIOUS:
            previous = f1s
        precision, recall = pairwise(assign(point, demo), demo_gold)
        if (precision >= DEMO_MIN_PRECISION and recall >= DEMO_MIN_RECALL) or point == PREVIOUS:
            scores.append((point, f1s))
    best_point, best = max(scores, key=lambda s: sum(s[1]))
    names = "  ".join(name for name, _, _ in sets)
    print(f"{len(points())} settings, {len(scores)} admissible on the demo corpus; {len(sets)} sets ({names})")
    print(f"previous {PREVIOUS}: " + "  ".join(f"{f:.3f}" for f in previous))
    print(f"best on all {best_point}: " + "  ".join(f"{f:.3f}" for f in best))
    gains = []
    for k, (name, _, _) in enumerate(sets):
        point, f1s = max(scores, key=lambda s: sum(f for i, f in enumerate(s[1]) if i != k))
        gains.append(f1s[k] - previous[k])
        print(f"left out {name}: chosen on the others {point}: {f1s[k]:.3f} (previous {previous[k]:.3f}, {gains[-1]:+.3f})")
    print(f"mean gain on the set left out: {sum(gains) / len(gains):+.3f}")
    demo_prev, demo_best = pairwise(assign(PREVIOUS, demo), demo_gold), pairwise(assign(best_point, demo), demo_gold)
    print(f"demo corpus pairwise P/R: previous {demo_prev[0]:.3f}/{demo_prev[1]:.3f}, best {demo_best[0]:.3f}/{demo_best[1]:.3f}")
    for name, gold, analyses in sets:
        keep = multi_outlet(gold)
        part = [a for a in analyses if a.article.id in keep]
        sub = {a: gold[a] for a in keep}
        print(f"multi-outlet part of {name} ({len(keep)} articles, {len(set(sub.values()))} stories): previous "
              f"{bcubed(assign(PREVIOUS, part), sub)[2]:.3f}, best {bcubed(assign(best_point, part), sub)[2]:.3f}")


if __name__ == "__main__":
    main()
