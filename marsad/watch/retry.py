"""When to try a failed request again: exponential backoff with jitter, or the server's word.

Why jitter: many watchers (or many sources on one watcher) failing together must not come back in
lock-step and hit the recovering server at the same instant. Why ``Retry-After`` wins: a server that
says when to come back knows its own load; asking earlier only prolongs a 429/503.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

MAX_INLINE_WAIT = 60.0  # longer waits are not slept inside a round: the source is rescheduled instead


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_retries: int = 3
    base_delay: float = 1.0
    max_delay: float = 30.0

    def delay(self, attempt: int, jitter: Callable[[], float] = random.random) -> float:
        """Seconds to wait before retry number ``attempt`` (1, 2, …): base·2^(attempt-1), at most
        ``max_delay``, scaled by a random factor in [0.5, 1.5)."""
        raw = min(self.max_delay, self.base_delay * 2 ** max(0, attempt - 1))
        return raw * (0.5 + jitter())


def parse_retry_after(value: str, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or an HTTP date, relative to the
    epoch time ``now``); None when absent or unreadable."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # HTTP dates are GMT
        return None
    return max(0.0, when.timestamp() - now)
