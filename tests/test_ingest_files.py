"""Plain-text files, folders and bad files through ``iter_inputs`` (all offline)."""

from __future__ import annotations

import time
from pathlib import Path

from marsad.ingest import IngestOptions, iter_inputs
from marsad.ingest.identity import article_id, content_hash
from marsad.model import Article, IngestProblem

TITLE = "افتتاح جسر جديد فوق النهر يربط شطري المدينة"
BODY = (
    "افتتحت السلطات المحلية صباح اليوم جسراً جديداً فوق النهر بعد عامين من أعمال البناء المتواصلة.\n\n"
    "وقال رئيس البلدية في كلمة قصيرة إن الجسر سيخفف الازدحام عن الطرق القديمة في وسط المدينة.\n\n"
    "وأضاف أن تعليقات السكان على المشروع خلال مرحلة التصميم ساعدت في تحسين ممرات المشاة على جانبيه."
)
FOOTER = (
    "شارك هذه المقالة\nفيسبوك\nتويتر\nلا توجد تعليقات\n\nاترك تعليقاً\n\n"
    "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *\nالاسم *\nالبريد الإلكتروني *\n"
)


def _run(inputs: list[str], **options: object) -> tuple[list[Article], list[IngestProblem]]:
    items = list(iter_inputs(inputs, IngestOptions(**options)))  # type: ignore[arg-type]
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, IngestProblem)]
    assert len(articles) + len(problems) == len(items)
    return articles, problems


def _one(path: Path, **options: object) -> Article:
    articles, problems = _run([str(path)], **options)
    assert not problems, problems
    assert len(articles) == 1
    return articles[0]


def _problem(path: Path, **options: object) -> IngestProblem:
    articles, problems = _run([str(path)], **options)
    assert not articles
    assert len(problems) == 1
    return problems[0]


def test_repeated_title_and_footer_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "explainer.txt"
    path.write_text(f"{TITLE}\n\n{TITLE}\n\n{BODY}\n\n{FOOTER}", encoding="utf-8")
    article = _one(path)
    assert article.title == TITLE
    assert TITLE not in article.text
    assert article.text == BODY  # body intact, including the sentence that mentions تعليقات
    assert "شارك" not in article.text and "بريدك" not in article.text
    assert article.language == "ar" and article.warnings == []
    assert article.source_kind == "text" and article.source_path == str(path)
    assert article.ingested_at.endswith("+00:00")
    assert article.content_hash == content_hash(TITLE, BODY)
    assert article.id == article_id("", article.content_hash)


def test_wire_style_first_line_title(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(f"{TITLE}\n{BODY}", encoding="utf-8")
    article = _one(path)
    assert article.title == TITLE
    assert article.text.startswith("افتتحت السلطات")


def test_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "2020-01-01-ignored-date.md"
    path.write_text(
        "---\n"
        f"title: {TITLE}\n"
        "outlet: صحيفة المرصد التجريبية\n"
        "published: 2025-08-14T10:30:00+03:00\n"
        'url: "https://news.example/city/bridge?utm_source=feed"\n'
        "author: فريق التحرير\n"
        "colour: blue\n"
        "---\n"
        f"{BODY}\n",
        encoding="utf-8",
    )
    article = _one(path, outlet="default outlet")
    assert article.title == TITLE
    assert article.outlet == "صحيفة المرصد التجريبية"
    assert article.published == "2025-08-14T10:30:00+03:00"
    assert article.url == "https://news.example/city/bridge?utm_source=feed"
    assert article.author == "فريق التحرير"
    assert article.text == BODY
    assert article.id == article_id("https://news.example/city/bridge", article.content_hash)
    assert any("colour" in w for w in article.warnings)


def test_date_from_file_name_and_default_outlet(tmp_path: Path) -> None:
    path = tmp_path / "2025-08-14-bridge.txt"
    path.write_text(f"{TITLE}\n{BODY}", encoding="utf-8")
    article = _one(path, outlet="وكالة الاختبار")
    assert article.published == "2025-08-14"
    assert article.outlet == "وكالة الاختبار"


def test_same_file_twice_same_identity(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"{TITLE}\n{BODY}", encoding="utf-8")
    articles, _ = _run([str(path), str(path)])
    first, second = articles
    assert (first.id, first.content_hash) == (second.id, second.content_hash)
    again = _one(path)
    assert (again.id, again.content_hash) == (first.id, first.content_hash)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert _problem(path).message == "empty file"


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n \t\n", encoding="utf-8")
    assert "no text" in _problem(path).message


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    assert _problem(path).message == "binary file, not text"


def test_control_character_soup_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(1, 9)) * 200)
    assert _problem(path).message == "binary file, not text"


def test_cp1256_file_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(f"{TITLE}\n{BODY}".encode("cp1256"))
    article = _one(path)
    assert article.title == TITLE
    assert article.text == BODY
    assert "encoding guessed: cp1256" in article.warnings


def test_utf8_bom_is_not_part_of_the_title(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(f"{TITLE}\n{BODY}".encode("utf-8-sig"))
    assert _one(path).title == TITLE


def test_huge_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing to read in practice
    started = time.perf_counter()
    problem = _problem(path)
    assert time.perf_counter() - started < 2
    assert "52.4 MB" in problem.message and "10.0 MB" in problem.message and "max_bytes" in problem.message


def test_folder_recursion_sorted_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "c" / "2.txt").write_text(f"عنوان ثان للتجربة\n{BODY}", encoding="utf-8")
    (tmp_path / "a.md").write_text(f"# {TITLE}\n{BODY}", encoding="utf-8")
    (tmp_path / "b" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden" / "x.txt").write_text(f"مخفي\n{BODY}", encoding="utf-8")
    (tmp_path / "b" / "empty.txt").write_bytes(b"")
    articles, problems = _run([str(tmp_path)])
    assert [a.title for a in articles] == [TITLE, "عنوان ثان للتجربة"]
    assert [(p.source, p.message) for p in problems] == [(str(tmp_path / "b" / "empty.txt"), "empty file")]


def test_unsupported_file_named_directly(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert "unsupported file type" in _problem(path).message


def test_missing_path() -> None:
    articles, problems = _run(["/definitely/not/here.txt"])
    assert not articles and problems[0].message == "no such file or folder"


def test_english_article_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "english.txt"
    path.write_text(
        "City opens a new bridge over the river\n"
        "The city council opened a new bridge this morning after two years of construction work. "
        "The mayor said the crossing would ease traffic on the old roads in the centre.",
        encoding="utf-8",
    )
    article = _one(path)
    assert article.language == "en"
    assert "not Arabic: en" in article.warnings
    assert not article.is_arabic
