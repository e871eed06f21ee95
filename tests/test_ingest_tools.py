"""The small helpers: boilerplate, language, encoding, dates, identity."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.ingest.boilerplate import boilerplate_group, load_patterns, strip_boilerplate
from marsad.ingest.dates import date_from_filename, to_iso
from marsad.ingest.encoding import decode_bytes
from marsad.ingest.errors import IngestError
from marsad.ingest.identity import article_id, canonical_url, content_hash
from marsad.ingest.language import detect_language

SENTENCE = "وأشار التقرير إلى أن لجنة المتابعة ستعقد اجتماعها المقبل في العاصمة لمراجعة نتائج المرحلة الأولى."


@pytest.mark.parametrize(
    "line",
    [
        "شارك هذه المقالة",
        "Share",
        "Tweet",
        "فيسبوك | تويتر | واتساب",
        "اقرأ أيضاً: خبر آخر عن الموضوع نفسه",
        "اقرأ المزيد",
        "© 2025 جميع الحقوق محفوظة",
        "جميع الحقوق محفوظة لموقع تجريبي",
        "لن يتم نشر عنوان بريدك الإلكتروني.",
        "الحقول الإلزامية مشار إليها بـ *",
        "لا توجد تعليقات",
        "اترك تعليقاً",
        "تابعونا على تيليجرام",
        "اشترك في النشرة البريدية",
    ],
)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert boilerplate_group(line) is not None
    assert strip_boilerplate(f"{SENTENCE}\n{line}\n{SENTENCE}") == f"{SENTENCE}\n{SENTENCE}"


@pytest.mark.parametrize(
    "line",
    [
        "وأثار تعليق الوزير على نتائج الانتخابات موجة واسعة من الانتقادات في البرلمان أمس.",
        "شارك في الاجتماع وزراء خارجية خمس دول.",
        "تعليقات الوزير أثارت جدلاً واسعاً.",
        "تابعوا سيرهم نحو الحدود رغم المطر.",
        "اشترك في الهجوم عشرات المسلحين.",
    ],
)
def test_real_sentences_survive(line: str) -> None:
    assert strip_boilerplate(f"{SENTENCE}\n{line}") == f"{SENTENCE}\n{line}"


def test_long_line_with_a_pattern_survives() -> None:
    line = "لا توجد تعليقات رسمية حتى الآن من الحكومة على التقارير التي تحدثت عن انسحاب القوات من القاعدة الجوية قرب الحدود"
    assert strip_boilerplate(line) == line


def test_trailing_run_with_form_labels_removed() -> None:
    text = f"{SENTENCE}\n\nشارك هذه المقالة\nالاسم *\nالبريد الإلكتروني *\nالموقع الإلكتروني\nإرسال"
    assert strip_boilerplate(text) == SENTENCE


def test_patterns_file_loads_with_groups() -> None:
    groups = {p.group for p in load_patterns()}
    assert {"share", "social", "read_more", "copyright", "comments", "comment_form", "follow"} <= groups


def test_language() -> None:
    assert detect_language(SENTENCE) == "ar"
    assert detect_language("The committee will meet next week in the capital to review the results.") == "en"
    assert (
        detect_language(
            "Le comité se réunira la semaine prochaine dans la capitale pour examiner les résultats."
        )
        == "fr"
    )
    assert (
        detect_language("کمیته هفته آینده در پایتخت برای بررسی نتایج مرحله اول تشکیل جلسه خواهد داد.") == "fa"
    )
    assert detect_language("12345 !!! ---") == "und"
    assert detect_language("نعم") == "und"


def test_arabic_script_text_without_persian_or_urdu_letters_is_arabic_without_lingua(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from marsad.ingest import language

    def no_lingua(arabic_script: bool) -> None:
        raise AssertionError("lingua asked about plain Arabic text")

    monkeypatch.setattr(language, "_detector", no_lingua)
    assert detect_language(SENTENCE) == "ar"
    # a borrowed letter for a foreign name, in an article of some length, is still Arabic
    borrowed = "أعلنت شركة گوگل اليوم عن فتح مكتب جديد في دبي، وقالت إن المكتب سيخدم عملاءها في منطقة الخليج العربي كلها."
    assert detect_language(f"{borrowed} {SENTENCE} {SENTENCE}") == "ar"


def test_persian_urdu_and_kurdish_letters_still_go_to_lingua() -> None:
    # Persian typed with Arabic ي and ك (as some sites do) still has گ پ چ
    assert detect_language("گفت که پس از چند روز به تهران بازگشت و در جلسه شركت كرد.") == "fa"
    assert detect_language("وزیر اعظم نے کہا کہ حکومت اگلے ہفتے نئی پالیسی کا اعلان کرے گی۔") == "ur"


def test_non_arabic_letters_file_holds_single_letters_of_the_script() -> None:
    from marsad.ingest.language import _is_arabic_script, non_arabic_letters

    letters = non_arabic_letters()
    assert len(letters) >= 20 and all(ch.isalpha() and _is_arabic_script(ch) for ch in letters)
    assert not letters & set("ابتثجحخدذرزسشصضطظعغفقكلمنهوية")  # no letter Arabic spelling uses


def test_decode_declared_and_bom() -> None:
    text = "مرحبا بالعالم"
    assert decode_bytes(text.encode("cp1256"), "windows-1256").text == text
    assert decode_bytes(text.encode("cp1256"), "windows-1256").warning is None
    assert decode_bytes(text.encode("utf-16")).text == text
    assert decode_bytes(text.encode("utf-8"), "no-such-charset").text == text
    with pytest.raises(IngestError, match="empty file"):
        decode_bytes(b"")


def test_dates() -> None:
    assert to_iso("2025-08-14") == "2025-08-14"
    assert to_iso("٢٠٢٥/٠٨/١٤") == "2025-08-14"
    assert to_iso("2025-08-14T09:30:00Z") == "2025-08-14T09:30:00+00:00"
    assert to_iso("Thu, 14 Aug 2025 07:15:00 +0300") == "2025-08-14T07:15:00+03:00"
    assert to_iso("yesterday") is None
    assert to_iso("2025-02-30") is None
    assert date_from_filename("2025-08-14_report.txt") == "2025-08-14"
    assert date_from_filename("report-2025-08-14.txt") is None


def test_identity() -> None:
    assert (
        canonical_url("HTTPS://News.Example:443/a?utm_source=x&b=2&a=1#top")
        == "https://news.example/a?a=1&b=2"
    )
    assert canonical_url("http://news.example") == "http://news.example/"
    same = article_id("https://news.example/a?utm_medium=rss", "h1")
    assert same == article_id("https://news.example/a", "h2") and len(same) == 16
    assert article_id("", "h1") != article_id("", "h2")
    assert content_hash("أمريكا", "مستشفى ٢٠٢٥") == content_hash("امريكا", "مستشفي\n2025")


@given(st.text(max_size=300))
def test_strip_boilerplate_never_grows_and_is_idempotent(text: str) -> None:
    once = strip_boilerplate(text)
    assert len(once) <= len(text)
    assert strip_boilerplate(once) == once
