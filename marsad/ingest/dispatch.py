"""``iter_inputs``: from the user's list of paths, folders and URLs to articles and problems.

Why one dispatcher: the CLI, the API and the web app accept the same kinds of input, and the same
promise holds everywhere: every input yields articles or ``IngestProblem``s, and nothing raises. Any
unexpected error inside one input becomes a problem for that input and the run goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial

from marsad.ingest.encoding import decode_bytes, read_file_bytes
from marsad.ingest.errors import IngestError
from marsad.ingest.feeds import iter_feed, looks_like_feed
from marsad.ingest.fetch import FetchedPage, Fetcher, is_url
from marsad.ingest.html import article_from_html
from marsad.ingest.jsonl import iter_jsonl
from marsad.ingest.options import IngestOptions
from marsad.ingest.textfile import article_from_text, read_text_file
from marsad.model import Article, IngestProblem

Item = Article | IngestProblem

SUFFIX_KINDS: tuple[tuple[str, str], ...] = (  # longest suffixes first
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".txt", "text"),
    (".text", "text"),
    (".md", "text"),
    (".html", "html"),
    (".htm", "html"),
    (".xml", "feed"),
    (".rss", "feed"),
    (".atom", "feed"),
)
_FEED_TYPES = ("xml", "rss", "atom")


def file_kind(path: str) -> str | None:
    """ "text", "html", "jsonl" or "feed" from the file name; None for other files."""
    name = os.path.basename(path).lower()
    return next((kind for suffix, kind in SUFFIX_KINDS if name.endswith(suffix)), None)


def walk_files(folder: str) -> list[str]:
    """Files under ``folder``, recursively, sorted; hidden files and folders (``.git`` …) skipped."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(os.path.join(root, name) for name in files if not name.startswith("."))
    return sorted(found)


def _guarded(source: str, produce: Callable[[], Iterable[Item]]) -> Iterator[Item]:
    """Items of ``produce()``; an error becomes one problem for ``source`` instead of escaping."""
    try:
        yield from produce()
    except IngestError as exc:
        yield IngestProblem(source, str(exc))
    except Exception as exc:  # a bug or a library failure must not stop the run
        yield IngestProblem(source, f"unexpected error while reading: {type(exc).__name__}: {exc}")


class _Run:
    """State shared by one ``iter_inputs`` call: the options and a lazily created Fetcher."""

    def __init__(self, options: IngestOptions, fetcher: Fetcher | None) -> None:
        self.options = options
        self._fetcher = fetcher
        self._owns_fetcher = fetcher is None

    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.options)
        return self._fetcher

    def close(self) -> None:
        if self._owns_fetcher and self._fetcher is not None:
            self._fetcher.close()

    # -- one input -------------------------------------------------------------------------------
    def items(self, raw: str) -> Iterator[Item]:
        target = raw.strip()
        if is_url(target):
            yield from _guarded(target, partial(self._url, target))
        elif os.path.isdir(target):
            for path in walk_files(target):
                kind = file_kind(path)
                if kind:
                    yield from _guarded(path, partial(self._file, path, kind))
        elif os.path.exists(target):
            kind = file_kind(target)
            if kind is None:
                suffixes = ", ".join(sorted({s for s, _ in SUFFIX_KINDS}))
                yield IngestProblem(target, f"unsupported file type (expected one of {suffixes})")
            else:
                yield from _guarded(target, partial(self._file, target, kind))
        else:
            yield IngestProblem(target or raw, "no such file or folder")

    def _file(self, path: str, kind: str) -> Iterable[Item]:
        if kind == "text":
            return [read_text_file(path, self.options)]
        if kind == "jsonl":
            return iter_jsonl(path, self.options)
        data = read_file_bytes(path, self.options.max_bytes)
        if kind == "html":
            return [article_from_html(data, source_path=path, options=self.options)]
        return iter_feed(data, source_path=path, options=self.options, fetcher=self.fetcher)

    def _url(self, url: str) -> Iterable[Item]:
        return items_from_page(self.fetcher().fetch(url), url, self.options, self.fetcher)


def items_from_page(
    page: FetchedPage, url: str, options: IngestOptions, fetcher: Callable[[], Fetcher]
) -> Iterable[Item]:
    """What a fetched ``url`` holds: a feed's entries, or one article from text or HTML.

    Separate from fetching so that a caller that fetches on its own terms (``marsad watch``, with
    retries and rate limits) builds the very same articles as ``marsad ingest URL``.
    """
    kind = page.content_type
    maybe_feed = not kind or kind == "text/plain" or any(t in kind for t in _FEED_TYPES)
    if "html" not in kind and maybe_feed and looks_like_feed(page.content):
        return iter_feed(page.content, source_path=url, options=options, fetcher=fetcher)
    if kind == "text/plain":
        decoded = decode_bytes(page.content, page.charset)
        article = article_from_text(
            decoded.text,
            source_path=url,
            options=options,
            warnings=[decoded.warning] if decoded.warning else [],
        )
        article.source_kind, article.url = "url", article.url or page.url
        return [article]
    return [
        article_from_html(
            page.content,
            source_path=url,
            options=options,
            source_kind="url",
            page_url=page.url,
            declared_charset=page.charset,
        )
    ]


def iter_inputs(
    inputs: list[str], options: IngestOptions | None = None, *, fetcher: Fetcher | None = None
) -> Iterator[Article | IngestProblem]:
    """Articles and problems from files, folders (recursive) and http(s) URLs, in input order.

    Never raises on bad input. ``fetcher`` lets a caller supply (and own) the HTTP fetcher, e.g. one
    with a test transport; by default one is created on first need and closed at the end.
    """
    run = _Run(options or IngestOptions(), fetcher)
    try:
        for raw in inputs:
            yield from run.items(raw)
    finally:
        run.close()
