"""Entity mentions: gazetteer names found in running text and linked to canonical ids.

How: tokens are matched against the gazetteer's alias index, longest name first, so «قاعدة عين
الأسد» wins over «عين» and «الحكومة العراقية» over «العراقية». The first word of a candidate may carry
proclitics (وواشنطن، بالعراق، لإيران، للحكومة), tried through ``match_keys``.

Span decision: the mention covers the name without the proclitics, so the evidence shows the name
itself: «بالعراق» gives «العراق» (the article is part of the name as written), «وواشنطن» gives
«واشنطن». After «لل» (ل + the article, whose alef is not written) the span starts after «لل»:
«للعراق» gives «عراق»; ``normalized`` is always the full normal form of the name («العراق»).

Confidence: 1.0 for a name of several words, 0.9 for a one-word name, 0.8 when a one-word name was
found only after stripping a clitic, 0.6 when the name belongs to several entities (عمان is Amman and
Oman; resolved by the countries the rest of the article is about, or by the exact diacritised
spelling عمّان / عُمان), 0.5 for a "weak" one-word alias that is also an ordinary word (see
``knowledge/data/stop_aliases.txt``; "stop" aliases are not matched alone at all unless a place cue
such as مدينة or محافظة comes right before them).

Metonymy: a capital listed in ``knowledge/data/metonymy.tsv`` used as a political actor keeps its
city ``entity_id`` (the words name the city; which government it stands for is
``Gazetteer.government_of``) and gets ``metonymy="government"``. The cues (``data/metonymy_cues.tsv``):
a speech/decision verb right before or after it (قالت واشنطن، بغداد ترفض، واشنطن لا تنوي), a political
noun right before it (التزام واشنطن), «مع» after a relation noun (العلاقة مع بغداد), or «بين X وY»
with another named party (بين بغداد وواشنطن، بين بغداد وكردستان).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from marsad.knowledge.gazetteer import Gazetteer
from marsad.model import Mention, Sentence
from marsad.text.clitics import match_keys
from marsad.text.normalize import normalize, normalize_with_offsets
from marsad.text.tokens import Token, tokenize

_MAX_PARTICLES = 2  # particles skipped between a capital and its verb
_RELATION_WINDOW = 4  # words looked at before «مع» for a relation noun


@lru_cache(maxsize=1)
def _cues() -> dict[str, frozenset[str]]:
    """Context words by kind (verb, particle, noun, relation, place), normalised."""
    text = resources.files("marsad.understand").joinpath("data/metonymy_cues.tsv").read_text("utf-8")
    kinds: dict[str, set[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, kind = line.split("\t")
        kinds.setdefault(kind.strip(), set()).add(normalize(word))
    return {k: frozenset(v) for k, v in kinds.items()}


def _matchable(token: Token) -> bool:
    return bool(token.norm) and (token.is_word or token.norm[0].isdigit() or token.norm == "+")


@lru_cache(maxsize=200_000)
def _ordered_keys(norm: str) -> tuple[str, ...]:
    """``match_keys`` ordered for span choice: the word, then forms that are literal suffixes of it
    (longest first, so «بالعراق» gives «العراق» before «عراق»), then restored-article forms.
    Cached: asked for every token of every article."""
    keys = match_keys(norm)
    suffixes = sorted((k for k in keys[1:] if norm.endswith(k)), key=len, reverse=True)
    others = [k for k in keys[1:] if not norm.endswith(k)]
    return (keys[0], *suffixes, *others)


def _first_token_start(token: Token, key: str) -> int:
    """Original offset where ``key`` (a clitic-stripped form of the token) begins inside the token."""
    norm, offsets = normalize_with_offsets(token.text)
    if key == norm:
        return token.start
    core = key if norm.endswith(key) else key[2:] if key.startswith("ال") else key
    pos = len(norm) - len(core)
    if norm.endswith(core) and 0 <= pos < len(norm):
        return token.start + offsets[pos]
    return token.start


class _Candidate:
    __slots__ = ("start", "end", "text", "ids", "key", "n_tokens", "stripped", "first", "last")

    def __init__(self, start: int, end: int, text: str, ids: list[str], key: tuple[str, ...],
                 stripped: bool, first: int, last: int) -> None:
        self.start, self.end, self.text, self.ids, self.key = start, end, text, ids, key
        self.n_tokens, self.stripped, self.first, self.last = last - first + 1, stripped, first, last


def _candidates(text: str, tokens: list[Token], gaz: Gazetteer) -> list[_Candidate]:
    """Longest-match scan, left to right; a match consumes its tokens (no overlaps)."""
    found: list[_Candidate] = []
    matchable = [_matchable(t) for t in tokens]
    first_words = gaz.first_words
    i = 0
    while i < len(tokens):
        best: _Candidate | None = None
        if matchable[i]:
            first_keys = _ordered_keys(tokens[i].norm)
            if not first_words.isdisjoint(first_keys):
                best = _longest_at(text, tokens, matchable, i, first_keys, gaz)
        if best:
            found.append(best)
            i = best.last + 1
        else:
            i += 1
    return found


def _longest_at(text: str, tokens: list[Token], matchable: list[bool], i: int, first_keys: Sequence[str],
                gaz: Gazetteer) -> _Candidate | None:
    longest = max(gaz.longest_from.get(k, 0) for k in first_keys)  # no alias of its keys is longer
    for n in range(min(longest, len(tokens) - i), 0, -1):
        if not all(matchable[i : i + n]):
            continue
        rest = tuple(t.norm for t in tokens[i + 1 : i + n])
        for k_index, key in enumerate(first_keys):
            ids = gaz.lookup((key, *rest))
            if not ids:
                continue
            stripped = k_index > 0
            if stripped and not key.startswith("ال") and tokens[i].norm.endswith("ال" + key):
                continue  # السورية is "the Syrian", not سورية: an alias never drops a written article
            if n == 1 and not _single_word_ok(key, stripped, tokens, i, gaz, ids):
                continue
            start = _first_token_start(tokens[i], key)
            end = tokens[i + n - 1].end
            return _Candidate(start, end, text[start:end], ids, (key, *rest), stripped, i, i + n - 1)
    return None


def _exact_spelling(surface: str, ids: list[str], gaz: Gazetteer) -> str | None:
    """The one entity whose alias is spelled exactly like ``surface`` with its diacritics (عمّان)."""
    if surface == normalize(surface):
        return None  # no diacritics or variant letters to tell entities apart
    hits = [e for e in ids if (ent := gaz.get(e)) and (surface == ent.name_ar or surface in ent.aliases)]
    return hits[0] if len(hits) == 1 else None


def _single_word_ok(key: str, stripped: bool, tokens: list[Token], i: int, gaz: Gazetteer,
                    ids: list[str]) -> bool:
    """A one-word match is kept unless it is an ordinary word with no place cue before it."""
    if stripped and len(key) < 3:
        return False
    if key in gaz.stop_aliases or tokens[i].norm in gaz.stop_aliases:
        if i > 0 and tokens[i - 1].norm in _cues().get("place", frozenset()):
            return True
        return not stripped and _exact_spelling(tokens[i].text, ids, gaz) is not None
    return True


def _sentence_index(starts: list[int], offset: int) -> int:
    return max(bisect.bisect_right(starts, offset) - 1, -1)


def _bare(norm: str) -> str:
    """The word without a leading conjunction و/ف (وقالت → قالت), when something is left."""
    return norm[1:] if len(norm) > 3 and norm[0] in "وف" else norm


def _is_actor(candidates: list[_Candidate], n: int, tokens: list[Token], gaz: Gazetteer) -> bool:
    """True when the capital candidate ``n`` is used as a political actor (see module doc)."""
    cues = _cues()
    verbs, particles = cues.get("verb", frozenset()), cues.get("particle", frozenset())
    c = candidates[n]
    # verb right before (VSO: قالت واشنطن، وترى بغداد)
    if c.first > 0:
        before = tokens[c.first - 1].norm
        if before in verbs or _bare(before) in verbs or before in cues.get("noun", frozenset()):
            return True
    # verb right after, skipping particles (واشنطن لا تنوي)
    j = c.last + 1
    for _ in range(_MAX_PARTICLES + 1):
        if j >= len(tokens):
            break
        after = tokens[j].norm
        if after in verbs or _bare(after) in verbs:
            return True
        if after not in particles:
            break
        j += 1
    # «العلاقة العسكرية مع بغداد»
    if c.first > 0 and tokens[c.first - 1].norm in ("مع", "ومع"):
        window = tokens[max(0, c.first - 1 - _RELATION_WINDOW) : c.first - 1]
        relations = cues.get("relation", frozenset())
        if any(t.norm in relations or _bare(t.norm) in relations for t in window):
            return True
    return _between_parties(candidates, n, tokens)


def _between_parties(candidates: list[_Candidate], n: int, tokens: list[Token]) -> bool:
    """«بين بغداد وواشنطن», «بين بغداد وكردستان»: the capital is one of two named parties."""
    c = candidates[n]
    if n + 1 < len(candidates):  # بين [c] و[next]
        nxt = candidates[n + 1]
        if (c.first > 0 and tokens[c.first - 1].norm == "بين" and nxt.first == c.last + 1
                and tokens[nxt.first].norm.startswith("و")):
            return True
    if n > 0:  # بين [prev] و[c]
        prev = candidates[n - 1]
        if (prev.first > 0 and tokens[prev.first - 1].norm == "بين" and c.first == prev.last + 1
                and tokens[c.first].norm.startswith("و")):
            return True
    return False


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
    mentions: list[Mention] = []
    for n, c in enumerate(candidates):
        entity_id = c.ids[0]
        confidence = 1.0 if c.n_tokens > 1 else 0.9
        if len(c.ids) > 1:
            exact = _exact_spelling(c.text, c.ids, gazetteer)
            if exact:
                entity_id = exact
            else:
                entity_id = max(
                    c.ids, key=lambda e: countries.get(getattr(gazetteer.get(e), "country_code", ""), 0)
                )
                confidence = 0.6
        if c.n_tokens == 1:
            if c.stripped:
                confidence = min(confidence, 0.8)
            if c.key[0] in gazetteer.weak_aliases:
                confidence = min(confidence, 0.5)
        entity = gazetteer.get(entity_id)
        if entity is None:
            continue
        metonymy = None
        if gazetteer.government_of(entity_id) and _is_actor(candidates, n, tokens, gazetteer):
            metonymy = "government"
        mentions.append(
            Mention(
                start=c.start,
                end=c.end,
                text=c.text,
                type=entity.type,
                entity_id=entity_id,
                confidence=confidence,
                normalized=" ".join(c.key),
                metonymy=metonymy,
                sentence_index=_sentence_index(starts, c.start) if sentences else -1,
            )
        )
    return mentions
