"""Arabic time expressions in running news text, normalised against the publication time.

``find_times(text, reference, sentences)`` finds dates, times, relative expressions, intervals and
durations and returns ``TimeExpr`` records whose ``start``/``end`` are exact offsets into ``text``.

Why a hand-written scanner and not a grammar library: it must run on every article (the budget is
about a millisecond per 400-word article), it must keep exact offsets into the original text, and
all language knowledge must stay in editable data files (``data/time_*.tsv``). The design:

1. **Fold** the text for matching with one ``str.translate`` (alef/hamza forms, ة→ه, ى→ي,
   Arabic-Indic digits, diacritics and tatweel removed), the same folding as
   ``marsad.text.normalize`` but in C speed; deleted characters are remembered so any span maps
   back to the original text.
2. **Tokenise** with one compiled regex and look every token up in one dictionary built at import
   from the lexicons, with the clitics و ف ب ل ك and the article ال already expanded, so a token
   costs one dict lookup. Tokens with no time meaning are skipped at once.
3. **Parse atoms** at the remaining tokens (a date, a weekday, a clock time, a relative period…),
   **join** adjacent atoms that fill different slots (``الخميس الموافق 16 من هذا الشهر``,
   ``غدا الساعة 3 عصرا``), and build **intervals** from cue words (من … إلى، بين … و…، حتى،
   بحلول، منذ، خلال).
4. **Resolve** against the reference. Conventions follow Duckling: an instant's ``value`` is the
   start of its grain (``أغسطس 2025`` → ``2025-08-01``, grain ``month``); weeks start on Monday.
   Interval endpoints are *inclusive at the interval's grain*: ``حتى 2026`` → end ``2026-01-01``
   with grain ``year`` means "up to and including 2026". When the two endpoints have different
   grains the interval carries the coarser one. An unresolvable relative expression (no
   reference) is still returned, with ``value`` None.

Decisions worth knowing (see also the lexicon headers):

* A month name alone means that month of the reference year; ``X الماضي`` is the latest X that has
  begun (the current month included), ``X المقبل`` the first X after the current month.
* A bare weekday is the next one (today included), unless a past-tense reporting verb shortly
  before it (``قال … الخميس``) makes it the last one (today included); news mostly reports the past.
* A bare number is never a time. A 4-digit number is a year only when it is 1900–2100 and follows
  a context word (في، عام، منذ، حتى، سيناريو …, from ``time_cues.tsv``) or a month name, or
  follows عام/سنة (then 1000–2199, or written in words).
* ``آب``, ``نيسان``, ``مارس`` and the Hijri month names need context (a day number, شهر, a year or
  a direction word) because they are also ordinary words or names.
* Hijri dates use the tabular (arithmetic, civil-epoch) Islamic calendar. Real Hijri months begin
  with the sighted moon or Umm al-Qura tables, which differ from the tabular calendar by up to
  ±1 day (occasionally 2); Hijri months and years are returned as intervals of Gregorian days.
* A count of units is a ``duration`` (ISO 8601 ``P3D``) unless anchored: ``قبل ثلاثة أيام``,
  ``بعد أسبوعين`` and ``منذ عامين`` are instants at the unit's grain (minutes for hours/minutes).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

from marsad.model import Grain, Sentence, TimeExpr
from marsad.text.normalize import DROPPED_CHARS, FOLD_TABLE

__all__ = ["find_times"]

# through importlib.resources, not __file__: a compiled build (marsad.native) has no source path
_DATA = resources.files("marsad.understand").joinpath("data")

# ----------------------------------------------------------------------------------------------------
# Folding: marsad.text.normalize's table (diacritics and invisible marks dropped, letter variants and
# digits replaced one for one), applied with str.translate for speed

_DELETED = sorted(DROPPED_CHARS)
_FOLD: dict[int, Any] = dict(FOLD_TABLE)
_DELETED_RE = re.compile("[" + "".join(re.escape(c) for c in _DELETED) + "]")


def _fold(text: str) -> str:
    return text.translate(_FOLD)


class _Folded:
    """Folded text plus the map back to the original (only deletions shift offsets)."""

    __slots__ = ("text", "deleted")

    def __init__(self, original: str) -> None:
        self.text = original.translate(_FOLD)
        self.deleted = (
            [m.start() for m in _DELETED_RE.finditer(original)] if len(self.text) != len(original) else []
        )

    def orig(self, i: int) -> int:
        """Original offset of folded character ``i``."""
        if not self.deleted:
            return i
        pos = i
        while True:
            new = i + bisect_right(self.deleted, pos)
            if new == pos:
                return pos
            pos = new

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Original span of folded ``[a, b)``, keeping marks that follow its last letter (غداً)."""
        end = self.orig(b - 1) + 1
        if self.deleted:
            k = bisect_right(self.deleted, end - 1)
            while k < len(self.deleted) and self.deleted[k] == end:
                end += 1
                k += 1
        return self.orig(a), end


# ----------------------------------------------------------------------------------------------------
# Lexicons


class _Lx(NamedTuple):
    """One reading of a token: its value, whether it had the article, its clitic prefix, and how
    many tokens it spans (multi-word entries such as كانون الثاني)."""

    value: Any
    al: bool
    pre: str
    n: int


def _rows(name: str) -> list[list[str]]:
    rows = []
    with _DATA.joinpath(name).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(line.rstrip("\n").split("\t"))
    return rows


_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")


def _variants(surface: str) -> list[tuple[str, str, bool]]:
    """(form, clitic prefix, has article) for every clitic/article combination of ``surface``."""
    bases = [(surface, False), ("ال" + surface, True)]
    out = []
    for conj in _CONJ:
        for prep in _PREP:
            for base, al in bases:
                # ل + ال is written لل (للعام، للخمسة)
                form = conj + "لل" + base[2:] if prep == "ل" and base.startswith("ال") else conj + prep + base
                out.append((form, conj + prep, al))
    return out


_SINGLE: dict[str, dict[str, _Lx]] = {}
_MULTI: dict[str, list[tuple[tuple[str, ...], str, _Lx]]] = {}


def _add(surface: str, kind: str, value: Any) -> None:
    words = _fold(surface).split()
    if not words:
        return
    if len(words) == 1:
        for form, pre, al in _variants(words[0]):
            slot = _SINGLE.setdefault(form, {})
            old = slot.get(kind)
            if old is None or len(pre) < len(old.pre) or (len(pre) == len(old.pre) and old.al and not al):
                slot[kind] = _Lx(value, al, pre, 1)
    else:
        for form, pre, al in _variants(words[0]):
            _MULTI.setdefault(form, []).append((tuple(words[1:]), kind, _Lx(value, al, pre, len(words))))


def _load() -> None:
    """Read the lexicons once per process into ``_SINGLE``/``_MULTI``."""
    for surface, month, cal, bare, *_ in _rows("time_months.tsv"):
        _add(surface, "month", (int(month), "h" if cal == "hijri" else "g", bare == "1"))
    for surface, wd, bare in _rows("time_weekdays.tsv"):
        _add(surface, "weekday", (int(wd), bare == "1"))
    for surface, value, kind in _rows("time_numbers.tsv"):
        _add(surface, "num", (int(value), kind))
    for surface, unit, count in _rows("time_units.tsv"):
        _add(surface, "unit", (unit, int(count)))
    for surface, kind, value in _rows("time_relative.tsv"):
        if kind == "part":
            hours, clock = value.split(":")
            h0, h1 = hours.split("-")
            _add(surface, kind, (int(h0), int(h1), clock))
        elif kind in ("dir", "this", "day", "now", "frac", "hijri", "greg", "last", "filler"):
            _add(surface, kind, int(value))
        else:
            _add(surface, kind, value)
    for surface, kind, _value in _rows("time_cues.tsv"):
        _add(surface, kind, 1)


_load()

# a hashtag or snake_case run (#اليوم_العالمي_للمرأة) is one token, so its words are not read as times
_TOKEN_RE = re.compile(
    r"#?\w+(?:_\w+)+|#\w+|[0-9]+(?:[/\-.:][0-9]+)*|[\u0621-\u064a\u0671-\u06d3]+|[A-Za-z]+|\n|[^\s\w]"
)
_CLITIC_ONLY = frozenset(["و", "ف", "ب", "ل", "لل", "ال", "وال", "ول", "فل", "وب", "بال", "ولل", "فال"])
_SENT_END = frozenset([".", "!", "?", "؟", "\n", "؛", ";"])
_MINUS = frozenset(["الا", "لا"])  # إلا: "ثلاثة إلا ربعاً" = 2:45

_GRAIN_RANK: dict[str, int] = {
    "second": 0,
    "minute": 1,
    "hour": 2,
    "day": 3,
    "week": 4,
    "month": 5,
    "quarter": 6,
    "year": 7,
}


# ----------------------------------------------------------------------------------------------------
# Calendar arithmetic

_HIJRI_EPOCH = date(622, 7, 19).toordinal()  # 1 Muharram 1 AH, civil (Friday) epoch, proleptic Gregorian


def _h2g(y: int, m: int, d: int) -> date:
    """Tabular Islamic calendar → Gregorian (±1 day against sighting/Umm al-Qura; see module doc)."""
    days = d + math.ceil(29.5 * (m - 1)) + (y - 1) * 354 + (3 + 11 * y) // 30 - 1
    return date.fromordinal(_HIJRI_EPOCH + days)


