"""A linear-chain CRF scored with numpy, from weights trained by CRFsuite.

Why not call CRFsuite to tag: its tagger looks every feature string up in its own string database
for every token, and that lookup was half of the tagging time. The tagger's features are sums over
words (a word's own features, what a word contributes to its neighbours), so the score a word adds
to the labels can be computed once per word and cached; only a handful of features (gazetteer
tags, sentence edges, word bigrams) depend on the sentence. This module holds the exported weights
and the two dynamic programmes (Viterbi for the best tags, forward-backward for the marginals that
give mentions their confidence). Scores equal CRFsuite's: state weights summed over the features
that fire (all binary), plus the transition weight between adjacent labels; CRFsuite has no
start or end transitions.

Weights ship as ``.npz``: the attribute strings (one ``\\n``-joined UTF-8 buffer), the state
matrix (attributes × labels, float32) and the transition matrix. Attributes that never fire at
tagging time (the domain-adaptation copies, see ``train.domain_features``) are not exported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

CRFSUITE_MAGIC = b"lCRF"


@dataclass(frozen=True)
class CrfWeights:
    """Labels, the attribute → row index, state weights (rows: attributes) and transitions
    (``trans[i, j]``: from label ``i`` to label ``j``)."""

    labels: tuple[str, ...]
    index: dict[str, int]
    state: np.ndarray
    trans: np.ndarray

    @classmethod
    def load(cls, path: str | Path) -> CrfWeights:
        """Exported weights (``.npz``) or a CRFsuite model file (converted in memory)."""
        with open(path, "rb") as handle:
            magic = handle.read(4)
        if magic == CRFSUITE_MAGIC:
            return cls.from_crfsuite(path)
        with np.load(path, allow_pickle=False) as data:
            labels = tuple(str(x) for x in data["labels"])
            attrs = bytes(data["attributes"]).decode("utf-8").split("\n") if data["attributes"].size else []
            state = data["state"].astype(np.float64)
            trans = data["trans"].astype(np.float64)
        if state.shape != (len(attrs), len(labels)) or trans.shape != (len(labels), len(labels)):
            raise ValueError(f"{path}: inconsistent CRF weight shapes {state.shape}, {trans.shape}")
        return cls(labels, {a: i for i, a in enumerate(attrs)}, state, trans)

    @classmethod
    def from_crfsuite(cls, path: str | Path) -> CrfWeights:
        """Read a CRFsuite model's weights (needs ``python-crfsuite``), keeping the attributes that
        can fire when tagging."""
        import pycrfsuite

        from marsad.understand.ner.train import is_domain_attribute

        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        try:
            info = tagger.info()
            labels = tuple(tagger.labels())
        finally:
            tagger.close()
        col = {lab: j for j, lab in enumerate(labels)}
        attrs = sorted({a for a, _ in info.state_features if not is_domain_attribute(a)})
        index = {a: i for i, a in enumerate(attrs)}
        state = np.zeros((len(attrs), len(labels)), dtype=np.float32)
        for (attr, label), weight in info.state_features.items():
            row = index.get(attr)
            if row is not None:
                state[row, col[label]] = weight
        trans = np.zeros((len(labels), len(labels)), dtype=np.float32)
        for (a, b), weight in info.transitions.items():
            trans[col[a], col[b]] = weight
        # Scored in float32 precision, as shipped, so a converted model and its export agree.
        return cls(labels, index, state.astype(np.float64), trans.astype(np.float64))

    def save(self, path: str | Path) -> None:
        """Write the weights as a compressed ``.npz`` (float32)."""
        attrs = sorted(self.index, key=self.index.__getitem__)
        with open(path, "wb") as handle:
            np.savez_compressed(
                handle,
                labels=np.array(self.labels),
                attributes=np.frombuffer("\n".join(attrs).encode("utf-8"), dtype=np.uint8),
                state=self.state.astype(np.float32),
                trans=self.trans.astype(np.float32),
            )


def _by_length(emits: list[np.ndarray]) -> tuple[list[int], np.ndarray]:
    """Sentence order, longest first, and the emissions padded into one array (B × T × L): at
    step ``t`` the sentences still running are then a prefix of the batch, a cheap slice."""
    order = sorted(range(len(emits)), key=lambda k: -emits[k].shape[0])
    longest = emits[order[0]].shape[0]
    padded = np.zeros((len(emits), longest, emits[order[0]].shape[1]))
    for row, k in enumerate(order):
        padded[row, : emits[k].shape[0]] = emits[k]
    return order, padded


def _running(lengths: list[int], t: int) -> int:
    """How many of the (longest-first) sentences have a token at step ``t``."""
    lo, hi = 0, len(lengths)
    while lo < hi:
        mid = (lo + hi) // 2
        if lengths[mid] > t:
            lo = mid + 1
        else:
            hi = mid
    return lo


def viterbi_batch(emits: list[np.ndarray], trans: np.ndarray) -> list[list[int]]:
    """Best label sequence of each sentence; ``emits`` are tokens × labels score arrays. The
    sentences are decoded together, one numpy step per token position, not per token."""
    out: list[list[int]] = [[] for _ in emits]
    live = [k for k, e in enumerate(emits) if e.shape[0]]
    if not live:
        return out
    order, padded = _by_length([emits[k] for k in live])
    lengths = [emits[live[k]].shape[0] for k in order]
    score = padded[:, 0].copy()
    back = np.zeros(padded.shape, dtype=np.intp)
    for t in range(1, padded.shape[1]):
        k = _running(lengths, t)
        cand = score[:k, :, None] + trans
        back[:k, t] = cand.argmax(axis=1)
        score[:k] = cand.max(axis=1) + padded[:k, t]
    ends = score.argmax(axis=1)
    for r, k in enumerate(order):
        best = [int(ends[r])]
        row = back[r]
        for t in range(lengths[r] - 1, 0, -1):
            best.append(int(row[t, best[-1]]))
        out[live[k]] = best[::-1]
    return out


def marginals_batch(emits: list[np.ndarray], trans: np.ndarray) -> list[np.ndarray]:
    """P(label at token t | sentence) for each sentence (tokens × labels), by a scaled
    forward-backward run over all sentences together."""
    out = [np.zeros_like(e) for e in emits]
    live = [k for k, e in enumerate(emits) if e.shape[0]]
    if not live:
        return out
    order, padded = _by_length([emits[k] for k in live])
    lengths = [emits[live[k]].shape[0] for k in order]
    step = np.exp(trans - trans.max())
    local = np.exp(padded - padded.max(axis=2, keepdims=True))
    steps = padded.shape[1]
    alpha = np.zeros_like(local)
    scale = np.ones(padded.shape[:2])
    a = local[:, 0]
    for t in range(steps):
        k = _running(lengths, t)
        if t:
            a = (alpha[:k, t - 1] @ step) * local[:k, t]
        scale[:k, t] = a.sum(axis=1)
        alpha[:k, t] = a / scale[:k, t, None]
    beta = np.ones_like(local)
    for t in range(steps - 2, -1, -1):
        k = _running(lengths, t + 1)  # sentences with a token after t
        beta[:k, t] = (local[:k, t + 1] * beta[:k, t + 1]) @ step.T / scale[:k, t + 1, None]
    probs = alpha * beta
    totals = probs.sum(axis=2, keepdims=True)
    totals[totals == 0.0] = 1.0  # padding past a sentence's end
    probs /= totals  # all sentences at once: two numpy calls, not two per sentence
    for r, k in enumerate(order):
        out[live[k]] = probs[r, : lengths[r]]
    return out

