"""Tests for the Arabic CRF NER tagger (fast; use only the shipped model, no /work/shared data)."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest

from marsad.understand.ner.evaluate import evaluate, spans  # noqa: E402
from marsad.understand.ner.features import cue_words, sentence_features  # noqa: E402
from marsad.understand.ner.tagger import NerTagger, default_model_path, default_neural_path  # noqa: E402
from marsad.understand.ner.train import map_tag, repair_iob  # noqa: E402

VALID = {"O"} | {f"{p}-{t}" for p in "BI" for t in ("PER", "ORG", "LOC", "MISC")}


@pytest.fixture(scope="module")
def tagger() -> NerTagger:
    return NerTagger.load()


def _types(tokens, tags):
    return {(" ".join(tokens[s:e]), t) for s, e, t in spans(tags)}


def test_shipped_model_loads_fast_and_small():
    path, neural = default_model_path(), default_neural_path()
    assert os.path.exists(path) and neural is not None and os.path.exists(neural)
    assert os.path.getsize(path) + os.path.getsize(neural) <= 60 * 1024 * 1024
    t0 = time.perf_counter()
    NerTagger(path, neural)
    assert time.perf_counter() - t0 <= 2.0
    assert NerTagger.load() is NerTagger.load()


def test_tags_person_org_place(tagger):
    # Original sentence: "The Egyptian president Khaled Mansour met the head of the World Health
    # Organization in the city of Alexandria on Tuesday."
    toks = [
        "التقى",
        "الرئيس",
        "خالد",
        "منصور",
        "مدير",
        "منظمة",
        "الصحة",
        "العالمية",
        "في",
        "مدينة",
        "الإسكندرية",
        "يوم",
        "الثلاثاء",
        ".",
    ]
    tags = tagger.tag(toks)
    assert len(tags) == len(toks) and set(tags) <= VALID
    found = _types(toks, tags)
    assert any(t == "PER" and "منصور" in s for s, t in found), found
    assert any(t == "ORG" and "الصحة" in s for s, t in found), found
    assert any(t == "LOC" and "الإسكندرية" in s for s, t in found), found
    assert tags[0] == "O" and tags[-1] == "O"


def test_tags_second_sentence(tagger):
    # Original: "Minister Samira Al-Hashemi said in Amman that the Arab League supports the plan."
    toks = [
        "وقالت",
        "الوزيرة",
        "سميرة",
        "الهاشمي",
        "في",
        "عمان",
        "إن",
        "جامعة",
        "الدول",
        "العربية",
        "تدعم",
        "الخطة",
        ".",
    ]
    found = _types(toks, tagger.tag(toks))
    assert any(t == "PER" and "الهاشمي" in s for s, t in found), found
    assert any(t == "LOC" and s == "عمان" for s, t in found), found
    assert any(t == "ORG" and "الدول" in s for s, t in found), found


def test_currency_names_are_misc_whatever_the_context(tagger, monkeypatch):
    # "The settler paid a fine of 500 shekels; the rouble fell against the dollar." Currencies are
    # MISC in ANERcorp; «شيكل» and «الروبل» are rare in training, and ريال مدريد stays a club.
    import marsad.understand.ner.tagger as tagger_module
    from marsad.text.tokens import normalize_word
    from marsad.understand.ner.features import is_currency

    toks = ["دفع", "المستوطن", "غرامة", "قدرها", "500", "شيكل", "بينما", "تراجع", "الروبل", "مقابل", "بالدولار", "."]
    found = _types(toks, tagger.tag(toks))
    assert {("شيكل", "MISC"), ("الروبل", "MISC"), ("بالدولار", "MISC")} <= found, found
    assert [s for s in tagger.spans(toks) if s.type == "MISC" and s.confidence < 0.99] == []
    club = ["فاز", "ريال", "مدريد", "على", "برشلونة"]
    assert ("ريال مدريد", "ORG") in _types(club, tagger.tag(club))
    assert is_currency("والشيكل") and is_currency("دولارا") and not is_currency("ريال") and not is_currency("مدريد")
    assert is_currency(normalize_word("بالليرة")) and not is_currency(normalize_word("الليل"))
    # without the prior the shipped tagger leaves «بالدولار» and the rarer currencies untagged
    rare = ["تراجع", "سعر", "الليرة", "مقابل", "بالدولار", "واليوان", "والروبية", "."]
    assert _types(rare, tagger.tag(rare)) == {(w, "MISC") for w in ("الليرة", "بالدولار", "واليوان", "والروبية")}
    monkeypatch.setattr(tagger_module, "CURRENCY_PRIOR", 0.0)
    plain = NerTagger(default_model_path(), default_neural_path())
    assert ("بالدولار", "MISC") not in _types(rare, plain.tag(rare))


def test_tag_conll_keeps_tokens_and_lines(tagger):
    text = (
        "محمد\tB-PER\nعلي  x\nفي\nبغداد\n\n\nوزارة\nالخارجية\n"
        "Google\n١٢٣\n؟\nقال\nالشيخ\nحمد"
    )  # no final newline, double blank, extra columns
    out = io.StringIO()
    n = tagger.tag_conll(io.StringIO(text), out)
    in_lines = text.split("\n")
    out_lines = out.getvalue().rstrip("\n").split("\n")
    assert len(out_lines) == len(in_lines)
    assert n == sum(1 for x in in_lines if x.strip())
    for a, b in zip(in_lines, out_lines, strict=True):
        if not a.strip():
            assert b == ""
        else:
            tok, tag = b.split("\t")
            assert tok == a.split("\t")[0].split()[0]
            assert tag in VALID


def test_edge_cases_do_not_crash(tagger):
    assert tagger.tag([]) == []
    out = io.StringIO()
    assert tagger.tag_conll(io.StringIO(""), out) == 0 and out.getvalue() == ""
    long = (
        [
            "ذهب",
            "الرئيس",
            "محمد",
            "إلى",
            "القاهرة",
            "ثم",
            "عاد",
            "إلى",
            "عمان",
            "مع",
            "وفد",
            "وزارة",
            "الخارجية",
        ]
        * 200
    )[:2000]
    tags = tagger.tag(long)
    assert len(tags) == 2000 and set(tags) <= VALID
    latin = ["Barack", "Obama", "visited", "Paris", "with", "the", "UN", "team", "in", "2015", "."]
    assert len(tagger.tag(latin)) == len(latin)
    odd = ["", " ", "\u200f", "ـــ", "😀", "a\tb"]
    assert len(tagger.tag(odd)) == len(odd)


def test_features_and_cues():
    cues = cue_words()
    assert cues["الرييس"] == "PER" and cues["وزاره"] == "ORG" and cues["مدينه"] == "LOC"
    f = sentence_features(["قال", "الرئيس", "وبالعراق"])
    assert "cue=PER" in f[1] and "-1cue=PER" in f[2] and "al" in f[1]
    assert "stem=عراق" in f[2] and "k=العراق" in f[2]  # clitic-stripped forms of وبالعراق
    assert "+1BOS" not in f[0] and "-1BOS" in f[0]


def test_cluster_lexicon_and_knowledge_base_features():
    f = sentence_features(["زار", "الوزير", "بلنسية", "ثم", "بغداد", "ودونالد", "ترامب"])
    # distributional clusters at every granularity the table has, also for neighbours
    assert any(x.startswith("c0=") for x in f[2]) and any(x.startswith("-1c0=") for x in f[2])
    # the auxiliary corpora's dominant tag for a word (بلنسية is Valencia)
    assert "lx=B-LOC" in f[2] and "+1lx=B-LOC" in f[1]
    # knowledge-base names: type and position, the first word seen through its clitic
    assert "gz=B-LOC" in f[4]
    assert "gz=B-PER" in f[5] and "gz=I-PER" in f[6] and "-1gz=B-PER" in f[6]
    assert not any(x.startswith("gz=") for x in f[0])


def test_gazetteer_tags_skip_ordinary_words():
    from marsad.text.normalize import normalize
    from marsad.understand.ner.features import gazetteer_tags

    words = [normalize(w) for w in ["قال", "إن", "الأمل", "في", "بغداد", "والعراق"]]
    tags = gazetteer_tags(words)
    assert tags[:4] == ["O"] * 4
    assert tags[4:] == ["B-LOC", "B-LOC"]


def test_domain_adaptation_copies_only_auxiliary_features():
    from marsad.understand.ner.train import domain_features

    feats = [["w=a", "b"], ["w=c"]]
    assert domain_features(feats, "") is feats
    assert domain_features(feats, "d1") == [["w=a", "b", "d1:w=a", "d1:b"], ["w=c", "d1:w=c"]]


def test_cross_validation_drops_auxiliary_sentences_overlapping_the_test_fold():
    from marsad.understand.ner.evaluate import drop_overlapping

    test = [[(w, "O") for w in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]]]
    same_run = [[(w, "O") for w in ["x", "a", "b", "c", "d", "e", "f", "g", "h", "y"]]]  # shares an 8-token run
    short_run = [[(w, "O") for w in ["a", "b", "c", "d", "e", "f", "g", "x"]]]  # shares only 7 tokens
    tiny = [[("a", "O"), ("b", "O")]]
    assert drop_overlapping(same_run + short_run + tiny, test) == short_run + tiny


def test_tag_mapping():
    assert map_tag("B-PERS") == "B-PER"
    assert map_tag("I-GPE") == "I-LOC" and map_tag("B-FAC") == "B-LOC"
    assert map_tag("B-VEH") == "B-MISC" and map_tag("I-PRO") == "I-MISC" and map_tag("B-WEA") == "B-MISC"
    assert map_tag("O") == "O"
    assert repair_iob(["O", "I-PER", "I-PER", "I-LOC"]) == ["O", "B-PER", "I-PER", "B-LOC"]


def test_evaluate_known_values():
    gold = [["B-PER", "I-PER", "O", "B-LOC", "O"], ["B-ORG", "I-ORG", "I-ORG", "O"]]
    pred = [["B-PER", "I-PER", "O", "B-ORG", "O"], ["B-ORG", "I-ORG", "O", "B-MISC"]]
    m = evaluate(gold, pred)
    # gold: PER, LOC, ORG(0-3); pred: PER, ORG(3-4), ORG(0-2), MISC -> only PER matches.
    assert m["overall"]["tp"] == 1 and m["overall"]["pred"] == 4 and m["overall"]["gold"] == 3
    assert m["overall"]["precision"] == pytest.approx(0.25)
    assert m["overall"]["recall"] == pytest.approx(1 / 3)
    assert m["overall"]["f1"] == pytest.approx(2 * 0.25 * (1 / 3) / (0.25 + 1 / 3))
    assert m["PER"]["f1"] == 1.0 and m["LOC"]["recall"] == 0.0 and m["ORG"]["precision"] == 0.0
    perfect = evaluate(gold, gold)
    assert perfect["overall"]["f1"] == 1.0
    assert spans(["I-PER", "I-PER", "B-PER"]) == {(0, 2, "PER"), (2, 3, "PER")}


def test_ner_command_keeps_every_token(tmp_path: Path) -> None:
    import subprocess
    import sys

    src = tmp_path / "in.conll"
    src.write_text("زار\nالرئيس\nالعراقي\nباريس\n\nوقال\nخالد\nمنصور\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "marsad.cli", "ner", "--conll", str(src)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    tokens = [line.split("\t")[0] for line in lines if line]
    assert tokens == ["زار", "الرئيس", "العراقي", "باريس", "وقال", "خالد", "منصور"]
    assert all(line.split("\t")[1] in {"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"}
               for line in lines if line)
    assert "" in lines[:6], "the sentence break is kept"
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    broken = subprocess.run([sys.executable, "-m", "marsad.cli", "ner", "--conll", str(src), "--neural", str(bad)],
                            capture_output=True, text=True, timeout=120)
    assert broken.returncode != 0 and "cannot load NER model" in broken.stderr and not broken.stdout


def test_cross_validation_runs_folds_in_parallel_with_the_same_result(tmp_path: Path) -> None:
    from marsad.understand.ner.evaluate import cross_validate

    names = ["سامي", "ليلى", "كريم", "هدى", "نبيل", "سلمى"]
    places = ["حلب", "صور", "جدة", "وهران"]
    lines = []
    for i in range(24):
        lines += [f"{names[i % 6]} B-PERS", "زار O", f"{places[i % 4]} B-LOC", ". O", ""]
    data = tmp_path / "tiny.conll"
    data.write_text("\n".join(lines), encoding="utf-8")
    one = cross_validate(str(data), 3, max_iterations=20)
    two = cross_validate(str(data), 3, max_iterations=20, jobs=2, keep_models=str(tmp_path))
    assert one["pooled"] == two["pooled"]
    assert len(one["folds"]) == 3 and one["pooled"]["overall"]["gold"] == 48
    # the saved fold models re-tag their folds to the same result, and with a document context
    from marsad.understand.ner.evaluate import evaluate_folds

    models = [str(tmp_path / f"fold{k}.npz") for k in (1, 2, 3)]
    assert evaluate_folds(str(data), models)["pooled"] == one["pooled"]
    assert evaluate_folds(str(data), models, context=4)["pooled"]["overall"]["gold"] == 48
    # the first folds' models alone (as --max-folds leaves them) tag the first folds of three
    first = evaluate_folds(str(data), models[:2], folds=3)
    assert first["folds"] == one["folds"][:2] and first["pooled"]["overall"]["gold"] == 32
    with pytest.raises(ValueError, match="3 fold models for 2 folds"):
        evaluate_folds(str(data), models, folds=2)


def test_training_file_spec_can_hold_out_a_tail(tmp_path: Path) -> None:
    from marsad.understand.ner.train import split_head

    plain = tmp_path / "a.conll"
    plain.write_text("x O\n", encoding="utf-8")
    assert split_head(f"{plain}@0.8") == (str(plain), 0.8)
    assert split_head(str(plain)) == (str(plain), 1.0)
    assert split_head(f"{plain}@2") == (f"{plain}@2", 1.0)  # not a fraction: a (missing) path
    odd = tmp_path / "b.conll@0.5"  # a real file whose name ends like a spec wins
    odd.write_text("x O\n", encoding="utf-8")
    assert split_head(str(odd)) == (str(odd), 1.0)


def test_train_command_is_reproducible_and_tags_with_the_new_model(tmp_path: Path) -> None:
    import json as _json

    from click.testing import CliRunner

    from marsad.cli import cli

    main_lines, aux_lines = [], []
    for i in range(30):
        name = ["سامي", "ليلى", "كريم"][i % 3]
        main_lines += ["التقى O", f"{name} B-PERS", "في O", "حلب B-LOC", ""]
        aux_lines += [f"{name}\tB-PER", "زار\tO", "صور\tB-GPE", ""]
    main = tmp_path / "main.conll"
    aux = tmp_path / "aux.conll"
    main.write_text("\n".join(main_lines), encoding="utf-8")
    aux.write_text("\n".join(aux_lines), encoding="utf-8")
    runner = CliRunner()
    outs = []
    for n in (1, 2):
        out = tmp_path / f"m{n}.crf"
        r = runner.invoke(cli, ["train", "ner", "--data", str(main), "--data", f"{aux}@0.5", "--out", str(out)])
        assert r.exit_code == 0, r.output
        meta = _json.loads(r.output)
        assert meta["data"]["aux.conll@0.5"]["sentences"] == 15 and meta["domain_adaptation"] is True
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]  # same data, seed and settings: the same model, byte for byte
    tags = NerTagger(str(tmp_path / "m1.crf")).tag(["التقى", "كريم", "في", "حلب"])
    assert tags == ["O", "B-PER", "O", "B-LOC"]
    bad = runner.invoke(cli, ["train", "ner", "--data", str(tmp_path / "none.conll"), "--out", "x"])
    assert bad.exit_code != 0 and "no such file" in bad.output
    vectors = tmp_path / "v.npz"
    vectors.write_bytes(b"")
    half = runner.invoke(cli, ["train", "ner", "--data", str(main), "--out", "x", "--vectors", str(vectors)])
    assert half.exit_code != 0 and "--vectors and --neural-out go together" in half.output
