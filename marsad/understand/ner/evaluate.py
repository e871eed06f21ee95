"""Exact-span micro P/R/F1 (CoNLL-2003 style): an entity counts only if type and both ends match."""

from __future__ import annotations

import os
import random
import tempfile
from typing import Any


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans (start, end-exclusive, type) from IOB2 tags; a stray I- starts a new span."""
    out: set[tuple[int, int, str]] = set()
    start, typ = -1, None
    for i, t in enumerate(list(tags) + ["O"]):
        if t.startswith("B-") or t == "O" or (t.startswith("I-") and t[2:] != typ):
            if typ is not None:
                out.add((start, i, typ))
                typ = None
            if t.startswith("B-") or t.startswith("I-"):
                start, typ = i, t[2:]
    return out


def _prf(tp: int, npred: int, ngold: int) -> dict:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "pred": npred, "gold": ngold}


def evaluate(gold: list[list[str]], pred: list[list[str]]) -> dict:
    """Micro P/R/F1 overall (key ``"overall"``) and per type, over sentences of IOB2 tags."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in number of sentences")
    tp: dict[str, int] = {}
    ng: dict[str, int] = {}
    npd: dict[str, int] = {}
    for g, p in zip(gold, pred, strict=True):
        if len(g) != len(p):
            raise ValueError("gold and pred sentence lengths differ")
        gs, ps = spans(g), spans(p)
        for s in gs:
            ng[s[2]] = ng.get(s[2], 0) + 1
        for s in ps:
            npd[s[2]] = npd.get(s[2], 0) + 1
        for s in gs & ps:
            tp[s[2]] = tp.get(s[2], 0) + 1
    types = sorted(set(ng) | set(npd))
    res = {t: _prf(tp.get(t, 0), npd.get(t, 0), ng.get(t, 0)) for t in types}
    res["overall"] = _prf(sum(tp.values()), sum(npd.values()), sum(ng.values()))
    return res


def evaluate_model(model_path: str, sents: list[list[tuple[str, str]]]) -> tuple[dict, float]:
    """Tag ``sents`` with the model at ``model_path``; returns (metrics, tokens per second)."""
    import time

    from marsad.understand.ner.tagger import NerTagger

    tagger = NerTagger(model_path)
    t0 = time.perf_counter()
    pred = [tagger.tag([t for t, _ in s]) for s in sents]
    dt = time.perf_counter() - t0
    ntok = sum(len(s) for s in sents)
    return evaluate([[g for _, g in s] for s in sents], pred), ntok / dt if dt else 0.0


def cross_validate(
    path: str,
    folds: int = 5,
    *,
    extra: list[str] | None = None,
    seed: int = 0,
    max_folds: int | None = None,
    harmonise: bool = True,
    **train_kw: Any,
) -> dict:
    """K-fold cross-validation on ``path`` (contiguous folds, so documents stay together).

    ``extra`` files are added to every training fold, never to the test fold (with ``harmonise``,
    relabelled by the MISC lexicon of the training folds only, see ``train.harmonise_misc``). Returns per-fold and
    pooled metrics (pooled = micro over all test folds) and tagging speed.
    """
    from marsad.understand.ner.train import harmonise_misc, misc_lexicon, read_conll, train_sentences

    sents = read_conll(path)
    extra_sents = [s for p in (extra or []) for s in read_conll(p)]
    n = len(sents)
    bounds = [round(k * n / folds) for k in range(folds + 1)]
    gold_all: list[list[str]] = []
    pred_all: list[list[str]] = []
    per_fold = []
    speeds = []
    from marsad.understand.ner.tagger import NerTagger

    for k in range(folds if max_folds is None else min(folds, max_folds)):
        test = sents[bounds[k] : bounds[k + 1]]
        main = sents[: bounds[k]] + sents[bounds[k + 1] :]
        ex = harmonise_misc(extra_sents, misc_lexicon(main)) if harmonise and extra_sents else extra_sents
        tr = main + ex
        random.Random(seed).shuffle(tr)
        with tempfile.TemporaryDirectory() as d:
            mp = os.path.join(d, "m.crf")
            train_sentences(tr, mp, **train_kw)
            metrics, speed = evaluate_model(mp, test)
            tagger = NerTagger(mp)
            pred_all.extend(tagger.tag([t for t, _ in s]) for s in test)
        gold_all.extend([g for _, g in s] for s in test)
        per_fold.append(metrics)
        speeds.append(speed)
    return {
        "pooled": evaluate(gold_all, pred_all),
        "folds": per_fold,
        "tokens_per_s": sum(speeds) / len(speeds),
    }
