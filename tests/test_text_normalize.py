"""Normalisation for matching, offsets back to the original, and clitic match keys."""

from __future__ import annotations

from marsad.text.clitics import match_keys
from marsad.text.normalize import normalize, normalize_with_offsets, original_span
from marsad.text.tokens import tokenize


def test_letter_variants_fold_together() -> None:
    assert normalize("أميركا") == normalize("اميركا") == normalize("إميركا")
    assert normalize("الكبرى") == "الكبري"
    assert normalize("القاعدة") == "القاعده"
    assert normalize("مؤتمر") == "موتمر" and normalize("رئيس") == "رييس"
    assert normalize("ﻻ") == "لا"  # presentation form


def test_diacritics_tatweel_and_digits() -> None:
    assert normalize("بَغْدَادُ") == "بغداد"
    assert normalize("واشـــنطن") == "واشنطن"
    assert normalize("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert normalize("۱۴۰۴") == "1404"
    assert normalize("٣٫٥") == "3.5"


def test_whitespace_and_invisible_marks() -> None:
    assert normalize("  قال \u200f  الوزير\n") == "قال الوزير"
    assert normalize("") == ""
    assert normalize("\u200b\u200f") == ""


def test_offsets_map_a_normalised_match_back_to_the_original() -> None:
    text = "وصلت القواتُ إلى عَيْنِ الأسَدِ صباحاً"
    norm, offsets = normalize_with_offsets(text)
    i = norm.index("عين الاسد")
    start, end = original_span(offsets, i, i + len("عين الاسد"))
    assert "عَيْنِ الأسَدِ".startswith(text[start:end])  # a trailing mark after the last letter may be left out
    assert normalize(text[start:end]) == "عين الاسد"
    assert len(offsets) == len(norm) + 1


def test_token_norms_agree_with_text_norm() -> None:
    text = "أعلنت الحكومةُ العراقيةُ ٣ قرارات"
    assert " ".join(t.norm for t in tokenize(text)) == normalize(text)


def test_clitic_keys_see_through_prefixes() -> None:
    assert "واشنطن" in match_keys(normalize("وواشنطن"))
    assert "العراق" in match_keys(normalize("بالعراق"))
    assert "ايران" in match_keys(normalize("لإيران"))
    assert "الحكومه" in match_keys(normalize("للحكومة"))
    assert "الولايات" in match_keys(normalize("فالولايات"))
    assert "الاتفاق" in match_keys(normalize("وبالاتفاق"))


def test_clitic_keys_keep_the_word_first_and_never_cut_too_short() -> None:
    assert match_keys("بغداد")[0] == "بغداد"
    assert match_keys("وزير")[0] == "وزير"
    assert all(len(k) >= 2 for k in match_keys("وبه"))
    assert match_keys("و") == ("و",)
