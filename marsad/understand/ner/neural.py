"""The neural half of the NER tagger: a BiLSTM over word vectors, character n-grams and a few word
attributes, scored in numpy (no deep-learning library at run time).

Why a second model beside the CRF: the CRF sees words through sparse features and one cluster id,
so a name it never saw in training is judged mostly by its affixes and neighbours. The BiLSTM reads
dense word vectors learned from 21 M tokens of unlabelled news, characters, and the whole sentence
in both directions; it errs in other places than the CRF, and the two together (their label scores
added, one Viterbi) beat either alone (see the model card). Trained by ``neural_train`` (PyTorch,
training time only) and exported to one ``.npz`` file that this module reads.

Per-word work (vector lookup, character convolution, the input projection of everything that does
not depend on the sentence) is cached per surface word, like the CRF's per-word score rows; a
sentence then costs one gather and the two recurrent passes, batched over an article's sentences.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from marsad.text.clitics import match_keys
from marsad.understand.ner.features import (
    gazetteer_tags,
    most_frequent,
    normalised_words,
    tagging_tokens,
    word_attributes,
)

CHAR_WIDTH = 20  # characters of a word the convolution reads (longer words are cut; fixed, so the
# numpy convolution pads exactly as training did)
UNKNOWN = 1  # id of an unknown value in every table; 0 is padding
CHUNK = 64  # sentences stepped through together (an article's all fit in one)
NEURAL_WORD_CACHE = 50_000  # words whose input rows are kept (2 KB each at 64 hidden units: 100 MB at most)


class WordParts(NamedTuple):
    """What the network reads of one word, before any table lookup."""

    forms: tuple[str, ...]  # the normalised word, then its clitic-stripped forms (vector lookup order)
    chars: str
    cue: str
    lexicon: str
    shape: str
    al: str


def word_parts(token: str) -> WordParts:
    """The sentence-independent inputs of a token (shared by training and tagging)."""
    info = word_attributes(token)
    w = info["w"]
    return WordParts(
        forms=(w, *match_keys(w)[1:]),
        chars=w[:CHAR_WIDTH],
        cue=info["cue"] or "-",
        lexicon=(info["lx"].split(":")[0] if info["lx"] else "-"),
        shape=info["shape"],
        al="al" if info["al"] else "-",
    )


FEATURE_FIELDS = ("cue", "lexicon", "shape", "al")  # word attributes with an embedding each; "gaz"
# (the knowledge base's IOB tag, which depends on the sentence) is the fifth


def sentence_gazetteer(tokens: list[str]) -> list[str]:
    """The knowledge base's IOB tag of each token (as the CRF's ``gz`` feature)."""
    return gazetteer_tags(normalised_words(tagging_tokens(tokens)))


def pack_strings(values: list[str]) -> np.ndarray:
    """Strings as one UTF-8 byte array, one per line (a fixed-width numpy string array of 80k
    words would be several times larger, and an object array needs pickle to load)."""
    return np.frombuffer("\n".join(values).encode("utf-8"), dtype=np.uint8)


def unpack_strings(packed: np.ndarray) -> list[str]:
    text = packed.tobytes().decode("utf-8")
    return text.split("\n") if text else []


class NeuralScorer:
    """Label scores (tokens × labels) from an exported BiLSTM (``neural_train.export``).

    At load the gate rows are reordered to (input, forget, output, cell) and the three sigmoid
    gates' rows halved, so one ``tanh`` over all four gives the sigmoids too (σ(x) = ½ tanh(x/2) + ½);
    the two directions run in one loop as one batched product. Both matter: a sentence costs one
    numpy step per token, so the number of calls per step, not their size, sets the speed.
    """

    def __init__(self, path: str):
        z = np.load(path, allow_pickle=False)
        self.labels = tuple(str(x) for x in z["labels"])
        self.trans = z["trans"].astype(np.float64)
        self.word_index = {w: i + 2 for i, w in enumerate(unpack_strings(z["words"]))}
        self.word_vectors = z["word_vectors"].astype(np.float32)
        self.char_index = {c: i + 2 for i, c in enumerate(unpack_strings(z["chars"]))}
        self.char_vectors = z["char_vectors"].astype(np.float32)
        # (width × char dim, filters): the convolution as one product over stacked shifted windows
        conv = z["conv_w"].astype(np.float32)  # (filters, char dim, width)
        self.conv_width = conv.shape[2]
        self.conv = conv.transpose(2, 1, 0).reshape(-1, conv.shape[0])
        self.conv_b = z["conv_b"].astype(np.float32)
        fields = (*FEATURE_FIELDS, "gaz")
        self.tables = {f: {v: i + 2 for i, v in enumerate(unpack_strings(z["values_" + f]))} for f in fields}
        self.feature_vectors = {f: z["vectors_" + f].astype(np.float32) for f in fields}
        h = self.hidden = z["w_hh"].shape[1]
        # torch's gate order is (i, f, g, o); ours (i, f, o, g), sigmoid rows halved
        order = np.r_[0 : 2 * h, 3 * h : 4 * h, 2 * h : 3 * h]
        scale = np.r_[np.full(3 * h, 0.5), np.ones(h)].astype(np.float32)[:, None]
        w_ih = [(z[k].astype(np.float32)[order] * scale) for k in ("w_ih", "w_ih_rev")]
        self.w_hh = np.ascontiguousarray(np.stack([(z[k].astype(np.float32)[order] * scale).T for k in ("w_hh", "w_hh_rev")]))
        self.bias = np.concatenate([z[k].astype(np.float32)[order] * scale[:, 0] for k in ("b", "b_rev")])
        self.head_w = z["head_w"].astype(np.float32).T.copy()
        self.head_b = z["head_b"].astype(np.float32)
        dims = [self.word_vectors.shape[1], self.conv.shape[1], *[self.feature_vectors[f].shape[1] for f in FEATURE_FIELDS]]
        at = sum(dims)  # the gazetteer embedding comes last in the input vector
        both = np.concatenate(w_ih, axis=0)  # (8H, input): both directions' input projections
        self._word_projection = both[:, :at].T.copy()
        # the gazetteer tag's share of the input projection, per tag id, plus the biases
        gaz_rows = self.feature_vectors["gaz"] @ both[:, at:].T + self.bias
        self._gaz_rows = (gaz_rows[:, : 4 * h].copy(), gaz_rows[:, 4 * h :].copy())
        # per cached word, its input projection: forwards in the first 4H columns, backwards after
        self._rows: dict[str, int] = {}
        # room for a full cache from the start: np.zeros maps pages lazily, so only rows written
        # take memory, and the table is never copied to grow
        self._table = np.zeros((NEURAL_WORD_CACHE + 2 * CHUNK * 256, 8 * h), dtype=np.float32)

    def _char_features(self, words: list[str]) -> np.ndarray:
        """Max-pooled character convolution of each word (words × filters)."""
        ids = np.zeros((len(words), CHAR_WIDTH), dtype=np.intp)
        for n, chars in enumerate(words):
            ids[n, : len(chars)] = [self.char_index.get(c, UNKNOWN) for c in chars]
        x = self.char_vectors[ids]  # (words, CHAR_WIDTH, char dim); padding row 0 is zeros
        pad = self.conv_width // 2
        xp = np.pad(x, ((0, 0), (pad, pad), (0, 0)))
        windows = np.concatenate([xp[:, k : k + CHAR_WIDTH] for k in range(self.conv_width)], axis=2)
        out = windows @ self.conv + self.conv_b
        return np.maximum(out, 0.0).max(axis=1)

    def _add_words(self, tokens: list[str]) -> None:
        """Compute and cache the input-projection rows of words not seen before, all at once."""
        parts = [word_parts(t) for t in tokens]
        need = len(self._rows) + 1 + len(tokens)
        while need > self._table.shape[0]:
            self._table = np.vstack([self._table, np.zeros_like(self._table)])
        wid = [next((self.word_index[f] for f in p.forms if f in self.word_index), UNKNOWN) for p in parts]
        pieces = [self.word_vectors[wid], self._char_features([p.chars for p in parts])]
        for f in FEATURE_FIELDS:
            table = self.tables[f]
            pieces.append(self.feature_vectors[f][[table.get(getattr(p, f), UNKNOWN) for p in parts]])
        first = len(self._rows) + 1
        self._table[first : first + len(tokens)] = np.concatenate(pieces, axis=1) @ self._word_projection
        for k, t in enumerate(tokens):
            self._rows[t] = first + k

    def _keep_frequent_words(self) -> None:
        """Bound the word cache between batches: keep its most frequent half (``most_frequent``),
        moved to the table's first rows, so the rows stay ``1 … len(self._rows)``."""
        keep = most_frequent(self._rows, NEURAL_WORD_CACHE // 2)
        old = np.array([self._rows[t] for t in keep], dtype=np.intp)
        self._table[1 : 1 + len(keep)] = self._table[old]  # the gather copies before the write
        self._rows = {t: 1 + k for k, t in enumerate(keep)}

    def emissions_batch(self, sentences: list[list[str]], gazetteer: list[list[str]] | None = None) -> list[np.ndarray]:
        """Label scores of each token of each sentence (labels in ``self.labels`` order).
        ``gazetteer``: the sentences' knowledge-base tags, where the caller has them already.

        A big batch (a CoNLL file) is run in chunks of sentences of similar length, as every
        sentence of a chunk is stepped through as many times as its longest one has tokens."""
        if len(self._rows) >= NEURAL_WORD_CACHE:
            self._keep_frequent_words()
        if len(sentences) <= CHUNK:
            return self._chunk(sentences, gazetteer)
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        out: list[np.ndarray] = [np.zeros(0)] * len(sentences)
        for a in range(0, len(order), CHUNK):
            part = order[a : a + CHUNK]
            gaz = [gazetteer[i] for i in part] if gazetteer is not None else None
            for i, scores in zip(part, self._chunk([sentences[i] for i in part], gaz), strict=True):
                out[i] = scores
        return out

    def _chunk(self, sentences: list[list[str]], gazetteer: list[list[str]] | None) -> list[np.ndarray]:
        lengths = [len(s) for s in sentences]
        longest = max(lengths, default=0)
        if not longest:
            return [np.zeros((0, len(self.labels))) for _ in sentences]
        texts = [tagging_tokens(tokens) for tokens in sentences]
        new = list(dict.fromkeys([t for toks in texts for t in toks if t not in self._rows]))
        if new:
            self._add_words(new)
        n_sent, h = len(sentences), self.hidden
        rows = np.zeros((longest, n_sent), dtype=np.intp)  # time-major: step t reads row t
        gaz = np.zeros((longest, n_sent), dtype=np.intp)
        table = self.tables["gaz"]
        for b, toks in enumerate(texts):
            tags = gazetteer[b] if gazetteer is not None else sentence_gazetteer(toks)
            rows[: len(toks), b] = [self._rows[t] for t in toks]
            gaz[: len(toks), b] = [table.get(g, UNKNOWN) for g in tags]
        # step t reads token t forwards and token T-1-t backwards; a sentence shorter than T has
        # its backward state held at zero until its own last token (``live``)
        steps = np.empty((longest, 2, n_sent, 4 * h), dtype=np.float32)
        steps[:, 0] = self._table[rows, : 4 * h]
        steps[:, 0] += self._gaz_rows[0][gaz]
        steps[:, 1] = self._table[rows[::-1], 4 * h :]
        steps[:, 1] += self._gaz_rows[1][gaz[::-1]]
        live = np.ones((longest, 2, n_sent, 1), dtype=np.float32)
        live[:, 1, :, 0] = np.arange(longest)[::-1, None] < np.array(lengths)[None, :]
        hid = np.zeros((2, n_sent, h), dtype=np.float32)
        cell = np.zeros((2, n_sent, h), dtype=np.float32)
        seq = np.empty((longest, 2, n_sent, h), dtype=np.float32)
        for t in range(longest):
            g = steps[t]
            g += np.matmul(hid, self.w_hh)
            np.tanh(g, out=g)
            gates = g[:, :, : 3 * h]
            gates *= 0.5
            gates += 0.5
            cell *= g[:, :, h : 2 * h]
            cell += g[:, :, :h] * g[:, :, 3 * h :]
            cell *= live[t]
            np.tanh(cell, out=hid)
            hid *= g[:, :, 2 * h : 3 * h]
            seq[t] = hid
        both = np.concatenate([seq[:, 0], seq[::-1, 1]], axis=2)  # (T, B, 2H), in token order
        scores = both @ self.head_w + self.head_b
        return [scores[: lengths[b], b].astype(np.float64) for b in range(n_sent)]
