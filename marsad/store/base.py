"""The one small interface every store implements (SQLite by default, PostgreSQL later).

Why an interface: the CLI, the web app and the story builder only ever talk to ``Store``; swapping
the embedded SQLite file for a server database must not touch them. Records go in and come out as
``marsad.model`` dataclasses; how they are laid out in tables is each backend's business.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from marsad.model import AnalyzedArticle, Article, Brief, Entity, EntityType, SearchHit, Story


@dataclass(slots=True)
class EntityCount:
    """An entity with how often it is mentioned in the store."""

    entity: Entity
    mentions: int
    articles: int


T = TypeVar("T")

# Co-occurrence is counted over at most this many of an entity's articles: for the most mentioned
# entities (the US in thousands of articles) a full count took hundreds of milliseconds per entity
# page. Article ids are hashes, so the first ones by id are an unbiased sample.
COOCCURRENCE_SAMPLE = 500


def paged(fetch: Callable[..., list[T]], page_size: int = 500) -> Iterator[T]:
    """Every item of a paginated store listing (``list_articles``, ``list_stories``…), page by page,
    so callers that need everything never hold more than one page of the query at a time."""
    offset = 0
    while True:
        page = fetch(limit=page_size, offset=offset)
        yield from page
        if len(page) < page_size:
            return
        offset += page_size


_ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")


def minimal_entities(rows: Iterable[tuple[str, str, str, int]]) -> dict[str, Entity]:
    """Entities for ids known only from their mentions (local entities nobody saved), from
    ``(entity_id, type, text, count)`` rows: the most frequent type and surface text, ties broken by
    the value itself so the result is deterministic. Shared by the backends so both name a local
    entity the same way; they fetch the rows for many ids in one query."""
    types: dict[str, Counter[str]] = {}
    texts: dict[str, Counter[str]] = {}
    for entity_id, etype, text, count in rows:
        types.setdefault(entity_id, Counter())[str(etype)] += int(count)
        texts.setdefault(entity_id, Counter())[str(text)] += int(count)
    out: dict[str, Entity] = {}
    for entity_id, tcount in types.items():
        etype = min(tcount, key=lambda t: (-tcount[t], t))
        wcount = texts[entity_id]
        name = min(wcount, key=lambda t: (-wcount[t], t))
        entity_type: EntityType = etype if etype in _ENTITY_TYPES else "MISC"  # type: ignore[assignment]
        out[entity_id] = Entity(id=entity_id, type=entity_type, name_ar=name)
    return out


class StoreError(Exception):
    """A store could not be opened or written (the message is shown to the user as is)."""


class Store(ABC):
    """Persistent home of articles, analyses, stories, briefs and entities."""

    # -- articles --------------------------------------------------------------------------------
    @abstractmethod
    def add_article(self, article: Article) -> bool:
        """Store ``article``; False (and nothing written) when its id or content hash is already
        stored. This is what makes ingest idempotent."""

    @abstractmethod
    def get_article(self, article_id: str) -> Article | None: ...

    @abstractmethod
    def find_article_id(self, *, url: str = "", content_hash: str = "") -> str | None:
        """The id of an already stored article with this URL or content hash, if any."""

    @abstractmethod
    def list_articles(
        self, *, limit: int = 50, offset: int = 0, outlet: str | None = None
    ) -> list[Article]:
        """Newest first (by published date, then ingest time)."""

    @abstractmethod
    def count_articles(self) -> int: ...

    # -- analyses --------------------------------------------------------------------------------
    @abstractmethod
    def save_analysis(self, analysis: AnalyzedArticle) -> None:
        """Replace the stored analysis of ``analysis.article.id`` (and its mention index)."""

    @abstractmethod
    def get_analysis(self, article_id: str) -> AnalyzedArticle | None: ...

    @abstractmethod
    def iter_analyses(self, article_ids: Iterable[str] | None = None) -> Iterator[AnalyzedArticle]:
        """All analyses (or those of ``article_ids``), oldest published first."""

    @abstractmethod
    def unanalyzed_article_ids(self, analyzer_version: str | None = None) -> list[str]:
        """Articles with no analysis (or one from another analyzer version), oldest first."""

    # -- search ----------------------------------------------------------------------------------
    @abstractmethod
    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search over normalised title + text; clitic-prefixed forms match their stem
        (``وواشنطن`` finds ``واشنطن``)."""

    # -- stories and briefs ----------------------------------------------------------------------
    @abstractmethod
    def save_story(self, story: Story) -> None:
        """Insert or replace a story and its article membership."""

    @abstractmethod
    def delete_story(self, story_id: str) -> None: ...

    @abstractmethod
    def get_story(self, story_id: str) -> Story | None: ...

    @abstractmethod
    def list_stories(self, *, limit: int = 50, offset: int = 0) -> list[Story]:
        """Most recently updated first, then by number of outlets."""

    @abstractmethod
    def story_of(self, article_id: str) -> str | None: ...

    @abstractmethod
    def save_brief(self, brief: Brief) -> None: ...

    @abstractmethod
    def get_brief(self, story_id: str) -> Brief | None: ...

    # -- entities --------------------------------------------------------------------------------
    @abstractmethod
    def save_entities(self, entities: Iterable[Entity]) -> None:
        """Insert or replace entity records (knowledge-base rows and local entities)."""

    @abstractmethod
    def get_entity(self, entity_id: str) -> Entity | None: ...

    @abstractmethod
    def list_entities(
        self, *, limit: int = 100, offset: int = 0, entity_type: str | None = None
    ) -> list[EntityCount]:
        """Entities that are mentioned at least once (optionally of one type), most mentioned first."""

    @abstractmethod
    def articles_mentioning(self, entity_id: str, *, limit: int = 50) -> list[str]: ...

    @abstractmethod
    def mentioned_entity(self, entity_id: str) -> Entity | None:
        """A minimal entity for an id known only from mentions (a local entity): the most frequent
        type and surface text; None when nothing mentions it."""

    @abstractmethod
    def cooccurring_entities(self, entity_id: str, *, limit: int = 20) -> list[EntityCount]:
        """Entities mentioned in the same articles as ``entity_id``, most shared articles first;
        ``articles`` counts the shared articles, ``mentions`` the other entity's mentions in them,
        both over a sample of at most ``COOCCURRENCE_SAMPLE`` of the entity's articles."""

    @abstractmethod
    def surface_forms(self, entity_id: str, *, limit: int = 30) -> list[tuple[str, int]]:
        """How the entity is written in the stored articles: (text, count), most frequent first."""

    # -- job state -------------------------------------------------------------------------------
    @abstractmethod
    def get_state(self, key: str) -> str | None:
        """A named value kept for jobs that run again and again (a feed's ETag, when it was last
        polled; the live story state, a few MB, that the next ``marsad ingest`` carries on from).

        Why in the store: the state must survive restarts together with the articles it describes,
        on whichever backend the user runs, and be written in the same place as what it guards.
        """

    @abstractmethod
    def set_state(self, key: str, value: str) -> None:
        """Insert or replace the value of ``key`` (committed at once)."""

    @abstractmethod
    def state_keys(self, prefix: str = "") -> list[str]:
        """Keys that start with ``prefix``, sorted."""

    # -- health ----------------------------------------------------------------------------------
    @abstractmethod
    def check_integrity(self) -> list[str]:
        """Every inconsistency found, one readable line each; empty when the store is sound.

        Checked: the backend's own consistency check, every article in the search index exactly
        once, every stored analysis and mention belonging to a stored article, no two articles with
        one content hash or URL, every brief belonging to a stored story. Used after crashes (the
        fault tests kill ingest with SIGKILL) and by ``marsad check``.
        """

    # -- lifecycle -------------------------------------------------------------------------------
    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
