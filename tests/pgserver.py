"""A throwaway PostgreSQL server for the test run.

Why a real server and not a mock: the PostgreSQL store's value is in what only the server does
(transactions, unique indexes under concurrency, advisory locks, full-text search, connections
dropped by a restart), and a mock would test none of it. The server lives in a temporary folder,
listens only on 127.0.0.1 on a free port (its unix socket in that folder, so it never collides with
a system cluster), trusts local connections (test use only) and trades durability for speed
(``fsync=off`` and friends). Every external command is bounded by a timeout so a stuck server fails
the run instead of hanging it.

When the tests run as root (containers), PostgreSQL refuses to run as root, so initdb, pg_ctl and
postgres run as the ``postgres`` user through ``runuser`` and the folder is handed to that user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

STEP_TIMEOUT = 60  # seconds for any single initdb / pg_ctl step

SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "full_page_writes": "off",
    "synchronous_commit": "off",
    "max_connections": "100",
    "shared_buffers": "32MB",
    "log_min_messages": "warning",
    "logging_collector": "off",
}


class PostgresNotAvailable(RuntimeError):
    """PostgreSQL's server programs are not installed (or cannot be run) on this machine."""


def find_bin_dir() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``: the PATH first, then Debian's versioned
    folders (newest version first), which are not on the PATH by default."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: [int(x) if x.isdigit() else 0 for x in Path(p).parent.name.split(".")],
        reverse=True,
    )
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    raise PostgresNotAvailable(
        "PostgreSQL is not installed: no initdb/pg_ctl on the PATH or in /usr/lib/postgresql/*/bin. "
        "Install it (Debian: apt-get install postgresql, or run scripts/test.sh) to run the "
        "PostgreSQL store tests."
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One temporary cluster; ``start()`` creates it on first use."""

    def __init__(self, bin_dir: Path | None = None, user: str = "postgres") -> None:
        self.bin_dir = bin_dir or find_bin_dir()
        self.user = user  # the database superuser name (and the OS user when running as root)
        self.as_root = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="marsad-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.running = False
        self._initialised = False
        self._db_counter = 0

    # -- commands --------------------------------------------------------------------------------
    def _run(self, *args: str, timeout: float = STEP_TIMEOUT) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        try:
            done = subprocess.run(
                cmd, capture_output=True, text=True, timeout=timeout, cwd=self.root, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"{args[0]} did not finish in {timeout} s:\n{self._log_tail()}") from exc
        except OSError as exc:
            raise PostgresNotAvailable(f"cannot run {cmd[0]}: {exc}") from exc
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n"
                f"{self._log_tail()}"
            )
        return done

    def _log_tail(self) -> str:
        try:
            return "server log:\n" + "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])
        except OSError:
            return "(no server log)"

    def _init(self) -> None:
        if self.as_root:
            try:
                shutil.chown(self.root, user="postgres")
            except (LookupError, OSError) as exc:
                raise PostgresNotAvailable(
                    "running as root, but PostgreSQL must run as the 'postgres' user, which is "
                    f"missing or unusable: {exc}"
                ) from exc
        self._run(
            "initdb",
            "-D", str(self.data),
            "-U", self.user,
            "-A", "trust",
            "-E", "UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        )  # fmt: skip
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# marsad test server\n")
            conf.write(f"port = {self.port}\n")
            conf.write(f"unix_socket_directories = '{self.root}'\n")
            for key, value in SETTINGS.items():
                conf.write(f"{key} = {value}\n")
        self._initialised = True

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> None:
        if self.running:
            return
        if not self._initialised:
            self._init()
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30", "start")
        self.running = True
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30.0) -> None:
        """pg_ctl -w already waits; this also proves a TCP client gets in."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError as exc:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the test server did not accept connections:\n{self._log_tail()}"
                    ) from exc
                time.sleep(0.05)

    def stop(self, mode: str = "immediate", *, flush: bool = True) -> None:
        """Stop the server. ``immediate`` is a crash: no checkpoint, recovery on the next start.

        With ``synchronous_commit=off`` the last commits may still sit in the server's WAL buffers,
        and a crash would lose them; ``flush`` first runs a ``CHECKPOINT``, so a crash in a test
        loses nothing that was committed (connections are still cut without warning, and the next
        start still runs crash recovery).
        """
        if not self.running:
            return
        if mode == "immediate" and flush:
            self._flush_wal()
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")
        self.running = False

    def _flush_wal(self) -> None:
        import psycopg

        try:
            with psycopg.connect(self.url("postgres"), autocommit=True, connect_timeout=5) as conn:
                conn.execute("CHECKPOINT")
        except psycopg.Error:
            pass  # already down: nothing more can be saved

    def restart(self, mode: str = "fast") -> None:
        """Stop and start again on the same port: every open connection is cut, data is kept
        (``fast`` shuts down cleanly; ``immediate`` is a crash followed by recovery)."""
        self.stop(mode)
        self.start()

    def cleanup(self) -> None:
        try:
            self.stop("immediate", flush=False)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    # -- databases -------------------------------------------------------------------------------
    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str | None = None) -> str:
        """A fresh, empty database; its URL. ``name`` defaults to a new unique one."""
        import psycopg
        from psycopg import sql

        if name is None:
            self._db_counter += 1
            name = f"t{self._db_counter}_{os.getpid()}"
        with psycopg.connect(self.url("postgres"), autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url("postgres"), autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
