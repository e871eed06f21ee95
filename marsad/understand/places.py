"""Places: LOC mentions resolved to one gazetteer entry with coordinates, for maps and geo facets.

How: ``find_mentions`` (marsad/understand/entities.py) already finds names with clitics, longest
match first, and keeps ordinary words that are also names (فإن، كان، الباب، المشهد، عنه، الإطار,
listed in ``stop_aliases.txt``) out unless a cue word precedes them. This module adds what a map
needs on top of that:

* Disambiguation of names with several gazetteer entries (عمان: Amman or Oman; طرابلس: Lebanon or
  Libya; فكتوريا: the base near Baghdad airport or Victoria in Canada), scored in this order of weight:
  a cue word right before the name (قاعدة → base, محافظة → governorate, العاصمة → capital) or a
  country adjective right after it (طرابلس اللبنانية); the countries of the other, unambiguous places
  in the text; and last an importance prior (country > capital > city > other places).
* A few one-word names that are ordinary words too (عمان، قم، تدمر …, ``contextual`` in
  ``place_cues.tsv``) are taken as places when a locative word or clitic comes before them (في عمان،
  بعمان، إلى قم) and another place in the text shares their country; nothing else is re-admitted.

The cue lists are data: ``marsad/knowledge/data/place_cues.tsv``. Capitals are recognised without a
list: a city whose coordinates are those of its country's row (the gazetteer places a country at its
capital) or one that stands for a government in ``metonymy.tsv``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.knowledge.gazetteer import Gazetteer, load_gazetteer, name_key
from marsad.model import Entity, Mention
from marsad.text.clitics import match_keys
from marsad.text.normalize import normalize, normalize_with_offsets
from marsad.text.sentences import split_sentences
from marsad.text.tokens import Token, tokenize

_PRIOR = {"country": 4.0, "capital": 3.0, "city": 2.0, "governorate": 1.5, "region": 1.5}
_CUE_WEIGHT = 10.0  # a cue word decides unless it fits no candidate
_CONTEXT_WEIGHT = 3.0  # per other place of the same country (at most 3 counted)
_COORD_WEIGHT = 8.0  # joined by و to a place of the same kind (countries listed with countries)
_PRIOR_WEIGHT = 0.25  # importance only breaks ties between candidates the context does not separate
_LOCATIVE_CLITICS = ("ب", "وب", "فب", "ل", "ول", "فل")  # بعمان، لقم: "in/to" attached to the name


@dataclass(frozen=True, slots=True)
class _Cues:
    before: dict[str, str]
    after: dict[str, str]
    locative: frozenset[str]
    contextual: dict[str, tuple[str, ...]]  # word -> entity ids (empty: the gazetteer's for it)


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    text = resources.files("marsad.knowledge").joinpath("data/place_cues.tsv").read_text("utf-8")
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    locative: set[str] = set()
    contextual: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, word, value = (c.strip() for c in line.split("\t"))
        word = normalize(word)
        if kind == "before":
            before[word] = value
        elif kind == "after":
            after[word] = value.removeprefix("cc:")
        elif kind == "locative":
            locative.add(word)
        elif kind == "contextual":
            contextual[word] = contextual.get(word, ()) + (() if value == "-" else (value,))
        else:
            raise ValueError(f"place_cues.tsv: unknown kind {kind!r}")
    return _Cues(before, after, frozenset(locative), contextual)


_CAPITALS_CACHE: dict[int, tuple[Gazetteer, frozenset[str]]] = {}


def _capitals(gaz: Gazetteer) -> frozenset[str]:
    """Ids of capital cities (cached per gazetteer object)."""
    hit = _CAPITALS_CACHE.get(id(gaz))
    if hit is None or hit[0] is not gaz:
        hit = (gaz, _compute_capitals(gaz))
        _CAPITALS_CACHE[id(gaz)] = hit
    return hit[1]


def _compute_capitals(gaz: Gazetteer) -> frozenset[str]:
    """Ids of capital cities: at their country's coordinates, or standing for a government."""
    country_at = {
        e.country_code: (e.lat, e.lon)
        for e in gaz.by_id.values()
        if e.type == "LOC" and e.subtype == "country" and e.lat is not None and e.lon is not None
    }
    caps = set()
    for e in gaz.by_id.values():
        if e.type != "LOC" or e.subtype != "city" or e.lat is None or e.lon is None:
            continue
        at = country_at.get(e.country_code)
        if e.id in gaz.metonymy or (at and abs(at[0] - e.lat) <= 0.35 and abs(at[1] - e.lon) <= 0.35):
            caps.add(e.id)
    return frozenset(caps)


