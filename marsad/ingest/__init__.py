"""Ingest: files, folders, HTML pages, JSON Lines, RSS/Atom feeds and URLs → ``Article`` records.

    from marsad.ingest import IngestOptions, iter_inputs
    for item in iter_inputs(["articles/", "https://example.org/feed.xml"], IngestOptions()):
        ...  # an Article, or an IngestProblem saying in one sentence why an input was skipped

Modules, one job each: ``dispatch`` (inputs → readers), ``textfile``, ``html``, ``jsonl``, ``feeds``
(readers), ``fetch`` + ``addresses`` + ``robots`` (safe HTTP), ``encoding`` (bytes → text),
``boilerplate`` (page furniture removal), ``language`` (language id), ``identity`` (ids and hashes),
``build`` (the common Article constructor), ``dates`` (ISO dates).
"""

from __future__ import annotations

from marsad.ingest.dispatch import iter_inputs
from marsad.ingest.options import IngestOptions

__all__ = ["IngestOptions", "iter_inputs"]
