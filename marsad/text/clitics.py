"""Clitic-aware match keys for Arabic words.

Why: Arabic attaches conjunctions, prepositions and the article to the next word (وواشنطن،
بالعراق، للحكومة). Matching a gazetteer name or a search term against running text must see through
them, but blindly stripping a leading و or ب would also cut real letters (وزير، بغداد). So we produce
*candidate* keys, longest first, and let the caller check candidates against its lexicon or index.
The prefix list is data: ``marsad/text/data/proclitics.tsv``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

MIN_STEM = 2  # never strip down to fewer letters than this


@lru_cache(maxsize=1)
def _proclitics() -> tuple[tuple[str, bool], ...]:
    text = resources.files("marsad.text").joinpath("data/proclitics.tsv").read_text("utf-8")
    rows: list[tuple[str, bool]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        prefix, keeps = line.split("\t")
        rows.append((prefix, keeps.strip() == "1"))
    rows.sort(key=lambda r: -len(r[0]))
    return tuple(rows)


@lru_cache(maxsize=200_000)
def match_keys(word: str) -> tuple[str, ...]:
    """Candidate match forms of one *normalised* word, the word itself first (cached: asked for
    nearly every token by several stages, so the same tuple is handed out, never a copy)."""
    return tuple(_compute_keys(word))


def _compute_keys(word: str) -> list[str]:
    """Candidate match forms of one *normalised* word, the word itself first.

    ``match_keys("وبالعراق")`` → ``["وبالعراق", "العراق", "عراق", ...]``: each proclitic reading
    gives its remainder, and remainders starting with ال also give the bare form.
    """
    keys: dict[str, None] = {word: None}
    for prefix, keeps_article in _proclitics():
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            rest = word[len(prefix):]
            if keeps_article:
                rest = "ال" + rest
            keys.setdefault(rest, None)
            if prefix.endswith("ال") or keeps_article:
                # remainder is the bare noun; also offer the definite form
                keys.setdefault(rest if keeps_article else "ال" + rest, None)
    for k in list(keys):
        if k.startswith("ال") and len(k) - 2 >= MIN_STEM:
            keys.setdefault(k[2:], None)
    return list(keys)

