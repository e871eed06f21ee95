"""Tokens with exact character offsets.

Why offsets: every fact Marsad derives points back to the words it came from, so tokens are spans of
the original text (``text[t.start:t.end] == t.text``) carrying their normalised form for matching.

What a token is (one regular expression, because this runs on every article):

* a number: ASCII, Arabic-Indic (٠-٩) or Persian (۰-۹) digits, with inner separators kept so that
  3.5, ٣٫٥, 2,000, 3/8/2025, 1.8.2025, 10:30 and 2024-2025 stay one token (a trailing % too);
* an Arabic word: Arabic letters with their diacritics, tatweel and zero-width (non-)joiners;
* a word in another script (Latin ...): letters with inner apostrophes or hyphens (al-Asad, don't);
  Arabic and Latin letters never share a token, so «Reutersقال» still gives two tokens;
* any other visible character on its own (، ؛ ؟ « » “ ” . , …).

Invisible format characters (bidi marks, BOM) are not tokens: they carry nothing to match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from marsad.text.normalize import normalize

_DIGIT = r"[0-9\u0660-\u0669\u06F0-\u06F9]"
# Arabic letters (basic block, extended letters, presentation forms).
_AR_LETTER = r"\u0620-\u063F\u0641-\u064A\u066E\u066F\u0671-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FC\u06FF\u0750-\u077F\u08A0-\u08C9\uFB50-\uFDFB\uFE70-\uFEFC"
# Marks that live inside Arabic words: diacritics, Quranic marks, superscript alef, tatweel, ZWNJ/ZWJ.
_AR_MARK = r"\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200C\u200D"
_OTHER_LETTER = rf"(?:(?![{_AR_LETTER}])[^\W\d_])"
_FORMAT = "\u200b\u200e\u200f\u061c\ufeff\u202a-\u202e\u2066-\u2069"

_TOKEN_RE = re.compile(
    rf"{_DIGIT}+(?:[.,/:\-\u066B\u066C]{_DIGIT}+)*%?"  # numbers, decimals, dates, times, ranges
    rf"|[\u0640]*[{_AR_LETTER}][{_AR_LETTER}{_AR_MARK}]*"  # Arabic words
    rf"|{_OTHER_LETTER}+(?:['’\-]{_OTHER_LETTER}+)*"  # Latin and other scripts
    rf"|[^\s{_FORMAT}]",  # any other visible character is its own token
)


@dataclass(slots=True, init=False)
class Token:
    """A span of the original text and its normalised matching form.

    ``is_word`` (a word of letters, Arabic or other; not a number or punctuation) is worked out
    once here: every later stage asks it of every token, several times each. (A hand-written
    ``__init__``: a few hundred tokens per article, and one call each instead of two.)"""

    start: int
    end: int
    text: str
    norm: str
    is_word: bool

    def __init__(self, start: int, end: int, text: str, norm: str) -> None:
        self.start, self.end, self.text, self.norm = start, end, text, norm
        self.is_word = norm[:1].isalpha()

    @property
    def is_number(self) -> bool:
        return self.norm[:1].isdigit()


# Words repeat heavily within and across articles; caching their normal form halves tokenising time.
normalize_word = lru_cache(maxsize=200_000)(normalize)


def tokenize(text: str) -> list[Token]:
    """Words, numbers and punctuation of ``text`` in order, with offsets into ``text``."""
    return [Token(m.start(), m.end(), w := m.group(), normalize_word(w)) for m in _TOKEN_RE.finditer(text)]
