"""Serving the web app with uvicorn: what ``marsad serve`` and ``marsad demo`` call.

Why separate from ``app.py``: the app is a pure function of a store (easy to test in process);
opening the store, reading write tokens, binding a port, running worker processes and closing the
store on shutdown belong to the process that runs it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType

import uvicorn

from marsad.store import open_store
from marsad.web.app import DEFAULT_MAX_BODY_BYTES, create_app

TOKENS_ENV = "MARSAD_API_TOKENS"
SIDE_CONNECTIONS = 3  # per process, for the API's slow memoised reads (see ``rest.cached``)


def load_tokens(token_file: str | None = None, environ: Mapping[str, str] | None = None) -> list[str]:
    """Write tokens from ``token_file`` (one per line; blank lines and ``#`` comments skipped) and
    from ``$MARSAD_API_TOKENS`` (comma-separated). Why a file or the environment and never a
    command-line option: arguments are visible to every user of the machine in ``ps``."""
    env = os.environ if environ is None else environ
    tokens: list[str] = []
    if token_file:
        for line in Path(token_file).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                tokens.append(line)
    tokens.extend(t.strip() for t in env.get(TOKENS_ENV, "").split(",") if t.strip())
    return list(dict.fromkeys(tokens))


def serve(
    store_target: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    tokens: Sequence[str] = (),
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    access_log: bool = True,
    workers: int = 1,
) -> None:
    """Open the store at ``store_target`` (a path, ``:memory:`` or ``sqlite:///…``) and serve it
    until interrupted; the store is closed when the server stops. Tokens are never logged: uvicorn's
    access log shows the request line only, not its headers.

    ``workers`` > 1 runs that many processes on one listening socket. Why processes: one Python
    process answers on one core at a time (the GIL, and one store connection under one lock), so a
    slow query (an uncached entity page) holds up every other request; separate processes, each
    with its own connection, read the store side by side (SQLite's WAL mode allows it).
    """
    if workers <= 1:
        _run(store_target, None, host, port, tokens, max_body_bytes, access_log)
        return
    if store_target == ":memory:":
        raise ValueError("several workers cannot share a :memory: store")
    listener = _listen(host, port)
    context = multiprocessing.get_context("fork")  # children inherit the socket and the settings
    children = [
        context.Process(
            target=_run, args=(store_target, listener, host, port, tokens, max_body_bytes, access_log)
        )
        for _ in range(workers)
    ]
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        for child in children:
            child.start()
        for child in children:
            child.join()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for child in children:
            if child.pid is not None and child.is_alive():
                os.kill(child.pid, signal.SIGINT)  # uvicorn finishes open requests, then exits
        for child in children:
            child.join(timeout=10)
            if child.is_alive():
                child.kill()
        listener.close()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket shared by the workers.

    Why made here rather than by uvicorn's own multi-worker mode: uvicorn creates it without naming
    the protocol, and asyncio then leaves Nagle's algorithm on for every accepted connection (it
    turns it off only for sockets whose protocol is TCP); a response written as headers then body
    waits for the client's delayed ACK, about 40 ms, on every request.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def _run(
    store_target: str,
    listener: socket.socket | None,
    host: str,
    port: int,
    tokens: Sequence[str],
    max_body_bytes: int,
    access_log: bool,
) -> None:
    """One server process: its own store connections and app, on ``listener`` or on host:port."""
    store = open_store(store_target)
    sides = [open_store(store_target) for _ in range(SIDE_CONNECTIONS)] if store_target != ":memory:" else []
    try:
        from marsad.brief.llm import LLMConfig

        llm = LLMConfig.from_env()  # the optional brief rewriter; `marsad serve` checked the settings
        app = create_app(store, tokens=tokens, max_body_bytes=max_body_bytes, side_stores=sides, llm=llm)
        config = uvicorn.Config(app, host=host, port=port, log_level="info", access_log=access_log)
        uvicorn.Server(config).run(sockets=[listener] if listener is not None else None)
    finally:
        for side in sides:
            side.close()
        store.close()
