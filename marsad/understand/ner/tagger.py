"""The CRF named-entity tagger: ``NerTagger.load().tag(tokens)`` and the CoNLL batch interface."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import IO, NamedTuple

import numpy as np

from marsad.understand.ner.crf import CrfWeights, marginals_batch, viterbi_batch
from marsad.understand.ner.features import (
    NEIGHBOUR_OFFSETS,
    context_features,
    gazetteer_tags,
    normalised_words,
    tagging_tokens,
    word_features,
)
from marsad.understand.ner.neural import NeuralScorer

DEFAULT_MODEL = "data/ner_crf.npz"
DEFAULT_NEURAL = "data/ner_bilstm.npz"
# How much the BiLSTM's label scores count beside the CRF's (both are log-potentials of a linear
# chain, so the sum is a product of the two models). Chosen on the cross-validation folds of the
# ANERcorp training part (model card): 0.5 was best on every fold tried.
NEURAL_WEIGHT = 0.5
WORD_OFFSETS = (0, *NEIGHBOUR_OFFSETS)  # a word's own features, then what it gives its neighbours
# Surface words whose scores the tagger keeps (about 0.5 KB each with their five score rows). The
# ANT stream has 139k distinct tokens in its first 8,000 articles, 221k in all 28k; a smaller cache
# kept emptying and recomputing words (~80 µs each, then most of the cost of tagging).
TAGGER_WORD_CACHE = 200_000


def default_model_path() -> str:
    return str(resources.files("marsad.understand.ner").joinpath(DEFAULT_MODEL))


def default_neural_path() -> str | None:
    """The shipped BiLSTM's weights, or None where a build left them out."""
    path = resources.files("marsad.understand.ner").joinpath(DEFAULT_NEURAL)
    return str(path) if path.is_file() else None


class TaggedSpan(NamedTuple):
    """A tagged name: token indexes ``first..last`` (inclusive), type, mean marginal probability."""

    first: int
    last: int
    type: str
    confidence: float


