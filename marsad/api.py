"""The Python API: one object that runs the whole flow over a store.

    from marsad.api import Marsad
    with Marsad("news.db") as m:
        report = m.ingest(["articles/"])     # store new articles (idempotent), analyse, update stories
        for story in m.stories():
            print(m.brief(story.id))

Why a facade: the CLI, the web app's ingest endpoint and user scripts all need the same sequence
(ingest → analyse → stories → briefs) with the same guarantees; writing it once here keeps them equal.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from marsad.brief.extractive import write_brief
from marsad.ingest import IngestOptions, iter_inputs
from marsad.knowledge.geonames import known_entity
from marsad.model import AnalyzedArticle, Article, Brief, Entity, IngestProblem, Story
from marsad.store import open_store
from marsad.store.base import EntityCount, Store, paged
from marsad.stories.build import build_story
from marsad.stories.cluster import StoryClusterer
from marsad.stories.dedup import NearDuplicateIndex
from marsad.stories.textutil import timestamp
from marsad.understand.pipeline import ANALYSIS_BATCH, ANALYZER_VERSION, analyze_batch, load_resources

if TYPE_CHECKING:
    from marsad.brief.llm import LLMConfig

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did: nothing is silently dropped, every input is accounted for."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    not_arabic: list[str] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)


@dataclass(slots=True)
class StoryUpdate:
    """Which stories changed when the store's stories were brought up to date."""

    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    near_duplicates: dict[str, str] = field(default_factory=dict)


def _stream_key(analysis: AnalyzedArticle) -> tuple[str, str]:
    """The order stories are built in: publication date as stored, then id (deterministic)."""
    return (analysis.article.published or "", analysis.article.id)


STREAM_STATE_KEY = "stories.stream"  # the story state a new process carries on from
STREAM_STATE_VERSION = 1
# Stories and copies that ended this long before the newest article are left out of the saved
# state (past the clustering and near-duplicate windows, they can never match again). The margin
# covers publication times written with different UTC offsets, which sort as strings, not as times.
STREAM_STATE_MARGIN = 2 * 86_400.0


class _StoryStream:
    """The online story state of one process: the clusterer, the near-duplicate index and where
    the stream has got to, so a long-running job (``marsad watch``) adds each new article once
    instead of replaying the whole store every round. ``snapshot``/``restore`` carry it from one
    process to the next through the store (``marsad ingest`` run again and again)."""

    def __init__(self) -> None:
        self.clusterer = StoryClusterer()
        self.dedup = NearDuplicateIndex()
        self.duplicates: dict[str, str] = {}
        self.last_key: tuple[str, str] = ("", "")
        self.accounted = 0  # analysed articles (any language) the stream has been brought up to
        self.earliest_next: float | None = None  # restored: fresh articles must be published after this

    def add(self, analysis: AnalyzedArticle) -> str:
        """Add one article (in stream order); returns its story id."""
        article = analysis.article
        original = self.dedup.add(article.id, article.text, timestamp(article.published))
        if original:
            self.duplicates[article.id] = original
        self.last_key = max(self.last_key, _stream_key(analysis))
        return self.clusterer.add(analysis)

    def snapshot(self) -> dict[str, Any]:
        newest = timestamp(self.last_key[0]) if self.last_key[0] else None
        now = newest - STREAM_STATE_MARGIN if newest is not None else None
        clusterer = self.clusterer.snapshot(now)
        live = {a for story in clusterer["stories"] for a in story[3]}
        return {
            "version": STREAM_STATE_VERSION,
            "analyzer": ANALYZER_VERSION,
            "accounted": self.accounted,
            "last_key": list(self.last_key),
            "now": now,
            "clusterer": clusterer,
            "dedup": self.dedup.snapshot(now),
            "duplicates": {d: o for d, o in self.duplicates.items() if d in live},
        }

    @classmethod
    def restore(cls, data: dict[str, Any]) -> _StoryStream:
        """The stream ``snapshot`` describes; ValueError when it is of another version or setting."""
        if data.get("version") != STREAM_STATE_VERSION or data.get("analyzer") != ANALYZER_VERSION:
            raise ValueError("story state of another version")
        stream = cls()
        stream.clusterer = StoryClusterer.from_snapshot(data["clusterer"])
        stream.dedup = NearDuplicateIndex.from_snapshot(data["dedup"])
        stream.duplicates = dict(data["duplicates"])
        stream.accounted = int(data["accounted"])
        key = data["last_key"]
        stream.last_key = (str(key[0]), str(key[1]))
        stream.earliest_next = data["now"]
        return stream

    def can_take(self, fresh: list[AnalyzedArticle]) -> bool:
        """Whether adding ``fresh`` (sorted) gives what a full replay would: they come after every
        article seen and, for a restored stream, after what its snapshot left out could match."""
        if fresh and _stream_key(fresh[0]) <= self.last_key:
            return False
        if self.earliest_next is None:
            return True
        times = [timestamp(a.article.published) for a in fresh]
        return all(t is not None and t >= self.earliest_next for t in times)


