"""Per-article analysis as one pure function: ``analyze(article, resources) -> AnalyzedArticle``.

Why pure: the same function runs in a loop, in a process pool or as a ``map`` on a distributed engine.
It does no I/O and keeps no state; everything heavy (the gazetteer, later trained models) lives in
``Resources``, loaded once per process by ``load_resources``.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from marsad.knowledge.gazetteer import Gazetteer, load_gazetteer
from marsad.knowledge.geonames import load_geonames
from marsad.model import AnalyzedArticle, Article, Sentence, TimeExpr
from marsad.text.sentences import split_sentences
from marsad.text.tokens import Token, tokenize
from marsad.understand.attributions import find_attributions
from marsad.understand.claims import build_claims
from marsad.understand.events import find_events
from marsad.understand.keywords import keywords
from marsad.understand.mentions import link_mentions, tagged_spans_batch
from marsad.understand.ner.tagger import NerTagger, TaggedSpan, default_model_path
from marsad.understand.places import link_towns
from marsad.understand.sentence_times import reference_time, resolve_sentence_times
from marsad.understand.times import find_times

# Bump when the analysis output changes, so stored analyses of older versions are redone.
ANALYZER_VERSION = "0.3.19"

# Articles analysed together by the batch paths (``analyze_batch``): enough sentences (about 600)
# for the tagger's per-position steps to be shared; more gains nothing (bench/analyze_speed.py).
ANALYSIS_BATCH = 64


@dataclass(frozen=True, slots=True)
class Resources:
    """What the analysis needs besides the article; shared read-only by all calls in a process."""

    gazetteer: Gazetteer
    tagger: NerTagger | None = None  # None: knowledge-base names only (no statistical NER)


def load_resources(ner: bool | None = None) -> Resources:
    """Load the per-process resources once (a distributed worker calls this on start).

    ``ner``: use the statistical NER tagger. By default it is on unless the environment sets
    ``MARSAD_NER=0``; ``MARSAD_NER=crf`` uses its CRF half alone, without the BiLSTM. The full
    tagger is the most accurate and the slowest stage (``bench/analyze_speed.py``): a user who needs
    more articles per second per core can trade the BiLSTM's share of the names (``crf``), or every
    name the knowledge base does not list (``0``), for speed.
    """
    setting = os.environ.get("MARSAD_NER", "1").strip().lower()
    if ner is None:
        ner = setting not in ("0", "false", "no", "off")
    return _load(ner, setting == "crf")


@lru_cache(maxsize=4)
def _load(ner: bool, crf_only: bool = False) -> Resources:
    gazetteer = load_gazetteer()
    load_geonames()  # read by every analysis (towns); loaded here so that _settle covers it
    tagger = None
    if ner:
        tagger = NerTagger.load(default_model_path()) if crf_only else NerTagger.load()
    _settle()
    return Resources(gazetteer=gazetteer, tagger=tagger)


def _settle() -> None:
    """Take everything allocated so far out of the cyclic garbage collector's view (``gc.freeze``).

    Why: the knowledge base, GeoNames' towns and the tagger's tables are some 300,000 container
    objects that live as long as the process and never become garbage, yet every full collection
    walked them all: 0.29 s per collection, about 3 % of ``bench/analyze_speed.py``'s 2,000 articles
    (measured with ``gc.callbacks``). Frozen objects are still freed by reference counting as
    usual; only a reference cycle that is already garbage at this moment would never be reclaimed,
    and loading happens once per process (``_load`` is cached), so that is bounded. Objects made
    later (analyses, word caches) are collected as before.
    """
    gc.freeze()


def analyze(article: Article, resources: Resources) -> AnalyzedArticle:
    """Derive sentences, linked entity mentions, time expressions and keywords from one article.

    Every sentence gets its resolved time (``sentence_times``): the one it states, else the
    publication date, marked as such. Non-Arabic articles get sentences only, dated by publication
    (a publication date is language-independent): running Arabic lexicons over them would produce
    noise that later stages (stories, briefs) would mistake for facts.
    """
    return analyze_batch([article], resources)[0]


def analyze_batch(articles: Sequence[Article], resources: Resources) -> list[AnalyzedArticle]:
    """``[analyze(a, resources) for a in articles]``, with the NER tagger run once over the
    sentences of all of them.

    Why: tagging is most of the analysis's cost, and its dynamic programmes and BiLSTM step once
    per token position for a whole batch of sentences, so a batch of articles shares that cost
    (``bench/analyze_speed.py --batch``). Every other stage still sees one article, and each article
    is still its own document for the tagger's consistency step: the result is the same.
    """
    with _collector_paused():
        started = [_begin(article) for article in articles]
        tagger = resources.tagger
        spans: list[list[TaggedSpan] | None] = [None] * len(articles)
        if tagger is not None:
            arabic = [k for k, s in enumerate(started) if s.tokens is not None]
            tagged = tagged_spans_batch([(started[k].tokens or [], started[k].sentences) for k in arabic], tagger)
            for k, found in zip(arabic, tagged, strict=True):
                spans[k] = found
        return [_finish(a, s, resources, found) for a, s, found in zip(articles, started, spans, strict=True)]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the duration (if it was on).

    Why: an analysis allocates hundreds of thousands of small objects (tokens, feature tuples,
    mentions), each allocation counting towards a collection, and every older-generation collection
    walks the tagger's word caches and the knowledge base, which only grow. With the collector off
    while a batch is analysed, ``bench/analyze_speed.py`` (2,000 articles, one core) ran at 112–117
    articles/s against 100–101 with it on. The analysis makes almost no reference cycles, so memory does not
    grow: what a batch leaves unreachable is freed by reference counting at once, and a cycle, if
    any, by the next collection after the batch. Process-wide, so a caller that turned the
    collector off itself keeps it off; overlapping calls from threads leave it on at the end."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def analyze_all(articles: Sequence[Article], resources: Resources) -> list[AnalyzedArticle]:
    """``analyze_batch`` over ``articles`` ``ANALYSIS_BATCH`` at a time (bounded memory for long lists)."""
    out: list[AnalyzedArticle] = []
    for at in range(0, len(articles), ANALYSIS_BATCH):
        out.extend(analyze_batch(articles[at : at + ANALYSIS_BATCH], resources))
    return out


@dataclass(slots=True)
class _Begun:
    """An article's analysis up to the NER tagger: what the tagger and the later stages read."""

    sentences: list[Sentence]
    tokens: list[Token] | None = None  # None: not Arabic, nothing more is derived
    times: list[TimeExpr] = field(default_factory=list)
    published: str | None = None  # the publication date (ISO) the times were resolved against


