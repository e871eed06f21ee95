"""The one exception readers raise internally.

Why: a helper deep inside (decoding, size checks, fetching) knows *why* an input failed but not how
to report it; it raises ``IngestError`` with a user-facing sentence and the dispatcher turns it into
an ``IngestProblem``. It never escapes ``iter_inputs``.
"""

from __future__ import annotations


class IngestError(Exception):
    """An input could not be read; ``str(error)`` is one clear sentence for the user."""
