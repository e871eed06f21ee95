"""Entity mentions: gazetteer names found in running text and linked to canonical ids.

How: tokens are matched against the gazetteer's alias index, longest name first, so «قاعدة عين
الأسد» wins over «عين» and «الحكومة العراقية» over «العراقية». The first word of a candidate may carry
proclitics (وواشنطن، بالعراق، لإيران، للحكومة), tried through ``match_keys``; the mention's span then
covers the name without the clitic, so the evidence shows the name itself. Ambiguous names (عمان is
Amman and Oman) are resolved by the countries the rest of the article is about. A capital used as a
political actor (قررت واشنطن، بين بغداد وواشنطن) keeps its city id and gets ``metonymy="government"``.
"""

from __future__ import annotations

import bisect
from collections import Counter
from functools import lru_cache
from importlib import resources

from marsad.knowledge.gazetteer import Gazetteer
from marsad.model import Mention, Sentence
from marsad.text.clitics import match_keys
from marsad.text.normalize import normalize_with_offsets
from marsad.text.tokens import Token, tokenize

# Words right before a name that make an ordinary-looking word a place (مدينة هيت، سلطنة عمان).
_PLACE_CUES = frozenset(
    {"مدينه", "محافظه", "قاعده", "العاصمه", "عاصمه", "سلطنه", "بلده", "قضاء", "ناحيه", "منطقه", "معبر", "مطار"}
)


@lru_cache(maxsize=1)
def _actor_verbs() -> frozenset[str]:
    text = resources.files("marsad.understand").joinpath("data/actor_verbs.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _matchable(token: Token) -> bool:
    return bool(token.norm) and (token.is_word or token.norm[0].isdigit() or token.norm == "+")


def _first_token_start(token: Token, key: str) -> int:
    """Original offset where ``key`` (a clitic-stripped form of the token) begins inside the token."""
    norm, offsets = normalize_with_offsets(token.text)
    if key == norm:
        return token.start
    core = key[2:] if key.startswith("ال") and not norm.endswith(key) else key
    pos = len(norm) - len(core)
    if key.startswith("ال") and core is key:
        pos = len(norm) - len(key)
    if norm.endswith(core) and 0 <= pos < len(norm):
        return token.start + offsets[pos]
    return token.start


class _Candidate:
    __slots__ = ("start", "end", "text", "ids", "n_tokens", "stripped", "first", "last")

    def __init__(self, start: int, end: int, text: str, ids: list[str], n_tokens: int, stripped: bool,
                 first: int, last: int) -> None:
        self.start, self.end, self.text, self.ids = start, end, text, ids
        self.n_tokens, self.stripped, self.first, self.last = n_tokens, stripped, first, last


def _candidates(text: str, tokens: list[Token], gaz: Gazetteer) -> list[_Candidate]:
    found: list[_Candidate] = []
    matchable = [_matchable(t) for t in tokens]
    i = 0
    while i < len(tokens):
        best: _Candidate | None = None
        first_keys = match_keys(tokens[i].norm) if matchable[i] else []
        if any(k in gaz.first_words for k in first_keys):
            for n in range(min(gaz.max_len, len(tokens) - i), 0, -1):
                window = tokens[i : i + n]
                if not all(matchable[i : i + n]):
                    continue
                rest = tuple(t.norm for t in window[1:])
                for k_index, key in enumerate(first_keys):
                    ids = gaz.lookup((key, *rest))
                    if not ids:
                        continue
                    stripped = k_index > 0
                    if n == 1 and not _single_word_ok(key, stripped, tokens, i, gaz):
                        continue
                    start = _first_token_start(tokens[i], key)
                    end = window[-1].end
                    best = _Candidate(start, end, text[start:end], ids, n, stripped, i, i + n - 1)
                    break
                if best:
                    break
        if best:
            found.append(best)
            i = best.last + 1
        else:
            i += 1
    return found


def _single_word_ok(key: str, stripped: bool, tokens: list[Token], i: int, gaz: Gazetteer) -> bool:
    """A one-word match is kept unless it is an ordinary word with no place cue before it."""
    if stripped and len(key) < 3:
        return False
    if key in gaz.stop_aliases or tokens[i].norm in gaz.stop_aliases:
        return i > 0 and tokens[i - 1].norm in _PLACE_CUES
    return True


def _sentence_index(starts: list[int], offset: int) -> int:
    return max(bisect.bisect_right(starts, offset) - 1, -1)


def find_mentions(
    text: str, sentences: list[Sentence], gazetteer: Gazetteer, tokens: list[Token] | None = None
) -> list[Mention]:
    """Linked mentions of gazetteer entities in ``text`` (offsets into ``text``), in text order.

    ``tokens`` may be passed when the caller already tokenised ``text`` (the pipeline does).
    """
    if not text:
        return []
    if tokens is None:
        tokens = tokenize(text)
    candidates = _candidates(text, tokens, gazetteer)
    # Countries the article is about: votes from unambiguous mentions, for resolving ambiguous ones.
    countries: Counter[str] = Counter()
    for c in candidates:
        if len(c.ids) == 1:
            ent = gazetteer.get(c.ids[0])
            if ent and ent.country_code:
                countries[ent.country_code] += 1
    starts = [s.start for s in sentences]
    verbs = _actor_verbs()
    mentions: list[Mention] = []
    for n, c in enumerate(candidates):
        entity_id = c.ids[0]
        confidence = 1.0 if c.n_tokens > 1 else 0.9
        if len(c.ids) > 1:
            entity_id = max(
                c.ids, key=lambda e: countries.get(getattr(gazetteer.get(e), "country_code", ""), 0)
            )
            confidence = 0.6
        if c.stripped and c.n_tokens == 1:
            confidence = min(confidence, 0.8)
        entity = gazetteer.get(entity_id)
        if entity is None:
            continue
        metonymy = None
        if entity_id in gazetteer.metonymy:
            before = tokens[c.first - 1].norm if c.first > 0 else ""
            after = tokens[c.last + 1].norm if c.last + 1 < len(tokens) else ""
            paired = _paired_capital(candidates, n, gazetteer, tokens)
            if before in verbs or after in verbs or paired:
                metonymy = "government"
        norm_key = " ".join(t.norm for t in tokens[c.first : c.last + 1])
        mentions.append(
            Mention(
                start=c.start,
                end=c.end,
                text=c.text,
                type=entity.type,
                entity_id=entity_id,
                confidence=confidence,
                normalized=norm_key,
                metonymy=metonymy,
                sentence_index=_sentence_index(starts, c.start) if sentences else -1,
            )
        )
    return mentions


def _paired_capital(candidates: list[_Candidate], n: int, gaz: Gazetteer, tokens: list[Token]) -> bool:
    """«بين بغداد وواشنطن», «بغداد وأنقرة»: two capitals joined by و are governments dealing."""
    c = candidates[n]
    for other_index in (n - 1, n + 1):
        if not 0 <= other_index < len(candidates):
            continue
        o = candidates[other_index]
        if o.ids[0] not in gaz.metonymy:
            continue
        left, right = (o, c) if other_index < n else (c, o)
        if right.first == left.last + 1 and tokens[right.first].norm.startswith("و"):
            return True
    return False
