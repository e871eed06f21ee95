"""Score ``find_times`` on a JSON Lines development set in the Maha test format.

Usage: ``python -m marsad.understand.times_eval PATH.jsonl [--misses N]``

Each line holds ``text``, ``reference_time`` (ISO), ``test_name`` (the category) and ``expected``:
``null`` (no time expected) or an object whose ``kind`` says how to compare:

* ``instant_date`` (``value`` = a date) and ``instant`` (``value`` = a datetime): the expected point
  must fall inside our answer *at our grain*: truncated to our grain it equals our value (an
  instant), or it lies between our start and end (an interval, each end taken at our grain).
  Why at our grain: the data set writes "next year" as the reference date moved by one year
  (2022-09-01) while Marsad follows Duckling and answers the year (2022-01-01, grain year); both
  name the same period. For a week answer the expected day may fall in the Monday-start week or
  in the Sunday-start week (much of the Arab world starts the week on Sunday).
* ``interval`` (``start``/``end``, either may be null): we must return an interval whose two ends
  match at our grain, with null for null.
* ``hijri_date`` (``gregorian`` = the Gregorian day of the expected Hijri date): as ``instant_date``
  but with one day of tolerance either way, because Marsad uses the tabular Islamic calendar and
  the data set an observational one (see ``marsad.understand.times``).
* ``null``: correct when we return no instant or interval (a bare duration such as "54 hours" is not
  a point in time, so it does not count against a null).

When we return several expressions, the one covering the most characters is scored. The score is
printed overall, by category, with the list of misses; ``evaluate`` returns the same as a dict.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from marsad.model import TimeExpr
from marsad.understand.times import find_times, truncate

_RANK = {"second": 0, "minute": 1, "hour": 2, "day": 3, "week": 4, "month": 5, "quarter": 6, "year": 7}


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _same(expected: datetime, ours: datetime, grain: str, tolerance_days: int = 0) -> bool:
    if tolerance_days and _RANK[grain] <= _RANK["day"]:
        return abs((expected.date() - ours.date()).days) <= tolerance_days
    if truncate(expected, grain) == truncate(ours, grain):
        return True
    if grain == "week":  # Sunday-start week
        return truncate(expected + timedelta(days=1), "week") - timedelta(days=1) == ours - timedelta(days=1)
    return False


def _within(expected: datetime, te: TimeExpr, tolerance_days: int = 0) -> bool:
    grain = te.grain
    lo = _parse(te.start_value) if te.start_value else None
    hi = _parse(te.end_value) if te.end_value else None
    slack = timedelta(days=tolerance_days)
    if lo is not None and truncate(expected, grain) + slack < truncate(lo, grain):
        return False
    return not (hi is not None and truncate(expected, grain) - slack > truncate(hi, grain))


def _primary(found: list[TimeExpr]) -> TimeExpr | None:
    points = [t for t in found if t.type != "duration"]
    if not points:
        return None
    return max(points, key=lambda t: t.end - t.start)


def judge(expected: dict[str, Any] | None, found: list[TimeExpr]) -> bool:
    """Whether ``found`` answers one case (rules in the module doc)."""
    best = _primary(found)
    if expected is None:
        return best is None
    if best is None:
        return False
    kind = expected.get("kind")
    if kind in ("instant_date", "instant", "hijri_date"):
        raw = expected["gregorian"] if kind == "hijri_date" else expected["value"]
        exp = _parse(raw) if "T" in raw else datetime.combine(date.fromisoformat(raw), datetime.min.time())
        tol = 1 if kind == "hijri_date" else 0
        if best.type == "interval":
            if best.start_value is None and best.end_value is None:
                return False
            return _within(exp, best, tol)
        if best.value is None:
            return False
        return _same(exp, _parse(best.value), best.grain, tol)
    if kind == "interval":
        if best.type != "interval":
            return False
        for exp_v, ours_v in (
            (expected.get("start"), best.start_value),
            (expected.get("end"), best.end_value),
        ):
            if (exp_v is None) != (ours_v is None):
                return False
            if (
                exp_v is not None
                and ours_v is not None
                and not _same(_parse(exp_v), _parse(ours_v), best.grain)
            ):
                return False
        return True
    return False


def evaluate(path: str | Path) -> dict[str, Any]:
    """Score every case of ``path``: totals, per-category counts and the misses."""
    by_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[dict[str, Any]] = []
    correct = total = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            case = json.loads(line)
            ref = _parse(case["reference_time"]) if case.get("reference_time") else None
            found = find_times(case["text"], ref)
            ok = judge(case.get("expected"), found)
            cat = str(case.get("test_name", "all")).removeprefix("test_")
            by_cat[cat][1] += 1
            total += 1
            if ok:
                by_cat[cat][0] += 1
                correct += 1
            else:
                best = _primary(found)
                misses.append(
                    {
                        "id": case.get("id"),
                        "category": cat,
                        "text": case["text"],
                        "expected": case.get("expected"),
                        "got": None
                        if best is None
                        else {
                            "text": best.text,
                            "type": best.type,
                            "value": best.value,
                            "grain": best.grain,
                            "start": best.start_value,
                            "end": best.end_value,
                        },
                    }
                )
    return {
        "total": total,
        "correct": correct,
        "accuracy": correct / total if total else 0.0,
        "by_category": {k: {"correct": v[0], "total": v[1]} for k, v in sorted(by_cat.items())},
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("path", help="JSON Lines file in the Maha time format")
    ap.add_argument("--misses", type=int, default=1000, help="how many misses to list (default: all)")
    args = ap.parse_args(argv)
    try:
        result = evaluate(args.path)
    except (OSError, ValueError, KeyError) as exc:
        print(f"times_eval: cannot score {args.path}: {exc}", file=sys.stderr)
        return 1
    print(f"overall: {result['correct']}/{result['total']} = {result['accuracy']:.1%}")
    for cat, c in result["by_category"].items():
        print(f"  {cat:40s} {c['correct']:3d}/{c['total']:3d}")
    if result["misses"]:
        print(f"misses ({len(result['misses'])}):")
        for m in result["misses"][: args.misses]:
            print("  " + json.dumps(m, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
