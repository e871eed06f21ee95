"""An optional LLM rewrite of the extractive brief, checked sentence by sentence against its sources.

Off by default: nothing here runs unless the user configures an OpenAI-compatible endpoint
(``MARSAD_LLM_URL`` and ``MARSAD_LLM_MODEL``, optional ``MARSAD_LLM_API_KEY``; see
``LLMConfig.from_env``). Why optional: the extractive brief (``marsad.brief.extractive``) is exact and
citable but reads as a patchwork of outlets' sentences; a model writes smoother Arabic, and also
invents. So the model never sees anything but the numbered source sentences [S1] … [Sn] (the
extractive brief's sentences), must say which of them each of its sentences rests on, and every
sentence it writes is checked by ``check_support`` against the sentences it cites (the extractive
sentence and the near-identical sentences of other outlets that the extractive brief cites with it).
A sentence is dropped when

* it cites no source, or an id that was not given;
* it has a number (Western or Arabic-Indic digits, or a number word) that its sources do not have;
* it names an entity (the project's gazetteer and NER, ``marsad.understand.mentions``) that its
  sources do not name;
* fewer than ``MIN_COVERAGE`` of its content words (not in the project's stop list nor in
  ``data/llm_stopwords.txt``) occur in its sources, compared by clitic-tolerant keys;
* it negates or denies where its sources assert, or the other way round (``data/llm_negation_cues.txt``).

A kept sentence is cited to the articles of the sources it cites. A section that loses every
generated sentence keeps its extractive sentences; any failure of the endpoint (HTTP error, timeout,
non-JSON, wrong schema) keeps the whole extractive brief. Nothing is ever lost: the worst case is
the extractive brief, unchanged. ``python -m marsad.brief.llm_eval`` scores the checker.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from marsad.model import BRIEF_HEADINGS, BRIEF_SECTIONS, AnalyzedArticle, Brief, BriefSentence, Citation
from marsad.stories.textutil import stopwords as project_stopwords
from marsad.stories.textutil import words
from marsad.text.clitics import match_keys
from marsad.text.normalize import normalize

log = logging.getLogger(__name__)

# Chosen on eval/llm_support.jsonl (``python -m marsad.brief.llm_eval eval/llm_support.jsonl
# --sweep``; the listing of ``check_support(..., min_coverage=0)`` per item gives the gap): the
# unrelated claims of the set reach at most 0.27 coverage, the honest paraphrases at least 0.40, and
# F1 is flat at its best from 0.30 to 0.40; 0.35 is the middle of that gap. A small set written by the
# same hand as the checker: the run rule (MAX_UNCOVERED_RUN) catches most invented clauses, this
# threshold is the safety net for claims made of scattered new words.
MIN_COVERAGE = 0.35
# A paraphrase swaps single words for synonyms here and there; this many new content words in a row
# (function words between them do not break the run) are a clause the sources do not have («… وسط
# احتجاجات غاضبة من الأهالي»). 3 on eval/llm_support.jsonl: 2 drops honest paraphrases.
MAX_UNCOVERED_RUN = 3
MAX_PER_SECTION = 4  # the model may not make a section longer than this
MAX_RESPONSE_BYTES = 1_000_000  # a completion larger than this is not a brief
MAX_SOURCE_CHARS = 600  # a source sentence longer than this is cut in the prompt
# Inflectional suffixes a paraphrase changes (longest first): pronouns, plurals, duals, verb endings.
_SUFFIXES = ("هما", "كما", "هم", "ها", "ات", "ون", "ين", "ان", "يه", "يا", "تم", "نا", "وا", "ه", "ي", "ت", "ا")  # fmt: skip
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")
_LATIN = re.compile(r"[a-z]")
_PERCENT = (normalize("المئة"), normalize("المائة"))
_SOURCE_ID = re.compile(r"^\[?\s*s?\s*([0-9]+)\s*\]?$", re.IGNORECASE)
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)


# ----------------------------------------------------------------------------------------------------
# configuration and the HTTP client


class LLMError(Exception):
    """The endpoint could not give a usable answer (the message never contains the API key)."""


@dataclass(frozen=True, slots=True)
class LLMConfig:
    """Where the OpenAI-compatible endpoint is and how to call it.

    ``base_url`` is the API root, e.g. ``http://127.0.0.1:8080/v1`` (``/chat/completions`` is
    appended). Loopback and private addresses are allowed on purpose, unlike ``marsad ingest``'s
    fetcher: this URL is set by the user who runs Marsad, not taken from a feed or a page, and a
    local llama.cpp or vLLM server is the common way to use a model on news one may not send out.
    ``api_key`` is sent as ``Authorization: Bearer``; it is left out of ``repr`` and of every
    message and log line.
    """

    base_url: str
    model: str
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 60.0
    max_tokens: int = 1200
    temperature: float = 0.0

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"the LLM URL must be an http(s) URL, got {_redact_url(self.base_url)!r}")
        if parts.username or parts.password:  # it would travel into httpx's request log lines
            raise ValueError("the LLM URL must not carry credentials: set MARSAD_LLM_API_KEY instead")
        if not self.model.strip():
            raise ValueError("the LLM model name is empty (set MARSAD_LLM_MODEL)")
        if self.timeout <= 0:
            raise ValueError("the LLM timeout must be positive")

    @property
    def endpoint(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LLMConfig | None:
        """The configuration from ``MARSAD_LLM_URL``, ``MARSAD_LLM_MODEL``, ``MARSAD_LLM_API_KEY``
        and ``MARSAD_LLM_TIMEOUT`` (seconds); None when ``MARSAD_LLM_URL`` is unset or empty (the
        default: no LLM). Raises ValueError on a set but unusable configuration."""
        env = os.environ if environ is None else environ
        url = (env.get("MARSAD_LLM_URL") or "").strip()
        if not url:
            return None
        model = (env.get("MARSAD_LLM_MODEL") or "").strip()
        if not model:
            raise ValueError("MARSAD_LLM_URL is set but MARSAD_LLM_MODEL is not")
        timeout_text = (env.get("MARSAD_LLM_TIMEOUT") or "").strip()
        try:
            timeout = float(timeout_text) if timeout_text else 60.0
        except ValueError:
            raise ValueError(
                f"MARSAD_LLM_TIMEOUT must be a number of seconds, got {timeout_text!r}"
            ) from None
        key = (env.get("MARSAD_LLM_API_KEY") or "").strip() or None
        return cls(base_url=url, model=model, api_key=key, timeout=timeout)


def _redact_url(url: str) -> str:
    """``url`` without credentials, query or fragment (what may appear in messages)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path, "", ""))
    except ValueError:
        return "<invalid URL>"


