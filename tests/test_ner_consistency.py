"""Document-level label consistency: confident names spread to their untagged repeats."""

from __future__ import annotations

import io

import pytest
from conftest import patches_compiled

from marsad.understand.ner.consistency import propagate
from marsad.understand.ner.tagger import NerTagger, TaggedSpan, iob_spans, iob_tags

# Original sentences of one made-up article.
DOC = [
    ["التقى", "الوزير", "سعيد", "الكعبي", "وفدا", "من", "بغداد", "."],
    ["وأكد", "الكعبي", "أن", "سعيد", "الكعبي", "سيزور", "وبغداد", "قريبا", "."],
    ["وقال", "مع", "أحمد", "إن", "الزيارة", "مهمة", "."],
]


def test_a_confident_name_tags_its_untagged_repeats_clitics_seen_through() -> None:
    spans = [
        [TaggedSpan(2, 3, "PER", 0.97), TaggedSpan(6, 6, "LOC", 0.95)],
        [],
        [],
    ]
    out = propagate(DOC, spans)
    assert out[0] == spans[0]  # nothing removed or retyped
    assert out[1] == [  # «الكعبي» alone, the full name, and وبغداد = و + بغداد
        TaggedSpan(1, 1, "PER", 0.97), TaggedSpan(3, 4, "PER", 0.97), TaggedSpan(6, 6, "LOC", 0.95)
    ]
    assert out[2] == []


def test_unsure_short_or_overlapping_names_do_not_spread() -> None:
    unsure = [[TaggedSpan(2, 3, "PER", 0.6)], [], []]
    assert propagate(DOC, unsure) == unsure
    short = [[], [], [TaggedSpan(1, 1, "PER", 0.99)]]  # «مع» (two letters) is no name to spread
    assert propagate(DOC, short) == short
    # the repeat is already inside another span: left as the tagger had it
    taken = [[TaggedSpan(6, 6, "LOC", 0.99)], [TaggedSpan(5, 7, "ORG", 0.5)], []]
    assert propagate(DOC, taken)[1] == [TaggedSpan(5, 7, "ORG", 0.5)]


def test_majority_type_and_longest_match_win() -> None:
    doc = [["زار", "حلب", "أمس"], ["قال", "حلب", "إن"], ["وصل", "إلى", "حلب", "الشهباء"], ["في", "حلب", "اليوم"]]
    spans = [[TaggedSpan(1, 1, "LOC", 0.95)], [TaggedSpan(1, 1, "LOC", 0.92)], [TaggedSpan(2, 3, "LOC", 0.91)], []]
    out = propagate(doc, spans)
    assert out[3] == [TaggedSpan(1, 1, "LOC", 0.95)]
    mixed = [[TaggedSpan(1, 1, "PER", 0.95)], [TaggedSpan(1, 1, "LOC", 0.92)], [TaggedSpan(2, 2, "LOC", 0.93)], []]
    assert propagate(doc, mixed)[3][0].type == "LOC"  # two LOC votes against one PER


def test_iob_round_trip() -> None:
    tags = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"]
    spans = [TaggedSpan(a, b, t, 1.0) for a, b, t in iob_spans(tags)]
    assert iob_tags(len(tags), spans) == tags


@patches_compiled
def test_conll_context_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    tagger = NerTagger.load()
    text = "\n\n".join("\n".join(s) for s in DOC) + "\n"

    def fake_spans(sentences: list[list[str]]) -> list[list[TaggedSpan]]:
        # the first sentence of each batch names Said al-Kaabi confidently; the rest, nothing
        return [[TaggedSpan(2, 3, "PER", 0.99)] if s[:2] == DOC[0][:2] else [] for s in sentences]

    monkeypatch.setattr(tagger, "spans_batch", fake_spans)
    out = io.StringIO()
    n = tagger.tag_conll(io.StringIO(text), out, context=3)
    rows = [r.split("\t") for r in out.getvalue().split("\n") if r]
    assert n == sum(len(s) for s in DOC) == len(rows)
    assert [r[0] for r in rows] == [t for s in DOC for t in s]
    tags = [r[1] for r in rows]
    second = tags[len(DOC[0]) : len(DOC[0]) + len(DOC[1])]
    assert second[3:5] == ["B-PER", "I-PER"]  # the repeat in the next sentence
    alone = io.StringIO()
    tagger.tag_conll(io.StringIO(text), alone, context=1)  # each sentence its own document
    second_alone = [r.split("\t")[1] for r in alone.getvalue().split("\n") if r][len(DOC[0]) : len(DOC[0]) + len(DOC[1])]
    assert second_alone[3:5] == ["O", "O"]


def test_a_frequent_ordinary_word_does_not_spread() -> None:
    # «يلي» ("as follows") is among the most frequent news words and no name in the NER corpora:
    # one mistaken tagging of it must not mark its every repeat
    doc = [["وجاء", "في", "البيان", "ما", "يلي", ":"], ["وأضاف", "كما", "يلي", "."]]
    spans = [[TaggedSpan(4, 4, "PER", 0.99)], []]
    assert propagate(doc, spans) == spans


def test_a_person_is_named_again_by_the_last_word_of_the_name() -> None:
    spans = [[TaggedSpan(2, 3, "PER", 0.97)], [], []]
    out = propagate(DOC, spans)
    assert TaggedSpan(1, 1, "PER", 0.97) in out[1]  # «وأكد الكعبي»
    assert TaggedSpan(3, 4, "PER", 0.97) in out[1]  # the full name, whole


def test_an_unsure_span_takes_the_type_given_confidently_elsewhere() -> None:
    doc = [["زار", "حلب", "أمس"], ["وقال", "أهل", "حلب", "إن"]]
    spans = [[TaggedSpan(1, 1, "LOC", 0.95)], [TaggedSpan(2, 2, "PER", 0.55)]]
    out = propagate(doc, spans)
    assert out[1] == [TaggedSpan(2, 2, "LOC", 0.55)]