def _g2h(g: date) -> tuple[int, int, int]:
    days = g.toordinal() - _HIJRI_EPOCH
    y = (30 * days + 10646) // 10631
    while _h2g(y + 1, 1, 1) <= g:
        y += 1
    while _h2g(y, 1, 1) > g:
        y -= 1
    m = 12
    while m > 1 and _h2g(y, m, 1) > g:
        m -= 1
    return y, m, (g - _h2g(y, m, 1)).days + 1


def _hmonth_span(y: int, m: int) -> tuple[date, date]:
    start = _h2g(y, m, 1)
    nxt = _h2g(y + 1, 1, 1) if m == 12 else _h2g(y, m + 1, 1)
    return start, nxt - timedelta(days=1)


def _add_months(dt: datetime, n: int) -> datetime:
    idx = dt.year * 12 + dt.month - 1 + n
    y, m = divmod(idx, 12)
    day = min(dt.day, _month_len(y, m + 1))
    return dt.replace(year=y, month=m + 1, day=day)


def _month_len(y: int, m: int) -> int:
    if m == 12:
        return 31
    return (date(y, m + 1, 1) - date(y, m, 1)).days


def truncate(dt: datetime, grain: str) -> datetime:
    """The start of the ``grain`` (year … second) that holds ``dt``; weeks start on Monday. Public:
    the evaluation compares resolved times at their grain with the same rule."""
    if grain == "year":
        return datetime(dt.year, 1, 1)
    if grain == "quarter":
        return datetime(dt.year, (dt.month - 1) // 3 * 3 + 1, 1)
    if grain == "month":
        return datetime(dt.year, dt.month, 1)
    if grain == "week":
        d = datetime(dt.year, dt.month, dt.day)
        return d - timedelta(days=d.weekday())
    if grain == "day":
        return datetime(dt.year, dt.month, dt.day)
    if grain == "hour":
        return dt.replace(minute=0, second=0, microsecond=0)
    if grain == "minute":
        return dt.replace(second=0, microsecond=0)
    return dt.replace(microsecond=0)


def _shift(dt: datetime, unit: str, n: int) -> datetime:
    if unit == "year":
        return _add_months(dt, 12 * n)
    if unit == "month":
        return _add_months(dt, n)
    if unit == "week":
        return dt + timedelta(weeks=n)
    if unit == "day":
        return dt + timedelta(days=n)
    if unit == "hour":
        return dt + timedelta(hours=n)
    if unit == "minute":
        return dt + timedelta(minutes=n)
    return dt + timedelta(seconds=n)


def _fmt(dt: datetime | None, grain: str) -> str | None:
    if dt is None:
        return None
    day = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}"
    if _GRAIN_RANK[grain] >= _GRAIN_RANK["day"]:
        return day
    return f"{day}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"


_DUR_CODE = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "minute": "M", "second": "S"}


def _iso_duration(n: int, unit: str) -> str:
    code = _DUR_CODE[unit]
    return f"PT{n}{code}" if unit in ("hour", "minute", "second") else f"P{n}{code}"


# ----------------------------------------------------------------------------------------------------
# Parse records


@dataclass(slots=True)
class _A:
    """One atom (or a joined group): explicit calendar fields and/or a resolved anchor."""

    i: int
    j: int
    y: int | None = None
    mo: int | None = None
    d: int | None = None
    h: int | None = None
    mi: int | None = None
    s: int | None = None
    wd: int | None = None
    wd_pref: int = 0  # bare weekday: -1 last one, +1/0 next one
    clock: str | None = None  # how to read a bare hour: am | pm | noon | night
    part: tuple[int, int] | None = None  # part of day (hours) when no clock time
    anchor: datetime | None = None
    agrain: str = "day"
    rel: bool = False
    unres: bool = False  # needs the reference, which is missing
    kind: str = "point"  # point | span (resolved interval) | duration
    v1: datetime | None = None  # span start
    v2: datetime | None = None  # span end (inclusive at grain)
    sgrain: str = "day"
    hmonth: tuple[int, int] | None = None  # (hijri year, month) for Hijri month spans
    dur: str = ""
    week0: datetime | None = None  # the week a weekday falls in, when a week anchor was joined
    explicit_clock: bool = False  # الساعة / hh:mm / a part-of-day word: surely a clock time
    bare_clock: bool = False  # a bare hour, only valid inside من … إلى

    def slots(self) -> set[str]:
        out = set()
        if self.anchor is not None:
            out.add("w" if self.agrain == "week" else self.agrain[:2])
        for name, f in (("ye", self.y), ("mo", self.mo), ("da", self.d), ("ho", self.h), ("wd", self.wd)):
            if f is not None:
                out.add(name)
        if self.part is not None:
            out.add("pa")
        return out


class _Res(NamedTuple):
    kind: str  # instant | interval | duration
    v1: datetime | None
    v2: datetime | None
    grain: str
    rel: bool
    dur: str = ""


class _Out(NamedTuple):
    i: int
    j: int
    res: _Res


def _pm(h: int, clock: str | None) -> int:
    if clock == "pm" and 1 <= h <= 11:
        return h + 12
    if clock == "noon" and 1 <= h <= 6:
        return h + 12
    if clock == "night" and 5 <= h <= 11:
        return h + 12
    return h


# ----------------------------------------------------------------------------------------------------
# The parser