def chat(config: LLMConfig, messages: list[dict[str, str]], *, client: httpx.Client | None = None) -> str:
    """POST ``messages`` to ``{base_url}/chat/completions``; the first choice's content.

    Bounded: ``config.timeout`` for connecting and for each read, a response of at most
    ``MAX_RESPONSE_BYTES``, no redirects. Raises ``LLMError`` (without the key) on any failure.
    """
    payload = {
        "model": config.model,
        "messages": messages,
        "temperature": config.temperature,
        "max_tokens": config.max_tokens,
        "stream": False,
    }
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    where = _redact_url(config.endpoint)
    own = client is None
    http = client or httpx.Client(timeout=httpx.Timeout(config.timeout), follow_redirects=False)
    try:
        with http.stream("POST", config.endpoint, json=payload, headers=headers) as resp:
            if resp.status_code != 200:
                raise LLMError(f"{where} answered HTTP {resp.status_code}")
            body = bytearray()
            for chunk in resp.iter_bytes():
                body += chunk
                if len(body) > MAX_RESPONSE_BYTES:
                    raise LLMError(f"{where} answered more than {MAX_RESPONSE_BYTES} bytes")
    except httpx.TimeoutException:
        raise LLMError(f"{where} did not answer within {config.timeout:g} s") from None
    except httpx.HTTPError as exc:
        # Only the exception's type: its text may quote the request, and the request has the key.
        raise LLMError(f"cannot reach {where}: {type(exc).__name__}") from None
    finally:
        if own:
            http.close()
    try:
        data = json.loads(body.decode("utf-8"))
        content = data["choices"][0]["message"]["content"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, IndexError, TypeError):
        raise LLMError(f"{where} did not answer an OpenAI-style chat completion") from None
    if not isinstance(content, str):
        raise LLMError(f"{where} answered a completion without text")
    return content


# ----------------------------------------------------------------------------------------------------
# the support checker


