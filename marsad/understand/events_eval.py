"""Score events, their arguments and modality, and attributions, against a gold JSON Lines file.

Usage: ``python -m marsad.understand.events_eval eval/events_gold.jsonl eval/events_gold_2.jsonl [--split dev|test] [--no-ner] [--errors N]``

The lexicons and rules are tuned on the ``dev`` half (odd item numbers) only; the ``test`` half
(even numbers) is held out, so its figures are the honest estimate.

Gold format (one item per line; written by the project, see ``eval/EVENTS_GOLD.md``): ``text``,
``published`` and ``events`` (``trigger``/``trigger_start``/``trigger_end``, ``type``, ``actor``/
``target``/``place`` with ``*_start``/``*_end`` or null, ``time``, ``modality``, ``quantities``) and
``attributions`` (``source`` with offsets, ``kind`` named|anonymous, ``analysis``, ``cue``, ``quote``),
or ``attributions: null`` for an item whose sources were not annotated (an events-only check such as
``events_gold_4.jsonl``): its attributions are then not scored, rather than all counted as false.

How predictions are matched, and why:

* **Events**: a gold event is matched to a predicted event of the *same type* whose trigger overlaps
  it or lies within 3 words of it (one-to-one, nearest first). Annotators and extractors may pick
  different words of one expression as its trigger (وقّعت or اتفاقاً in "وقّعت اتفاقاً"); the type
  and the place in the sentence are what an analyst counts. Event type P/R/F1 counts these matches;
  trigger P/R/F1 (type ignored) is printed alongside.
* **Arguments** (actor, target, place) on matched events: a predicted span is right when it overlaps
  the gold span. Precision is over predicted arguments, recall over gold ones (a wrong span counts
  against both).
* **Time**: the predicted time agrees with the gold at the gold's precision (``2025-08`` matches any
  day of August 2025). **Modality** and **quantities**: accuracy / exact key-value P/R on matched
  events.
* **Attributions**: a gold source is matched to a predicted one whose span overlaps it. Source
  P/R/F1 requires the kind (named vs anonymous) to agree as well; the analysis flag and, for named
  sources, whether the prediction is linked to an entity are reported on matched pairs.
* **Linked entity of a named source**: where the gold gives the source's knowledge-base entity
  (``entity``: an id, or null when the knowledge base has none), the matched prediction's entity
  is compared with it. A prediction's id counts only when it is a knowledge-base id (a ``local:``
  or GeoNames id is "no entity"). P/R/F1 over knowledge-base links, and accuracy with "no entity"
  right when the gold is null too.
"""

from __future__ import annotations

import argparse
import json
import sys
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.knowledge.gazetteer import load_gazetteer
from marsad.model import Article, Attribution, Event
from marsad.text.tokens import tokenize
from marsad.understand.pipeline import analyze, load_resources

_WORDS_APART = 3


@dataclass
class _Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Scores:
    events: _Counts = field(default_factory=_Counts)
    triggers: _Counts = field(default_factory=_Counts)
    by_type: dict[str, _Counts] = field(default_factory=dict)
    args: dict[str, _Counts] = field(default_factory=lambda: {r: _Counts() for r in ("actor", "target", "place")})
    time_ok: int = 0
    modality_ok: int = 0
    modality_confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    quantities: _Counts = field(default_factory=_Counts)
    matched: int = 0
    sources: _Counts = field(default_factory=_Counts)
    source_spans: _Counts = field(default_factory=_Counts)
    analysis_ok: int = 0
    source_matched: int = 0
    named_matched: int = 0
    named_linked: int = 0
    links: _Counts = field(default_factory=_Counts)  # gold entity of named sources, see the module doc
    link_ok: int = 0
    link_total: int = 0
    errors: list[str] = field(default_factory=list)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _word_distance(starts: list[int], a: tuple[int, int], b: tuple[int, int]) -> int:
    """How many words apart two spans are (0 when they overlap)."""
    if _overlap(a, b):
        return 0
    i, j = bisect_right(starts, a[0]), bisect_right(starts, b[0])
    return abs(i - j)


def _span(gold: dict[str, Any], role: str) -> tuple[int, int] | None:
    if gold.get(role) is None or gold.get(f"{role}_start") is None:
        return None
    return int(gold[f"{role}_start"]), int(gold[f"{role}_end"])


