"""Load test of the REST API: a real ``marsad serve`` under a fixed, open-loop request rate.

    python bench/api_load.py STORE.db --rate 200 --seconds 60

Starts ``marsad serve`` on 127.0.0.1 (a free port, access log off) over the store, waits for
``/healthz`` (bounded), then sends ``--rate`` requests per second for ``--seconds``: a mix of reads
over ids sampled from the store itself (story list pages, story JSON, brief, timeline, article JSON
with its analysis, entity list pages, entity pages, search for common Arabic words).

Why open loop: arrivals are scheduled on a fixed clock (request i at t0 + i/rate), never after a
previous answer, so a slow server cannot lower the load it is offered; and each latency is measured
from the request's *scheduled* time, so time spent queued (in the client's connection pool, or behind
a stalled server) counts. A closed-loop tester would hide exactly the stalls this test looks for.

Prints the offered and achieved rate, latency p50/p95/p99/max overall and per endpoint, and the
errors (non-2xx answers and exceptions). Exit status: 0 when every request succeeded (and p95 is
within ``--max-p95-ms`` if given), 1 otherwise, 2 when the server could not be started.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

from marsad.store import open_store

# Frequent words of Arabic news (politics, places, economy): searches that match many articles.
SEARCH_WORDS = [
    "العراق", "بغداد", "الحكومة", "وزير", "الرئيس", "مجلس", "الأمن", "سوريا", "لبنان", "الأردن", "مصر",
    "النفط", "الانتخابات", "المياه", "اتفاق", "الخارجية", "القوات", "الاقتصاد", "السعودية", "الكويت",
]  # fmt: skip

# Endpoint kind -> share of requests (weights, normalised).
MIX = {
    "story_list": 12, "story": 14, "brief": 10, "timeline": 8, "article": 20,
    "entity_list": 6, "entity": 12, "search": 14, "article_list": 4,
}  # fmt: skip
HTML_MIX = {"html_story": 6, "html_article": 6}  # with --html: the pages people read


@dataclass(slots=True)
class Sample:
    """Ids read from the store, so every request asks for something that exists."""

    stories: list[str]
    articles: list[str]
    entities: list[str]
    story_pages: int
    entity_pages: int


@dataclass(slots=True)
class Result:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    error_examples: list[str] = field(default_factory=list)
    late: float = 0.0  # the scheduler's worst lag behind the clock (client overload shows here)


def sample_store(path: str, rng: random.Random, n: int = 2000) -> Sample:
    """Up to ``n`` story, article and entity ids spread over the store (random pages of the lists)."""
    with open_store(path) as store:
        total = store.count_articles()
        stories = [s.id for s in store.list_stories(limit=n)]
        offsets = sorted(rng.sample(range(max(total, 1)), min(20, max(total, 1))))
        articles: list[str] = []
        for off in offsets:
            articles += [a.id for a in store.list_articles(limit=max(1, n // 20), offset=off)]
        entities = [e.entity.id for e in store.list_entities(limit=min(n, 1000))]
    if not (stories and articles and entities):
        raise SystemExit(
            f"{path}: the store needs stories, articles and entities (run `marsad ingest` first)"
        )
    return Sample(
        stories, sorted(set(articles)), entities, max(1, len(stories) // 20), max(1, len(entities) // 50)
    )


def make_request(kind: str, s: Sample, rng: random.Random) -> str:
    story = quote(rng.choice(s.stories), safe="")
    if kind == "story_list":
        return f"/api/v1/stories?limit=20&offset={20 * rng.randrange(s.story_pages)}"
    if kind == "story":
        return f"/api/v1/stories/{story}"
    if kind == "brief":
        return f"/api/v1/stories/{story}/brief"
    if kind == "timeline":
        return f"/api/v1/stories/{story}/timeline"
    if kind == "article":
        return f"/api/v1/articles/{quote(rng.choice(s.articles), safe='')}"
    if kind == "article_list":
        return f"/api/v1/articles?limit=20&offset={20 * rng.randrange(50)}"
    if kind == "entity_list":
        return f"/api/v1/entities?limit=50&offset={50 * rng.randrange(s.entity_pages)}"
    if kind == "entity":
        return f"/api/v1/entities/{quote(rng.choice(s.entities), safe='')}"
    if kind == "search":
        return f"/api/v1/search?q={quote(rng.choice(SEARCH_WORDS))}&limit=20"
    if kind == "html_story":
        return f"/stories/{story}"
    if kind == "html_article":
        return f"/articles/{quote(rng.choice(s.articles), safe='')}"
    raise ValueError(kind)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) used so far by the server and its worker processes; None off Linux."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total, found = 0.0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick
            found = True
    return total if found else None


def start_server(store: str, port: int, log: Path, wait: float, workers: int) -> subprocess.Popen[bytes]:
    """``marsad serve`` in a child process; returns once ``/healthz`` answers (or exits 2)."""
    cmd = [sys.executable, "-c", "from marsad.cli import main; main()", "serve", "--db", store,
           "--host", "127.0.0.1", "--port", str(port), "--no-access-log", "--workers", str(workers)]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_API_TOKENS"}  # reads only: no tokens
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + wait
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=2, trust_env=False) as http:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            try:
                if http.get("/healthz").status_code == 200:
                    return proc
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
    stop_server(proc)
    sys.stderr.write(log.read_text(errors="replace")[-3000:])
    print(f"api_load: the server did not answer /healthz within {wait:g} s", file=sys.stderr)
    raise SystemExit(2)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


async def run_load(base: str, plan: list[tuple[str, str]], rate: float, conns: int, timeout: float) -> Result:
    """Send ``plan`` at ``rate`` over ``conns`` keep-alive connections (see the module doc).

    Each connection is its own one-connection client, lent out through a FIFO queue. Why not one
    client with a pool of ``conns``: httpx's pool looks at every waiting request and every connection
    whenever anything changes, so a backlog behind a slow server makes the load generator itself
    burn a core and stall, and measure its own slowness.
    """
    result = Result()
    one_conn = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    tls = ssl.create_default_context()  # unused over http://, but each client would build its own
    clients = [
        httpx.AsyncClient(base_url=base, limits=one_conn, timeout=timeout, trust_env=False, verify=tls)
        for _ in range(conns)
    ]
    idle: asyncio.Queue[httpx.AsyncClient] = asyncio.Queue()
    for client in clients:
        idle.put_nowait(client)

    async def one(kind: str, path: str, due: float) -> None:
        client = await idle.get()
        try:
            r = await client.get(path)
            if not 200 <= r.status_code < 300:
                result.errors[f"{kind}: HTTP {r.status_code}"] += 1
                if len(result.error_examples) < 10:
                    result.error_examples.append(f"{r.status_code} {path}")
        except (httpx.HTTPError, OSError) as exc:
            result.errors[f"{kind}: {type(exc).__name__}"] += 1
            if len(result.error_examples) < 10:
                result.error_examples.append(f"{type(exc).__name__} {path}")
        finally:
            idle.put_nowait(client)
        result.latencies[kind].append(time.perf_counter() - due)

    try:
        # warm-up (not measured): each kind once, so first-use costs (imports, caches) stay out
        for kind in dict(plan):
            await clients[0].get(next(p for k, p in plan if k == kind))
        tasks = []
        start = time.perf_counter() + 0.05
        for i, (kind, path) in enumerate(plan):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            else:
                result.late = max(result.late, -delay)
            tasks.append(asyncio.create_task(one(kind, path, due)))
        await asyncio.gather(*tasks)
        result.latencies["_elapsed"] = [time.perf_counter() - start]
    finally:
        for client in clients:
            await client.aclose()
    return result


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation: every reported value was observed)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def row(name: str, values: list[float], errors: int) -> dict[str, object]:
    ms = [v * 1000 for v in values]
    return {
        "endpoint": name, "requests": len(ms), "errors": errors,
        "p50_ms": round(percentile(ms, 50), 1), "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1), "max_ms": round(max(ms), 1),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", help="SQLite store (built with marsad ingest / marsad demo)")
    ap.add_argument("--rate", type=float, default=200.0, help="requests per second offered (default 200)")
    ap.add_argument("--seconds", type=float, default=30.0, help="how long to offer it (default 30)")
    ap.add_argument("--connections", type=int, default=64, help="client connection pool size (default 64)")
    ap.add_argument("--timeout", type=float, default=10.0, help="per-request timeout in seconds")
    ap.add_argument("--startup", type=float, default=60.0, help="longest wait for the server to start")
    ap.add_argument("--workers", type=int, default=1, help="server processes (marsad serve --workers)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--html", action="store_true", help="also request the HTML story and article pages")
    ap.add_argument("--mix", default="", help="override weights, e.g. entity=0,search=30 (kinds: see MIX)")
    ap.add_argument("--max-p95-ms", type=float, default=None, help="fail when the overall p95 is above this")
    ap.add_argument("--json", dest="json_out", help="also write the results as JSON to this file")
    args = ap.parse_args(argv)
    if not Path(args.store).is_file():
        ap.error(f"no store at {args.store}")

    rng = random.Random(args.seed)
    sample = sample_store(args.store, rng)
    mix = {**MIX, **(HTML_MIX if args.html else {})}
    for item in filter(None, args.mix.split(",")):
        kind, _, weight = item.partition("=")
        if kind not in {**MIX, **HTML_MIX} or not weight.replace(".", "", 1).isdigit():
            ap.error(f"--mix: unknown kind or weight in {item!r}")
        mix[kind] = int(float(weight))
    mix = {k: w for k, w in mix.items() if w > 0}
    kinds, weights = list(mix), list(mix.values())
    total = int(args.rate * args.seconds)
    plan = [(k, make_request(k, sample, rng)) for k in rng.choices(kinds, weights, k=total)]

    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        proc = start_server(args.store, port, log, args.startup, args.workers)
        try:
            cpu_before = server_cpu_seconds(proc.pid)
            client_before = time.process_time()
            result = asyncio.run(
                run_load(f"http://127.0.0.1:{port}", plan, args.rate, args.connections, args.timeout)
            )
            cpu_after = server_cpu_seconds(proc.pid)
            client_cpu = time.process_time() - client_before
        finally:
            stop_server(proc)

    elapsed = result.latencies.pop("_elapsed")[0]
    every = [v for vs in result.latencies.values() for v in vs]
    errors_by_kind = Counter(
        {k: sum(n for e, n in result.errors.items() if e.startswith(k + ":")) for k in mix}
    )
    n_errors = sum(result.errors.values())
    rows = [row("ALL", every, n_errors)] + [
        row(k, result.latencies[k], errors_by_kind[k]) for k in kinds if result.latencies.get(k)
    ]
    print(f"store {args.store}: {len(sample.articles)} sampled articles, {len(sample.stories)} stories, "
          f"{len(sample.entities)} entities")  # fmt: skip
    print(f"offered {args.rate:g} req/s for {args.seconds:g} s ({total} requests, {args.connections} connections); "
          f"achieved {len(every) / elapsed:.1f} req/s over {elapsed:.1f} s; scheduler lag max {result.late * 1000:.1f} ms")  # fmt: skip
    print(
        f"load generator CPU {client_cpu:.1f} s (when it nears the run's length, the client is the bottleneck)"
    )
    if cpu_before is not None and cpu_after is not None:
        print(f"server CPU {cpu_after - cpu_before:.1f} s in all ({args.workers} worker(s)), "
              f"{(cpu_after - cpu_before) * 1000 / max(1, len(every)):.2f} ms per request (warm-up included)")  # fmt: skip
    print(f"{'endpoint':<14}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for r in rows:
        print(f"{r['endpoint']:<14}{r['requests']:>9}{r['errors']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}"
              f"{r['p99_ms']:>9}{r['max_ms']:>9}")  # fmt: skip
    for line in result.error_examples:
        print(f"error: {line}")
    if args.json_out:
        report = {"rate": args.rate, "seconds": args.seconds, "achieved_rate": len(every) / elapsed,
                  "errors": dict(result.errors), "rows": rows}  # fmt: skip
        Path(args.json_out).write_text(json.dumps(report, indent=2), encoding="utf-8")
    failed = n_errors > 0
    if args.max_p95_ms is not None and float(rows[0]["p95_ms"]) > args.max_p95_ms:  # type: ignore[arg-type]
        print(f"p95 {rows[0]['p95_ms']} ms is over --max-p95-ms {args.max_p95_ms:g}")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
