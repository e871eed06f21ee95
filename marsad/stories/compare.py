"""Source comparison within a story: which outlets report each fact, on whose word, and who differs.

A *fact* is a group of event claims (``understand/claims.py``) from the story's articles that report
the same happening: the same event type, and either a shared participant (the same linked actor,
target or place, a place inside the other's governorate or country counting as the same) or similar
sentences. For each fact:

* **outlets** reporting it (near-duplicates of another member do not count as independent), and per
  supporting sentence whether the article attributes it to a named source, an anonymous one, or to
  none; ``anonymous_only`` when every attributed report rests on anonymous sources;
* **single_source** when only one outlet reports it;
* **differences**: a report that disagrees with the others on a number (5 killed / 7 killed), a date
  (both stated, different at their common precision), the actor, the scope (لكامل قواتها / بعض
  القوات) or the reality of the event (reported as happened by one, denied or negated by another).
  The disagreeing reports are the fact's ``contradicting`` citations; ``differences`` says why.

Analysis sentences (observers' and experts' assessments) make no facts: they are opinions, and the
brief keeps them in «لماذا هذا مهم؟».
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from marsad.model import MODALITY_LABELS_AR, AnalyzedArticle, Citation, Claim, Entity, StoryFact
from marsad.stories.textutil import set_similarity, word_set

_SCOPE_AR = {"total": "كامل", "partial": "جزئي"}
_QUANTITY_AR = {"killed": "القتلى", "injured": "الجرحى", "arrested": "المعتقلون", "troops": "الجنود",
                "displaced": "النازحون", "money": "المبلغ"}
_SIMILAR = 0.35  # cosine of content-word sets above which two same-type claims are one fact
_REAL = frozenset({"happened", "announced"})
_UNREAL = frozenset({"denied", "negated"})


@dataclass
class _Report:
    claim: Claim
    citation: Citation
    outlet: str
    sentence: str
    words: frozenset[str]
    quantities: dict[str, float]
    scope: str
    time: str | None
    time_source: str


@dataclass
class _Group:
    predicate: str
    reports: list[_Report] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)  # linked ids of its participants


def _anchors(c: Claim) -> set[str]:
    return {a.entity_id for a in (c.subject, c.object, c.place) if a is not None and a.entity_id}


def _related(a: set[str], b: set[str], within: Callable[[str], set[str]]) -> bool:
    """True when the id sets share an entity, or one's place lies inside the other's."""
    if a & b:
        return True
    return any(within(x) & b for x in a) or any(within(y) & a for y in b)


def compare_sources(
    analyses: list[AnalyzedArticle],
    duplicates: dict[str, str] | None = None,
    containers: Callable[[str], set[str]] | None = None,
) -> list[StoryFact]:
    """Facts of a story, most reported first. ``duplicates`` maps a near-duplicate article id to its
    original (its report does not make a second outlet); ``containers`` gives the ids of the
    governorate and country containing a place id (default: none)."""
    duplicates = duplicates or {}
    within = containers or (lambda _id: set())
    groups: list[_Group] = []
    for an in analyses:
        sentences = {s.index: s for s in an.sentences}
        events = {(e.sentence_index, e.start): e for e in an.events}
        for claim in an.claims:
            if claim.predicate == "STATEMENT" or (claim.attribution is not None and claim.attribution.analysis):
                continue
            s = sentences.get(claim.sentence_index)
            e = events.get((claim.sentence_index, claim.trigger_start))
            if s is None or e is None:
                continue
            report = _Report(
                claim, Citation(an.article.id, an.article.outlet, s.index, s.start, s.end), an.article.outlet,
                s.text, word_set(s.text), dict(e.quantities), e.scope, e.time, e.time_source,
            )
            anchors = _anchors(claim)
            group = next((g for g in groups if g.predicate == claim.predicate and (
                _related(anchors, g.anchors, within)
                or max(set_similarity(report.words, r.words) for r in g.reports) >= _SIMILAR)), None)
            if group is None:
                group = _Group(claim.predicate)
                groups.append(group)
            group.reports.append(report)
            group.anchors |= anchors
    facts = [_fact(g, duplicates, within) for g in groups]
    facts.sort(key=lambda f: (-len(f.outlets), -len(f.supporting)))
    return facts


def _sourcing(c: Claim) -> str:
    if c.attribution is None:
        return ""
    return "anonymous" if c.attribution.anonymous else "named"


def _id(arg: object) -> str:
    return str(getattr(arg, "entity_id", "") or "")


def _text(arg: object) -> str:
    return str(getattr(arg, "text", ""))


def _minority(reports: list[_Report], values: Mapping[int, object],
              same: Callable[[object, object], bool]) -> tuple[set[int], object, object] | None:
    """Reports whose value differs from the most widely reported one (ties: the earliest report's),
    with the two values, when some other article reports the majority value; None when all agree."""
    if len(values) < 2:
        return None
    support = {i: sum(1 for j in values if same(values[i], values[j])) for i in values}
    ref = max(values, key=lambda i: (support[i], -i))
    odd = {i for i in values if not same(values[i], values[ref])}
    odd = {i for i in odd if reports[i].citation.article_id != reports[ref].citation.article_id}
    if not odd:
        return None
    return odd, values[ref], values[min(odd)]


def _fact(g: _Group, duplicates: dict[str, str], within: Callable[[str], set[str]]) -> StoryFact:
    reports = g.reports
    differences: list[str] = []
    odd: set[int] = set()  # reports that disagree with what most reports of the fact say

    def check(values: Mapping[int, object], same: Callable[[object, object], bool],
              describe: Callable[[object, object], str]) -> None:
        found = _minority(reports, values, same)
        if found is not None:
            flagged, ref, other = found
            odd.update(flagged)
            reason = describe(ref, other)
            if reason not in differences:
                differences.append(reason)

    def real(m: object) -> str:
        return "real" if m in _REAL else "unreal" if m in _UNREAL else "other"

    modalities = {i: r.claim.modality for i, r in enumerate(reports) if real(r.claim.modality) != "other"}
    check(modalities, lambda x, y: real(x) == real(y),
          lambda x, y: f"الوقوع: {MODALITY_LABELS_AR[str(x)]} / {MODALITY_LABELS_AR[str(y)]}")
    for key in sorted({k for r in reports for k in r.quantities}):
        check({i: r.quantities[key] for i, r in enumerate(reports) if key in r.quantities}, lambda x, y: x == y,
              lambda x, y, key=key: f"{_QUANTITY_AR.get(key, key)}: {x:g} / {y:g}")  # type: ignore[misc]
    check({i: r.scope for i, r in enumerate(reports) if r.scope}, lambda x, y: x == y,
          lambda x, y: f"النطاق: {_SCOPE_AR[str(x)]} / {_SCOPE_AR[str(y)]}")
    times = {i: r.time for i, r in enumerate(reports) if r.time_source == "explicit" and r.time}

    def same_time(x: object, y: object) -> bool:
        n = min(len(str(x)), len(str(y)), 10)
        return str(x)[:n] == str(y)[:n]

    check(times, same_time, lambda x, y: f"التاريخ: {str(x)[:10]} / {str(y)[:10]}")
    actors = {i: r.claim.subject for i, r in enumerate(reports) if r.claim.subject and r.claim.subject.entity_id}
    check(actors, lambda x, y: _related({_id(x)}, {_id(y)}, within), lambda x, y: f"الفاعل: {_text(x)} / {_text(y)}")

    supporting = [r for i, r in enumerate(reports) if i not in odd]
    outlets: list[str] = []
    for r in supporting:
        if r.outlet and r.citation.article_id not in duplicates and r.outlet not in outlets:
            outlets.append(r.outlet)
    sourcing = [_sourcing(r.claim) for r in supporting]
    attributed = [s for s in sourcing if s]
    independent = {r.outlet or f"article:{r.citation.article_id}" for r in reports
                   if r.citation.article_id not in duplicates}
    return StoryFact(
        text=min((r.sentence for r in supporting), key=len),
        supporting=[r.citation for r in supporting],
        contradicting=[reports[i].citation for i in sorted(odd)],
        anonymous_only=bool(attributed) and all(s == "anonymous" for s in attributed),
        single_source=len(independent) <= 1,
        predicate=g.predicate,
        outlets=outlets,
        sourcing=sourcing,
        differences=differences,
    )


def place_containers(get_entity: Callable[[str], Entity | None]) -> Callable[[str], set[str]]:
    """A ``containers`` function for ``compare_sources`` from a way of getting entity records."""
    from marsad.knowledge.gazetteer import load_gazetteer
    from marsad.understand.places import admin_chain

    cache: dict[str, set[str]] = {}

    def containers(entity_id: str) -> set[str]:
        if entity_id not in cache:
            e = get_entity(entity_id)
            cache[entity_id] = {c["id"] for c in admin_chain(e, load_gazetteer())} if e and e.type == "LOC" else set()
        return cache[entity_id]

    return containers