@lru_cache(maxsize=1)
def llm_stopwords() -> frozenset[str]:
    """The project's stop list plus ``data/llm_stopwords.txt`` (normalised)."""
    text = resources.files("marsad.brief").joinpath("data/llm_stopwords.txt").read_text("utf-8")
    extra = {normalize(w.strip()) for w in text.splitlines() if w.strip() and not w.startswith("#")}
    return frozenset(project_stopwords() | extra)


@lru_cache(maxsize=1)
def negation_cues() -> tuple[frozenset[str], tuple[str, ...]]:
    """(one-word cues, non-negating phrases) from ``data/llm_negation_cues.txt``, normalised."""
    text = resources.files("marsad.brief").joinpath("data/llm_negation_cues.txt").read_text("utf-8")
    cues: set[str] = set()
    exceptions: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("!"):
            exceptions.append(normalize(line[1:]))
        else:
            cues.add(normalize(line))
    return frozenset(cues), tuple(sorted(exceptions, key=len, reverse=True))


@lru_cache(maxsize=1)
def _number_words() -> dict[str, Decimal]:
    """Number words (``marsad/understand/data/time_numbers.tsv``) worth checking: values above 2
    (واحد/أحد/اثنين are also "someone" and "Monday"), not the teen tail عشر."""
    text = resources.files("marsad.understand").joinpath("data/time_numbers.tsv").read_text("utf-8")
    out: dict[str, Decimal] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        surface, value, kind = (line.split("\t") + ["", ""])[:3]
        if kind.strip() == "teen" or not value.strip():
            continue
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            continue
        if number > 2:
            out[normalize(surface.strip())] = number
    return out


def _canonical_number(token: str) -> str:
    if _THOUSANDS.match(token):
        token = token.replace(",", "")
    token = token.replace(",", ".")
    try:
        value = Decimal(token)
    except InvalidOperation:
        return token
    text = format(value.normalize(), "f")
    return text


def numbers(text: str) -> set[str]:
    """Numbers in ``text`` as canonical strings: digits of any script (``normalize`` folds ٠-٩ and
    ۰-۹), thousands separators dropped, decimal comma read as a point, and number words above two
    (ثلاثة → 3, الخامس → 5, مئة → 100; not المئة of «في المئة», which is "percent")."""
    norm = normalize(text)
    found = {_canonical_number(m.group()) for m in _NUMBER.finditer(norm)}
    table = _number_words()
    for w in words(norm):
        if w.endswith(_PERCENT):  # في المئة / بالمئة: "percent", not a hundred
            continue
        for key in match_keys(w):
            if key in table:
                found.add(format(table[key].normalize(), "f"))
                break
    return found


@lru_cache(maxsize=1)
def _time_names() -> dict[str, str]:
    """Weekday and month names (``marsad/understand/data/time_weekdays.tsv``, ``time_months.tsv``)
    → a key that is equal for two spellings of the same day or month (يناير / كانون الثاني)."""
    out: dict[str, str] = {}
    data = resources.files("marsad.understand").joinpath("data")
    for name, prefix in (("time_weekdays.tsv", "weekday"), ("time_months.tsv", "month")):
        for line in data.joinpath(name).read_text("utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2:
                continue
            calendar = cols[2].strip() if prefix == "month" and len(cols) > 2 else ""
            out.setdefault(normalize(cols[0].strip()), f"{prefix}:{calendar}:{cols[1].strip()}")
    return out


def time_names(text: str) -> dict[str, str]:
    """Weekdays and months named in ``text``: key → the word as written (normalised)."""
    table = _time_names()
    found: dict[str, str] = {}
    for w in words(text):
        for key in match_keys(w):
            if key in table:
                found.setdefault(table[key], w)
                break
    return found


def _loose_keys(word: str) -> set[str]:
    """Clitic-tolerant keys of one normalised word, each also without one inflectional suffix
    (قواتها → قوات، انسحبت → انسحب), so that a paraphrase's inflection still matches its source."""
    keys: set[str] = set()
    for key in match_keys(word):
        keys.add(key)
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) - len(suffix) >= 3:
                keys.add(key[: -len(suffix)])
    return keys


def content_words(text: str) -> list[str]:
    """Normalised content words of ``text``: not stop words (with or without a leading و/ف/ب/ل),
    not numbers (checked apart), longer than one letter."""
    stop = llm_stopwords()
    out: list[str] = []
    for w in words(text):
        if len(w) < 2 or w.isdigit() or w in stop:
            continue
        if any(k in stop for k in match_keys(w)[1:]):
            continue
        out.append(w)
    return out


