"""The numpy CRF decoder against CRFsuite and against brute force: same scores, same tags, same
marginals; batching and caching change nothing."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

import marsad.understand.ner.tagger as tagger_module
from marsad.understand.ner.crf import CrfWeights, marginals_batch, viterbi_batch
from marsad.understand.ner.features import gazetteer_tags, normalised_words, sentence_features, token_features
from marsad.understand.ner.tagger import NerTagger, default_model_path
from marsad.understand.ner.train import train, train_sentences

# Original sentences, chosen to touch every kind of feature: knowledge-base names with clitics,
# sentence edges (one- and two-token sentences), Latin, digits, punctuation, a blank token.
SENTENCES = [
    ["قال", "الرئيس", "الأمريكي", "دونالد", "ترامب", "إن", "قواته", "ستغادر", "العراق", "."],
    ["وصل", "وفد", "من", "الأمم", "المتحدة", "إلى", "بغداد", "وأربيل", "يوم", "12", "آذار", "2025"],
    ["بغداد"],
    ["نفت", "رويترز"],
    ["أعلنت", "شركة", "Apple", "عن", "هاتف", "جديد", "بسعر", "999", "دولارا", "،", "وفق", "بيان", "  ", "."],
    ["التقى", "وزير", "الخارجية", "التركي", "بنظيره", "الإيراني", "في", "أنقرة", "لبحث", "ملف", "قسد"],
]


@pytest.fixture(scope="module")
def shipped() -> NerTagger:
    """The shipped CRF alone (the BiLSTM's share is tested in test_ner_neural.py)."""
    return NerTagger(default_model_path())


def _reference_emissions(weights: CrfWeights, tokens: list[str]) -> np.ndarray:
    """Scores as CRFsuite defines them: the sum of the state weights of every feature that fires."""
    toks = [t if t.strip() else "_" for t in tokens]
    out = np.zeros((len(toks), len(weights.labels)))
    for i, feats in enumerate(sentence_features(toks)):
        for f in feats:
            if f in weights.index:
                out[i] += weights.state[weights.index[f]]
    return out


def test_cached_word_scores_equal_the_sum_over_token_features(shipped: NerTagger) -> None:
    # an empty sentence, and sentences met again (their words and bigrams then come from the caches)
    sentences = [*SENTENCES, [], SENTENCES[0], SENTENCES[3]]
    for _ in range(2):
        batch = shipped.emissions_batch(sentences)
        for tokens, got in zip(sentences, batch, strict=True):
            assert got.shape == (len(tokens), len(shipped.weights.labels))
            assert np.allclose(got, _reference_emissions(shipped.weights, tokens), atol=1e-9)
    toks = SENTENCES[1]
    assert sentence_features(toks)[5] == token_features(toks, 5, gazetteer_tags(normalised_words(toks)))
    assert "-1|0=" + "|".join(normalised_words(toks[4:6])) in token_features(toks, 5)


def _brute_force(emit: np.ndarray, trans: np.ndarray) -> tuple[list[int], np.ndarray]:
    n, labels = emit.shape
    scores = {}
    for path in itertools.product(range(labels), repeat=n):
        s = sum(emit[t, path[t]] for t in range(n)) + sum(trans[path[t - 1], path[t]] for t in range(1, n))
        scores[path] = s
    best = max(scores, key=scores.__getitem__)
    z = np.logaddexp.reduce(np.array(list(scores.values())))
    marg = np.zeros((n, labels))
    for path, s in scores.items():
        for t in range(n):
            marg[t, path[t]] += np.exp(s - z)
    return list(best), marg


def test_viterbi_and_marginals_match_brute_force_in_a_mixed_batch() -> None:
    rng = np.random.default_rng(7)
    trans = rng.normal(0, 2, (3, 3))
    emits = [rng.normal(0, 3, (n, 3)) for n in (4, 1, 0, 3, 5, 2)]
    paths = viterbi_batch(emits, trans)
    margs = marginals_batch(emits, trans)
    for emit, path, marg in zip(emits, paths, margs, strict=True):
        if emit.shape[0] == 0:
            assert path == [] and marg.shape == (0, 3)
            continue
        best, expected = _brute_force(emit, trans)
        assert path == best
        assert np.allclose(marg, expected, atol=1e-9)


@pytest.mark.parametrize("with_bilstm", [False, True])
def test_batch_equals_one_sentence_at_a_time(shipped: NerTagger, with_bilstm: bool) -> None:
    if with_bilstm:
        shipped = NerTagger.load()
        assert shipped.neural is not None
    together = shipped.spans_batch(SENTENCES)
    alone = [shipped.spans(s) for s in SENTENCES]
    assert [[x[:3] for x in a] for a in together] == [[x[:3] for x in a] for a in alone]
    for a, b in zip(together, alone, strict=True):
        # the BiLSTM computes in float32: a batch of another shape rounds differently
        assert [x.confidence for x in a] == pytest.approx([x.confidence for x in b], abs=1e-6 if with_bilstm else 1e-9)
    assert shipped.tag_batch(SENTENCES) == [shipped.tag(s) for s in SENTENCES]
    assert shipped.tag_batch([]) == [] and shipped.tag([]) == [] and shipped.spans([]) == []
    names = {(SENTENCES[1][x.first], x.type) for x in together[1]}
    assert ("بغداد", "LOC") in names


def _toy_corpus() -> list[list[tuple[str, str]]]:
    people = ["كريم", "سلمى", "يوسف", "ليلى"]
    places = ["حلب", "بغداد", "عمان", "تونس"]
    out = []
    for k in range(24):
        p, q = people[k % 4], places[(k * 3) % 4]
        out.append([("زار", "O"), (p, "B-PER"), ("مدينة", "O"), (q, "B-LOC"), ("أمس", "O")])
        out.append([("قال", "O"), (p, "B-PER"), ("منصور", "I-PER"), ("في", "O"), (q, "B-LOC")])
    return out


def test_decoder_agrees_with_crfsuite_and_export_round_trips(tmp_path: Path) -> None:
    model = tmp_path / "toy.crfsuite"
    train_sentences(_toy_corpus(), str(model), max_iterations=50)
    from_model = NerTagger(str(model))
    CrfWeights.from_crfsuite(model).save(tmp_path / "toy.npz")
    from_npz = NerTagger(str(tmp_path / "toy.npz"))
    reference = pycrfsuite.Tagger()
    reference.open(str(model))
    for tokens in [*SENTENCES, ["زار", "سلمى", "مدينة", "عمان", "أمس"], ["قال", "يوسف", "في", "تونس"]]:
        feats = sentence_features([t if t.strip() else "_" for t in tokens])
        expected = list(reference.tag(feats))
        assert from_model.tag(tokens) == expected == from_npz.tag(tokens)
        for span in from_npz.spans(tokens):
            probs = [reference.marginal(expected[i], i) for i in range(span.first, span.last + 1)]
            assert span.confidence == pytest.approx(sum(probs) / len(probs), abs=1e-5)
    assert from_npz.tag(["زار", "ليلى", "مدينة", "حلب"])[1] == "B-PER"


def test_npz_output_of_training(tmp_path: Path) -> None:
    conll = tmp_path / "toy.conll"
    conll.write_text("\n\n".join("\n".join(f"{t}\t{g}" for t, g in s) for s in _toy_corpus()) + "\n", "utf-8")
    meta = train([str(conll)], str(tmp_path / "m.npz"))
    assert meta["model_bytes"] == (tmp_path / "m.npz").stat().st_size
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz", "toy.conll"]  # no CRFsuite file left
    assert NerTagger(str(tmp_path / "m.npz")).tag(["قال", "كريم", "في", "حلب"]) == ["O", "B-PER", "O", "B-LOC"]


def test_unreadable_weights_fail_clearly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ValueError):
        NerTagger(str(bad))


