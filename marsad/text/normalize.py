"""Normalisation of Arabic text for matching, never for display.

Why: the same word is written many ways (أمريكا / امريكا, مستشفى / مستشفي, دولة / دوله, ٢٠٢٥ / 2025,
with or without diacritics and tatweel). Matching, search and clustering compare normalised forms,
while the original text and its offsets are kept for display and evidence; ``normalize_with_offsets``
returns, for every character of the normalised string, the offset of the original character it came
from, so a match found in normalised text maps back to the exact original span.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

# Characters removed: Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic
# marks), tatweel, and invisible format characters (bidi marks, zero-width joiners, BOM).
_DROP = set(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

# One-to-one replacements.
_MAP: dict[str, str] = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي",  # alef maqsura and Persian/Urdu yeh
    "ة": "ه", "ۀ": "ه", "ە": "ه",
    "ک": "ك", "ڪ": "ك",  # Persian/Urdu kaf
    "ؤ": "و", "ئ": "ي",
    "٫": ".", "٬": ",", "،": "،",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _MAP[chr(0x06F0 + _i)] = str(_i)  # Extended (Persian) digits


def _fold(ch: str) -> str:
    """Normalise one character; '' when it is dropped."""
    if ch in _DROP:
        return ""
    mapped = _MAP.get(ch)
    if mapped is not None:
        return mapped
    if ch.isascii():
        return ch.lower()
    # Presentation forms (ﻻ, ﺍ …) and full-width Latin fold through NFKC.
    if "\ufb50" <= ch <= "\ufeff" or "\uff00" <= ch <= "\uffef":
        folded = unicodedata.normalize("NFKC", ch)
        return "".join(_fold(c) for c in folded) if folded != ch else ch
    return ch.lower()


_TABLE: dict[int, str | None] = {ord(c): None for c in _DROP}
_TABLE.update({ord(k): v for k, v in _MAP.items()})
# The same folding for modules that translate text themselves and keep their own offsets (the time
# finder): every replacement is one character for one, so only the dropped characters move offsets.
DROPPED_CHARS: frozenset[str] = frozenset(_DROP)
FOLD_TABLE: Mapping[int, str | None] = MappingProxyType(_TABLE)
_NEEDS_NFKC = re.compile("[\ufb50-\ufeff\uff00-\uffef]")


def normalize(text: str) -> str:
    """The matching form of ``text`` (see module doc). Whitespace runs become one space.

    Same result as ``normalize_with_offsets(text)[0]``, computed with ``str.translate`` because this
    runs on every word of every article (the per-character path is ~10x slower).
    """
    if _NEEDS_NFKC.search(text):
        return normalize_with_offsets(text)[0]
    return " ".join(text.translate(_TABLE).lower().split())


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise and return ``offsets`` with ``offsets[i]`` = index in ``text`` of normalised char i.

    ``offsets`` has one extra final element, ``len(text)``, so a normalised span ``[a, b)`` maps to
    the original span ``[offsets[a], offsets[b - 1] + 1)``; see ``original_span``.
    """
    out: list[str] = []
    offsets: list[int] = []
    prev_space = True  # collapse leading whitespace
    for i, ch in enumerate(text):
        if ch.isspace():
            if not prev_space:
                out.append(" ")
                offsets.append(i)
                prev_space = True
            continue
        folded = _fold(ch)
        for c in folded:
            out.append(c)
            offsets.append(i)
        if folded:
            prev_space = False
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    offsets.append(len(text))
    return "".join(out), offsets


def original_span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a span of the normalised string back to the original string."""
    if end <= start:
        pos = offsets[start] if start < len(offsets) else offsets[-1]
        return pos, pos
    return offsets[start], offsets[end - 1] + 1
