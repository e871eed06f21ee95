"""Sentence splitting: numbers, abbreviations, quotes, headings, Arabic-Indic digits, bad input."""

from __future__ import annotations

from marsad.text.sentences import split_sentences


def split(text: str) -> list[str]:
    sentences = split_sentences(text)
    for i, s in enumerate(sentences):
        assert s.index == i
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
    return [s.text for s in sentences]


def test_terminators_split() -> None:
    assert split("وصل الوفد. بدأ الاجتماع! هل انتهى؟ نعم") == ["وصل الوفد.", "بدأ الاجتماع!", "هل انتهى؟", "نعم"]
    assert split("ماذا جرى؟! لا أحد يعرف") == ["ماذا جرى؟!", "لا أحد يعرف"]


def test_decimals_and_dates_do_not_split() -> None:
    assert split("بلغ النمو 3.5 بالمئة في 1.8.2025 وفق التقرير. ثم تراجع") == [
        "بلغ النمو 3.5 بالمئة في 1.8.2025 وفق التقرير.",
        "ثم تراجع",
    ]
    assert split("بلغ النمو ٣.٥ بالمئة و٢٫٥ في ٢٠٢٥. ثم تراجع") == ["بلغ النمو ٣.٥ بالمئة و٢٫٥ في ٢٠٢٥.", "ثم تراجع"]


def test_abbreviations_do_not_split() -> None:
    assert split("التقى د. سمير العاني بالوفد. ثم غادر") == ["التقى د. سمير العاني بالوفد.", "ثم غادر"]
    assert split("صرح م. علي للصحفيين. انتهى") == ["صرح م. علي للصحفيين.", "انتهى"]
    assert split("Mr. Hall met J. Smith. They left.") == ["Mr. Hall met J. Smith.", "They left."]


def test_era_marker_after_a_year_ends_the_sentence() -> None:
    assert split("بدأ المشروع عام 2020 م. ثم توقف") == ["بدأ المشروع عام 2020 م.", "ثم توقف"]


def test_newline_always_splits_and_headings_stand_alone() -> None:
    text = "خلفيات القرار\nقال المسؤول إن القرار نهائي\n\nماذا بعد؟\nلا أحد يعرف."
    assert split(text) == ["خلفيات القرار", "قال المسؤول إن القرار نهائي", "ماذا بعد؟", "لا أحد يعرف."]


def test_quoted_speech_stays_with_its_sentence() -> None:
    text = "قال الوزير: «لن نتراجع. سنمضي قدماً» ثم غادر القاعة. وبعد ذلك انفض الاجتماع."
    assert split(text) == ["قال الوزير: «لن نتراجع. سنمضي قدماً» ثم غادر القاعة.", "وبعد ذلك انفض الاجتماع."]
    text = "وأضاف: «سنواصل العمل.» ثم غادر."
    assert split(text) == ["وأضاف: «سنواصل العمل.»", "ثم غادر."]
    assert split("قال “انتهى الأمر. نهائياً” وصمت. ثم") == ["قال “انتهى الأمر. نهائياً” وصمت.", "ثم"]


def test_unclosed_quote_does_not_swallow_the_text() -> None:
    assert split("قال «لن نتراجع. ثم غادر. وانتهى") == ["قال «لن نتراجع.", "ثم غادر.", "وانتهى"]


def test_arabic_semicolon_does_not_split() -> None:
    assert split("ارتفعت الأسعار؛ فتراجع الطلب. ثم") == ["ارتفعت الأسعار؛ فتراجع الطلب.", "ثم"]


def test_empty_whitespace_and_punctuation_only() -> None:
    assert split("") == []
    assert split(" \n \n\t") == []
    assert split("...") == ["..."]


def test_non_arabic_text() -> None:
    assert split("Troops left the base. Officials said so.") == ["Troops left the base.", "Officials said so."]


def test_long_text() -> None:
    text = "انعقد الاجتماع في بغداد وبلغت النسبة 3.5 بالمئة. " * 2500  # ~120k chars
    sentences = split_sentences(text)
    assert len(sentences) == 2500
    assert all(text[s.start : s.end] == s.text for s in sentences)
