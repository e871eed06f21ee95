"""Tokens with exact character offsets.

Why offsets: every fact Marsad derives points back to the words it came from, so tokens are spans of
the original text (``text[t.start:t.end] == t.text``) carrying their normalised form for matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from marsad.text.normalize import normalize

_DIGIT = r"[0-9\u0660-\u0669\u06F0-\u06F9]"
_TOKEN_RE = re.compile(
    rf"{_DIGIT}+(?:[.,/:\-\u066B\u066C]{_DIGIT}+)*%?"  # numbers, decimals, dates, times
    r"|[^\W\d_]+(?:[\u064B-\u065F\u0670\u0640\u200c][^\W\d_]*)*"  # words (letters, diacritics, tatweel)
    r"|\S",  # any other visible character is its own token
)


@dataclass(slots=True)
class Token:
    """A span of the original text and its normalised matching form."""

    start: int
    end: int
    text: str
    norm: str

    @property
    def is_word(self) -> bool:
        return self.norm[:1].isalpha()


# Words repeat heavily within and across articles; caching their normal form halves tokenising time.
_normalize_word = lru_cache(maxsize=200_000)(normalize)


def tokenize(text: str) -> list[Token]:
    """Words, numbers and punctuation of ``text`` in order, with offsets into ``text``."""
    return [Token(m.start(), m.end(), m.group(), _normalize_word(m.group())) for m in _TOKEN_RE.finditer(text)]
