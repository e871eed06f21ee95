"""The one exception readers raise internally.

Why: a helper deep inside (decoding, size checks, fetching) knows *why* an input failed but not how
to report it; it raises ``IngestError`` with a user-facing sentence and the dispatcher turns it into
an ``IngestProblem``. It never escapes ``iter_inputs``.
"""

from __future__ import annotations


class IngestError(Exception):
    """An input could not be read; ``str(error)`` is one clear sentence for the user."""


class FetchError(IngestError):
    """An HTTP fetch failed; says whether trying again later may help.

    Why the extra fields: a one-off ingest only reports the sentence, but a long-running poller must
    tell a passing failure (time-out, lost connection, 5xx, 429) from a lasting one (404, refused by
    robots.txt) and honour the server's ``Retry-After`` before it asks again.
    """

    def __init__(
        self, message: str, *, status: int | None = None, transient: bool = False, retry_after: str = ""
    ) -> None:
        super().__init__(message)
        self.status = status
        self.transient = transient
        self.retry_after = retry_after
