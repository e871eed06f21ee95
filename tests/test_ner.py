"""Tests for the Arabic CRF NER tagger (fast; use only the shipped model, no /work/shared data)."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest

from marsad.understand.ner.evaluate import evaluate, spans  # noqa: E402
from marsad.understand.ner.features import cue_words, sentence_features  # noqa: E402
from marsad.understand.ner.tagger import NerTagger, default_model_path  # noqa: E402
from marsad.understand.ner.train import map_tag, repair_iob  # noqa: E402

VALID = {"O"} | {f"{p}-{t}" for p in "BI" for t in ("PER", "ORG", "LOC", "MISC")}


@pytest.fixture(scope="module")
def tagger() -> NerTagger:
    return NerTagger.load()


def _types(tokens, tags):
    return {(" ".join(tokens[s:e]), t) for s, e, t in spans(tags)}


def test_shipped_model_loads_fast_and_small():
    path = default_model_path()
    assert os.path.exists(path)
    assert os.path.getsize(path) <= 60 * 1024 * 1024
    t0 = time.perf_counter()
    NerTagger(path)
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
