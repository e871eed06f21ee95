"""All entity mentions of an article: knowledge-base names plus names the NER tagger finds, linked.

Two sources, one list:
1. ``find_mentions`` matches the knowledge base's aliases (precise, handles clitics, spelling
   variants and metonymy; see ``entities.py``).
2. The CRF tagger (``ner/``) finds names the knowledge base does not list. Each tagged span is
   linked: to a knowledge-base entity when its clitic-stripped form is an alias of one (the tagger
   found a name the alias scan skipped, e.g. a weak one-word alias in a name context), otherwise to
   a *local* entity ``local:<TYPE>:<canonical form>``. The canonical form is the normalised name with
   the proclitics of its first word removed when the bare word is the more frequent one in news
   text (وترامب → ترامب, but وليد stays وليد), so the same name in any article, with or without «و»
   or «ب», gets the same id: that is how local entities merge across articles.

Decisions:
- Knowledge base first: a tagged span overlapping a knowledge-base mention is dropped (the alias
  match has the exact entity; the tagger would only add a competing, unlinked reading).
- Within one article a one-word PER span equal to the last word of a longer PER name seen in the
  same article (ترامب after دونالد ترامب) links to that longer name's entity: news introduces a
  person in full once and then by surname.
- A one-word tagged span that is an ordinary word the knowledge base refuses as a name on its own
  (``knowledge/data/stop_aliases.txt``: المشهد، الباب، كان …) is kept only when the tagger is sure
  (marginal ≥ 0.9).
- A name the tagger is sure of in one sentence also tags its untagged repeats in the article's other
  sentences (``ner/consistency.py``: one name, one label per document).
- Confidence of a tagged mention is the tagger's mean marginal probability of the span's tags
  times 0.9 for a knowledge-base link, or times 0.7 for a local entity (nothing confirms it).
"""

from __future__ import annotations

import bisect

from marsad.knowledge.gazetteer import Gazetteer
from marsad.model import EntityType, Mention, Sentence
from marsad.text.clitics import match_keys
from marsad.text.tokens import Token
from marsad.understand.entities import _first_token_start, find_mentions
from marsad.understand.ner.consistency import propagate
from marsad.understand.ner.features import word_rank
from marsad.understand.ner.tagger import NerTagger, TaggedSpan

_ENTITY_TYPES: dict[str, EntityType] = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
KB_LINK_FACTOR = 0.9
LOCAL_FACTOR = 0.7
STOP_WORD_MIN_CONFIDENCE = 0.9  # a one-word span that is also an ordinary word needs this marginal
MAX_TAG_TOKENS = 400  # a "sentence" longer than this (a list, a table) is tagged in windows


def canonical_word(norm: str) -> str:
    """The first word of a local name without its proclitics, when the bare form is more frequent."""
    best = norm
    best_rank = word_rank(norm)
    article_at = norm.find("ال")
    for key in match_keys(norm)[1:]:
        if not norm.endswith(key) or len(key) < 3:
            continue  # only literal prefix strips (وترامب → ترامب), not restored-article forms
        if 0 <= article_at <= 2 and not key.startswith("ال"):
            continue  # the article belongs to the name (الرضا stays الرضا; والرضا → الرضا)
        rank = word_rank(key)
        if rank < best_rank:
            best, best_rank = key, rank
    return best


def local_id(etype: str, words: list[str]) -> str:
    """The id of a local entity: type plus canonical normalised name."""
    name = " ".join([canonical_word(words[0]), *words[1:]]) if words else ""
    return f"local:{etype}:{name}"


def _is_stop_alias(norm: str, gaz: Gazetteer) -> bool:
    """True for ordinary words the knowledge base refuses as one-word names (``stop_aliases.txt``)."""
    return any(k in gaz.stop_aliases for k in match_keys(norm))


def _kb_link(words: list[str], gaz: Gazetteer) -> list[str]:
    """Knowledge-base ids whose alias equals the span, its first word clitic-stripped if needed."""
    if not words:
        return []
    for key in match_keys(words[0]):
        ids = gaz.lookup((key, *words[1:]))
        if ids:
            return ids
    return []


def _sentence_token_ranges(tokens: list[Token], sentences: list[Sentence]) -> list[tuple[int, int]]:
    """Token index ranges per sentence (windows of ``MAX_TAG_TOKENS`` for very long ones)."""
    starts = [t.start for t in tokens]
    ranges: list[tuple[int, int]] = []
    bounds = [(s.start, s.end) for s in sentences] or [(0, tokens[-1].end if tokens else 0)]
    for s_start, s_end in bounds:
        lo = bisect.bisect_left(starts, s_start)
        hi = bisect.bisect_left(starts, s_end)
        for w in range(lo, hi, MAX_TAG_TOKENS):
            ranges.append((w, min(hi, w + MAX_TAG_TOKENS)))
    return ranges


