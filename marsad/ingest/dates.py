"""Publication dates to ISO-8601.

Why: dates come as ISO strings (front matter, JSON, ``article:published_time``), RFC 822 strings
(RSS), ``time.struct_time`` (feedparser) or a file-name prefix. Everything downstream (time
normalisation, timelines) wants one form: ``YYYY-MM-DD`` when only the day is known, otherwise a
datetime with its UTC offset when one is known. Unparseable values become ``None`` (and the caller adds
a warning) rather than an invented date.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_DATE_ONLY = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_FILENAME_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _date_iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def to_iso(value: object) -> str | None:
    """ISO-8601 form of ``value`` (str, datetime, date, struct_time in UTC), or None."""
    if value is None:
        return None
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=UTC).isoformat()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip().translate(_ARABIC_DIGITS)
    if not text:
        return None
    match = _DATE_ONLY.match(text)
    if match:
        return _date_iso(int(match[1]), int(match[2]), int(match[3]))
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def date_from_filename(name: str) -> str | None:
    """``2025-08-14-withdrawal.txt`` → ``"2025-08-14"``; None when the name has no leading date."""
    match = _FILENAME_DATE.match(name)
    return _date_iso(int(match[1]), int(match[2]), int(match[3])) if match else None