def _feature(entity: Entity, capitals: frozenset[str]) -> str:
    return "capital" if entity.id in capitals else (entity.subtype or "place")


def _loc_candidates(mention: Mention, gaz: Gazetteer) -> list[str]:
    """LOC entity ids the mention's words could name (the linked id first)."""
    ids: list[str] = []
    for key in (name_key(mention.text), tuple(mention.normalized.split())):
        for eid in gaz.lookup(key) if key else []:
            if eid not in ids:
                ids.append(eid)
    if mention.entity_id and mention.entity_id not in ids:
        ids.insert(0, mention.entity_id)
    return [i for i in ids if (e := gaz.get(i)) is not None and e.type == "LOC"]


def _contextual_key(m: Mention, cues: _Cues) -> bool:
    """True when a (non-place) mention is one word that the contextual list may read as a place."""
    return any(k in cues.contextual for k in match_keys(m.normalized)) if " " not in m.normalized else False


def _token_at(tokens: list[Token], offset: int) -> int:
    """Index of the token containing ``offset`` (tokens are few per text; linear is fine)."""
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _suffix_start(token: Token, key: str) -> int:
    """Original offset where the normalised suffix ``key`` of the token begins."""
    norm, offsets = normalize_with_offsets(token.text)
    pos = len(norm) - len(key)
    if key and norm.endswith(key) and 0 <= pos < len(offsets):
        return token.start + offsets[pos]
    return token.start


def _contextual_mentions(
    text: str, tokens: list[Token], taken: list[tuple[int, int]], gaz: Gazetteer, cues: _Cues
) -> list[tuple[Mention, str]]:
    """Ordinary-word names (عمان، قم) after a locative word or clitic: (mention, prefix clitic)."""
    found: list[tuple[Mention, str]] = []
    for i, tok in enumerate(tokens):
        if not tok.is_word or any(s < tok.end and tok.start < e for s, e in taken):
            continue
        for key in match_keys(tok.norm):
            if key not in cues.contextual:
                continue
            prefix = tok.norm[: len(tok.norm) - len(key)] if tok.norm.endswith(key) else None
            if prefix is None:
                continue
            previous = tokens[i - 1].norm if i > 0 else ""
            if previous[:1] in ("و", "ف") and previous[1:] in cues.locative:
                previous = previous[1:]  # وفي تدمر، فإلى قم
            previous_is_cue = previous in cues.before
            coordinated = prefix in ("و", "ف") and bool(taken) and any(
                e <= tokens[i - 1].end and e >= tokens[i - 1].start for _, e in taken
            ) if i > 0 else False
            if not (prefix in _LOCATIVE_CLITICS or previous in cues.locative or coordinated or previous_is_cue):
                continue
            listed = cues.contextual[key] or tuple(gaz.lookup((key,)))
            ids = [x for x in listed if (e := gaz.get(x)) is not None and e.type == "LOC"]
            if not ids:
                continue
            start = _suffix_start(tok, key)
            m = Mention(start=start, end=tok.end, text=text[start : tok.end], type="LOC", entity_id=ids[0],
                        confidence=0.5, normalized=key)
            found.append((m, "needs-context"))
            break
    return found


def _score(
    e: Entity, capitals: frozenset[str], cue_subtype: str | None, cue_cc: str | None,
    votes: Counter[str], own: dict[str, int], coord: set[str],
) -> float:
    """How well one candidate entry fits its mention's context (higher is better)."""
    feat = _feature(e, capitals)
    s = 0.0
    if cue_subtype and cue_subtype in (feat, e.subtype):
        s += _CUE_WEIGHT
    if cue_cc and e.country_code == cue_cc:
        s += _CUE_WEIGHT
    s += _CONTEXT_WEIGHT * min(votes.get(e.country_code, 0) - own.get(e.country_code, 0), 3)
    if feat in coord:
        s += _COORD_WEIGHT
    return s + _PRIOR_WEIGHT * _PRIOR.get(feat, 1.0)


