"""The CRF named-entity tagger: ``NerTagger.load().tag(tokens)`` and the CoNLL batch interface."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import IO, NamedTuple

import numpy as np

from marsad.understand.ner.crf import CrfWeights, marginals_batch, viterbi_batch
from marsad.understand.ner.features import (
    NEIGHBOUR_OFFSETS,
    edge_feature,
    gazetteer_tags,
    is_currency,
    most_frequent,
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
# The BiLSTM scores only the sentences where the CRF alone is unsure: some token's CRF marginal
# below this. Where the CRF is sure, adding the BiLSTM changed next to nothing, and what it changed
# was more often wrong: on the cross-validation folds of the ANERcorp training part (context 20)
# F1 was 81.95 with the BiLSTM on every sentence, 81.97 gated at 0.9 and 82.09 at 0.8 (0.7: 82.03,
# 0.6: 81.80), with the BiLSTM run on 53 % and 41 % of the tokens; on the held-out WikiFANE slice
# 61.37 ungated, 61.88 at 0.9, 61.96 at 0.8 (model card).
NEURAL_GATE = 0.8
# Added to the B-MISC score of a currency name (``data/currency_words.txt``), enough to decide
# it: ANERcorp tags currencies MISC almost without exception, and the tagger missed the ones it
# rarely saw in training («شيكل»). Cross-validated gain in the model card.
CURRENCY_PRIOR = 10.0
WORD_OFFSETS = (0, *NEIGHBOUR_OFFSETS)  # a word's own features, then what it gives its neighbours
# Surface words whose scores the tagger keeps (about 0.5 KB each with their five score rows). The
# ANT stream has 139k distinct tokens in its first 8,000 articles, 221k in all 28k; a smaller cache
# kept emptying and recomputing words (~80 µs each, then most of the cost of tagging).
TAGGER_WORD_CACHE = 200_000
# The four bigram features of ``features.context_features`` and where each lands, relative to the
# bigram's first token: «+1|+2=» on the token before it, «0|+1=» on it, «-1|0=» and «-2|-1=» after.
PAIR_PREFIXES = ("+1|+2=", "0|+1=", "-1|0=", "-2|-1=")
PAIR_DELTAS = (-1, 0, 1, 2)


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


def _pair_weights(weights: CrfWeights) -> tuple[dict[str, int], np.ndarray]:
    """The model's word-bigram features grouped by bigram: bigram → row of a (rows × 4 × labels)
    table whose ``[row, k]`` is the weight of ``PAIR_PREFIXES[k] + bigram`` (row 0 is zeros)."""
    rows: dict[str, int] = {}
    found: list[tuple[int, int, int]] = []  # (bigram row, k, feature row)
    place = {prefix: k for k, prefix in enumerate(PAIR_PREFIXES)}.get
    for key, j in weights.index.items():  # one pass: a prefix is all up to the key's first "="
        end = key.find("=") + 1
        k = place(key[:end]) if end else None
        if k is not None:
            found.append((rows.setdefault(key[end:], len(rows) + 1), k, j))
    table = np.zeros((len(rows) + 1, len(PAIR_PREFIXES), len(weights.labels)))
    if found:
        at = np.array(found, dtype=np.intp)
        table[at[:, 0], at[:, 1]] = weights.state[at[:, 2]]
    return rows, table


@lru_cache(maxsize=4)
def _cached(path: str, neural: str | None) -> NerTagger:
    return NerTagger(path, neural)


def _mean(values: list[float]) -> float:
    """``np.mean`` of a short list, to the last bit: below eight values numpy adds them in order,
    as ``sum`` does, and the call costs more than the sum (once per tagged name)."""
    return sum(values) / len(values) if len(values) < 8 else float(np.mean(values))


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
        # word → (its normalised form, the first of the five consecutive rows of ``_table``
        # holding the summed weights of its features, one row per offset of ``WORD_OFFSETS``);
        # row 0 is zeros (beyond the edge). Room for a full cache from the start (np.zeros maps
        # pages lazily: only rows written take memory), so the table is not copied to grow.
        self._rows: dict[str, tuple[str, int]] = {}
        self._table = np.zeros((1 + len(WORD_OFFSETS) * (TAGGER_WORD_CACHE + 4096), len(self.weights.labels)))
        self._used = 1
        self._by_own_feature = _by_own_feature(self.weights.index)
        # word bigram («a|b») → its row of ``_pair_table``: what its features (``PAIR_PREFIXES``)
        # give the tokens around it; a bigram the model has no feature of is not listed
        self._pair_rows, self._pair_table = _pair_weights(self.weights)
        self._gaz_cache: dict[str, list[tuple[int, np.ndarray]]] = {}
        # the surface tokens met so far that are currency names (``CURRENCY_PRIOR``)
        self._currency_tokens: set[str] = set()
        self._misc = self.weights.labels.index("B-MISC") if "B-MISC" in self.weights.labels else -1
        index = self.weights.index
        self._edge_rows = [(off, self.weights.state[index[edge_feature(off)]]) for off in NEIGHBOUR_OFFSETS
                           if edge_feature(off) in index]  # fmt: skip

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
        with no feature string built per offset; the sums are made for the batch at once."""
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
            # per label, one bincount over (row, weight) pairs: the sums np.add.at would make, in
            # the same order, at half its cost
            code = np.array(codes, dtype=np.intp)
            target = np.repeat(np.arange(len(tokens), dtype=np.intp), counts) * width + (code & 7)
            weights = self.weights.state[code >> 3]
            for j in range(weights.shape[1]):
                block[:, j] = np.bincount(target, weights=weights[:, j], minlength=len(block))
        for n, (token, norm) in enumerate(zip(tokens, normalised_words(tokens), strict=True)):
            self._rows[token] = (norm, self._used + width * n)
            if self._misc >= 0 and is_currency(norm):
                self._currency_tokens.add(token)
        self._used += width * len(tokens)

    def _keep_frequent_words(self) -> None:
        """Keep the cache's most frequent half (``features.most_frequent``), its rows moved to the
        front of the table."""
        width = len(WORD_OFFSETS)
        keep = most_frequent(self._rows, TAGGER_WORD_CACHE // 2)
        first = np.array([self._rows[t][1] for t in keep], dtype=np.intp)
        rows = (first[:, None] + np.arange(width)).ravel()
        self._table[1 : 1 + len(rows)] = self._table[rows]  # the gather copies before the write
        self._rows = {t: (self._rows[t][0], 1 + width * k) for k, t in enumerate(keep)}
        self._used = 1 + len(rows)

    def _context_scores(self, words: list[str], gaz: list[str], position: np.ndarray, length: np.ndarray,
                        scores: np.ndarray) -> None:
        """Add the sentence-dependent features (``features.context_features``) of a batch's tokens
        to ``scores``: knowledge-base tags around each token, the sentence edges and the word
        bigrams, each taken from a per-tag, per-edge or per-bigram block of weights (built at
        load), so no feature string is built per token but the bigram's own key. ``words``/``gaz``: the batch's
        tokens, sentences one after another; ``position``/``length``: each token's place in its
        sentence and that sentence's length."""
        n = len(words)
        index = np.arange(n)
        # word bigrams: token i and i+1 of one sentence; the bigram's block row k goes to i + PAIR_DELTAS[k]
        first = index[position < length - 1]
        if len(first):
            known = self._pair_rows.get
            pair_ids = np.array([known(words[i] + "|" + words[i + 1], 0) for i in first.tolist()], dtype=np.intp)
            hit = pair_ids > 0
            first, pair_ids = first[hit], pair_ids[hit]
            blocks = self._pair_table[pair_ids]
            for k, delta in enumerate(PAIR_DELTAS):
                inside = (position[first] + delta >= 0) & (position[first] + delta < length[first])
                scores[first[inside] + delta] += blocks[inside, k]  # one bigram per target token: no repeats
        # sentence edges: a token within |off| of the edge gets «{off:+d}BOS/EOS»
        for off, row in self._edge_rows:
            near = position < -off if off < 0 else position >= length - off
            scores[near] += row
        # knowledge-base tags: «gz=T» on the token, «-1gz=T» on the next, «+1gz=T» on the previous
        for i in [i for i, tag in enumerate(gaz) if tag != "O"]:
            for delta, weights in self._gaz_rows(gaz[i]):
                if 0 <= position[i] + delta < length[i]:
                    scores[i + delta] += weights

    def _gaz_rows(self, tag: str) -> list[tuple[int, np.ndarray]]:
        cached = self._gaz_cache.get(tag)
        if cached is None:
            get = self.weights.index.get
            cached = [(delta, self.weights.state[j]) for delta, prefix in ((0, "gz="), (1, "-1gz="), (-1, "+1gz="))
                      if (j := get(prefix + tag)) is not None]
            self._gaz_cache[tag] = cached
        return cached

    def emissions_batch(self, sentences: list[list[str]]) -> list[np.ndarray]:
        """Label scores per token (tokens × labels, before transitions) of each sentence: the
        CRF's plus ``NEURAL_WEIGHT`` × the BiLSTM's, for every sentence. (Tagging adds the BiLSTM's
        only where the CRF is unsure: ``_gated_scores``.)"""
        crf, gazetteer = self._crf_scores(sentences)
        if self.neural is None:
            return crf
        neural = self.neural.emissions_batch(sentences, gazetteer)
        return [c + NEURAL_WEIGHT * n[:, self._neural_order] for c, n in zip(crf, neural, strict=True)]

    def _gated_scores(self, sentences: list[list[str]]) -> tuple[list[np.ndarray], list[bool], dict[int, np.ndarray]]:
        """Each sentence's label scores, whether they include the BiLSTM's (only a sentence with a
        token whose CRF marginal is below ``NEURAL_GATE`` gets them, see there), and the CRF's
        marginals of the others, already computed to decide (their span confidences)."""
        crf, gazetteer = self._crf_scores(sentences)
        self._currency_prior(sentences, crf)
        mixed = [False] * len(sentences)
        if self.neural is None:
            return crf, mixed, {}
        scored = [k for k, e in enumerate(crf) if len(e)]
        marginals = dict(zip(scored, marginals_batch([crf[k] for k in scored], self.weights.trans), strict=True))
        # each sentence's least sure token, for all sentences at once
        surest = np.concatenate([marginals[k] for k in scored]).max(axis=1) if scored else np.zeros(0)
        starts = np.cumsum([0] + [len(crf[k]) for k in scored[:-1]], dtype=np.intp)
        least = np.minimum.reduceat(surest, starts).tolist() if scored else []
        unsure = [k for k, low in zip(scored, least, strict=True) if low < NEURAL_GATE]
        if unsure:
            neural = self.neural.emissions_batch([sentences[k] for k in unsure], [gazetteer[k] for k in unsure])
            for k, n in zip(unsure, neural, strict=True):
                crf[k] = crf[k] + NEURAL_WEIGHT * n[:, self._neural_order]
                mixed[k] = True
                del marginals[k]
        return crf, mixed, marginals

    def _currency_prior(self, sentences: list[list[str]], scores: list[np.ndarray]) -> None:
        """Add ``CURRENCY_PRIOR`` to the B-MISC score of each currency name, before the gate (a
        decided currency leaves its sentence no less sure)."""
        if not self._currency_tokens:
            return
        for k, tokens in enumerate(sentences):
            if self._currency_tokens.isdisjoint(tokens):
                continue
            for i, token in enumerate(tokens):
                if token in self._currency_tokens:
                    scores[k][i, self._misc] += CURRENCY_PRIOR

    def _transitions(self, mixed: bool) -> tuple[np.ndarray, float]:
        """Transition scores and confidence scale for scores with (``mixed``) or without the BiLSTM's."""
        return (self.trans, self._confidence_scale) if mixed else (self.weights.trans, 1.0)

    def _paths(self, emits: list[np.ndarray], mixed: list[bool]) -> list[list[int]]:
        """Viterbi label paths, each sentence decoded with the transitions its scores belong to."""
        paths: list[list[int]] = [[] for _ in emits]
        for flag in (False, True):
            ks = [k for k, m in enumerate(mixed) if m == flag]
            if ks:
                trans, _ = self._transitions(flag)
                for k, path in zip(ks, viterbi_batch([emits[k] for k in ks], trans), strict=True):
                    paths[k] = path
        return paths

    def _crf_scores(self, sentences: list[list[str]]) -> tuple[list[np.ndarray], list[list[str]]]:
        """The CRF's label scores of each sentence, and its knowledge-base tags (the BiLSTM's too).

        Token ``i`` gets the rows of the words at ``i + off`` for each offset (a word-sized
        gather, no per-token Python work once the words are cached) plus the sentence's context
        features (``_context_scores``), for all the batch's tokens at once. Equal to summing the
        model's weights over ``features.token_features`` (tested)."""
        if len(self._rows) >= TAGGER_WORD_CACHE:
            # bounded, so a long-running worker stays flat; trimmed between batches only, as the
            # rows gathered for a batch must stay valid until it is scored
            self._keep_frequent_words()
        texts = [tagging_tokens(tokens) for tokens in sentences]
        lengths = np.array([len(t) for t in texts], dtype=np.intp)
        total = int(lengths.sum())
        if not total:
            return [np.zeros((0, len(self.weights.labels))) for _ in sentences], [[] for _ in sentences]
        new = list(dict.fromkeys([t for toks in texts for t in toks if t not in self._rows]))
        if new:
            self._add_words(new)
        rows = self._rows
        entries = [rows[t] for toks in texts for t in toks]
        words = [w for w, _ in entries]
        first_row = np.array([r for _, r in entries], dtype=np.intp)
        bounds = np.concatenate([[0], np.cumsum(lengths)])
        length = np.repeat(lengths, lengths)
        position = np.arange(total) - np.repeat(bounds[:-1], lengths)
        # column k of a token: the row of the word at WORD_OFFSETS[k] from it (0 beyond the edge)
        columns = np.zeros((total, len(WORD_OFFSETS)), dtype=np.intp)
        for k, off in enumerate(WORD_OFFSETS):
            inside = (position + off >= 0) & (position + off < length)
            at = np.nonzero(inside)[0]
            columns[at, k] = first_row[at + off] + k
        scores = self._table[columns].sum(axis=1)
        gazetteer = [gazetteer_tags(words[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        self._context_scores(words, [t for tags in gazetteer for t in tags], position, length, scores)
        return [scores[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)], gazetteer

    def tag_batch(self, sentences: list[list[str]]) -> list[list[str]]:
        """One IOB2 tag per token of each sentence."""
        labels = self.weights.labels
        emits, mixed, _ = self._gated_scores(sentences)
        return [[labels[j] for j in path] for path in self._paths(emits, mixed)]

    def tag(self, tokens: list[str]) -> list[str]:
        """One IOB2 tag per token (``[]`` for ``[]``)."""
        return self.tag_batch([tokens])[0]

    def spans_batch(self, sentences: list[list[str]]) -> list[list[TaggedSpan]]:
        """Tagged names of each sentence with their confidence (mean marginal of the span's
        tags). Sentences are scored together: the dynamic programmes then step once per token
        position for the whole batch, which is what makes tagging an article cheap."""
        emits, mixed, known = self._gated_scores(sentences)
        labels = self.weights.labels
        paths = self._paths(emits, mixed)
        found = [iob_spans([labels[j] for j in path]) for path in paths]
        out: list[list[TaggedSpan]] = [[] for _ in sentences]
        for flag in (False, True):
            with_names = [k for k, f in enumerate(found) if f and mixed[k] == flag]
            if not with_names:
                continue
            # with the BiLSTM, confidences come from the geometric mean of the two models (scores
            # scaled by 1 / total weight): the sum is as sure as both together, sharper than
            # either, and the thresholds that read these confidences (consistency, ordinary
            # words) were set on one model's probabilities
            trans, scale = self._transitions(flag)
            todo = [k for k in with_names if k not in known]
            probs = dict(zip(todo, marginals_batch([emits[k] * scale for k in todo], trans * scale), strict=True))
            for k in with_names:
                p = known[k] if k in known else probs[k]
                path = paths[k]
                for first, last, typ in found[k]:
                    out[k].append(TaggedSpan(first, last, typ, _mean([p.item(i, path[i]) for i in range(first, last + 1)])))
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
