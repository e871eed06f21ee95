"""The numpy BiLSTM scorer against a plain one-sentence, one-token-at-a-time reference, on a small
random network written in the export format; and the CRF + BiLSTM combination in the tagger."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import marsad.understand.ner.tagger as tagger_module
from marsad.understand.ner.neural import (
    CHAR_WIDTH,
    FEATURE_FIELDS,
    NeuralScorer,
    pack_strings,
    sentence_gazetteer,
    unpack_strings,
    word_parts,
)
from marsad.understand.ner.tagger import NerTagger, default_model_path, default_neural_path

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
SENTENCES = [
    ["قال", "الرئيس", "الأمريكي", "دونالد", "ترامب", "إن", "قواته", "ستغادر", "العراق", "."],
    ["بغداد"],
    ["وصل", "وفد", "من", "الأمم", "المتحدة", "إلى", "بغداد", "وأربيل", "يوم", "12", "آذار"],
    ["أعلنت", "شركة", "Apple", "عن", "هاتف", "  ", "جديد", "كلمةطويلةجدالاتنتهيابداابدا"],
]


def _random_network(path: Path, hidden: int = 5, seed: int = 1) -> None:
    """A random network in ``neural_train.export``'s format (no torch needed)."""
    rng = np.random.default_rng(seed)
    words = ["قال", "الرييس", "بغداد", "ترامب", "المتحده"]
    chars = sorted(set("".join(words)))
    dims = {"word": 6, "char": 4, "filters": 3, "feature": 2}
    values = {"cue": ["-", "PER"], "lexicon": ["-", "B-LOC"], "shape": ["a", "d"], "al": ["-", "al"],
              "gaz": ["O", "B-LOC", "B-ORG", "I-ORG"]}  # fmt: skip
    width = dims["word"] + dims["filters"] + dims["feature"] * (len(FEATURE_FIELDS) + 1)
    arrays = {
        "labels": np.array(LABELS),
        "trans": rng.normal(size=(9, 9)),
        "words": pack_strings(words),
        "word_vectors": rng.normal(size=(len(words) + 2, dims["word"])).astype(np.float16),
        "chars": pack_strings(chars),
        "char_vectors": rng.normal(size=(len(chars) + 2, dims["char"])),
        "conv_w": rng.normal(size=(dims["filters"], dims["char"], 3)),
        "conv_b": rng.normal(size=dims["filters"]),
        "head_w": rng.normal(size=(9, 2 * hidden)),
        "head_b": rng.normal(size=9),
    }
    arrays["char_vectors"][0] = 0.0  # padding
    for suffix in ("", "_rev"):
        arrays["w_ih" + suffix] = rng.normal(size=(4 * hidden, width))
        arrays["w_hh" + suffix] = rng.normal(size=(4 * hidden, hidden))
        arrays["b" + suffix] = rng.normal(size=4 * hidden)
    for f, vs in values.items():
        arrays["values_" + f] = pack_strings(vs)
        arrays["vectors_" + f] = rng.normal(size=(len(vs) + 2, dims["feature"]))
    np.savez(path, **arrays)


def _reference(path: Path, tokens: list[str]) -> np.ndarray:
    """Label scores computed the slow, obvious way from the same file."""
    z = np.load(path)
    sig = lambda x: 1.0 / (1.0 + np.exp(-x))  # noqa: E731
    word_id = {w: i + 2 for i, w in enumerate(unpack_strings(z["words"]))}
    char_id = {c: i + 2 for i, c in enumerate(unpack_strings(z["chars"]))}
    toks = [t if t.strip() else "_" for t in tokens]
    inputs = []
    for tok, gaz in zip(toks, sentence_gazetteer(toks), strict=True):
        parts = word_parts(tok)
        wid = next((word_id[f] for f in parts.forms if f in word_id), 1)
        ids = [char_id.get(c, 1) for c in parts.chars] + [0] * (CHAR_WIDTH - len(parts.chars))
        cv = z["char_vectors"][ids]
        padded = np.vstack([np.zeros(cv.shape[1]), cv, np.zeros(cv.shape[1])])
        conv = np.array(
            [[np.sum(padded[p : p + 3].T * z["conv_w"][f]) + z["conv_b"][f] for f in range(len(z["conv_b"]))]
             for p in range(CHAR_WIDTH)]
        )  # fmt: skip
        x = [z["word_vectors"][wid].astype(float), np.maximum(conv, 0).max(axis=0)]
        for f in FEATURE_FIELDS:
            table = {v: i + 2 for i, v in enumerate(unpack_strings(z["values_" + f]))}
            x.append(z["vectors_" + f][table.get(getattr(parts, f), 1)])
        gz = {v: i + 2 for i, v in enumerate(unpack_strings(z["values_gaz"]))}
        x.append(z["vectors_gaz"][gz.get(gaz, 1)])
        inputs.append(np.concatenate(x))
    hidden = z["w_hh"].shape[1]

    def run(seq: list[np.ndarray], suffix: str) -> list[np.ndarray]:
        h, c, out = np.zeros(hidden), np.zeros(hidden), []
        for x in seq:
            g = z["w_ih" + suffix] @ x + z["w_hh" + suffix] @ h + z["b" + suffix]
            i, f, u, o = (g[k * hidden : (k + 1) * hidden] for k in range(4))
            c = sig(f) * c + sig(i) * np.tanh(u)
            h = sig(o) * np.tanh(c)
            out.append(h)
        return out

    fwd = run(inputs, "")
    bwd = run(inputs[::-1], "_rev")[::-1]
    return np.array([z["head_w"] @ np.concatenate([a, b]) + z["head_b"] for a, b in zip(fwd, bwd, strict=True)])


