"""The ``marsad`` command line: one entry point, one sub-command per job.

Errors on user input are one clear line on stderr and a non-zero exit, never a traceback (``--debug``
shows the traceback for bug reports). Commands that list things take ``--json`` for scripts.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, NoReturn, TypeVar

import click

from marsad import __version__
from marsad.model import Article, IngestProblem, to_dict
from marsad.native import compiled_modules

F = TypeVar("F", bound=Callable[..., Any])
_COMPILED = compiled_modules()  # read once, for --version (a stamp file and a directory listing)

DEFAULT_DB = "marsad.db"


class UserError(click.ClickException):
    """An error caused by the user's input or environment: printed as one line."""

    def show(self, file: Any = None) -> None:
        click.echo(f"marsad: error: {self.format_message()}", err=True)


def fail(message: str) -> NoReturn:
    raise UserError(message)


def _db_option(func: F) -> F:
    return click.option(
        "--db",
        default=lambda: os.environ.get("MARSAD_DB", DEFAULT_DB),
        show_default="$MARSAD_DB or marsad.db",
        help="Store: a SQLite file path (created if missing).",
    )(func)


def _json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


def _llm_from_env() -> Any:
    """The optional LLM brief back end from $MARSAD_LLM_URL / $MARSAD_LLM_MODEL / $MARSAD_LLM_API_KEY
    (marsad.brief.llm); None when $MARSAD_LLM_URL is unset, the default."""
    from marsad.brief.llm import LLMConfig

    try:
        return LLMConfig.from_env()
    except ValueError as exc:
        fail(f"cannot use the LLM settings: {exc}")


def _open(db: str, *, llm: bool = False) -> Any:
    """The API over ``db``; ``llm``: commands that write briefs also get the LLM back end, if set."""
    from marsad.api import Marsad
    from marsad.store.base import StoreError

    config = _llm_from_env() if llm else None
    try:
        return Marsad(db, llm=config)
    except StoreError as exc:
        fail(str(exc))


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="marsad", message="%(prog)s %(version)s (" + (
    f"compiled build, {len(_COMPILED)} modules" if _COMPILED else "plain Python") + ")")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Marsad (مرصد): Arabic news → entities, dates, stories and three-part briefs.

    Typical use: ``marsad ingest FOLDER`` then ``marsad stories`` and ``marsad serve``.
    """
    ctx.obj = {"debug": debug}


# ------------------------------------------------------------------------------------------------
# ingest


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@_db_option
@click.option("--outlet", default="", help="Outlet name for inputs that do not say.")
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="OURS=THEIRS",
    help="JSON Lines field mapping, e.g. --field text=content --field outlet=source.",
)
@click.option("--allow-private", is_flag=True, help="Allow fetching from private/loopback addresses.")
@click.option("--max-bytes", default=10_000_000, show_default=True, help="Largest input accepted.")
@click.option("--no-process", is_flag=True, help="Only store articles; do not analyse or group.")
@_json_option
def ingest(
    inputs: tuple[str, ...],
    db: str,
    outlet: str,
    fields: tuple[str, ...],
    allow_private: bool,
    max_bytes: int,
    no_process: bool,
    as_json: bool,
) -> None:
    """Read articles from files, folders, JSON Lines, HTML pages, RSS/Atom feeds or URLs.

    The same article ingested twice is stored once. Bad inputs are reported one per line and the
    rest is still ingested; the exit status is 1 when any input had a problem.
    """
    from marsad.ingest import IngestOptions

    mapping: dict[str, str] = {}
    for spec in fields:
        ours, sep, theirs = spec.partition("=")
        if not sep or not ours or not theirs:
            fail(f"--field needs OURS=THEIRS, got {spec!r}")
        mapping[ours.strip()] = theirs.strip()
    options = IngestOptions(outlet=outlet, allow_private=allow_private, max_bytes=max_bytes)
    if mapping:
        options.jsonl_fields.update(mapping)

    def report_item(item: Article | IngestProblem, added: bool) -> None:
        if isinstance(item, IngestProblem) and not as_json:
            where = f"{item.source}:{item.line}" if item.line else item.source
            click.echo(f"marsad: problem: {where}: {item.message}", err=True)

    with _open(db, llm=True) as m:
        report = m.ingest(list(inputs), options, process=False, on_item=report_item)
        processed = None
        if not no_process:
            with _progress("analysing") as progress:
                processed = m.process(progress)
        total = m.store.count_articles()
    if as_json:
        _print_json(
            {
                "added": report.added,
                "duplicates": report.duplicates,
                "not_arabic": report.not_arabic,
                "problems": [to_dict(p) for p in report.problems],
                "stories_changed": processed.changed if processed else [],
                "articles_in_store": total,
            }
        )
    else:
        click.echo(
            f"{len(report.added)} added, {len(report.duplicates)} already stored, "
            f"{len(report.problems)} problems; {total} articles in {db}"
        )
        if report.not_arabic:
            click.echo(f"{len(report.not_arabic)} not in Arabic: stored, not analysed as Arabic")
        if processed:
            click.echo(f"{len(processed.changed)} stories updated")
    if report.problems:
        sys.exit(1)


class _progress:
    """A progress bar on stderr for long work (quiet when stderr is not a terminal)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def __enter__(self) -> Callable[[int, int], None]:
        return self.update

    def update(self, done: int, total: int) -> None:
        if not sys.stderr.isatty() or total < 20:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


