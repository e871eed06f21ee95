"""Wire datelines are cut from summaries and brief sentences, and nothing else is."""

from __future__ import annotations

import pytest

from marsad.batch import summarize_text
from marsad.brief.extractive import write_brief
from marsad.model import Article, Story
from marsad.text.dateline import dateline_end, strip_dateline
from marsad.understand.pipeline import analyze, load_resources

NEWS = "أعلن البنك المركزي خفض أسعار الفائدة نقطتين مئويتين في اجتماعه الدوري."


@pytest.mark.parametrize(
    "prefix",
    [
        "دبي، الإمارات العربية المتحدة (CNN)-- ",
        "دبي، الإمارات العربية المتحدة (CNN) – ",
        "أتلانتا، الولايات المتحدة الأمريكية (CNN)— ",
        "واشنطن (CNN)--",
        "(CNN) - ",
        "بغداد (رويترز) - ",
        "القاهرة، مصر (أ ف ب) — ",
        "\u200bدبي، الإمارات العربية المتحدة (CNN)- -",
        "الكويت - قناة الخليج الإخبارية: ",
        "واس - الرياض : ",
        "لندن - «الشرق الأوسط»: ",
    ],
)
def test_dateline_is_cut(prefix: str) -> None:
    text = prefix + NEWS
    assert dateline_end(text) == len(prefix)
    assert strip_dateline(text) == NEWS


@pytest.mark.parametrize(
    "text",
    [
        NEWS,
        "قالت إدارة الطيران والفضاء الأميركية (ناسا) إن المسبار وصل إلى مداره.",  # an aside, no dash
        "خصصت مصر 10 مليارات جنيه (نحو 0.6 مليار دولار) للمشروع.",
        "دبي، الإمارات العربية المتحدة (CNN)-- ",  # a dateline alone: nothing would be left
        "2 - أمانة منطقة المدينة المنورة: أعلنت الأمانة إغلاق الطريق.",  # a numbered list item
        "غزة - خان يونس طريق مزدحم منذ الصباح الباكر.",  # a dash without the colon
        "",
    ],
)
def test_no_dateline_no_cut(text: str) -> None:
    assert dateline_end(text) == 0
    assert strip_dateline(text) == text


def test_summary_starts_with_the_news_not_the_dateline() -> None:
    text = "دبي، الإمارات العربية المتحدة (CNN)-- " + NEWS + "\nوقال محافظ البنك إن التضخم تراجع خلال الأشهر الماضية."
    assert summarize_text("خفض الفائدة", text, 1) == NEWS
    two = summarize_text("خفض الفائدة", text, 2)
    assert two.startswith(NEWS) and "التضخم" in two and "CNN" not in two


def test_brief_cites_the_sentence_without_its_dateline() -> None:
    text = "بغداد (رويترز) - " + NEWS + "\nوقال محافظ البنك إن القرار يهدف إلى دعم النمو في الأشهر المقبلة."
    analysis = analyze(Article(id="a1", title="خفض الفائدة", text=text, outlet="و"), load_resources())
    brief = write_brief(Story(id="s", title="خفض الفائدة", article_ids=["a1"]), [analysis])
    first = brief.sentences[0]
    assert first.text == NEWS
    cite = first.citations[0]
    assert text[cite.start : cite.end].strip() == NEWS
