"""The versioned REST API under ``/api/v1/``: typed, paginated, documented, with token-guarded writes.

Why a second JSON surface next to the page twins (``/api/stories`` …): a twin mirrors what a page
shows and changes whenever the page does; scripts and other services need a contract that stays put.
The response models here are that contract and feed the OpenAPI schema (``/api/openapi.json``,
``/api/docs``); the records themselves are ``marsad.model``'s dataclasses, so the schema cannot drift
from what the store holds.

Cost rules (the API must answer at hundreds of requests per second on a store of tens of thousands
of articles): every list is limit/offset paginated with a hard cap and read through an indexed store
query; lists return article *summaries*, never bodies; models are dumped by pydantic-core directly
(``fast_json``). Answers that cost many rows — the entity ranking, an entity's spellings,
co-occurrences and articles, a story's timeline, full-text searches (which rank every match) — are
memoised (``Memo``): dropped when the store's article count changes (looked at no more than once a
second), on every write through this API, and after ``CACHE_SECONDS`` in any case. Exports are the
one deliberate exception to all this: they read the whole store, as ``marsad export`` does.
"""

from __future__ import annotations

import dataclasses
import functools
import hmac
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Generic, ParamSpec, TypeVar
from urllib.parse import urlencode, urlsplit

import pydantic_core
from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request
from fastapi.responses import PlainTextResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool

from marsad.brief.render import brief_to_markdown
from marsad.exports import export_records
from marsad.ingest.build import make_article
from marsad.ingest.dates import to_iso
from marsad.ingest.errors import IngestError
from marsad.model import (
    AnalyzedArticle,
    Article,
    Attribution,
    Brief,
    Claim,
    Entity,
    Event,
    Mention,
    SearchHit,
    Sentence,
    Story,
    TimeExpr,
    TimelineEntry,
)
from marsad.store.base import EntityCount, Store
from marsad.stories.timeline import build_timeline

if TYPE_CHECKING:
    from marsad.brief.llm import LLMConfig

PREFIX = "/api/v1"
MAX_LIMIT = 500
MAX_OFFSET = 10_000_000  # SQLite integers are 64-bit; anything near that is a mistake, not a page
MAX_POST_ARTICLES = 1000
MAX_QUERY_CHARS = 200
STORY_ARTICLES_SHOWN = 100  # article summaries on a story; all ids stay in ``story.article_ids``
ENTITY_RANKING_CACHED = 2000  # top of the entity ranking kept in memory per type
CACHE_SECONDS = 600.0  # the longest a memoised answer lives (re-analysis changes no count)
CHECK_SECONDS = 1.0  # how often the store's article count is compared
MIN_TOKEN_CHARS = 16

T = TypeVar("T")
P = ParamSpec("P")

# ----------------------------------------------------------------------------------------------------
# Response and request models


class ErrorOut(BaseModel):
    """The one error shape of every ``/api/`` response with a 4xx or 5xx status."""

    error: str = Field(description="What went wrong, in one line.")
    detail: Any = Field(default=None, description="Structured detail when there is some (validation errors).")


class Page(BaseModel, Generic[T]):
    items: list[T]
    limit: int
    offset: int
    total: int | None = Field(default=None, description="All matching items, when counting them is cheap.")
    next: str | None = Field(
        default=None, description="The next page's URL (path and query); null on the last."
    )


class ArticleSummary(BaseModel):
    id: str
    title: str
    outlet: str
    url: str
    published: str | None
    language: str

    @classmethod
    def of(cls, a: Article) -> ArticleSummary:
        return cls(
            id=a.id, title=a.title, outlet=a.outlet, url=a.url, published=a.published, language=a.language
        )


class Analysis(BaseModel):
    analyzer_version: str
    sentences: list[Sentence]
    mentions: list[Mention]
    entities: list[Entity] = Field(description="The linked entities, in order of first mention.")
    times: list[TimeExpr]
    events: list[Event]
    attributions: list[Attribution]
    claims: list[Claim]
    keywords: list[str]


