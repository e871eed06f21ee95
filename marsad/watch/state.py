"""What a watcher remembers between polls and restarts, kept in the store's job-state table.

Why in the store (``watch:<source url>`` keys, JSON values): the state must survive restarts and
live next to the articles it describes, so that a restart neither re-reads old pages nor loses the
validators that let the server answer "304 Not Modified". A page whose stored URL differs from the
link that led to it (a canonical URL, a redirect) gets an alias key ``watch:seen:<canonical link>``
so the link is not fetched again on the next poll.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from marsad.ingest.identity import article_id, canonical_url
from marsad.store.base import Store

PREFIX = "watch:"
SEEN_PREFIX = "watch:seen:"
FAILED_PAGE_RETRY = 24 * 3600.0  # a page that failed for good (404, no text) is tried again after this


@dataclass(slots=True)
class SourceState:
    etag: str = ""
    last_modified: str = ""
    last_polled: float = 0.0  # epoch seconds
    next_due: float = 0.0  # epoch seconds; 0 = poll at once
    failures: int = 0  # consecutive failed polls
    last_error: str = ""
    kind: str = ""  # "feed" or "sitemap" as last found (what a 304 means for kind: auto)
    children: dict[str, dict[str, str]] = field(default_factory=dict)  # child sitemap -> validators

    def validators(self) -> dict[str, str]:
        return conditional_headers(self.etag, self.last_modified)


def conditional_headers(etag: str, last_modified: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _from_json(raw: str | None) -> SourceState:
    if not raw:
        return SourceState()
    try:
        data: Any = json.loads(raw)
    except ValueError:
        return SourceState()  # unreadable state only costs one unconditional poll
    if not isinstance(data, dict):
        return SourceState()
    state = SourceState()
    for name, kind in (("etag", str), ("last_modified", str), ("last_error", str), ("kind", str)):
        if isinstance(data.get(name), kind):
            setattr(state, name, data[name])
    for name in ("last_polled", "next_due"):
        value = data.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            setattr(state, name, float(value))
    if isinstance(data.get("failures"), int) and not isinstance(data["failures"], bool):
        state.failures = max(0, data["failures"])
    children = data.get("children")
    if isinstance(children, dict):
        state.children = {
            str(k): {str(a): str(b) for a, b in v.items()} for k, v in children.items() if isinstance(v, dict)
        }
    return state


def load_state(store: Store, url: str) -> SourceState:
    return _from_json(store.get_state(PREFIX + url))


def save_state(store: Store, url: str, state: SourceState) -> None:
    store.set_state(PREFIX + url, json.dumps(asdict(state), ensure_ascii=False, sort_keys=True))


def _seen_key(link: str) -> str:
    return SEEN_PREFIX + canonical_url(link)


def remember_page(
    store: Store, link: str, *, article_id: str = "", failed: str = "", at: float = 0.0
) -> None:
    """Record that ``link`` led to a stored article (``article_id``) or failed for good (``failed``)."""
    value = {"id": article_id} if article_id else {"failed": failed[:300], "at": at}
    store.set_state(_seen_key(link), json.dumps(value, ensure_ascii=False))


def page_known(store: Store, link: str, now: float) -> bool:
    """True when ``link`` needs no fetch: stored under that URL, or recorded by ``remember_page``
    (a failure only for ``FAILED_PAGE_RETRY`` seconds)."""
    if store.find_article_id(url=link) or store.get_article(article_id(link, "")) is not None:
        return True
    raw = store.get_state(_seen_key(link))
    if not raw:
        return False
    try:
        data = json.loads(raw)
    except ValueError:
        return False
    if not isinstance(data, dict):
        return False
    if data.get("id"):
        return True
    at = data.get("at")
    return isinstance(at, int | float) and now - float(at) < FAILED_PAGE_RETRY
