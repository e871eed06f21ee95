"""Attributions: who says each sentence, named or anonymous, and the direct quotes they are given.

How (a pure function of the text and its mentions):

* A **cue** is a speech or cognition verb in any person and tense (قال، أكد، أعلن، كشف، أفاد، يرى،
  اعتبر …) or a phrase the source follows (حسب، بحسب، وفق، نقلا عن، على لسان), from
  ``data/attribution_cues.tsv``.
* The **source** of a verb is its subject: the first candidate after it (news Arabic puts the verb
  first: قال مسؤول أمريكي، أفادت مصادر مطلعة), else one right before it (الوزير قال). The source of
  a phrase cue is the candidate after it. Candidates are the linked entity mentions (people,
  organisations, outlets, countries) and anonymous phrases whose head is listed in
  ``data/anonymous_sources.tsv`` (مصادر، مسؤول، دبلوماسي غربي، شهود عيان، مراقبون), extended over
  their adjectives (مصادر سياسية مطلعة). A title before a named person belongs to the source
  (وزير الخارجية التركي هاكان فيدان).
* A relay (نقلت رويترز عن مصادر) gives two attributions: the outlet and the source it quotes.
* **Anonymous** when the source names no entity. **Analysis** when the cue is one of opinion (يرى،
  اعتبر، رجح) or the source is a kind of commentator (مراقبون، محللون، خبراء): such sentences are
  assessments, and briefs and comparisons keep them apart from reported fact.
* A direct **quote** («…» or "…") in the sentence is kept with the sentence's first source.
"""

from __future__ import annotations

import bisect
import re

from marsad.model import Attribution, Mention, Sentence
from marsad.text.clitics import match_keys
from marsad.text.normalize import normalize
from marsad.text.tokens import Token
from marsad.understand.event_lexicon import AttributionLexicon, attribution_lexicon

_AFTER_WINDOW = 6  # words after a verb cue in which its subject may start
_BEFORE_WINDOW = 3
_TITLE_GAP = 5  # words of title allowed before a named person (وزير الخارجية التركي …)
_STOP = frozenset(normalize(w) for w in (
    "أن", "إن", "في", "من", "إلى", "على", "عن", "مع", "إنه", "إنها", "أنه", "أنها", "بأن", "لـ", "و",
    "الذي", "التي", "الذين", "ما", "لا", "لم", "قد", "كما", "حيث", "بعد", "قبل", "خلال", "أمس", "اليوم",
))  # fmt: skip
_PREPOSITIONS = frozenset(normalize(w) for w in ("إلى", "على", "عن", "ضد", "نحو", "لدى", "عند", "حول"))
_NAMED_TYPES = ("PER", "ORG", "LOC", "MISC")
_QUOTE = re.compile(r"«[^»]{2,}»|\"[^\"]{2,}\"|“[^”]{2,}”")


def _keys(norm: str) -> list[str]:
    return match_keys(norm) if norm[:1].isalpha() else [norm]


def _conj_keys(norm: str) -> tuple[str, ...]:
    """A word as written and without a leading conjunction (وقال → قال), the only clitics a verb cue takes."""
    return (norm, norm[1:]) if norm[:1] in ("و", "ف") and len(norm) > 3 else (norm,)


def _cue_at(tokens: list[Token], i: int, hi: int, lex: AttributionLexicon) -> tuple[str, int, bool] | None:
    """(kind, last token, marks analysis) of a cue starting at token ``i``: verb, relay or prep."""
    for key in _conj_keys(tokens[i].norm):  # the word, or without و/ف (وقال، فأكد)
        for phrase, marks in lex.preps.items():
            n = len(phrase)
            if phrase[0] == key and i + n - 1 <= hi and all(tokens[i + k].norm == phrase[k] for k in range(1, n)):
                return "prep", i + n - 1, marks
        if key in lex.relays:
            return "relay", i, False
        if key in lex.verbs:
            return "verb", i, lex.verbs[key]
    return None


def _anonymous_at(tokens: list[Token], i: int, hi: int, lex: AttributionLexicon) -> tuple[int, bool] | None:
    """(last token, analysis) of an anonymous source phrase starting at token ``i``."""
    head = next((k for k in _keys(tokens[i].norm) if k in lex.anonymous), None)
    if head is None:
        return None
    last = i
    while last + 1 <= hi and last - i < 3:
        nxt = tokens[last + 1]
        if not nxt.is_word or nxt.norm in _STOP or any(k in lex.verbs for k in _conj_keys(nxt.norm)):
            break
        last += 1
    return last, lex.anonymous[head]


