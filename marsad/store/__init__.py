"""Where Marsad keeps what it has read and understood.

``open_store(target)`` is the one way in: the CLI, the API and the web app pass it whatever the user
gave (``marsad.db``, ``:memory:``, ``sqlite:///data/marsad.db``) and get a ``Store`` back. Only
SQLite exists in this version; any other URL scheme is refused with a message that says so, rather
than being mistaken for a file name.
"""

from __future__ import annotations

import re

from marsad.store.base import EntityCount, Store, StoreError
from marsad.store.sqlite import SQLiteStore

__all__ = ["EntityCount", "SQLiteStore", "Store", "StoreError", "open_store"]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")


def open_store(target: str) -> Store:
    """Open (creating if needed, with parent folders) the store named by ``target``.

    Accepted: a file path, ``:memory:``, ``sqlite:///relative/path``, ``sqlite:////absolute/path``
    and ``sqlite:///:memory:``. Anything else with a ``scheme://`` raises ``StoreError``.
    """
    target = (target or "").strip()
    if not target:
        raise StoreError("no store given: pass a file path, ':memory:' or 'sqlite:///path'")
    match = _SCHEME.match(target)
    if match:
        scheme = match.group(1).lower()
        if scheme != "sqlite":
            raise StoreError(
                f"cannot open {target!r}: only SQLite stores are available in this version "
                f"(got a {scheme} URL); use a file path or 'sqlite:///path'"
            )
        if not target.lower().startswith("sqlite:///"):
            raise StoreError(f"cannot open {target!r}: a SQLite URL looks like 'sqlite:///path/to/file.db'")
        path = target[len("sqlite:///") :]
        target = path or ":memory:"
    return SQLiteStore(target)
