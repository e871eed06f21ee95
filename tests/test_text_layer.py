"""The Arabic text layer: normalisation with offsets, clitic keys, tokens, sentences."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.clitics import match_keys
from marsad.text.normalize import normalize, normalize_with_offsets, original_span
from marsad.text.sentences import split_sentences
from marsad.text.tokens import tokenize


def test_normalize_folds_variants_and_marks() -> None:
    assert normalize("أمريكا") == normalize("امريكا") == "امريكا"
    assert normalize("إيران") == "ايران"
    assert normalize("مستشفى") == "مستشفي"
    assert normalize("الدولة") == "الدوله"
    assert normalize("وَأَكَّدَ") == "واكد"
    assert normalize("العـــراق") == "العراق"
    assert normalize("٢٠٢٥ و۱۲") == "2025 و12"
    assert normalize("Reuters  \u200fقال\n") == "reuters قال"


def test_normalize_offsets_map_back_to_original() -> None:
    text = "قالَ  الرئيسُ العراقيُّ"
    norm, offsets = normalize_with_offsets(text)
    i = norm.index("العراقي")
    start, end = original_span(offsets, i, i + len("العراقي"))
    assert text[start:end] == "العراقيُّ"[: end - start]
    assert text[start:end].startswith("العراقي")


def test_match_keys_see_through_proclitics() -> None:
    assert "واشنطن" in match_keys(normalize("وواشنطن"))
    assert "العراق" in match_keys(normalize("بالعراق"))
    assert "الحكومه" in match_keys(normalize("للحكومة"))
    assert "ايران" in match_keys(normalize("لإيران"))
    assert match_keys("بغداد")[0] == "بغداد"


def test_tokens_keep_exact_offsets() -> None:
    text = "غادر ٣٫٥ ألف جندي في 3/8/2025، حسب «رويترز»."
    tokens = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    words = [t.text for t in tokens]
    assert "3/8/2025" in words and "٣٫٥" in words
    assert "«" in words and "،" in words
    assert tokenize("") == []


def test_sentences_respect_numbers_abbreviations_and_lines() -> None:
    text = (
        "عنوان الخبر\n"
        "قال د. سامي إن النمو بلغ 3.5% في 1.8.2025. وأضاف: «سنواصل العمل.» ثم غادر!\n"
        "هل انتهى الأمر؟ لا."
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "عنوان الخبر",
        "قال د. سامي إن النمو بلغ 3.5% في 1.8.2025.",
        "وأضاف: «سنواصل العمل.»",
        "ثم غادر!",
        "هل انتهى الأمر؟",
        "لا.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.index for s in sentences] == list(range(6))


def test_sentences_on_empty_long_and_latin_text() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\n ") == []
    long_text = "انعقد الاجتماع في بغداد. " * 5000
    sentences = split_sentences(long_text)
    assert len(sentences) == 5000
    english = split_sentences("US forces left. Mr. Smith said so.")
    assert [s.text for s in english] == ["US forces left.", "Mr. Smith said so."]


_ALPHABET = list("أإآاىيةهؤئ ًٌٍَُِّْـ٠١٢۳abcXYZ \n\t\u200f\u200b،.ﻻﺍ") + ["İ", "ß", "Ω"]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET)) | st.text())
def test_fast_normalize_equals_offset_normalize(text: str) -> None:
    norm, offsets = normalize_with_offsets(text)
    assert normalize(text) == norm
    assert len(offsets) == len(norm) + 1
