"""Turning stored text into safe HTML fragments, and small display helpers for the templates.

Why a module of its own: this is the only place where HTML is assembled in Python rather than in a
template, so it is where an XSS bug would live. Every piece of article-derived text goes through
``markupsafe.escape`` (or a ``Markup.format`` argument, which escapes) before it is joined; nothing
here ever wraps untrusted text in ``Markup`` directly. The templates receive the result as ``Markup``
and never apply ``|safe`` to anything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from marsad.model import Mention, Sentence, TimeExpr

ENTITY_TYPE_AR: dict[str, str] = {"PER": "شخص", "ORG": "منظمة", "LOC": "مكان", "MISC": "أخرى"}

# The knowledge base's finer types (the subtype column of marsad/knowledge/data/*.tsv), as an Arabic
# page names them; a value not listed is shown as stored.
ENTITY_SUBTYPE_AR: dict[str, str] = {
    "continent": "قارة", "country": "دولة", "city": "مدينة", "district": "قضاء أو منطقة",
    "governorate": "محافظة", "region": "إقليم", "sea": "بحر", "strait": "مضيق", "river": "نهر",
    "lake": "بحيرة", "canal": "قناة", "dam": "سد", "base": "قاعدة عسكرية", "airport": "مطار",
    "port": "ميناء", "crossing": "معبر", "pipeline": "خط أنابيب", "site": "موقع",
    "government": "حكومة", "ministry": "وزارة", "military": "قوة عسكرية", "security": "جهاز أمني",
    "armed_group": "جماعة مسلحة", "party": "حزب", "intl_org": "منظمة دولية", "agency": "وكالة أو هيئة",
    "outlet": "وسيلة إعلام", "company": "شركة", "body": "هيئة رسمية", "commodity": "سلعة",
    "project": "مشروع", "person": "شخص",
}  # fmt: skip

# Egyptian/Gulf month names: the form most Arabic outlets print, understood everywhere.
MONTHS_AR = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)  # fmt: skip

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|T)")  # 2025, 2025-04, 2025-04-01…
_ISO_VALUE = re.compile(r"^[0-9T:.+\-Z ]+$")


def id_path(ident: str) -> str:
    """An id quoted for use as one URL path segment (``/`` too, so ids never split a path)."""
    return quote(ident, safe="")


def format_date(iso: str | None) -> str:
    """``2025-08-14T09:00:00+03:00`` → ``14 أغسطس 2025``; unparsable values are shown as given."""
    if not iso:
        return ""
    m = _ISO_DATE.match(iso)
    if not m:
        return iso
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        return iso
    return f"{day} {MONTHS_AR[month - 1]} {year}"


_QUARTERS_AR = ("الربع الأول", "الربع الثاني", "الربع الثالث", "الربع الرابع")


def format_at_grain(iso: str | None, grain: str) -> str:
    """A resolved date shown as precisely as it was written, no more: «10 يوليو 2025» for a day or
    finer, «أسبوع 4 أغسطس 2025» for a week (its Monday), «أبريل 2025» for a month, «الربع الثاني
    2025» for a quarter, «2025» for a year. Why: a timeline entry known to the month printed as
    ``2025-04`` read as a code beside the Arabic days around it, and one known to the hour lost its
    day. Unparsable values are shown as given."""
    if not iso:
        return ""
    m = _ISO_PARTIAL.match(iso)
    if not m:
        return iso
    year, month = int(m.group(1)), int(m.group(2) or 1)
    if grain == "year":
        return str(year)
    if not 1 <= month <= 12:
        return iso
    if grain == "quarter":
        return f"{_QUARTERS_AR[(month - 1) // 3]} {year}"
    if grain == "month" or not m.group(3):
        return f"{MONTHS_AR[month - 1]} {year}"
    if grain == "week":
        return f"أسبوع {format_date(iso)}"
    return format_date(iso)


_ISO_IN_TEXT = re.compile(r"(?<![\d-])\d{4}-\d{2}(?:-\d{2})?(?![\d-])")


def arabic_dates(text: str) -> str:
    """``text`` with each ISO date in it written as the pages write dates («التاريخ: 2025-08-17 /
    2025-08-21» → «التاريخ: 17 أغسطس 2025 / 21 أغسطس 2025»). Why: the source comparison states a
    disagreement on dates in ISO, and in a right-to-left line two ISO dates around a slash come out
    jumbled (the bidi algorithm splits them at the hyphens)."""
    return _ISO_IN_TEXT.sub(lambda m: format_at_grain(m.group(), "day"), text)  # no day written: the month


def date_range(first: str | None, last: str | None) -> str:
    """A story's span for display: one date when it starts and ends the same day."""
    a, b = format_date(first), format_date(last)
    if a and b and a != b:
        return f"{a} – {b}"
    return a or b