# ------------------------------------------------------------------------------------------------
# reading


@cli.command()
@_db_option
@click.option("--limit", default=20, show_default=True)
@click.option("--offset", default=0)
@click.option("--outlet", default=None, help="Only this outlet.")
@_json_option
def articles(db: str, limit: int, offset: int, outlet: str | None, as_json: bool) -> None:
    """List stored articles, newest first."""
    with _open(db) as m:
        items = m.store.list_articles(limit=limit, offset=offset, outlet=outlet)
    if as_json:
        _print_json([to_dict(a) for a in items])
        return
    for a in items:
        flag = "" if a.is_arabic else f" [{a.language}]"
        click.echo(f"{a.id}  {(a.published or '')[:10]:10}  {a.outlet[:24]:24}  {a.title}{flag}")


@cli.command()
@click.argument("article_id")
@_db_option
@_json_option
def show(article_id: str, db: str, as_json: bool) -> None:
    """Show one article with what the analysis found in it."""
    with _open(db) as m:
        analysis = m.store.get_analysis(article_id)
        article = analysis.article if analysis else m.store.get_article(article_id)
        story_id = m.store.story_of(article_id)
    if article is None:
        fail(f"no article with id {article_id!r} (see `marsad articles`)")
    if as_json:
        _print_json({"analysis": to_dict(analysis), "article": to_dict(article), "story": story_id})
        return
    click.echo(article.title)
    click.echo(f"{article.outlet} · {article.published or 'date unknown'} · {article.url or article.source_path}")
    click.echo(f"story: {story_id or '-'}   language: {article.language}")
    click.echo("")
    click.echo(article.text)
    if analysis:
        click.echo("")
        ents = sorted({f"{m.text} → {m.entity_id}" for m in analysis.mentions})
        click.echo("entities: " + ("; ".join(ents) if ents else "-"))
        times = [f"{t.text} → {t.value or t.start_value or ''}..{t.end_value or ''}" for t in analysis.times]
        click.echo("dates: " + ("; ".join(times) if times else "-"))


@cli.command()
@_db_option
@click.option("--type", "entity_type", type=click.Choice(["PER", "ORG", "LOC", "MISC"]), default=None,
              help="Only entities of this type.")  # fmt: skip
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0)
@_json_option
def entities(db: str, entity_type: str | None, limit: int, offset: int, as_json: bool) -> None:
    """List mentioned entities with mention and article counts, most mentioned first."""
    with _open(db) as m:
        rows = m.store.list_entities(limit=limit, offset=offset, entity_type=entity_type)
    if as_json:
        _print_json([to_dict(r) for r in rows])
        return
    for r in rows:
        e = r.entity
        name = e.name_ar + (f" ({e.name_en})" if e.name_en else "")
        kind = e.type + (f"/{e.subtype}" if e.subtype else "")
        click.echo(f"{r.mentions:6d} {r.articles:5d}  {kind:18s} {e.id:32s} {name}")