def has_negation(text: str) -> bool:
    """Whether ``text`` negates or denies (``data/llm_negation_cues.txt``)."""
    cues, exceptions = negation_cues()
    norm = f" {' '.join(words(text))} "
    for phrase in exceptions:
        norm = norm.replace(f" {phrase} ", " ")
    return any(w in cues or (len(w) > 2 and w[0] in "وف" and w[1:] in cues) for w in norm.split())


@lru_cache(maxsize=4096)
def _names(text: str) -> tuple[tuple[str, str], ...]:
    """(entity id, surface) of the names in ``text``: the project's gazetteer and NER tagger."""
    from marsad.text.sentences import split_sentences
    from marsad.text.tokens import tokenize
    from marsad.understand.mentions import link_mentions
    from marsad.understand.pipeline import load_resources

    res = load_resources()
    tokens = tokenize(text)
    if not tokens:
        return ()
    mentions = link_mentions(text, split_sentences(text), tokens, res.gazetteer, res.tagger, [])
    return tuple((m.entity_id or "", m.text) for m in mentions)


@dataclass(frozen=True, slots=True)
class SupportVerdict:
    """Whether a generated sentence is supported by its cited sources, and if not, why.

    ``reason``: ``"ok"``, ``"no-sources"``, ``"unknown-source"``, ``"empty"``, ``"number"``,
    ``"time"``, ``"name"``, ``"coverage"``, ``"new-clause"`` or ``"negation"``; ``detail`` names the offending number, name or cue;
    ``coverage`` is the share of content words found in the sources.
    """

    supported: bool
    reason: str
    detail: str = ""
    coverage: float = 0.0


def check_support(
    sentence: str, source_texts: Sequence[str], *, min_coverage: float = MIN_COVERAGE
) -> SupportVerdict:
    """Whether ``sentence`` says nothing its ``source_texts`` do not (see module doc)."""
    sources = [s for s in source_texts if s and s.strip()]
    if not sources:
        return SupportVerdict(False, "no-sources")
    content = content_words(sentence)
    if not content:
        return SupportVerdict(False, "empty", "no content words")
    source_numbers: set[str] = set()
    source_keys: set[str] = set()
    for s in sources:
        source_numbers |= numbers(s)
        for w in words(s):
            source_keys |= _loose_keys(w)
    missing_numbers = sorted(numbers(sentence) - source_numbers)
    covered = [w for w in content if _loose_keys(w) & source_keys]
    coverage = len(covered) / len(content)
    if missing_numbers:
        return SupportVerdict(False, "number", ", ".join(missing_numbers), coverage)
    source_times: set[str] = set()
    for s in sources:
        source_times |= set(time_names(s))
    missing_times = [w for key, w in time_names(sentence).items() if key not in source_times]
    if missing_times:
        return SupportVerdict(False, "time", " ".join(missing_times), coverage)
    source_ids = {eid for s in sources for eid, _ in _names(s) if eid}
    for entity_id, surface in _names(sentence):
        if entity_id and entity_id in source_ids:
            continue
        name_words = [w for w in words(surface) if len(w) > 1 and w not in llm_stopwords()]
        if any(not (_loose_keys(w) & source_keys) for w in name_words):
            return SupportVerdict(False, "name", surface, coverage)
    for w in content:  # Latin-script words are names, codes or titles: they must be in the sources
        if _LATIN.search(w) and not (_loose_keys(w) & source_keys):
            return SupportVerdict(False, "name", w, coverage)
    if coverage < min_coverage:
        uncovered = [w for w in content if w not in covered]
        return SupportVerdict(False, "coverage", " ".join(uncovered[:6]), coverage)
    run: list[str] = []
    for w in content:  # content words in text order: a run of new ones is a clause of its own
        run = [*run, w] if w not in covered else []
        if len(run) >= MAX_UNCOVERED_RUN:
            return SupportVerdict(False, "new-clause", " ".join(run), coverage)
    negated = has_negation(sentence)
    if negated and not any(has_negation(s) for s in sources):
        return SupportVerdict(False, "negation", "the sentence negates, its sources do not", coverage)
    if not negated:
        best = max(sources, key=lambda s: _share(content, s))
        if has_negation(best):
            return SupportVerdict(False, "negation", "its source negates, the sentence does not", coverage)
    return SupportVerdict(True, "ok", "", coverage)


def _share(content: list[str], source: str) -> float:
    keys: set[str] = set()
    for w in words(source):
        keys |= _loose_keys(w)
    return sum(1 for w in content if _loose_keys(w) & keys) / (len(content) or 1)


