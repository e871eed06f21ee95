"""Batch interfaces: JSON Lines in, JSON Lines out, ids echoed, malformed input is one clear line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def _run(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "marsad.cli", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def _jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def test_times_batch() -> None:
    rows = [{"id": "t1", "text": "وقع الاتفاق في سبتمبر 2024 ويستمر حتى 2026.", "reference_time": "2025-08-20T00:00:00"}]
    result = _run(["times", "--jsonl", "-"], _jsonl(rows))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["id"] == "t1"
    first = out["times"][0]
    assert (first["value"], first["grain"], first["type"]) == ("2024-09-01", "month", "instant")
    assert rows[0]["text"][first["start"] : first["end"]] == first["text"]
    assert any(t["type"] == "interval" and (t["to"] or "").startswith("2026") for t in out["times"])


def test_cluster_and_similarity_batches() -> None:
    a = {"title": "القوات الأمريكية تغادر قاعدة عين الأسد", "text": "غادرت القوات الأمريكية قاعدة عين الأسد في الأنبار متجهة إلى أربيل بعد قرار تسريع الانسحاب."}
    b = {"title": "انسحاب أمريكي من عين الأسد نحو أربيل", "text": "بدأ انسحاب القوات الأمريكية من قاعدة عين الأسد في محافظة الأنبار ونقل الجنود إلى أربيل."}
    c = {"title": "البنك المركزي المصري يخفض الفائدة", "text": "خفض البنك المركزي المصري أسعار الفائدة نقطتين مئويتين في اجتماع لجنة السياسة النقدية."}
    rows = [
        {"id": "1", **a, "published": "2025-08-04T09:00:00+03:00", "outlet": "أ"},
        {"id": "2", **b, "published": "2025-08-04T12:00:00+03:00", "outlet": "ب"},
        {"id": "3", **c, "published": "2025-08-04T13:00:00+03:00", "outlet": "ج"},
    ]
    out = [json.loads(line) for line in _run(["cluster", "--jsonl", "-"], _jsonl(rows)).stdout.splitlines()]
    story = {o["id"]: o["story"] for o in out}
    assert story["1"] == story["2"] != story["3"]
    pairs = [{"id": "same", "a": a, "b": b}, {"id": "different", "a": a, "b": c}]
    scores = {o["id"]: o["score"] for o in map(json.loads, _run(["similarity", "--jsonl", "-"], _jsonl(pairs)).stdout.splitlines())}
    assert scores["same"] > 0.3 > scores["different"]


def test_summarize_batch(tmp_path: Path) -> None:
    rows = [{"id": "s1", "title": "خفض الفائدة في مصر", "text": "خفض البنك المركزي المصري أسعار الفائدة نقطتين مئويتين اليوم الخميس.\nوقال البنك إن التضخم تراجع خلال الأشهر الماضية إلى أدنى مستوى منذ عامين."}]
    src = tmp_path / "in.jsonl"
    src.write_text(_jsonl(rows), encoding="utf-8")
    dest = tmp_path / "out.jsonl"
    result = _run(["summarize", "--jsonl", str(src), "--sentences", "1", "-o", str(dest)], "")
    assert result.returncode == 0, result.stderr
    out = json.loads(dest.read_text(encoding="utf-8"))
    # the lead in headline form: subject first, the verb in the imperfect (marsad.brief.standfirst)
    assert out == {"id": "s1", "summary": "البنك المركزي المصري يخفض أسعار الفائدة نقطتين مئويتين اليوم الخميس."}


def test_malformed_input_is_one_line_with_its_line_number() -> None:
    result = _run(["times", "--jsonl", "-"], '{"id": "1", "text": "أمس"}\n{broken\n')
    assert result.returncode == 1
    assert result.stderr.strip() == "marsad: error: -: line 2: malformed JSON (Expecting property name enclosed in double quotes)"
    missing = _run(["summarize", "--jsonl", "-"], '{"title": "x"}\n')
    assert "line 1: missing field(s) id, text" in missing.stderr


def test_places_batch() -> None:
    rows = [{"id": "p1", "text": "غادرت القوات قاعدة عين الأسد في الأنبار متجهة إلى أربيل."}]
    result = _run(["places", "--jsonl", "-"], _jsonl(rows))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["id"] == "p1"
    found = {p["text"]: p for p in out["places"]}
    assert {"عين الأسد", "الأنبار", "أربيل"} <= {t.removeprefix("قاعدة ") for t in found}
    for p in out["places"]:
        assert rows[0]["text"][p["start"] : p["end"]] == p["text"]
        assert p["country_code"] == "IQ" and 29 < p["lat"] < 38 and 38 < p["lon"] < 49