@cli.command()
@click.argument("entity_id")
@_db_option
@click.option("--limit", default=10, show_default=True, help="Articles and related entities shown.")
@_json_option
def entity(entity_id: str, db: str, limit: int, as_json: bool) -> None:
    """Show one entity: its record, how articles write it, related entities and articles."""
    with _open(db) as m:
        record = m.store.get_entity(entity_id)
        forms = m.store.surface_forms(entity_id)
        if record is None and not forms:
            fail(f"no entity with id {entity_id!r} is mentioned (see `marsad entities`)")
        related = m.store.cooccurring_entities(entity_id, limit=limit)
        article_ids = m.store.articles_mentioning(entity_id, limit=limit)
        articles = [a for a in (m.store.get_article(i) for i in article_ids) if a is not None]
    if as_json:
        _print_json({
            "entity": to_dict(record) if record else {"id": entity_id},
            "surface_forms": [{"text": t, "mentions": n} for t, n in forms],
            "cooccurring": [to_dict(r) for r in related],
            "articles": [{"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published}
                         for a in articles],
        })  # fmt: skip
        return
    if record:
        click.echo(f"{record.name_ar} ({record.name_en})  {record.type}/{record.subtype}  {record.id}")
        if record.lat is not None and record.lon is not None:
            click.echo(f"coordinates: {record.lat}, {record.lon}")
        if record.aliases:
            click.echo("aliases: " + "، ".join(record.aliases))
    else:
        click.echo(f"{entity_id} (local entity: found by the tagger, not in the knowledge base)")
    click.echo("written as: " + "، ".join(f"{t} ({n})" for t, n in forms))
    click.echo("mentioned with: " + "، ".join(f"{r.entity.name_ar} ({r.articles})" for r in related))
    for a in articles:
        click.echo(f"  {a.id}  {(a.published or '')[:10]:10}  {a.outlet[:24]:24}  {a.title}")


@cli.command()
@click.argument("query", nargs=-1, required=True)
@_db_option
@click.option("--limit", default=20, show_default=True)
@_json_option
def search(query: tuple[str, ...], db: str, limit: int, as_json: bool) -> None:
    """Full-text search (Arabic-aware: وواشنطن finds واشنطن)."""
    with _open(db) as m:
        hits = m.store.search(" ".join(query), limit=limit)
    if as_json:
        _print_json([to_dict(h) for h in hits])
        return
    if not hits:
        click.echo("no results")
    for h in hits:
        click.echo(f"{h.article_id}  {h.outlet[:20]:20}  {h.title}\n    {h.snippet}")


@cli.command()
@_db_option
@click.option("--limit", default=50, show_default=True)
@_json_option
def stories(db: str, limit: int, as_json: bool) -> None:
    """Group analysed articles into stories (updating them first) and list them."""
    with _open(db, llm=True) as m:
        m.process()
        items = m.stories(limit=limit)
    if as_json:
        _print_json([to_dict(s) for s in items])
        return
    if not items:
        click.echo("no stories yet: ingest some articles first (`marsad ingest PATH`)")
    for s in items:
        span = f"{(s.first_published or '')[:10]}..{(s.last_published or '')[:10]}"
        click.echo(f"{s.id}  {len(s.article_ids):3} articles  {len(s.outlets)} outlets  {span}  {s.title}")


@cli.command()
@click.argument("story_id")
@_db_option
@_json_option
def story(story_id: str, db: str, as_json: bool) -> None:
    """Show one story: its brief and its sources."""
    from marsad.brief.render import brief_to_text

    with _open(db) as m:
        s = m.store.get_story(story_id)
        if s is None:
            fail(f"no story with id {story_id!r} (see `marsad stories`)")
        brief = m.store.get_brief(story_id)
        sources = [m.store.get_article(a) for a in s.article_ids]
    if as_json:
        _print_json({"story": to_dict(s), "brief": to_dict(brief), "sources": [to_dict(a) for a in sources]})
        return
    click.echo(brief_to_text(brief) if brief else s.title)
    click.echo("\nالمصادر:")
    for a in sources:
        if a is not None:
            click.echo(f"  [{a.outlet}] {a.title} ({(a.published or '')[:10]}) {a.id}")


@cli.command()
@click.argument("story_id", required=False)
@_db_option
@click.option("--all", "all_stories", is_flag=True, help="Every story's brief.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text")
@click.option(
    "--llm",
    "use_llm",
    is_flag=True,
    help="Rewrite the brief now with the LLM set in $MARSAD_LLM_URL/$MARSAD_LLM_MODEL and save it "
    "(every generated sentence is checked against its cited sources; unsupported ones are dropped).",
)
def brief(story_id: str | None, db: str, all_stories: bool, fmt: str, use_llm: bool) -> None:
    """Print the three-part brief (ماذا حدث؟ / لماذا هذا مهم؟ / ماذا بعد؟) of a story."""
    from marsad.brief.render import brief_to_markdown, brief_to_text

    if not story_id and not all_stories:
        fail("give a STORY_ID or --all")
    if use_llm and _llm_from_env() is None:
        fail("--llm needs an endpoint: set MARSAD_LLM_URL (http://127.0.0.1:8080/v1) and MARSAD_LLM_MODEL")
    with _open(db, llm=True) as m:
        m.process()
        ids = [s.id for s in m.stories(limit=10_000)] if all_stories else [story_id or ""]
        if use_llm:
            for i in ids:
                rewritten = m.rewrite_brief(i)
                if rewritten is not None:
                    click.echo(f"marsad: brief of {i}: {rewritten.method}", err=True)
        briefs = [m.store.get_brief(i) for i in ids]
    if not all_stories and briefs[0] is None:
        fail(f"no brief for story {story_id!r} (see `marsad stories`)")
    found = [b for b in briefs if b is not None]
    if fmt == "json":
        _print_json([to_dict(b) for b in found] if all_stories else to_dict(found[0]))
        return
    render = brief_to_markdown if fmt == "markdown" else brief_to_text
    click.echo("\n\n".join(render(b) for b in found))


@cli.command()
@_db_option
@_json_option
def check(db: str, as_json: bool) -> None:
    """Check the store's integrity (after a crash, a kill or a disk problem).

    Runs the backend's own consistency check, then Marsad's: every article in the search index
    once, no analysis or mention without its article, no article stored twice, no brief without
    its story. Exit status 1 when anything is wrong.
    """
    with _open(db) as m:
        problems = m.store.check_integrity()
        total = m.store.count_articles()
    if as_json:
        _print_json({"ok": not problems, "problems": problems, "articles": total})
    else:
        for line in problems:
            click.echo(f"marsad: integrity: {line}", err=True)
        click.echo(f"{'ok' if not problems else f'{len(problems)} problems'}: {total} articles in {db}")
    if problems:
        sys.exit(1)


@cli.command()
@_db_option
@click.option(
    "--what",
    type=click.Choice(["articles", "analyses", "stories", "briefs", "entities", "events", "attributions", "claims"]),
    default="articles",
    show_default=True,
)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "markdown", "geojson"]), default="jsonl")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File (default stdout).")
def export(db: str, what: str, fmt: str, output: str | None) -> None:
    """Export records for analysts: JSON Lines, CSV, Markdown (briefs) or GeoJSON (events).

    Events are a table in ACLED-like columns (event_date, event_type, actor1, actor2, admin1,
    latitude, longitude, …; see marsad/exports.py), in CSV, JSON Lines, or GeoJSON points.
    """
    from marsad.exports import export_records

    with _open(db) as m:
        try:
            text_out = export_records(m.store, what, fmt)
        except ValueError as exc:
            fail(str(exc))
    if output:
        Path(output).write_text(text_out, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text_out, nl=False)


