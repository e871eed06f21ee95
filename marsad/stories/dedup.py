"""Near-duplicate detection: MinHash over word 3-shingles with banded LSH.

Why: outlets republish wire copy with light edits (a changed opening, a dropped paragraph). Counting
those copies as independent sources would inflate a story's outlet count and its brief's support,
so the story builder asks this index, for every new article, which earlier article it copies.

Why our own numpy implementation rather than datasketch: it is ~60 lines, has no extra dependency,
and its output is fixed by ``seed`` (stable hashes via blake2b, not Python's salted ``hash``), so the
same corpus gives the same duplicates in every process. The scheme is the standard one (Broder's
MinHash with universal hashing ``(a·x + b) mod p``; LSH bands chosen to minimise the weighted false
positive + false negative area around ``threshold``); every LSH candidate is verified on the full
signature, so banding only decides what is compared, not what is reported.
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from functools import lru_cache
from typing import Any

import numpy as np

from marsad.stories.textutil import words

_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
SHINGLE = 3
# A copy published more than this long after its original is a new report: republished archive
# pieces are rare in news, and a stream that runs for years needs a bounded index to carry on from.
WINDOW_DAYS = 30.0


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """Word ``k``-shingles of the normalised text (the words themselves when shorter than ``k``)."""
    toks = words(text)
    if len(toks) < k:
        return set(toks)
    return {" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1)}


def _hash32(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest(), "little")


def _trapezoid(y: np.ndarray, x: np.ndarray) -> float:
    """Trapezoid-rule integral (own helper: ``np.trapz`` was renamed between numpy 1 and 2)."""
    if len(x) < 2:
        return 0.0
    return float(np.sum((y[1:] + y[:-1]) * np.diff(x)) / 2.0)


def _false_area(threshold: float, bands: int, rows: int) -> tuple[float, float]:
    """Probability mass of false positives below and false negatives above ``threshold``."""
    xs = np.linspace(0.0, 1.0, 201)
    p = 1.0 - (1.0 - xs**rows) ** bands
    below = xs <= threshold
    fp = _trapezoid(p[below], xs[below])
    fn = _trapezoid(1.0 - p[~below], xs[~below])
    return fp, fn


@lru_cache(maxsize=32)
def optimal_bands(threshold: float, num_perm: int, fp_weight: float = 0.5) -> tuple[int, int]:
    """The (bands, rows) with bands·rows ≤ num_perm minimising the weighted error around threshold."""
    best = (num_perm, 1)
    best_err = float("inf")
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp, fn = _false_area(threshold, b, r)
            err = fp_weight * fp + (1.0 - fp_weight) * fn
            if err < best_err - 1e-12:
                best, best_err = (b, r), err
    return best


class NearDuplicateIndex:
    """Online index of article texts answering "which earlier article does this one copy?".

    ``threshold`` is the estimated Jaccard similarity of word 3-shingle sets from which two texts are
    near-duplicates (0.8: a wire story with a new first sentence or a few changed words stays above
    it, two reports of the same event written separately fall far below it, typically < 0.2).
    """

    def __init__(
        self, threshold: float = 0.8, num_perm: int = 128, seed: int = 1, window_days: float = WINDOW_DAYS
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self.num_perm = num_perm
        self.seed = seed
        self.window = window_days * 86_400.0
        rng = np.random.RandomState(seed)
        self._a = rng.randint(1, int(_PRIME), size=num_perm, dtype=np.uint64)
        self._b = rng.randint(0, int(_PRIME), size=num_perm, dtype=np.uint64)
        self.bands, self.rows = optimal_bands(threshold, num_perm)
        self._tables: list[dict[bytes, list[str]]] = [defaultdict(list) for _ in range(self.bands)]
        self._signatures: dict[str, np.ndarray] = {}
        self._order: dict[str, int] = {}
        self._times: dict[str, float | None] = {}
        self._next_order = 0
        self._answers: dict[str, str | None] = {}

    def signature(self, text: str) -> np.ndarray | None:
        """The MinHash signature of ``text`` (None for a text without words)."""
        sh = shingles(text)
        if not sh:
            return None
        hv = np.fromiter((_hash32(s) for s in sorted(sh)), dtype=np.uint64, count=len(sh))
        with np.errstate(over="ignore"):  # wrap-around arithmetic is part of the hash family
            perm = (np.outer(hv, self._a) + self._b) % _PRIME & _MAX_HASH
        sig: np.ndarray = perm.min(axis=0)
        return sig

    def similarity(self, id_a: str, id_b: str) -> float:
        """Estimated Jaccard similarity of two indexed articles."""
        return float(np.mean(self._signatures[id_a] == self._signatures[id_b]))

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._order

    def __len__(self) -> int:
        return len(self._order)

    def _too_old(self, candidate: str, when: float | None) -> bool:
        then = self._times.get(candidate)
        return when is not None and then is not None and when - then > self.window

    def add(self, article_id: str, text: str, when: float | None = None) -> str | None:
        """Index ``text`` and return the id of the earlier article it near-duplicates, else None.

        ``when`` (a POSIX time): an earlier article published more than the window before it is
        not a candidate. Among several matches the most similar wins, ties going to the earliest
        added, so the answer does not depend on dict ordering. Adding an id again returns the
        first answer.
        """
        if article_id in self._answers:
            return self._answers[article_id]
        sig = self.signature(text)
        self._order[article_id] = self._next_order
        self._next_order += 1
        self._times[article_id] = when
        if sig is None:
            self._answers[article_id] = None
            return None
        keys = [sig[i * self.rows : (i + 1) * self.rows].tobytes() for i in range(self.bands)]
        candidates: set[str] = set()
        for table, key in zip(self._tables, keys, strict=True):
            candidates.update(table.get(key, ()))
        best: str | None = None
        best_key = (-1.0, 0)
        for cand in candidates:
            if self._too_old(cand, when):
                continue
            sim = float(np.mean(self._signatures[cand] == sig))
            rank = (sim, -self._order[cand])
            if sim >= self.threshold and rank > best_key:
                best, best_key = cand, rank
        for table, key in zip(self._tables, keys, strict=True):
            table[key].append(article_id)
        self._signatures[article_id] = sig
        self._answers[article_id] = best
        return best

    # -- snapshots -----------------------------------------------------------------------------
    def params(self) -> dict[str, float]:
        """The settings a snapshot must share with the index that reads it."""
        return {"threshold": self.threshold, "num_perm": self.num_perm, "seed": self.seed, "window": self.window}

    def snapshot(self, now: float | None) -> dict[str, Any]:
        """The articles that can still be matched by one published at ``now`` or later, as JSON.

        Signatures are 32-bit values (``_MAX_HASH``), stored as base64 of little-endian uint32.
        """
        entries = []
        for article_id, order in sorted(self._order.items(), key=lambda item: item[1]):
            sig = self._signatures.get(article_id)
            if sig is None or self._too_old(article_id, now):
                continue
            packed = base64.b64encode(sig.astype("<u4").tobytes()).decode("ascii")
            entries.append([article_id, order, self._times.get(article_id), packed])
        return {"params": self.params(), "next_order": self._next_order, "entries": entries}

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> NearDuplicateIndex:
        """The index ``snapshot`` describes; ValueError when it was made with other parameters."""
        index = cls()
        if data.get("params") != index.params():
            raise ValueError("the snapshot was made with other near-duplicate parameters")
        for article_id, order, when, packed in data["entries"]:
            sig = np.frombuffer(base64.b64decode(packed), dtype="<u4").astype(np.uint64)
            index._order[article_id] = order
            index._times[article_id] = when
            index._signatures[article_id] = sig
            for i in range(index.bands):
                index._tables[i][sig[i * index.rows : (i + 1) * index.rows].tobytes()].append(article_id)
        # Orders of the articles left out still count, so ties keep going to the earliest added.
        index._next_order = int(data["next_order"])
        return index