def _score_args(scores: Scores, gold: dict[str, Any], pred: Event, item_id: str) -> None:
    for role in ("actor", "target", "place"):
        g = _span(gold, role)
        arg = getattr(pred, role)
        p = (arg.start, arg.end) if arg is not None else None
        c = scores.args[role]
        if g and p and _overlap(g, p):
            c.tp += 1
            continue
        if p:
            c.fp += 1
        if g:
            c.fn += 1
        if (g or p) and len(scores.errors) < 10_000:
            scores.errors.append(f"ARG {item_id} {pred.type} {role}: gold {gold.get(role)!r} got {arg.text if arg else None!r}")


def _time_agrees(gold: str | None, pred: str | None) -> bool:
    if not gold:
        return True
    return bool(pred) and str(pred)[: len(gold)] == gold


def score_item(scores: Scores, item: dict[str, Any], events: list[Event], attributions: list[Attribution]) -> None:
    text = item["text"]
    starts = [t.start for t in tokenize(text)]
    gold_events = list(item.get("events", []))
    free = list(events)
    for g in sorted(gold_events, key=lambda g: g["trigger_start"]):
        span = (int(g["trigger_start"]), int(g["trigger_end"]))
        scores.by_type.setdefault(g["type"], _Counts())
        cands = [(e, _word_distance(starts, span, (e.start, e.end))) for e in free]
        cands = [(e, d) for e, d in cands if d <= _WORDS_APART]
        same = [(e, d) for e, d in cands if e.type == g["type"]]
        if cands:
            scores.triggers.tp += 1
        else:
            scores.triggers.fn += 1
        if not same:
            scores.events.fn += 1
            scores.by_type[g["type"]].fn += 1
            scores.errors.append(f"FN {item['id']} {g['type']} {g['trigger']!r}"
                                 + (f" (got {cands[0][0].type} {cands[0][0].trigger!r})" if cands else ""))
            continue
        pred = min(same, key=lambda ed: ed[1])[0]
        free.remove(pred)
        scores.events.tp += 1
        scores.by_type[g["type"]].tp += 1
        scores.matched += 1
        _score_args(scores, g, pred, item["id"])
        if _time_agrees(g.get("time"), pred.time):
            scores.time_ok += 1
        else:
            scores.errors.append(f"TIME {item['id']} {g['trigger']!r}: gold {g.get('time')} got {pred.time}")
        scores.modality_confusion[(g["modality"], pred.modality)] += 1
        if g["modality"] == pred.modality:
            scores.modality_ok += 1
        else:
            scores.errors.append(f"MOD {item['id']} {g['trigger']!r}: gold {g['modality']} got {pred.modality}")
        gq = {k: float(v) for k, v in (g.get("quantities") or {}).items()}
        pq = pred.quantities
        hits = sum(1 for k, v in pq.items() if gq.get(k) == v)
        scores.quantities.tp += hits
        scores.quantities.fp += len(pq) - hits
        scores.quantities.fn += len(gq) - hits
    for e in free:
        scores.events.fp += 1
        scores.triggers.fp += 1
        scores.by_type.setdefault(e.type, _Counts()).fp += 1
        scores.errors.append(f"FP {item['id']} {e.type} {e.trigger!r}")
    if item.get("attributions", []) is not None:  # null: the item's sources were not annotated
        _score_attributions(scores, item, attributions)


def _score_attributions(scores: Scores, item: dict[str, Any], attributions: list[Attribution]) -> None:
    free = list(attributions)
    for g in item.get("attributions", []):
        span = (int(g["source_start"]), int(g["source_end"]))
        hit = next((a for a in free if _overlap(span, (a.start, a.end))), None)
        if hit is None:
            scores.sources.fn += 1
            scores.source_spans.fn += 1
            scores.errors.append(f"SRC-FN {item['id']} {g['kind']} {g['source']!r} ({g.get('cue')})")
            continue
        free.remove(hit)
        scores.source_spans.tp += 1
        scores.source_matched += 1
        kind = "anonymous" if hit.anonymous else "named"
        if kind == g["kind"]:
            scores.sources.tp += 1
        else:
            scores.sources.fp += 1
            scores.sources.fn += 1
            scores.errors.append(f"SRC-KIND {item['id']} {g['source']!r}: gold {g['kind']} got {kind}")
        if bool(g.get("analysis")) == hit.analysis:
            scores.analysis_ok += 1
        if g["kind"] == "named":
            scores.named_matched += 1
            scores.named_linked += hit.entity_id is not None
            if "entity" in g:
                _score_link(scores, item["id"], g, hit.entity_id)
    for a in free:
        scores.sources.fp += 1
        scores.source_spans.fp += 1
        scores.errors.append(f"SRC-FP {item['id']} {a.source_text!r} ({a.cue})")


