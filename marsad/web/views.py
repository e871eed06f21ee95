"""What each page shows: one function per page, reading the store and returning a ``Page``.

Why separate from the routes: a page's data is built once and rendered twice — as HTML through a
template and as its JSON twin (``page.data``) — so the two can never drift apart. The functions take
plain arguments (an id, a page number, a query) and never see HTTP, which keeps them easy to test
and lets ``app.py`` stay a thin table of routes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from marsad.model import (
    BRIEF_HEADINGS,
    BRIEF_METHOD_NOTES,
    BRIEF_SECTIONS,
    MODALITY_LABELS_AR,
    AnalyzedArticle,
    Argument,
    Article,
    Attribution,
    Brief,
    Citation,
    Entity,
    Story,
    StoryFact,
    to_dict,
)
from marsad.store.base import Store, paged
from marsad.stories.compare import compare_sources, place_containers
from marsad.stories.timeline import build_timeline
from marsad.web.render import article_body, id_path
from marsad.web.storymap import build_map, collect_places

PAGE_SIZE = 20
MAX_RANKED = 5000  # stories ranked in memory for the front page; beyond this the oldest drop off
MAX_SEARCH_PAGES = 10  # store.search has no offset: page n asks for n pages of hits
MAX_QUERY_CHARS = 200
RELATED_ENTITIES = 20  # co-occurring entities and spellings shown on an entity page


class NotFound(Exception):
    """The page's record does not exist; the message is shown to the reader (in Arabic)."""


@dataclass(slots=True)
class Page:
    """A page's template, its template context, and its JSON twin."""

    template: str
    context: dict[str, Any]
    data: Any
    json_path: str = ""  # the JSON twin's URL, linked from the HTML page


@dataclass(slots=True)
class CiteLink:
    """A citation chip: the outlet shown, and the article sentence it opens."""

    href: str
    outlet: str
    title: str


@dataclass(slots=True)
class BriefLine:
    text: str
    cites: list[CiteLink] = field(default_factory=list)


@dataclass(slots=True)
class BriefPart:
    key: str
    heading: str
    lines: list[BriefLine]


@dataclass(slots=True)
class StoryCard:
    story: Story
    outlets: list[str]
    entities: list[Entity]
    lead: str


class _Entities:
    """Entity lookups cached for one request (key entities repeat across stories)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cache: dict[str, Entity | None] = {}

    def get(self, entity_id: str) -> Entity | None:
        if entity_id not in self._cache:
            found = self._store.get_entity(entity_id)
            self._cache[entity_id] = found if found is not None else mentioned_entity(self._store, entity_id)
        return self._cache[entity_id]

    def many(self, ids: list[str], limit: int | None = None) -> list[Entity]:
        found = [e for e in (self.get(i) for i in ids) if e is not None]
        return found[:limit] if limit is not None else found


def mentioned_entity(store: Store, entity_id: str) -> Entity | None:
    """A minimal entity for an id that mentions link to but no entity record describes (a local
    entity nobody saved): its type and name come from its first mention. The store's entity list
    shows such ids too, so their pages must exist rather than 404."""
    for article_id in store.articles_mentioning(entity_id, limit=1):
        analysis = store.get_analysis(article_id)
        for m in analysis.mentions if analysis else []:
            if m.entity_id == entity_id:
                return Entity(id=entity_id, type=m.type, name_ar=m.text)
    return None


def _envelope(items: list[Any], page: int, has_more: bool, **extra: Any) -> dict[str, Any]:
    return {**extra, "items": [to_dict(i) for i in items], "page": page, "has_more": has_more}


def distinct_outlets(story: Story) -> list[str]:
    """The story's outlets, each once (case and spacing ignored), in their stored order."""
    seen: dict[str, str] = {}
    for o in story.outlets:
        key = " ".join(o.split()).casefold()
        if key:
            seen.setdefault(key, o.strip())
    return list(seen.values())


def rank_key(story: Story) -> tuple[str, int, int, str, str]:
    """Front-page order: newest day first; within a day, stories told by more independent outlets
    first (then more articles). The store orders by when a story was last *rebuilt*, which is not
    when its news happened, so ranking is done here."""
    last = story.last_published or story.first_published or ""
    return (last[:10], len(distinct_outlets(story)), len(story.article_ids), last, story.id)


def _all_stories(store: Store) -> list[Story]:
    return list(islice(paged(store.list_stories), MAX_RANKED))


def _lead(brief: Brief | None) -> str:
    if brief is None:
        return ""
    first = brief.section("what_happened") or brief.sentences
    return first[0].text if first else ""


# ----------------------------------------------------------------------------------------------------
# Pages


