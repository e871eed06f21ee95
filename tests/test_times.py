"""Tests for marsad.understand.times (Arabic time expressions) and its dev-set scorer.

All sentences here are written for these tests. The reference (publication) time is Wednesday
2025-08-20 10:00 unless a test says otherwise.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from marsad.model import Sentence, TimeExpr
from marsad.understand.times import find_times
from marsad.understand.times_eval import evaluate, judge

REF = datetime(2025, 8, 20, 10, 0, 0)  # a Wednesday


def _longest(text: str, ref: datetime | None = REF) -> TimeExpr:
    found = find_times(text, ref)
    assert found, f"nothing found in {text!r}"
    return max(found, key=lambda t: t.end - t.start)


def _check_offsets(text: str, found: list[TimeExpr]) -> None:
    for t in found:
        assert text[t.start : t.end] == t.text


# ----------------------------------------------------------------------------------------------------
# The phrases of the seed article's kind, in a paragraph of our own


def test_news_paragraph_against_reference() -> None:
    text = (
        "في أغسطس 2025 أعلنت الوزارة خطة جديدة، بعد اتفاق وُقّع في سبتمبر 2024 نص على إنجاز المرحلة "
        "الأولى بحلول سبتمبر 2025، مع بقاء فرق فنية حتى 2026 تفادياً لتكرار سيناريو 2011."
    )
    found = find_times(text, REF)
    _check_offsets(text, found)
    got = {t.text: t for t in found}
    aug = got["أغسطس 2025"]
    assert (aug.type, aug.value, aug.grain) == ("instant", "2025-08-01", "month")
    sep = got["سبتمبر 2024"]
    assert (sep.value, sep.grain) == ("2024-09-01", "month")
    by = got["بحلول سبتمبر 2025"]
    assert (by.type, by.start_value, by.end_value, by.grain) == ("interval", None, "2025-09-01", "month")
    until = got["حتى 2026"]
    assert (until.type, until.start_value, until.end_value, until.grain) == (
        "interval",
        None,
        "2026-01-01",
        "year",
    )
    y2011 = got["2011"]
    assert (y2011.type, y2011.value, y2011.grain) == ("instant", "2011-01-01", "year")
    assert len(found) == 5
    assert text.index("أغسطس 2025") == aug.start


# ----------------------------------------------------------------------------------------------------
# Every form, one table: (text, type, value, grain, start_value, end_value)

CASES: list[tuple[str, str, str | None, str, str | None, str | None]] = [
    # absolute dates
    ("وقع الحادث في ٢٠٢٥/٨/٣ حسب الشرطة", "instant", "2025-08-03", "day", None, None),
    ("صدر القرار بتاريخ 3/8/2025 رسميا", "instant", "2025-08-03", "day", None, None),
    ("نشر التقرير 2025-08-03 على الموقع", "instant", "2025-08-03", "day", None, None),
    ("افتتح المعرض في 3 أغسطس 2025 بحضور الوزير", "instant", "2025-08-03", "day", None, None),
    ("عقد المؤتمر في الثالث من آب", "instant", "2025-08-03", "day", None, None),
    ("سجلت الأسعار ارتفاعا في آب/أغسطس 2025", "instant", "2025-08-01", "month", None, None),
    ("تراجع الإنتاج في أغسطس (آب) 2025", "instant", "2025-08-01", "month", None, None),
    ("بدأت الأعمال مطلع كانون الثاني 2024", "interval", "2024-01-01", "day", "2024-01-01", "2024-01-10"),
    ("وصل الوفد في 12 تشرين الأول 2023", "instant", "2023-10-12", "day", None, None),
    ("انتهت المهلة في شباط الماضي", "instant", "2025-02-01", "month", None, None),
    ("تبدأ الدراسة في أيلول المقبل", "instant", "2025-09-01", "month", None, None),
    ("تعقد القمة في يناير المقبل", "instant", "2026-01-01", "month", None, None),
    ("توقف المشروع في ديسمبر", "instant", "2025-12-01", "month", None, None),
    ("سافر في حزيران 1967 إلى القاهرة", "instant", "1967-06-01", "month", None, None),
    ("ولد في الخامس والعشرين من تموز 1990", "instant", "1990-07-25", "day", None, None),
    # bare years in context
    ("انسحبت القوات عام 2011 من المدينة", "instant", "2011-01-01", "year", None, None),
    ("جرت الانتخابات سنة 2011 وسط توتر", "instant", "2011-01-01", "year", None, None),
    ("تغير الوضع كثيرا في 2011 بعد الاحتجاجات", "instant", "2011-01-01", "year", None, None),
    ("أسس النادي عام ألف وتسعمائة وخمسين", "instant", "1950-01-01", "year", None, None),
    # weekdays
    ("الخميس", "instant", "2025-08-21", "day", None, None),
    ("تعقد الجلسة يوم الأحد المقبل في البرلمان", "instant", "2025-08-24", "day", None, None),
    ("اجتمع المجلس الثلاثاء الماضي لمناقشة الموازنة", "instant", "2025-08-19", "day", None, None),
    ("قال المتحدث الخميس إن المفاوضات مستمرة", "instant", "2025-08-14", "day", None, None),
    ("سيزور الرئيس القاهرة الخميس لإجراء محادثات", "instant", "2025-08-21", "day", None, None),
    ("أعلنت الحكومة، اليوم الأربعاء، خطة طوارئ", "instant", "2025-08-20", "day", None, None),
    # relative
    ("وصل الوفد أمس إلى بغداد", "instant", "2025-08-19", "day", None, None),
    ("جرت المحادثات أول أمس في جنيف", "instant", "2025-08-18", "day", None, None),
    ("يصوت البرلمان اليوم على القانون", "instant", "2025-08-20", "day", None, None),
    ("يصل الوزير غداً إلى عمان", "instant", "2025-08-21", "day", None, None),
    ("يصل الوزير غدا إلى عمان", "instant", "2025-08-21", "day", None, None),
    ("تنتهي المهلة بعد غد", "instant", "2025-08-22", "day", None, None),
    ("اجتمع الطرفان الأسبوع الماضي", "instant", "2025-08-11", "week", None, None),
    ("تستأنف المفاوضات الأسبوع المقبل", "instant", "2025-08-25", "week", None, None),
    ("تبدأ الامتحانات الأسبوع القادم", "instant", "2025-08-25", "week", None, None),
    ("ارتفعت الأسعار الشهر الماضي", "instant", "2025-07-01", "month", None, None),
    ("تجرى الانتخابات العام المقبل", "instant", "2026-01-01", "year", None, None),
    ("تراجع النمو هذا العام", "instant", "2025-01-01", "year", None, None),
    ("اعتقل قبل ثلاثة أيام في المطار", "instant", "2025-08-17", "day", None, None),
    ("تصدر النتائج بعد أسبوعين", "instant", "2025-09-01", "week", None, None),
    ("يعيش في المخيم منذ عامين", "instant", "2023-01-01", "year", None, None),
    ("وقع الانفجار قبل ساعتين", "instant", "2025-08-20T08:00:00", "minute", None, None),
    ("تغيرت الخطة الشهر قبل الماضي", "instant", "2025-06-01", "month", None, None),
    # parts of day
    (
        "سقطت قذائف صباح اليوم على الحي",
        "interval",
        "2025-08-20T04:00:00",
        "hour",
        "2025-08-20T04:00:00",
        "2025-08-20T11:00:00",
    ),
    (
        "اندلع حريق مساء أمس في السوق",
        "interval",
        "2025-08-19T18:00:00",
        "hour",
        "2025-08-19T18:00:00",
        "2025-08-19T23:00:00",
    ),
    (
        "شنت الطائرات غارات فجر الخميس الماضي",
        "interval",
        "2025-08-14T03:00:00",
        "hour",
        "2025-08-14T03:00:00",
        "2025-08-14T05:00:00",
    ),
    (
        "يلقي الرئيس خطابا الليلة",
        "interval",
        "2025-08-20T20:00:00",
        "hour",
        "2025-08-20T20:00:00",
        "2025-08-20T23:00:00",
    ),
    # clock times
    ("يبدأ الاجتماع الساعة الثالثة", "instant", "2025-08-20T03:00:00", "hour", None, None),
    ("يبدأ الاجتماع في الساعة الثالثة عصرا", "instant", "2025-08-20T15:00:00", "hour", None, None),
    ("أقلعت الطائرة عند 10:30", "instant", "2025-08-20T10:30:00", "minute", None, None),
    ("تنطلق المسيرة غدا الساعة الرابعة والنصف مساء", "instant", "2025-08-21T16:30:00", "minute", None, None),
    (
        "دوت صفارات الإنذار الساعة الثامنة إلا ربعا صباحا",
        "instant",
        "2025-08-20T07:45:00",
        "minute",
        None,
        None,
    ),
    # intervals
    ("يستمر المعرض من 3 إلى 5 أغسطس 2025", "interval", "2025-08-03", "day", "2025-08-03", "2025-08-05"),
    (
        "تغلق الطرق من الساعة التاسعة حتى الحادية عشرة مساء",
        "interval",
        "2025-08-20T21:00:00",
        "hour",
        "2025-08-20T21:00:00",
        "2025-08-20T23:00:00",
    ),
    ("ارتفع العجز بين عامي 2011 و2014", "interval", "2011-01-01", "year", "2011-01-01", "2014-01-01"),
    ("تجرى الاختبارات بين 10 و15 سبتمبر", "interval", "2025-09-10", "day", "2025-09-10", "2025-09-15"),
    ("تمتد الخطة من يناير إلى مارس 2026", "interval", "2026-01-01", "month", "2026-01-01", "2026-03-01"),
    ("يبقى الحظر حتى 2026", "interval", None, "year", None, "2026-01-01"),
    ("ينتهي الانسحاب بحلول سبتمبر 2025", "interval", None, "month", None, "2025-09-01"),
    (
        "يتوقع نمو الطلب خلال الأشهر الستة المقبلة",
        "interval",
        "2025-09-01",
        "month",
        "2025-09-01",
        "2026-02-01",
    ),
    ("تضاعفت الصادرات خلال العام الجاري", "interval", "2025-01-01", "year", "2025-01-01", "2025-01-01"),
    (
        "تراجعت المبيعات في الأيام الثلاثة الماضية",
        "interval",
        "2025-08-17",
        "day",
        "2025-08-17",
        "2025-08-19",
    ),
    ("يعيش لاجئا منذ عام 2014 في ألمانيا", "interval", "2014-01-01", "year", "2014-01-01", None),
    ("لم يصدر أي تعليق حتى الآن", "interval", None, "second", None, "2025-08-20T10:00:00"),
    # durations (not anchored)
    ("استمر الحصار ثلاثة أيام", "duration", "P3D", "day", None, None),
    ("قضى في السجن عامين", "duration", "P2Y", "year", None, None),
    ("استمر الاجتماع 4 ساعات", "duration", "PT4H", "hour", None, None),
    ("مدد العقد لمدة عشرين شهرا", "duration", "P20M", "month", None, None),
    # Hijri (tabular calendar)
    ("يبدأ الصيام في 1 رمضان 1446هـ", "instant", "2025-03-01", "day", None, None),
    ("يوافق ذلك 15 رمضان 1446 هـ", "instant", "2025-03-15", "day", None, None),
    ("أقيمت الصلاة في العاشر من ذي الحجة 1445", "instant", "2024-06-17", "day", None, None),
    ("تطبق القرارات في شهر محرم المقبل", "interval", "2026-06-17", "day", "2026-06-17", "2026-07-16"),
    # dialect forms
    ("بكرة الصبح", "interval", "2025-08-21T04:00:00", "hour", "2025-08-21T04:00:00", "2025-08-21T11:00:00"),
    ("شفته مبارح بالسوق", "instant", "2025-08-19", "day", None, None),
    ("السنة الجاية رح نسافر", "instant", "2026-01-01", "year", None, None),
    ("الساعة اربعة ونص", "instant", "2025-08-20T04:30:00", "minute", None, None),
]


@pytest.mark.parametrize(("text", "typ", "value", "grain", "start", "end"), CASES, ids=[c[0] for c in CASES])
def test_forms(
    text: str, typ: str, value: str | None, grain: str, start: str | None, end: str | None
) -> None:
    found = find_times(text, REF)
    _check_offsets(text, found)
    t = _longest(text)
    assert t.type == typ
    assert t.value == value
    assert t.grain == grain
    if typ == "interval":
        assert (t.start_value, t.end_value) == (start, end)


def test_exact_offsets_with_diacritics_and_indic_digits() -> None:
    text = "أعلنَ الجيشُ، غداً، عن مناورة تبدأ في ١٥ أيلول ٢٠٢٥."
    found = find_times(text, REF)
    _check_offsets(text, found)
    spans = {t.text: (t.start, t.end) for t in found}
    assert "غداً" in spans  # the tanwin belongs to the word
    assert spans["غداً"] == (text.index("غداً"), text.index("غداً") + len("غداً"))
    assert "١٥ أيلول ٢٠٢٥" in spans
    (date_expr,) = [t for t in found if t.text == "١٥ أيلول ٢٠٢٥"]
    assert date_expr.value == "2025-09-15"


def test_clitics_and_joined_parts() -> None:
    t = _longest("وصلت التعزيزات الخميس الموافق 14 من هذا الشهر")
    assert (t.value, t.grain) == ("2025-08-14", "day")
    t = _longest("وبحلول نهاية 2025 ستكتمل الأعمال")
    assert (t.type, t.start_value, t.end_value, t.grain) == ("interval", None, "2025-12-01", "month")
    t = _longest("للعام 2024 كانت الموازنة أكبر")
    assert t.value == "2024-01-01"


# ----------------------------------------------------------------------------------------------------
# Robustness and false positives


@pytest.mark.parametrize(
    "text",
    [
        "قتل 3 جنود في الهجوم",
        "خصصت الحكومة 150 مليون دولار للإعمار",
        "استقبل المخيم أكثر من 2000 طفل",
        "التقى رجب طيب أردوغان نظيره",
        "صرح الأمين العام للأمم المتحدة",
        "دعا إلى الحد من التصعيد",
        "باعت نيسان سيارات أكثر",
        "شارك في #اليوم_العالمي_للمرأة",
        "فاز الفريق بنتيجة 2-1",
        "زاد الإنتاج بنسبة 3.5 في المئة",
        "قال الأب إن ابنه مفقود",
        "مارس الضغط على الحكومة",
    ],
)
def test_no_false_positives(text: str) -> None:
    found = [t for t in find_times(text, REF) if t.type != "duration"]
    assert found == [], [(t.text, t.value) for t in found]


def test_empty_long_and_foreign_input() -> None:
    assert find_times("", REF) == []
    assert find_times("   \n\t ", REF) == []
    assert find_times("The meeting is on Monday, 3 August 2025.", REF) == []
    assert find_times("!!! ؟؟؟ ... ///", None) == []
    long_text = ("أعلنت الوزارة أمس عن خطة تمتد حتى 2026 وتشمل 150 مليون دولار. " * 2000).strip()
    found = find_times(long_text, REF)
    assert len(found) == 4000
    _check_offsets(long_text, found)


def test_out_of_range_does_not_crash() -> None:
    assert isinstance(find_times("بني المعبد قبل 9000 عام", REF), list)
    assert isinstance(find_times("في 31/2/2025 و 99/99/9999", REF), list)


def test_without_reference() -> None:
    found = find_times("وصل أمس، ووقع الاتفاق في 3 أغسطس 2025 عام 2011", None)
    got = {t.text: t for t in found}
    assert got["أمس"].value is None and got["أمس"].relative
    assert got["3 أغسطس 2025"].value == "2025-08-03" and not got["3 أغسطس 2025"].relative
    assert got["عام 2011"].value == "2011-01-01"


def test_timezone_aware_reference() -> None:
    ref = datetime(2025, 8, 20, 23, 30, tzinfo=timezone(timedelta(hours=3)))
    assert _longest("وصل الوفد أمس", ref).value == "2025-08-19"


def test_sentence_index() -> None:
    text = "وصل الوفد أمس. وتبدأ المحادثات غدا في جنيف."
    cut = text.index(".") + 1
    sentences = [Sentence(0, 0, cut, text[:cut]), Sentence(1, cut + 1, len(text), text[cut + 1 :])]
    found = find_times(text, REF, sentences)
    assert [(t.text, t.sentence_index) for t in found] == [("أمس", 0), ("غدا", 1)]
    assert all(t.sentence_index == -1 for t in find_times(text, REF))


# ----------------------------------------------------------------------------------------------------
# The scorer


def test_judge_rules() -> None:
    year = find_times("العام المقبل", datetime(2021, 9, 1))
    assert judge({"kind": "instant_date", "value": "2022-09-01"}, year)
    assert not judge({"kind": "instant_date", "value": "2023-09-01"}, year)
    assert judge(None, find_times("ثلاث ساعات", REF))  # a duration is not a point in time
    assert not judge(None, find_times("أمس", REF))
    iv = find_times("من الساعة 4 إلى الساعة 6 مساء", datetime(2021, 9, 1, 10, 38))
    assert judge({"kind": "interval", "start": "2021-09-01T16:00:00", "end": "2021-09-01T18:00:00"}, iv)
    assert not judge({"kind": "interval", "start": None, "end": "2021-09-01T18:00:00"}, iv)


def test_evaluate_small_file(tmp_path: Path) -> None:
    rows = [
        {
            "text": "غدا",
            "reference_time": "2025-08-20T00:00:00",
            "test_name": "test_days",
            "expected": {"kind": "instant_date", "value": "2025-08-21"},
        },
        {
            "text": "الشهر الماضي",
            "reference_time": "2025-08-20T00:00:00",
            "test_name": "test_months",
            "expected": {"kind": "instant_date", "value": "2025-07-20"},
        },
        {
            "text": "ثلاثة",
            "reference_time": "2025-08-20T00:00:00",
            "test_name": "test_negative",
            "expected": None,
        },
        {
            "text": "أمس",
            "reference_time": "2025-08-20T00:00:00",
            "test_name": "test_days",
            "expected": {"kind": "instant_date", "value": "2025-08-18"},
        },
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    result = evaluate(path)
    assert (result["correct"], result["total"]) == (3, 4)
    assert result["by_category"]["days"] == {"correct": 1, "total": 2}
    assert [m["text"] for m in result["misses"]] == ["أمس"]


def test_the_reading_does_not_depend_on_the_hash_seed() -> None:
    """Among parsers reaching equally far the first wins; their order once came from a set of
    strings, so «من الجمعة إلى الأحد» was one interval in some processes and two expressions in others."""
    import os
    import subprocess
    import sys

    code = ("from datetime import datetime; from marsad.understand.times import find_times; "
            "print([(t.text, t.type) for t in find_times('تقام المباريات من الجمعة إلى الأحد في العاصمة.', "
            "datetime(2025, 5, 1))])")
    outs = set()
    for seed in ("0", "2", "4", "7"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60, check=True)
        outs.add(run.stdout.strip())
    assert outs == {"[('من الجمعة إلى الأحد', 'interval')]"}


def test_an_ordinal_count_of_years_names_no_year() -> None:
    # session 14 (sentence original): «للعام الثالث والثلاثين» counts years; it was read as the year 33
    ref = datetime(2025, 10, 29, tzinfo=UTC)
    found = find_times("طالبت الجمعية العامة، للعام الثالث والثلاثين على التوالي، برفع الحظر.", ref)
    assert not [t for t in found if t.value and t.value < "1000"]
    # a year written in words is still one
    assert [t.value for t in find_times("وقّع الاتفاق في عام ألفين وخمسة عشر.", ref)] == ["2015-01-01"]
