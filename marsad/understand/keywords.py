"""Content words of an article, normalised, for clustering and similarity.

What is dropped: punctuation, numbers, one-letter tokens, stop words (``data/stopwords.txt``) and a
stop word behind a conjunction or preposition (وفي، فإن، بما، لأن), because none of them says what the
article is about.

How proclitics are stripped, and why only there: ``وال``/``بال``/``لل``/``ال`` always mark a noun, so
removing them is safe (بالعراق → عراق, للحكومة → حكومه) when at least three letters are left (الله
stays whole). A bare leading و ف ب ل ك may instead be a root letter (وزير، فريق، بغداد، لبنان، كتاب),
so it is stripped only when the stem is known to be good: when the same text also uses the word
without it (وواشنطن → واشنطن because واشنطن occurs too). Without a lexicon, the article itself is
the most reliable witness of what its words are.

Repeats are kept and order is kept, because term frequency matters to similarity.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from marsad.text.normalize import normalize
from marsad.text.tokens import Token, tokenize

_ARTICLE_PREFIXES = ("وبال", "فبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
_LETTER_PREFIXES = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
_MIN_STEM = 3


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The project's Arabic (and a few English) function words, normalised."""
    text = resources.files("marsad.understand").joinpath("data/stopwords.txt").read_text("utf-8")
    return frozenset(normalize(w) for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=200_000)
def stem_key(norm: str) -> str:
    """The normalised word without a leading article and the particles attached to it (cached:
    asked for every token of every article)."""
    for prefix in _ARTICLE_PREFIXES:
        if norm.startswith(prefix) and len(norm) - len(prefix) >= _MIN_STEM:
            return norm[len(prefix):]
    return norm


def _is_stop_word(norm: str) -> bool:
    return _is_stop_in(norm, stopwords())


def _is_stop_in(norm: str, stop: frozenset[str]) -> bool:
    if norm in stop:
        return True
    for prefix in _LETTER_PREFIXES:
        if norm.startswith(prefix) and len(norm) - len(prefix) >= 2 and norm[len(prefix):] in stop:
            return True
    return False


def _letter_stems(norm: str) -> tuple[str, ...]:
    """``norm`` without each bare proclitic it may carry, in ``_LETTER_PREFIXES`` order."""
    return tuple(norm[len(p):] for p in _LETTER_PREFIXES if norm.startswith(p) and len(norm) - len(p) >= _MIN_STEM)


@lru_cache(maxsize=100_000)
def _keyword_of(norm: str) -> tuple[str, tuple[str, ...]]:
    """A word's keyword when its text attests no bare stem ("" for none: a stop word or too short),
    and the bare stems that would replace it if the text did (cached, the one cache of this step
    besides ``stem_key``: everything here depends on the word alone)."""
    if _is_stop_word(norm):
        return "", ()
    key = stem_key(norm)
    stems = _letter_stems(norm) if key == norm else ()
    return ("" if len(key) < 2 or key in stopwords() else key), stems


def keywords(text: str, tokens: list[Token] | None = None) -> list[str]:
    """Normalised content words in text order (stop words, numbers and punctuation left out).

    ``tokens`` may be passed when the caller already tokenised ``text``.
    """
    stop = stopwords()
    words = [t.norm for t in (tokenize(text) if tokens is None else tokens) if t.is_word and len(t.norm) >= 2]
    # Stems the text itself attests without a clitic: the bare words and their article-less forms.
    seen = set(words)
    seen.update(map(stem_key, words))
    out: list[str] = []
    for norm in words:
        key, stems = _keyword_of(norm)
        if stems:
            bare = next((rest for rest in stems if rest in seen), None)
            if bare is not None:
                if len(bare) >= 2 and bare not in stop:
                    out.append(bare)
                continue
        if key:
            out.append(key)
    return out
