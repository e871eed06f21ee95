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

Two additions make it a geoparser rather than a list lookup:

* Places the knowledge base lacks. With a tagger (``find_places(text, tagger)``, the default of
  ``marsad places``), a span the NER tagger calls LOC that no knowledge-base alias covers is looked up
  in GeoNames' Arabic town names (``marsad/knowledge/geonames.py``), choosing among same-named towns
  by the countries of the other places in the text, then by population. A span with no GeoNames town
  either is not reported: a place without coordinates cannot be mapped.
* The administrative hierarchy. Each place carries ``admin``: the governorate (first-level division)
  that contains it and its country, most specific first, as knowledge-base entities. The division is
  GeoNames' ``admin1`` of the nearest GeoNames town (see ``geonames.py``); a knowledge-base
  governorate is matched to its ``admin1`` code the same way, from its seat's coordinates.

The cue lists are data: ``marsad/knowledge/data/place_cues.tsv``. Capitals are recognised without a
list: a city whose coordinates are those of its country's row (the gazetteer places a country at its
capital) or one that stands for a government in ``metonymy.tsv``.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeVar

from marsad.knowledge.gazetteer import Gazetteer, load_gazetteer, name_key
from marsad.knowledge.geonames import ID_PREFIX, GeoNames, GeoPlace, load_geonames
from marsad.model import Entity, Mention, Sentence
from marsad.text.clitics import match_keys
from marsad.text.normalize import normalize, normalize_with_offsets
from marsad.text.sentences import split_sentences
from marsad.text.tokens import Token, tokenize
from marsad.understand.ner.features import word_rank

if TYPE_CHECKING:
    from marsad.understand.ner.tagger import NerTagger

_PRIOR = {"country": 4.0, "capital": 3.0, "city": 2.0, "governorate": 1.5, "region": 1.5}
_CUE_WEIGHT = 10.0  # a cue word decides unless it fits no candidate
_CONTEXT_WEIGHT = 3.0  # per other place of the same country (at most 3 counted)
_COORD_WEIGHT = 8.0  # joined by و to a place of the same kind (countries listed with countries)
_PRIOR_WEIGHT = 0.25  # importance only breaks ties between candidates the context does not separate
_TOWN_CUES = frozenset({"city"})  # cue subtypes followed by a town name (مدينة، بلدة، مخيم); not ميناء: "ميناء آمن" is "a safe port"
_COMMON_RANK = 3000  # a word this frequent in news (بيان، دون، مايو) is not read as a one-word town name
_COMMON_RANK_DEFINITE = 10_000  # after a preposition, a definite noun this frequent (في البنى التحتية، في الصف)
_WEAK_LOCATIVES = frozenset({"من"})  # "من X" is far more often "of/from the X-ing" than "from town X"
_NEAR_TOKENS = 6  # a place this close to a town name, usually its country or region, says which town
_KNOWN_TOWN = 100_000  # people: a town news names without saying its country (سورابايا، بيشاور)
_POPULATION_WEIGHT = 0.1  # per power of ten: the bigger of two same-named towns, all else equal
_NO_ADMIN = frozenset({"country", "continent", "sea", "ocean", "strait", "canal"})  # above or across countries
_NO_DIVISION = frozenset({"region", "river", "lake"})  # span several governorates: the country only
_LOCATIVE_CLITICS = ("ب", "وب", "فب", "ل", "ول", "فل")  # بعمان، لقم: "in/to" attached to the name


@dataclass(frozen=True, slots=True)
class _Cues:
    before: dict[str, str]
    after: dict[str, str]
    locative: frozenset[str]
    contextual: dict[str, tuple[str, ...]]  # word -> entity ids (empty: the gazetteer's for it)
    trim: frozenset[str]  # generic words cut from the start of a place's span (مدينة)
    names: frozenset[str]  # aliases starting with a trim word that are names as a whole (مدينة الصدر)


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    text = resources.files("marsad.knowledge").joinpath("data/place_cues.tsv").read_text("utf-8")
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    locative: set[str] = set()
    contextual: dict[str, tuple[str, ...]] = {}
    trim: set[str] = set()
    names: set[str] = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, word, value = [c.strip() for c in line.split("\t")]
        word = normalize(word)
        if kind == "before":
            before[word] = value
        elif kind == "after":
            after[word] = value.removeprefix("cc:")
        elif kind == "locative":
            locative.add(word)
        elif kind == "contextual":
            contextual[word] = contextual.get(word, ()) + (() if value == "-" else (value,))
        elif kind == "trim":
            trim.add(word)
        elif kind == "name":
            names.add(word)
        else:
            raise ValueError(f"place_cues.tsv: unknown kind {kind!r}")
    return _Cues(before, after, frozenset(locative), contextual, frozenset(trim), frozenset(names))


