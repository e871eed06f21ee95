"""Options for one ingest run.

Why a separate module: every reader (files, HTML, feeds, fetching) needs the options, and the
package ``__init__`` imports the readers; keeping the dataclass here avoids an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ARTICLE_FIELDS: tuple[str, ...] = ("id", "title", "text", "url", "outlet", "published", "author")


def _identity_fields() -> dict[str, str]:
    return {name: name for name in ARTICLE_FIELDS}


@dataclass
class IngestOptions:
    """How inputs are read.

    ``jsonl_fields`` maps our field name to the input's field name (a dotted path such as
    ``meta.title`` reaches into nested objects); fields not named keep their own name, so a partial
    mapping is enough. ``outlet`` is used only when the input names none. ``max_bytes`` bounds one
    file, one fetched response, or one JSON Lines record. ``fetch_full`` lets feed entries with a short
    summary be completed by fetching their page.
    """

    jsonl_fields: dict[str, str] = field(default_factory=_identity_fields)
    outlet: str = ""
    allow_private: bool = False
    max_bytes: int = 10_000_000
    user_agent: str = "Marsad/0.1 (+https://example.invalid/marsad)"
    timeout: float = 20.0
    fetch_full: bool = False

    def field_map(self) -> dict[str, str]:
        """The complete mapping: defaults overlaid with what the user gave."""
        return {**_identity_fields(), **self.jsonl_fields}