class _Parser:
    def __init__(self, toks: _Tokens, ref: datetime | None) -> None:
        self.w = toks.words
        self.lxs = toks.lxs
        self.pres = toks.pres
        self.n = len(toks.words)
        self.ref = ref

    # -- token helpers --------------------------------------------------------------------------

    def lx(self, i: int, kind: str) -> _Lx | None:
        if i >= self.n:
            return None
        lx = self.lxs[i]
        return lx.get(kind) if lx else None

    def _has_al(self, i: int, kind: str) -> bool:
        lx = self.lx(i, kind)
        return lx is not None and lx.al

    def pre(self, i: int, lx: _Lx | None = None) -> str:
        return self.pres[i] + (lx.pre if lx else "")

    def is_text(self, i: int, *texts: str) -> bool:
        return i < self.n and self.w[i] in texts

    def digits(self, i: int) -> int | None:
        if i < self.n and self.w[i][0].isdigit() and self.w[i].isdigit():
            return int(self.w[i])
        return None

    def num(self, i: int, single: bool = False, words_only: bool = False) -> tuple[int, int, str] | None:
        """A number at ``i``: (value, next index, kind of its first word)."""
        if i >= self.n:
            return None
        if not words_only:
            v = self.digits(i)
            if v is not None:
                return v, i + 1, "dig"
        term = self._num_term(i)
        if term is None:
            return None
        total, j, kind = term
        if single:
            return total, j, kind
        while j < self.n:
            if not self.pre(j, self.lx(j, "num")).startswith("و"):
                break
            nxt = self._num_term(j)
            if nxt is None:
                break
            total += nxt[0]
            j = nxt[1]
        return total, j, kind

    def _num_term(self, i: int) -> tuple[int, int, str] | None:
        lx = self.lx(i, "num")
        if lx is None:
            return None
        v, kind = lx.value
        j = i + 1
        if kind == "teen":
            return 10, j, "card"
        teen = self.lx(j, "num")
        if (
            kind in ("card", "ord")
            and v < 10
            and teen is not None
            and teen.value[1] == "teen"
            and not teen.pre
        ):
            return v + 10, j + 1, kind
        if kind == "ord" and "حادي" in self.w[i]:
            nxt = self.lx(j, "num")
            if nxt is None or nxt.value[1] != "tens":
                return None
        return v, j, kind

    def dirword(self, i: int) -> tuple[int, int] | None:
        """Direction after a unit/month/weekday: (offset, next index)."""
        k = i
        if self.lx(k, "filler"):
            k += 1
        d = self.lx(k, "dir")
        if d is not None and not d.pre:
            return d.value, k + 1
        if self.lx(k, "after") and not self.pre(k):
            d2 = self.lx(k + 1, "dir")
            if d2 is not None and d2.value == 1:
                return 2, k + 2
        if self.lx(k, "before") and not self.pre(k):
            d2 = self.lx(k + 1, "dir")
            if d2 is not None and d2.value == -1:
                return -2, k + 2
        if k == i and self.lx(k, "this") and not self.lx(k + 1, "unit"):
            return 0, k + 1
        return None

    def unit(self, i: int) -> tuple[str, int, bool] | None:
        lx = self.lx(i, "unit")
        if lx is None:
            return None
        return lx.value[0], lx.value[1], lx.al

    # -- resolution helpers ---------------------------------------------------------------------

    def need_ref(self, a: _A) -> datetime | None:
        a.rel = True
        if self.ref is None:
            a.unres = True
        return self.ref

    def weekday_date(self, wd: int, mode: int, pref: int = 0) -> date | None:
        """The weekday ``wd`` relative to the reference. mode: None-like 99 = bare, 0 = this week,
        ±1 = next/last strictly after/before today, ±2 = one week further."""
        if self.ref is None:
            return None
        r = self.ref.date()
        cur = r.weekday()
        if mode == 99:
            if pref < 0:
                return r - timedelta(days=(cur - wd) % 7)
            return r + timedelta(days=(wd - cur) % 7)
        if mode == 0:
            return r - timedelta(days=cur) + timedelta(days=wd)
        if mode > 0:
            return r + timedelta(days=((wd - cur - 1) % 7) + 1 + 7 * (mode - 1))
        return r - timedelta(days=((cur - wd - 1) % 7) + 1 + 7 * (-mode - 1))

    # -- month expressions ----------------------------------------------------------------------

    def month_expr(self, i: int, ctx: bool) -> tuple[str, int | None, int, bool, int] | None:
        """(calendar, year or None, month, relative?, next index) for a month reference at ``i``.

        Forms: month name (paired names allowed), شهر + name/number, الشهر + direction,
        هذا الشهر; then an optional direction (الماضي، المقبل، بعد القادم) or year phrase.
        """
        k = i
        named = False
        cal = "g"
        mo: int | None = None
        y: int | None = None
        rel = False
        u = self.unit(k)
        this_first = False
        if self.lx(k, "this") and (u2 := self.unit(k + 1)) and u2[0] == "month" and u2[2] and u2[1] == 1:
            this_first = True
            k += 1
            u = self.unit(k)
        if u and u[0] == "month" and u[1] == 1 and u[2]:
            # الشهر [direction]
            base = self.ref
            k += 1
            off = 0
            if not this_first:
                dw = self.dirword(k)
                if dw is None:
                    return None
                off, k = dw
            rel = True
            if base is None:
                return ("g", None, 0, True, k)
            dt = _add_months(datetime(base.year, base.month, 1), off)
            return ("g", dt.year, dt.month, True, k)
        if u and u[0] == "month" and u[1] == 1 and not u[2]:
            k += 1
            ctx = True
            m = self.lx(k, "month")
            if m is None:
                nm = self.num(k, single=True)
                if nm is None or not 1 <= nm[0] <= 12 or nm[2] == "ord":
                    return None
                mo, k = nm[0], nm[1]
            else:
                named = True
        else:
            m = self.lx(k, "month")
            if m is None:
                return None
            named = True
        if named:
            m = self.lx(k, "month")
            assert m is not None
            mo, cal, bare = m.value
            k += m.n
            ctx = ctx or bare
            # paired names: آب/أغسطس, أغسطس (آب), مارس آذار
            m2 = self.lx(k, "month")
            if m2 is not None and m2.value[0] == mo and m2.value[1] == cal:
                k += m2.n
                ctx = True
            elif self.is_text(k, "/", "(", "-", "،", ","):
                m2 = self.lx(k + 1, "month")
                if m2 is not None and m2.value[0] == mo and m2.value[1] == cal:
                    k += 1 + m2.n
                    ctx = True
                    if self.is_text(k, ")"):
                        k += 1
        assert mo is not None
        dw = self.dirword(k)
        if dw is not None:
            off, k = dw
            ctx = True
            rel = True
            if self.ref is None:
                return (cal, None, mo, True, k)
            if cal == "h":
                ry, rm, _ = _g2h(self.ref.date())
            else:
                ry, rm = self.ref.year, self.ref.month
            if off > 0:
                y = ry if mo > rm else ry + 1
                y += off - 1
            elif off < 0:
                y = ry if mo <= rm else ry - 1
                y += off + 1
            else:
                y = ry
            return (cal, y, mo, rel, k)
        yp = self.year_phrase(k, cal)
        if yp is not None:
            y, k, yrel, ycal = yp
            if ycal != cal and ycal == "h":
                return None
            return (cal, y, mo, yrel, k)
        if not ctx:
            return None
        return (cal, None, mo, False, k)

    def year_phrase(self, i: int, cal: str) -> tuple[int | None, int, bool, str] | None:
        """A year after a month: 2025, عام 2025, من العام الحالي, السنة الجاية, 1446 هـ."""
        k = i
        if self.is_text(k, "،", ","):
            k += 1
        if self.lx(k, "from") and not self.pre(k):
            k += 1
        u = self.unit(k)
        if u and u[0] == "year" and u[1] == 1:
            k += 1
            if self.lx(k, "hijri"):
                cal = "h"
                k += 1
            dw = self.dirword(k)
            if dw is not None and u[2]:
                if self.ref is None:
                    return None, dw[1], True, cal
                base = _g2h(self.ref.date())[0] if cal == "h" else self.ref.year
                return base + dw[0], dw[1], True, cal
            nm = self.num(k)
            if nm is None:
                return None
            y, k = nm[0], nm[1]
        else:
            y2 = self.digits(k)
            if y2 is None or len(self.w[k]) not in (3, 4):
                return None
            y, k = y2, k + 1
        if self.lx(k, "hijri") or self.is_text(k, "ه"):
            return y, k + 1, False, "h"
        if self.lx(k, "greg") or self.is_text(k, "م"):
            k += 1
        if cal == "h":
            if not 1 <= y <= 1600:
                return None
        elif not 1000 <= y <= 2199:
            return None
        return y, k, False, cal

    # -- atoms ----------------------------------------------------------------------------------

    def atom(self, i: int, cont: bool = False, bare_clock: bool = False) -> _A | None:
        """The longest atom starting at token ``i``."""
        lx = self.lxs[i]
        if lx is None:
            if not self.w[i][0].isdigit():
                return None
            fns: tuple[str, ...] = _DIGIT_PARSERS
        else:
            fns = _parsers_for(frozenset(lx))
            if self.w[i][0].isdigit():
                fns = _DIGIT_PARSERS
        best: _A | None = None
        for name in fns:
            a = self.p_clock(i, bare_clock) if name == "p_clock" else getattr(self, name)(i)
            if a is not None and (best is None or a.j > best.j):
                best = a
        if cont and best is None:
            p = self.lx(i, "part")
            if p is not None:
                h0, h1, clock = p.value
                best = _A(i, i + 1, part=(h0, h1), clock=clock, explicit_clock=True)
        return best

    def p_digits(self, i: int) -> _A | None:
        if i >= self.n:
            return None
        s = self.w[i]
        if not s[0].isdigit() or s.isdigit():
            return None
        if ":" in s:
            parts = s.split(":")
            if len(parts) > 3 or not all(parts):
                return None
            h, mi = int(parts[0]), int(parts[1])
            sec = int(parts[2]) if len(parts) == 3 else None
            if h > 24 or mi > 59 or (sec is not None and sec > 59):
                return None
            a = _A(i, i + 1, h=h, mi=mi, s=sec, explicit_clock=True)
            self._clock_suffix(a)
            return a
        for sep in "/-.":
            if sep in s:
                parts = s.split(sep)
                break
        else:
            return None
        if any(sep2 in s for sep2 in "/-." if sep2 != sep):
            return None
        nums = [int(p) for p in parts]
        if len(parts) == 3:
            if len(parts[0]) == 4:
                y, mo, d = nums
            elif len(parts[2]) in (2, 4):
                d, mo, y = nums
                if len(parts[2]) == 2:
                    y += 2000 if y < 50 else 1900
            else:
                return None
            if self.lx(i + 1, "hijri") or self.is_text(i + 1, "ه"):
                try:
                    g = _h2g(y, mo, d) if 1 <= mo <= 12 and 1 <= d <= 30 else None
                except (ValueError, OverflowError):
                    g = None
                if g is None:
                    return None
                return _A(i, i + 2, anchor=datetime(g.year, g.month, g.day), agrain="day")
            if not _valid(y, mo, d):
                return None
            return _A(i, i + 1, y=y, mo=mo, d=d)
        if len(parts) != 2 or sep == ".":
            return None
        a0, a1 = nums
        if sep == "-" and len(parts[0]) == 4 and len(parts[1]) == 4:
            if 1900 <= a0 < a1 <= 2100:
                return _A(i, i + 1, kind="span", v1=datetime(a0, 1, 1), v2=datetime(a1, 1, 1), sgrain="year")
            return None
        if sep == "/" and len(parts[1]) == 4 and 1 <= a0 <= 12 and 1000 <= a1 <= 2199:
            return _A(i, i + 1, y=a1, mo=a0)
        if sep == "/" and len(parts[0]) <= 2 and len(parts[1]) <= 2 and 1 <= a1 <= 12 and 1 <= a0 <= 31:
            if self.is_text(i + 1, "%") or not _valid(2000, a1, a0):
                return None
            return _A(i, i + 1, mo=a1, d=a0)
        return None

    def _day_num(self, i: int) -> tuple[int, int] | None:
        v = self.digits(i)
        if v is not None:
            if len(self.w[i]) <= 2 and 1 <= v <= 31:
                return v, i + 1
            return None
        nm = self.num(i)
        if nm is None or not 1 <= nm[0] <= 31:
            return None
        return nm[0], nm[1]

    def p_day_month(self, i: int) -> _A | None:
        dn = self._day_num(i)
        if dn is None:
            return None
        d, k = dn
        if self.lx(k, "from") and not self.pre(k):
            k += 1
        me = self.month_expr(k, ctx=True)
        if me is None:
            return None
        return self._month_day(i, me, d)

    def _month_day(self, i: int, me: tuple[str, int | None, int, bool, int], d: int) -> _A | None:
        cal, y, mo, rel, k = me
        a = _A(i, k, rel=rel)
        if cal == "h":
            if y is None:
                ref = self.need_ref(a)
                if ref is None:
                    return a
                y = _g2h(ref.date())[0]
            if not 1 <= d <= 30:
                return None
            g = _h2g(y, mo, d)
            a.anchor, a.agrain = datetime(g.year, g.month, g.day), "day"
            return a
        if rel and y is None:
            a.unres = True
            return a
        if not _valid(y or 2000, mo, d):
            return None
        a.y, a.mo, a.d = y, mo, d
        return a

    def p_month(self, i: int) -> _A | None:
        me = self.month_expr(i, ctx=False)
        if me is None:
            return None
        cal, y, mo, rel, k = me
        # month then day: شباط 13، شباط الرابع عشر
        if y is None and not rel and cal == "g":
            v = self.digits(k)
            if v is not None and len(self.w[k]) <= 2 and 1 <= v <= 31 and not self.unit(k + 1):
                nxt = self.year_phrase(k + 1, cal)
                return self._month_day(
                    i, (cal, nxt[0] if nxt else None, mo, False, nxt[1] if nxt else k + 1), v
                )
            nm = self.num(k, words_only=True)
            nlx = self.lx(k, "num")
            if (
                nm is not None
                and nm[2] == "ord"
                and nlx is not None
                and nlx.al
                and 1 <= nm[0] <= 31
                and not self.unit(nm[1])
            ):
                return self._month_day(i, (cal, None, mo, False, nm[1]), nm[0])
        a = _A(i, k, rel=rel)
        if rel and y is None:
            a.unres = True
            return a
        if cal == "h":
            if y is None:
                ref = self.need_ref(a)
                if ref is None:
                    return a
                y = _g2h(ref.date())[0]
            s, e = _hmonth_span(y, mo)
            a.kind, a.v1, a.v2, a.sgrain, a.hmonth = "span", _dt(s), _dt(e), "day", (y, mo)
            return a
        a.y, a.mo = y, mo
        return a

    def p_nth(self, i: int) -> _A | None:
        """آخر يوم من الشهر الجاي، أول اثنين من شهر جمادى الأولى، ثالث جمعة من شهر 5، آخر ثلاثاء."""
        last = self.lx(i, "last") is not None
        if last:
            nth, k = -1, i + 1
        else:
            nm = self.num(i, single=True, words_only=True)
            if nm is None or nm[2] != "ord" or nm[0] > 5:
                return None
            nth, k = nm[0], nm[1]
        wd: int | None = None
        w = self.lx(k, "weekday")
        u = self.unit(k)
        if w is not None:
            wd = w.value[0]
            k += 1
        elif u and u[0] == "day" and u[1] == 1:
            k += 1
        else:
            return None
        if (self.lx(k, "from") or self.lx(k, "link")) and not self.pre(k):
            k += 1
        me = self.month_expr(k, ctx=True)
        a = _A(i, k)
        if me is None:
            if wd is None:
                return None
            ref = self.need_ref(a)
            if ref is None:
                return a
            cal, y, mo = "g", ref.year, ref.month
        else:
            cal, y2, mo, rel, k = me
            a.j = k
            a.rel = rel
            if y2 is None:
                ref = self.need_ref(a)
                if ref is None:
                    return a
                y2 = _g2h(ref.date())[0] if cal == "h" else ref.year
            y = y2
        if cal == "h":
            s, e = _hmonth_span(y, mo)
        else:
            s, e = date(y, mo, 1), date(y, mo, _month_len(y, mo))
        if wd is None:
            g = s + timedelta(days=nth - 1) if nth > 0 else e
        elif nth > 0:
            g = s + timedelta(days=(wd - s.weekday()) % 7 + 7 * (nth - 1))
        else:
            g = e - timedelta(days=(e.weekday() - wd) % 7)
        if not s <= g <= e:
            return None
        a.anchor, a.agrain = _dt(g), "day"
        return a

    def p_year(self, i: int) -> _A | None:
        if i >= self.n:
            return None
        u = self.unit(i)
        t = self.w[i]
        if u and u[0] == "year" and u[1] == 1:
            k = i + 1
            hij = False
            if self.lx(k, "hijri"):
                return None
            nm = self.num(k)
            if nm is None:
                return None
            y, k = nm[0], nm[1]
            if self.lx(k, "hijri") or self.is_text(k, "ه"):
                hij, k = True, k + 1
            elif self.lx(k, "greg") or self.is_text(k, "م"):
                k += 1
            if nm[2] == "dig" and len(self.w[i + 1]) not in (3, 4):
                return None
            if self.unit(k):  # عام 2011 يوم ... is fine; "عام 30 يوما" is not a year
                uu = self.unit(k)
                if uu and uu[1] != 1:
                    return None
            return self._year(i, k, y, hij)
        if t.isdigit() and len(t) in (3, 4):
            y = int(t)
            k = i + 1
            if self.lx(k, "hijri") or self.is_text(k, "ه"):
                return self._year(i, k + 1, y, True)
            if not 1900 <= y <= 2100:
                return None
            if self.lx(k, "greg") or self.is_text(k, "م"):
                return _A(i, k + 1, y=y)
            if i > 0:
                p = self.lxs[i - 1]
                if p and ("yearctx" in p or "month" in p):
                    return _A(i, k, y=y)
                if self.w[i - 1] == "(" and self.is_text(k, ")"):
                    return _A(i, k, y=y)
            if self.pres[i].startswith("و") and i > 0:
                prev = self.digits(i - 1)
                if prev is not None and 1900 <= prev <= 2100:
                    return _A(i, k, y=y)  # 2017 و2018
        return None

    def _year(self, i: int, k: int, y: int, hijri: bool) -> _A | None:
        if hijri:
            if not 1 <= y <= 1600:
                return None
            s = _h2g(y, 1, 1)
            e = _h2g(y + 1, 1, 1) - timedelta(days=1)
            return _A(i, k, kind="span", v1=_dt(s), v2=_dt(e), sgrain="day")
        if not 1000 <= y <= 2199:  # «للعام الثالث والثلاثين على التوالي» counts years; it names none
            return None
        return _A(i, k, y=y)

    def p_weekday(self, i: int) -> _A | None:
        k = i
        this = False
        if self.lx(k, "this"):
            this = True
            k += 1
        yom = False
        u = self.unit(k)
        if u and u[0] == "day" and u[1] == 1 and not u[2]:
            yom = True
            k += 1
        w = self.lx(k, "weekday")
        if w is None:
            return None
        wd, bare = w.value
        if not (w.al or bare or yom or this):
            return None
        if self.lx(k, "num") and not w.al and not yom:
            return None
        k += 1
        a = _A(i, k)
        mode = 99
        if this:
            mode = 0
        else:
            dw = self.dirword(k)
            if dw is not None:
                mode, k = dw
                a.j = k
        if mode == 99:
            a.wd = wd
            a.wd_pref = self._tense(i, k)
            return a
        ref = self.need_ref(a)
        if ref is None:
            return a
        g = self.weekday_date(wd, mode)
        assert g is not None
        a.anchor, a.agrain = _dt(g), "day"
        return a

    def _tense(self, i: int, j: int) -> int:
        """How to read a bare weekday at tokens ``[i, j)``: -1 the last one, +1 the next one.

        Tense belongs to the clause, so the sentence around the weekday is read: a future marker
        (سوف، من المقرر، المقبل، a future verb from ``time_cues.tsv``) → the next one; a past
        reporting verb → the last one; any other running text → the last one too, because news
        reports what happened. A weekday with no sentence around it (a bare phrase) keeps
        Duckling's convention: the next one, today included.
        """
        words = 0
        past = False
        for rng in (range(i - 1, max(-1, i - 30), -1), range(j, min(self.n, j + 30))):
            for k in rng:
                w = self.w[k]
                if w in _SENT_END:
                    break
                lx = self.lxs[k]
                if lx:
                    if "future" in lx:
                        return 1
                    d = lx.get("dir")
                    if d is not None and d.value > 0:
                        return 1
                    if "past" in lx:
                        past = True
                elif w[0].isalpha():
                    words += 1  # an ordinary word: the weekday sits in running text
        return -1 if past or words >= 2 else 0

    def p_deictic(self, i: int) -> _A | None:
        k = i
        u = self.unit(k)
        if u and u[0] == "day" and u[1] == 1 and not u[2] and self.lx(k + 1, "day"):
            k += 1
        d = self.lx(k, "day")
        if d is None:
            return None
        if d.value == 0 and d.n == 1:
            nm = self.lx(k + 1, "num")
            if nm is not None and nm.value[1] == "ord":
                return None  # اليوم الثالث (the third day), not today
        k += d.n
        a = _A(i, k)
        if self.w[k - 1].endswith("ليله") and d.n == 1:
            a.part, a.clock = (20, 24), "night"
        ref = self.need_ref(a)
        if ref is None:
            return a
        a.anchor, a.agrain = truncate(ref, "day") + timedelta(days=d.value), "day"
        return a

    def p_now(self, i: int) -> _A | None:
        nw = self.lx(i, "now")
        if nw is None:
            return None
        if nw.n == 1 and not (i > 0 and (self.lx(i - 1, "from") or self.lx(i - 1, "to"))):
            return None  # الآن alone is too vague in news; من الآن / حتى الآن are kept
        a = _A(i, i + nw.n)
        ref = self.need_ref(a)
        if ref is not None:
            a.anchor, a.agrain = ref.replace(microsecond=0), "second"
        return a

    def _count(self, k: int) -> tuple[int, str, int, bool] | None:
        """(count, unit, next index, hijri) for "3 أيام", "ثلاثة أيام", "يومين", "سنة", "5 سنوات"."""
        nm = self.num(k)
        n: int | None = None
        if nm is not None:
            if nm[2] == "ord":
                return None
            n, k = nm[0], nm[1]
        u = self.unit(k)
        if u is None or u[2]:
            return None
        unit, cnt, _ = u
        k += 1
        if n is None:
            if cnt == 0:
                return None
            n = cnt
        elif cnt == 2:
            return None
        if cnt == 1:
            one = self.lx(k, "num")
            if one is not None and one.value == (1, "card") and self.pre(k) == "":
                k += 1
        hij = False
        if unit == "year" and self.lx(k, "hijri"):
            hij, k = True, k + 1
        return n, unit, k, hij

    def p_count(self, i: int) -> _A | None:
        """قبل ثلاثة أيام، بعد أسبوعين، منذ عامين، بعد 3 أشهر من شهر محرم."""
        sign = 0
        if self.lx(i, "before"):
            sign = -1
        elif self.lx(i, "after"):
            sign = 1
        elif self.lx(i, "since"):
            sign = -1
        if not sign:
            return None
        c = self._count(i + 1)
        if c is None:
            return None
        n, unit, k, hij = c
        if self.num(i + 1) is None and (
            self.digits(k) is not None or self.lx(k, "month") or self.lx(k, "weekday")
        ):
            return None  # قبل عام 2011، بعد شهر رمضان: not a count
        a = _A(i, k)
        if self.lx(k, "from") and not self.pre(k):
            g = self.group(k + 1)
            if g is None:
                return None  # بعد يوم من الهجوم: relative to an event, not to the publication
            ga, gj = g
            a.j = gj
            a.rel = ga.rel
            if ga.kind == "span" and ga.hmonth is not None and unit == "month":
                hy, hm = ga.hmonth
                idx = hy * 12 + hm - 1 + sign * n
                s, e = _hmonth_span(idx // 12, idx % 12 + 1)
                a.kind, a.v1, a.v2, a.sgrain = "span", _dt(s), _dt(e), "day"
                return a
            r = self.resolve(ga)
            if r is None or r.v1 is None or r.kind != "instant":
                if r is not None and r.kind == "interval" and r.v1 is not None:
                    base = r.v1
                else:
                    return None
            else:
                base = r.v1
            a.anchor = truncate(_shift(base, unit, sign * n), unit if _GRAIN_RANK[unit] >= 3 else "minute")
            a.agrain = unit if _GRAIN_RANK[unit] >= 3 else "minute"
            return a
        ref = self.need_ref(a)
        if ref is None:
            a.agrain = unit
            return a
        if hij:
            hy = _g2h(ref.date())[0] + sign * n
            s = _h2g(hy, 1, 1)
            e = _h2g(hy + 1, 1, 1) - timedelta(days=1)
            a.kind, a.v1, a.v2, a.sgrain = "span", _dt(s), _dt(e), "day"
            return a
        grain = unit if _GRAIN_RANK[unit] >= 3 else ("second" if unit == "second" else "minute")
        a.anchor, a.agrain = truncate(_shift(ref, unit, sign * n), grain), grain
        return a

    def p_period(self, i: int) -> _A | None:
        """هذا العام، العام الماضي، الأسبوع بعد القادم، السنة الهجرية القادمة, and counted periods
        (الأشهر الستة المقبلة، الـ24 ساعة الماضية) which become intervals."""
        k = i
        this = False
        if self.lx(k, "this"):
            this, k = True, k + 1
        u = self.unit(k)
        if u is None:
            nm = self.num(k)
            if nm is None or this or not (self.pres[k].endswith("ال") or self._has_al(k, "num")):
                return None
            u2 = self.unit(nm[1])
            if u2 is None or u2[1] == 2:
                return None
            dw = self.dirword(nm[1] + 1)
            if dw is None or dw[0] not in (1, -1):
                return None
            return self._counted(i, dw[1], nm[0], u2[0], dw[0])
        unit, cnt, al = u
        if not al:
            return None
        k += 1
        if cnt == 0 and not this:
            nm = self.num(k)
            if nm is None or nm[2] == "ord":
                return None
            dw = self.dirword(nm[1])
            if dw is None or dw[0] not in (1, -1):
                return None
            return self._counted(i, dw[1], nm[0], unit, dw[0])
        if cnt != 1:
            return None
        hij = False
        if unit == "year" and self.lx(k, "hijri"):
            hij, k = True, k + 1
        if this:
            off = 0
        else:
            dw = self.dirword(k)
            if dw is None:
                if unit == "week" and self.lx(i, "unit") and not self.lx(k, "num"):
                    off = 0  # الأسبوع alone: the current week
                else:
                    return None
            else:
                off, k = dw
        a = _A(i, k)
        ref = self.need_ref(a)
        if ref is None:
            a.agrain = unit
            return a
        if hij:
            hy = _g2h(ref.date())[0] + off
            s = _h2g(hy, 1, 1)
            e = _h2g(hy + 1, 1, 1) - timedelta(days=1)
            a.kind, a.v1, a.v2, a.sgrain = "span", _dt(s), _dt(e), "day"
            return a
        a.anchor, a.agrain = truncate(_shift(ref, unit, off), unit), unit
        return a

    def _counted(self, i: int, k: int, n: int, unit: str, sign: int) -> _A | None:
        if n <= 0 or n > 1000:
            return None
        a = _A(i, k)
        ref = self.need_ref(a)
        if ref is None:
            a.kind, a.sgrain = "span", unit
            return a
        base = truncate(ref, unit)
        if sign > 0:
            v1, v2 = _shift(base, unit, 1), _shift(base, unit, n)
        else:
            v1, v2 = _shift(base, unit, -n), _shift(base, unit, -1)
        a.kind, a.v1, a.v2, a.sgrain = "span", v1, v2, unit
        return a

    def p_minute(self, i: int) -> _A | None:
        """الدقيقة 12 / الدقيقة الثالثة: that minute of the current hour (colloquial)."""
        u = self.unit(i)
        if u is None or u[0] != "minute" or u[1] != 1 or not u[2]:
            return None
        nm = self.num(i + 1)
        if nm is None or not 0 <= nm[0] <= 59:
            return None
        a = _A(i, nm[1])
        ref = self.need_ref(a)
        if ref is None:
            a.agrain = "minute"
            return a
        a.anchor, a.agrain = ref.replace(minute=nm[0], second=0, microsecond=0), "minute"
        return a

    def p_part(self, i: int) -> _A | None:
        """صباح اليوم، مساء أمس، فجر الخميس، ظهر يوم الأحد."""
        p = self.lx(i, "part")
        if p is None:
            return None
        h0, h1, clock = p.value
        k = i + p.n
        if k >= self.n:
            return None
        b = None
        for fn in (self.p_deictic, self.p_weekday, self.p_day_month, self.p_digits):
            b = fn(k)
            if b is not None:
                break
        if b is None or b.kind != "point":
            return None
        b.i = i
        if b.part is None:
            b.part, b.clock = (h0, h1), clock
        b.explicit_clock = True
        return b

    def p_edge(self, i: int) -> _A | None:
        """بداية/منتصف/نهاية + a month, year or relative period: a part of that period."""
        e = self.lx(i, "edge")
        if e is None or i + 1 >= self.n:  # an edge word ending the text qualifies nothing
            return None
        b = None
        for fn in (self.p_month, self.p_year, self.p_period, self.p_digits):
            b = fn(i + 1)
            if b is not None:
                break
        if b is None:
            return None
        r = self.resolve(b)
        if r is None:
            return None
        a = _A(i, b.j, rel=r.rel)
        if r.v1 is None:
            a.kind, a.sgrain = "span", r.grain
            return a
        if r.kind == "interval" and r.v2 is not None:
            s, end = r.v1, r.v2
            g = r.grain
        elif r.grain in ("year", "month", "week"):
            s = r.v1
            g = r.grain
            end = _shift(s, g, 1) - timedelta(days=1)
        else:
            return None
        if g == "year" and r.kind == "instant":
            thirds = [(1, 3), (4, 9), (10, 12)]
            lo, hi = thirds[("begin", "mid", "end").index(e.value)]
            a.kind, a.v1, a.v2, a.sgrain = "span", s.replace(month=lo), s.replace(month=hi), "month"
            return a
        total = (end - s).days + 1
        third = max(1, total // 3)
        if e.value == "begin":
            v1, v2 = s, s + timedelta(days=third - 1)
        elif e.value == "mid":
            v1, v2 = s + timedelta(days=third), s + timedelta(days=2 * third - 1)
        else:
            v1, v2 = s + timedelta(days=2 * third), end
        a.kind, a.v1, a.v2, a.sgrain = "span", truncate(v1, "day"), truncate(v2, "day"), "day"
        return a

    def p_clock(self, i: int, bare_clock: bool = False) -> _A | None:
        """الساعة الثالثة والنصف عصرا، الساعة 3 إلا ربعا، 12 ونص مساء، (من) الأربعة (للخمسة)."""
        k = i
        saa = False
        u = self.unit(k)
        if u and u[0] == "hour" and u[1] == 1 and u[2]:
            if self.dirword(k + 1) is not None:
                return None
            saa, k = True, k + 1
        h: int | None = None
        dig_tok = False
        v = self.digits(k)
        if v is not None:
            if len(self.w[k]) > 2 or v > 24:
                return None
            h, k, dig_tok = v, k + 1, True
        elif k < self.n and self.w[k][0].isdigit() and ":" in self.w[k] and saa:
            a = self.p_digits(k)
            if a is None:
                return None
            a.i = i
            return a
        elif k < self.n and saa and re.fullmatch(r"[0-9]{1,2}\.[0-9]{2}", self.w[k]):
            hh, mm = [int(x) for x in self.w[k].split(".")]
            if hh > 24 or mm > 59:
                return None
            a = _A(i, k + 1, h=hh, mi=mm, explicit_clock=True)  # الساعة 4.15
            self._clock_suffix(a)
            return a
        else:
            lx = self.lx(k, "num")
            if lx is None:
                return None
            term = self._num_term(k)
            if term is None or not 1 <= term[0] <= 12:
                return None
            if term[2] == "ord" and not lx.al:
                return None
            if term[2] == "ord" and not saa and not self.w[k].endswith("ه") and term[0] != 1:
                return None  # الثالث (masculine) is not an hour; الثالثة is
            h, k = term[0], term[1]
            if not (saa or lx.al or bare_clock):
                # bare cardinal: only with minutes/part of day after it
                pass
        a = _A(i, k, h=h, mi=0)
        a.explicit_clock = saa
        has_min = False
        # minutes: و + fraction | number [دقيقة] ; إلا + fraction | number [دقيقة]
        if k < self.n and self.pre(k, self.lx(k, "frac") or self.lx(k, "num")).startswith("و"):
            fr = self.lx(k, "frac")
            if fr is not None:
                a.mi, k, has_min = fr.value, k + 1, True
            else:
                nm = self.num(k)
                if nm is not None and 0 < nm[0] < 60 and nm[2] != "ord":
                    k2 = nm[1]
                    uu = self.unit(k2)
                    if uu and uu[0] == "minute":
                        k2 += 1
                    elif uu:
                        nm = None
                    if nm is not None:
                        a.mi, k, has_min = nm[0], k2, True
        elif self.is_text(k, *_MINUS):
            fr = self.lx(k + 1, "frac")
            sub: int | None = None
            k2 = k + 2
            if fr is not None:
                sub = fr.value
            else:
                nm = self.num(k + 1)
                if nm is not None and 0 < nm[0] < 60:
                    sub, k2 = nm[0], nm[1]
                    uu = self.unit(k2)
                    if uu and uu[0] == "minute":
                        k2 += 1
            if sub is not None:
                assert h is not None
                a.h = (h - 1) % 24 if h != 1 else 12
                a.mi, k, has_min = 60 - sub, k2, True
        a.j = k
        if self.unit(k) and not has_min:
            return None  # الساعة 3 ساعات / خمسة أيام: a count, not a clock time
        suffix = self._clock_suffix(a)
        if suffix:
            a.explicit_clock = True
        if not (saa or suffix):
            if not bare_clock or not (dig_tok or self._has_al(i, "num") or self.pres[i]):
                return None
            a.bare_clock = True
        return a

    def _clock_suffix(self, a: _A) -> bool:
        k = a.j
        if self.lx(k, "link") and self.lx(k + 1, "part"):
            k += 1
        p = self.lx(k, "part")
        if p is None:
            return False
        a.clock = p.value[2]
        a.j = k + p.n
        return True

    def p_duration(self, i: int) -> _A | None:
        k = i
        if self.lx(k, "span"):
            k += 1
        c = self._count(k)
        if c is None:
            return None
        n, unit, j, _hij = c
        if self.num(k) is None and c[0] == 1 and k == i:
            return None  # a bare singular unit (يوم، عام) is not a duration
        if self.dirword(j) is not None:
            return None
        if (i > 0 and self.w[i - 1] == "(" and self.is_text(j, ")")) or any(
            self.lx(q, "age") for q in range(max(0, i - 3), i)
        ):
            return None  # an age: (66 عاما)، البالغ من العمر 19 عاما
        return _A(i, j, kind="duration", dur=_iso_duration(n, unit), sgrain=unit)

    # -- groups and resolution ------------------------------------------------------------------

    def group(self, i: int, bare_clock: bool = False) -> tuple[_A, int] | None:
        """Adjacent atoms that fill different slots, joined into one expression."""
        if i >= self.n:
            return None
        first = self.atom(i, bare_clock=bare_clock)
        if first is None:
            return None
        atoms = [first]
        j = first.j
        if first.kind == "point":
            used = first.slots()
            while j < self.n:
                k = j
                skipped = 0
                while k < self.n and skipped < 2 and (self.w[k] in ("،", ",", "-") or self.lx(k, "link")):
                    if self.lx(k, "link") and self.lx(k, "weekday") is None and self.unit(k):
                        break  # يوم الخميس: let the weekday atom take يوم
                    k += 1
                    skipped += 1
                if k >= self.n:
                    break
                pk = self.pre(k, _first_lx(self.lxs[k]))
                if "ل" in pk or pk.startswith("و"):
                    break  # لـ/و open the other end of an interval (من … لـ …، بين … و…)
                b = self.atom(k, cont=True, bare_clock=bare_clock and first.bare_clock)
                if b is None or b.kind != "point":
                    break
                bs = b.slots()
                if bs & used:
                    break
                atoms.append(b)
                used |= bs
                j = b.j
        if len(atoms) == 1:
            return first, j
        g = _A(i, j)
        for a in atoms:
            if a.part is not None:
                g.part, g.clock = a.part, a.clock
            if a.anchor is not None:
                continue
            for name in ("y", "mo", "d", "h", "mi", "s", "wd", "clock", "part"):
                val = getattr(a, name)
                if val is not None:
                    setattr(g, name, val)
            if a.wd is not None:
                g.wd_pref = a.wd_pref
        anchors = sorted((a for a in atoms if a.anchor is not None), key=lambda a: -_GRAIN_RANK[a.agrain])
        g.rel = any(a.rel for a in atoms)
        g.unres = any(a.unres for a in atoms)
        g.explicit_clock = any(a.explicit_clock for a in atoms)
        g.bare_clock = all(a.bare_clock for a in atoms if a.h is not None) and any(
            a.h is not None for a in atoms
        )
        if anchors:
            base = anchors[0]
            dt, grain = base.anchor, base.agrain
            assert dt is not None
            if grain == "week":
                g.week0 = dt
            for b in anchors[1:]:
                assert b.anchor is not None
                bdt = b.anchor
                if grain == "week":
                    day = dt + timedelta(days=bdt.weekday())
                    dt = day.replace(hour=bdt.hour, minute=bdt.minute, second=bdt.second)
                elif grain in ("year", "quarter"):
                    dt = bdt.replace(year=dt.year) if _valid(dt.year, bdt.month, bdt.day) else dt
                elif grain == "month" and _valid(dt.year, dt.month, bdt.day):
                    dt = bdt.replace(year=dt.year, month=dt.month)
                elif grain == "day":
                    dt = dt.replace(hour=bdt.hour, minute=bdt.minute, second=bdt.second)
                grain = (
                    b.agrain
                    if _GRAIN_RANK[b.agrain] < _GRAIN_RANK[grain] and grain != "week"
                    else ("day" if grain == "week" and _GRAIN_RANK[b.agrain] <= 3 else grain)
                )
                if base.agrain == "week" and _GRAIN_RANK[b.agrain] < 3:
                    grain = b.agrain
            g.anchor, g.agrain = dt, grain
        return g, j

    def resolve(self, a: _A) -> _Res | None:
        """Turn an atom or group into a concrete instant or interval."""
        if a.kind == "duration":
            return _Res("duration", None, None, a.sgrain, False, a.dur)
        if a.kind == "span":
            return _Res("interval", a.v1, a.v2, a.sgrain, a.rel)
        if a.unres:
            return _Res("instant", None, None, a.agrain if a.anchor is None else a.agrain, True)
        ref = self.ref
        rel = a.rel
        y, mo, d, h, mi, s = a.y, a.mo, a.d, a.h, a.mi, a.s
        grain = "year"
        week: datetime | None = None
        if a.anchor is not None:
            dt = a.anchor
            g = a.agrain
            if g == "week":
                week = dt
            else:
                rank = _GRAIN_RANK[g]
                if y is None:
                    y = dt.year
                if rank <= 5 and mo is None:
                    mo = dt.month
                if rank <= 3 and d is None:
                    d = dt.day
                if rank <= 2 and h is None:
                    h = dt.hour
                if rank <= 1 and mi is None:
                    mi = dt.minute
                if rank == 0 and s is None:
                    s = dt.second
                grain = g
        if a.wd is not None and a.week0 is not None and a.anchor is not None:
            dd = a.week0 + timedelta(days=a.wd)  # هذا الوقت بعد أسبوعين يوم الخميس
            y, mo, d = dd.year, dd.month, dd.day
        elif a.wd is not None and d is None:
            if week is not None:
                dd = week + timedelta(days=a.wd)
                y, mo, d, week = dd.year, dd.month, dd.day, None
            elif mo is not None:
                yy = y if y is not None else (ref.year if ref else None)
                if yy is None:
                    return _Res("instant", None, None, "day", True)
                first = date(yy, mo, 1)
                dd2 = first + timedelta(days=(a.wd - first.weekday()) % 7)
                y, mo, d = dd2.year, dd2.month, dd2.day
            elif y is None:
                rel = True
                g2 = self.weekday_date(a.wd, 99, a.wd_pref)
                if g2 is None:
                    return _Res("instant", None, None, "day", True)
                y, mo, d = g2.year, g2.month, g2.day
        if week is not None and d is None:
            if h is not None and ref is not None:
                y, mo, d = week.year, week.month, week.day
            else:
                return _Res("instant", week, None, "week", True)
        # grain: the finest thing the expression says
        ranks = []
        if a.anchor is not None and a.agrain != "week":
            ranks.append(_GRAIN_RANK[a.agrain])
        if a.s is not None:
            ranks.append(0)
        elif a.h is not None:
            ranks.append(1 if a.mi else 2)
        if a.d is not None or a.wd is not None:
            ranks.append(3)
        if a.mo is not None:
            ranks.append(5)
        if a.y is not None:
            ranks.append(7)
        if ranks:
            grain = next(g for g, r in _GRAIN_RANK.items() if r == min(ranks))
        if (d is None and h is not None) or (y is None and (d is not None or mo is not None)):
            if ref is None:
                return _Res("instant", None, None, grain, True)
            rel = True
            if h is not None and d is None:
                y, mo, d = ref.year, ref.month, ref.day
            if y is None:
                y = ref.year
            if mo is None:
                mo = ref.month
        if y is None:
            return None
        if h is not None:
            h = _pm(h, a.clock)
            if h == 24:
                h = 0
        try:
            dt = datetime(y, mo or 1, d or 1, h or 0, mi or 0, s or 0)
        except ValueError:
            return None
        if a.part is not None and a.h is None and d is not None:
            p0, p1 = a.part
            day = datetime(dt.year, dt.month, dt.day)
            return _Res("interval", day + timedelta(hours=p0), day + timedelta(hours=p1 - 1), "hour", rel)
        return _Res("instant", truncate(dt, grain), None, grain, rel)

    # -- expressions ----------------------------------------------------------------------------

    def expr(self, i: int) -> _Out | None:
        tl = self.lxs[i]
        if tl is not None:
            if "from" in tl and not tl["from"].pre.strip("و"):
                r = self.p_from(i)
                if r is not None:
                    return r
            if "between" in tl:
                r = self.p_between(i)
                if r is not None:
                    return r
            if "to" in tl or "by" in tl:
                g = self.group(i + 1)
                if g is not None and (("by" in tl) or self._datey(g[0]) or g[0].explicit_clock):
                    res = self.resolve(g[0])
                    if res is not None and res.kind != "duration":
                        return _Out(i, g[1], _open(None, res))
            if "since" in tl and self.p_count(i) is None:
                g = self.group(i + 1)
                if g is not None and self._datey(g[0]):
                    res = self.resolve(g[0])
                    if res is not None and res.kind != "duration":
                        return _Out(i, g[1], _open(res, None))
            if "during" in tl:
                g = self.group(i + 1)
                if g is not None and g[0].kind != "duration" and (g[0].rel or g[0].kind == "span"):
                    res = self.resolve(g[0])
                    if res is not None:
                        if res.kind == "instant":
                            res = _Res("interval", res.v1, res.v1, res.grain, res.rel)
                        return _Out(i, g[1], res)
        g = self.group(i)
        if g is not None:
            a, j = g
            res = self.resolve(a)
            if res is None:
                return None
            # a date followed by من … إلى … of clock times: غدا من الساعة 3 إلى 5
            if j < self.n and self.lx(j, "from") and a.h is None and a.kind == "point":
                iv = self.p_from(j, prefix=a)
                if iv is not None:
                    return _Out(i, iv.j, iv.res)
            # X إلى Y without من, for clock times and full dates
            if (a.explicit_clock or a.d is not None) and j < self.n and self.lx(j, "to"):
                g2 = self.group(j + 1, bare_clock=a.h is not None)
                if g2 is not None:
                    iv2 = self._interval(a, g2[0], None)
                    if iv2 is not None:
                        return _Out(i, g2[1], iv2)
            return _Out(i, j, res)
        d = self.p_duration(i)
        if d is not None:
            return _Out(i, d.j, _Res("duration", None, None, d.sgrain, False, d.dur))
        return None

    def _datey(self, a: _A) -> bool:
        return a.kind == "span" or a.anchor is not None or any(v is not None for v in (a.y, a.mo, a.d, a.wd))

    def p_from(self, i: int, prefix: _A | None = None) -> _Out | None:
        """من X إلى/حتى/لـ Y, or an open من + clock time."""
        g1 = self.group(i + 1, bare_clock=True)
        dn = self._day_num(i + 1)
        if dn is not None and (g1 is None or g1[0].bare_clock):
            # من 3 إلى 5 أغسطس: a bare day borrows the month of the other end
            day_only = _A(i + 1, dn[1], d=dn[0])
            res = self._close(i, day_only, dn[1], prefix)
            if res is not None and res.res.v1 is not None and res.res.grain == "day":
                return res
        if g1 is None:
            return None
        return self._close(i, g1[0], g1[1], prefix)

    def _close(self, i: int, a1: _A, k: int, prefix: _A | None) -> _Out | None:
        """The rest of من X …: the closing cue and Y, or an open interval for a clock time."""
        k2 = k
        if self.lx(k, "to") and not self.pre(k).strip("و"):
            k2 = k + 1
        elif k < self.n and (
            self.pres[k].endswith("ل") or any(v.pre.endswith("ل") for v in (self.lxs[k] or {}).values())
        ):
            k2 = k  # للخمسة، لآخر يوم: the ل of the second end means "to"
        else:
            k2 = -1
        if k2 >= 0:
            g2 = self.group(k2, bare_clock=True)
            if g2 is not None:
                res = self._interval(a1, g2[0], prefix)
                if res is not None:
                    return _Out(i if prefix is None else prefix.i, g2[1], res)
        if a1.explicit_clock and prefix is None:
            res1 = self.resolve(a1)
            if res1 is not None and res1.kind == "instant":
                return _Out(i, k, _open(res1, None))
        if a1.bare_clock or prefix is not None:
            return None
        return None

    def p_between(self, i: int) -> _Out | None:
        k = i + 1
        years = False
        if self.is_text(k, "عامي", "سنتي", "العامين", "السنتين"):
            years, k = True, k + 1
        if years:
            y1, y2 = self.digits(k), self.digits(k + 1)
            if y1 is None or y2 is None or not self.pres[k + 1].startswith("و"):
                return None
            if not (1000 <= y1 <= 2199 and 1000 <= y2 <= 2199):
                return None
            return _Out(i, k + 2, _Res("interval", datetime(y1, 1, 1), datetime(y2, 1, 1), "year", False))
        cands: list[_A] = []
        g1 = self.group(k, bare_clock=True)
        v = self._day_num(k)
        if v is not None and (g1 is None or g1[0].bare_clock):
            cands.append(_A(k, v[1], d=v[0]))
        if g1 is not None:
            cands.append(g1[0])
        for a1 in cands:
            k1 = a1.j
            if k1 >= self.n or not self.pre(k1, _first_lx(self.lxs[k1])).startswith("و"):
                continue
            g2 = self.group(k1, bare_clock=True)
            if g2 is None:
                continue
            res = self._interval(a1, g2[0], None)
            if res is not None:
                return _Out(i, g2[1], res)
        return None

    def _interval(self, a1: _A, a2: _A, prefix: _A | None) -> _Res | None:
        if a1.kind == "duration" or a2.kind == "duration":
            return None
        if (a1.bare_clock and a1.h is not None) != (a2.bare_clock and a2.h is not None) and not (
            a1.explicit_clock or a2.explicit_clock
        ):
            return None
        if a1.bare_clock and a2.bare_clock and a1.h is None:
            return None
        if a1.d is not None and a1.mo is None and a1.anchor is None and a1.h is None and a2.mo is None:
            return None  # a bare day number needs a month on the other end
        a1 = _copy(a1)
        a2 = _copy(a2)
        if prefix is not None:
            if a1.h is None or a2.h is None:
                return None
            for a in (a1, a2):
                a.anchor, a.agrain = prefix.anchor, prefix.agrain
                if a.y is None and a.mo is None and a.d is None:
                    a.y, a.mo, a.d = prefix.y, prefix.mo, prefix.d
                if a.wd is None:
                    a.wd, a.wd_pref = prefix.wd, prefix.wd_pref
                a.rel = a.rel or prefix.rel
                a.unres = a.unres or prefix.unres
                if a.part is None and a.clock is None:
                    a.clock = prefix.clock
        # the start borrows month/year from the end: من 3 إلى 5 أغسطس، من يناير إلى مارس 2025
        if a1.anchor is None and a1.h is None and a2.anchor is None:
            if a1.d is not None and a1.mo is None and a2.mo is not None:
                a1.mo = a2.mo
                a1.y = a1.y if a1.y is not None else a2.y
            elif a1.mo is not None and a1.y is None and a2.y is not None:
                a1.y = a2.y
        # clock: a part of day on one side applies to the other when it keeps the order
        if a1.h is not None and a2.h is not None:
            if a1.clock is None and a2.clock in ("pm", "noon", "night"):
                h1 = _pm(a1.h, a2.clock)
                h2 = _pm(a2.h, a2.clock)
                if h1 <= h2:
                    a1.clock = a2.clock
            elif a2.clock is None and a1.clock in ("pm", "noon", "night"):
                h1 = _pm(a1.h, a1.clock)
                if _pm(a2.h, "pm") >= h1 and a2.h < 12:
                    a2.clock = "pm"
            elif a1.clock is None and a2.clock == "am" and a1.h < 12 and a1.h <= a2.h:
                a1.clock = "am"
        r1 = self.resolve(a1)
        r2 = self.resolve(a2)
        if r1 is None or r2 is None or r1.kind == "duration" or r2.kind == "duration":
            return None
        v1 = r1.v1
        v2 = r2.v2 if r2.kind == "interval" and r2.v2 is not None else r2.v1
        if v1 is not None and v2 is not None and v2 < v1:
            if a2.h is not None and a2.d is None and a2.anchor is None:
                v2 = v2 + timedelta(days=1)  # من العاشرة مساء إلى الثانية صباحا
            if v2 < v1:
                return None
        grain = r1.grain if _GRAIN_RANK[r1.grain] >= _GRAIN_RANK[r2.grain] else r2.grain
        if v1 is not None:
            v1 = truncate(v1, grain) if _GRAIN_RANK[grain] >= 3 else v1
        if v2 is not None:
            v2 = truncate(v2, grain) if _GRAIN_RANK[grain] >= 3 else v2
        return _Res("interval", v1, v2, grain, r1.rel or r2.rel)

    def run(self) -> list[_Out]:
        out: list[_Out] = []
        i = 0
        lxs, words = self.lxs, self.w
        while i < self.n:
            lx = lxs[i]
            if (lx is None and not words[i][0].isdigit()) or (lx is not None and lx.keys() <= _NO_START):
                i += 1
                continue
            try:
                r = self.expr(i)
            except (ValueError, OverflowError):
                r = None  # a date outside the calendar (قبل 5000 عام): not an expression we can place
            if r is not None and r.j > i:
                out.append(r)
                i = r.j
            else:
                i += 1
        return out


def _first_lx(lx: dict[str, _Lx] | None) -> _Lx | None:
    if not lx:
        return None
    return next(iter(lx.values()))


def _copy(a: _A) -> _A:
    return _A(**{name: getattr(a, name) for name in a.__dataclass_fields__})


def _open(start: _Res | None, end: _Res | None) -> _Res:
    """An interval open on one side (حتى 2026، منذ 2011، من الساعة 4)."""
    if start is not None:
        v1 = start.v1
        return _Res("interval", v1, None, start.grain, start.rel)
    assert end is not None
    v2 = end.v2 if end.kind == "interval" and end.v2 is not None else end.v1
    return _Res("interval", None, v2, end.grain, end.rel)


def _valid(y: int, mo: int, d: int) -> bool:
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return False
    try:
        date(y, mo, d)
    except ValueError:
        return False
    return True


def _dt(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


# ----------------------------------------------------------------------------------------------------
# Tokenising


class _Tokens(NamedTuple):
    """Parallel lists over the folded text's tokens (cheaper than one object per token)."""

    words: list[str]
    lxs: list[dict[str, _Lx] | None]
    pres: list[str]  # clitic written apart and merged in (لل 11، الـ24، و2014)
    matches: list[re.Match[str]]
    starts: list[int] | None  # token starts when a merged clitic moved one, else use ``matches``

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Folded-text span of tokens ``[i, j)``."""
        a = self.starts[i] if self.starts is not None else self.matches[i].start()
        return a, self.matches[j - 1].end()


def _tokenize(text: str) -> _Tokens:
    matches = list(_TOKEN_RE.finditer(text))
    words: list[str] = list(map(re.Match.group, matches))
    pres = [""] * len(words)
    starts: list[int] | None = None
    present = _CLITIC_ONLY.intersection(words)
    if present:
        # a clitic written apart (و 15، لل 11) or split from digits (و2014) joins the next token
        starts = [m.start() for m in matches]
        for c in reversed([i for i, w in enumerate(words) if w in present]):
            if c + 1 < len(words) and starts[c + 1] - matches[c].end() <= 1 and words[c + 1] not in present:
                pres[c + 1] = words[c] + pres[c + 1]
                starts[c + 1] = starts[c]
            del words[c], matches[c], pres[c], starts[c]
    get = _SINGLE.get
    lxs: list[dict[str, _Lx] | None] = list(map(get, words))
    heads = _MULTI.keys() & set(words)
    if heads:
        n = len(words)
        for idx in [i for i, w in enumerate(words) if w in heads]:
            for rest, kind, lx in _MULTI[words[idx]]:
                k = len(rest)
                if idx + k < n and all(words[idx + 1 + q] == rest[q] for q in range(k)):
                    cur = lxs[idx]
                    old = cur.get(kind) if cur else None
                    if old is None or old.n < lx.n:
                        new = dict(cur) if cur else {}
                        new[kind] = lx
                        lxs[idx] = new
    return _Tokens(words, lxs, pres, matches, starts)


# which parsers can start at a token, by the kinds of its readings (saves most calls)
_STARTERS: dict[str, tuple[str, ...]] = {
    "month": ("p_month",),
    "weekday": ("p_weekday",),
    "num": ("p_day_month", "p_nth", "p_period", "p_clock"),
    "unit": ("p_month", "p_year", "p_weekday", "p_deictic", "p_period", "p_minute", "p_clock"),
    "this": ("p_month", "p_weekday", "p_period"),
    "day": ("p_deictic",),
    "last": ("p_nth",),
    "before": ("p_count",),
    "after": ("p_count",),
    "since": ("p_count",),
    "part": ("p_part",),
    "now": ("p_now",),
    "edge": ("p_edge",),
}
_DIGIT_PARSERS = ("p_digits", "p_day_month", "p_year", "p_clock", "p_period")
_NO_START = frozenset(["link", "yearctx", "past", "future", "filler", "frac", "hijri", "greg", "dir"])


@lru_cache(maxsize=512)
def _parsers_for(kinds: frozenset[str]) -> tuple[str, ...]:
    """The parsers a token of these lexicon kinds may start, in ``_STARTERS`` order: the order of a
    set of strings changes from one process to the next (hash randomisation), and among parsers that
    reach equally far the first wins, so iterating ``kinds`` made «من الجمعة إلى الأحد» one interval in
    some runs and two expressions in others."""
    seen: dict[str, None] = {}
    for k, names in _STARTERS.items():
        if k in kinds:
            for name in names:
                seen[name] = None
    return tuple(seen)


# ----------------------------------------------------------------------------------------------------
# Public API


def find_times(
    text: str, reference: datetime | None, sentences: list[Sentence] | None = None
) -> list[TimeExpr]:
    """Time expressions in ``text``, normalised against ``reference`` (the publication time).

    ``reference`` may be None: absolute expressions still resolve, relative ones come back with
    ``value`` None and ``relative`` True. A timezone-aware reference is used as local wall time.
    ``sentence_index`` is filled when ``sentences`` (spans of ``text``) are given.
    """
    if not text:
        return []
    ref = reference.replace(tzinfo=None) if reference is not None else None
    folded = _Folded(text)
    toks = _tokenize(folded.text)
    if not toks.words:
        return []
    parser = _Parser(toks, ref)
    results: list[TimeExpr] = []
    starts = [s.start for s in sentences] if sentences else []
    for out in parser.run():
        a, b = toks.span(out.i, out.j)
        s, e = folded.span(a, b)
        res = out.res
        grain: Grain = res.grain  # type: ignore[assignment]
        te = TimeExpr(start=s, end=e, text=text[s:e], type="instant", grain=grain, relative=res.rel)
        if res.kind == "duration":
            te.type = "duration"
            te.value = res.dur
            te.relative = False
        elif res.kind == "interval":
            te.type = "interval"
            te.start_value = _fmt(res.v1, res.grain)
            te.end_value = _fmt(res.v2, res.grain)
            te.value = te.start_value
        else:
            te.value = _fmt(res.v1, res.grain)
        if starts:
            idx = bisect_right(starts, s) - 1
            if idx >= 0:
                sent = sentences[idx]  # type: ignore[index]
                te.sentence_index = sent.index if s < sent.end or idx == len(starts) - 1 else -1
        results.append(te)
    return results