@pytest.fixture()
def network(tmp_path: Path) -> Path:
    path = tmp_path / "net.npz"
    _random_network(path)
    return path


def test_batched_scores_equal_the_one_token_at_a_time_reference(network: Path) -> None:
    scorer = NeuralScorer(str(network))
    batch = scorer.emissions_batch(SENTENCES)
    for tokens, got in zip(SENTENCES, batch, strict=True):
        assert got.shape == (len(tokens), 9)
        assert np.allclose(got, _reference(network, tokens), atol=1e-4)
    # one sentence alone, or again once its words are cached: the same scores
    assert np.allclose(scorer.emissions_batch([SENTENCES[2]])[0], batch[2], atol=1e-5)
    assert np.allclose(scorer.emissions_batch(SENTENCES)[0], batch[0], atol=1e-6)


def test_big_batches_run_in_chunks_of_similar_length(network: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.understand.ner.neural as neural_module

    scorer = NeuralScorer(str(network))
    many = [SENTENCES[k % len(SENTENCES)][: 1 + k % 9] for k in range(11)]
    whole = scorer.emissions_batch(many)
    monkeypatch.setattr(neural_module, "CHUNK", 3)
    chunked = scorer.emissions_batch(many)
    assert [c.shape for c in chunked] == [(len(s), 9) for s in many]
    for a, b in zip(whole, chunked, strict=True):
        assert np.allclose(a, b, atol=1e-5)


def test_word_cache_keeps_its_frequent_half_and_scores_do_not_change(
    network: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marsad.understand.ner.neural as neural_module

    scorer = NeuralScorer(str(network))
    before = scorer.emissions_batch(SENTENCES)
    monkeypatch.setattr(neural_module, "NEURAL_WORD_CACHE", 6)
    scorer.emissions_batch([["في", "بغداد"]])
    for n in range(20):  # rare words only from here on
        scorer.emissions_batch([[f"كلمة{n}", f"كلمتان{n}", f"كلمات{n}"]])
        assert len(scorer._rows) <= 6 + 3  # trimmed between batches
        assert sorted(scorer._rows.values()) == list(range(1, len(scorer._rows) + 1))
    assert "في" in scorer._rows  # the most frequent word of news stays
    for a, b in zip(before, scorer.emissions_batch(SENTENCES), strict=True):
        assert np.allclose(a, b, atol=1e-6)


def test_empty_input(network: Path) -> None:
    scorer = NeuralScorer(str(network))
    assert scorer.emissions_batch([]) == []
    out = scorer.emissions_batch([[], ["بغداد"], []])
    assert [o.shape for o in out] == [(0, 9), (1, 9), (0, 9)]


def test_tagger_adds_the_weighted_neural_scores_to_the_crf(network: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crf = NerTagger(default_model_path())
    both = NerTagger(default_model_path(), str(network))
    scorer = NeuralScorer(str(network))
    order = [LABELS.index(lab) for lab in crf.labels]
    w = tagger_module.NEURAL_WEIGHT
    for c, b, n in zip(crf.emissions_batch(SENTENCES), both.emissions_batch(SENTENCES), scorer.emissions_batch(SENTENCES), strict=True):
        assert np.allclose(b, c + w * n[:, order])
    assert np.allclose(both.trans, crf.trans + w * scorer.trans[np.ix_(order, order)])
    assert len(both.tag(SENTENCES[0])) == len(SENTENCES[0])


def test_the_bilstm_scores_only_sentences_the_crf_is_unsure_of(network: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.understand.ner.crf import marginals_batch, viterbi_batch

    crf = NerTagger(default_model_path())
    both = NerTagger(default_model_path(), str(network))
    sure = [float(p.max(axis=1).min()) for p in marginals_batch(crf.emissions_batch(SENTENCES), crf.trans)]
    gate = sorted(sure)[len(sure) // 2]  # half the sentences on each side
    monkeypatch.setattr(tagger_module, "NEURAL_GATE", gate)
    emits, mixed, _ = both._gated_scores(SENTENCES)
    assert mixed == [s < gate for s in sure] and any(mixed) and not all(mixed)
    full = both.emissions_batch(SENTENCES)
    alone = crf.emissions_batch(SENTENCES)
    for e, m, f, a in zip(emits, mixed, full, alone, strict=True):
        assert np.allclose(e, f if m else a)
    # decoded with the transitions that go with the scores
    labels = crf.labels
    ungated = [[labels[j] for j in p] for p in viterbi_batch(full, both.trans)]
    crf_tags = crf.tag_batch(SENTENCES)
    for tags, m, u, c in zip(both.tag_batch(SENTENCES), mixed, ungated, crf_tags, strict=True):
        assert tags == (u if m else c)
    # a sure sentence's spans and confidences are the CRF's own
    for k, m in enumerate(mixed):
        if not m:
            assert both.spans(SENTENCES[k]) == crf.spans(SENTENCES[k])
    monkeypatch.setattr(tagger_module, "NEURAL_GATE", 0.0)  # the CRF is never unsure: CRF alone
    assert both.tag_batch(SENTENCES) == crf_tags
    monkeypatch.setattr(tagger_module, "NEURAL_GATE", 1.01)  # always unsure: the sum everywhere
    assert both.tag_batch(SENTENCES) == ungated


def test_the_shipped_tagger_uses_the_shipped_bilstm() -> None:
    path = default_neural_path()
    assert path is not None and Path(path).stat().st_size < 30_000_000
    tagger = NerTagger.load()
    assert tagger.neural is not None
    assert tagger.tag(["وصل", "الرئيس", "دونالد", "ترامب", "إلى", "بغداد"]) == ["O", "O", "B-PER", "I-PER", "O", "B-LOC"]
