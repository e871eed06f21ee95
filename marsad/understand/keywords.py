"""Content words of an article, normalised, for clustering and similarity.

Why strip only article-bearing prefixes: ``وال``/``بال``/``لل``/``ال`` always mark a noun, so removing
them is safe (بالعراق → عراق), while a bare leading و or ب may be a root letter (وزير، بغداد).
Repeats are kept because term frequency matters to similarity.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from marsad.text.normalize import normalize
from marsad.text.tokens import Token, tokenize

_ARTICLE_PREFIXES = ("وبال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    text = resources.files("marsad.understand").joinpath("data/stopwords.txt").read_text("utf-8")
    return frozenset(normalize(w) for w in text.splitlines() if w.strip() and not w.startswith("#"))


def stem_key(norm: str) -> str:
    """The normalised word without a leading article and its attached particles."""
    for prefix in _ARTICLE_PREFIXES:
        if norm.startswith(prefix) and len(norm) - len(prefix) >= 2:
            return norm[len(prefix):]
    return norm


def keywords(text: str, tokens: list[Token] | None = None) -> list[str]:
    """Normalised content words in text order (stop words, numbers and punctuation left out).

    ``tokens`` may be passed when the caller already tokenised ``text``.
    """
    stop = stopwords()
    out: list[str] = []
    for token in tokenize(text) if tokens is None else tokens:
        norm = token.norm
        if not token.is_word or len(norm) < 2 or norm in stop:
            continue
        key = stem_key(norm)
        if key in stop or len(key) < 2:
            continue
        out.append(key)
    return out
