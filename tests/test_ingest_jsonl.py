"""JSON Lines input: mapping, bad lines with their numbers, gzip, identity across formats."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from marsad.ingest import IngestOptions, iter_inputs
from marsad.model import Article, IngestProblem

TITLE = "ارتفاع أسعار الخبز في الأسواق الشعبية"
BODY = (
    "ارتفعت أسعار الخبز في الأسواق الشعبية خلال الأسبوع الجاري بنسبة ملحوظة بسبب غلاء الطحين.\n"
    "وطالب أصحاب المخابز بدعم حكومي عاجل لتفادي إغلاق عدد منها قبل نهاية الشهر."
)


def _items(path: Path, options: IngestOptions | None = None) -> list[Article | IngestProblem]:
    return list(iter_inputs([str(path)], options or IngestOptions()))


def test_malformed_line_reported_with_line_number(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"id": "r1", "title": TITLE, "text": BODY, "published": "2025-03-02"}, ensure_ascii=False),
        '{"title": "سطر مكسور", "text": ',
        "",
        json.dumps({"title": "بلا نص"}, ensure_ascii=False),
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "خبر آخر", "text": BODY + "\nوهذه جملة إضافية."}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _items(path)
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, IngestProblem)]
    assert [a.title for a in articles] == [TITLE, "خبر آخر"]
    assert articles[0].external_id == "r1"  # the record's own id is kept for joining back
    assert len(articles[0].id) == 16  # ...but the article id is derived, so datasets cannot collide
    assert articles[0].published == "2025-03-02"
    assert articles[0].source_kind == "jsonl"
    assert len(articles[1].id) == 16
    assert [(p.line, p.source) for p in problems] == [(2, str(path)), (4, str(path)), (5, str(path))]
    assert "malformed JSON" in problems[0].message
    assert "no text" in problems[1].message
    assert "JSON object" in problems[2].message


def test_field_mapping_and_nested_fields(tmp_path: Path) -> None:
    path = tmp_path / "custom.ndjson"
    record = {
        "headline": TITLE,
        "body": BODY,
        "meta": {"site": "منصة تجريبية", "link": "https://x.example/a/1"},
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    options = IngestOptions(
        jsonl_fields={"title": "headline", "text": "body", "outlet": "meta.site", "url": "meta.link"}
    )
    (article,) = _items(path, options)
    assert isinstance(article, Article)
    assert (article.title, article.outlet, article.url) == (TITLE, "منصة تجريبية", "https://x.example/a/1")


def test_gzip_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"title": TITLE, "text": BODY}, ensure_ascii=False) + "\n")
    (article,) = _items(path)
    assert isinstance(article, Article) and article.title == TITLE


def test_corrupt_gzip_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(b"this is not gzip data at all")
    (problem,) = _items(path)
    assert isinstance(problem, IngestProblem) and "cannot read file" in problem.message


def test_empty_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    (problem,) = _items(path)
    assert isinstance(problem, IngestProblem) and problem.message == "empty file"


def test_record_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    big = json.dumps({"title": "كبير", "text": "كلمة " * 400}, ensure_ascii=False)
    small = json.dumps({"title": TITLE, "text": BODY}, ensure_ascii=False)
    path.write_text(big + "\n" + small + "\n", encoding="utf-8")
    items = _items(path, IngestOptions(max_bytes=1000))
    assert isinstance(items[0], IngestProblem) and items[0].line == 1 and "limit" in items[0].message
    assert isinstance(items[1], Article) and items[1].title == TITLE


def test_same_article_via_jsonl_and_text_has_same_hash(tmp_path: Path) -> None:
    jsonl = tmp_path / "one.jsonl"
    jsonl.write_text(json.dumps({"title": TITLE, "text": BODY}, ensure_ascii=False) + "\n", encoding="utf-8")
    text = tmp_path / "one.txt"
    text.write_text(f"{TITLE}\n\n{TITLE}\n\n{BODY.replace(chr(10), chr(10) * 2)}\n", encoding="utf-8")
    (from_jsonl,) = _items(jsonl)
    (from_text,) = _items(text)
    assert isinstance(from_jsonl, Article) and isinstance(from_text, Article)
    assert from_jsonl.content_hash == from_text.content_hash
    assert from_jsonl.id == from_text.id  # no URL and no record id: both derived from the hash