class ArticleDetail(BaseModel):
    article: Article
    analysis: Analysis | None = Field(description="Null until the article has been analysed.")
    story_id: str | None


class StoryDetail(BaseModel):
    story: Story
    articles: list[ArticleSummary] = Field(
        description=f"The first {STORY_ARTICLES_SHOWN} member articles; every id is in story.article_ids."
    )
    entities: list[Entity] = Field(description="The story's key entities, most central first.")
    has_brief: bool


class Timeline(BaseModel):
    story_id: str
    entries: list[TimelineEntry]


class EventItem(BaseModel):
    article_id: str
    index: int = Field(description="The event's position in its article's analysis.events.")
    event: Event


class EventList(BaseModel):
    items: list[EventItem]


class SurfaceForm(BaseModel):
    text: str
    mentions: int


class EntityDetail(BaseModel):
    entity: Entity
    aliases: list[str]
    surface_forms: list[SurfaceForm] = Field(
        description="How the stored articles write it, most frequent first."
    )
    cooccurring: list[EntityCount] = Field(description="Entities sharing the most articles with it.")
    articles: Page[ArticleSummary] = Field(description="Articles mentioning it, newest first.")


class SearchResults(BaseModel):
    query: str
    items: list[SearchHit]


class ArticleIn(BaseModel):
    """One article to store; identity (id, content hash) follows the same rules as file ingest."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=1000)
    text: str = Field(min_length=1, max_length=1_000_000)
    url: str = Field(
        "", max_length=2000, description="http(s) URL of the original; the article's id comes from it."
    )
    outlet: str = Field("", max_length=300)
    published: str | None = Field(default=None, max_length=64, description="ISO 8601 date or date-time.")
    author: str = Field("", max_length=300)
    language: str | None = Field(
        default=None,
        pattern=r"^[a-z]{2,3}$",
        description="ISO 639 code; detected from the text when omitted.",
    )

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value:
            parts = urlsplit(value)
            if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
                raise ValueError("url must be an absolute http(s) URL")
        return value

    @field_validator("published")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value and to_iso(value) is None:
            raise ValueError("published must be an ISO 8601 date or date-time")
        return value or None


class Rejected(BaseModel):
    index: int = Field(description="Position of the article in the request body.")
    error: str


class IngestOut(BaseModel):
    added: list[str] = Field(description="Ids of newly stored articles.")
    duplicates: list[str] = Field(description="Ids of articles that were already stored (nothing written).")
    not_arabic: list[str] = Field(
        description="Added articles that are not Arabic (stored, not analysed into stories)."
    )
    rejected: list[Rejected]
    processed: bool
    stories_changed: list[str]


class ExportName(StrEnum):
    events_csv = "events.csv"
    events_jsonl = "events.jsonl"
    events_geojson = "events.geojson"
    attributions_csv = "attributions.csv"
    attributions_jsonl = "attributions.jsonl"
    claims_jsonl = "claims.jsonl"
    stories_jsonl = "stories.jsonl"
    stories_csv = "stories.csv"


EXPORT_MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "geojson": "application/geo+json",
}

# ----------------------------------------------------------------------------------------------------
# Shared parts


class Memo:
    """A small LRU of answers, valid while the store's article count stays the same (and for at most
    ``ttl`` seconds).

    Why: a few store queries aggregate over many rows (hundreds of milliseconds on a big store for
    the entity ranking) and their answers change only when articles are added, by this server or by
    another process (``marsad ingest`` into the same file). Counting articles is cheap, so it is
    looked at once a second rather than trusting a timer alone. Concurrent misses of one key wait
    for a single computation instead of piling onto the store; hits never wait for another key.
    """

    def __init__(
        self,
        version: Callable[[], object] | None = None,
        ttl: float = CACHE_SECONDS,
        size: int = 4096,
        check_every: float = CHECK_SECONDS,
    ) -> None:
        self._version, self._ttl, self._size, self._check_every = version, ttl, size, check_every
        self._seen: object = None
        self._checked = float("-inf")
        self._items: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._gates: dict[Any, threading.Lock] = {}
        self._lock = threading.Lock()

    def _fresh(self, key: Any) -> tuple[bool, Any]:
        now = time.monotonic()
        if self._version is not None and now - self._checked >= self._check_every:
            self._checked = now
            current = self._version()
            if current != self._seen:
                self._seen = current
                self._items.clear()
        found = self._items.get(key)
        if found is not None and found[0] > now:
            self._items.move_to_end(key)
            return True, found[1]
        return False, None

    def peek(self, key: Any) -> tuple[bool, Any]:
        """(True, answer) when ``key`` holds a valid answer, else (False, None); never computes."""
        with self._lock:
            return self._fresh(key)

    def get(self, key: Any, compute: Callable[[], T]) -> T:
        with self._lock:
            hit, value = self._fresh(key)
            if hit:
                return value
            gate = self._gates.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                hit, value = self._fresh(key)
            if hit:
                return value
            computed = compute()
            with self._lock:
                self._items[key] = (time.monotonic() + self._ttl, computed)
                self._items.move_to_end(key)
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
                self._gates.pop(key, None)
            return computed

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


@dataclasses.dataclass(slots=True)
class ApiState:
    """What the API needs besides the store: write tokens, the memo, the side connection for
    memoised computations (``cached``) and the write lock."""

    tokens: tuple[bytes, ...] = ()
    side: queue.SimpleQueue[Store] | None = None  # idle side connections
    memo: Memo = dataclasses.field(default_factory=Memo)
    write_lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    llm: LLMConfig | None = None  # the optional brief rewriter for stories that posts change


def check_tokens(tokens: Sequence[str]) -> tuple[bytes, ...]:
    """Tokens as bytes for ``hmac.compare_digest``; short or blank tokens are refused outright,
    because a guessable token is worse than writes being disabled."""
    out = []
    for token in tokens:
        token = token.strip()
        if len(token) < MIN_TOKEN_CHARS or any(c.isspace() for c in token):
            raise ValueError(f"API tokens must be at least {MIN_TOKEN_CHARS} characters without spaces")
        out.append(token.encode("utf-8"))
    return tuple(out)


def token_matches(given: str, tokens: Sequence[bytes]) -> bool:
    """Whether ``given`` is one of ``tokens``; every token is compared (in constant time each), so
    the answer's timing tells nothing about which token, or how much of one, matched."""
    candidate = given.encode("utf-8")
    found = False
    for token in tokens:
        found |= hmac.compare_digest(candidate, token)
    return found


