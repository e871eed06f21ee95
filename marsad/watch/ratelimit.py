"""A minimum interval between two requests to one host, shared by every source of a watcher.

Why per host and not per source: several sources often live on one site (a feed per section, a
sitemap and a feed); politeness is owed to the server, not to the configuration entry. The clock and
the sleep are injected so tests can check the spacing without waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

Clock = Callable[[], float]
Sleep = Callable[[float], None]


def host_key(url: str) -> str:
    """``host:port`` of ``url`` in lower case (the unit of politeness)."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    host = (parts.hostname or "").lower()
    return f"{host}:{port}" if port else host


class HostRateLimiter:
    """``wait(url)`` sleeps until ``min_interval`` seconds have passed since the last request to the
    same host, then records the new request. ``block`` keeps a host off limits for longer, when its
    server asked for a pause (``Retry-After``) too long to sleep through."""

    def __init__(self, min_interval: float, clock: Clock, sleep: Sleep) -> None:
        self.min_interval = max(0.0, min_interval)
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._blocked: dict[str, float] = {}

    def wait(self, url: str) -> None:
        key = host_key(url)
        last = self._last.get(key)
        if last is not None:
            delay = last + self.min_interval - self._clock()
            if delay > 0:
                self._sleep(delay)
        self._last[key] = self._clock()

    def block(self, url: str, until: float) -> None:
        key = host_key(url)
        self._blocked[key] = max(until, self._blocked.get(key, 0.0))

    def blocked_until(self, url: str) -> float | None:
        """The time the host of ``url`` may be asked again, when that is still in the future."""
        until = self._blocked.get(host_key(url))
        return until if until is not None and until > self._clock() else None