def place_cue_words() -> frozenset[str]:
    """Words that announce a place name (قاعدة، مدينة، محافظة …), normalised: events read the
    preposition before such a word as governing the place after it (من قاعدتي عين الأسد)."""
    return frozenset(_cues().before)


_T = TypeVar("_T")
_DERIVED: dict[tuple[str, tuple[int, ...]], tuple[tuple[object, ...], object]] = {}


def _derived(name: str, sources: tuple[object, ...], compute: Callable[[], _T]) -> _T:
    """A table derived from ``sources`` (a gazetteer, GeoNames), computed once per source objects:
    the objects are kept with the result, so a new gazetteer at a reused id is never served a stale one."""
    key = (name, tuple(id(x) for x in sources))
    hit = _DERIVED.get(key)
    if hit is None or any(a is not b for a, b in zip(hit[0], sources, strict=True)):
        hit = (sources, compute())
        _DERIVED[key] = hit
    return hit[1]  # type: ignore[return-value]


def _capitals(gaz: Gazetteer) -> frozenset[str]:
    """Ids of capital cities (computed once per gazetteer)."""
    return _derived("capitals", (gaz,), lambda: _compute_capitals(gaz))


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


@dataclass(frozen=True, slots=True)
class _AdminTables:
    country: dict[str, str]  # country code -> knowledge-base country id
    division: dict[tuple[str, str], str]  # (country code, GeoNames admin1) -> governorate id
    chains: dict[str, list[dict[str, str]]]  # entity id -> its admin chain (filled as places are seen)


def _admin_tables(gaz: Gazetteer, geo: GeoNames) -> _AdminTables:
    """Country and governorate ids by code, computed once per gazetteer and GeoNames table."""
    return _derived("admin", (gaz, geo), lambda: _compute_admin_tables(gaz, geo))


def _compute_admin_tables(gaz: Gazetteer, geo: GeoNames) -> _AdminTables:
    """Match every knowledge-base governorate to a GeoNames admin1 code through its seat.

    Two governorates matched to one code (a seat's coordinates off, or a town coded to the wrong
    division in GeoNames) leave the code to the one whose seat is nearer to a town of that code, so
    a division is never named for the wrong governorate.
    """
    country: dict[str, str] = {}
    claims: dict[tuple[str, str], tuple[float, str]] = {}
    for e in gaz.by_id.values():
        if e.type != "LOC" or not e.country_code:
            continue
        if e.subtype == "country":
            country.setdefault(e.country_code, e.id)
        elif e.subtype == "governorate" and e.lat is not None and e.lon is not None:
            near = geo.nearest(e.country_code, e.lat, e.lon)
            if near is None or near[1] > 50 or not near[0].admin1:
                continue
            code = (e.country_code, near[0].admin1)
            if code not in claims or near[1] < claims[code][0]:
                claims[code] = (near[1], e.id)
    division = {code: eid for code, (_, eid) in claims.items()}
    return _AdminTables(country, division, {})


def admin_chain(entity: Entity, gaz: Gazetteer, geo: GeoNames | None = None) -> list[dict[str, str]]:
    """The divisions containing a place, most specific first: governorate (when known), country.

    Each item: ``id``, ``name`` (Arabic), ``feature``. A country, sea or continent has none.
    """
    if not entity.country_code or entity.subtype in _NO_ADMIN:
        return []
    geo = geo or load_geonames()
    tables = _admin_tables(gaz, geo)
    cached = tables.chains.get(entity.id)
    if cached is not None:
        return [dict(item) for item in cached]
    chain: list[dict[str, str]] = []
    if entity.subtype not in _NO_DIVISION | {"governorate"} and entity.lat is not None and entity.lon is not None:
        place = geo.get(entity.id)
        code = place.admin1 if place else geo.admin1_at(entity.country_code, entity.lat, entity.lon)
        gov = gaz.get(tables.division.get((entity.country_code, code or ""), ""))
        if gov is not None and gov.id != entity.id:
            chain.append({"id": gov.id, "name": gov.name_ar, "feature": "governorate"})
    nation = gaz.get(tables.country.get(entity.country_code, ""))
    if nation is not None and nation.id != entity.id:
        chain.append({"id": nation.id, "name": nation.name_ar, "feature": "country"})
    tables.chains[entity.id] = chain
    return [dict(item) for item in chain]


