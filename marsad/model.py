"""The records every part of Marsad speaks in, defined once.

Why one module: ingest, analysis, the store, story building, the brief writer, the CLI and the web
app all exchange these records. Keeping them here (and nowhere else) means a field added for one stage
is visible to every other stage, and serialisation is written once.

Every derived record keeps its evidence as character offsets (``start``/``end``) into
``Article.text`` so a reader can always open the exact words a fact came from.

Serialisation: ``to_dict(record)`` / ``from_dict(cls, data)`` give plain JSON-ready dicts and back,
losslessly (tested). ``to_json``/``from_json`` wrap them.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

# ----------------------------------------------------------------------------------------------------
# Vocabularies (kept as Literal types so mypy checks them and JSON keeps plain strings)

EntityType = Literal["PER", "ORG", "LOC", "MISC"]
TimeType = Literal["instant", "interval", "duration"]
Grain = Literal["year", "quarter", "month", "week", "day", "hour", "minute", "second"]
TimeSource = Literal["explicit", "publication", ""]
Modality = Literal["happened", "announced", "expected", "denied", "hypothetical", "negated"]
BriefSection = Literal["what_happened", "why_it_matters", "whats_next"]

MODALITY_LABELS_AR: dict[str, str] = {  # how the web app and story comparison name a modality
    "happened": "وقع",
    "announced": "معلن",
    "expected": "متوقع",
    "denied": "منفي",
    "hypothetical": "مشروط",
    "negated": "لم يقع",
}

# What a reader is told about a brief that a language model rewrote (marsad.brief.llm); an
# extractive brief ("extractive") needs no note: every sentence is an outlet's own.
_REWRITTEN = "أعاد نموذج لغوي صياغة هذا الموجز من جمل المصادر، وحُذفت كل جملة لا تسندها المصادر المذكورة"
BRIEF_METHOD_NOTES: dict[str, str] = {
    "llm": _REWRITTEN + ".",
    "llm+extractive": _REWRITTEN + "؛ بعض أقسامه منقول من المصادر كما هو.",
}

BRIEF_SECTIONS: tuple[BriefSection, ...] = ("what_happened", "why_it_matters", "whats_next")
BRIEF_HEADINGS: dict[str, str] = {
    "what_happened": "ماذا حدث؟",
    "why_it_matters": "لماذا هذا مهم؟",
    "whats_next": "ماذا بعد؟",
}


# ----------------------------------------------------------------------------------------------------
# Source material


@dataclass(slots=True)
class Article:
    """One news article as ingested: cleaned text plus what we know of where it came from.

    ``id`` is derived from the normalised content (see ``marsad.ingest.identity``) so that the same
    article ingested twice gets the same id. ``text`` is the cleaned body (boilerplate removed, title
    line not repeated); every offset elsewhere points into it.
    """

    id: str
    title: str
    text: str
    outlet: str = ""
    url: str = ""
    published: str | None = None  # ISO-8601 (date or datetime, with offset when known)
    author: str = ""
    language: str = "ar"  # ISO 639-1 code from language identification; "und" when unknown
    source_kind: str = ""  # "text" | "html" | "jsonl" | "feed" | "url"
    source_path: str = ""  # file path or URL it was read from
    content_hash: str = ""  # hash of the normalised title + text (idempotent ingest)
    ingested_at: str = ""  # ISO-8601 UTC
    warnings: list[str] = field(default_factory=list)  # e.g. "not Arabic", "encoding guessed: cp1256"
    external_id: str = ""  # the input's own id (JSON Lines ``id``), kept to join results back

    @property
    def is_arabic(self) -> bool:
        return self.language == "ar"


# ----------------------------------------------------------------------------------------------------
# Per-article analysis


@dataclass(slots=True)
class Sentence:
    """A sentence as a span of ``Article.text``; ``index`` is its position in the article.

    ``time``/``time_grain``/``time_source`` are the sentence's resolved time (filled by
    ``marsad.understand.sentence_times.resolve_sentence_times``). Why: timelines and events need a
    sortable "when" for every sentence, and ``time_source`` tells a reader whether that date was
    stated or assumed: ``"explicit"`` (a time expression in this sentence), ``"publication"`` (none
    in the sentence: the article's publication date, grain ``day``) or ``""`` (neither: an undated
    article with no expression; ``time`` is then None). The defaults let analyses stored before
    these fields existed still load.
    """

    index: int
    start: int
    end: int
    text: str
    time: str | None = None  # ISO value (an instant's value or an interval's endpoint)
    time_grain: Grain | Literal[""] = ""  # "" when ``time`` is None
    time_source: TimeSource = ""


@dataclass(slots=True)
class Mention:
    """A named-entity mention: a span of the text, its type, and the entity it was linked to."""

    start: int
    end: int
    text: str
    type: EntityType
    entity_id: str | None = None  # canonical id (e.g. "Q30") or local id ("local:…")
    confidence: float = 1.0
    normalized: str = ""  # match key of the surface form (clitics stripped, normalised)
    metonymy: str | None = None  # e.g. "government" when واشنطن stands for the US government
    sentence_index: int = -1


@dataclass(slots=True)
class Entity:
    """A canonical entity from the knowledge base (or a local one merged across articles)."""

    id: str
    type: EntityType
    name_ar: str
    name_en: str = ""
    subtype: str = ""  # country, city, governorate, base, armed_group, agency, person, ...
    aliases: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    country_code: str = ""
    wikidata: str = ""


@dataclass(slots=True)
class TimeExpr:
    """A time expression normalised against the article's publication date.

    ``value`` is the ISO start of the instant at its ``grain`` (Duckling convention); intervals
    carry ``start_value``/``end_value`` (either may be None for an open interval).
    """

    start: int
    end: int
    text: str
    type: TimeType
    value: str | None = None
    grain: Grain = "day"
    start_value: str | None = None
    end_value: str | None = None
    relative: bool = False  # resolved against the reference (publication) time
    sentence_index: int = -1


@dataclass(slots=True)
class Argument:
    """A participant or circumstance of an event (or a claim), as a span of the text.

    ``entity_id`` is the linked entity when the span is (or ends in) an entity mention; generic
    phrases (مسلحون مجهولون، المتظاهرون) have none. Keeping the span is what makes every argument
    checkable against the text.
    """

    start: int
    end: int
    text: str
    entity_id: str | None = None


@dataclass(slots=True)
class Attribution:
    """Who says a sentence: a named source (linked entity) or an anonymous one.

    ``analysis`` marks an assessment (observers, analysts, experts; رأى، اعتبر) rather than a report
    of fact, so briefs and claim comparison can keep opinion apart from news. ``quote`` is a direct
    quotation in the sentence, kept with its speaker.
    """

    sentence_index: int
    start: int  # the source's span
    end: int
    source_text: str
    cue: str = ""  # the verb or phrase that marks it (قال، أكد، بحسب…)
    cue_start: int = -1
    cue_end: int = -1
    entity_id: str | None = None
    anonymous: bool = False
    analysis: bool = False
    quote: str | None = None
    quote_start: int = -1
    quote_end: int = -1


@dataclass(slots=True)
class Event:
    """Who did what to whom, where and when, with the trigger span as evidence.

    ``time`` is the event's resolved time (its sentence's, see ``sentence_times``) and
    ``time_source`` says whether the text states it or it is the publication date.
    """

    sentence_index: int
    start: int  # trigger span
    end: int
    trigger: str
    type: str  # PLOVER event type, e.g. "RETREAT", "ASSAULT"
    cameo: str = ""  # CAMEO root code
    actor: Argument | None = None
    target: Argument | None = None
    place: Argument | None = None  # entity_id: the place's gazetteer or GeoNames id
    time: str | None = None  # ISO value
    time_grain: str = ""
    time_source: str = ""
    modality: Modality = "happened"
    quantities: dict[str, float] = field(default_factory=dict)
    attribution: Attribution | None = None
    scope: str = ""  # "total" (لكامل قواتها) or "partial" (بعض القوات، انسحاب تدريجي), when the text says


@dataclass(slots=True)
class Claim:
    """A sentence's main proposition: the unit compared across outlets.

    ``start``/``end`` are the sentence's span (the evidence); ``trigger_start``/``trigger_end`` the
    word that carries the predicate, when an event does.
    """

    sentence_index: int
    start: int
    end: int
    subject: Argument | None = None
    predicate: str = ""  # the event type, or the attribution cue for a reported statement
    object: Argument | None = None
    place: Argument | None = None
    time: str | None = None
    modality: Modality = "happened"
    attribution: Attribution | None = None
    trigger_start: int = -1
    trigger_end: int = -1


@dataclass(slots=True)
class AnalyzedArticle:
    """Everything the per-article analysis derives from one article (a pure function's output)."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # normalised content words, for clustering
    analyzer_version: str = ""

    @property
    def entity_ids(self) -> list[str]:
        """Distinct linked entity ids, in order of first mention."""
        seen: dict[str, None] = {}
        for m in self.mentions:
            if m.entity_id:
                seen.setdefault(m.entity_id, None)
        return list(seen)


# ----------------------------------------------------------------------------------------------------
# Cross-article records


@dataclass(slots=True)
class Citation:
    """Where a brief sentence, fact or timeline entry comes from."""

    article_id: str
    outlet: str = ""
    sentence_index: int = -1
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class Story:
    """A group of articles from one or more outlets about the same happening."""

    id: str
    title: str
    article_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    first_published: str | None = None
    last_published: str | None = None
    key_entities: list[str] = field(default_factory=list)  # entity ids, most central first
    updated_at: str = ""


@dataclass(slots=True)
class StoryFact:
    """A claim within a story with the articles that support and contradict it.

    ``outlets`` are the independent outlets reporting it; ``sourcing`` says, per supporting citation,
    whether that article attributes it to a named or an anonymous source (or to none);
    ``differences`` are the reasons the contradicting citations disagree (another number, date,
    place, actor or scope; a denial or negation).
    """

    text: str
    supporting: list[Citation] = field(default_factory=list)
    contradicting: list[Citation] = field(default_factory=list)
    anonymous_only: bool = False
    single_source: bool = False
    predicate: str = ""  # the event type (PLOVER) the outlets report
    outlets: list[str] = field(default_factory=list)
    sourcing: list[str] = field(default_factory=list)  # "named" | "anonymous" | "" per supporting citation
    differences: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TimelineEntry:
    """One dated happening in a story, with its evidence."""

    date: str
    grain: Grain
    text: str
    citations: list[Citation] = field(default_factory=list)


@dataclass(slots=True)
class BriefSentence:
    """One sentence of a brief, with the articles it was taken from."""

    section: BriefSection
    text: str
    citations: list[Citation] = field(default_factory=list)


@dataclass(slots=True)
class Brief:
    """The three-part brief of a story: what happened / why it matters / what's next."""

    story_id: str
    title: str
    sentences: list[BriefSentence] = field(default_factory=list)
    generated_at: str = ""
    method: str = "extractive"

    def section(self, name: BriefSection) -> list[BriefSentence]:
        return [s for s in self.sentences if s.section == name]


@dataclass(slots=True)
class SearchHit:
    """One full-text search result."""

    article_id: str
    title: str
    outlet: str
    snippet: str
    score: float = 0.0
    published: str | None = None


@dataclass(slots=True)
class IngestProblem:
    """Why one input (a file, a JSONL line, a feed entry, a URL) could not be ingested.

    Ingest never stops at a bad input: it reports a problem and goes on with the rest.
    """

    source: str  # path or URL
    message: str  # one clear sentence for the user
    line: int | None = None  # 1-based line number for JSONL


# ----------------------------------------------------------------------------------------------------
# Serialisation

T = TypeVar("T")


_SCALARS = (str, int, float, type(None))  # bool is an int
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}  # per class: its dataclass fields, or None


