"""Each country's state institutions as canonical entities: «الحكومة القطرية», «وزارة خارجية قطر».

Why generated rather than listed: news names a state body by a fixed pattern, institution plus
nationality adjective (وزارة الداخلية الكويتية، الجيش الصومالي، السلطات البنغلاديشية) or construct
state plus country (حكومة قطر), for every country it reports on. Writing those rows by hand for
121 countries would be some 2,000 rows that differ only in the country; the patterns and the
adjectives are data (``data/institutions.tsv``, ``data/demonyms.tsv``) and this module composes them.
A named body then links like any other entity: an attributed statement «قالت وزارة الخارجية
القطرية» gets a source entity with a country, which is what an actor code needs (country + sector,
as CAMEO and ACLED code actors).

Hand-written rows win: when ``entities*.tsv`` already carries one of a body's generated names, the
other names are added to that row's aliases, so its id (marsad:gov-iraq, the Pentagon's QID) stays.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from marsad.knowledge.gazetteer import Gazetteer, data_rows, name_key
from marsad.model import Entity
from marsad.text.normalize import normalize


@dataclass(frozen=True, slots=True)
class _Head:
    key: str
    subtype: str
    head: str  # الحكومة
    feminine: bool  # the adjective after it agrees in the feminine
    construct: str  # حكومة (before a country's name), "" for none
    english: str  # "Government of {country}", "" on a body's later rows


def _heads() -> list[_Head]:
    out = []
    for row in data_rows("institutions.tsv"):
        if len(row) != 6 or row[3] not in ("m", "f"):
            raise ValueError(f"institutions.tsv: expected key, subtype, head, m|f, construct, english: {row}")
        key, subtype, head, gender, construct, english = row
        out.append(_Head(key, subtype, head, gender == "f", "" if construct == "-" else construct,
                         "" if english == "-" else english))
    return out


def _demonyms() -> dict[str, list[str]]:
    """Country id → its masculine nationality adjectives (without the article)."""
    out: dict[str, list[str]] = {}
    for row in data_rows("demonyms.tsv"):
        if len(row) != 2:
            raise ValueError(f"demonyms.tsv: expected country, adjectives: {row}")
        out[row[0]] = [a.strip() for a in row[1].split("|") if a.strip()]
    return out


@lru_cache(maxsize=1)
def nationality_adjectives() -> frozenset[str]:
    """Every country's definite nationality adjective, masculine and feminine, normalised, one word
    (العراقي، العراقيه; the first word of a two-word one): the word that ends a title phrase
    (وزير المالية اللبناني) rather than starting a new one."""
    out: set[str] = set()
    for adjectives in _demonyms().values():
        for masculine in adjectives:
            for feminine in (False, True):
                out.add(normalize(adjective(masculine, feminine).split()[0]))
    return frozenset(out)


def adjective(masculine: str, feminine: bool) -> str:
    """The definite adjective after a head: قطري → القطري / القطرية; كوري جنوبي → الكورية الجنوبية."""
    return " ".join("ال" + w + ("ة" if feminine else "") for w in masculine.split())


def _with_country(lead: str, feminine: bool, construct: str, country: Entity, adjectives: list[str],
                  stop: frozenset[str]) -> list[str]:
    """``lead`` with each of the country's adjectives (الحكومة القطرية، وزير الخارجية القطري), then
    ``construct`` before each of its names (حكومة قطر), if there is one."""
    names = [f"{lead} {adjective(a, feminine)}" for a in adjectives]
    if construct:
        countries = [country.name_ar, *country.aliases]
        names += [f"{construct} {c}" for c in countries if " ".join(name_key(c)) not in stop]
    return names


@dataclass(frozen=True, slots=True)
class _Office:
    key: str  # the body's key in institutions.tsv
    title: str  # وزير الخارجية
    feminine: bool  # the adjective after the title agrees in the feminine
    construct: str  # وزير خارجية (before a country's name), "" for none


def _offices(keys: set[str]) -> list[_Office]:
    out = []
    for row in data_rows("office_holders.tsv"):
        if len(row) != 4 or row[2] not in ("m", "f") or row[0] not in keys:
            raise ValueError(f"office_holders.tsv: expected an institutions.tsv key, title, m|f, construct: {row}")
        key, title, gender, construct = row
        out.append(_Office(key, title, gender == "f", "" if construct == "-" else construct))
    return out


def add_institutions(gaz: Gazetteer) -> None:
    """Add every country's institutions to ``gaz`` (after the hand-written rows and the alias policy),
    the titles of the office holders who speak for them to ``gaz.offices``, and the bodies by country
    and key with the bare heads that name them (``gaz.bodies``, ``gaz.bare_bodies``)."""
    heads = _heads()
    offices = _offices({h.key for h in heads})
    demonyms = _demonyms()
    countries = [e for e in gaz.by_id.values() if e.type == "LOC" and e.subtype == "country" and e.country_code]
    for head in heads:
        gaz.bare_bodies.setdefault(name_key(head.head), head.key)
    for country in countries:
        adjectives = demonyms.get(country.id, [])
        body_ids = _add_bodies(gaz, heads, country, adjectives)
        for key, body_id in body_ids.items():
            gaz.bodies.setdefault((country.country_code, key), body_id)
        for office in offices:
            body = body_ids.get(office.key)
            if body is None:
                continue
            titles = _with_country(office.title, office.feminine, office.construct, country, adjectives, gaz.stop_aliases)
            for title in titles:
                gaz.offices.setdefault(name_key(title), body)


def _add_bodies(gaz: Gazetteer, heads: list[_Head], country: Entity, adjectives: list[str]) -> dict[str, str]:
    """Add one country's institutions; their entity ids by institutions.tsv key."""
    ids: dict[str, str] = {}
    bodies: dict[str, tuple[_Head, list[str]]] = {}
    for head in heads:
        names = _with_country(head.head, head.feminine, head.construct, country, adjectives, gaz.stop_aliases)
        known = bodies.setdefault(head.key, (head, []))[1]
        known.extend(n for n in names if n not in known)
    for key, (first, names) in bodies.items():
        if not names:
            continue
        existing = next((eid for n in names for eid in gaz.lookup(name_key(n))
                         if (e := gaz.get(eid)) is not None and e.type == "ORG"
                         and e.country_code in ("", country.country_code)), None)
        if existing is not None:
            entity = gaz.by_id[existing]
            have = {name_key(n) for n in [entity.name_ar, *entity.aliases]}
            extra = [n for n in names if name_key(n) not in have]
            if extra:
                gaz.add(replace(entity, aliases=[*entity.aliases, *extra]))
            ids[key] = existing
            continue
        ids[key] = entity_id = f"marsad:{country.country_code.lower()}-{key}"
        gaz.add(Entity(
            id=entity_id, type="ORG", subtype=first.subtype,
            name_ar=names[0], name_en=first.english.format(country=country.name_en or country.name_ar),
            aliases=names[1:], country_code=country.country_code,
        ))
    return ids
