"""Bytes to text, for inputs whose encoding we are not told reliably.

Why: Arabic news arrives in UTF-8 mostly, but older sites and archives still use Windows-1256
(cp1256) or ISO-8859-6, often without saying so. Order of trust: a byte-order mark, then a declared
charset (HTTP header, ``<meta charset>``, XML declaration), then strict UTF-8, then
charset-normalizer's best guess. A guess is recorded as a warning on the article so a reader knows
the text may be mis-decoded. Binary data is refused instead of producing mojibake.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass

import charset_normalizer

from marsad.ingest.errors import IngestError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096
_MAX_CONTROL_RATIO = 0.05


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and how it was decoded; ``warning`` is set when the encoding was a guess."""

    text: str
    encoding: str
    warning: str | None = None


def human_size(size: int) -> str:
    """``52428800`` → ``"52.4 MB"`` (decimal units, as file managers show them)."""
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1000
        if value < 1000 or unit == "GB":
            return f"{value:.1f} {unit}" if size >= 1000 else f"{size} bytes"
    return f"{size} bytes"  # pragma: no cover


def read_file_bytes(path: str, max_bytes: int) -> bytes:
    """The bytes of ``path``, refusing empty files and files over ``max_bytes``.

    The size is checked with ``stat`` *before* reading, so a huge file is never loaded.
    """
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    if size == 0:
        raise IngestError("empty file")
    if size > max_bytes:
        raise IngestError(
            f"file is {human_size(size)}, over the limit of {human_size(max_bytes)} (max_bytes); not read"
        )
    try:
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc


def sniff_declared_charset(data: bytes) -> str | None:
    """The charset an HTML ``<meta>`` tag or an XML declaration names in the first bytes, if any."""
    head = data[:_SNIFF_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls / len(text) > _MAX_CONTROL_RATIO


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data`` (see module doc). Raises ``IngestError`` for empty or binary data."""
    if not data:
        raise IngestError("empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                break  # a false BOM; fall through to the checks below
    if b"\x00" in data[:8192]:
        raise IngestError("binary file, not text")
    decoded: Decoded | None = None
    declared_codec = _known_codec(declared)
    if declared_codec:
        try:
            decoded = Decoded(data.decode(declared_codec), declared_codec)
        except UnicodeDecodeError:
            decoded = None
    if decoded is None:
        try:
            decoded = Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            decoded = None
    if decoded is None:
        best = charset_normalizer.from_bytes(data).best()
        if best is None or best.encoding is None:
            raise IngestError("binary file, not text")
        decoded = Decoded(str(best), best.encoding, f"encoding guessed: {best.encoding}")
    if _looks_binary(decoded.text):
        raise IngestError("binary file, not text")
    return decoded