async def _store(request: Request) -> Store:
    return request.app.state.store


async def _api(request: Request) -> ApiState:
    return request.app.state.api


StoreDep = Annotated[Store, Depends(_store)]
ApiDep = Annotated[ApiState, Depends(_api)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1–{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]

_bearer = HTTPBearer(auto_error=False, description="A write token given to `marsad serve`.")


async def require_writer(
    api: ApiDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """403 when the server has no tokens (writes disabled), 401 for a missing or wrong token."""
    tokens = api.tokens
    if not tokens:
        raise HTTPException(403, "writes are disabled: the server was started without API tokens")
    if credentials is None or not token_matches(credentials.credentials, tokens):
        raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


def _next(request: Request, limit: int, offset: int, more: bool) -> str | None:
    if not more:
        return None
    params = dict(request.query_params)
    params.update(limit=str(limit), offset=str(offset + limit))
    return f"{request.url.path}?{urlencode(params)}"


def _not_found(what: str) -> HTTPException:
    return HTTPException(404, f"{what} not found")


def _entity(store: Store, entity_id: str) -> Entity | None:
    return store.get_entity(entity_id) or store.mentioned_entity(entity_id)


def _article_entities(store: Store, analysis: AnalyzedArticle) -> list[Entity]:
    """The article's linked entities: the stored record, or for a local entity nobody saved one
    described by its mention here. Why not ``store.mentioned_entity``: it reads every mention of the
    entity in the store, which for a frequent local entity costs more than the whole article."""
    first: dict[str, Mention] = {}
    for m in analysis.mentions:
        if m.entity_id:
            first.setdefault(m.entity_id, m)
    return [store.get_entity(i) or Entity(id=i, type=m.type, name_ar=m.text) for i, m in first.items()]


def _summaries(store: Store, ids: list[str]) -> list[ArticleSummary]:
    return [ArticleSummary.of(a) for a in (store.get_article(i) for i in ids) if a is not None]


async def cached(api: ApiState, store: Store, key: Any, compute: Callable[[Store], T]) -> T:
    """The memoised answer for ``key``, computing it with ``compute`` on a miss.

    Why side connections: a miss can take a tenth of a second or more (an entity named in thousands
    of articles), and on the request connection it would hold up every other request of this
    process (one lock per connection, and these endpoints run on the event loop). On a miss the work
    runs in a thread on one of ``api.side``, further connections to the same store (SQLite releases
    the GIL while it executes), so other requests go on meanwhile; there are a few of them so that a
    cheap miss (a timeline) need not queue behind a slow one. Hits cost a dictionary lookup.
    """
    hit, value = api.memo.peek(key)
    if hit:
        return value
    pool = api.side
    if pool is None:  # an in-memory store has no second connection: compute in place
        return api.memo.get(key, lambda: compute(store))

    def on_side() -> T:
        side = pool.get()
        try:
            return compute(side)
        finally:
            pool.put(side)

    return await run_in_threadpool(api.memo.get, key, on_side)


def fast_json(endpoint: Callable[P, Awaitable[Any]]) -> Callable[P, Awaitable[Response]]:
    """Serve what ``endpoint`` returns as JSON straight from its typed model.

    Why: FastAPI, given a return value to check against the response model, first copies every
    nested dataclass into dicts (``dataclasses.asdict``), validates the copy and then dumps it: about
    seven times the cost of the store read for an article with its analysis. The models here are
    built from typed records, so the check adds nothing; pydantic-core dumps them directly. The
    schema still comes from the endpoint's return annotation (``inspect.signature`` follows
    ``functools.wraps``).

    The read endpoints are coroutines on purpose although the store is synchronous: each answer
    costs a millisecond or two of store work that one lock serialises anyway, and running it on the
    event loop saves two thread hand-offs per request, each of which can wait out the interpreter's
    5 ms switch interval under load. Exports and writes, which can take seconds, stay in threads.
    """

    @functools.wraps(endpoint)
    async def run(*args: P.args, **kwargs: P.kwargs) -> Response:
        return Response(pydantic_core.to_json(await endpoint(*args, **kwargs)), media_type="application/json")

    return run


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No such record."},
    422: {"model": ErrorOut, "description": "Invalid parameters."},
}

# ----------------------------------------------------------------------------------------------------
# Routes

router = APIRouter(prefix=PREFIX, responses={422: ERRORS[422]})


@router.get("/articles", tags=["articles"], summary="List articles, newest first")
@fast_json
async def list_articles(
    request: Request,
    store: StoreDep,
    limit: Limit = 50,
    offset: Offset = 0,
    outlet: Annotated[str | None, Query(max_length=300, description="Only this outlet (exact name).")] = None,
) -> Page[ArticleSummary]:
    rows = store.list_articles(limit=limit + 1, offset=offset, outlet=outlet)
    total = store.count_articles() if outlet is None else None
    items = [ArticleSummary.of(a) for a in rows[:limit]]
    return Page(
        items=items,
        limit=limit,
        offset=offset,
        total=total,
        next=_next(request, limit, offset, len(rows) > limit),
    )


@router.get(
    "/articles/{article_id}", tags=["articles"], summary="One article with its analysis", responses=ERRORS
)
@fast_json
async def get_article(
    store: StoreDep, article_id: Annotated[str, Path(description="The article's id.")]
) -> ArticleDetail:
    article = store.get_article(article_id)
    if article is None:
        raise _not_found("article")
    found = store.get_analysis(article_id)
    analysis = None
    if found is not None:
        entities = _article_entities(store, found)
        analysis = Analysis(
            analyzer_version=found.analyzer_version, sentences=found.sentences, mentions=found.mentions,
            entities=entities, times=found.times, events=found.events, attributions=found.attributions,
            claims=found.claims, keywords=found.keywords,
        )  # fmt: skip
    return ArticleDetail(article=article, analysis=analysis, story_id=store.story_of(article_id))


@router.get(
    "/articles/{article_id}/events", tags=["events"], summary="The events of one article", responses=ERRORS
)
@fast_json
async def article_events(
    store: StoreDep, article_id: Annotated[str, Path(description="The article's id.")]
) -> EventList:
    if store.get_article(article_id) is None:
        raise _not_found("article")
    analysis = store.get_analysis(article_id)
    events = analysis.events if analysis is not None else []
    return EventList(items=[EventItem(article_id=article_id, index=i, event=e) for i, e in enumerate(events)])


@router.post(
    "/articles",
    tags=["articles"],
    status_code=201,
    summary="Store articles (idempotent); optionally analyse them",
    description=(
        "The body is one article object or a list of up to "
        f"{MAX_POST_ARTICLES}. An article already stored (same canonical URL or same normalised "
        "title and text) is reported under `duplicates` and not written again. With `process=true` "
        "pending articles are analysed and stories and briefs are brought up to date before the "
        "answer (slow on a big store: it regroups all stories). Needs `Authorization: Bearer <token>`."
    ),
    responses={
        401: {"model": ErrorOut, "description": "Missing or wrong token."},
        403: {"model": ErrorOut, "description": "Writes are disabled on this server."},
        413: {"model": ErrorOut, "description": "Request body over the size limit."},
    },
    dependencies=[Depends(require_writer)],
)
def post_articles(
    store: StoreDep,
    api: ApiDep,
    body: Annotated[
        ArticleIn | Annotated[list[ArticleIn], Field(min_length=1, max_length=MAX_POST_ARTICLES)],
        Body(description="One article, or a list of articles."),
    ],
    process: Annotated[bool, Query(description="Analyse and update stories before answering.")] = False,
) -> IngestOut:
    items = body if isinstance(body, list) else [body]
    out = IngestOut(added=[], duplicates=[], not_arabic=[], rejected=[], processed=False, stories_changed=[])
    with api.write_lock:
        for index, item in enumerate(items):
            try:
                article = _build(item)
            except IngestError as exc:
                out.rejected.append(Rejected(index=index, error=str(exc)))
                continue
            added = store.add_article(article)
            (out.added if added else out.duplicates).append(article.id)
            if added and not article.is_arabic:
                out.not_arabic.append(article.id)
        if process:
            from marsad.api import Marsad  # the full pipeline loads only when a client asks for it

            update = Marsad(store, llm=api.llm).process()
            out.processed, out.stories_changed = True, update.changed
        api.memo.clear()
    return out


def _build(item: ArticleIn) -> Article:
    """An ``Article`` made by the ingest builder, so an article posted here and the same article
    read from a file get the same id and content hash (and dedupe against each other)."""
    article = make_article(
        title=item.title, text=item.text, source_kind="api", source_path="api", url=item.url,
        outlet=item.outlet, published=to_iso(item.published) if item.published else None, author=item.author,
    )  # fmt: skip
    if item.language and item.language != article.language:
        notes = [w for w in article.warnings if not w.startswith("not Arabic")]
        if item.language != "ar":
            notes.append(f"not Arabic: {item.language} (given)")
        article = dataclasses.replace(article, language=item.language, warnings=notes)
    return article


@router.get("/stories", tags=["stories"], summary="List stories, most recently updated first")
@fast_json
async def list_stories(
    request: Request, store: StoreDep, limit: Limit = 50, offset: Offset = 0
) -> Page[Story]:
    rows = store.list_stories(limit=limit + 1, offset=offset)
    return Page(
        items=rows[:limit], limit=limit, offset=offset, next=_next(request, limit, offset, len(rows) > limit)
    )


@router.get(
    "/stories/{story_id}",
    tags=["stories"],
    summary="One story with its articles and entities",
    responses=ERRORS,
)
@fast_json
async def get_story(
    store: StoreDep, api: ApiDep, story_id: Annotated[str, Path(description="The story's id.")]
) -> StoryDetail:
    story = store.get_story(story_id)
    if story is None:
        raise _not_found("story")

    entities: list[Entity] = []
    for entity_id in story.key_entities:
        found = await cached(
            api, store, ("record", entity_id), functools.partial(_entity, entity_id=entity_id)
        )
        if found is not None:
            entities.append(found)
    return StoryDetail(
        story=story,
        articles=_summaries(store, story.article_ids[:STORY_ARTICLES_SHOWN]),
        entities=entities,
        has_brief=store.get_brief(story_id) is not None,
    )


def _brief(store: Store, story_id: str) -> Brief:
    brief = store.get_brief(story_id)
    if brief is None:
        raise _not_found("story" if store.get_story(story_id) is None else "brief")
    return brief


@router.get(
    "/stories/{story_id}/brief", tags=["stories"], summary="A story's three-part brief", responses=ERRORS
)
@fast_json
async def get_brief(store: StoreDep, story_id: Annotated[str, Path(description="The story's id.")]) -> Brief:
    return _brief(store, story_id)


@router.get(
    "/stories/{story_id}/brief.md",
    tags=["stories"],
    summary="A story's brief as Markdown",
    response_class=PlainTextResponse,
    responses={**ERRORS, 200: {"content": {"text/markdown": {}}, "description": "The brief in Markdown."}},
)
async def get_brief_markdown(
    store: StoreDep, story_id: Annotated[str, Path(description="The story's id.")]
) -> Response:
    text = brief_to_markdown(_brief(store, story_id))
    return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")


@router.get(
    "/stories/{story_id}/timeline", tags=["stories"], summary="A story's dated timeline", responses=ERRORS
)
@fast_json
async def get_timeline(
    store: StoreDep, api: ApiDep, story_id: Annotated[str, Path(description="The story's id.")]
) -> Timeline:
    story = store.get_story(story_id)
    if story is None:
        raise _not_found("story")

    ids = story.article_ids

    def entries(s: Store) -> list[TimelineEntry]:  # reads every member's analysis: about 1 ms each
        return build_timeline([a for a in s.iter_analyses(ids) if a.article.is_arabic])

    key = ("timeline", story_id, tuple(ids))
    return Timeline(story_id=story_id, entries=await cached(api, store, key, entries))


@router.get(
    "/stories/{story_id}/events",
    tags=["events"],
    summary="The events of a story's articles",
    responses=ERRORS,
)
@fast_json
async def story_events(
    store: StoreDep, story_id: Annotated[str, Path(description="The story's id.")]
) -> EventList:
    story = store.get_story(story_id)
    if story is None:
        raise _not_found("story")
    items = [
        EventItem(article_id=an.article.id, index=i, event=e)
        for an in store.iter_analyses(story.article_ids)
        for i, e in enumerate(an.events)
    ]
    return EventList(items=items)


@router.get(
    "/events",
    tags=["events"],
    summary="Events store-wide, page by page of articles",
    description=(
        "Pages are counted in **articles** (newest first), not in events: a page holds every event "
        "of `limit` articles, so a page never splits an article and paging stays an indexed query."
    ),
)
@fast_json
async def list_events(
    request: Request,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=100, description="Articles per page (1–100).")] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Articles to skip.")] = 0,
) -> Page[EventItem]:
    rows = store.list_articles(limit=limit + 1, offset=offset)
    items = [
        EventItem(article_id=an.article.id, index=i, event=e)
        for an in (store.get_analysis(a.id) for a in rows[:limit])
        if an is not None
        for i, e in enumerate(an.events)
    ]
    return Page(
        items=items, limit=limit, offset=offset, next=_next(request, limit, offset, len(rows) > limit)
    )


