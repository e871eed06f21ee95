"""One name, one label per document: tagged spans spread to the untagged repeats of the same words.

Why: the tagger decides each sentence alone, so a name it finds once («التقى الوزير بالرئيس
سعيد الكعبي») is often missed where its context is poorer («وأضاف الكعبي …»). News articles
repeat their names, and recall is the tagger's weak side (cross-validated precision 87, recall
75). A span tagged with high confidence anywhere in the document marks the same word sequence
elsewhere in it (clitics seen through: بغداد / وبغداد / لبغداد), unless a token there is already
inside another span; a person's full name also marks the last word of the name standing alone.
Spans are never removed; an unsure span (below the confidence) whose words are confidently given
another type elsewhere in the document takes that type. Precision can lose where the same
words really are a name once and not another time in one article.
"""

from __future__ import annotations

from collections import Counter

from marsad.text.clitics import match_keys
from marsad.text.tokens import normalize_word
from marsad.understand.ner.features import name_lexicon, word_rank
from marsad.understand.ner.tagger import NerTagger, TaggedSpan, iob_tags

MIN_CONFIDENCE = 0.9  # a span must be at least this sure to spread
MAX_WORDS = 4  # longer spans are rarely repeated word for word
MIN_CHARS = 3  # one- and two-letter words are too ambiguous to spread
# One word among the most frequent words of news (``features.word_rank``) is too often an ordinary
# word (يلي "follows", السورية "Syrian") for one tagging of it to mark all its repeats, unless the
# auxiliary NER corpora mostly tag it as a name (``features.name_lexicon``: مصر، بغداد، علاء).
MIN_RANK = 5000
# A person tagged by a full name is named again by its last word alone (سعيد الكعبي … الكعبي);
# measured with and without in the model card.
SURNAMES = True
# An unsure span whose words are confidently tagged with another type elsewhere takes that type.
RETYPE = True
# ``marsad ner --conll``: a CoNLL file has no document boundaries, so runs of this many
# consecutive sentences stand for documents (ANERcorp: about 4,750 sentences in 316 articles, 15 each).
CONLL_CONTEXT = 20


def _norm(token: str) -> str:
    return normalize_word(token) or token


def propagate(sentences: list[list[str]], spans: list[list[TaggedSpan]],
              min_confidence: float = MIN_CONFIDENCE, norms: list[list[str]] | None = None) -> list[list[TaggedSpan]]:
    """``spans`` of each sentence of one document, plus spans for the untagged repeats of names
    tagged with ``min_confidence`` somewhere in it (in sentence order, sorted). ``norms``: each
    token's normalised form (``_norm``), where the caller has them already."""
    votes: dict[tuple[str, ...], Counter[str]] = {}
    confidence: dict[tuple[str, ...], float] = {}
    for tokens, found in zip(sentences, spans, strict=True):
        for s in found:
            n = s.last - s.first + 1
            if s.confidence < min_confidence or n > MAX_WORDS:
                continue
            words = tuple(_norm(t) for t in tokens[s.first : s.last + 1])
            if n == 1 and (len(words[0]) < MIN_CHARS or (
                    word_rank(words[0]) < MIN_RANK and not name_lexicon().get(words[0], "O").startswith("B-"))):
                continue
            votes.setdefault(words, Counter())[s.type] += 1
            confidence[words] = max(confidence.get(words, 0.0), s.confidence)
            if SURNAMES and s.type == "PER" and n >= 2 and len(words[-1]) >= MIN_CHARS and (
                    word_rank(words[-1]) >= MIN_RANK):
                # سعيد الكعبي … وأضاف الكعبي: a person is named again by the last word of the name
                votes.setdefault(words[-1:], Counter())["PER"] += 1
                confidence[words[-1:]] = max(confidence.get(words[-1:], 0.0), s.confidence)
    if not votes:
        return spans
    lengths = sorted({len(k) for k in votes}, reverse=True)
    firsts = {k[0] for k in votes}
    out: list[list[TaggedSpan]] = []
    for n_sentence, (tokens, found) in enumerate(zip(sentences, spans, strict=True)):
        if RETYPE:
            found = [_retyped(tokens, s, votes, min_confidence) for s in found]
        taken = {i for s in found for i in range(s.first, s.last + 1)}
        added: list[TaggedSpan] = []
        forms = norms[n_sentence] if norms is not None else [_norm(t) for t in tokens]
        i = 0
        while i < len(tokens):
            hit = None
            # the first word may carry proclitics (وبغداد), the others are matched as written
            keys = match_keys(forms[i])
            starts = [] if i in taken or firsts.isdisjoint(keys) else [f for f in keys if f in firsts]
            for n in lengths if starts else ():
                if i + n > len(tokens) or any(k in taken for k in range(i, i + n)):
                    continue
                rest = tuple(forms[i + 1 : i + n])
                key = next((k for k in [(first, *rest) for first in starts] if k in votes), None)
                if key is not None:
                    hit = (n, key)
                    break
            if hit is None:
                i += 1
                continue
            n, key = hit
            typ = votes[key].most_common(1)[0][0]
            added.append(TaggedSpan(i, i + n - 1, typ, confidence[key]))
            taken.update(range(i, i + n))
            i += n
        out.append(sorted([*found, *added]) if added else found)
    return out


def _retyped(tokens: list[str], s: TaggedSpan, votes: dict[tuple[str, ...], Counter[str]],
              min_confidence: float) -> TaggedSpan:
    """An unsure span takes the type its words are confidently given elsewhere in the document."""
    if s.confidence >= min_confidence:
        return s
    key = tuple(_norm(t) for t in tokens[s.first : s.last + 1])
    if key not in votes:
        return s
    typ = votes[key].most_common(1)[0][0]
    return s if typ == s.type else TaggedSpan(s.first, s.last, typ, s.confidence)


def tag_sentences(tagger: NerTagger, sentences: list[list[str]], context: int = 0) -> list[list[str]]:
    """IOB2 tags of ``sentences`` as ``marsad ner --conll --context`` gives them: with ``context``
    > 0, runs of that many consecutive sentences are documents for ``consistency.propagate``."""
    if context <= 0:
        return tagger.tag_batch(sentences)
    out: list[list[str]] = []
    for a in range(0, len(sentences), context):
        window = sentences[a : a + context]
        found = propagate(window, tagger.spans_batch(window))
        out.extend(iob_tags(len(toks), spans) for toks, spans in zip(window, found, strict=True))
    return out
