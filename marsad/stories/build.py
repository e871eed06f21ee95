"""A story record from its member analyses: title, independent outlets, dates, key entities.

Why outlets exclude near-duplicates: a syndicated copy of another outlet's article is not an
independent source; counting it would make a single report look corroborated.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from marsad.model import AnalyzedArticle, Story
from marsad.stories.textutil import first_seen, set_similarity, sort_key_published, word_set

KEY_ENTITIES = 8


def central_article(analyses: list[AnalyzedArticle]) -> AnalyzedArticle:
    """The article whose title shares most words with the other titles (ties: earliest)."""
    ordered = sorted(analyses, key=lambda a: sort_key_published(a.article.published, a.article.id))
    sets = [word_set(a.article.title) for a in ordered]

    def centrality(i: int) -> float:
        return sum(set_similarity(sets[i], sets[j]) for j in range(len(sets)) if j != i)

    best = max(range(len(ordered)), key=lambda i: (centrality(i), -i))
    return ordered[best]


def build_story(
    story_id: str, analyses: list[AnalyzedArticle], duplicates: dict[str, str] | None = None
) -> Story:
    """The ``Story`` record of ``analyses`` (non-empty), members ordered by publication time."""
    if not analyses:
        raise ValueError("a story needs at least one article")
    duplicates = duplicates or {}
    ordered = sorted(analyses, key=lambda a: sort_key_published(a.article.published, a.article.id))
    outlet_of = {a.article.id: a.article.outlet for a in ordered}
    independent = [
        a.article.outlet
        for a in ordered
        if a.article.outlet
        and not (a.article.id in duplicates and outlet_of.get(duplicates[a.article.id]) is not None)
    ]
    entity_articles: Counter[str] = Counter()
    first_pos: dict[str, int] = {}
    for a in ordered:
        for e in a.entity_ids:
            entity_articles[e] += 1
            first_pos.setdefault(e, len(first_pos))
    key_entities = sorted(entity_articles, key=lambda e: (-entity_articles[e], first_pos[e]))[:KEY_ENTITIES]
    dates = [a.article.published for a in ordered if a.article.published]
    return Story(
        id=story_id,
        title=central_article(ordered).article.title,
        article_ids=[a.article.id for a in ordered],
        outlets=first_seen(independent),
        first_published=min(dates, key=lambda d: sort_key_published(d, "")) if dates else None,
        last_published=max(dates, key=lambda d: sort_key_published(d, "")) if dates else None,
        key_entities=key_entities,
        # When the story last moved in the news (its latest article), not when we rebuilt it, so
        # that listings ordered by it show the freshest news first even after a full rebuild.
        updated_at=(
            max(dates, key=lambda d: sort_key_published(d, ""))
            if dates
            else datetime.now(UTC).isoformat(timespec="seconds")
        ),
    )
