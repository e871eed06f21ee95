"""A story's timeline: dated happenings in order, each with the sentence it came from.

Why from time expressions and not only publication dates: an explainer published on the 20th may
date the agreement to September 2024; the timeline must place it there, citing that sentence.
"""

from __future__ import annotations

from marsad.model import AnalyzedArticle, Citation, TimelineEntry
from marsad.stories.textutil import set_similarity, word_set

_MERGE_SIMILARITY = 0.5
_GRAINS = ("day", "month", "year", "week", "quarter")


def build_timeline(analyses: list[AnalyzedArticle]) -> list[TimelineEntry]:
    """Entries ordered by date; same date + similar sentence from several articles → one entry."""
    entries: list[TimelineEntry] = []
    for a in analyses:
        dated_sentences: set[int] = set()
        for t in a.times:
            if t.type != "instant" or not t.value or t.grain not in _GRAINS or t.sentence_index < 0:
                continue
            if t.sentence_index >= len(a.sentences) or t.sentence_index in dated_sentences:
                continue
            dated_sentences.add(t.sentence_index)
            s = a.sentences[t.sentence_index]
            entries.append(
                TimelineEntry(
                    date=t.value[:10], grain=t.grain, text=s.text,
                    citations=[Citation(a.article.id, a.article.outlet, s.index, s.start, s.end)],
                )
            )
        if not dated_sentences and a.article.published and a.sentences:
            s = a.sentences[0]
            entries.append(
                TimelineEntry(
                    date=a.article.published[:10], grain="day", text=s.text,
                    citations=[Citation(a.article.id, a.article.outlet, s.index, s.start, s.end)],
                )
            )
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
