"""A resolved time for every sentence: the one it states, or the publication date, marked as such.

``resolve_sentence_times(sentences, times, reference)`` returns new ``Sentence`` records with
``time``, ``time_grain`` and ``time_source`` filled (issue 4). Timelines sort sentences by it, and
the event extractor (issue 5) dates an event by it: **an event takes its sentence's resolved time
unless it has its own** — ``event_time(sentence, own_times)`` is that rule, so the extractor calls it
with the time expressions inside the event's own span.

The rule, and why:

* A sentence's **explicit** time is its first (leftmost) ``instant`` expression that has a value:
  the first date a news sentence gives is, by far most often, the date of its main clause; later
  ones tend to be background (``... الذي وُقّع في 2019``).
* Failing an instant, the first ``interval`` with an endpoint dates it: its ``start_value`` when it
  has one (a happening that began then: ``منذ مارس``, ``من 3 إلى 5 أغسطس``), else its ``end_value``
  (an open interval known only by its end, a deadline: ``حتى نهاية 2026``), with the interval's grain.
* A bare ``duration`` (``لمدة ثلاثة أيام``, no value) says how long, not when: it dates nothing.
  Neither does an expression left without a value (a relative date with no reference).
* A sentence no expression dates gets the article's **publication** date (the ISO date of
  ``reference``, grain ``day``, source ``"publication"``): news reports what happened around its
  publication, and the source field keeps that assumption visible. This is independent of the
  article's language, so non-Arabic articles (which get no time expressions) are dated this way too.
* With no publication date and no expression the sentence stays undated (None, ``""``, ``""``):
  inventing a date would put it on a timeline where nothing supports it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime

from marsad.model import Article, Grain, Sentence, TimeExpr

__all__ = ["event_time", "explicit_time", "reference_time", "resolve_sentence_times"]


def reference_time(article: Article) -> datetime | None:
    """The article's publication time, the anchor of relative dates (أمس، الخميس المقبل)."""
    if not article.published:
        return None
    value = article.published.strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def explicit_time(times: Iterable[TimeExpr]) -> tuple[str, Grain] | None:
    """The (value, grain) that ``times`` state by the rule above (first instant, else first interval
    endpoint), or None when they date nothing. Order is by position in the text."""
    ordered = sorted(times, key=lambda t: (t.start, t.end))
    for t in ordered:
        if t.type == "instant" and t.value:
            return t.value, t.grain
    for t in ordered:
        if t.type == "interval":
            value = t.start_value or t.end_value
            if value:
                return value, t.grain
    return None


def resolve_sentence_times(
    sentences: list[Sentence], times: Iterable[TimeExpr], reference: datetime | None
) -> list[Sentence]:
    """New sentences with ``time``/``time_grain``/``time_source`` filled (the inputs are untouched).

    ``times`` are the article's expressions with ``sentence_index`` set (as ``find_times`` gives
    them when passed the sentences); ``reference`` is the publication time, or None when unknown.
    """
    by_sentence: dict[int, list[TimeExpr]] = {}
    for t in times:
        if t.sentence_index >= 0:
            by_sentence.setdefault(t.sentence_index, []).append(t)
    published = reference.date().isoformat() if reference is not None else None
    resolved: list[Sentence] = []
    for s in sentences:
        found = explicit_time(by_sentence.get(s.index, ()))
        if found is not None:
            new = dataclasses.replace(s, time=found[0], time_grain=found[1], time_source="explicit")
        elif published is not None:
            new = dataclasses.replace(s, time=published, time_grain="day", time_source="publication")
        else:
            new = dataclasses.replace(s, time=None, time_grain="", time_source="")
        resolved.append(new)
    return resolved


def event_time(sentence: Sentence, own_times: Iterable[TimeExpr] = ()) -> str | None:
    """An event's ISO time: its own (``own_times``, the expressions in the event's span, by the same
    rule as a sentence's) if they date it, else its sentence's resolved time (possibly the
    publication date; ``sentence.time_source`` says which)."""
    own = explicit_time(own_times)
    return own[0] if own is not None else sentence.time