# ----------------------------------------------------------------------------------------------------
# the rewrite


@dataclass(slots=True)
class _Source:
    id: str
    section: str
    text: str  # shown to the model
    texts: list[str]  # checked against: the brief sentence and the sentences it cites
    citations: list[Citation]


@dataclass(frozen=True, slots=True)
class Dropped:
    """A generated sentence that was not kept, and why."""

    section: str
    text: str
    verdict: SupportVerdict


@dataclass(slots=True)
class RewriteResult:
    brief: Brief
    dropped: list[Dropped] = field(default_factory=list)
    error: str = ""  # set when the endpoint failed and the extractive brief was kept


_SYSTEM = (
    "أنت محرر أخبار. أعد صياغة موجز قصة إخبارية بالعربية الفصحى الحديثة، بإيجاز ووضوح، "
    "مستخدما فقط الجمل المرقمة المعطاة [S1] … [Sn]. لا تضف أي اسم أو رقم أو تاريخ أو مكان أو حدث "
    "أو تقدير غير موجود فيها، ولا تقلب النفي إلى إثبات أو العكس.\n"
    "You are a news editor. Rewrite the brief of a news story in concise Modern Standard Arabic, using "
    "ONLY the numbered source sentences given. Every output sentence must list the ids of the source "
    "sentences it rests on. Do not add names, numbers, dates, places, events or opinions that are not in "
    "them. Answer with one JSON object and nothing else."
)


def _prompt(title: str, sources: list[_Source]) -> str:
    lines = [f"عنوان القصة: {title}", "", "الجمل المصدر (Source sentences):"]
    for s in sources:
        text = " ".join(s.text.split())[:MAX_SOURCE_CHARS]
        lines.append(f"[{s.id}] ({BRIEF_HEADINGS.get(s.section, s.section)}) {text}")
    lines += [
        "",
        "اكتب الأقسام الثلاثة: ماذا حدث؟ (what_happened) ثم لماذا هذا مهم؟ (why_it_matters) ثم ماذا بعد؟ "
        f"(whats_next)، من جملة إلى {MAX_PER_SECTION} جمل لكل قسم، وقسما فارغا إن لم تقل المصادر شيئا عنه.",
        "Answer exactly in this JSON form (sources: the ids of the sentences each sentence rests on):",
        '{"what_happened": [{"text": "...", "sources": ["S1"]}], "why_it_matters": [{"text": "...", '
        '"sources": ["S2"]}], "whats_next": [{"text": "...", "sources": ["S3"]}]}',
    ]
    return "\n".join(lines)


def _sources(brief: Brief, analyses: Sequence[AnalyzedArticle]) -> list[_Source]:
    by_sentence: dict[tuple[str, int], str] = {}
    bodies: dict[str, str] = {}
    for a in analyses:
        bodies[a.article.id] = a.article.text
        for s in a.sentences:
            by_sentence[(a.article.id, s.index)] = s.text
    out: list[_Source] = []
    for n, bs in enumerate(brief.sentences, 1):
        texts = [bs.text]
        for c in bs.citations:
            cited = by_sentence.get((c.article_id, c.sentence_index))
            if cited is None and c.end > c.start:
                cited = bodies.get(c.article_id, "")[c.start : c.end]
            if cited and cited.strip() not in texts:
                texts.append(cited.strip())
        out.append(_Source(f"S{n}", bs.section, bs.text, texts, list(bs.citations)))
    return out


def parse_completion(content: str) -> dict[str, list[dict[str, Any]]]:
    """The sections of a completion: JSON, possibly inside ```json fences or with text around it.

    Raises ``LLMError`` when there is no JSON object, or it has none of the three sections, or a
    section is not a list. Malformed items inside a list are kept for the caller to drop."""
    candidates = [m.group(1) for m in _FENCE.finditer(content)] + [content]
    data: Any = None
    for text in candidates:
        text = text.strip()
        start, end = text.find("{"), text.rfind("}")
        if start < 0 or end <= start:
            continue
        try:
            data = json.loads(text[start : end + 1])
            break
        except json.JSONDecodeError:
            continue
    if not isinstance(data, dict):
        raise LLMError("the model did not answer a JSON object")
    sections = {k: v for k, v in data.items() if k in BRIEF_SECTIONS}
    if not sections:
        raise LLMError("the model's JSON has none of what_happened / why_it_matters / whats_next")
    for key, value in sections.items():
        if not isinstance(value, list):
            raise LLMError(f"the model's {key} is not a list")
    return sections