def safe_url(url: str) -> str:
    """``url`` if it is an http(s) link, else "" — a stored ``javascript:`` URL must never be a link
    (autoescaping protects attribute quoting, not the scheme)."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""
    return url.strip() if scheme in ("http", "https") else ""


def time_title(t: TimeExpr) -> str:
    """The ISO value a time expression was normalised to, as shown on hover."""
    if t.value:
        return t.value
    if t.start_value or t.end_value:
        return f"{t.start_value or '…'} / {t.end_value or '…'}"
    return ""


# ----------------------------------------------------------------------------------------------------
# Article body


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    mention: Mention | None = None
    time: TimeExpr | None = None


def _pick(spans: Iterable[_Span], lo: int, hi: int) -> list[_Span]:
    """Non-overlapping spans inside ``[lo, hi)``: earliest first, the longer one at a tie."""
    chosen: list[_Span] = []
    pos = lo
    for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if s.start >= pos and s.end <= hi and s.start < s.end:
            chosen.append(s)
            pos = s.end
    return chosen


def _open_tag(span: _Span) -> Markup:
    if span.mention is not None:
        m = span.mention
        label = ENTITY_TYPE_AR.get(m.type, m.type)
        if m.entity_id:
            return Markup('<a class="ent ent-{}" href="/entities/{}" title="{}" dir="auto">').format(
                m.type, id_path(m.entity_id), label
            )
        return Markup('<span class="ent ent-{}" title="{}" dir="auto">').format(m.type, label)
    assert span.time is not None
    title = time_title(span.time)
    value = span.time.value or ""
    if value and _ISO_VALUE.match(value):
        return Markup('<time class="tx" datetime="{}" title="{}" dir="auto">').format(value, title)
    return Markup('<time class="tx" title="{}" dir="auto">').format(title)


def _close_tag(span: _Span) -> Markup:
    if span.mention is not None:
        return Markup("</a>") if span.mention.entity_id else Markup("</span>")
    return Markup("</time>")


def _inline(text: str, lo: int, hi: int, spans: list[_Span]) -> Markup:
    out: list[Markup] = []
    pos = lo
    for s in _pick(spans, lo, hi):
        out.append(escape(text[pos : s.start]))
        out.append(_open_tag(s))
        out.append(escape(text[s.start : s.end]))
        out.append(_close_tag(s))
        pos = s.end
    out.append(escape(text[pos:hi]))
    return Markup("").join(out)


def article_body(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    times: list[TimeExpr],
) -> Markup:
    """The article text as HTML: each sentence a ``<span id="s{index}">`` (the target of brief
    citations), entity mentions linked to their entity page, times carrying their ISO value.

    Offsets are trusted only after checking them against ``text``: a span outside the text, or one
    crossing a sentence boundary, is dropped rather than breaking the markup. Text outside any
    sentence (paragraph breaks) is kept, escaped, so the CSS ``white-space: pre-line`` shows it.
    """
    n = len(text)
    spans = [_Span(m.start, m.end, mention=m) for m in mentions if 0 <= m.start < m.end <= n]
    spans += [_Span(t.start, t.end, time=t) for t in times if 0 <= t.start < t.end <= n]
    out: list[Markup] = []
    pos = 0
    for sent in sorted(sentences, key=lambda s: s.start):
        if sent.start < pos or sent.end > n or sent.start >= sent.end:
            continue
        out.append(_inline(text, pos, sent.start, spans))
        out.append(Markup('<span class="sent" id="s{}">').format(int(sent.index)))
        out.append(_inline(text, sent.start, sent.end, spans))
        out.append(Markup("</span>"))
        pos = sent.end
    out.append(_inline(text, pos, n, spans))
    return Markup("").join(out)