def _field_names(cls: type) -> tuple[str, ...] | None:
    if cls not in _FIELD_NAMES:
        _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None
    return _FIELD_NAMES[cls]


def to_dict(record: Any) -> Any:
    """A JSON-ready structure for any record (dataclasses, lists, dicts, scalars).

    Why scalars first and field names cached per class: an analysis is some 50 records and 700
    values, most of them strings and numbers, and serialising it once per article for the store
    and the batch paths cost as much as the language check of ingest.
    """
    if isinstance(record, _SCALARS):
        return record
    names = _field_names(type(record))
    if names is not None:
        return {name: to_dict(getattr(record, name)) for name in names}
    if isinstance(record, list | tuple):
        return [to_dict(v) for v in record]
    if isinstance(record, dict):
        return {str(k): to_dict(v) for k, v in record.items()}
    return record


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = typing.get_type_hints(cls)
        _HINTS[cls] = hints
    return hints


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(args[0], value) if len(args) == 1 else value
    if origin is list:
        (arg,) = typing.get_args(tp) or (Any,)
        return [_convert(arg, v) for v in value]
    if origin is dict:
        _, varg = typing.get_args(tp) or (Any, Any)
        return {k: _convert(varg, v) for k, v in value.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_dict(tp, value)
    if tp is float and isinstance(value, int):
        return float(value)
    return value


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a record from ``to_dict`` output; unknown keys are ignored (forward compatible)."""
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


def to_json(record: Any) -> str:
    return json.dumps(to_dict(record), ensure_ascii=False, sort_keys=False)


def from_json(cls: type[T], text: str) -> T:
    return from_dict(cls, json.loads(text))
