"""HTML files: body and metadata extraction, fallbacks, pages without text."""

from __future__ import annotations

from pathlib import Path

from marsad.ingest import IngestOptions, iter_inputs
from marsad.ingest.html import choose_url
from marsad.model import Article, IngestProblem

PARAGRAPHS = [
    "أعلنت وزارة الزراعة اليوم عن خطة جديدة لتوسيع زراعة القمح في المحافظات الجنوبية خلال الموسم المقبل.",
    "وقال المتحدث باسم الوزارة إن الخطة تشمل توزيع بذور محسنة على المزارعين ودعم أسعار الأسمدة.",
    "ويتوقع خبراء أن تسهم الخطة في خفض الاعتماد على الاستيراد خلال السنوات الثلاث المقبلة.",
]


def _page(head: str, body: str) -> str:
    return f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


def _items(path: Path) -> list[Article | IngestProblem]:
    return list(iter_inputs([str(path)], IngestOptions(outlet="fallback outlet")))


def test_article_page_with_metadata(tmp_path: Path) -> None:
    head = (
        "<title>خطة لتوسيع زراعة القمح | موقع الأخبار التجريبي</title>"
        '<meta property="og:title" content="خطة لتوسيع زراعة القمح">'
        '<meta property="og:site_name" content="موقع الأخبار التجريبي">'
        '<meta property="article:published_time" content="2025-08-14T09:30:00+03:00">'
        '<meta name="author" content="سلمى الكاتبة">'
        '<link rel="canonical" href="https://news.example/agri/wheat-plan">'
    )
    body = (
        "<nav><a href='/'>الرئيسية</a> <a href='/p'>سياسة</a></nav>"
        "<article><h1>خطة لتوسيع زراعة القمح</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "<p>شارك هذه المقالة</p></article><footer>جميع الحقوق محفوظة © 2025</footer>"
    )
    path = tmp_path / "page.html"
    path.write_text(_page(head, body), encoding="utf-8")
    (article,) = _items(path)
    assert isinstance(article, Article), article
    assert article.title == "خطة لتوسيع زراعة القمح"
    assert article.outlet == "موقع الأخبار التجريبي"
    assert article.published == "2025-08-14T09:30:00+03:00"
    assert article.author == "سلمى الكاتبة"
    assert article.url == "https://news.example/agri/wheat-plan"
    assert article.source_kind == "html"
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    assert "شارك" not in article.text and "الحقوق" not in article.text
    assert not article.text.startswith("خطة")  # the title is not repeated as the first line


def test_html_with_no_body(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text(_page("<title>صفحة فارغة</title>", ""), encoding="utf-8")
    (problem,) = _items(path)
    assert isinstance(problem, IngestProblem)
    assert problem.message == "no article text found in HTML"


def test_cp1256_page_declared_in_meta(tmp_path: Path) -> None:
    html = _page(
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256"><title>عنوان</title>',
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS),
    )
    html = html.replace('<meta charset="utf-8">', "")
    path = tmp_path / "legacy.htm"
    path.write_bytes(html.encode("cp1256"))
    (article,) = _items(path)
    assert isinstance(article, Article)
    assert PARAGRAPHS[0] in article.text
    assert not any("guessed" in w for w in article.warnings)  # declared, not guessed
    assert article.outlet == "fallback outlet"


def test_choose_url_rejects_untrustworthy_canonicals() -> None:
    page = "https://www.news.example/a/1?utm_source=x"
    assert choose_url(page, "https://news.example/a/1") == "https://news.example/a/1"
    assert choose_url(page, "https://news.example/") == page  # home page
    assert choose_url(page, "https://other.example/a/1") == page  # other site
    assert choose_url(page, "/a/1") == page  # relative
    assert choose_url("", "https://news.example/a/1") == "https://news.example/a/1"
