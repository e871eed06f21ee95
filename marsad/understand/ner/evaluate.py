"""Exact-span micro P/R/F1 (CoNLL-2003 style): an entity counts only if type and both ends match."""

from __future__ import annotations

import os
import random
import tempfile
from typing import TYPE_CHECKING, Any

from marsad.understand.ner.train import Sents

if TYPE_CHECKING:
    from marsad.understand.ner.tagger import NerTagger


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


def _tag_timed(tagger: NerTagger, sents: list[list[tuple[str, str]]], context: int) -> tuple[list[list[str]], float]:
    """The tags ``tagger`` gives ``sents`` (see ``consistency.tag_sentences``), and tokens tagged
    per second."""
    import time

    from marsad.understand.ner.consistency import tag_sentences

    t0 = time.perf_counter()
    pred = tag_sentences(tagger, [[t for t, _ in s] for s in sents], context)
    dt = time.perf_counter() - t0
    return pred, sum(len(s) for s in sents) / dt if dt else 0.0


def evaluate_model(
    model_path: str, sents: list[list[tuple[str, str]]], context: int = 0, neural: str | None = None
) -> tuple[dict, float]:
    """Tag ``sents`` with the model at ``model_path`` (and the BiLSTM ``neural``, if given);
    returns (metrics, tokens per second)."""
    from marsad.understand.ner.tagger import NerTagger

    pred, speed = _tag_timed(NerTagger(model_path, neural), sents, context)
    return evaluate([[g for _, g in s] for s in sents], pred), speed


def fold_bounds(n: int, folds: int) -> list[int]:
    """Where each of ``folds`` contiguous folds of ``n`` sentences starts (and the last ends)."""
    return [round(k * n / folds) for k in range(folds + 1)]


def evaluate_folds(path: str, models: list[str], context: int = 0, neural: list[str] | None = None,
                   folds: int | None = None) -> dict:
    """Pooled metrics of fold models saved by ``cross_validate(keep_models=...)``, each tagging
    its own contiguous test fold of ``path`` again: tagging-time changes measured on the
    cross-validation folds without retraining. ``folds``: how many the file was cut into (default
    ``len(models)``; more when only the first folds' models are given, as ``--max-folds`` leaves).
    ``neural``: the folds' BiLSTMs (``train_neural_folds``), added to the CRFs' scores."""
    from marsad.understand.ner.consistency import tag_sentences
    from marsad.understand.ner.tagger import NerTagger
    from marsad.understand.ner.train import read_conll

    sents = read_conll(path)
    if folds is not None and folds < len(models):
        raise ValueError(f"{len(models)} fold models for {folds} folds")
    bounds = fold_bounds(len(sents), folds or len(models))
    gold: list[list[str]] = []
    pred: list[list[str]] = []
    per_fold = []
    for k, model in enumerate(models):
        test = sents[bounds[k] : bounds[k + 1]]
        tagger = NerTagger(model, neural[k] if neural else None)
        tags = tag_sentences(tagger, [[t for t, _ in s] for s in test], context)
        gold.extend([g for _, g in s] for s in test)
        pred.extend(tags)
        per_fold.append(evaluate([[g for _, g in s] for s in test], tags))
    return {"pooled": evaluate(gold, pred), "folds": per_fold}


OVERLAP_NGRAM = 8


