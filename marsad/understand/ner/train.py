"""Training the CRF NER model, and reading CoNLL files.

Tag mapping to the 4-type scheme (PER ORG LOC MISC, IOB2):
  ANERcorp:          PERS→PER, ORG→ORG, LOC→LOC, MISC→MISC
  NewsFANE/WikiFANE: PER→PER, ORG→ORG, GPE/FAC/LOC→LOC, PRO/VEH/WEA→MISC
Any other type becomes MISC; malformed IOB (I- without a B-) is repaired to B-.

Command-line: ``python -m marsad.understand.ner.train OUT.npz DATA.conll [DATA.conll ...]``
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import time
from datetime import UTC, datetime
from typing import Any

from marsad.understand.ner.features import sentence_features

TYPE_MAP = {
    "PERS": "PER",
    "PER": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "MISC": "MISC",
    "PRO": "MISC",
    "VEH": "MISC",
    "WEA": "MISC",
}

DEFAULT_C1 = 0.05
DEFAULT_C2 = 0.05
DEFAULT_MAX_ITERATIONS = 150


def map_tag(tag: str) -> str:
    """Map a source tag (any of the corpora) to the 4-type IOB2 scheme."""
    if tag in ("O", "", "_"):
        return "O"
    if "-" not in tag:
        return "O"
    prefix, typ = tag.split("-", 1)
    prefix = prefix.upper()
    if prefix not in ("B", "I"):
        return "O"
    return prefix + "-" + TYPE_MAP.get(typ.upper(), "MISC")


def repair_iob(tags: list[str]) -> list[str]:
    """Turn an I-X that does not continue an X into B-X (IOB2)."""
    out: list[str] = []
    prev = "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


Sents = list[list[tuple[str, str]]]


def read_conll(path: str, *, mapped: bool = True) -> list[list[tuple[str, str]]]:
    """Sentences of (token, tag) from a CoNLL file; separator is a TAB if present, else whitespace.

    The tag is the last column. With ``mapped`` the tags are mapped to PER/ORG/LOC/MISC (see module doc).
    """
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line.strip():
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            if line.startswith("-DOCSTART-"):
                continue
            parts = line.split("\t") if "\t" in line else line.split()
            if len(parts) < 2:
                tok, tag = parts[0], "O"
            else:
                tok, tag = parts[0], parts[-1].strip()
            cur.append((tok, tag))
    if cur:
        sents.append(cur)
    if mapped:
        sents = [
            list(zip([t for t, _ in s], repair_iob([map_tag(g) for _, g in s]), strict=True)) for s in sents
        ]
    return sents


def misc_lexicon(
    sents: list[list[tuple[str, str]]], *, min_count: int = 3, min_ratio: float = 0.5
) -> set[str]:
    """Normalised words that are, in ``sents``, mostly a single-token MISC entity (currencies,
    religions, prizes in ANERcorp). Used to harmonise corpora that leave such words untagged."""
    from marsad.text.normalize import normalize

    total: dict[str, int] = {}
    misc: dict[str, int] = {}
    for s in sents:
        for i, (tok, tag) in enumerate(s):
            w = normalize(tok)
            total[w] = total.get(w, 0) + 1
            nxt = s[i + 1][1] if i + 1 < len(s) else "O"
            if tag == "B-MISC" and nxt != "I-MISC":
                misc[w] = misc.get(w, 0) + 1
    return {w for w, c in misc.items() if c >= min_count and c / total[w] >= min_ratio}


def harmonise_misc(sents: list[list[tuple[str, str]]], lexicon: set[str]) -> list[list[tuple[str, str]]]:
    """Relabel O tokens whose normalised form is in ``lexicon`` as B-MISC (extra corpora only)."""
    from marsad.text.normalize import normalize

    return [[(t, "B-MISC" if g == "O" and normalize(t) in lexicon else g) for t, g in s] for s in sents]


_DOMAIN_ATTRIBUTE = re.compile(r"^d[0-9]+:")


def domain_tag(k: int) -> str:
    """The tag of the ``k``-th training file as an auxiliary domain (``k`` ≥ 1)."""
    return f"d{k}"


def is_domain_attribute(attr: str) -> bool:
    """Whether ``attr`` is a domain-prefixed copy (never fires when tagging; not exported)."""
    return bool(_DOMAIN_ATTRIBUTE.match(attr))


def domain_features(features: list[list[str]], domain: str) -> list[list[str]]:
    """Features of a sentence from an auxiliary corpus: each feature twice, plain and prefixed
    with the corpus tag ("frustratingly easy" domain adaptation, Daumé 2007).

    Why: the corpora disagree on conventions (NewsFANE tags fewer MISC words and other span
    boundaries than ANERcorp). The prefixed copies absorb what is peculiar to an auxiliary corpus,
    so the plain weights, the only ones used when tagging, follow the main corpus. The main corpus
    (``domain == ""``) gets no copies, so tagging costs nothing extra.
    """
    if not domain:
        return features
    return [f + [f"{domain}:{x}" for x in f] for f in features]


def train_sentences(
    sents: list[list[tuple[str, str]]],
    out: str,
    *,
    domains: list[str] | None = None,
    c1: float = DEFAULT_C1,
    c2: float = DEFAULT_C2,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
    min_freq: float = 1.0,
) -> None:
    """Train a CRF (L-BFGS, CRFsuite) on mapped sentences and write it to ``out``.

    ``domains`` gives each sentence's corpus tag ("" for the main corpus; see ``domain_features``).
    """
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for n, s in enumerate(sents):
        feats = sentence_features([t for t, _ in s])
        trainer.append(domain_features(feats, domains[n] if domains else ""), [g for _, g in s])
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": min_freq,
        }
    )
    trainer.train(out)


def split_head(spec: str) -> tuple[str, float]:
    """``corpus.conll@0.8`` → (``corpus.conll``, 0.8): train on the first 80 % of the sentences
    only, keeping the tail held out for evaluation. A plain path means the whole file."""
    path, sep, frac = spec.rpartition("@")
    if sep and not os.path.exists(spec):
        try:
            value = float(frac)
        except ValueError:
            return spec, 1.0
        if 0.0 < value <= 1.0:
            return path, value
    return spec, 1.0


def read_corpora(data_paths: list[str], *, harmonise: bool = True) -> tuple[list[Sents], set[str]]:
    """The sentences of each training file (``FILE@FRACTION`` read as ``split_head`` says), and the
    MISC lexicon of the first (main) one; with ``harmonise`` the others are relabelled by it."""
    corpora: list[Sents] = []
    lexicon: set[str] = set()
    for k, spec in enumerate(data_paths):
        p, head = split_head(spec)
        s = read_conll(p)
        s = s[: int(len(s) * head)]
        if k == 0 and harmonise:
            lexicon = misc_lexicon(s)
        elif lexicon:
            s = harmonise_misc(s, lexicon)
        corpora.append(s)
    return corpora, lexicon


def train_neural(data_paths: list[str], vectors: str, out: str, *, seed: int = 0, log: Any = None) -> dict[str, Any]:
    """Train the BiLSTM half of the tagger (``neural_train``) on the same files as ``train``: the
    first is the main corpus, the others auxiliary ones with their own output layer."""
    from marsad.understand.ner.neural_train import train_bilstm

    corpora, _lexicon = read_corpora(data_paths)
    meta = train_bilstm(corpora[0], corpora[1:], vectors, out, seed=seed, log=log)
    meta.update(model=out, model_bytes=os.path.getsize(out), date=datetime.now(UTC).isoformat(timespec="seconds"))
    return meta


def train(
    data_paths: list[str],
    out: str,
    *,
    seed: int = 0,
    c1: float = DEFAULT_C1,
    c2: float = DEFAULT_C2,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
    min_freq: float = 1.0,
    harmonise: bool = True,
    adapt: bool = True,
) -> dict:
    """Train on all sentences of ``data_paths`` and write the model to ``out`` (a CRFsuite file,
    or the tagger's exported weights when ``out`` ends in ``.npz``); returns metadata.

    A path may end in ``@FRACTION`` (see ``split_head``). The first file is the main corpus; with ``adapt`` the others are auxiliary domains (see
    ``domain_features``).

    CRFsuite's L-BFGS is deterministic given the data order; the order is a seeded shuffle, so the
    same data, seed and parameters give the same model. With ``harmonise`` the first file is the
    main corpus and the words it tags as single-token MISC are tagged MISC in the other files too.
    """
    t0 = time.time()
    corpora, lexicon = read_corpora(data_paths, harmonise=harmonise)
    counts = {os.path.basename(spec): {"sentences": len(s), "tokens": sum(len(x) for x in s)}
              for spec, s in zip(data_paths, corpora, strict=True)}  # fmt: skip
    tagged = [(x, domain_tag(k) if k and adapt else "") for k, s in enumerate(corpora) for x in s]
    random.Random(seed).shuffle(tagged)
    sents = [x for x, _ in tagged]
    # ``.npz`` output: CRFsuite writes its own format, which is then exported (``crf``) and removed.
    crf_path = out[: -len(".npz")] + ".crfsuite" if out.endswith(".npz") else out
    train_sentences(
        sents,
        crf_path,
        domains=[d for _, d in tagged],
        c1=c1,
        c2=c2,
        max_iterations=max_iterations,
        min_freq=min_freq,
    )
    if crf_path != out:
        from marsad.understand.ner.crf import CrfWeights

        CrfWeights.from_crfsuite(crf_path).save(out)
        os.remove(crf_path)
    meta = {
        "data": counts,
        "sentences": len(sents),
        "tokens": sum(len(x) for x in sents),
        "seed": seed,
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iterations,
        "min_freq": min_freq,
        "harmonise_misc": sorted(lexicon),
        "domain_adaptation": adapt,
        "model": out,
        "model_bytes": os.path.getsize(out),
        "train_seconds": round(time.time() - t0, 1),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return meta


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Train the Marsad Arabic CRF NER model.")
    ap.add_argument("out")
    ap.add_argument("data", nargs="+")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--c1", type=float, default=DEFAULT_C1)
    ap.add_argument("--c2", type=float, default=DEFAULT_C2)
    ap.add_argument("--max-iterations", type=int, default=DEFAULT_MAX_ITERATIONS)
    ap.add_argument("--min-freq", type=float, default=1.0)
    a = ap.parse_args(argv)
    meta = train(
        a.data, a.out, seed=a.seed, c1=a.c1, c2=a.c2, max_iterations=a.max_iterations, min_freq=a.min_freq
    )
    json.dump(meta, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
