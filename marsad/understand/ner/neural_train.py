"""Training the BiLSTM half of the NER tagger (PyTorch, training time only) and exporting it to the
``.npz`` that ``neural.NeuralScorer`` reads.

Architecture, chosen on fold 1 of the ANERcorp cross-validation (model card): word vectors
(word2vec from unlabelled news, ``scripts/build_word_clusters.py --vectors``; fine-tuned), a
character CNN (32-dim characters, 64 filters of width 3, max-pooled), 8-dim embeddings of the
trigger cue, name-lexicon tag, shape, has-ال and knowledge-base tag, dropout 0.5, one BiLSTM layer,
and a CRF output per corpus: the auxiliary corpora (NewsFANE, WikiFANE) share the encoder but
have their own output layer and transitions, the neural form of the CRF's domain adaptation; only
the main corpus's (ANERcorp's) is exported.

Needs ``torch`` (``pip install torch==2.13.0`` for the CPU build, or ``marsad[train]``).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from typing import Any

import numpy as np

from marsad.understand.ner.features import tagging_tokens
from marsad.understand.ner.neural import (
    CHAR_WIDTH,
    FEATURE_FIELDS,
    UNKNOWN,
    NeuralScorer,
    pack_strings,
    sentence_gazetteer,
    word_parts,
)

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
Sentence = list[tuple[str, str]]

DEFAULTS: dict[str, Any] = {
    "epochs": 12,
    "hidden": 64,
    "vocabulary": 80_000,
    "char_dim": 32,
    "filters": 64,
    "feature_dim": 8,
    "dropout": 0.5,
    "lr": 2e-3,
    "batch": 32,
    "aux_per_epoch": 1.0,  # auxiliary sentences drawn per epoch, as a multiple of the main corpus
    "threads": 2,
    "decay": False,  # learning rate falling linearly to zero over the epochs
}


# Largest label-score difference allowed between the trained network and the exported numpy scorer
# (the word vectors are stored as float16)
EXPORT_TOLERANCE = 0.05


class Tables:
    """Ids of words, characters and attribute values (0 padding, 1 unknown, then 2…)."""

    def __init__(self, words: list[str], chars: list[str], values: dict[str, list[str]]):
        self.words = words
        self.chars = chars
        self.values = values
        self.word_index = {w: i + 2 for i, w in enumerate(words)}
        self.char_index = {c: i + 2 for i, c in enumerate(chars)}
        self.value_index = {f: {v: i + 2 for i, v in enumerate(vs)} for f, vs in values.items()}

    def encode(self, tokens: list[str]) -> tuple[list[int], list[list[int]], list[list[int]]]:
        """Word ids, character ids (``CHAR_WIDTH`` each) and attribute ids (FEATURE_FIELDS, gaz)."""
        toks = tagging_tokens(tokens)
        gaz = sentence_gazetteer(toks)
        wids, cids, feats = [], [], []
        for t, g in zip(toks, gaz, strict=True):
            p = word_parts(t)
            wids.append(next((self.word_index[f] for f in p.forms if f in self.word_index), UNKNOWN))
            ids = [self.char_index.get(c, UNKNOWN) for c in p.chars]
            cids.append(ids + [0] * (CHAR_WIDTH - len(ids)))
            row = [self.value_index[f].get(getattr(p, f), UNKNOWN) for f in FEATURE_FIELDS]
            feats.append([*row, self.value_index["gaz"].get(g, UNKNOWN)])
        return wids, cids, feats


def build_tables(sents: list[Sentence], vector_words: list[str], vocabulary: int) -> Tables:
    """Tables from the training sentences (characters and attribute values seen twice or more)
    and the ``vocabulary`` most frequent words of the word vectors."""
    chars: Counter[str] = Counter()
    values: dict[str, Counter[str]] = {f: Counter() for f in (*FEATURE_FIELDS, "gaz")}
    for s in sents:
        toks = tagging_tokens([t for t, _ in s])
        for t, g in zip(toks, sentence_gazetteer(toks), strict=True):
            p = word_parts(t)
            chars.update(p.chars)
            for f in FEATURE_FIELDS:
                values[f][getattr(p, f)] += 1
            values["gaz"][g] += 1
    return Tables(
        vector_words[:vocabulary],
        sorted(c for c, n in chars.items() if n >= 2),
        {f: sorted(v for v, n in counts.items() if n >= 2) for f, counts in values.items()},
    )


def _network(tables: Tables, vectors: np.ndarray, domains: int, cfg: dict[str, Any]) -> Any:
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            dim = vectors.shape[1]
            self.words = nn.Embedding(len(tables.words) + 2, dim, padding_idx=0)
            with torch.no_grad():
                self.words.weight[2:] = torch.from_numpy(vectors[: len(tables.words)])
                self.words.weight[1] = 0.0
            self.chars = nn.Embedding(len(tables.chars) + 2, cfg["char_dim"], padding_idx=0)
            self.conv = nn.Conv1d(cfg["char_dim"], cfg["filters"], 3, padding=1)
            fields = (*FEATURE_FIELDS, "gaz")
            self.features = nn.ModuleList(nn.Embedding(len(tables.values[f]) + 2, cfg["feature_dim"]) for f in fields)
            self.drop = nn.Dropout(cfg["dropout"])
            width = dim + cfg["filters"] + cfg["feature_dim"] * len(fields)
            self.lstm = nn.LSTM(width, cfg["hidden"], batch_first=True, bidirectional=True)
            self.heads = nn.ModuleList(nn.Linear(2 * cfg["hidden"], len(LABELS)) for _ in range(domains))
            self.trans = nn.Parameter(torch.zeros(domains, len(LABELS), len(LABELS)))

        def forward(self, w: Any, c: Any, f: Any, dom: Any) -> tuple[Any, Any]:
            b, t = w.shape
            chars = self.chars(c.view(b * t, -1)).transpose(1, 2)
            chars = torch.relu(self.conv(chars)).max(dim=2).values.view(b, t, -1)
            x = [self.words(w), chars, *(e(f[:, :, i]) for i, e in enumerate(self.features))]
            # packed, so each sentence's backward pass starts at its own last token, not at the
            # batch's padding (as the numpy scorer reads it)
            lengths = (w != 0).sum(dim=1).clamp(min=1).cpu()
            packed = nn.utils.rnn.pack_padded_sequence(self.drop(torch.cat(x, -1)), lengths, batch_first=True, enforce_sorted=False)
            h, _ = nn.utils.rnn.pad_packed_sequence(self.lstm(packed)[0], batch_first=True, total_length=t)
            h = self.drop(h)
            em = torch.stack([self.heads[d](h[i]) for i, d in enumerate(dom.tolist())])
            return em, self.trans[dom]

    return Net()


def _batch(items: list[tuple[Any, list[int], int]]) -> tuple[Any, ...]:
    import torch

    longest = max(len(x[0][0]) for x in items)
    n = len(items)
    w = torch.zeros(n, longest, dtype=torch.long)
    c = torch.zeros(n, longest, CHAR_WIDTH, dtype=torch.long)
    f = torch.zeros(n, longest, len(FEATURE_FIELDS) + 1, dtype=torch.long)
    mask = torch.zeros(n, longest, dtype=torch.bool)
    y = torch.zeros(n, longest, dtype=torch.long)
    for i, ((wids, cids, feats), labels, _d) in enumerate(items):
        k = len(wids)
        w[i, :k] = torch.tensor(wids)
        c[i, :k] = torch.tensor(cids)
        f[i, :k] = torch.tensor(feats)
        mask[i, :k] = True
        y[i, :k] = torch.tensor(labels)
    dom = torch.tensor([x[2] for x in items])
    return w, c, f, mask, y, dom


def _crf_loss(em: Any, trans: Any, mask: Any, y: Any) -> Any:
    """Negative log-likelihood of the gold paths (no start/end transitions, as the CRF's decoder)."""
    import torch

    n, steps, _k = em.shape
    rows = torch.arange(n)
    alpha = em[:, 0]
    score = em[rows, 0, y[:, 0]]
    for t in range(1, steps):
        m = mask[:, t]
        nxt = torch.logsumexp(alpha.unsqueeze(2) + trans + em[:, t].unsqueeze(1), dim=1)
        alpha = torch.where(m.unsqueeze(1), nxt, alpha)
        step = trans[rows, y[:, t - 1], y[:, t]] + em[rows, t, y[:, t]]
        score = score + torch.where(m, step, torch.zeros_like(step))
    return (torch.logsumexp(alpha, 1) - score).sum()


def train_bilstm(
    main: list[Sentence],
    auxiliary: list[list[Sentence]],
    vectors_path: str,
    out: str,
    *,
    seed: int = 0,
    log: Any = None,
    **overrides: Any,
) -> dict[str, Any]:
    """Train on ``main`` (the corpus whose conventions the tagger follows) and the auxiliary
    corpora, write the exported weights to ``out`` and return metadata. Same data, seed and
    thread count give the same model."""
    import torch

    cfg = {**DEFAULTS, **overrides}
    t0 = time.time()
    torch.manual_seed(seed)
    torch.set_num_threads(cfg["threads"])
    rng = random.Random(seed)
    z = np.load(vectors_path)
    vector_words = [str(w) for w in z["words"]]
    tables = build_tables(main + [s for corpus in auxiliary for s in corpus], vector_words, cfg["vocabulary"])
    label_id = {lab: i for i, lab in enumerate(LABELS)}

    def encoded(sents: list[Sentence], dom: int) -> list[tuple[Any, list[int], int]]:
        return [(tables.encode([t for t, _ in s]), [label_id[g] for _, g in s], dom) for s in sents if s]

    main_items = encoded(main, 0)
    aux_items = [x for d, corpus in enumerate(auxiliary, 1) for x in encoded(corpus, d)]
    net = _network(tables, z["vectors"], 1 + len(auxiliary), cfg)
    opt = torch.optim.Adam(net.parameters(), lr=cfg["lr"])
    epochs = cfg["epochs"]
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1.0 - e / epochs if cfg["decay"] else 1.0)
    for epoch in range(epochs):
        items = main_items + rng.sample(aux_items, min(len(aux_items), int(cfg["aux_per_epoch"] * len(main_items))))
        rng.shuffle(items)
        items.sort(key=lambda x: len(x[0][0]) // 8 + rng.random())  # similar lengths batch together
        batches = [items[i : i + cfg["batch"]] for i in range(0, len(items), cfg["batch"])]
        rng.shuffle(batches)
        total = 0.0
        net.train()
        for chunk in batches:
            w, c, f, mask, y, dom = _batch(chunk)
            em, trans = net(w, c, f, dom)
            loss = _crf_loss(em, trans, mask, y) / len(chunk)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += float(loss.item())
        sched.step()
        if log:
            log(f"epoch {epoch + 1}: loss {total / max(len(batches), 1):.3f} ({time.time() - t0:.0f} s)")
    net.eval()
    export(net, tables, out)
    check = [[t for t, _ in s] for s in main[:64]]
    gap = _export_gap(net, tables, out, check)
    if gap > EXPORT_TOLERANCE:
        raise RuntimeError(f"numpy scorer differs from the trained network by {gap:.2e}")
    return {
        "config": cfg,
        "seed": seed,
        "sentences": {"main": len(main_items), "auxiliary": len(aux_items)},
        "vocabulary": len(tables.words),
        "export_max_difference": gap,
        "train_seconds": round(time.time() - t0, 1),
    }


def export(net: Any, tables: Tables, out: str) -> None:
    """Write the main corpus's network as numpy arrays (``neural.NeuralScorer`` reads them)."""
    sd = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    arrays: dict[str, np.ndarray] = {
        "labels": np.array(LABELS),
        "trans": sd["trans"][0],
        "words": pack_strings(tables.words),
        "word_vectors": sd["words.weight"].astype(np.float16),  # float16: half the size, scores within ~1e-2
        "chars": pack_strings(tables.chars),
        "char_vectors": sd["chars.weight"],
        "conv_w": sd["conv.weight"],
        "conv_b": sd["conv.bias"],
        "w_ih": sd["lstm.weight_ih_l0"],
        "w_hh": sd["lstm.weight_hh_l0"],
        "b": sd["lstm.bias_ih_l0"] + sd["lstm.bias_hh_l0"],
        "w_ih_rev": sd["lstm.weight_ih_l0_reverse"],
        "w_hh_rev": sd["lstm.weight_hh_l0_reverse"],
        "b_rev": sd["lstm.bias_ih_l0_reverse"] + sd["lstm.bias_hh_l0_reverse"],
        "head_w": sd["heads.0.weight"],
        "head_b": sd["heads.0.bias"],
    }
    for k, f in enumerate((*FEATURE_FIELDS, "gaz")):
        arrays["values_" + f] = pack_strings(tables.values[f])
        arrays["vectors_" + f] = sd[f"features.{k}.weight"]
    save: Any = np.savez_compressed  # (numpy's stub types **arrays as its keyword flags)
    with open(out, "wb") as handle:
        save(handle, **arrays)


def _export_gap(net: Any, tables: Tables, path: str, sentences: list[list[str]]) -> float:
    """Largest difference between the network's main-corpus scores and the exported scorer's."""
    import torch

    sentences = [s for s in sentences if s]
    w, c, f, _mask, _y, dom = _batch([(tables.encode(s), [0] * len(s), 0) for s in sentences])
    with torch.no_grad():
        em, _ = net(w, c, f, dom)
    ours = NeuralScorer(path).emissions_batch(sentences)
    return max(float(np.abs(em[i, : len(s)].numpy() - o).max()) for i, (s, o) in enumerate(zip(sentences, ours, strict=True)))
