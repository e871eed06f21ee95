"""Where a news dateline ends: «دبي، الإمارات العربية المتحدة (CNN) -- أعلن …» → the offset of «أعلن».

Why: wire and network copy opens with a place and an agency in brackets before the first word of
the news. In a one-sentence summary or a brief that prefix is noise (editor-written standfirsts
never carry it), yet the sentence splitter rightly keeps it with the first sentence. Only the
bracketed-agency form followed by a dash is recognised, because the bracket alone is ambiguous:
«قالت إدارة الطيران والفضاء (ناسا) إن …» is an aside inside the sentence, not a dateline.

Two shapes are recognised:
* up to two place names of one to four words each, separated by an Arabic or Latin comma; then a
  bracketed agency of 2–20 letters («(CNN)», «(رويترز)», «(أ ف ب)»); then a run of dashes (``-``,
  ``--``, ``–``, ``—``). The place part may be absent («(CNN)-- …»);
* a place of one to three words, a dash, a source of one to four words and a colon
  («الكويت - قناة الخليج الإخبارية: …», «بغداد - رويترز: …»). The colon is what makes it a dateline:
  «غزة - خان يونس» alone could be a route.
"""

from __future__ import annotations

import re

_WORD = r"[^\s()،,\-–—:]+"
_PLACE = rf"{_WORD}(?:\s+{_WORD}){{0,3}}"
_SPACE = r"[\s\u200b\u200e\u200f\ufeff]*"
_DATELINE = re.compile(
    rf"^{_SPACE}(?:{_PLACE}\s*[،,]\s*)?(?:{_PLACE}\s*)?"
    r"\(\s*[A-Za-z\u0621-\u064A. ]{2,20}\s*\)\s*(?:[-–—]\s*)+"
    rf"|^{_SPACE}(?![0-9٠-٩]+\s)"  # not a numbered list item: «2 - أمانة المنطقة: …»
    rf"{_WORD}(?:\s+{_WORD}){{0,2}}\s+[-–—]\s+{_WORD}(?:\s+{_WORD}){{0,3}}\s*:\s*"
)


def dateline_end(text: str) -> int:
    """Offset in ``text`` where the news starts after a leading dateline; 0 when there is none.

    Nothing is cut when the rest would be empty: a line that is only a dateline stays as it is.
    """
    match = _DATELINE.match(text)
    if not match or not text[match.end() :].strip():
        return 0
    return match.end()


def strip_dateline(text: str) -> str:
    """``text`` without its leading dateline (see ``dateline_end``)."""
    return text[dateline_end(text) :]
