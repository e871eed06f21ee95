"""Cross-validated evaluation of the Marsad NER tagger (CRF, and CRF + BiLSTM).

    python bench/ner_eval.py --train /work/shared/data/ner/anercorp_train.conll \
        [--extra /work/shared/data/ner/newsfane_coarse.conll ...] --folds 5 [--max-folds 1]
    python bench/ner_eval.py --model marsad/understand/ner/data/ner_crf.npz \
        --test /work/shared/data/ner/wikifane_coarse.conll [--test-slice 0.2] [--context 20]
    python bench/ner_eval.py --train /work/shared/data/ner/anercorp_train.conll \
        --fold-models /tmp/folds/fold{1,2,3,4,5}.npz --context 20   # folds saved by --keep-models
    python bench/ner_eval.py --train .../anercorp_train.conll --extra .../newsfane_coarse.conll \
        .../wikifane_coarse.conll@0.8 --vectors /tmp/w2v.npz --train-neural-folds /tmp/folds
        # trains each fold's BiLSTM (PyTorch) into /tmp/folds/fold{k}.bilstm.npz, then:
    python bench/ner_eval.py --train .../anercorp_train.conll --fold-models /tmp/folds/fold{1..5}.npz \
        --neural-models /tmp/folds/fold{1..5}.bilstm.npz --context 20   # CRF + BiLSTM per fold
    # with --max-folds 2 (CRFs and BiLSTMs): --fold-models fold1.npz fold2.npz ... scores the first two
    # of the --folds (default 5) folds

Prints per-type and overall (pooled micro) exact-span P/R/F1 and tagging speed (tokens/s, one
core: the tagger runs in one thread). Data paths are arguments; nothing is copied.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from marsad.understand.ner.evaluate import (  # noqa: E402
    cross_validate,
    evaluate_folds,
    evaluate_model,
    train_neural_folds,
)
from marsad.understand.ner.train import (  # noqa: E402
    DEFAULT_C1,
    DEFAULT_C2,
    DEFAULT_MAX_ITERATIONS,
    read_conll,
)


def _table(metrics: dict) -> str:
    rows = [f"{'type':8s} {'P':>6s} {'R':>6s} {'F1':>6s} {'gold':>6s}"]
    for t in sorted(k for k in metrics if k != "overall") + ["overall"]:
        m = metrics[t]
        rows.append(
            f"{t:8s} {100 * m['precision']:6.2f} {100 * m['recall']:6.2f} {100 * m['f1']:6.2f} {m['gold']:6d}"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", help="CoNLL file to cross-validate on")
    ap.add_argument("--extra", nargs="*", default=[], help="extra training files (every fold)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--max-folds", type=int, default=None, help="run only the first N folds")
    ap.add_argument("--c1", type=float, default=DEFAULT_C1)
    ap.add_argument("--c2", type=float, default=DEFAULT_C2)
    ap.add_argument("--max-iterations", type=int, default=DEFAULT_MAX_ITERATIONS)
    ap.add_argument("--min-freq", type=float, default=1.0)
    ap.add_argument("--model", help="evaluate this trained model on --test instead")
    ap.add_argument("--neural", help="with --model: the BiLSTM to add to it")
    ap.add_argument("--neural-models", nargs="+", help="with --fold-models: each fold's BiLSTM")
    ap.add_argument("--vectors", help="word vectors (.npz) for --train-neural-folds")
    ap.add_argument("--train-neural-folds", help="train each fold's BiLSTM into this folder, then stop")
    ap.add_argument("--threads", type=int, default=2, help="PyTorch threads for --train-neural-folds")
    ap.add_argument("--test", help="CoNLL test file for --model")
    ap.add_argument(
        "--test-slice", type=float, default=1.0, help="use only the last fraction of --test (e.g. 0.2)"
    )
    ap.add_argument("--no-harmonise", action="store_true", help="do not relabel MISC words in --extra")
    ap.add_argument("--no-adapt", action="store_true", help="no domain-adaptation copies for --extra")
    ap.add_argument("--extra-slice", type=float, default=1.0,
                    help="use only the first fraction of each --extra file (keep a held-out tail)")
    ap.add_argument("--jobs", type=int, default=1, help="folds trained in parallel processes")
    ap.add_argument("--keep-models", help="folder to save each fold's model in (fold1.npz …)")
    ap.add_argument("--fold-models", nargs="+",
                    help="with --train: re-tag each fold with these saved fold models (no training)")
    ap.add_argument("--context", type=int, default=0,
                    help="sentences read as one document by the consistency step (0: off)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    t0 = time.time()
    if a.train_neural_folds:
        paths = train_neural_folds(a.train, a.vectors, a.train_neural_folds, a.folds, extra=a.extra,
                                   max_folds=a.max_folds, log=print, threads=a.threads)  # fmt: skip
        print("\n".join(paths))
        return 0
    if a.model:
        sents = read_conll(a.test)
        sents = sents[int(len(sents) * (1 - a.test_slice)) :]
        metrics, speed = evaluate_model(a.model, sents, a.context, a.neural)
        result = {"pooled": metrics, "tokens_per_s": speed, "test_tokens": sum(len(s) for s in sents)}
    elif a.fold_models:
        result = evaluate_folds(a.train, a.fold_models, a.context, a.neural_models, folds=a.folds)
        result["tokens_per_s"] = 0.0
        print("per-fold F1: " + ", ".join(f"{100 * f['overall']['f1']:.2f}" for f in result["folds"]))
    else:
        result = cross_validate(
            a.train,
            a.folds,
            extra=a.extra,
            max_folds=a.max_folds,
            harmonise=not a.no_harmonise,
            adapt=not a.no_adapt,
            extra_slice=a.extra_slice,
            jobs=a.jobs,
            keep_models=a.keep_models,
            context=a.context,
            c1=a.c1,
            c2=a.c2,
            max_iterations=a.max_iterations,
            min_freq=a.min_freq,
        )
    print(_table(result["pooled"]))
    print(f"tagging speed: {result['tokens_per_s']:.0f} tokens/s (one core)")
    print(f"elapsed: {time.time() - t0:.0f} s")
    if a.json:
        print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
