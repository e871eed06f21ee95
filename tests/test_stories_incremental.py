"""Incremental story updates (what ``marsad watch`` relies on) give the same stories as a replay.

Why this matters: a long-running monitor adds a few articles per round; replaying the clusterer over
the whole store each time would cost O(store) per round. ``Marsad.update_stories(new_ids=…)`` adds
only the new articles to the clusterer it kept from its previous call, and must end with exactly
the stories a fresh full replay builds.
"""

from __future__ import annotations

from conftest import memberships

from marsad.api import Marsad
from marsad.model import AnalyzedArticle
from marsad.store import open_store


def test_stream_of_rounds_equals_full_replay(analyses: list[AnalyzedArticle], replays: list[int]) -> None:
    assert len(analyses) >= 30
    streamed = Marsad(open_store(":memory:"))
    first, rest = analyses[:12], analyses[12:]
    for a in first:
        streamed.store.save_analysis(a)
    streamed.update_stories(new_ids=[a.article.id for a in first])  # cold: one full replay
    changed_per_round = []
    for i in range(0, len(rest), 4):
        chunk = rest[i : i + 4]
        for a in chunk:
            streamed.store.save_analysis(a)
        update = streamed.update_stories(new_ids=[a.article.id for a in chunk])
        changed_per_round.append(len(update.changed))
    assert len(replays) == 1, "every round after the first must be incremental"
    assert max(changed_per_round) <= 4  # a round rebuilds only the stories its articles touched

    replayed = Marsad(open_store(":memory:"))
    for a in analyses:
        replayed.store.save_analysis(a)
    replayed.update_stories()
    assert memberships(streamed) == memberships(replayed)
    # A fresh replay over the streamed store finds nothing to change, and every story has a brief.
    check = Marsad(streamed.store).update_stories()
    assert check.changed == [] and check.removed == []
    for story in streamed.stories(limit=1000):
        assert streamed.brief(story.id) is not None
    assert streamed.store.check_integrity() == []


def test_an_older_article_falls_back_to_a_replay(analyses: list[AnalyzedArticle], replays: list[int]) -> None:
    """A back-filled article that sorts before what was seen cannot be appended: full replay."""
    m = Marsad(open_store(":memory:"))
    later, older = analyses[5:], analyses[:5]
    for a in later:
        m.store.save_analysis(a)
    m.update_stories(new_ids=[a.article.id for a in later])
    for a in older:
        m.store.save_analysis(a)
    m.update_stories(new_ids=[a.article.id for a in older])
    assert len(replays) == 2
    assert sum(len(s.article_ids) for s in m.stories(limit=1000)) == len(analyses)