def test_conll_batches_keep_every_token_and_blank_line(shipped: NerTagger) -> None:
    lines = ["بغداد", "", "", "نفت\tO", "رويترز", "", "قال", "ترامب", ""]
    out = io.StringIO()
    n = shipped.tag_conll(io.StringIO("\n".join(lines) + "\n"), out, batch=1)
    got = out.getvalue().split("\n")[:-1]
    assert n == 5 and len(got) == len(lines)
    assert [g.split("\t")[0] for g in got] == [line.split("\t")[0] for line in lines]
    whole = io.StringIO()
    shipped.tag_conll(io.StringIO("\n".join(lines) + "\n"), whole)
    assert whole.getvalue() == out.getvalue()


def test_word_cache_is_bounded_and_refilling_it_changes_nothing(
    shipped: NerTagger, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = NerTagger(shipped.path)
    before = fresh.emissions_batch(SENTENCES)
    monkeypatch.setattr(tagger_module, "TAGGER_WORD_CACHE", 8)
    fresh.emissions_batch([["في", "بغداد"]])
    for n in range(30):  # rare words only from here on
        fresh.emissions_batch([[f"كلمة{n}", f"كلمتان{n}", f"كلمات{n}"]])
        assert len(fresh._rows) <= 8 + 3  # trimmed between batches, never inside one
    assert "في" in fresh._rows  # the most frequent word of news stays
    after = fresh.emissions_batch(SENTENCES)
    for a, b in zip(before, after, strict=True):
        assert np.allclose(a, b, atol=1e-12)
