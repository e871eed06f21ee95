"""Story state carried from one process to the next through the store (``marsad ingest`` run again
and again) gives the stories a full replay gives, without replaying.

Each ``Marsad`` object below stands for a new process: it starts with no clusterer in memory and
must either carry on from the state the previous one saved, or replay when that state cannot be
trusted (unreadable, stale, or missing articles another writer analysed).
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import memberships

from marsad.api import STREAM_STATE_KEY, Marsad
from marsad.model import AnalyzedArticle
from marsad.store import open_store


def _replayed(items: list[AnalyzedArticle]) -> set[frozenset[str]]:
    m = Marsad(open_store(":memory:"))
    for a in items:
        m.store.save_analysis(a)
    m.update_stories()
    return memberships(m)


def _run_rounds(db: Path, items: list[AnalyzedArticle], first: int, size: int) -> None:
    """The first ``first`` articles in one process, then ``size`` per process."""
    chunks = [items[:first]] + [items[i : i + size] for i in range(first, len(items), size)]
    for chunk in chunks:
        with Marsad(str(db)) as m:  # a new process: nothing in memory
            for a in chunk:
                m.store.save_analysis(a)
            m.update_stories(new_ids=[a.article.id for a in chunk])


def _saved_state(db: Path) -> dict:
    with Marsad(str(db)) as m:
        raw = m.store.get_state(STREAM_STATE_KEY)
    assert raw
    return json.loads(zlib.decompress(base64.b64decode(raw)))


def _spread(items: list[AnalyzedArticle], days: int) -> list[AnalyzedArticle]:
    """The same articles published ``days`` apart, in their stream order."""
    start = datetime(2025, 1, 1, 8, tzinfo=UTC)
    return [
        replace(a, article=replace(a.article, published=(start + timedelta(days=days * i)).isoformat()))
        for i, a in enumerate(items)
    ]


def test_each_new_process_carries_on(tmp_path: Path, analyses: list[AnalyzedArticle], replays: list[int]) -> None:
    db = tmp_path / "news.db"
    _run_rounds(db, analyses, first=12, size=4)
    assert len(replays) == 1, "only the first process may replay; the others carry on from the saved state"
    with Marsad(str(db)) as m:
        assert memberships(m) == _replayed(analyses)
        assert m.store.check_integrity() == []
        assert all(m.brief(s.id) is not None for s in m.stories(limit=1000))
        check = m.update_stories()  # a full replay over the result changes nothing
        assert check.changed == [] and check.removed == []


def test_saved_state_keeps_only_what_can_still_match(
    tmp_path: Path,
    analyses: list[AnalyzedArticle],
    replays: list[int],
) -> None:
    spread = _spread(analyses, days=3)  # 3 days apart: most stories end long before the newest article
    db = tmp_path / "news.db"
    _run_rounds(db, spread, first=5, size=3)
    assert len(replays) == 1
    with Marsad(str(db)) as m:
        assert memberships(m) == _replayed(spread)
        total_stories = len(m.stories(limit=1000))
    state = _saved_state(db)
    assert 0 < len(state["clusterer"]["stories"]) < total_stories / 4
    assert 0 < len(state["dedup"]["entries"]) < len(spread) / 4
    assert state["clusterer"]["n_docs"] == len(spread)  # document frequencies stay whole
    assert state["accounted"] == len(spread)


def test_unusable_state_means_a_replay(tmp_path: Path, analyses: list[AnalyzedArticle], replays: list[int]) -> None:
    db = tmp_path / "news.db"
    _run_rounds(db, analyses[:20], first=20, size=1)
    assert len(replays) == 1
    # Unreadable state: the next process replays.
    with Marsad(str(db)) as m:
        m.store.set_state(STREAM_STATE_KEY, "not base64 zlib json")
    _run_rounds(db, analyses[20:24], first=4, size=4)
    assert len(replays) == 2
    # Another writer analysed articles without updating stories: the saved state no longer covers
    # the store, so the next process replays rather than miss them.
    with Marsad(str(db)) as other:
        for a in analyses[24:28]:
            other.store.save_analysis(a)
    _run_rounds(db, analyses[28:32], first=4, size=4)
    assert len(replays) == 3
    # And the state that replay saved is good again.
    _run_rounds(db, analyses[32:36], first=4, size=4)
    assert len(replays) == 3
    with Marsad(str(db)) as m:
        assert memberships(m) == _replayed(analyses[:36])


@pytest.mark.parametrize("back", [True, False])
def test_a_restored_stream_refuses_older_articles(
    tmp_path: Path,
    analyses: list[AnalyzedArticle],
    replays: list[int],
    back: bool,
) -> None:
    """An article sorting before the saved position, or published before what the state dropped,
    cannot be appended: replay."""
    spread = _spread(analyses, days=3)
    db = tmp_path / "news.db"
    _run_rounds(db, spread[:30], first=30, size=1)
    late = spread[30]
    # Either an old date, which sorts before the saved position, or a date that sorts after it but
    # cannot be read as a time, so nothing shows it comes after what the saved state left out.
    when = "2025-01-02T08:00:00+00:00" if back else "بعد ظهر اليوم"
    odd = replace(late, article=replace(late.article, published=when))
    with Marsad(str(db)) as m:
        m.store.save_analysis(odd)
        m.update_stories(new_ids=[odd.article.id])
    assert len(replays) == 2
    with Marsad(str(db)) as m:
        assert memberships(m) == _replayed([*spread[:30], odd])
