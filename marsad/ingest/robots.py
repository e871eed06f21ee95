"""robots.txt rules, fetched once per site and cached.

Why: Marsad reads news sites on a user's behalf; honouring robots.txt is the minimum courtesy and
keeps users out of trouble. Rules are parsed with Protego (Google's semantics, with wildcards).
A missing robots.txt (4xx) or one that cannot be read allows everything, as crawlers conventionally
do; a 401/403 is treated like a missing file too (many sites answer that for every unknown path).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from protego import Protego

RobotsLoader = Callable[[str], str | None]  # robots.txt URL -> its text, or None when unavailable


class RobotsCache:
    """``allowed(url)`` answers from one parsed robots.txt per scheme://host:port."""

    def __init__(self, load: RobotsLoader, user_agent: str) -> None:
        self._load = load
        self._user_agent = user_agent
        self._rules: dict[str, Protego | None] = {}

    def _origin(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}".lower()

    def allowed(self, url: str) -> bool:
        origin = self._origin(url)
        if origin not in self._rules:
            text = self._load(origin + "/robots.txt")
            self._rules[origin] = Protego.parse(text) if text else None
        rules = self._rules[origin]
        return True if rules is None else bool(rules.can_fetch(url, self._user_agent))