def _score_link(scores: Scores, item_id: str, g: dict[str, Any], predicted: str | None) -> None:
    gold = g["entity"]
    got = predicted if predicted and load_gazetteer().get(predicted) is not None else None
    scores.link_total += 1
    if got == gold:
        scores.link_ok += 1
        scores.links.tp += gold is not None
        return
    scores.links.fp += got is not None
    scores.links.fn += gold is not None
    scores.errors.append(f"LINK {item_id} {g['source']!r}: gold {gold} got {got}")


def evaluate(items: list[dict[str, Any]], ner: bool = True) -> Scores:
    resources = load_resources(ner=ner)
    scores = Scores()
    for item in items:
        article = Article(id=item["id"], title="", text=item["text"], published=item.get("published"))
        analysis = analyze(article, resources)
        score_item(scores, item, analysis.events, analysis.attributions)
    return scores


def _line(name: str, c: _Counts) -> str:
    p, r, f = c.prf()
    return f"  {name:22s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (tp {c.tp}, fp {c.fp}, fn {c.fn})"


def report(scores: Scores, out: Any = sys.stdout) -> None:
    print("events", file=out)
    print(_line("event type", scores.events), file=out)
    print(_line("trigger (any type)", scores.triggers), file=out)
    for role, c in scores.args.items():
        print(_line(f"{role}", c), file=out)
    m = max(scores.matched, 1)
    print(f"  time at gold precision {scores.time_ok}/{scores.matched} = {scores.time_ok / m:.3f}", file=out)
    print(f"  modality accuracy      {scores.modality_ok}/{scores.matched} = {scores.modality_ok / m:.3f}", file=out)
    print(_line("quantities", scores.quantities), file=out)
    print("  by type:", file=out)
    for t, c in sorted(scores.by_type.items()):
        print("  " + _line(t, c), file=out)
    labels = sorted({g for g, _ in scores.modality_confusion} | {p for _, p in scores.modality_confusion})
    print("  modality confusion (rows gold, columns predicted): " + " ".join(f"{x[:6]:>6}" for x in labels), file=out)
    for g in labels:
        print(f"    {g:12s} " + " ".join(f"{scores.modality_confusion[(g, p)]:6d}" for p in labels), file=out)
    print("attributions", file=out)
    print(_line("source (span + kind)", scores.sources), file=out)
    print(_line("source span", scores.source_spans), file=out)
    sm = max(scores.source_matched, 1)
    print(f"  analysis flag accuracy {scores.analysis_ok}/{scores.source_matched} = {scores.analysis_ok / sm:.3f}", file=out)
    print(f"  named sources linked to an entity {scores.named_linked}/{scores.named_matched}", file=out)
    if scores.link_total:
        print(_line("linked entity (named)", scores.links)
              + f"; right {scores.link_ok}/{scores.link_total} with no-entity cases", file=out)


def _number(item_id: str) -> int:
    digits = "".join(ch for ch in item_id if ch.isdigit())
    return int(digits) if digits else 0


def in_split(item_id: str, split: str) -> bool:
    """Whether an item belongs to ``split``: odd numbers are dev, even ones held out.

    Why the ``dev-`` prefix: items written later to find new errors (``events_gold_3.jsonl``) are
    development material as a whole; numbering them on after the first two files would put half
    of them, already read while fixing rules, into the held-out half.
    """
    if split == "all":
        return True
    is_dev = item_id.startswith("dev-") or _number(item_id) % 2 == 1
    return is_dev == (split == "dev")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score events and attributions on a gold JSON Lines file.")
    ap.add_argument("paths", type=Path, nargs="+", help="gold JSON Lines files (scored together)")
    ap.add_argument("--no-ner", action="store_true", help="knowledge-base names only (no NER tagger)")
    ap.add_argument("--errors", type=int, default=0, help="print the first N errors")
    ap.add_argument("--split", choices=["all", "dev", "test"], default="all",
                    help="dev: items whose number is odd or whose id starts with dev- (rules are tuned on these); "
                         "test: the other items (held out)")
    args = ap.parse_args(argv)
    items = [json.loads(line) for path in args.paths
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [i for i in items if in_split(i["id"], args.split)]
    scores = evaluate(items, ner=not args.no_ner)
    unannotated = sum(1 for i in items if i.get("attributions", []) is None)
    print(f"{len(items)} items, {sum(len(i.get('events', [])) for i in items)} gold events, "
          f"{sum(len(i.get('attributions') or []) for i in items)} gold attributions"
          + (f" ({unannotated} items with sources not annotated)" if unannotated else ""))
    report(scores)
    for line in scores.errors[: args.errors]:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
