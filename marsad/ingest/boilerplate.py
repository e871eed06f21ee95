"""Removal of web-page furniture (share buttons, comment forms, "read also" links, copyright lines).

Why line-level rules on normalised text: extractors (trafilatura, feed summaries, copy-pasted text)
leave such lines in the body, and they would otherwise become "sentences" that analysis turns into
bogus claims. The patterns are data (``data/boilerplate.tsv``) so they can grow without code changes.

Two rules, both conservative so real prose survives:

* a line matching a pattern is removed only when it has fewer than ``MAX_WORDS`` words;
* a trailing run is removed from the first matching line to the end when every later line is
  itself boilerplate or a tiny form label (at most ``LABEL_WORDS`` words, e.g. "الاسم *").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from marsad.text.normalize import normalize

MAX_WORDS = 15
LABEL_WORDS = 4


@dataclass(frozen=True, slots=True)
class Pattern:
    group: str
    regex: re.Pattern[str]


@cache
def load_patterns() -> tuple[Pattern, ...]:
    """The patterns of ``data/boilerplate.tsv`` (read once per process)."""
    text = resources.files("marsad.ingest").joinpath("data/boilerplate.tsv").read_text(encoding="utf-8")
    patterns: list[Pattern] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        group, sep, regex = raw.partition("\t")
        if not sep:
            raise ValueError(f"boilerplate.tsv line {number}: expected 'group<TAB>pattern'")
        patterns.append(Pattern(group.strip(), re.compile(regex.strip())))
    return tuple(patterns)


def boilerplate_group(line: str) -> str | None:
    """The pattern group ``line`` matches (whatever its length), or None."""
    norm = normalize(line)
    if not norm:
        return None
    for pattern in load_patterns():
        if pattern.regex.search(norm):
            return pattern.group
    return None


def is_boilerplate(line: str) -> bool:
    """True when ``line`` matches a pattern and is short enough to be furniture, not prose."""
    return len(line.split()) < MAX_WORDS and boilerplate_group(line) is not None


def _trailing_start(lines: list[str]) -> int:
    """Index where the trailing boilerplate run begins (``len(lines)`` when there is none)."""
    start = len(lines)
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if not line.strip():
            continue
        if is_boilerplate(line):
            start = index
        elif len(line.split()) > LABEL_WORDS:
            break
    return start


def strip_boilerplate(text: str) -> str:
    """``text`` without boilerplate lines, blank-line runs collapsed, ends stripped."""
    lines = [line.rstrip() for line in text.splitlines()]
    lines = lines[: _trailing_start(lines)]
    kept: list[str] = []
    for line in lines:
        if is_boilerplate(line):
            continue
        if not line.strip() and (not kept or not kept[-1].strip()):
            continue  # no leading blank lines, no blank runs
        kept.append(line)
    return "\n".join(kept).strip()