def iob_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first, last, type) of each IOB2 span; a stray I-X starts a new span."""
    out: list[tuple[int, int, str]] = []
    for i, tag in enumerate(tags):
        if tag == "O" or "-" not in tag:
            continue
        prefix, typ = tag.split("-", 1)
        if prefix == "I" and out and out[-1][1] == i - 1 and out[-1][2] == typ:
            out[-1] = (out[-1][0], i, typ)
        else:
            out.append((i, i, typ))
    return out


def iob_tags(n: int, spans: list[TaggedSpan]) -> list[str]:
    """IOB2 tags of ``n`` tokens from their spans (the inverse of ``iob_spans``)."""
    tags = ["O"] * n
    for s in spans:
        tags[s.first] = "B-" + s.type
        for k in range(s.first + 1, s.last + 1):
            tags[k] = "I-" + s.type
    return tags


def _by_own_feature(index: dict[str, int]) -> dict[str, list[int]]:
    """Own feature ``f`` → the model rows of ``f`` and of ``{off:+d}f`` for each neighbour offset,
    each coded ``row * 8 + k`` (``k``: the offset's place in ``WORD_OFFSETS``). Context features
    («-1gz=…», «+1EOS», «-1|0=…») land under keys no word has as its own feature, unused."""
    column = {f"{off:+d}": k for k, off in enumerate(WORD_OFFSETS) if off}
    place = column.get
    out: dict[str, list[int]] = {}
    for key, row in index.items():
        k = place(key[:2], 0)
        feature = key[2:] if k else key
        rows = out.get(feature)
        if rows is None:
            out[feature] = [row * 8 + k]
        else:
            rows.append(row * 8 + k)
    return out


@lru_cache(maxsize=4)
def _cached(path: str, neural: str | None) -> NerTagger:
    return NerTagger(path, neural)


class NerTagger:
    """Arabic NER over pre-tokenised sentences; tags PER ORG LOC MISC in IOB2.

    Loads exported weights (``.npz``, see ``crf``) or a CRFsuite model file as written by
    ``marsad train ner``. A token's label scores are the sum of what each word around it
    contributes (cached per (word, offset): news vocabulary is Zipfian, so nearly every lookup
    hits) and the few features that depend on the sentence.
    """

    def __init__(self, path: str | None = None, neural: str | None = None):
        """``path``: the CRF's weights (default: the shipped ones). ``neural``: a BiLSTM exported
        by ``neural_train`` whose label scores are added to the CRF's (``NEURAL_WEIGHT``); None
        tags with the CRF alone."""
        self.path = path or default_model_path()
        self.weights = CrfWeights.load(self.path)
        self.neural: NeuralScorer | None = None
        self.trans = self.weights.trans
        self._confidence_scale = 1.0
        self._neural_order: list[int] = []
        if neural:
            self.neural = NeuralScorer(neural)
            self._neural_order = [self.neural.labels.index(lab) for lab in self.weights.labels]
            order = np.ix_(self._neural_order, self._neural_order)
            self.trans = self.weights.trans + NEURAL_WEIGHT * self.neural.trans[order]
            self._confidence_scale = 1.0 / (1.0 + NEURAL_WEIGHT)
        # word → (its normalised form, the rows of ``_table`` holding the summed weights of its
        # features, one row per offset of ``WORD_OFFSETS``); row 0 is zeros (beyond the edge).
        self._rows: dict[str, tuple[str, tuple[int, ...]]] = {}
        self._table = np.zeros((4096, len(self.weights.labels)))
        self._used = 1
        self._by_own_feature = _by_own_feature(self.weights.index)

    @classmethod
    def load(cls, path: str | None = None, neural: str | None = None) -> NerTagger:
        """The tagger for ``path`` (default: the shipped CRF with the shipped BiLSTM), loaded once
        per process."""
        if path is None:
            return _cached(default_model_path(), neural or default_neural_path())
        return _cached(path, neural)

    @property
    def labels(self) -> tuple[str, ...]:
        return self.weights.labels

    def _add_words(self, tokens: list[str]) -> None:
        """Cache the score rows of words not seen before, all of a batch's at once.

        A word's row for offset ``off`` sums the weights of ``word_features(word, off)``. Every
        such feature is the word's own feature ``f`` written ``f`` (offset 0) or ``{off:+d}f``, so
        the word's own features (cached per word) reach all five rows through ``_by_own_feature``
        with no feature string built per offset; the sums are one ``np.add.at`` for the batch."""
        width = len(WORD_OFFSETS)
        while self._used + width * len(tokens) > self._table.shape[0]:
            self._table = np.vstack([self._table, np.zeros_like(self._table)])
        get = self._by_own_feature.get
        codes: list[int] = []
        counts: list[int] = []
        for token in tokens:
            before = len(codes)
            for feature in word_features(token, 0):
                found = get(feature)
                if found is not None:
                    codes.extend(found)
            counts.append(len(codes) - before)
        block = self._table[self._used : self._used + width * len(tokens)]
        block[:] = 0.0
        if codes:
            code = np.array(codes, dtype=np.intp)
            word = np.repeat(np.arange(len(tokens), dtype=np.intp), counts)
            np.add.at(block, word * width + (code & 7), self.weights.state[code >> 3])
        for n, (token, norm) in enumerate(zip(tokens, normalised_words(tokens), strict=True)):
            first = self._used + width * n
            self._rows[token] = (norm, tuple(range(first, first + width)))
        self._used += width * len(tokens)

    def _sentence_extras(self, words: list[str], gaz: list[str], at: int, ids: list[int], where: list[int]) -> None:
        """The sentence's ``context_features`` that are in the model, as (state row, token) pairs;
        ``at`` is the sentence's first token in the batch."""
        get = self.weights.index.get
        for i, features in enumerate(context_features(gaz, words)):
            for feature in features:
                j = get(feature)
                if j is not None:
                    ids.append(j)
                    where.append(at + i)

    def emissions_batch(self, sentences: list[list[str]]) -> list[np.ndarray]:
        """Label scores per token (tokens × labels, before transitions) of each sentence.

        Token ``i`` gets the rows of the words at ``i + off`` for each offset (a word-sized
        gather, no per-token Python work once the words are cached) plus the sentence's extras.
        Equal to summing the model's weights over ``features.token_features`` (tested)."""
        if len(self._rows) >= TAGGER_WORD_CACHE:
            # bounded, so a long-running worker stays flat; emptied between batches only, as the
            # rows gathered for a batch must stay valid until it is scored
            self._rows.clear()
            self._used = 1
        width = len(WORD_OFFSETS)
        blocks: list[np.ndarray] = []
        ids: list[int] = []
        where: list[int] = []
        bounds = [0]
        gazetteer: list[list[str]] = []  # the sentences' knowledge-base tags, for the BiLSTM too
        texts = [tagging_tokens(tokens) for tokens in sentences]
        new = list(dict.fromkeys(t for toks in texts for t in toks if t not in self._rows))
        if new:
            self._add_words(new)
        for toks in texts:
            n = len(toks)
            entries = [self._rows[t] for t in toks]
            words = [w for w, _ in entries]
            gaz = gazetteer_tags(words)
            gazetteer.append(gaz)
            padded = np.zeros((n + 4, width), dtype=np.intp)
            if n:
                padded[2 : n + 2] = [rows for _, rows in entries]
            # column k of a token: the row of the word at offset WORD_OFFSETS[k] from it
            blocks.append(np.stack([padded[2 + off : 2 + off + n, k] for k, off in enumerate(WORD_OFFSETS)], axis=1))
            self._sentence_extras(words, gaz, bounds[-1], ids, where)
            bounds.append(bounds[-1] + n)
        if not bounds[-1]:
            return [np.zeros((0, len(self.weights.labels))) for _ in sentences]
        scores = self._table[np.concatenate(blocks)].sum(axis=1)
        if ids:
            np.add.at(scores, np.array(where, dtype=np.intp), self.weights.state[np.array(ids, dtype=np.intp)])
        crf = [scores[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
        if self.neural is None:
            return crf
        neural = self.neural.emissions_batch(sentences, gazetteer)
        return [c + NEURAL_WEIGHT * n[:, self._neural_order] for c, n in zip(crf, neural, strict=True)]

    def tag_batch(self, sentences: list[list[str]]) -> list[list[str]]:
        """One IOB2 tag per token of each sentence."""
        labels = self.weights.labels
        paths = viterbi_batch(self.emissions_batch(sentences), self.trans)
        return [[labels[j] for j in path] for path in paths]

    def tag(self, tokens: list[str]) -> list[str]:
        """One IOB2 tag per token (``[]`` for ``[]``)."""
        return self.tag_batch([tokens])[0]

    def spans_batch(self, sentences: list[list[str]]) -> list[list[TaggedSpan]]:
        """Tagged names of each sentence with their confidence (mean marginal of the span's
        tags). Sentences are scored together: the dynamic programmes then step once per token
        position for the whole batch, which is what makes tagging an article cheap."""
        emits = self.emissions_batch(sentences)
        trans, labels = self.trans, self.weights.labels
        paths = viterbi_batch(emits, trans)
        found = [iob_spans([labels[j] for j in path]) for path in paths]
        with_names = [k for k, f in enumerate(found) if f]
        out: list[list[TaggedSpan]] = [[] for _ in sentences]
        if not with_names:
            return out
        # confidences from the geometric mean of the two models (scores scaled by 1 / total weight):
        # the sum is as sure as both together, sharper than either, and the thresholds that read
        # these confidences (consistency, ordinary words) were set on one model's probabilities
        scale = self._confidence_scale
        probs = marginals_batch([emits[k] * scale for k in with_names], trans * scale)
        for k, p in zip(with_names, probs, strict=True):
            path = paths[k]
            for first, last, typ in found[k]:
                conf = float(np.mean([p[i, path[i]] for i in range(first, last + 1)]))
                out[k].append(TaggedSpan(first, last, typ, conf))
        return out

    def spans(self, tokens: list[str]) -> list[TaggedSpan]:
        """Tagged names of one sentence with their confidence (see ``spans_batch``)."""
        return self.spans_batch([tokens])[0]

    def tag_conll(self, in_handle: IO[str], out_handle: IO[str], batch: int = 256, context: int = 0) -> int:
        """Batch interface: one token per line (first column; TAB or space separated), blank line
        between sentences. Writes ``token<TAB>TAG`` per token line, blank lines kept. Returns the
        number of tokens tagged. Sentences are tagged ``batch`` at a time (see ``spans_batch``).

        ``context`` > 0 treats each run of that many consecutive sentences as one document and
        spreads its confidently tagged names to their untagged repeats (``consistency``): a CoNLL
        file has no document boundaries, but its sentences keep their articles' order.
        """
        from marsad.understand.ner.consistency import tag_sentences

        if context > 0:
            batch = max(1, -(-batch // context)) * context  # windows never straddle two batches
        n = 0
        pending: list[list[str] | None] = []  # sentences, and None for each blank line
        sent: list[str] = []

        def write_pending() -> None:
            nonlocal n
            sentences = [x for x in pending if x is not None]
            tags = iter(tag_sentences(self, sentences, context))
            for item in pending:
                if item is None:
                    out_handle.write("\n")
                    continue
                for tok, tag in zip(item, next(tags), strict=True):
                    out_handle.write(f"{tok}\t{tag}\n")
                n += len(item)
            pending.clear()

        waiting = 0  # sentences in ``pending``

        def end_sentence() -> None:
            nonlocal sent, waiting
            if sent:
                pending.append(sent)
                sent = []
                waiting += 1
                if waiting >= batch:  # whole context windows in every batch
                    write_pending()
                    waiting = 0

        for line in in_handle:
            line = line.rstrip("\r\n")
            if not line.strip():
                end_sentence()
                pending.append(None)
                continue
            sent.append(line.split("\t")[0] if "\t" in line else line.split()[0])
        end_sentence()
        write_pending()
        return n
