"""What the full-text index stores and how a user's query is turned into an FTS5 expression.

Why a module of its own: indexing and querying must apply *exactly* the same processing, or a word
that is in an article can never be found. Both sides normalise (``marsad.text.normalize``: alef /
ya / ta-marbuta variants, diacritics, tatweel, digits), split on non-word characters and expand
every word into its clitic match keys (``marsad.text.clitics.match_keys``). A document word matches
a query word when their key sets intersect, so ``وواشنطن`` finds ``واشنطن`` (the query key
``واشنطن``), ``العراق`` finds ``بالعراق`` (the document key ``العراق``) and ``بالعراق`` finds
``العراق`` (both give ``عراق``).

Derived keys (not the word itself) shorter than ``MIN_DERIVED_KEY`` letters are dropped: on both
sides a two-letter remainder (``بلد`` → ``لد``, ``ولد`` → ``لد``) would make unrelated words match,
and true two-letter stems behind a clitic are rare enough that precision wins.

The user's text never reaches FTS5 syntax: every key is emitted as a double-quoted string, so
``"``, ``*``, ``(``, ``AND``, ``NEAR`` or ``-`` in a query are just characters (and, being non-word
characters, mostly disappear in tokenisation).
"""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.text.clitics import match_keys
from marsad.text.normalize import normalize, normalize_with_offsets, original_span

MIN_DERIVED_KEY = 3
MAX_QUERY_WORDS = 32  # a pasted paragraph must not become a pathological FTS query
SNIPPET_CHARS = 160

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=65536)
def word_keys(norm_word: str) -> tuple[str, ...]:
    """Match keys of one normalised word: the word itself, then clitic-stripped variants.

    Cached: news vocabulary repeats heavily, and this is the hot loop of indexing.
    """
    return tuple(k for i, k in enumerate(match_keys(norm_word)) if i == 0 or len(k) >= MIN_DERIVED_KEY)


def index_text(text: str) -> str:
    """The indexed form of ``text``: each normalised word followed by its derived keys.

    The result is space-separated, so any FTS5 tokenizer splits it back into the same terms.
    """
    terms: list[str] = []
    for word in _WORD.findall(normalize(text)):
        terms.extend(word_keys(word))
    return " ".join(terms)


def search_text(title: str, text: str) -> str:
    """The indexed form of a whole article (title, then body) in one string."""
    return index_text(f"{title}\n{text}")


def query_groups(query: str) -> list[list[str]]:
    """One list of match keys per query word (at most ``MAX_QUERY_WORDS`` words, repeats dropped)."""
    groups: list[list[str]] = []
    seen: set[str] = set()
    for word in _WORD.findall(normalize(query)):
        if word in seen:
            continue
        seen.add(word)
        groups.append(list(word_keys(word)))
        if len(groups) >= MAX_QUERY_WORDS:
            break
    return groups


def _quote(key: str) -> str:
    return '"' + key.replace('"', '""') + '"'


def fts_query(query: str) -> str | None:
    """The FTS5 MATCH expression for ``query``: OR within a word's keys, AND between words.

    None when the query has no words (empty, or only punctuation) — the caller returns no hits.
    """
    groups = query_groups(query)
    if not groups:
        return None
    parts = []
    for keys in groups:
        quoted = [_quote(k) for k in keys]
        parts.append(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")")
    return " AND ".join(parts)


def snippet(text: str, query: str, width: int = SNIPPET_CHARS) -> str:
    """A short window of the *original* ``text`` around the first word that matches ``query``.

    Matching is done on the normalised text and mapped back through its offsets, so the snippet
    shows the article's own spelling (diacritics, hamza, clitics) rather than the matching form.
    With no match in the body (the title matched) the snippet is the start of the text.
    """
    wanted = {k for keys in query_groups(query) for k in keys}
    norm, offsets = normalize_with_offsets(text)
    hit: tuple[int, int] | None = None
    if wanted:
        for m in _WORD.finditer(norm):
            if wanted.intersection(word_keys(m.group())):
                hit = original_span(offsets, m.start(), m.end())
                break
    if hit is None:
        return _window(text, 0, 0, width)
    return _window(text, hit[0], hit[1], width)


def _window(text: str, start: int, end: int, width: int) -> str:
    """About ``width`` characters of ``text`` centred on ``[start, end)``, cut at spaces."""
    if len(text) <= width:
        return " ".join(text.split())
    half = max(0, (width - (end - start)) // 2)
    lo = max(0, start - half)
    hi = min(len(text), max(end + half, lo + width))
    lo = max(0, min(lo, hi - width))
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    body = " ".join(text[lo:hi].split())
    return ("… " if lo > 0 else "") + body + (" …" if hi < len(text) else "")