@router.get(
    "/entities",
    tags=["entities"],
    summary="Mentioned entities, most mentioned first",
    description=(
        f"The first {ENTITY_RANKING_CACHED} of each ranking are cached until the number of stored "
        f"articles changes (at most {CACHE_SECONDS:g} s)."
    ),
)
@fast_json
async def list_entities(
    request: Request,
    store: StoreDep,
    api: ApiDep,
    limit: Limit = 50,
    offset: Offset = 0,
    type: Annotated[  # noqa: A002 (the public parameter name)
        str | None, Query(pattern="^(PER|ORG|LOC|MISC)$", description="Only entities of this type.")
    ] = None,
) -> Page[EntityCount]:
    if offset + limit + 1 <= ENTITY_RANKING_CACHED:
        ranking = await cached(
            api,
            store,
            ("entities", type),
            lambda s: s.list_entities(limit=ENTITY_RANKING_CACHED, offset=0, entity_type=type),
        )
        rows = ranking[offset : offset + limit + 1]
    else:
        rows = store.list_entities(limit=limit + 1, offset=offset, entity_type=type)
    return Page(
        items=rows[:limit], limit=limit, offset=offset, next=_next(request, limit, offset, len(rows) > limit)
    )


@router.get(
    "/entities/{entity_id:path}",
    tags=["entities"],
    summary="One entity: names, spellings, articles, co-occurring entities",
    responses=ERRORS,
)
@fast_json
async def get_entity(
    request: Request,
    store: StoreDep,
    api: ApiDep,
    entity_id: Annotated[str, Path(description="The entity's id (e.g. Q30, local:…); URL-encode it.")],
    limit: Annotated[int, Query(ge=1, le=100, description="Articles per page (1–100).")] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000, description="Articles to skip.")] = 0,
) -> EntityDetail:
    def profile(s: Store) -> tuple[Entity | None, list[tuple[str, int]], list[EntityCount]]:
        entity = _entity(s, entity_id)
        if entity is None:
            return None, [], []
        return entity, s.surface_forms(entity_id, limit=20), s.cooccurring_entities(entity_id, limit=20)

    def articles(s: Store) -> tuple[list[ArticleSummary], bool]:
        ids = s.articles_mentioning(entity_id, limit=offset + limit + 1)
        return _summaries(s, ids[offset : offset + limit]), len(ids) > offset + limit

    entity, forms, related = await cached(api, store, ("entity", entity_id), profile)
    if entity is None:
        raise _not_found("entity")
    items, more = await cached(api, store, ("articles", entity_id, offset, limit), articles)
    page = Page(items=items, limit=limit, offset=offset, next=_next(request, limit, offset, more))
    return EntityDetail(
        entity=entity,
        aliases=entity.aliases,
        surface_forms=[SurfaceForm(text=t, mentions=n) for t, n in forms],
        cooccurring=related,
        articles=page,
    )