def resolve_places(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """Every LOC mention of ``text`` as a place dict with coordinates, in text order.

    Keys: start, end, text (offsets into ``text``, ``text[start:end] == text``), name (Arabic
    canonical name), name_en, lat, lon, country_code, id, feature (country, capital, city,
    governorate, base, airport, crossing, ...), confidence, metonymy ("government" when a capital
    stands for its government; the place is still the city).
    """
    if not text or not mentions and not text.strip():
        return []
    gaz = gazetteer
    cues = _cues()
    capitals = _capitals(gaz)
    tokens = tokenize(text)
    items: list[tuple[Mention, list[str], bool]] = []  # mention, LOC candidates, needs context
    for m in mentions:
        cands = _loc_candidates(m, gaz)
        if not cands:
            continue
        chosen = gaz.get(m.entity_id or "")
        if chosen is not None and chosen.type != "LOC":
            # the finder chose a non-place (الجزيرة the channel): a place only after a place cue
            i = _token_at(tokens, m.start)
            if not (i > 0 and tokens[i - 1].norm in cues.before):
                continue
        items.append((m, cands, False))
    kept = {(m.start, m.end) for m, _, _ in items}
    taken = [(m.start, m.end) for m in mentions
             if (m.start, m.end) in kept or m.normalized.split()[-1:] and not _contextual_key(m, cues)]
    for m, _ in _contextual_mentions(text, tokens, taken, gaz, cues):
        listed = cues.contextual.get(m.normalized) or ()
        cands = [x for x in listed if gaz.get(x) is not None] or _loc_candidates(m, gaz)
        items.append((m, cands, True))
    items.sort(key=lambda it: it[0].start)

    # Countries of the unambiguous places (and of nationality adjectives), for the ambiguous ones.
    votes: Counter[str] = Counter(cues.after[t.norm] for t in tokens if t.norm in cues.after)
    for _m, cands, needs in items:
        if len(cands) == 1 and not needs:
            e = gaz.get(cands[0])
            if e and e.country_code:
                votes[e.country_code] += 1

    # Features of the unambiguous neighbours joined by و (عمان واليمن والمغرب: a list of countries).
    single_feature: dict[int, str] = {}
    for k, (_m, cands, _needs) in enumerate(items):
        if len(cands) == 1 and (e1 := gaz.get(cands[0])) is not None:
            single_feature[k] = _feature(e1, capitals)

    def coordinated_features(k: int) -> set[str]:
        feats = set()
        for o in (k - 1, k + 1):
            if o not in single_feature:
                continue
            left, right = (items[o][0], items[k][0]) if o < k else (items[k][0], items[o][0])
            a, b = _token_at(tokens, left.end - 1), _token_at(tokens, right.start)
            between = [t.norm for t in tokens[a + 1 : b]]
            joined = (not between and tokens[b].norm.startswith("و")) or between in (["،"], [","], ["و"])
            if joined:
                feats.add(single_feature[o])
        return feats

    out: list[dict[str, Any]] = []
    for k, (m, cands, needs) in enumerate(items):
        coord = coordinated_features(k) if len(cands) > 1 or needs else set()
        i = _token_at(tokens, m.start)
        j = _token_at(tokens, max(m.end - 1, m.start))
        before = tokens[i - 1].norm if i > 0 else ""
        after = tokens[j + 1].norm if j + 1 < len(tokens) else ""
        cue_subtype = cues.before.get(before)
        cue_cc = cues.after.get(after)
        own: dict[str, int] = {}
        if len(cands) == 1 and not needs:
            e0 = gaz.get(cands[0])
            if e0 and e0.country_code:
                own[e0.country_code] = 1  # do not count a mention as its own context

        scores = {
            eid: _score(gaz.get(eid), capitals, cue_subtype, cue_cc, votes, own, coord)  # type: ignore[arg-type]
            for eid in cands
        }
        scored = sorted(cands, key=lambda eid: (-scores[eid], cands.index(eid)))
        best = gaz.get(scored[0])
        if best is None or best.lat is None or best.lon is None:
            continue
        if needs:
            ctx = votes.get(best.country_code, 0)
            if ctx == 0 and not cue_subtype and not coord:
                continue  # an ordinary word (عمان "Oman"/"Amman" in no place context) stays a word
        confidence = m.confidence
        if len(cands) > 1:
            top, second = scores[scored[0]], scores[scored[1]]
            confidence = min(confidence, 0.9 if top - second >= _CONTEXT_WEIGHT else 0.6)
        out.append({
            "start": m.start,
            "end": m.end,
            "text": text[m.start : m.end],
            "name": best.name_ar,
            "name_en": best.name_en,
            "lat": best.lat,
            "lon": best.lon,
            "country_code": best.country_code,
            "id": best.id,
            "feature": _feature(best, capitals),
            "confidence": round(confidence, 2),
            "metonymy": m.metonymy,
        })
    return out


def find_places(text: str) -> list[dict[str, Any]]:
    """Places in ``text`` (see ``resolve_places``), with the packaged gazetteer."""
    from marsad.understand.entities import find_mentions

    if not text or not text.strip():
        return []
    gaz = load_gazetteer()
    tokens = tokenize(text)
    mentions = find_mentions(text, split_sentences(text), gaz, tokens)
    return resolve_places(text, mentions, gaz)
