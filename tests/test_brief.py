"""The extractive three-part brief: roles, headings, citations, redundancy."""

from __future__ import annotations

from marsad.brief.extractive import heading_section, role_scores, write_brief
from marsad.brief.render import brief_to_markdown, brief_to_text
from marsad.model import AnalyzedArticle, Article, Story
from marsad.understand.pipeline import analyze, load_resources

REPORT = (
    "قالت مصادر مطلعة إن القوات الأمريكية بدأت الانسحاب من قاعدة عين الأسد في محافظة الأنبار اليوم.\n"
    "وأضافت المصادر أن الجنود ينقلون إلى أربيل في إقليم كردستان العراق خلال الأيام الماضية.\n"
    "ويرى مراقبون أن الانسحاب يعكس رغبة واشنطن في تقليص وجودها العسكري في المنطقة.\n"
    "ومن المتوقع أن تكتمل عملية الانسحاب من القاعدتين بحلول نهاية الشهر المقبل."
)
SECOND = (
    "قالت مصادر مطلعة إن القوات الأمريكية بدأت الانسحاب من قاعدة عين الأسد في محافظة الأنبار.\n"
    "وأكد متحدث حكومي أن القوات العراقية ستتسلم القاعدة بالكامل في الأسابيع المقبلة."
)
EXPLAINER = (
    "ماذا حدث؟\n"
    "غادرت آخر قافلة أمريكية قاعدة فكتوريا قرب مطار بغداد الدولي صباح الثلاثاء الماضي.\n"
    "لماذا هذا مهم؟\n"
    "الخطوة تنهي وجودا عسكريا أمريكيا واسعا في وسط العراق استمر أكثر من عشر سنوات.\n"
    "ماذا بعد؟\n"
    "الحكومة العراقية تبحث ترتيبات أمنية جديدة مع التحالف الدولي لما تبقى من العام."
)


def _analysis(article_id: str, outlet: str, text: str, published: str) -> AnalyzedArticle:
    article = Article(id=article_id, title=f"عنوان {article_id}", text=text, outlet=outlet, published=published)
    return analyze(article, load_resources())


def _story(items: list[AnalyzedArticle]) -> Story:
    return Story(id="s", title="انسحاب القوات الأمريكية", article_ids=[a.article.id for a in items])


def test_roles_from_cues_and_headings() -> None:
    assert role_scores("ومن المتوقع أن يعقد الاجتماع الأسبوع المقبل")["whats_next"] > 1
    assert role_scores("ويرى مراقبون أن القرار يعكس تحولا في السياسة")["why_it_matters"] > 1
    assert max(role_scores("غادرت القافلة القاعدة صباح اليوم").values()) == 0
    assert role_scores("ناقش الوزير السياسة الاقتصادية لسنوات")["whats_next"] == 0  # nouns, not سـ + verb
    assert heading_section("ماذا بعد؟") == "whats_next"
    assert heading_section("لماذا هذا مهم؟") == "why_it_matters"
    assert heading_section("ماذا حدث") == "what_happened"
    assert heading_section("ماذا قال الوزير؟") is None


def test_brief_has_three_cited_sections_and_no_headings() -> None:
    items = [
        _analysis("a", "وكالة أ", REPORT, "2025-08-04T09:00:00+03:00"),
        _analysis("b", "صحيفة ب", SECOND, "2025-08-05T09:00:00+03:00"),
        _analysis("c", "موقع ج", EXPLAINER, "2025-08-06T09:00:00+03:00"),
    ]
    brief = write_brief(_story(items), items)
    sections = {s.section for s in brief.sentences}
    assert sections == {"what_happened", "why_it_matters", "whats_next"}
    texts = [s.text for s in brief.sentences]
    assert not any(t.startswith(("ماذا حدث", "لماذا هذا مهم", "ماذا بعد")) for t in texts)
    by_text = {s.text: s for s in brief.sentences}
    explained = "الخطوة تنهي وجودا عسكريا أمريكيا واسعا في وسط العراق استمر أكثر من عشر سنوات."
    assert by_text[explained].section == "why_it_matters"  # the explainer's own heading decides
    for s in brief.sentences:
        assert s.citations
        c = s.citations[0]
        source = next(a for a in items if a.article.id == c.article_id)
        assert source.article.text[c.start : c.end] == s.text


def test_a_fact_from_two_outlets_appears_once_cited_to_both() -> None:
    items = [
        _analysis("a", "وكالة أ", REPORT, "2025-08-04T09:00:00+03:00"),
        _analysis("b", "صحيفة ب", SECOND, "2025-08-05T09:00:00+03:00"),
    ]
    brief = write_brief(_story(items), items)
    lead = [s for s in brief.sentences if "بدأت الانسحاب من قاعدة عين الأسد" in s.text]
    assert len(lead) == 1, "redundancy removed"
    assert {c.article_id for c in lead[0].citations} == {"a", "b"}


def test_empty_story_and_rendering() -> None:
    empty = write_brief(Story(id="e", title="لا شيء"), [])
    assert empty.sentences == []
    items = [_analysis("a", "وكالة أ", REPORT, "2025-08-04T09:00:00+03:00")]
    brief = write_brief(_story(items), items)
    text = brief_to_text(brief)
    assert "ماذا حدث؟" in text and "[وكالة أ]" in text
    markdown = brief_to_markdown(brief)
    assert markdown.startswith("# انسحاب القوات الأمريكية") and "## ماذا حدث؟" in markdown


def test_renderings_say_when_a_model_rewrote_the_brief() -> None:
    items = [_analysis("a1", "أ", REPORT, "2025-08-04T09:00:00+03:00")]
    brief = write_brief(_story(items), items)
    assert "نموذج لغوي" not in brief_to_text(brief) + brief_to_markdown(brief)  # extractive: no note
    for method in ("llm", "llm+extractive"):
        brief.method = method
        text, markdown = brief_to_text(brief), brief_to_markdown(brief)
        assert text.splitlines()[2].startswith("أعاد نموذج لغوي") and "> أعاد نموذج لغوي" in markdown
        assert ("منقول من المصادر" in text) == (method == "llm+extractive")


def test_a_fact_reads_where_it_was_first_told() -> None:
    """The lead both outlets carry comes before the first outlet's follow-up line, even when the
    copy chosen to quote is the later outlet's (ties go to the smaller article id, here the later
    article's)."""
    lead = "خفض البنك المركزي المصري أسعار الفائدة الأساسية بمقدار مئة نقطة أساس في اجتماعه يوم الخميس."
    follow = "وقال البنك في بيان إن القرار يأتي في ضوء استمرار تراجع الضغوط التضخمية خلال الأشهر الماضية."
    first = _analysis("z", "صحيفة أولى", lead + "\n" + follow, "2025-08-21T18:00:00+03:00")
    later = _analysis("a", "موقع ثان", lead, "2025-08-22T09:00:00+03:00")
    brief = write_brief(_story([first, later]), [first, later])
    happened = [s for s in brief.sentences if s.section == "what_happened"]
    assert [s.text for s in happened] == [lead, follow]
    assert happened[0].citations[0].article_id == "a"  # the later copy is the one quoted
    assert {c.article_id for c in happened[0].citations} == {"a", "z"}
