"""Sentence splitting for Arabic news with exact offsets.

Why not split on every period: Arabic news writes decimals (3.5, ٣٫٥), dates (1.8.2025),
abbreviations (د. for doctor, م. for engineer) and quoted speech («...») that a naive splitter would
cut. The rules, in order:

* A line break always ends a sentence: headings and paragraphs are lines in every input form we
  ingest, and a heading is a sentence of its own.
* ``. ! ? ؟ …`` (and runs of them, ``?!``) end a sentence when followed by whitespace or the end of
  the text; closing quotes and brackets right after them stay with the sentence they close.
  A period between digits is never a boundary, because it is followed by a digit, not by whitespace.
* The Arabic semicolon ``؛`` does NOT end a sentence: Arabic news uses it to join clauses of one
  thought (cause and consequence), and splitting there would give fragments without a subject.
* A period after an abbreviation (``marsad/text/data/abbreviations.txt``), after a single Latin
  capital (initials) or after a single Arabic letter (د. م. ص.) is not a boundary, except that م./هـ.
  right after a year (٢٠٢٥م.) is an era marker and does end the sentence.
* Inside a quotation that closes on the same line («... . ...»), terminators do not split: quoted
  speech stays with the sentence that reports it. An unclosed quote changes nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from marsad.model import Sentence

_CLOSERS = "»”\"')]】›’"
_BOUNDARY_RE = re.compile(r"[.!?؟…]+[" + re.escape(_CLOSERS) + r"]*(?=\s|$)|\n")
# Quotation pairs; ASCII " opens and closes itself.
_QUOTE_RE = re.compile(r"«[^»\n]*»|“[^”\n]*”|\"[^\"\n]*\"")
_ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_ERA_MARKERS = frozenset({"م", "هـ"})


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    text = resources.files("marsad.text").joinpath("data/abbreviations.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` ends an abbreviation, not a sentence."""
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(«\"“":
        start -= 1
    word = text[start : dot + 1]
    letters = word[:-1]
    if letters in _ERA_MARKERS and text[:start].rstrip()[-1:].isdigit():
        return False  # "عام 2025 م." is a year with its era marker: a real end of sentence
    if word in _abbreviations():
        return True
    if len(letters) == 1 and letters.isalpha():
        return letters.isupper() or bool(_ARABIC_LETTER_RE.match(letters))
    return False


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every quotation closed on its own line, outermost only."""
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` as spans (stripped, never empty), indexed in order."""
    sentences: list[Sentence] = []
    start = 0

    def emit(end: int) -> None:
        nonlocal start
        a, b = start, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            sentences.append(Sentence(len(sentences), a, b, text[a:b]))
        start = end

    quotes = _quoted_spans(text) if ("«" in text or "“" in text or '"' in text) else []
    q = 0
    for m in _BOUNDARY_RE.finditer(text):
        if m.group() == "\n":
            emit(m.start())
            continue
        pos = m.start()
        while q < len(quotes) and quotes[q][1] <= pos:
            q += 1
        if q < len(quotes) and quotes[q][0] < pos and m.end() < quotes[q][1]:
            continue  # inside a quotation that closes later on this line
        if m.group() == "." and _is_abbreviation(text, pos):
            continue
        emit(m.end())
    emit(len(text))
    return sentences
