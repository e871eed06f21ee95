"""RSS/Atom feed files: entries to articles, HTML stripped, non-feeds reported."""

from __future__ import annotations

from pathlib import Path

import httpx

from marsad.ingest import IngestOptions, iter_inputs
from marsad.ingest.feeds import html_to_text
from marsad.ingest.fetch import Fetcher
from marsad.model import Article, IngestProblem

ENTRY_ONE = (
    "<p>بدأت فرق الإنقاذ صباح اليوم عمليات البحث عن مفقودين بعد السيول التي ضربت القرى الجبلية.</p>"
    "<p>وأكد مسؤول في الدفاع المدني أن الأمطار الغزيرة استمرت طوال الليل وأدت إلى قطع عدة طرق.</p>"
)
ENTRY_TWO = "افتتح معرض الكتاب السنوي أبوابه أمس بمشاركة مئات دور النشر من بلدان عربية مختلفة."

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>نشرة الأخبار التجريبية</title><link>https://news.example/</link>
<item><title>سيول تضرب القرى الجبلية</title><link>https://news.example/floods</link>
<pubDate>Thu, 14 Aug 2025 07:15:00 +0300</pubDate><author>desk@news.example (المحرر)</author>
<description><![CDATA[{ENTRY_ONE}]]></description></item>
<item><title>افتتاح معرض الكتاب</title><link>https://news.example/books</link>
<description>{ENTRY_TWO}</description></item>
<item><title>خبر بلا نص</title><link>https://news.example/empty</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>موقع أتوم</title><id>urn:x</id><updated>2025-08-14T00:00:00Z</updated>
<entry><title>افتتاح معرض الكتاب</title><id>urn:1</id><link href="https://atom.example/books"/>
<updated>2025-08-13T18:00:00Z</updated><content type="html">&lt;p&gt;{ENTRY_TWO}&lt;/p&gt;</content></entry>
</feed>"""


def _items(
    path: Path, options: IngestOptions | None = None, fetcher: Fetcher | None = None
) -> list[Article | IngestProblem]:
    return list(iter_inputs([str(path)], options or IngestOptions(), fetcher=fetcher))


def test_rss_file(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second, problem = _items(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.title == "سيول تضرب القرى الجبلية"
    assert first.url == "https://news.example/floods"
    assert first.published == "2025-08-14T04:15:00+00:00"
    assert first.outlet == "نشرة الأخبار التجريبية"
    assert first.source_kind == "feed"
    assert "<p>" not in first.text and len(first.text.splitlines()) == 2
    assert second.text == ENTRY_TWO
    assert (
        isinstance(problem, IngestProblem)
        and "entry 3" in problem.message
        and "fetch_full" in problem.message
    )


def test_atom_file_same_hash_as_rss_entry(tmp_path: Path) -> None:
    rss, atom = tmp_path / "a.xml", tmp_path / "b.atom"
    rss.write_text(RSS, encoding="utf-8")
    atom.write_text(ATOM, encoding="utf-8")
    from_rss = [i for i in _items(rss) if isinstance(i, Article)][1]
    (from_atom,) = _items(atom)
    assert isinstance(from_atom, Article)
    assert from_atom.published == "2025-08-13T18:00:00+00:00"
    assert from_atom.content_hash == from_rss.content_hash
    assert from_atom.id != from_rss.id  # different URLs: different articles for the store's id check


def test_feed_file_that_is_not_xml(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text("هذا ملف نصي عادي وليس خلاصة أخبار", encoding="utf-8")
    (problem,) = _items(path)
    assert isinstance(problem, IngestProblem)
    assert problem.message.startswith("not an RSS/Atom feed: ")


def test_fetch_full_completes_short_entries(tmp_path: Path) -> None:
    page = "<html><head><title>x</title></head><body><article>" + ENTRY_ONE * 3 + "</article></body></html>"
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, html=page)

    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    options = IngestOptions(fetch_full=True)
    with Fetcher(
        options, transport=httpx.MockTransport(handler), resolve=lambda host: ["93.184.216.34"]
    ) as fetcher:
        items = _items(path, options, fetcher)
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == 3  # the text-less entry is completed from its page too
    assert articles[1].title == "افتتاح معرض الكتاب"
    assert "السيول" in articles[1].text
    assert "https://news.example/robots.txt" in seen and seen.count("https://news.example/robots.txt") == 1


def test_html_to_text_keeps_paragraphs() -> None:
    assert html_to_text("<p>أ &amp; ب</p><p>ج<br>د</p><script>x()</script>") == "أ & ب\nج\nد"
    assert html_to_text("نص &quot;عادي&quot;") == 'نص "عادي"'
