"""Article embeddings from the project's own word vectors: a graded "how close are these two reports".

Why: TF-IDF cosine is near zero for two reports of one happening written with different words,
and near zero again for two unrelated articles, so it cannot grade "same conflict, another day"
between the two. An article here is the SIF-weighted mean (weight a / (a + p(word))) of its content
words' vectors, minus its projection on the corpus' common direction, scaled to unit length
(Arora et al. 2017). The vectors are word2vec, trained by ``scripts/build_doc_vectors.py`` on
unlabelled Arabic news and shipped as numbers (``data/doc_vectors.npz``, card beside it).
numpy only, no download, loaded once per process.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from marsad.stories.textutil import stopwords
from marsad.text.normalize import normalize

SIF_A = 1e-3  # the SIF smoothing constant; Arora et al. found 1e-3 to 1e-4 best across tasks
_WORD = re.compile(r"\w+")


def article_tokens(text: str) -> list[str]:
    """Normalised word tokens, as the vectors were trained on (``normalize`` then ``\\w+``)."""
    return _WORD.findall(normalize(text))


def content_ids(tokens: list[str], index: dict[str, int]) -> list[int]:
    """Rows of the known content words: function words and one-letter tokens carry no topic."""
    stop = stopwords()
    return [i for t in tokens if len(t) > 1 and t not in stop and (i := index.get(t, -1)) >= 0]


@dataclass(frozen=True, slots=True)
class WordVectors:
    index: dict[str, int]
    table: np.ndarray  # float32, one unit-ish row per word
    weights: np.ndarray  # SIF weight per word
    common: np.ndarray  # the common direction removed from every article
    meta: dict[str, Any]


@lru_cache(maxsize=1)
def word_vectors() -> WordVectors:
    """The shipped table, dequantised (about 25 MB of float32 for 50k words × 128)."""
    ref = resources.files("marsad.stories").joinpath("data/doc_vectors.npz")
    with ref.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
        words = [str(w) for w in data["words"]]
        table = data["vectors"].astype(np.float32) * data["scale"].astype(np.float32)[:, None]
        counts = data["counts"].astype(np.float64)
        common = data["common"].astype(np.float32)
        meta = json.loads(str(data["meta"]))
    weights = (SIF_A / (SIF_A + counts / counts.sum())).astype(np.float32)
    return WordVectors({w: i for i, w in enumerate(words)}, table, weights, common, meta)


def embed(text: str) -> np.ndarray | None:
    """The unit embedding of ``text``; None when it has no known content word."""
    wv = word_vectors()
    ids = content_ids(article_tokens(text), wv.index)
    if not ids:
        return None
    v = (wv.table[ids] * wv.weights[ids, None]).sum(axis=0)
    v = v - float(v @ wv.common) * wv.common
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else None


def cosine(a: np.ndarray | None, b: np.ndarray | None) -> float:
    """Cosine of two embeddings; 0 when either article had no known content word."""
    if a is None or b is None:
        return 0.0
    return float(a @ b)