@cli.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option(
    "--token-file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Write tokens for POST /api/v1/articles, one per line (also: $MARSAD_API_TOKENS, comma-separated).",
)
@click.option("--max-body-bytes", default=5_000_000, show_default=True, help="Largest request body accepted.")
@click.option("--access-log/--no-access-log", default=True, help="Log every request (off for load tests).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (reads scale across cores with processes).")  # fmt: skip
def serve(
    db: str, host: str, port: int, token_file: str | None, max_body_bytes: int, access_log: bool, workers: int
) -> None:
    """Serve the Arabic web app, its JSON API and the REST API (/api/v1/, docs at /api/docs)."""
    from marsad.web.server import load_tokens
    from marsad.web.server import serve as run_server

    if not Path(db).exists() and db != ":memory:":
        fail(f"no store at {db}: ingest something first (`marsad ingest PATH --db {db}`)")
    try:
        tokens = load_tokens(token_file)
        from marsad.web.rest import check_tokens

        check_tokens(tokens)
    except (OSError, UnicodeError, ValueError) as exc:
        fail(f"cannot use the API tokens: {exc}")
    _llm_from_env()  # bad LLM settings stop here, not in a server process
    writes = f"writes enabled ({len(tokens)} token(s))" if tokens else "writes disabled"
    click.echo(f"Marsad at http://{host}:{port}/  API docs at /api/docs, {writes}  (Ctrl+C to stop)")
    if workers > 1 and db == ":memory:":
        fail("several workers cannot share a :memory: store")
    run_server(
        db, host=host, port=port, tokens=tokens, max_body_bytes=max_body_bytes, access_log=access_log,
        workers=workers,
    )  # fmt: skip