def find_attributions(text: str, sentences: list[Sentence], tokens: list[Token],
                      mentions: list[Mention]) -> list[Attribution]:
    """Every (sentence, source) attribution of an article, in text order."""
    if not tokens:
        return []
    lex = attribution_lexicon()
    starts = [t.start for t in tokens]
    named: dict[int, Mention] = {}  # first token -> mention
    for m in mentions:
        if m.type in _NAMED_TYPES and m.entity_id:
            first = max(bisect.bisect_right(starts, m.start) - 1, 0)
            named.setdefault(first, m)
    out: list[Attribution] = []
    for s in sentences:
        lo = bisect.bisect_left(starts, s.start)
        hi = bisect.bisect_left(starts, s.end) - 1
        found: list[Attribution] = []
        i = lo
        while i <= hi:
            cue = _cue_at(tokens, i, hi, lex) if tokens[i].is_word else None
            if cue is None:
                i += 1
                continue
            kind, last, marks = cue
            source = _source_before(text, tokens, lo, i, named, lex, adjacent=True) if kind == "verb" else None
            source = source or _source_after(text, tokens, last, hi, named, lex)
            if kind == "relay" and (source is None or not any(
                    tokens[k].norm == "عن" for k in range(source[1] + 1, min(hi, source[1] + 3) + 1))):
                i += 1
                continue  # نقل without عن is "moved", not "quoted"
            if source is None and kind == "verb":
                source = _source_before(text, tokens, lo, i, named, lex)
            cue_text = text[tokens[i].start : tokens[last].end]
            if source is not None:
                found.append(_attribution(s.index, source, cue_text, tokens[i].start, tokens[last].end, marks))
            if kind == "relay" and source is not None:  # نقلت رويترز عن مصادر
                j = next((k for k in range(source[1] + 1, min(hi, source[1] + 3) + 1) if tokens[k].norm == "عن"), None)
                if j is not None and (second := _source_after(text, tokens, j, hi, named, lex)):
                    found.append(_attribution(s.index, second, cue_text, tokens[i].start, tokens[last].end, marks))
            i = last + 1
        _attach_quote(text, s, found)
        seen: set[tuple[int, int]] = set()
        for at in found:
            if (at.start, at.end) not in seen:
                seen.add((at.start, at.end))
                out.append(at)
    return out


_Source = tuple[int, int, int, int, str | None, bool]  # first token, last token, start, end, entity, analysis


def _source_after(text: str, tokens: list[Token], cue_last: int, hi: int, named: dict[int, Mention],
                  lex: AttributionLexicon) -> _Source | None:
    """The subject after a cue: an anonymous phrase or a named mention, with a title before a name."""
    for j in range(cue_last + 1, min(hi, cue_last + _AFTER_WINDOW) + 1):
        tok = tokens[j]
        if tok.norm in ("،", ",", ".", ":", "«", '"') or tok.norm in ("ان", "انه", "انها", "بان"):
            return None
        if (anon := _anonymous_at(tokens, j, hi, lex)) is not None:
            last, analysis = anon
            inner = next((named[k] for k in range(j + 1, last + 1) if k in named
                          and named[k].type in ("ORG", "PER")), None)
            start, end = tokens[j].start, tokens[last].end
            return j, last, start, end, inner.entity_id if inner else None, analysis
        if j in named:
            m = named[j]
            title = range(cue_last + 1, j)
            titled = bool(title) and any(k in lex.titles for k in _keys(tokens[cue_last + 1].norm)) and all(
                tokens[k].is_word and tokens[k].norm not in _STOP and tokens[k].norm not in _PREPOSITIONS
                for k in title)
            if title and not titled and j - cue_last > 2:
                return None  # قال التزام واشنطن …: a name far after the verb is not its subject
            first = cue_last + 1 if titled and len(title) <= _TITLE_GAP else j
            start = tokens[first].start if first < j else m.start
            last = j
            while last + 1 <= hi and tokens[last + 1].start < m.end:
                last += 1
            return first, last, start, m.end, m.entity_id, False
    return None


def _source_before(text: str, tokens: list[Token], lo: int, cue: int, named: dict[int, Mention],
                   lex: AttributionLexicon, adjacent: bool = False) -> _Source | None:
    """A subject before the verb (SVO: مسؤول أمريكي أكد، الوزير قال): a named mention or an
    anonymous phrase. ``adjacent``: only one that ends right before the verb."""
    for j in range(cue - 1, max(lo, cue - _BEFORE_WINDOW) - 1, -1):
        if tokens[j].norm in ("،", ",", ".", ":"):
            return None
        if j in named:
            m = named[j]
            last = j
            while last + 1 < cue and tokens[last + 1].start < m.end:
                last += 1
            if adjacent and last != cue - 1:
                continue
            return j, last, m.start, m.end, m.entity_id, False
        if (anon := _anonymous_at(tokens, j, cue - 1, lex)) is not None:
            last, analysis = anon
            if adjacent and last != cue - 1:
                continue
            return j, last, tokens[j].start, tokens[last].end, None, analysis
    return None


def _attribution(index: int, source: _Source, cue: str, cue_start: int, cue_end: int, marks: bool) -> Attribution:
    _first, _last, start, end, entity, analysis = source
    return Attribution(
        sentence_index=index, start=start, end=end, source_text="", cue=cue, cue_start=cue_start,
        cue_end=cue_end, entity_id=entity, anonymous=entity is None, analysis=analysis or (marks and entity is None),
    )


def _attach_quote(text: str, s: Sentence, found: list[Attribution]) -> None:
    """Fill source texts, and give the sentence's direct quote to its first source."""
    for at in found:
        at.source_text = text[at.start : at.end]
    if not found:
        return
    match = _QUOTE.search(text, s.start, s.end)
    if match:
        first = found[0]
        first.quote, first.quote_start, first.quote_end = match.group(0)[1:-1], match.start() + 1, match.end() - 1
