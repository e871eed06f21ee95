"""Where Marsad keeps what it has read and understood.

``open_store(target)`` is the one way in: the CLI, the API and the web app pass it whatever the user
gave and get a ``Store`` back:

* a file path, ``:memory:`` or ``sqlite:///data/marsad.db``: the embedded SQLite store (the default,
  zero configuration);
* ``postgresql://user:password@host:5432/dbname`` (or ``postgres://…``): the PostgreSQL store, for
  several writers or a shared server. It needs the optional extra (``pip install 'marsad[postgres]'``);
  ``?pool_max=N`` sets how many connections it may hold, other query parameters go to libpq.

Any other ``scheme://`` is refused with a message that says so, rather than being mistaken for a
file name. The PostgreSQL driver is imported only when such a URL is opened, so SQLite users never
need it installed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from marsad.store.base import EntityCount, Store, StoreError
from marsad.store.sqlite import SQLiteStore

if TYPE_CHECKING:
    from marsad.store.postgres import PostgresStore

# PostgresStore is importable from here too (``__getattr__``), but not listed: a star import must
# not need psycopg.
__all__ = ["EntityCount", "SQLiteStore", "Store", "StoreError", "open_store"]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_POSTGRES_SCHEMES = ("postgresql", "postgres")


def __getattr__(name: str) -> object:
    # ``from marsad.store import PostgresStore`` works without importing psycopg for everyone else.
    if name == "PostgresStore":
        return _postgres_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _postgres_class() -> type[PostgresStore]:
    try:
        from marsad.store.postgres import PostgresStore
    except ImportError as exc:
        raise StoreError(
            "PostgreSQL stores need the psycopg driver, which is not installed "
            f"({exc}); install it with: pip install 'marsad[postgres]'"
        ) from exc
    return PostgresStore


def open_store(target: str) -> Store:
    """Open (creating if needed, with parent folders or schema) the store named by ``target``.

    Accepted: a file path, ``:memory:``, ``sqlite:///relative/path``, ``sqlite:////absolute/path``,
    ``sqlite:///:memory:``, and ``postgresql://…`` / ``postgres://…`` URLs. Anything else with a
    ``scheme://`` raises ``StoreError``, as does a server that cannot be reached (the message names
    host, port and database, never the password).
    """
    target = (target or "").strip()
    if not target:
        raise StoreError("no store given: pass a file path, ':memory:', 'sqlite:///path' or 'postgresql://…'")
    match = _SCHEME.match(target)
    if match:
        scheme = match.group(1).lower()
        if scheme in _POSTGRES_SCHEMES:
            return _postgres_class()(target)
        if scheme != "sqlite":
            raise StoreError(
                f"cannot open a {scheme} URL: the stores available are SQLite (a file path or "
                "'sqlite:///path') and PostgreSQL ('postgresql://user@host/dbname')"
            )
        if not target.lower().startswith("sqlite:///"):
            raise StoreError(f"cannot open {target!r}: a SQLite URL looks like 'sqlite:///path/to/file.db'")
        path = target[len("sqlite:///") :]
        target = path or ":memory:"
    return SQLiteStore(target)