def _ngrams(sent: list[tuple[str, str]], k: int = OVERLAP_NGRAM) -> set[str]:
    toks = [t for t, _ in sent]
    if len(toks) < k:
        return {" ".join(toks)}
    return {" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1)}


def drop_overlapping(
    extra: list[list[tuple[str, str]]], test: list[list[tuple[str, str]]]
) -> list[list[tuple[str, str]]]:
    """``extra`` without sentences sharing an 8-token run with ``test``.

    Why: NewsFANE re-annotates some of ANERcorp's newswire. Upstream removed every NewsFANE
    sentence overlapping the ANERcorp *test* part; cross-validation does the same for each
    held-out fold, or the fold's own sentences would leak into training.
    """
    seen: set[str] = set()
    for s in test:
        seen |= _ngrams(s)
    return [s for s in extra if not (_ngrams(s) & seen)]



def fold_auxiliary(test: Sents, main: Sents, extra_files: list[Sents], harmonise: bool = True) -> list[Sents]:
    """The auxiliary corpora as one fold trains on them: without sentences overlapping its test
    part, relabelled by the MISC lexicon of its training part."""
    from marsad.understand.ner.train import harmonise_misc, misc_lexicon

    lexicon = misc_lexicon(main) if harmonise else set()
    out = []
    for file_sents in extra_files:
        ex = drop_overlapping(file_sents, test)
        out.append(harmonise_misc(ex, lexicon) if lexicon else ex)
    return out


def _fold_parts(path: str, folds: int, extra: list[str] | None, extra_slice: float) -> tuple[Sents, list[int], list[Sents]]:
    """The main corpus, its fold bounds and the auxiliary files (``FILE@FRACTION`` heads)."""
    from marsad.understand.ner.train import read_conll, split_head

    sents = read_conll(path)
    extra_files = []
    for spec in extra or []:
        p, head = split_head(spec)
        file_sents = read_conll(p)
        extra_files.append(file_sents[: int(len(file_sents) * head * extra_slice)])
    return sents, fold_bounds(len(sents), folds), extra_files


def train_neural_folds(
    path: str, vectors: str, out_dir: str, folds: int = 5, *, extra: list[str] | None = None, seed: int = 0,
    max_folds: int | None = None, log: Any = None, **overrides: Any,
) -> list[str]:
    """Train each fold's BiLSTM (``neural_train``) on the same data as ``cross_validate``'s CRFs
    and save it in ``out_dir`` (``fold1.bilstm.npz`` …); returns the paths, for ``evaluate_folds``.
    Sequential: PyTorch already uses the cores. ``overrides``: settings for ``train_bilstm``
    (``neural_train.DEFAULTS``), e.g. ``threads``."""
    from marsad.understand.ner.neural_train import train_bilstm

    sents, bounds, extra_files = _fold_parts(path, folds, extra, 1.0)
    paths = []
    for k in range(folds if max_folds is None else min(folds, max_folds)):
        test, main = sents[bounds[k] : bounds[k + 1]], sents[: bounds[k]] + sents[bounds[k + 1] :]
        out = os.path.join(out_dir, f"fold{k + 1}.bilstm.npz")
        train_bilstm(main, fold_auxiliary(test, main, extra_files), vectors, out, seed=seed, log=log, **overrides)
        paths.append(out)
    return paths


def _run_fold(
    test: Sents, main: Sents, extra_files: list[Sents], seed: int, harmonise: bool, adapt: bool,
    train_kw: dict[str, Any], keep: str | None = None, context: int = 0,
) -> tuple[list[list[str]], list[list[str]], dict, float]:
    """Train on ``main`` + the auxiliary files, tag ``test``: (gold, predicted, metrics, speed).
    ``keep``: also save the fold's model there (exported weights), to try tagging-time changes on
    the same folds without retraining."""
    from marsad.understand.ner.tagger import NerTagger
    from marsad.understand.ner.train import domain_tag, train_sentences

    auxiliary = fold_auxiliary(test, main, extra_files, harmonise)
    tagged = [(x, "") for x in main]
    for f, ex in enumerate(auxiliary, 1):
        tagged.extend((x, domain_tag(f) if adapt else "") for x in ex)
    random.Random(seed).shuffle(tagged)
    with tempfile.TemporaryDirectory() as d:
        mp = os.path.join(d, "m.crf")
        train_sentences([x for x, _ in tagged], mp, domains=[g for _, g in tagged], **train_kw)
        tagger = NerTagger(mp)
        pred, speed = _tag_timed(tagger, test, context)
        if keep:
            tagger.weights.save(keep)
    gold = [[g for _, g in s] for s in test]
    return gold, pred, evaluate(gold, pred), speed


def cross_validate(
    path: str,
    folds: int = 5,
    *,
    extra: list[str] | None = None,
    seed: int = 0,
    max_folds: int | None = None,
    harmonise: bool = True,
    adapt: bool = True,
    extra_slice: float = 1.0,
    jobs: int = 1,
    keep_models: str | None = None,
    context: int = 0,
    **train_kw: Any,
) -> dict:
    """K-fold cross-validation on ``path`` (contiguous folds, so documents stay together).

    ``extra`` files are added to every training fold but never to the test fold: their sentences
    overlapping the test fold are dropped (``drop_overlapping``); each is an auxiliary domain when
    ``adapt`` (``train.domain_features``); with ``harmonise`` they are relabelled by the MISC
    lexicon of the training folds only (``train.harmonise_misc``). ``jobs`` folds train in
    parallel processes. ``keep_models``: a folder to save each fold's model in (``fold1.npz`` …).
    ``context``: tag each test fold as ``marsad ner --conll --context`` does.
    Returns per-fold and pooled metrics (pooled = micro over all test folds) and tagging speed.
    """
    from concurrent.futures import ProcessPoolExecutor

    sents, bounds, extra_files = _fold_parts(path, folds, extra, extra_slice)
    runs = [
        (sents[bounds[k] : bounds[k + 1]], sents[: bounds[k]] + sents[bounds[k + 1] :], extra_files, seed,
         harmonise, adapt, train_kw, os.path.join(keep_models, f"fold{k + 1}.npz") if keep_models else None, context)
        for k in range(folds if max_folds is None else min(folds, max_folds))
    ]  # fmt: skip
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_run_fold, *zip(*runs, strict=True)))
    else:
        results = [_run_fold(*r) for r in runs]
    gold_all = [g for r in results for g in r[0]]
    pred_all = [p for r in results for p in r[1]]
    return {
        "pooled": evaluate(gold_all, pred_all),
        "folds": [r[2] for r in results],
        "tokens_per_s": sum(r[3] for r in results) / len(results),
    }