def _town_match(
    text: str, m: Mention, tokens: list[Token], geo: GeoNames, strip_clitics: bool = True,
) -> tuple[Mention, list[GeoPlace]] | None:
    """The GeoNames towns a tagged or cued name could be, with the span that names them.

    Spans tried, first hit wins: the name plus the next word (the tagger stopped early: بني of بني
    ملال), the name itself, then the name shortened from the right (the tagger ran on: باجل شرق).
    The first word is tried as written, then (``strip_clitics``: for a tagged name) without its
    proclitics (بمنبج → منبج). A word after a preposition or a cue is taken only as written: "من
    لفائف" is not "from" + a town called فائف.
    """
    i = _token_at(tokens, m.start)
    j = _token_at(tokens, max(m.end - 1, m.start))
    if i >= len(tokens) or j >= len(tokens):
        return None
    lasts = ([j + 1] if j + 1 < len(tokens) and tokens[j + 1].is_word else []) + list(range(j, i - 1, -1))
    for last in lasts:
        rest = tuple(t.norm for t in tokens[i + 1 : last + 1])
        for first in match_keys(tokens[i].norm) if strip_clitics else [tokens[i].norm]:
            if tokens[i].norm.endswith("ال" + first) and not first.startswith("ال"):
                continue  # the written article belongs to the name
            found = geo.lookup((first, *rest))
            if found:
                start = _suffix_start(tokens[i], first)
                end = tokens[last].end
                span = Mention(start=start, end=end, text=text[start:end], type="LOC",
                               confidence=m.confidence, normalized=" ".join((first, *rest)))
                return span, found
    return None


@lru_cache(maxsize=65536)
def _cue_kind(word: str) -> str | None:
    """"town" for a town cue (مدينة، وبمدينة), "locative" for a preposition (في، إلى), else None.

    A definite form is no cue (المدينة الجديدة is "the new city"); cached per word because every
    token of every article is asked.
    """
    cues = _cues()
    keys = [k for k in match_keys(word) if not word.endswith("ال" + k)]
    if any(cues.before.get(k) in _TOWN_CUES for k in keys):
        return "town"
    if any(k in cues.locative and k not in _WEAK_LOCATIVES for k in keys):
        return "locative"
    return None


def _cued_town_mentions(
    tokens: list[Token], covered: list[tuple[int, int]], cues: _Cues,
) -> list[tuple[Mention, bool]]:
    """Words that may begin a town name the knowledge base lacks: (one-token mention, needs context).

    After a town cue (مدينة، بلدة، مخيم، مديرية, with or without proclitics) a place follows, so a name
    the tagger missed (ومدينة كادوقلي) is taken when GeoNames lists it. After a locative word (في،
    إلى، قرب) the word is taken only as a two-word town name (في بيت لاهيا) or when another place of
    the text is in the town's country: "في الخمس" is as often "in the five" as it is the Libyan town.
    ``_town_match`` tries each with the next word first.
    """
    found: list[tuple[Mention, bool]] = []
    for i in range(1, len(tokens)):
        tok = tokens[i]
        kind = _cue_kind(tokens[i - 1].norm)
        if kind is None or not tok.is_word or any(k in cues.before for k in match_keys(tok.norm)):
            continue  # not after a cue, or a cue word itself (ميناء ومدينة الحديدة: ومدينة is not Medina)
        if any(s < tok.end and tok.start < e for s, e in covered):
            continue
        found.append((Mention(start=tok.start, end=tok.end, text=tok.text, type="LOC", confidence=0.6,
                              normalized=tok.norm), kind == "locative"))
    return found


def _common(written: Mention, name: Mention) -> bool:
    """True when the written word or the name inside it (clitics off) is a frequent news word."""
    return min(word_rank(normalize(written.text)), word_rank(name.normalized)) < _COMMON_RANK


def _town_score(p: GeoPlace, cue_cc: str | None, votes: Counter[str], near: set[str]) -> float:
    """Context first: a country adjective right after, a place of its country within a few words
    (ليما عاصمة بيرو، فرانكفورت في ألمانيا), places of its country anywhere; then population."""
    s = _CUE_WEIGHT if cue_cc and p.country_code == cue_cc else 0.0
    s += _CUE_WEIGHT if p.country_code in near else 0.0
    s += _CONTEXT_WEIGHT * min(votes.get(p.country_code, 0), 3)
    return s + _POPULATION_WEIGHT * math.log10(p.population + 1)


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


