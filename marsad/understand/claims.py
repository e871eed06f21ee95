"""Claims: each sentence's main propositions, the unit compared across outlets.

A claim is built from what the sentence already yielded: one per event (subject = actor,
predicate = event type, object = target, with its place, time, modality and source), and, for a
sentence with a source but no event, one reported statement (subject = the source, predicate =
``STATEMENT``). Sentences with neither make no claim: background prose is not a proposition that
two outlets could agree or disagree on. Evidence offsets are the sentence's span and, for events,
the trigger's.
"""

from __future__ import annotations

from marsad.model import Argument, Attribution, Claim, Event, Sentence


def build_claims(sentences: list[Sentence], events: list[Event], attributions: list[Attribution]) -> list[Claim]:
    """Claims in sentence order (events of a sentence in text order, then its statement if any)."""
    by_index = {s.index: s for s in sentences}
    sources: dict[int, list[Attribution]] = {}
    for at in attributions:
        sources.setdefault(at.sentence_index, []).append(at)
    claims: list[Claim] = []
    with_event: set[int] = set()
    for e in events:
        s = by_index.get(e.sentence_index)
        if s is None:
            continue
        with_event.add(s.index)
        claims.append(Claim(
            sentence_index=s.index, start=s.start, end=s.end, subject=e.actor, predicate=e.type,
            object=e.target, place=e.place, time=e.time, modality=e.modality, attribution=e.attribution,
            trigger_start=e.start, trigger_end=e.end,
        ))
    for index, ats in sources.items():
        s = by_index.get(index)
        if s is None or index in with_event:
            continue
        at = next((a for a in ats if not a.analysis), ats[0])
        claims.append(Claim(
            sentence_index=index, start=s.start, end=s.end,
            subject=Argument(at.start, at.end, at.source_text, at.entity_id), predicate="STATEMENT",
            time=s.time, attribution=at, trigger_start=at.cue_start, trigger_end=at.cue_end,
        ))
    claims.sort(key=lambda c: (c.sentence_index, c.trigger_start))
    return claims
