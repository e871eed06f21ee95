"""Serving the web app with uvicorn: what ``marsad serve`` and ``marsad demo`` call.

Why separate from ``app.py``: the app is a pure function of a store (easy to test in process);
opening the store, binding a port and closing the store on shutdown belong to the process that runs it.
"""

from __future__ import annotations

import uvicorn

from marsad.store import open_store
from marsad.web.app import create_app


def serve(store_target: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Open the store at ``store_target`` (a path, ``:memory:`` or ``sqlite:///…``) and serve it
    until interrupted; the store is closed when the server stops."""
    store = open_store(store_target)
    try:
        uvicorn.run(create_app(store), host=host, port=port, log_level="info")
    finally:
        store.close()