@lru_cache(maxsize=65536)
def _contextual_keys(word: str) -> tuple[str, ...]:
    """The word's match keys that are contextual place names (cached: asked for every token).

    A written article is never dropped to reach a name: المشهد is "the scene", not مشهد.
    """
    contextual = _cues().contextual
    return tuple(k for k in match_keys(word)
                 if k in contextual and not (word.endswith("ال" + k) and not k.startswith("ال")))


def _contextual_mentions(
    text: str, tokens: list[Token], taken: list[tuple[int, int]], gaz: Gazetteer, cues: _Cues
) -> list[tuple[Mention, str]]:
    """Ordinary-word names (عمان، قم) after a locative word or clitic: (mention, prefix clitic)."""
    found: list[tuple[Mention, str]] = []
    for i, tok in enumerate(tokens):
        keys = _contextual_keys(tok.norm) if tok.is_word else ()
        if not keys or any(s < tok.end and tok.start < e for s, e in taken):
            continue
        for key in keys:
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


def resolve_places(
    text: str, mentions: list[Mention], gazetteer: Gazetteer, geonames: GeoNames | None = None,
    tokens: list[Token] | None = None,
) -> list[dict[str, Any]]:
    """Every LOC mention of ``text`` as a place dict with coordinates, in text order.

    Keys: start, end, text (offsets into ``text``, ``text[start:end] == text``), name (Arabic
    canonical name), name_en, lat, lon, country_code, id, feature (country, capital, city,
    governorate, base, airport, crossing, ...), admin (containing governorate and country, see
    ``admin_chain``), confidence, metonymy ("government" when a capital stands for its government;
    the place is still the city). Tagged LOC mentions with a ``local:`` id (no knowledge-base entry)
    are resolved through GeoNames' towns; ``geonames`` defaults to the packaged table; ``tokens``
    (of ``text``) saves tokenising again when the caller has them.
    """
    if not text or not mentions and not text.strip():
        return []
    gaz = gazetteer
    cues = _cues()
    capitals = _capitals(gaz)
    tokens = tokens if tokens is not None else tokenize(text)
    items: list[tuple[Mention, list[str], bool]] = []  # mention, LOC candidates, needs context
    tagged: list[Mention] = []  # tagger places the knowledge base does not know
    for m in mentions:
        cands = _loc_candidates(m, gaz)
        if not cands:
            if m.type == "LOC" and (m.entity_id or "").startswith("local:"):
                tagged.append(m)
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
    votes: Counter[str] = Counter([cues.after[t.norm] for t in tokens if t.norm in cues.after])
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

    geo = geonames or load_geonames()
    towns: list[tuple[Mention, list[GeoPlace]]] = []
    covered = [(m.start, m.end) for m in mentions] + [(m.start, m.end) for m, _, _ in items]
    cued = _cued_town_mentions(tokens, covered, cues)
    for tagged_or_cued, after_locative in [(m, False) for m in tagged] + cued:
        if match := _town_match(text, tagged_or_cued, tokens, geo, strip_clitics=tagged_or_cued in tagged):
            m, found = match
            one_word = " " not in m.normalized
            in_context = any(votes[p.country_code] for p in found)
            if one_word and after_locative and not in_context:
                continue
            if one_word and after_locative | (tagged_or_cued in tagged) and _common(tagged_or_cued, m):
                continue  # an ordinary word the tagger or a preposition made look like a name
            if one_word and after_locative and m.normalized.startswith("ال") \
                    and word_rank(m.normalized) < _COMMON_RANK_DEFINITE:
                continue
            after_cue = tagged_or_cued not in tagged and not after_locative
            alone = after_cue and len(found) == 1 and not votes  # مدينة X in a text naming no country
            if not in_context and not alone and max(p.population for p in found) < _KNOWN_TOWN:
                continue  # a small town is named with its region or country nearby, not another's
            if any(t.start < m.end and m.start < t.end for t, _ in towns):
                continue
            towns.append((m, found))
            if len({p.country_code for p in found}) == 1:
                votes[found[0].country_code] += 1

    single_cc: dict[tuple[int, int], str] = {}  # token span -> country, of the unambiguous places
    for m, cands, needs in items:
        if len(cands) == 1 and not needs and (e := gaz.get(cands[0])) is not None and e.country_code:
            single_cc[(_token_at(tokens, m.start), _token_at(tokens, max(m.end - 1, m.start)))] = e.country_code
    out: list[dict[str, Any]] = []
    for m, found in towns:
        j = _token_at(tokens, max(m.end - 1, m.start))
        cue_cc = cues.after.get(tokens[j + 1].norm) if j + 1 < len(tokens) else None
        self_vote = Counter({found[0].country_code: 1}) if len({p.country_code for p in found}) == 1 else Counter()
        i = _token_at(tokens, m.start)
        near = {cc for (a, b), cc in single_cc.items() if abs(a - j) <= _NEAR_TOKENS or abs(b - i) <= _NEAR_TOKENS}
        ranked = sorted(found, key=lambda p: -_town_score(p, cue_cc, votes - self_vote, near))
        town = ranked[0].entity()
        confidence = m.confidence if len(found) == 1 else min(m.confidence, 0.6)
        out.append(_place(text, m, town, "city", confidence, gaz, geo))
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
        out.append(_place(text, m, best, _feature(best, capitals), confidence, gaz, geo))
    out.sort(key=lambda p: p["start"])
    return out


