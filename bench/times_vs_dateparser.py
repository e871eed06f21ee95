"""Benchmark: Marsad's ``find_times`` against ``dateparser`` on the Maha Arabic time set, accuracy and speed.

    .venv/bin/python bench/times_vs_dateparser.py ../shared/data/time/maha_time_ar.jsonl

(run from the repository root; ``--repeat N`` sets the timed passes, default 3; ``--prefer future``
or ``past`` changes dateparser's ``PREFER_DATES_FROM``, default ``current_period``). Needs ``dateparser``
(``pip install -c constraints.txt -e ".[bench]"``); it is a benchmark-only dependency, never imported by ``marsad``.

Why: ``dateparser`` is the usual off-the-shelf answer for "parse dates in many languages, Arabic
included". Before claiming that Marsad's own normaliser is worth keeping we measure both on the same
394 cases, with the same scorer, and time both on the same texts.

Systems (each case gets its ``reference_time`` as the anchor for relative expressions):

* ``marsad``: ``find_times(text, reference)``, exactly as ``marsad.understand.times_eval`` runs it.
* ``dp.search``: ``dateparser.search.search_dates(text, languages=['ar'], settings=S,
  add_period=True)``, the documented way to find dates inside free text.
* ``dp.parse``: ``dateparser.parse(text, languages=['ar'], settings=S)``, the whole string as one date.
  ``parse`` is a thin wrapper whose body is ``DateDataParser(languages, settings=settings)
  .get_date_data(text)``; we make that same call (same work, timed the same way) because it also
  returns dateparser's ``period``, which ``parse`` throws away.

``S`` is ``{'RELATIVE_BASE': reference (naive), 'PREFER_DATES_FROM': 'current_period',
'RETURN_AS_TIMEZONE_AWARE': False, 'RETURN_TIME_AS_PERIOD': True}`` (``--prefer`` replaces
``current_period``; on this set ``future`` wins the next-weekday cases but loses the previous-
weekday ones, because dateparser drops the Arabic "next"/"last" words, and ``current_period``
scores best overall). ``RETURN_TIME_AS_PERIOD`` only changes the reported period (``time``
instead of ``day`` when a clock time was read, see ``dateparser/date.py``), never the returned
datetime; without it "at 3" would be judged at day grain.

Scoring: every answer becomes a ``TimeExpr`` and goes through ``times_eval.judge``, the very
function that scores Marsad (rules in that module's doc: an expected point must fall inside the
answer *at the answer's grain*; intervals must match both ends; ``null`` cases are right when
nothing is returned; with several answers the longest span is scored). dateparser returns a bare
datetime, so it needs a grain. We use dateparser's own ``period`` as that grain (``year``, ``month``,
``week``, ``day``; ``time`` -> ``second``; ``part_of_day`` -> ``hour``) and, as Marsad does (Duckling
convention), the value is the datetime truncated to that grain. This is the ``own`` score. To be
generous we also print a ``gen`` score: a case also counts when the answer is accepted at the grain
Marsad's own answer to that case was judged at, so dateparser is never held to a finer grain than
Marsad was on the same text (it would forgive, say, a stray clock time on a date; on this set it
changes nothing, as dateparser's periods already fit). A third overall
figure, ``any grain``, accepts a case if *some* grain from second to year is accepted; it is only a
loose upper bound (at year grain any date in the right year passes), printed so that nobody can say
the grain choice decided the result.

Not given to dateparser: it has no intervals, so ``interval`` cases are misses unless the scorer
accepts its answer (it never does: an interval is required), and it reads no Hijri dates in
``search_dates``/``parse`` (its ``HijriCalendar`` is a separate class behind the ``calendars`` extra, ``hijridate``, and
takes a whole date string, not free text), so
those cases are scored as they come. Both are limits of the library, noted, not hidden.

Speed: every system first makes one untimed warm-up pass over all texts (loading data, filling
caches; the answers scored are those of this pass), then ``--repeat`` timed passes; the best pass
is reported as cases/s. Only the library call is timed: references and settings are built before.
Neither side caches answers per text (checked for dateparser 1.5.0: a second pass over texts it has
seen costs what a first pass over new ones does), so the timed passes are not cache hits.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from marsad.model import TimeExpr
from marsad.understand.times import find_times, truncate
from marsad.understand.times_eval import _RANK, _primary, judge

try:
    import dateparser
    from dateparser.search import search_dates
except ImportError:  # pragma: no cover - benchmark-only dependency
    print("times_vs_dateparser: needs dateparser (pip install dateparser==1.5.0)", file=sys.stderr)
    raise SystemExit(1) from None

_PERIOD_GRAIN = {
    "year": "year",
    "month": "month",
    "week": "week",
    "day": "day",
    "part_of_day": "hour",
    "time": "second",
}
_GRAINS = sorted(_RANK, key=_RANK.__getitem__)  # second -> year

# One found date: (start, end, text, datetime, grain), the shape both dateparser variants share.
Hit = tuple[int, int, str, datetime, str]


def _load(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _reference(case: dict[str, Any]) -> datetime | None:
    raw = case.get("reference_time")
    return datetime.fromisoformat(raw) if raw else None


def _settings(ref: datetime | None, prefer: str) -> dict[str, Any]:
    s: dict[str, Any] = {
        "PREFER_DATES_FROM": prefer,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "RETURN_TIME_AS_PERIOD": True,
    }
    if ref is not None:
        s["RELATIVE_BASE"] = ref.replace(tzinfo=None)
    return s


def _expr(hit: Hit, grain: str | None = None) -> TimeExpr:
    """A Marsad-style instant for one dateparser hit, at ``grain`` (default: its own period)."""
    start, end, text, dt, own = hit
    g = grain or own
    return TimeExpr(start=start, end=end, text=text, type="instant", value=truncate(dt, g).isoformat(), grain=g)  # type: ignore[arg-type]


def _run_marsad(texts: list[str], refs: list[datetime | None]) -> list[list[TimeExpr]]:
    return [find_times(t, r) for t, r in zip(texts, refs, strict=True)]


def _run_search(texts: list[str], settings: list[dict[str, Any]]) -> list[Any]:
    out: list[Any] = []
    for t, s in zip(texts, settings, strict=True):
        try:
            out.append(search_dates(t, languages=["ar"], settings=s, add_period=True))
        except Exception as exc:  # a crash is a miss, not the end of the benchmark
            out.append(exc)
    return out


def _run_parse(texts: list[str], settings: list[dict[str, Any]]) -> list[Any]:
    out: list[Any] = []
    for t, s in zip(texts, settings, strict=True):
        try:  # the body of dateparser.parse, keeping the period it drops
            out.append(dateparser.DateDataParser(languages=["ar"], settings=s).get_date_data(t))
        except Exception as exc:
            out.append(exc)
    return out


def _search_hits(text: str, raw: Any) -> list[Hit]:
    if not raw or isinstance(raw, Exception):
        return []
    hits: list[Hit] = []
    for substring, dt, period in raw:
        start = max(text.find(substring), 0)  # dateparser may squeeze spaces; only the length matters
        hits.append((start, start + len(substring), substring, dt, _PERIOD_GRAIN.get(period or "day", "day")))
    return hits


def _parse_hits(text: str, raw: Any) -> list[Hit]:
    if raw is None or isinstance(raw, Exception) or raw["date_obj"] is None:
        return []
    return [(0, len(text), text, raw["date_obj"], _PERIOD_GRAIN.get(raw["period"] or "day", "day"))]


def _scores(
    expected: dict[str, Any] | None, hits: list[Hit], marsad_grain: str | None
) -> tuple[bool, bool, bool]:
    """(own grain, generous, any grain) verdicts of ``times_eval.judge`` for one case."""
    exprs = [_expr(h) for h in hits]
    own = judge(expected, exprs)
    best = _primary(exprs)
    if own or best is None:
        return own, own, own
    hit = hits[exprs.index(best)]
    gen = marsad_grain is not None and judge(expected, [_expr(hit, marsad_grain)])
    anyg = gen or any(judge(expected, [_expr(hit, g)]) for g in _GRAINS)
    return own, gen, anyg


def _time(fn: Callable[[], list[Any]], repeat: int) -> tuple[list[Any], float]:
    """Warm-up pass (its result is returned), then the best of ``repeat`` timed passes in seconds."""
    result = fn()
    best = float("inf")
    for _ in range(max(repeat, 1)):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return result, best


def _pct(c: int, n: int) -> str:
    return f"{c:3d}/{n:3d} = {c / n:6.1%}" if n else "n/a"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("path", type=Path, help="JSON Lines file in the Maha time format")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per system, best kept (default 3)")
    ap.add_argument(
        "--prefer",
        choices=["current_period", "future", "past"],
        default="current_period",
        help="dateparser's PREFER_DATES_FROM (default current_period)",
    )
    args = ap.parse_args(argv)
    try:
        cases = _load(args.path)
        refs = [_reference(c) for c in cases]
    except (OSError, ValueError) as exc:
        print(f"times_vs_dateparser: cannot read {args.path}: {exc}", file=sys.stderr)
        return 1
    if not cases:
        print(f"times_vs_dateparser: no cases in {args.path}", file=sys.stderr)
        return 1
    texts = [str(c["text"]) for c in cases]
    settings = [_settings(r, args.prefer) for r in refs]
    n = len(cases)

    marsad_out, marsad_s = _time(lambda: _run_marsad(texts, refs), args.repeat)
    search_out, search_s = _time(lambda: _run_search(texts, settings), args.repeat)
    parse_out, parse_s = _time(lambda: _run_parse(texts, settings), args.repeat)

    total: dict[str, int] = defaultdict(int)
    by_cat: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    cat_n: dict[str, int] = defaultdict(int)
    errors = {"search": 0, "parse": 0}
    for i, case in enumerate(cases):
        expected = case.get("expected")
        cat = str(case.get("test_name", "all")).removeprefix("test_")
        cat_n[cat] += 1
        m_best = _primary(marsad_out[i])
        m_grain = m_best.grain if m_best is not None else None
        verdict = {"marsad": judge(expected, marsad_out[i])}
        for name, raw, hits in (
            ("search", search_out[i], _search_hits(texts[i], search_out[i])),
            ("parse", parse_out[i], _parse_hits(texts[i], parse_out[i])),
        ):
            errors[name] += isinstance(raw, Exception)
            own, gen, anyg = _scores(expected, hits, m_grain)
            verdict[f"{name}.own"], verdict[f"{name}.gen"], verdict[f"{name}.any"] = own, gen, anyg
        for k, ok in verdict.items():
            total[k] += ok
            by_cat[cat][k] += ok

    print(f"cases: {n} ({args.path})")
    print("accuracy (scored by marsad.understand.times_eval.judge):")
    print(f"  {'marsad find_times':50s} {_pct(total['marsad'], n)}")
    for name, label in (("search", "dateparser.search_dates"), ("parse", "dateparser.parse")):
        print(f"  {label + ': own grain':50s} {_pct(total[name + '.own'], n)}")
        print(f"  {label + ': generous (+ Marsad grain)':50s} {_pct(total[name + '.gen'], n)}")
        print(f"  {label + ': any grain (loose bound)':50s} {_pct(total[name + '.any'], n)}")
    if any(errors.values()):
        print(f"  dateparser exceptions (scored as no answer): {errors}")

    print("\nper category (correct; dateparser columns: own grain / generous):")
    head = f"  {'category':40s} {'n':>3s}  {'marsad':>6s}  {'search':>9s}  {'parse':>9s}"
    print(head)
    print("  " + "-" * (len(head) - 2))
    for cat in sorted(cat_n):
        c = by_cat[cat]
        print(
            f"  {cat:40s} {cat_n[cat]:3d}  {c['marsad']:6d}  "
            f"{c['search.own']:4d}/{c['search.gen']:<4d}  {c['parse.own']:4d}/{c['parse.gen']:<4d}"
        )
    print("  " + "-" * (len(head) - 2))
    print(
        f"  {'total':40s} {n:3d}  {total['marsad']:6d}  "
        f"{total['search.own']:4d}/{total['search.gen']:<4d}  {total['parse.own']:4d}/{total['parse.gen']:<4d}"
    )

    print(f"\nspeed (whole pass over {n} texts, best of {max(args.repeat, 1)} after one warm-up):")
    for label, secs in (
        ("marsad find_times", marsad_s),
        ("dateparser.search_dates", search_s),
        ("dateparser.parse", parse_s),
    ):
        print(
            f"  {label:26s} {n / secs:9,.0f} cases/s  ({secs * 1000:8.1f} ms, {secs / n * 1e6:7.0f} us/case)"
        )
    print(f"  marsad / search_dates speed ratio: {search_s / marsad_s:.2f}x")
    print(f"  marsad / parse speed ratio:        {parse_s / marsad_s:.2f}x")
    print(
        f"  (dateparser {dateparser.__version__}, PREFER_DATES_FROM={args.prefer}; ratio > 1: Marsad is faster)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
