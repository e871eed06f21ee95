"""Tokeniser: exact offsets, numbers kept whole, punctuation split off, scripts kept apart."""

from __future__ import annotations

import time

from marsad.text.normalize import normalize
from marsad.text.tokens import tokenize


def texts(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def test_offsets_are_exact_and_norm_is_normalize() -> None:
    text = "قالَ المتحدثُ: «وصلت القوات إلى العـــراق» يوم ٣/٨/٢٠٢٥؟"
    tokens = tokenize(text)
    assert tokens, "no tokens"
    for t in tokens:
        assert text[t.start : t.end] == t.text
        assert t.norm == normalize(t.text)
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)


def test_numbers_stay_whole() -> None:
    words = texts("ارتفع السعر 3.5 بالمئة إلى 2,000 دينار في 3/8/2025 عند 10:30 و٢٠٢٥ و٣٫٥ و50%")
    for number in ("3.5", "2,000", "3/8/2025", "10:30", "50%"):
        assert number in words
    assert "٢٠٢٥" in words and "٣٫٥" in words  # و is its own token before a digit
    arabic_digits = next(t for t in tokenize("عام ٢٠٢٥") if t.is_number)
    assert arabic_digits.norm == "2025"


def test_arabic_punctuation_is_separate() -> None:
    words = texts("هل انسحبت؟ نعم، انسحبت؛ «قطعاً» “هكذا”")
    for mark in ("؟", "،", "؛", "«", "»", "“", "”"):
        assert mark in words
    assert "انسحبت" in words and "قطعاً" in words


def test_word_classes() -> None:
    tokens = tokenize("بغداد 2025 .")
    assert [(t.is_word, t.is_number) for t in tokens] == [(True, False), (False, True), (False, False)]


def test_diacritics_and_tatweel_stay_inside_the_word() -> None:
    (token,) = tokenize("العِـــراقُ")
    assert token.norm == "العراق"


def test_latin_and_arabic_are_split_and_format_marks_dropped() -> None:
    assert texts("Reutersقالت") == ["Reuters", "قالت"]
    assert texts("\u200fبغداد\u200f") == ["بغداد"]
    assert texts("al-Asad base") == ["al-Asad", "base"]


def test_empty_and_non_arabic_text() -> None:
    assert tokenize("") == []
    assert tokenize("   \n\t") == []
    assert texts("The U.S. left, he said!") == ["The", "U", ".", "S", ".", "left", ",", "he", "said", "!"]


def test_long_text_is_fast_and_exact() -> None:
    text = "أعلنت الحكومة العراقية، يوم ٣ آب، انسحاب 2,500 جندي من قاعدة عين الأسد. " * 1500  # ~100k chars
    start = time.perf_counter()
    tokens = tokenize(text)
    assert time.perf_counter() - start < 2.0
    assert len(tokens) == 16 * 1500
    assert all(text[t.start : t.end] == t.text for t in tokens[-50:])