@cli.command()
@click.argument("config", type=click.Path(dir_okay=False))
@_db_option
@click.option("--once", is_flag=True, help="One round over the sources that are due, then exit.")
@click.option("--rounds", type=click.IntRange(min=1), default=None, help="Exit after N rounds.")
@click.option("--allow-private", is_flag=True, help="Allow fetching from private/loopback addresses.")
@click.option("--no-process", is_flag=True, help="Only store articles; do not analyse or group.")
def watch(config: str, db: str, once: bool, rounds: int | None, allow_private: bool, no_process: bool) -> None:
    """Keep the store current from the feeds and sitemaps listed in CONFIG (YAML).

    Each source is polled when due (conditional GET, robots.txt, per-host rate limit, retries),
    new articles are stored and analysed, stories updated. Prints one line per round; problems go to
    stderr. SIGTERM or Ctrl+C stops between two requests; a restart resumes from the stored state.
    """
    import signal
    import threading
    from datetime import UTC, datetime

    from marsad.store.base import StoreError
    from marsad.watch import ConfigError, RoundReport, Watcher, load_config

    try:
        settings = load_config(config)
    except ConfigError as exc:
        fail(str(exc))
    if (click.get_current_context().find_root().obj or {}).get("debug"):
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(asctime)s %(name)s: %(message)s")

    def on_problem(problem: IngestProblem) -> None:
        click.echo(f"marsad: problem: {problem.source}: {problem.message}", err=True)

    done: list[RoundReport] = []

    def on_round(report: RoundReport) -> None:
        done.append(report)
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        click.echo(f"{stamp} round {len(done)}: {report.line()}")

    with _open(db) as m:
        watcher = Watcher(m.store, settings, allow_private=allow_private, process=not no_process,
                          on_problem=on_problem, llm=_llm_from_env())  # fmt: skip

        asked: list[int] = []  # signals received (the stop itself is set by another thread)

        def on_signal(signum: int, frame: object) -> None:
            if asked or watcher.stopped:  # a second Ctrl+C: stop now
                raise KeyboardInterrupt
            asked.append(signum)
            click.echo("marsad: stopping after the current request", err=True)
            watcher.stop_from_signal()

        previous: dict[signal.Signals, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                previous[sig] = signal.signal(sig, on_signal)
        try:
            watcher.run(rounds=1 if once else rounds, on_round=on_round)
        except StoreError as exc:
            fail(str(exc))
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    if (once or rounds) and done and done[-1].problems:
        sys.exit(1)


@cli.command()
@click.option("--db", default="marsad-demo.db", show_default=True, help="Store for the demo.")
@click.option("--serve/--no-serve", "do_serve", default=True, help="Serve the web app afterwards.")
@click.option("--port", default=8000, show_default=True)
def demo(db: str, do_serve: bool, port: int) -> None:
    """Run the whole flow on the bundled demo corpus, print the briefs, then serve them."""
    from marsad.brief.render import brief_to_text
    from marsad.demo import article_paths

    with _open(db, llm=True) as m:
        report = m.ingest([str(p) for p in article_paths()], process=False)
        with _progress("analysing") as progress:
            m.process(progress)
        items = m.stories(limit=1000)
        click.echo(
            f"demo corpus: {len(report.added)} new articles, {len(report.duplicates)} already stored, "
            f"{m.store.count_articles()} in {db}, {len(items)} stories\n"
        )
        for s in items:
            b = m.store.get_brief(s.id)
            click.echo("=" * 78)
            click.echo(f"[{s.id}] {len(s.article_ids)} articles, outlets: {', '.join(s.outlets)}")
            click.echo(brief_to_text(b) if b else s.title)
            click.echo("")
    if do_serve:
        from marsad.web.server import serve as run_server

        click.echo(f"Marsad demo at http://127.0.0.1:{port}/  (Ctrl+C to stop)")
        run_server(db, host="127.0.0.1", port=port)


# ------------------------------------------------------------------------------------------------
# batch interfaces (JSON Lines in, JSON Lines out; for scoring with anyone's scorer)


@cli.command(name="batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this process, one core; dask: worker processes (needs marsad[dask]).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes of the local Dask cluster (default: one per core).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="A running Dask scheduler (tcp://host:8786) instead of a local cluster.")
@click.option("--db", default=None, help="Store to write into (default: $MARSAD_DB or marsad.db).")
@click.option("--parquet", "parquet_dir", default=None, metavar="OUTDIR",
              help="Write one Parquet file per chunk into OUTDIR instead of a store.")
@click.option("--chunk-size", default=200, show_default=True, type=click.IntRange(min=1),
              help="Records per task.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Stop after this many records.")
@click.option("--stories", is_flag=True, help="Update stories and briefs at the end (store only).")
@click.option("--no-ner", is_flag=True, help="Without the statistical NER tagger (about 3x faster).")
@click.option("--outlet", default="", help="Outlet name for records that do not say.")
@click.option("--field", "fields", multiple=True, metavar="OURS=THEIRS",
              help="Field mapping as for ingest, e.g. --field text=content --field published=time.")
@_json_option
def batch_cmd(
    inputs: tuple[str, ...],
    engine: str,
    workers: int | None,
    scheduler: str | None,
    db: str | None,
    parquet_dir: str | None,
    chunk_size: int,
    limit: int | None,
    stories: bool,
    no_ner: bool,
    outlet: str,
    fields: tuple[str, ...],
    as_json: bool,
) -> None:
    """Analyse JSON Lines (.jsonl, .jsonl.gz) or Parquet files, or folders of them, in parallel.

    Articles get the same ids as with `marsad ingest`. Results go into a store (--db) or into
    Parquet files (--parquet); a re-run skips what is already done. Bad lines are reported with
    their line numbers and the rest is processed; the exit status is 1 when there was any problem.
    """
    import time

    from marsad.ingest import IngestOptions
    from marsad.scale import BatchError, run_batch
    from marsad.scale.engines import make_engine
    from marsad.scale.sinks import ParquetSink, StoreSink
    from marsad.store import open_store
    from marsad.store.base import StoreError

    if db and parquet_dir:
        fail("give either --db or --parquet, not both")
    if stories and parquet_dir:
        fail("--stories needs a store (--db), not --parquet")
    if scheduler and engine != "dask":
        fail("--scheduler needs --engine dask")
    options = IngestOptions(outlet=outlet)
    for spec in fields:
        ours, sep, theirs = spec.partition("=")
        if not sep or not ours.strip() or not theirs.strip():
            fail(f"--field needs OURS=THEIRS, got {spec!r}")
        options.jsonl_fields[ours.strip()] = theirs.strip()
    target = db or os.environ.get("MARSAD_DB", DEFAULT_DB)
    shown = 0

    def report(problem: IngestProblem) -> None:
        nonlocal shown
        shown += 1
        if not as_json and shown <= 50:
            where = f"{problem.source}:{problem.line}" if problem.line else problem.source
            click.echo(f"marsad: problem: {where}: {problem.message}", err=True)

    store = None
    try:
        if parquet_dir:
            sink: Any = ParquetSink(parquet_dir, chunk_size=chunk_size)
        else:
            store = open_store(target)
            sink = StoreSink(store, options)
        begun = time.perf_counter()
        with make_engine(engine, workers=workers, scheduler=scheduler, ner=not no_ner) as runner:
            where = f"{runner.describe()}, started in {time.perf_counter() - begun:.1f} s"
            summary = run_batch(list(inputs), engine=runner, sink=sink, chunk_size=chunk_size, limit=limit,
                                options=options, on_problem=report)
        changed = None
        if stories and store is not None:
            from marsad.api import Marsad

            changed = Marsad(store, llm=_llm_from_env()).update_stories().changed
    except (BatchError, StoreError) as exc:
        fail(str(exc))
    finally:
        if store is not None:
            store.close()
    if as_json:
        _print_json({
            "engine": summary.engine, "articles_in": summary.articles_in, "analysed": summary.analysed,
            "skipped": summary.skipped, "duplicates": summary.duplicates, "seconds": round(summary.seconds, 3),
            "articles_per_second": round(summary.rate, 1), "problems": [to_dict(p) for p in summary.problems],
            "stories_changed": changed,
        })  # fmt: skip
    else:
        if shown > 50:
            click.echo(f"marsad: ... and {shown - 50} more problems", err=True)
        click.echo(summary.line())
        click.echo(f"{where}; into {parquet_dir or target}")
        if changed is not None:
            click.echo(f"{len(changed)} stories updated")
    if summary.problems:
        sys.exit(1)


def _input(path: str) -> IO[str]:
    """An input file opened as UTF-8 text, or stdin for ``-`` (one-line error when unreadable)."""
    try:
        return sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")


def _batch(path: str, output: str | None, required: tuple[str, ...], run: Callable[[Any], Any]) -> None:
    from marsad.batch import BatchInputError, read_jsonl

    handle = _input(path)
    try:
        with handle:
            results = list(run(read_jsonl(handle, required)))
    except BatchInputError as exc:
        fail(f"{path}: {exc}")
    except UnicodeDecodeError:
        fail(f"{path}: not UTF-8 text (JSON Lines must be UTF-8)")
    text_out = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
    if output:
        Path(output).write_text(text_out, encoding="utf-8")
    else:
        click.echo(text_out, nl=False)


def _batch_options(func: F) -> F:
    func = click.option("-o", "--output", type=click.Path(dir_okay=False), help="File (default stdout).")(func)
    return click.option("--jsonl", "path", required=True, help="Input JSON Lines file, or - for stdin.")(func)


@cli.command()
@_batch_options
def times(path: str, output: str | None) -> None:
    """Normalise time expressions: {"id","text","reference_time"} → {"id","times":[…]}."""
    from marsad.batch import times_records

    _batch(path, output, ("id", "text"), times_records)


@cli.command()
@_batch_options
@click.option("--ner", is_flag=True, help="Also places the NER tagger finds (slower).")
def places(path: str, output: str | None, ner: bool) -> None:
    """Resolve places to coordinates: {"id","text"} → {"id","places":[…]} (character offsets).

    Each place has its feature type and ``admin`` (containing governorate, then country).
    """
    from marsad.batch import places_records

    _batch(path, output, ("id", "text"), lambda records: places_records(records, ner=ner))


@cli.command()
@click.option("--conll", "path", required=True, help="One token per line (first column), blank line between sentences; - for stdin.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File (default stdout).")
@click.option("--model", default=None, help="A CRF model file (default: the one shipped with Marsad).")
@click.option("--neural", default=None, type=click.Path(exists=True, dir_okay=False),
              help="A BiLSTM exported by marsad train ner --vectors, added to --model's scores (default: "
                   "the shipped one, with the shipped CRF only).")
@click.option("--context", default=None, type=click.IntRange(min=0),
              help="Sentences read as one document, whose confidently tagged names also tag their "
                   "repeats (default: CONLL_CONTEXT in marsad/understand/ner/consistency.py; 0: each "
                   "sentence alone).")
def ner(path: str, output: str | None, model: str | None, neural: str | None, context: int | None) -> None:
    """Tag named entities (PER ORG LOC MISC, IOB2): writes token<TAB>TAG, one line per input token."""
    import io

    from marsad.understand.ner.consistency import CONLL_CONTEXT
    from marsad.understand.ner.tagger import NerTagger

    try:
        tagger = NerTagger.load(model, neural)
    except (OSError, ValueError, KeyError) as exc:
        fail(f"cannot load NER model {model or neural}: {exc}")
    handle = _input(path)
    out = io.StringIO()
    try:
        with handle:
            tagger.tag_conll(handle, out, context=CONLL_CONTEXT if context is None else context)
    except UnicodeDecodeError:
        fail(f"{path}: not UTF-8 text")
    if output:
        Path(output).write_text(out.getvalue(), encoding="utf-8")
    else:
        click.echo(out.getvalue(), nl=False)


@cli.group()
def train() -> None:
    """Train the models Marsad ships (reproducible, fixed seed)."""


@train.command(name="ner")
@click.option("--data", "data", multiple=True, required=True,
              help="CoNLL file or folder of *.conll files, repeatable; the first is the main corpus, the "
                   "others auxiliary domains. FILE@0.8 trains on the first 80 percent of FILE only.")
@click.option("--out", default=None, type=click.Path(dir_okay=False),
              help="Where to write the CRF (leave out to train the BiLSTM alone).")
@click.option("--seed", default=0, show_default=True)
@click.option("--vectors", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Word vectors (.npz from scripts/build_word_clusters.py --vectors): also train the "
                   "BiLSTM half of the tagger (needs PyTorch) and write it to --neural-out.")
@click.option("--neural-out", type=click.Path(dir_okay=False), default=None,
              help="Where to write the BiLSTM (with --vectors).")
def train_ner(data: tuple[str, ...], out: str | None, seed: int, vectors: str | None, neural_out: str | None) -> None:
    """Train the CRF NER tagger, and with --vectors its BiLSTM partner (see
    marsad/understand/ner/data/MODEL_CARD.md)."""
    from marsad.understand.ner.train import split_head, train_neural
    from marsad.understand.ner.train import train as train_model

    if bool(vectors) != bool(neural_out):
        fail("--vectors and --neural-out go together")
    if not out and not neural_out:
        fail("nothing to train: give --out (the CRF) and/or --vectors with --neural-out (the BiLSTM)")
    if vectors:
        try:
            import torch  # noqa: F401
        except ImportError:
            fail("training the BiLSTM needs PyTorch: pip install torch==2.13.0 (CPU build) or marsad[train]")

    files: list[str] = []
    for item in data:
        path, _ = split_head(item)
        p = Path(path)
        if not p.exists():
            fail(f"--data {item!r}: no such file or folder")
        files.extend(sorted(str(f) for f in p.glob("*.conll")) if p.is_dir() else [item])
    if not files:
        fail("no *.conll files found in --data")
    meta: dict[str, Any] = {}
    if out:
        meta = train_model(files, out, seed=seed)
    if vectors and neural_out:
        bilstm = train_neural(files, vectors, neural_out, seed=seed, log=lambda m: click.echo(m, err=True))
        meta = {"crf": meta, "bilstm": bilstm} if out else bilstm
    _print_json(meta)


@cli.command(name="cluster")
@_batch_options
def cluster_cmd(path: str, output: str | None) -> None:
    """Group articles into stories: {"id","title","text","published","outlet"} → {"id","story"}."""
    from marsad.batch import cluster_records

    _batch(path, output, ("id", "text"), cluster_records)


@cli.command()
@_batch_options
def similarity(path: str, output: str | None) -> None:
    """Same-story similarity of article pairs: {"id","a":{…},"b":{…}} → {"id","score"}."""
    from marsad.batch import similarity_records

    _batch(path, output, ("id", "a", "b"), similarity_records)


@cli.command()
@_batch_options
def events(path: str, output: str | None) -> None:
    """Events, attributions and claims: {"id","title","text","published"} →
    {"id","events":[…],"attributions":[…],"claims":[…]} (character offsets into text)."""
    from marsad.batch import events_records

    _batch(path, output, ("id", "text"), events_records)


@cli.command()
@_batch_options
@click.option("--sentences", default=1, show_default=True, help="Sentences per summary.")
def summarize(path: str, output: str | None, sentences: int) -> None:
    """Extractive summaries: {"id","title","text"} → {"id","summary"}.

    The lead sentence comes first, written in headline order when it opens with a listed verb
    («أعلنت الشرطة …» → «الشرطة تعلن …»; subjects are delimited with the NER tagger's names, and
    with MARSAD_NER=0 only the subjects that need none are: 372 rewrites against 575 in the 1,000
    development articles); a wire lead with a dateline is kept verbatim.
    """
    from marsad.batch import summarize_records

    _batch(path, output, ("id", "text"), lambda recs: summarize_records(recs, sentences))


# ------------------------------------------------------------------------------------------------


def main() -> None:
    """Console-script entry: turn unexpected errors into one line unless --debug."""
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        if debug:
            traceback.print_exc()
        else:
            click.echo(f"marsad: error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