def _begin(article: Article) -> _Begun:
    sentences = split_sentences(article.text)
    reference = reference_time(article)
    if not article.is_arabic:
        return _Begun(resolve_sentence_times(sentences, (), reference))
    times = find_times(article.text, reference, sentences)
    return _Begun(resolve_sentence_times(sentences, times, reference), tokenize(article.text), times,
                  reference.date().isoformat() if reference else None)


def _finish(article: Article, begun: _Begun, resources: Resources, spans: list[TaggedSpan] | None) -> AnalyzedArticle:
    if begun.tokens is None:
        return AnalyzedArticle(article=article, sentences=begun.sentences, analyzer_version=ANALYZER_VERSION)
    text, sentences, tokens, times = article.text, begun.sentences, begun.tokens, begun.times
    time_spans = [(t.start, t.end) for t in times]
    mentions = link_mentions(text, sentences, tokens, resources.gazetteer, None, time_spans, spans=spans)
    mentions = link_towns(text, mentions, sentences, resources.gazetteer, tokens)
    words = keywords(text, tokens)
    attributions = find_attributions(text, sentences, tokens, mentions)
    events = find_events(text, sentences, tokens, mentions, attributions, times, begun.published)
    return AnalyzedArticle(
        article=article,
        sentences=sentences,
        mentions=mentions,
        times=times,
        events=events,
        attributions=attributions,
        claims=build_claims(sentences, events, attributions),
        keywords=words,
        analyzer_version=ANALYZER_VERSION,
    )
