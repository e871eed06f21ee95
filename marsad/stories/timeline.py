"""A story's timeline: dated happenings in order, each with the sentence it came from.

Why from time expressions and not only publication dates: an explainer published on the 20th may
date the agreement to September 2024; the timeline must place it there, citing that sentence.
"""

from __future__ import annotations

from marsad.model import AnalyzedArticle, Citation, Grain, Sentence, TimelineEntry
from marsad.stories.textutil import set_similarity, word_set
from marsad.understand.sentence_times import reference_time, resolve_sentence_times

_MERGE_SIMILARITY = 0.5
_SUB_DAY: frozenset[str] = frozenset({"hour", "minute", "second"})  # a timeline is kept in days


def _dated_sentences(a: AnalyzedArticle) -> list[Sentence]:
    """The analysis's sentences with their resolved times (resolved here for analyses stored before
    sentences carried them)."""
    if any(s.time_source for s in a.sentences):
        return a.sentences
    return resolve_sentence_times(a.sentences, a.times, reference_time(a.article))


def _entry(a: AnalyzedArticle, s: Sentence, time: str) -> TimelineEntry:
    g = s.time_grain
    grain: Grain = "day" if g == "" or g in _SUB_DAY else g
    return TimelineEntry(
        date=time[:10], grain=grain, text=s.text,
        citations=[Citation(a.article.id, a.article.outlet, s.index, s.start, s.end)],
    )


def build_timeline(analyses: list[AnalyzedArticle]) -> list[TimelineEntry]:
    """Entries ordered by date; same date + similar sentence from several articles → one entry.

    Every sentence with an explicit resolved time is an entry (``sentence_times``: its first dated
    instant, else an interval's endpoint). An article none of whose sentences states a time is
    represented by its first sentence at its publication date.
    """
    entries: list[TimelineEntry] = []
    for a in analyses:
        sentences = _dated_sentences(a)
        explicit = [(s, s.time) for s in sentences if s.time_source == "explicit" and s.time]
        if explicit:
            entries.extend(_entry(a, s, time) for s, time in explicit)
        elif sentences and sentences[0].time_source == "publication" and sentences[0].time:
            entries.append(_entry(a, sentences[0], sentences[0].time))
    entries.sort(key=lambda e: (e.date, e.citations[0].article_id, e.citations[0].sentence_index))
    merged: list[TimelineEntry] = []
    for e in entries:
        twin = next(
            (m for m in merged if m.date == e.date
             and set_similarity(word_set(m.text), word_set(e.text)) >= _MERGE_SIMILARITY),
            None,
        )
        if twin is None:
            merged.append(e)
        else:
            twin.citations.extend(c for c in e.citations if c not in twin.citations)
    return merged
