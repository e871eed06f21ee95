"""Per-article analysis as one pure function: ``analyze(article, resources) -> AnalyzedArticle``.

Why pure: the same function runs in a loop, in a process pool or as a ``map`` on a distributed engine.
It does no I/O and keeps no state; everything heavy (the gazetteer, later trained models) lives in
``Resources``, loaded once per process by ``load_resources``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from marsad.knowledge.gazetteer import Gazetteer, load_gazetteer
from marsad.model import AnalyzedArticle, Article
from marsad.text.sentences import split_sentences
from marsad.text.tokens import tokenize
from marsad.understand.attributions import find_attributions
from marsad.understand.claims import build_claims
from marsad.understand.events import find_events
from marsad.understand.keywords import keywords
from marsad.understand.mentions import link_mentions
from marsad.understand.ner.tagger import NerTagger, default_model_path
from marsad.understand.places import link_towns
from marsad.understand.sentence_times import reference_time, resolve_sentence_times
from marsad.understand.times import find_times

# Bump when the analysis output changes, so stored analyses of older versions are redone.
ANALYZER_VERSION = "0.3.5"


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
    if not ner:
        return Resources(gazetteer=load_gazetteer())
    tagger = NerTagger.load(default_model_path()) if crf_only else NerTagger.load()
    return Resources(gazetteer=load_gazetteer(), tagger=tagger)


def analyze(article: Article, resources: Resources) -> AnalyzedArticle:
    """Derive sentences, linked entity mentions, time expressions and keywords from one article.

    Every sentence gets its resolved time (``sentence_times``): the one it states, else the
    publication date, marked as such. Non-Arabic articles get sentences only, dated by publication
    (a publication date is language-independent): running Arabic lexicons over them would produce
    noise that later stages (stories, briefs) would mistake for facts.
    """
    sentences = split_sentences(article.text)
    reference = reference_time(article)
    if not article.is_arabic:
        return AnalyzedArticle(
            article=article,
            sentences=resolve_sentence_times(sentences, (), reference),
            analyzer_version=ANALYZER_VERSION,
        )
    tokens = tokenize(article.text)
    times = find_times(article.text, reference, sentences)
    sentences = resolve_sentence_times(sentences, times, reference)
    time_spans = [(t.start, t.end) for t in times]
    mentions = link_mentions(article.text, sentences, tokens, resources.gazetteer, resources.tagger, time_spans)
    mentions = link_towns(article.text, mentions, sentences, resources.gazetteer, tokens)
    words = keywords(article.text, tokens)
    attributions = find_attributions(article.text, sentences, tokens, mentions)
    events = find_events(article.text, sentences, tokens, mentions, attributions, times)
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