def tagged_spans(tokens: list[Token], sentences: list[Sentence], tagger: NerTagger) -> list[TaggedSpan]:
    """Tagger spans over the article's tokens, as token index ranges of the whole article."""
    return tagged_spans_batch([(tokens, sentences)], tagger)[0]


def tagged_spans_batch(articles: list[tuple[list[Token], list[Sentence]]], tagger: NerTagger) -> list[list[TaggedSpan]]:
    """``tagged_spans`` of several articles (their tokens and sentences), tagged in one batch.

    Why batch across articles: the tagger's dynamic programmes and its BiLSTM step once per token
    position for the whole batch, so their per-step cost is shared by every sentence in it; an
    article alone has too few sentences to fill a batch. Each article stays its own document for
    the consistency step, so the spans are those of tagging each article alone."""
    ranges = [[(lo, hi) for lo, hi in _sentence_token_ranges(tokens, sentences) if hi > lo]
              for tokens, sentences in articles]
    texts = [[[t.text for t in tokens[lo:hi]] for lo, hi in rs] for (tokens, _), rs in zip(articles, ranges, strict=True)]
    tagged = tagger.spans_batch([sentence for article in texts for sentence in article])
    out: list[list[TaggedSpan]] = []
    at = 0
    for (tokens, _), rs, sentences_text in zip(articles, ranges, texts, strict=True):
        norms = [[t.norm or t.text for t in tokens[lo:hi]] for lo, hi in rs]  # consistency._norm of each
        found = propagate(sentences_text, tagged[at : at + len(rs)], norms=norms)  # the article is the document
        at += len(rs)
        out.append([
            TaggedSpan(span.first + lo, span.last + lo, span.type, span.confidence)
            for (lo, _hi), spans in zip(rs, found, strict=True)
            for span in spans
        ])
    return out


def link_mentions(
    text: str,
    sentences: list[Sentence],
    tokens: list[Token],
    gazetteer: Gazetteer,
    tagger: NerTagger | None,
    time_spans: list[tuple[int, int]] | None = None,
    spans: list[TaggedSpan] | None = None,
) -> list[Mention]:
    """Knowledge-base mentions plus linked tagger mentions, in text order (see module doc).

    ``time_spans`` are the article's time expressions: a tagged span inside one is a month or a
    day name (نيسان، تموز), not a name, and is dropped. ``spans``: the article's ``tagged_spans``
    when the caller has tagged it already (in a batch); else ``tagger`` tags it here."""
    mentions = find_mentions(text, sentences, gazetteer, tokens)
    if spans is None and tagger is not None and tokens:
        spans = tagged_spans(tokens, sentences, tagger)
    if not spans:
        return mentions
    covered = sorted((m.start, m.end) for m in mentions)
    cover_starts = [c[0] for c in covered]
    sentence_starts = [s.start for s in sentences]
    surname_ids: dict[str, str] = {}
    extra: list[Mention] = []
    for span in spans:
        first, last = tokens[span.first], tokens[span.last]
        start, end = first.start, last.end
        k = bisect.bisect_right(cover_starts, end) - 1
        if k >= 0 and any(cs < end and ce > start for cs, ce in covered[max(0, k - 3) : k + 1]):
            continue
        if time_spans and any(ts <= start and end <= te for ts, te in time_spans):
            continue
        words = [t.norm for t in tokens[span.first : span.last + 1] if t.norm]
        if not words:
            continue
        if len(words) == 1 and span.confidence < STOP_WORD_MIN_CONFIDENCE and _is_stop_alias(words[0], gazetteer):
            continue  # «مشهد جديد»: an ordinary word the tagger is unsure about is not a name
        bare = canonical_word(words[0])
        if bare != words[0]:
            start = _first_token_start(first, bare)  # the span shows the name, not «و» or «ب»
        ids = _kb_link(words, gazetteer)
        entity = gazetteer.get(ids[0]) if ids else None
        if entity is not None:
            entity_id, etype, confidence = entity.id, entity.type, span.confidence * KB_LINK_FACTOR
        else:
            etype = _ENTITY_TYPES.get(span.type, "MISC")
            confidence = span.confidence * LOCAL_FACTOR
            entity_id = local_id(etype, words)
            if etype == "PER":
                canon = entity_id.rsplit(":", 1)[1]
                if len(words) == 1 and canon in surname_ids:
                    entity_id = surname_ids[canon]
                elif len(words) > 1:
                    surname_ids.setdefault(words[-1], entity_id)
        extra.append(
            Mention(
                start=start,
                end=end,
                text=text[start:end],
                type=etype,
                entity_id=entity_id,
                confidence=round(confidence, 3),
                normalized=" ".join(words),
                sentence_index=max(bisect.bisect_right(sentence_starts, start) - 1, -1) if sentences else -1,
            )
        )
    return sorted(mentions + extra, key=lambda m: (m.start, m.end))