def story_list(store: Store, page: int) -> Page:
    ranked = sorted(_all_stories(store), key=rank_key, reverse=True)
    start = (page - 1) * PAGE_SIZE
    chunk = ranked[start : start + PAGE_SIZE]
    has_more = len(ranked) > start + PAGE_SIZE
    ents = _Entities(store)
    cards = [
        StoryCard(s, distinct_outlets(s), ents.many(s.key_entities, 5), _lead(store.get_brief(s.id)))
        for s in chunk
    ]
    context = {"cards": cards, "page": page, "has_more": has_more, "total": len(ranked)}
    return Page("index.html", context, _envelope(chunk, page, has_more), "/stories.json")


def _cite_links(store: Store, cites: list[Citation], articles: dict[str, Article | None]) -> list[CiteLink]:
    links: list[CiteLink] = []
    seen: set[tuple[str, int]] = set()
    for c in cites:
        if (c.article_id, c.sentence_index) in seen:
            continue
        seen.add((c.article_id, c.sentence_index))
        if c.article_id not in articles:
            articles[c.article_id] = store.get_article(c.article_id)
        art = articles[c.article_id]
        outlet = c.outlet or (art.outlet if art else "") or "مصدر"
        anchor = f"#s{c.sentence_index}" if c.sentence_index >= 0 else ""
        links.append(CiteLink(f"/articles/{id_path(c.article_id)}{anchor}", outlet, art.title if art else ""))
    return links


def story_page(store: Store, story_id: str) -> Page:
    story = store.get_story(story_id)
    if story is None:
        raise NotFound("لا توجد قصة بهذا المعرّف.")
    brief = store.get_brief(story_id)
    articles: dict[str, Article | None] = {a: store.get_article(a) for a in story.article_ids}
    members = [a for a in articles.values() if a is not None]
    sources = sorted(members, key=lambda a: (a.published or "", a.outlet))
    parts: list[BriefPart] = []
    if brief is not None:
        for key in BRIEF_SECTIONS:
            lines = [BriefLine(s.text, _cite_links(store, s.citations, articles)) for s in brief.section(key)]
            parts.append(BriefPart(key, BRIEF_HEADINGS[key], lines))
    entities = _Entities(store).many(story.key_entities)
    analyses = [a for a in store.iter_analyses(story.article_ids) if a.article.is_arabic]
    timeline = build_timeline(analyses)
    timeline_rows = [(entry, _cite_links(store, entry.citations, articles)) for entry in timeline]
    places = collect_places((m for an in analyses for m in an.mentions), store.get_entity)
    facts = compare_sources(analyses, containers=place_containers(store.get_entity))
    fact_rows = [FactView(
        f, _event_label(f.predicate), _cite_links(store, f.supporting, articles),
        _cite_links(store, f.contradicting, articles),
    ) for f in facts]
    context = {
        "story": story,
        "brief": brief,
        "method_note": BRIEF_METHOD_NOTES.get(brief.method, "") if brief is not None else "",
        "timeline": timeline_rows,
        "parts": parts,
        "sources": sources,
        "entities": entities,
        "outlets": distinct_outlets(story),
        "story_map": build_map(places),
        "facts": fact_rows,
    }
    data = {
        "story": to_dict(story),
        "brief": to_dict(brief) if brief is not None else None,
        "articles": to_dict(members),  # in the story's order; the page sorts them by date
        "entities": to_dict(entities),
        "timeline": to_dict(timeline),
        "places": to_dict(places),  # the mapped places, most mentioned first
        "facts": to_dict(facts),  # source comparison: agreement, single-source facts, differences
    }
    return Page("story.html", context, data, f"/stories/{id_path(story_id)}.json")


@dataclass(slots=True)
class FactView:
    """One compared fact as the story page shows it."""

    fact: StoryFact
    label: str  # the event type in Arabic
    supporting: list[CiteLink]
    contradicting: list[CiteLink]


@dataclass(slots=True)
class ArgumentView:
    """An event's actor, target or place as shown: its text, and its entity page when linked."""

    text: str
    entity_id: str | None = None
    href: str = ""


@dataclass(slots=True)
class EventView:
    """One event line of the article page (and of its JSON twin)."""

    sentence_index: int
    start: int
    end: int
    type: str
    label_ar: str
    trigger: str
    actor: ArgumentView | None
    target: ArgumentView | None
    place: ArgumentView | None
    time: str | None
    time_source: str
    modality: str
    modality_ar: str
    source: str = ""  # who the sentence is attributed to, when anyone


@dataclass(slots=True)
class SourceView:
    """One attribution of the article page: who says a sentence, and how."""

    sentence_index: int
    source: str
    anonymous: bool
    analysis: bool
    cue: str
    entity_id: str | None
    href: str
    quote: str | None


def _event_label(event_type: str) -> str:
    from marsad.understand.event_lexicon import event_lexicon

    found = event_lexicon().types.get(event_type)
    return found.label_ar if found is not None and found.label_ar else event_type


def _argument(arg: Argument | None) -> ArgumentView | None:
    if arg is None:
        return None
    href = f"/entities/{id_path(arg.entity_id)}" if arg.entity_id else ""
    return ArgumentView(arg.text, arg.entity_id, href)