@router.get(
    "/search",
    tags=["search"],
    summary="Full-text search over titles and texts",
    description=(
        "Results are cached per query and limit until the number of stored articles changes "
        f"(at most {CACHE_SECONDS:g} s)."
    ),
)
@fast_json
async def search(
    store: StoreDep,
    api: ApiDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="Words to find (Arabic).")],
    limit: Annotated[int, Query(ge=1, le=100, description="Hits to return (1–100).")] = 20,
) -> SearchResults:
    query = " ".join(q.split())
    items = (
        await cached(api, store, ("search", query, limit), lambda s: s.search(query, limit=limit))
        if query
        else []
    )
    return SearchResults(query=query, items=items)


@router.get(
    "/exports/{name}",
    tags=["exports"],
    summary="A store-wide export file",
    description=(
        "Built by `marsad.exports` exactly as `marsad export` writes it. Reads the **whole store** "
        "on every call: meant for occasional downloads, not for polling."
    ),
    response_class=Response,
    responses={200: {"content": {m.split(";")[0]: {} for m in EXPORT_MEDIA_TYPES.values()}}},
)
def get_export(
    store: StoreDep, name: Annotated[ExportName, Path(description="What and in which format.")]
) -> Response:
    what, _, ext = name.value.rpartition(".")
    body = export_records(store, what, ext)
    headers = {"Content-Disposition": f'attachment; filename="{name.value}"'} if ext != "geojson" else {}
    return Response(body, media_type=EXPORT_MEDIA_TYPES[ext], headers=headers)
