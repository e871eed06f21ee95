"""Fixtures shared by several test files: the analysed demo corpus for story updates, the web app over
the fixture store of ``test_web_data``, a real PostgreSQL server, local HTTP servers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from marsad.api import Marsad, _stream_key
from marsad.ingest import IngestOptions, iter_inputs
from marsad.model import AnalyzedArticle, Article
from marsad.native import compiled_modules
from marsad.store.base import Store
from marsad.understand.pipeline import analyze, load_resources
from marsad.web import create_app

CORPUS = Path(__file__).resolve().parents[1] / "marsad" / "demo" / "corpus"


# A compiled build (scripts/build_native.py) calls its own functions and methods directly, so a
# test that patches one of them cannot reach the code under test; scripts/check_native.py runs
# the suite on such a build, where these few are skipped with this reason.
patches_compiled = pytest.mark.skipif(bool(compiled_modules()), reason="patches a function of a compiled module")


@contextmanager
def http_server(handler: type[BaseHTTPRequestHandler], *, join_timeout: float = 5.0) -> Iterator[str]:
    """A threaded HTTP server on 127.0.0.1 (a free port) for the length of the block; yields its base
    URL (``http://127.0.0.1:PORT``). Handler threads are daemons, so a handler still sleeping (a
    timeout test) cannot hold the test run; the server is shut down and closed on the way out."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.timeout = 5
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=join_timeout)


@pytest.fixture(scope="session")
def analyses() -> list[AnalyzedArticle]:
    """The demo corpus' Arabic articles, analysed, in stream order (story-update tests)."""
    resources = load_resources()
    items = iter_inputs([str(CORPUS)], IngestOptions())
    articles = [a for a in items if isinstance(a, Article) and a.is_arabic]
    found = [analyze(a, resources) for a in articles]
    return sorted(found, key=_stream_key)


@pytest.fixture
def replays(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many full replays ``Marsad`` ran in the test: ``len(replays)``."""
    calls: list[int] = []
    real_replay = Marsad._replay_stories

    def counting_replay(self: Marsad) -> object:
        calls.append(1)
        return real_replay(self)

    monkeypatch.setattr(Marsad, "_replay_stories", counting_replay)
    return calls


def memberships(target: Marsad) -> set[frozenset[str]]:
    """The stories of ``target`` as sets of article ids."""
    return {frozenset(s.article_ids) for s in target.stories(limit=1000)}


@pytest.fixture(scope="module")
def web_store() -> Iterator[Store]:
    """A fresh in-memory store holding the web fixture data (one per test module)."""
    from test_web_data import build_store

    s = build_store()
    yield s
    s.close()


@pytest.fixture(scope="module")
def web_client(web_store: Store) -> TestClient:
    return TestClient(create_app(web_store))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the whole run (see ``pgserver``), stopped and deleted at the end.

    Missing PostgreSQL fails the tests that need it, never skips them: a skipped backend would let
    the PostgreSQL store break unnoticed.
    """
    from pgserver import PostgresNotAvailable, PostgresServer

    try:
        server = PostgresServer()
    except PostgresNotAvailable as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        server.start()
    except Exception as exc:
        server.cleanup()
        pytest.fail(f"cannot start the PostgreSQL test server: {exc}", pytrace=False)
    yield server
    server.cleanup()


if TYPE_CHECKING:
    from pgserver import PostgresServer


# How many generated inputs the fuzz properties tried (set by ``test_fuzz``), shown in the summary.
FUZZ_COUNT = pytest.StashKey[dict[str, int]]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    counts = config.stash.get(FUZZ_COUNT, None)
    if counts:
        parts = ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))
        terminalreporter.write_line(f"fuzz inputs tried: {sum(counts.values())} ({parts})")