def _source_name(att: Attribution | None) -> str:
    if att is None:
        return ""
    return att.source_text + (" (مصدر مجهّل)" if att.anonymous else "")


def article_events(analysis: AnalyzedArticle) -> list[EventView]:
    """The article's events, in text order, with Arabic labels for type and modality."""
    return [
        EventView(
            sentence_index=e.sentence_index, start=e.start, end=e.end, type=e.type,
            label_ar=_event_label(e.type), trigger=e.trigger, actor=_argument(e.actor),
            target=_argument(e.target), place=_argument(e.place), time=e.time,
            time_source=e.time_source, modality=e.modality,
            modality_ar=MODALITY_LABELS_AR.get(e.modality, e.modality), source=_source_name(e.attribution),
        )  # fmt: skip
        for e in sorted(analysis.events, key=lambda e: e.start)
    ]


def article_sources(analysis: AnalyzedArticle) -> list[SourceView]:
    """Who the article's sentences are attributed to, in text order."""
    return [
        SourceView(
            sentence_index=a.sentence_index, source=a.source_text, anonymous=a.anonymous,
            analysis=a.analysis, cue=a.cue, entity_id=a.entity_id,
            href=f"/entities/{id_path(a.entity_id)}" if a.entity_id else "", quote=a.quote,
        )  # fmt: skip
        for a in sorted(analysis.attributions, key=lambda a: (a.sentence_index, a.start))
    ]


def article_page(store: Store, article_id: str) -> Page:
    article = store.get_article(article_id)
    if article is None:
        raise NotFound("لا يوجد مقال بهذا المعرّف.")
    analysis = store.get_analysis(article_id)
    events: list[EventView] = []
    sources: list[SourceView] = []
    if analysis is not None:
        body = article_body(article.text, analysis.sentences, analysis.mentions, analysis.times)
        entities = _Entities(store).many(analysis.entity_ids)
        events, sources = article_events(analysis), article_sources(analysis)
    else:
        body = article_body(article.text, [], [], [])
        entities = []
    story_id = store.story_of(article_id)
    story = store.get_story(story_id) if story_id else None
    context = {
        "article": article, "body": body, "entities": entities, "story": story,
        "events": events, "sources": sources,
    }  # fmt: skip
    data = {
        "article": to_dict(article),
        "analysis": to_dict(analysis) if analysis is not None else None,
        "story_id": story_id,
        "events": to_dict(events),  # as the page lists them (labels included); records in "analysis"
        "sources": to_dict(sources),
    }
    return Page("article.html", context, data, f"/articles/{id_path(article_id)}.json")


ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")


def entity_list(store: Store, page: int, entity_type: str | None = None) -> Page:
    """Mentioned entities, most mentioned first; ``?type=`` narrows to one type (anything else
    than a known type is ignored, so a hand-edited URL never errors)."""
    etype = entity_type.upper() if entity_type and entity_type.upper() in ENTITY_TYPES else None
    rows = store.list_entities(limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE, entity_type=etype)
    has_more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    context = {"rows": rows, "page": page, "has_more": has_more, "etype": etype, "types": ENTITY_TYPES}
    data = _envelope(rows, page, has_more, type=etype)
    return Page("entities.html", context, data, "/entities.json" + (f"?type={etype}" if etype else ""))


def entity_page(store: Store, entity_id: str, page: int) -> Page:
    entity = _Entities(store).get(entity_id)
    if entity is None:
        raise NotFound("لا يوجد كيان بهذا المعرّف.")
    ids = store.articles_mentioning(entity_id, limit=page * PAGE_SIZE + 1)
    chunk = ids[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    has_more = len(ids) > page * PAGE_SIZE
    articles = [a for a in (store.get_article(i) for i in chunk) if a is not None]
    forms = store.surface_forms(entity_id, limit=RELATED_ENTITIES)
    related = store.cooccurring_entities(entity_id, limit=RELATED_ENTITIES)
    context = {
        "entity": entity,
        "articles": articles,
        "forms": forms,
        "related": related,
        "page": page,
        "has_more": has_more,
    }
    data = {
        "entity": to_dict(entity),
        "surface_forms": [{"text": t, "mentions": n} for t, n in forms],
        "cooccurring": [to_dict(r) for r in related],
        **_envelope(articles, page, has_more),
    }
    return Page("entity.html", context, data, f"/entities/{id_path(entity_id)}.json")


def search_page(store: Store, query: str, page: int) -> Page:
    query = " ".join(query.split())[:MAX_QUERY_CHARS]
    page = min(page, MAX_SEARCH_PAGES)
    hits = store.search(query, limit=page * PAGE_SIZE + 1) if query else []
    chunk = hits[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    has_more = len(hits) > page * PAGE_SIZE and page < MAX_SEARCH_PAGES
    context = {"q": query, "hits": chunk, "page": page, "has_more": has_more}
    return Page("search.html", context, _envelope(chunk, page, has_more, query=query), "/search.json")
