"""Crash safety: ``marsad ingest`` killed with SIGKILL mid-run, then restarted.

Why SIGKILL and a real subprocess: it is the crash no code can intercept (OOM killer, power loss of
the process), so only the store's transactions stand between the user and a half-written article.
The promise checked: after the restart every input article is stored exactly once (the same ids an
uninterrupted ingest gives), nothing is lost, nothing is duplicated, every article is analysed once,
and the store passes ``check_integrity`` both right after the kill and at the end.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from marsad.ingest import IngestOptions, iter_inputs
from marsad.model import Article
from marsad.store import open_store

CITIES = ["بغداد", "البصرة", "الموصل", "أربيل", "كركوك", "النجف", "دمشق", "حلب", "عمّان", "بيروت"]
BODIES = ["وزارة الصحة", "وزارة التربية", "مجلس المحافظة", "الدفاع المدني", "وزارة النقل", "هيئة المياه"]
ACTS = ["افتتاح مستشفى جديد", "ترميم مدرسة قديمة", "توزيع مساعدات غذائية", "إصلاح شبكة الكهرباء",
        "تعبيد طريق رئيسي", "حملة تلقيح للأطفال"]  # fmt: skip


def write_corpus(path: Path, n: int) -> list[str]:
    """``n`` distinct short Arabic articles (written for this test) as JSON Lines; their ids as
    an uninterrupted ingest computes them."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            city, body, act = CITIES[i % 10], BODIES[(i // 10) % 6], ACTS[(i // 60) % 6]
            record = {
                "title": f"{body} في {city}: {act} رقم {i}",
                "text": (
                    f"أعلنت {body} في {city} صباح اليوم عن {act} ضمن خطة رقم {i} لهذا العام. "
                    f"وقال متحدث باسم {body} إن العمل سيستمر {i % 9 + 2} أسابيع، "
                    f"وإن الكلفة بلغت {1000 + i} دينار بحسب البيان الرسمي."
                ),
                "url": f"https://news.example/{i}",
                "outlet": ["المرصد", "الوكالة", "الصحيفة"][i % 3],
                "published": f"2025-0{1 + i % 9}-{10 + i % 18}",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    ids = [a.id for a in iter_inputs([str(path)], IngestOptions()) if isinstance(a, Article)]
    assert len(ids) == n == len(set(ids))
    return ids


def marsad_process(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "MARSAD_NER": "0"}  # the tagger adds nothing to crash safety, only time
    return subprocess.Popen(
        [sys.executable, "-m", "marsad.cli", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def kill_when(proc: subprocess.Popen[str], reached: Callable[[], bool], timeout: float = 120) -> None:
    """SIGKILL ``proc`` as soon as ``reached()``; fail if it ended first (nothing was interrupted)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the run ended before it could be killed (rc {proc.returncode}): {err[-800:]}")
        if reached():
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            assert proc.returncode == -signal.SIGKILL
            proc.communicate()
            return
        time.sleep(0.01)
    proc.kill()
    proc.communicate()
    pytest.fail("the run never reached the kill point")


def finish(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    proc = marsad_process(*args)
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-2000:]
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def stored_ids(target: str) -> list[str]:
    from marsad.store.base import paged

    with open_store(target) as store:
        return [a.id for a in paged(store.list_articles)]


def integrity(target: str) -> list[str]:
    with open_store(target) as store:
        return store.check_integrity()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where the killed runs write: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    server = request.getfixturevalue("postgres_server")
    return str(server.create_database(f"faults_{os.getpid()}_{time.monotonic_ns()}"))


def test_sigkill_while_storing_loses_and_duplicates_nothing(store_target: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    expected = write_corpus(corpus, 3000)
    reader = open_store(store_target)
    try:
        proc = marsad_process("ingest", str(corpus), "--db", store_target, "--no-process")
        kill_when(proc, lambda: reader.count_articles() >= 300)
        after_kill = reader.count_articles()
    finally:
        reader.close()
    assert 300 <= after_kill < 3000, "the kill must land mid-run"
    assert integrity(store_target) == []  # a killed run leaves a sound store: no half article

    out = finish("ingest", str(corpus), "--db", store_target, "--no-process").stdout
    assert f"{3000 - after_kill} added, {after_kill} already stored" in out
    ids = stored_ids(store_target)
    assert len(ids) == 3000 and sorted(ids) == sorted(expected)
    assert integrity(store_target) == []
    # a third run is a no-op
    assert "0 added, 3000 already stored" in finish("ingest", str(corpus), "--db", store_target, "--no-process").stdout


def test_sigkill_while_analysing_resumes_where_it_stopped(store_target: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    expected = write_corpus(corpus, 400)
    finish("ingest", str(corpus), "--db", store_target, "--no-process")
    reader = open_store(store_target)
    try:
        proc = marsad_process("ingest", str(corpus), "--db", store_target)
        kill_when(proc, lambda: len(reader.unanalyzed_article_ids()) <= 350)
        pending = len(reader.unanalyzed_article_ids())
    finally:
        reader.close()
    assert 0 < pending <= 350
    assert integrity(store_target) == []

    finish("ingest", str(corpus), "--db", store_target)
    with open_store(store_target) as store:
        assert store.unanalyzed_article_ids() == []
        analysed = [a.article.id for a in store.iter_analyses()]
        assert sorted(analysed) == sorted(expected)  # each article analysed once, none missing
        members = [aid for s in store.list_stories(limit=1000) for aid in s.article_ids]
        assert sorted(members) == sorted(expected)  # every article in exactly one story
        assert store.check_integrity() == []
    check = finish("check", "--db", store_target)
    assert check.stdout.startswith("ok: 400 articles")


def test_check_reports_a_broken_store(tmp_path: Path) -> None:
    """The integrity check can fail: a row removed behind the store's back is reported."""
    import sqlite3

    target = str(tmp_path / "broken.db")
    with open_store(target) as store:
        store.add_article(Article(id="x1", title="عنوان", text="نص عربي قصير للاختبار.", content_hash="c1"))
    conn = sqlite3.connect(target)
    conn.execute("DELETE FROM articles_fts")
    conn.commit()
    conn.close()
    assert integrity(target) == ["1 articles missing from the search index"]
    proc = marsad_process("check", "--db", target)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "missing from the search index" in err