class Marsad:
    """Runs ingest, analysis, story building and briefs against one store."""

    def __init__(self, store: Store | str = "marsad.db", llm: LLMConfig | None = None) -> None:
        self.store: Store = open_store(store) if isinstance(store, str) else store
        self._stream: _StoryStream | None = None  # story state kept between update_stories calls
        # Optional LLM rewrite of each newly written brief (marsad.brief.llm); None: extractive only.
        self.llm = llm

    # -- lifecycle -----------------------------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Marsad:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the flow --------------------------------------------------------------------------------
    def ingest(
        self,
        inputs: list[str],
        options: IngestOptions | None = None,
        *,
        process: bool = True,
        on_item: Callable[[Article | IngestProblem, bool], None] | None = None,
    ) -> IngestReport:
        """Store new articles from ``inputs``; then (``process=True``) analyse and update stories.

        Each article is committed as soon as it is read, so an interrupted run keeps what it stored
        and a re-run stores only what is missing.
        """
        report = IngestReport()
        for item in iter_inputs(inputs, options or IngestOptions()):
            if isinstance(item, IngestProblem):
                report.problems.append(item)
                if on_item:
                    on_item(item, False)
                continue
            added = self.store.add_article(item)
            (report.added if added else report.duplicates).append(item.id)
            if added and not item.is_arabic:
                report.not_arabic.append(item.id)
            if on_item:
                on_item(item, added)
        if process:
            self.process()
        return report

    def process(self, progress: Progress | None = None) -> StoryUpdate:
        """Analyse whatever is pending, then bring stories and briefs up to date."""
        analysed = self._analyze(progress)
        return self.update_stories(new_ids=analysed)

    def analyze_pending(self, progress: Progress | None = None) -> int:
        """Analyse articles with no analysis of the current version; returns how many."""
        return len(self._analyze(progress))

    def _analyze(self, progress: Progress | None) -> list[str]:
        pending = self.store.unanalyzed_article_ids(ANALYZER_VERSION)
        resources = load_resources()
        known: set[str] = set()
        done_ids: list[str] = []
        for at in range(0, len(pending), ANALYSIS_BATCH):
            part = pending[at : at + ANALYSIS_BATCH]
            articles = [a for a in (self.store.get_article(i) for i in part) if a is not None]
            for analysis in analyze_batch(articles, resources):
                self.store.save_analysis(analysis)
                known.update(m.entity_id for m in analysis.mentions if m.entity_id)
                done_ids.append(analysis.article.id)
            if progress:
                progress(at + len(part), len(pending))
        # Knowledge-base records of the entities mentioned, so entity pages show names, types,
        # coordinates and aliases (local entities are described by their mentions).
        records = [e for e in (known_entity(i, resources.gazetteer) for i in sorted(known)) if e is not None]
        if records:
            self.store.save_entities(records)
        return done_ids

    def update_stories(self, new_ids: list[str] | None = None) -> StoryUpdate:
        """Regroup analysed Arabic articles into stories and rewrite briefs of changed stories.

        The clusterer is online (an article joins a story or starts one), and it is replayed over
        the stored analyses in publication order, so the result does not depend on ingest order.
        Only stories whose membership changed are written and re-briefed.

        ``new_ids``: the articles analysed since the last call on this object. When this object
        still holds the clusterer of its previous call, or a new process finds the state the last
        one saved in the store (``STREAM_STATE_KEY``) and it covers every analysed article but
        these, and every new article sorts after the ones seen (the normal case for a stream),
        only the new articles are added and only the stories they touch are rebuilt: the same
        result as a full replay, which is what it falls back to otherwise (no usable state,
        back-filled older articles, undated ones, no ``new_ids``). The saved state holds only the
        stories and copies that can still match a new article, so it does not grow with the store.
        """
        stream = self._stream
        if new_ids is not None and stream is None:
            stream = self._saved_stream(len(new_ids))
        if new_ids is not None and stream is not None:
            # An article the stream already holds sorts at or before its position: can_take
            # refuses it and the replay below takes it once.
            fresh = [a for a in self.store.iter_analyses(new_ids) if a.article.is_arabic]
            fresh.sort(key=_stream_key)
            if stream.can_take(fresh):
                update = self._continue_stories(stream, fresh)
                stream.accounted += len(new_ids)
                self._stream = stream
                if new_ids:
                    self._save_stream(stream)
                return update
        update = self._replay_stories()
        if self._stream is not None:
            self._save_stream(self._stream)
        return update

    def _saved_stream(self, new: int) -> _StoryStream | None:
        """The story state saved by an earlier process, when it covers exactly the analysed
        articles of the store but the ``new`` ones just analysed; else None (replay)."""
        raw = self.store.get_state(STREAM_STATE_KEY)
        if not raw:
            return None
        try:
            stream = _StoryStream.restore(json.loads(zlib.decompress(base64.b64decode(raw))))
        except (ValueError, KeyError, TypeError, IndexError, zlib.error, binascii.Error):
            return None  # unreadable or from another version: a replay rebuilds it
        analysed = self.store.count_articles() - len(self.store.unanalyzed_article_ids(ANALYZER_VERSION))
        return stream if stream.accounted + new == analysed else None

    def _save_stream(self, stream: _StoryStream) -> None:
        """Keep the live story state in the store (compressed JSON) for the next process, and go on
        from that same state here: a long-running ``watch`` then holds only live stories in memory,
        and behaves exactly like a run of separate processes."""
        snapshot = stream.snapshot()
        packed = zlib.compress(json.dumps(snapshot, ensure_ascii=False).encode("utf-8"), 6)
        self.store.set_state(STREAM_STATE_KEY, base64.b64encode(packed).decode("ascii"))
        self._stream = _StoryStream.restore(snapshot)

    def _replay_stories(self) -> StoryUpdate:
        every = list(self.store.iter_analyses())
        analyses = [a for a in every if a.article.is_arabic]
        analyses.sort(key=_stream_key)
        stream = _StoryStream()
        stream.accounted = len(every)
        for analysis in analyses:
            stream.add(analysis)
        # Read membership after all adds: a merge moves articles that were assigned before it.
        assignment = stream.clusterer.assignments()
        members: dict[str, list[AnalyzedArticle]] = {}
        for analysis in analyses:
            members.setdefault(assignment[analysis.article.id], []).append(analysis)

        update = StoryUpdate(near_duplicates=dict(stream.duplicates))
        existing = {s.id: s for s in paged(self.store.list_stories)}
        for story_id, group in members.items():
            story = build_story(story_id, group, stream.duplicates)
            old = existing.pop(story_id, None)
            unchanged = old is not None and sorted(old.article_ids) == sorted(story.article_ids)
            if unchanged and self.store.get_brief(story_id) is not None:
                continue
            self.store.save_story(story)
            self.store.save_brief(self._write_brief(story, group))
            update.changed.append(story_id)
        for story_id in existing:
            self.store.delete_story(story_id)
            update.removed.append(story_id)
        self._stream = stream
        return update

    def _continue_stories(self, stream: _StoryStream, fresh: list[AnalyzedArticle]) -> StoryUpdate:
        clusterer = stream.clusterer
        touched: set[str] = set()
        new_duplicates: dict[str, str] = {}
        for analysis in fresh:
            touched.add(stream.add(analysis))
            original = stream.duplicates.get(analysis.article.id)
            if original:
                new_duplicates[analysis.article.id] = original
        # Every update ends by going on from the saved state (``_save_stream``), whose clusterer
        # starts with no merges: the merges listed now are all this update's.
        merged_away = [source for source, _ in clusterer.merges]
        roots = {clusterer.root(s) for s in touched}
        update = StoryUpdate(near_duplicates=new_duplicates)
        for story_id in sorted(roots):
            article_ids = clusterer.stories[story_id].articles
            group = list(self.store.iter_analyses(article_ids))
            story = build_story(story_id, group, stream.duplicates)
            self.store.save_story(story)  # moves the articles of stories merged into this one
            self.store.save_brief(self._write_brief(story, group))
            update.changed.append(story_id)
        for story_id in merged_away:
            if story_id not in roots and self.store.get_story(story_id) is not None:
                self.store.delete_story(story_id)
                update.removed.append(story_id)
        return update

    def _write_brief(self, story: Story, group: list[AnalyzedArticle], llm: LLMConfig | None = None) -> Brief:
        """The extractive brief, rewritten by ``llm`` (default: this object's) when there is one,
        which keeps the extractive brief on any failure (see marsad.brief.llm)."""
        brief = write_brief(story, group)
        config = llm or self.llm
        if config is None:
            return brief
        from marsad.brief.llm import rewrite_brief

        return rewrite_brief(brief, group, config)

    def rewrite_brief(self, story_id: str, llm: LLMConfig | None = None) -> Brief | None:
        """Rewrite one stored story's brief with the LLM (``llm`` or this object's) and save it;
        None when there is no such story. Starts from a fresh extractive brief, so rewriting twice
        never rewrites a rewrite."""
        if (llm or self.llm) is None:
            raise ValueError("no LLM configured (set MARSAD_LLM_URL and MARSAD_LLM_MODEL)")
        story = self.store.get_story(story_id)
        if story is None:
            return None
        group = [a for a in self.store.iter_analyses(story.article_ids) if a.article.is_arabic]
        brief = self._write_brief(story, group, llm)
        self.store.save_brief(brief)
        return brief

    # -- reading -------------------------------------------------------------------------------
    def stories(self, *, limit: int = 50, offset: int = 0) -> list[Story]:
        return self.store.list_stories(limit=limit, offset=offset)

    def brief(self, story_id: str) -> Brief | None:
        return self.store.get_brief(story_id)

    def entities(
        self, *, limit: int = 100, offset: int = 0, entity_type: str | None = None
    ) -> list[EntityCount]:
        """Mentioned entities (knowledge-base and local), most mentioned first."""
        return self.store.list_entities(limit=limit, offset=offset, entity_type=entity_type)

    def entity(self, entity_id: str) -> Entity | None:
        """The entity's record: the knowledge-base row, or for a local entity one built from its
        mentions; None when nothing mentions or describes it."""
        return self.store.get_entity(entity_id) or self.store.mentioned_entity(entity_id)