def _toponym_start(text: str, m: Mention, cues: _Cues) -> int:
    """Where the place name proper begins: after a generic word an alias starts with (مدينة الأبيض)."""
    first, _, rest = text[m.start : m.end].partition(" ")
    if rest and normalize(first) in cues.trim and normalize(text[m.start : m.end]) not in cues.names:
        return m.end - len(rest)
    return m.start


def _place(
    text: str, m: Mention, e: Entity, feature: str, confidence: float, gaz: Gazetteer, geo: GeoNames,
) -> dict[str, Any]:
    start = _toponym_start(text, m, _cues())
    return {
        "start": start,
        "end": m.end,
        "text": text[start : m.end],
        "name": e.name_ar,
        "name_en": e.name_en,
        "lat": e.lat,
        "lon": e.lon,
        "country_code": e.country_code,
        "id": e.id,
        "feature": feature,
        "admin": admin_chain(e, gaz, geo),
        "confidence": round(confidence, 2),
        "metonymy": m.metonymy,
    }


def find_places(text: str, tagger: NerTagger | None = None) -> list[dict[str, Any]]:
    """Places in ``text`` (see ``resolve_places``), with the packaged gazetteer.

    Without a tagger only knowledge-base names are found (fast; the places news names most); with
    one, places the tagger finds are resolved through GeoNames as well.
    """
    from marsad.understand.entities import find_mentions
    from marsad.understand.mentions import link_mentions
    from marsad.understand.times import find_times

    if not text or not text.strip():
        return []
    gaz = load_gazetteer()
    tokens = tokenize(text)
    sentences = split_sentences(text)
    if tagger is None:
        mentions = find_mentions(text, sentences, gaz, tokens)
    else:
        time_spans = [(t.start, t.end) for t in find_times(text, None, sentences)]
        mentions = link_mentions(text, sentences, tokens, gaz, tagger, time_spans)
    return resolve_places(text, mentions, gaz, tokens=tokens)


def link_towns(
    text: str, mentions: list[Mention], sentences: list[Sentence], gazetteer: Gazetteer,
    tokens: list[Token] | None = None,
) -> list[Mention]:
    """The article's mentions with places the knowledge base lacks linked to GeoNames towns.

    Why in the per-article analysis: a tagged place with a ``local:LOC`` id has no coordinates, so
    story maps and geo facets would drop it. Each such mention whose span resolves to a GeoNames
    town gets the town's ``geonames:<id>``; a town found after a town cue or a preposition that no
    mention covers (the tagger missed it) is added as a LOC mention. Knowledge-base links are kept.
    """
    resolved = resolve_places(text, mentions, gazetteer, tokens=tokens)
    places = [p for p in resolved if str(p["id"]).startswith(ID_PREFIX)]
    if not places:
        return mentions
    out = list(mentions)
    starts = [s.start for s in sentences]
    for p in places:
        k = next((n for n, m in enumerate(out) if m.start < p["end"] and p["start"] < m.end), None)
        if k is None:
            index = max(bisect.bisect_right(starts, p["start"]) - 1, -1)
            out.append(Mention(start=p["start"], end=p["end"], text=p["text"], type="LOC", entity_id=p["id"],
                               confidence=p["confidence"], normalized=normalize(p["text"]), sentence_index=index))
        elif out[k].type == "LOC" and (out[k].entity_id or "").startswith("local:"):
            out[k] = replace(out[k], entity_id=p["id"], confidence=min(out[k].confidence, p["confidence"]))
    out.sort(key=lambda m: m.start)
    return out
