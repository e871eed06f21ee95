"""Deterministic article identity, so ingesting the same thing twice stores it once.

Choices (and why):

* ``content_hash`` is the full sha256 hex of the *normalised* title and text (see
  ``marsad.text.normalize``): diacritics, alef/yeh/teh-marbuta variants, digits and whitespace
  (including line breaks) do not change it, so the same article read from a text file, a JSON Lines
  record or a web page hashes the same.
* ``article_id`` is the first 16 hex digits (64 bits) of a sha256. When the article has a URL the
  *canonical URL* is hashed: the same page fetched again (even after a small edit by the outlet, or
  with tracking parameters) keeps its id. Without a URL the content hash is hashed instead. A prefix
  (``url:`` / ``content:``) keeps the two namespaces apart. 64 bits make an accidental collision
  negligible at news-archive scale (millions of articles) while keeping ids short enough to read.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from marsad.text.normalize import normalize

_TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "msclkid", "igshid", "mc_cid", "mc_eid", "ref", "ref_src"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def content_hash(title: str, text: str) -> str:
    """sha256 hex of the normalised title and text (newline-separated)."""
    payload = normalize(title) + "\n" + normalize(text)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def canonical_url(url: str) -> str:
    """A stable form of ``url``: lower-case scheme and host, no default port, no fragment, no
    tracking parameters (``utm_*``, ``fbclid`` …), remaining query parameters sorted, ``/`` for an
    empty path. Returns ``url`` stripped when it is not an absolute http(s) URL."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _TRACKING_PARAMS
    ]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(sorted(query)), ""))


def article_id(url: str, content_hash: str) -> str:
    """Short stable id: from the canonical URL when there is one, else from the content hash."""
    key = f"url:{canonical_url(url)}" if url.strip() else f"content:{content_hash}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
