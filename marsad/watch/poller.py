"""The watcher: polls feeds and sitemaps when due, stores new articles, keeps stories current.

Guarantees, and why they hold:

* Polite. Every request (robots.txt and redirect hops included) passes through one per-host rate
  limit; pages go through the ingest ``Fetcher`` (robots.txt, private-address guard, size limit);
  feeds and sitemaps are asked for with ``If-None-Match`` / ``If-Modified-Since`` so an unchanged
  source costs one 304.
* Nothing lost, nothing twice. Articles are committed one by one with the store's idempotent
  ``add_article``; a link already stored is skipped before anything is fetched. A source's
  validators are saved only after every one of its new entries was stored: if a page failed for a
  while, or the round's article cap was reached, the next poll reads the source in full again.
* Failures stay local. A source that fails is reported and rescheduled with exponential backoff
  (or the server's ``Retry-After``); the other sources go on. Only a ``StoreError`` stops a round,
  because nothing can be recorded then; ``run`` waits (bounded backoff) and tries the round again.
* Stoppable. ``stop()`` (the CLI wires SIGTERM/SIGINT to it) is checked before every request and
  wakes any wait, so the watcher ends between requests, never inside a write.

Clock, sleep, HTTP transport, resolver and jitter are injectable so tests run fast and repeatably.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from marsad.ingest.addresses import Resolver, system_resolve
from marsad.ingest.dispatch import items_from_page
from marsad.ingest.errors import FetchError, IngestError
from marsad.ingest.feeds import SHORT_ENTRY_CHARS, entry_article, html_to_text, parse_feed
from marsad.ingest.fetch import FetchedPage, Fetcher
from marsad.ingest.options import IngestOptions
from marsad.model import Article, IngestProblem
from marsad.store.base import Store, StoreError
from marsad.watch.config import SourceConfig, WatchConfig
from marsad.watch.ratelimit import Clock, HostRateLimiter, Sleep
from marsad.watch.retry import MAX_INLINE_WAIT, RetryPolicy, parse_retry_after
from marsad.watch.sitemap import Sitemap, SitemapError, looks_like_sitemap, newest_first, parse_sitemap
from marsad.watch.state import (
    SourceState,
    conditional_headers,
    load_state,
    page_known,
    remember_page,
    save_state,
)

if TYPE_CHECKING:
    from marsad.brief.llm import LLMConfig

log = logging.getLogger(__name__)

MAX_SOURCE_BACKOFF = 6 * 3600.0  # a failing source is still tried at least this often
MAX_RETRY_AFTER = 24 * 3600.0  # a larger Retry-After is treated as this
STORE_BACKOFF_START = 5.0
STORE_BACKOFF_MAX = 300.0
STORE_RETRIES_WHEN_BOUNDED = 5  # with --once/--rounds, give up after this many failed attempts
MAX_SITEMAP_CHILDREN = 50  # child sitemaps read per index
MAX_SITEMAP_DEPTH = 2  # index -> index -> urlset at most
IDLE_CHECK = 60.0  # longest single sleep between rounds, so a wall-clock jump (suspend) is noticed


class WatchStopped(Exception):
    """Raised between requests once ``stop()`` was called; unwinds the round without recording."""


@dataclass(slots=True)
class RoundReport:
    """What one round did; ``line()`` is what the CLI prints."""

    polled: int = 0
    not_modified: int = 0
    failed: int = 0
    added: list[str] = field(default_factory=list)
    already_stored: int = 0
    retries: int = 0
    problems: list[IngestProblem] = field(default_factory=list)
    stories_changed: int = 0
    capped: bool = False
    stopped: bool = False
    next_in: float | None = None  # when nothing was due: seconds until the first source is

    def line(self) -> str:
        text = (
            f"{self.polled} sources polled, {self.not_modified} not modified, "
            f"{len(self.added)} new articles, {len(self.problems)} problems"
        )
        if self.stories_changed:
            text += f", {self.stories_changed} stories updated"
        if self.capped:
            text += " (article cap reached; the rest next round)"
        if self.stopped:
            text += " (stopped)"
        if self.next_in is not None:
            text += f" (none due; the next source in {max(0.0, self.next_in):.0f} s)"
        return text


@dataclass(slots=True)
class _Source:
    """One source during one round: its config, its state and whether all of it was read."""

    config: SourceConfig
    state: SourceState
    complete: bool = True


class Watcher:
    """Polls the sources of ``config`` into ``store``; see the module doc for the guarantees."""

    def __init__(
        self,
        store: Store,
        config: WatchConfig,
        *,
        allow_private: bool = False,
        process: bool = True,
        clock: Clock = time.time,
        sleep: Sleep | None = None,
        transport: httpx.BaseTransport | None = None,
        resolve: Resolver = system_resolve,
        jitter: Callable[[], float] = random.random,
        on_problem: Callable[[IngestProblem], None] | None = None,
        llm: LLMConfig | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self.llm = llm  # optional LLM rewrite of new briefs (marsad.brief.llm); None: extractive only
        self.options = IngestOptions(
            allow_private=allow_private, timeout=config.timeout, user_agent=config.user_agent
        )
        self.process = process
        self._clock = clock
        self._stop = threading.Event()
        self._sleep: Sleep = sleep or self._wait
        self._transport = transport
        self._resolve = resolve
        self._jitter = jitter
        self._on_problem = on_problem
        self.limiter = HostRateLimiter(config.per_host_interval, clock, self._sleep)
        self.policy = RetryPolicy(max_retries=config.max_retries)
        self._marsad: Any = None  # created on first use: importing the analysis stack is slow
        self._needs_process: bool | None = None  # None: not known yet (checked on the first round)
        self._report = RoundReport()
        self._budget = config.max_articles_per_round

    # -- stopping --------------------------------------------------------------------------------
    def stop(self) -> None:
        """Ask the watcher to stop at the next request boundary.

        Not from a signal handler in the thread that runs the watcher: ``Event.set`` takes the
        lock that ``Event.wait`` holds for a moment, and a handler that interrupts the waiting
        thread inside that moment would wait for itself for ever. ``stop_from_signal`` is for that.
        """
        self._stop.set()

    def stop_from_signal(self) -> None:
        """``stop`` from a signal handler: the event is set by a short-lived thread, which takes
        the lock once the interrupted thread has let go of it."""
        threading.Thread(target=self._stop.set, name="marsad-watch-stop", daemon=True).start()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def _wait(self, seconds: float) -> None:
        self._stop.wait(max(0.0, seconds))

    # -- the loop --------------------------------------------------------------------------------
    def run(
        self,
        *,
        rounds: int | None = None,
        on_round: Callable[[RoundReport], None] | None = None,
    ) -> list[RoundReport]:
        """Poll rounds until stopped (or ``rounds`` rounds done), sleeping until the next source is
        due. A round that hits a ``StoreError`` is retried after a bounded backoff; when ``rounds``
        is given the error is raised after ``STORE_RETRIES_WHEN_BOUNDED`` attempts."""
        reports: list[RoundReport] = []
        store_failures = 0
        while not self.stopped and (rounds is None or len(reports) < rounds):
            try:
                report = self.run_round()
            except StoreError as exc:
                store_failures += 1
                self._problem("store", f"store error, round will be retried: {exc}")
                if rounds is not None and store_failures >= STORE_RETRIES_WHEN_BOUNDED:
                    raise
                self._sleep(min(STORE_BACKOFF_MAX, STORE_BACKOFF_START * 2 ** (store_failures - 1)))
                continue
            store_failures = 0
            reports.append(report)
            if on_round:
                on_round(report)
            if report.stopped or (rounds is not None and len(reports) >= rounds):
                break
            self._idle_until_due()
        return reports

    def _idle_until_due(self) -> None:
        try:
            due = min(load_state(self.store, s.url).next_due for s in self.config.sources)
        except StoreError as exc:
            self._problem("store", f"cannot read the watch state: {exc}")
            due = self._clock() + STORE_BACKOFF_START
        delay = due - self._clock()
        if delay > 0:
            self._sleep(min(delay, IDLE_CHECK))

    # -- one round -------------------------------------------------------------------------------
    def run_round(self, *, force: bool = False) -> RoundReport:
        """Poll every due source (every source with ``force``), then analyse what was added.

        Raises ``StoreError`` (the caller retries); everything else becomes a problem line.
        """
        self._report = report = RoundReport()
        self._budget = self.config.max_articles_per_round
        if self._needs_process is None:
            self._needs_process = self.process and self._has_pending()
        now = self._clock()
        sources = [_Source(s, load_state(self.store, s.url)) for s in self.config.sources]
        due = sorted((s for s in sources if force or s.state.next_due <= now), key=lambda s: s.state.next_due)
        if not due:
            report.next_in = min(s.state.next_due for s in sources) - now
        fetcher = Fetcher(
            self.options,
            transport=self._transport,
            resolve=self._resolve,
            before_request=self._before_request,
        )
        try:
            for source in due:
                if self._budget <= 0:
                    report.capped = True
                    break
                self._poll(source, fetcher)
        except WatchStopped:
            report.stopped = True
        finally:
            fetcher.close()
        if self.process and self._needs_process and not report.stopped:
            self._run_process()
        return report

    def _has_pending(self) -> bool:
        from marsad.understand.pipeline import ANALYZER_VERSION

        return bool(self.store.unanalyzed_article_ids(ANALYZER_VERSION))

    def _run_process(self) -> None:
        from marsad.api import Marsad

        if self._marsad is None:
            self._marsad = Marsad(self.store, llm=self.llm)
        try:
            update = self._marsad.process()
        except StoreError:
            raise
        except Exception as exc:  # an analysis bug must not kill an unattended watcher
            log.debug("analysis failed", exc_info=True)
            self._problem("analysis", f"analysis failed: {type(exc).__name__}: {exc}")
        else:
            self._report.stories_changed = len(update.changed)
        self._needs_process = False

    def _before_request(self, url: str) -> None:
        if self.stopped:
            raise WatchStopped
        until = self.limiter.blocked_until(url)
        if until is not None:
            wait = until - self._clock()
            raise FetchError(
                f"cannot fetch {url}: the server asked for a pause of {wait:.0f} s more",
                transient=True,
                retry_after=str(int(wait) + 1),
            )
        self.limiter.wait(url)
        if self.stopped:
            raise WatchStopped

    def _problem(self, source: str, message: str) -> None:
        problem = IngestProblem(source, message)
        self._report.problems.append(problem)
        if self._on_problem:
            log.debug("%s: %s", source, message)  # the callback shows it; do not say it twice
            self._on_problem(problem)
        else:
            log.warning("%s: %s", source, message)

    # -- fetching with retries ---------------------------------------------------------------------
    def _fetch(self, fetcher: Fetcher, url: str, headers: dict[str, str] | None = None) -> FetchedPage:
        """``fetcher.fetch`` retried on passing failures; the last ``FetchError`` is raised when the
        retries are spent or the server asks for a wait too long to sleep inside a round."""
        attempt = 0
        while True:
            try:
                return fetcher.fetch(url, headers=headers)
            except FetchError as exc:
                if not exc.transient or attempt >= self.policy.max_retries:
                    raise
                attempt += 1
                wait = parse_retry_after(exc.retry_after, self._clock())
                if wait is None:
                    wait = self.policy.delay(attempt, self._jitter)
                if wait > MAX_INLINE_WAIT:  # spare the host for the rest of the round too
                    self.limiter.block(url, self._clock() + min(wait, MAX_RETRY_AFTER))
                    raise
                self._report.retries += 1
                log.info("retry %d of %s in %.1f s: %s", attempt, url, wait, exc)
                self._sleep(wait)
                if self.stopped:
                    raise WatchStopped from None

    # -- one source --------------------------------------------------------------------------------
    def _poll(self, source: _Source, fetcher: Fetcher) -> None:
        report, state, url = self._report, source.state, source.config.url
        report.polled += 1
        state.last_polled = self._clock()
        try:
            page = self._fetch(fetcher, url, state.validators())
            if page.status == 304:
                report.not_modified += 1
                if state.kind == "sitemap" and state.children:
                    self._sitemap_children(source, url, None, fetcher, depth=0)
            else:
                kind = source.config.kind
                if kind == "auto":
                    kind = "sitemap" if looks_like_sitemap(page.content) else "feed"
                if kind == "sitemap":
                    self._sitemap(source, url, page, fetcher, depth=0)
                else:
                    self._feed(source, page, fetcher)
                state.kind = kind
        except (StoreError, WatchStopped):
            raise
        except (IngestError, SitemapError) as exc:
            self._source_failed(source, str(exc), getattr(exc, "retry_after", ""))
            return
        except Exception as exc:  # a parser or library bug: report it, keep the other sources going
            log.debug("unexpected error polling %s", url, exc_info=True)
            self._source_failed(source, f"unexpected error: {type(exc).__name__}: {exc}", "")
            return
        now = self._clock()
        state.failures, state.last_error = 0, ""
        if page.status != 304:
            if source.complete:
                state.etag, state.last_modified = page.etag, page.last_modified
            else:  # read it in full next time: some entries are still missing
                state.etag = state.last_modified = ""
        capped = not source.complete and self._budget <= 0
        state.next_due = now if capped else now + source.config.interval
        save_state(self.store, url, state)

    def _source_failed(self, source: _Source, message: str, retry_after: str) -> None:
        state, config = source.state, source.config
        self._report.failed += 1
        self._problem(config.url, message)
        now = self._clock()
        state.failures += 1
        state.last_error = message[:500]
        delay = min(MAX_SOURCE_BACKOFF, config.interval * 2 ** (state.failures - 1))
        delay = max(delay, config.interval) * (0.75 + 0.5 * self._jitter())
        asked = parse_retry_after(retry_after, now)
        if asked is not None:
            delay = max(delay, min(asked, MAX_RETRY_AFTER))
        state.next_due = now + delay
        save_state(self.store, config.url, state)

    # -- feeds -------------------------------------------------------------------------------------
    def _feed(self, source: _Source, page: FetchedPage, fetcher: Fetcher) -> None:
        parsed = parse_feed(page.content)  # IngestError: the whole source failed this time
        feed_title = html_to_text(parsed.feed.get("title", "") or "")
        options = self._options_for(source)
        for number, entry in enumerate(parsed.entries, 1):
            link = str(entry.get("link", "") or "").strip()
            if link and page_known(self.store, link, self._clock()):
                self._report.already_stored += 1
                continue
            if not self._take_budget(source):
                return
            try:
                teaser: Article | None = entry_article(entry, feed_title, source.config.url, options)
            except IngestError:
                teaser = None
            except Exception as exc:  # feedparser oddities must not end the feed
                self._problem(source.config.url, f"feed entry {number}: {type(exc).__name__}: {exc}")
                continue
            if teaser is not None and (not link or len(teaser.text) >= SHORT_ENTRY_CHARS):
                self._store(teaser, source, link)  # the feed carries the article: no page fetch
            elif not link:
                self._problem(source.config.url, f"feed entry {number}: no text and no link")
            else:
                self._page(link, source, fetcher, teaser=teaser)

    # -- sitemaps ----------------------------------------------------------------------------------
    def _sitemap(self, source: _Source, url: str, page: FetchedPage, fetcher: Fetcher, *, depth: int) -> None:
        doc = parse_sitemap(page.content)
        for message in doc.problems:
            self._problem(url, message)
        if doc.is_index:
            self._sitemap_children(source, url, doc, fetcher, depth=depth)
            return
        children = source.state.children  # it may have been an index before
        for stale in [k for k, v in children.items() if v.get("parent") == url]:
            del children[stale]
        for entry in newest_first(doc.urls):
            if page_known(self.store, entry.loc, self._clock()):
                self._report.already_stored += 1
                continue
            if not self._take_budget(source):
                return
            self._page(entry.loc, source, fetcher, published=entry.published)

    def _sitemap_children(
        self, source: _Source, parent: str, doc: Sitemap | None, fetcher: Fetcher, *, depth: int
    ) -> None:
        """Read the child sitemaps of index ``parent`` (from ``doc``, or as remembered when the index
        answered 304), each with its own conditional GET, newest first and bounded in number."""
        children = source.state.children
        if doc is not None:
            locs = [c.loc for c in newest_first(doc.children)]
            if len(locs) > MAX_SITEMAP_CHILDREN:
                self._problem(
                    parent, f"{len(locs)} child sitemaps; only the newest {MAX_SITEMAP_CHILDREN} read"
                )
                locs = locs[:MAX_SITEMAP_CHILDREN]
            for old in [k for k, v in children.items() if v.get("parent") == parent and k not in locs]:
                del children[old]
        else:
            locs = [k for k, v in children.items() if v.get("parent") == parent]
        if depth + 1 > MAX_SITEMAP_DEPTH:
            if locs:
                self._problem(parent, f"sitemap indexes nested deeper than {MAX_SITEMAP_DEPTH}; not followed")
            return
        all_complete = source.complete
        for loc in locs:
            known = children.get(loc, {})
            source.complete = True  # whether this child (and what it leads to) was read in full
            page: FetchedPage | None = None
            try:
                page = self._fetch(
                    fetcher, loc, conditional_headers(known.get("etag", ""), known.get("last_modified", ""))
                )
                if page.status == 304:
                    self._sitemap_children(source, loc, None, fetcher, depth=depth + 1)
                else:
                    self._sitemap(source, loc, page, fetcher, depth=depth + 1)
            except (IngestError, SitemapError) as exc:
                self._problem(loc, str(exc))
                source.complete = False
            record = {"parent": parent}
            if page is not None and source.complete:
                fresh = page.status != 304
                record["etag"] = page.etag if fresh else known.get("etag", "")
                record["last_modified"] = page.last_modified if fresh else known.get("last_modified", "")
            children[loc] = record
            all_complete = all_complete and source.complete
            if self._budget <= 0 and not source.complete:
                break
        source.complete = all_complete

    # -- pages -------------------------------------------------------------------------------------
    def _options_for(self, source: _Source) -> IngestOptions:
        return IngestOptions(
            allow_private=self.options.allow_private,
            timeout=self.options.timeout,
            user_agent=self.options.user_agent,
            outlet=source.config.outlet,
        )

    def _take_budget(self, source: _Source) -> bool:
        if self._budget <= 0:
            self._report.capped = True
            source.complete = False
            return False
        self._budget -= 1
        return True

    def _page(
        self,
        link: str,
        source: _Source,
        fetcher: Fetcher,
        *,
        teaser: Article | None = None,
        published: str | None = None,
    ) -> None:
        """Fetch ``link`` and store its article as ``marsad ingest URL`` would build it.

        A passing failure leaves the entry for the next poll (the source is marked incomplete); a
        lasting one keeps the feed's teaser when there is one (as ``ingest`` does with fetch_full),
        else it is remembered so the page is not asked for again for a day.
        """
        url = source.config.url
        options = self._options_for(source)
        try:
            page = self._fetch(fetcher, link)
            items: Iterable[Article | IngestProblem] = items_from_page(page, link, options, lambda: fetcher)
            found = list(items)
            if len(found) != 1 or not isinstance(found[0], Article):
                raise IngestError(f"{link} is not an article page")
            article = found[0]
        except FetchError as exc:
            if exc.transient:
                self._problem(url, f"{exc} (will try again next poll)")
                source.complete = False
                return
            self._page_failed(link, source, teaser, str(exc))
            return
        except IngestError as exc:
            message = str(exc)
            self._page_failed(link, source, teaser, message if link in message else f"{link}: {message}")
            return
        except (StoreError, WatchStopped):
            raise
        except Exception as exc:  # an extractor bug on one odd page
            log.debug("unexpected error reading %s", link, exc_info=True)
            self._page_failed(link, source, teaser, f"{link}: unexpected error: {type(exc).__name__}: {exc}")
            return
        # The feed's or the news sitemap's date is exact to the second, the page's often only to
        # the day; the feed wins, as in ``ingest`` with fetch_full.
        article.published = (teaser.published if teaser else None) or published or article.published
        self._store(article, source, link)

    def _page_failed(self, link: str, source: _Source, teaser: Article | None, message: str) -> None:
        if teaser is not None:
            teaser.warnings.append(f"full page not fetched, feed summary kept: {message}")
            self._store(teaser, source, link)
            return
        self._problem(source.config.url, message)
        remember_page(self.store, link, failed=message, at=self._clock())

    def _store(self, article: Article, source: _Source, link: str) -> None:
        article.outlet = source.config.outlet  # the configured name, so outlets count consistently
        added = self.store.add_article(article)  # committed at once; StoreError ends the round
        if added:
            self._report.added.append(article.id)
            self._needs_process = True
        else:
            self._report.already_stored += 1
        if link and (article.url != link or not added):
            remember_page(self.store, link, article_id=article.id)