def _source_ids(value: Any) -> list[str] | None:
    """Source ids of one generated item as ``S<n>``; None when one is not an id at all."""
    if isinstance(value, (str, int)):
        value = [value]
    if not isinstance(value, list):
        return None
    out: list[str] = []
    for v in value:
        m = _SOURCE_ID.match(str(v).strip()) if isinstance(v, (str, int)) else None
        if m is None:
            return None
        out.append(f"S{int(m.group(1))}")
    return list(dict.fromkeys(out))


def _judge(item: Any, by_id: dict[str, _Source]) -> tuple[str, list[_Source], SupportVerdict]:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return "", [], SupportVerdict(False, "empty", "not a {text, sources} object")
    text = " ".join(item["text"].split())
    raw = item.get("sources", item.get("source"))
    if raw is None or raw == "" or raw == []:
        return text, [], SupportVerdict(False, "no-sources")
    ids = _source_ids(raw)
    if not ids:
        return text, [], SupportVerdict(False, "unknown-source", str(raw)[:40])
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        return text, [], SupportVerdict(False, "unknown-source", ", ".join(unknown))
    cited = [by_id[i] for i in ids]
    return text, cited, check_support(text, [t for s in cited for t in s.texts])


def rewrite_brief_detailed(
    brief: Brief,
    analyses: Sequence[AnalyzedArticle],
    config: LLMConfig,
    *,
    client: httpx.Client | None = None,
) -> RewriteResult:
    """``rewrite_brief`` plus the sentences it dropped and the endpoint's error, if any."""
    if not brief.sentences:
        return RewriteResult(brief)
    sources = _sources(brief, analyses)
    by_id = {s.id: s for s in sources}
    messages = [
        {"role": "system", "content": _SYSTEM},
        {"role": "user", "content": _prompt(brief.title, sources)},
    ]
    try:
        sections = parse_completion(chat(config, messages, client=client))
    except LLMError as exc:
        message = str(exc)
        if config.api_key:
            message = message.replace(config.api_key, "***")
        log.warning(
            "LLM rewrite of story %s failed (%s): keeping the extractive brief", brief.story_id, message
        )
        return RewriteResult(brief, error=message)

    out: list[BriefSentence] = []
    dropped: list[Dropped] = []
    from_model = 0
    for section in BRIEF_SECTIONS:
        kept: list[BriefSentence] = []
        seen: set[str] = set()
        for item in sections.get(section, [])[: MAX_PER_SECTION * 2]:
            text, cited, verdict = _judge(item, by_id)
            if verdict.supported and normalize(text) in seen:
                continue
            if not verdict.supported or len(kept) >= MAX_PER_SECTION:
                if not verdict.supported:
                    dropped.append(Dropped(section, text, verdict))
                    log.info(
                        "dropped a generated %s sentence (%s %s)", section, verdict.reason, verdict.detail
                    )
                continue
            seen.add(normalize(text))
            citations: dict[tuple[str, int, int, int], Citation] = {}
            for s in cited:
                for c in s.citations:
                    citations.setdefault((c.article_id, c.sentence_index, c.start, c.end), c)
            kept.append(BriefSentence(section, text, list(citations.values())))
        if kept:
            from_model += 1
            out.extend(kept)
        else:
            out.extend(brief.section(section))
    sections_present = sum(1 for s in BRIEF_SECTIONS if brief.section(s) or any(x.section == s for x in out))
    if from_model == 0:
        log.warning("LLM rewrite of story %s: no generated sentence was supported; keeping the extractive brief",
                    brief.story_id)  # fmt: skip
        return RewriteResult(brief, dropped)
    method = "llm" if from_model >= sections_present else "llm+extractive"
    rewritten = replace(
        brief,
        sentences=out,
        method=method,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return RewriteResult(rewritten, dropped)


def rewrite_brief(
    brief: Brief,
    analyses: Sequence[AnalyzedArticle],
    config: LLMConfig,
    *,
    client: httpx.Client | None = None,
) -> Brief:
    """The brief rewritten by the configured model, every kept sentence supported by the sources it
    cites; on any failure of the endpoint, ``brief`` unchanged (see module doc)."""
    return rewrite_brief_detailed(brief, analyses, config, client=client).brief
