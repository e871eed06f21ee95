"""``marsad watch`` on PostgreSQL survives the database restarting under it, and a SIGKILL.

Why a real server, a real feed and a real process: the failure modes are in the seams (a pooled
connection that died with the server, a round interrupted half-way, a watcher killed between two
writes). The promise checked: every feed entry ends up stored exactly once and analysed, nothing
published while the database was down is lost, and the store passes ``check_integrity``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from conftest import http_server

from marsad.store import open_store
from marsad.store.base import paged

TOTAL = 200  # feed entries by the end of the test
CITIES = ["بغداد", "البصرة", "الموصل", "أربيل", "كركوك", "النجف", "دمشق", "حلب", "عمّان", "بيروت"]


def entry_xml(i: int) -> str:
    """One RSS item whose description is long enough to be stored without fetching its page."""
    city = CITIES[i % len(CITIES)]
    body = " ".join(
        f"أعلنت السلطات المحلية في {city} يوم الخبر رقم {i} عن خطة لإصلاح شبكة المياه في الحي {k}، "
        f"وقال المسؤول إن الأعمال ستنتهي خلال {k + 2} أسابيع."
        for k in range(6)
    )
    return (
        f"<item><title>خطة مياه جديدة في {city} رقم {i}</title>"
        f"<link>http://127.0.0.1/news/{i}</link><guid>news-{i}</guid>"
        f"<pubDate>Sun, 14 Sep 2025 {i % 24:02d}:00:00 +0300</pubDate>"
        f"<description>{body}</description></item>"
    )


class Feed:
    """The feed's current entries; the test adds entries while the watcher runs."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    def xml(self) -> bytes:
        with self.lock:
            items = "".join(entry_xml(i) for i in range(self.count))
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>أخبار الاختبار</title>{items}</channel></rss>"
        ).encode()


@pytest.fixture
def feed_server() -> Iterator[tuple[Feed, str]]:
    feed = Feed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if self.path == "/robots.txt":
                body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
            elif self.path == "/feed.xml":
                body, ctype = feed.xml(), "application/rss+xml"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    with http_server(Handler, join_timeout=10) as base:
        yield feed, f"{base}/feed.xml"


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 90, pause: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except Exception:  # the database may be down on purpose; keep polling until the deadline
            pass
        time.sleep(pause)
    pytest.fail(f"timed out waiting for {what}")


def start_watch(config: Path, db: str, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MARSAD_NER": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "marsad.cli", "watch", str(config), "--db", db, "--allow-private"],
        stdout=log.open("ab"), stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip


def stored(db: str) -> list[str]:
    with open_store(db) as store:
        return [a.url for a in paged(store.list_articles)]


def analysed_all(db: str, n: int) -> bool:
    with open_store(db) as store:
        return store.count_articles() == n and not store.unanalyzed_article_ids()


def test_watch_survives_database_restart_and_sigkill(
    postgres_server: Any, feed_server: tuple[Feed, str], tmp_path: Path
) -> None:
    feed, url = feed_server
    db = postgres_server.create_database()
    config = tmp_path / "watch.yaml"
    config.write_text(
        f"per_host_interval: 0\nsources:\n  - url: {url}\n    outlet: أخبار الاختبار\n    interval: 0.3\n",
        encoding="utf-8",
    )
    log = tmp_path / "watch.log"
    feed.count = 10
    proc = start_watch(config, db, log)
    try:
        wait_for(lambda: analysed_all(db, 10), "the first 10 entries to be stored and analysed")

        # The database goes away (fast shutdown: every connection is cut) while new entries appear.
        postgres_server.stop(mode="fast")
        with feed.lock:
            feed.count = 25
        time.sleep(1.5)  # at least a few rounds fail against the stopped server
        assert proc.poll() is None, "the watcher must not die when the database does"
        postgres_server.start()
        wait_for(lambda: analysed_all(db, 25), "the entries published during the outage", timeout=120)

        # SIGKILL in the middle of a busy round (175 new entries, at most 100 stored per round),
        # then a restart.
        with feed.lock:
            feed.count = TOTAL
        wait_for(lambda: len(stored(db)) > 25, "the next round to start storing", pause=0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        at_kill = len(stored(db))
        assert 25 < at_kill < TOTAL, "the kill must land before the watcher caught up"
        with open_store(db) as store:
            assert store.check_integrity() == []
        rounds_before = log.read_text(encoding="utf-8").count(" round ")
        proc = start_watch(config, db, log)
        wait_for(lambda: analysed_all(db, TOTAL), "every entry after the restart", timeout=120)
        # SIGTERM once the new watcher runs its loop (not while it is still starting up).
        wait_for(lambda: log.read_text(encoding="utf-8").count(" round ") > rounds_before, "a round line")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0, log.read_text(encoding="utf-8", errors="replace")[-2000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)

    urls = stored(db)
    assert len(urls) == TOTAL == len(set(urls))
    assert sorted(urls) == sorted(f"http://127.0.0.1/news/{i}" for i in range(TOTAL))
    with open_store(db) as store:
        assert store.check_integrity() == []
        members = [a for s in paged(store.list_stories) for a in s.article_ids]
        assert len(members) == TOTAL == len(set(members))
