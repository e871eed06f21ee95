"""Reading the shared news files (JSON Lines, gzipped or not) for the benchmarks.

One reader for every benchmark, so they all skip the same broken lines and find an article's text
under the same field names (ANT writes ``text``, SaudiNewsNet ``content``).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TEXT_FIELDS = ("text", "content", "body")


def iter_records(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(1-based line number, record) for every line that parses as a JSON object."""
    opener: Any = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(rec, dict):
                yield number, rec


def record_text(rec: dict[str, Any]) -> str:
    """The article text: the first of ``text``/``content``/``body`` that is a string."""
    return next((rec[k] for k in TEXT_FIELDS if isinstance(rec.get(k), str)), "")
