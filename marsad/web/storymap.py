"""The story page's map of places: which places a story is about, and where to draw them.

Why server-side and offline: the page's CSP allows no remote resources and the site must work with no
network, so there are no map tiles and no script. The map is an inline SVG whose country outlines
come from the ``countryinfo`` package (MIT; the outlines are johan/world.geo.json, derived from the
public-domain Natural Earth 1:110m countries), read from the installed wheel, never fetched.

Everything here is a pure function of its arguments (the outlines are read once and cached), so the
projection and cropping can be tested without a store or a web server. The template
(``templates/_map.html``) only prints the numbers and strings built here, escaped by Jinja.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.model import Entity, Mention
from marsad.web.render import id_path

UNMAPPED_SUBTYPES = frozenset({"continent"})  # a dot for «آسيا» would only stretch the map
MAX_PLACES = 25  # more dots than this turn the map into a blot of overlapping labels
WIDTH = 600.0  # viewBox width; the SVG scales to its box through CSS, so this only sets precision
MIN_SPAN_LON = 8.0  # degrees: a single place still shows its region (a city and its neighbours)
MIN_SPAN_LAT = 6.0
PAD_FRACTION = 0.15  # of the span on each side, so edge dots and their labels stay inside
PAD_MIN_DEG = 1.0
MIN_ASPECT = 0.45  # height / width of the drawn map: never a thin strip ...
MAX_ASPECT = 0.9  # ... nor taller than wide, so it fits above the fold on a phone
DOT_MIN_R = 4.0
DOT_MAX_R = 11.0

Ring = tuple[tuple[float, float], ...]  # (lon, lat) points of one closed ring


@dataclass(frozen=True, slots=True)
class Place:
    """A place the story mentions, with where it is and how often the story names it."""

    id: str
    name_ar: str
    lat: float
    lon: float
    mentions: int


@dataclass(frozen=True, slots=True)
class BBox:
    """A lon/lat box, west < east and south < north (no wrap across the antimeridian)."""

    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True, slots=True)
class Projection:
    """Equirectangular, scaled by cos(middle latitude) so the shapes of the cropped region look
    right (plain lon/lat degrees stretch everything east–west away from the equator)."""

    box: BBox
    kx: float  # viewBox units per degree of longitude
    ky: float  # viewBox units per degree of latitude
    width: float
    height: float

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        """viewBox (x, y) of a lon/lat: x grows east, y grows south, as SVG's axes do."""
        return ((lon - self.box.west) * self.kx, (self.box.north - lat) * self.ky)


@dataclass(frozen=True, slots=True)
class MapDot:
    """One place as drawn: its circle, its label's anchor and side, and the entity page it opens."""

    place: Place
    href: str
    x: float
    y: float
    r: float
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor; with direction="rtl", "start" is the label's right edge
    labelled: bool  # False when every spot for the label would cover a busier place's label


@dataclass(frozen=True, slots=True)
class StoryMap:
    """Everything the template needs: the viewBox, one path per country, and the dots."""

    width: float
    height: float
    outlines: list[str]
    dots: list[MapDot]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


def collect_places(
    mentions: Iterable[Mention],
    lookup: Callable[[str], Entity | None],
    limit: int = MAX_PLACES,
) -> list[Place]:
    """The story's places with coordinates, most mentioned first (ties by Arabic name, then id, so
    the order is stable). Only LOC mentions linked to an entity count; entities without lat/lon
    (most local ones, and rivers or regions the knowledge base does not place) cannot be drawn and
    are left out rather than guessed; so are continents, whose one point says nothing on a map."""
    counts = Counter(m.entity_id for m in mentions if m.type == "LOC" and m.entity_id)
    places: list[Place] = []
    for entity_id, n in counts.items():
        entity = lookup(entity_id)
        if entity is None or entity.lat is None or entity.lon is None:
            continue
        if entity.subtype in UNMAPPED_SUBTYPES:
            continue
        if not (math.isfinite(entity.lat) and math.isfinite(entity.lon)):
            continue
        if not (-90.0 <= entity.lat <= 90.0 and -180.0 <= entity.lon <= 180.0):
            continue
        name = entity.name_ar or entity.name_en or entity.id
        places.append(Place(entity.id, name, float(entity.lat), float(entity.lon), n))
    places.sort(key=lambda p: (-p.mentions, p.name_ar, p.id))
    return places[:limit]


def crop(places: list[Place]) -> BBox:
    """The box to draw: the places' bounding box, padded, at least the minimum span (centred on the
    places), and widened in one direction so its drawn aspect stays between MIN_ASPECT and
    MAX_ASPECT. Latitudes stay within ±85° and longitudes within ±180° so the box is a real one."""
    if not places:
        raise ValueError("crop needs at least one place")
    west = min(p.lon for p in places)
    east = max(p.lon for p in places)
    south = min(p.lat for p in places)
    north = max(p.lat for p in places)
    pad_lon = max((east - west) * PAD_FRACTION, PAD_MIN_DEG)
    pad_lat = max((north - south) * PAD_FRACTION, PAD_MIN_DEG)
    west, east = _at_least(west - pad_lon, east + pad_lon, MIN_SPAN_LON)
    south, north = _at_least(south - pad_lat, north + pad_lat, MIN_SPAN_LAT)
    cos_mid = _cos_lat((south + north) / 2)
    aspect = (north - south) / ((east - west) * cos_mid)
    if aspect < MIN_ASPECT:
        south, north = _at_least(south, north, MIN_ASPECT * (east - west) * cos_mid)
    elif aspect > MAX_ASPECT:
        west, east = _at_least(west, east, (north - south) / (MAX_ASPECT * cos_mid))
    west, east = _clamp_span(west, east, -180.0, 180.0)
    south, north = _clamp_span(south, north, -85.0, 85.0)
    return BBox(west, south, east, north)


def projection(box: BBox, width: float = WIDTH) -> Projection:
    """The projection that maps ``box`` onto a viewBox ``width`` wide (height follows the box)."""
    cos_mid = _cos_lat((box.south + box.north) / 2)
    kx = width / (box.east - box.west)
    ky = kx / cos_mid
    return Projection(box, kx, ky, width, round((box.north - box.south) * ky, 1))


def outline_paths(proj: Projection) -> list[str]:
    """SVG path data for every country that reaches into the box (whole rings: the SVG viewport
    clips what lies outside, which keeps coasts unbroken at the edges)."""
    box = proj.box
    paths: list[str] = []
    for rings in _countries():
        parts = []
        for ring in rings:
            lons = [p[0] for p in ring]
            lats = [p[1] for p in ring]
            if max(lons) < box.west or min(lons) > box.east or max(lats) < box.south or min(lats) > box.north:
                continue
            parts.append(_ring_path(ring, proj))
        if parts:
            paths.append("".join(parts))
    return paths


def build_map(places: list[Place], width: float = WIDTH) -> StoryMap | None:
    """The map of ``places`` (None when there is nothing to draw, so the page shows no empty map).
    Dot area grows with mentions, so the places the story is most about stand out."""
    if not places:
        return None
    proj = projection(crop(places), width)
    top = max(p.mentions for p in places)
    taken: list[_Box] = []
    dots: list[MapDot] = []
    # Busiest places claim their label spots first; the dots are then drawn least mentioned first,
    # so the big dots (and their labels) end up on top.
    for place in places:
        x, y = proj.point(place.lon, place.lat)
        r = DOT_MIN_R + (DOT_MAX_R - DOT_MIN_R) * math.sqrt(place.mentions / top)
        label_x, label_y, anchor, labelled = _place_label(place.name_ar, x, y, r, proj.width, taken)
        dots.append(
            MapDot(
                place,
                f"/entities/{id_path(place.id)}",
                round(x, 1),
                round(y, 1),
                round(r, 1),
                round(label_x, 1),
                round(label_y, 1),
                anchor,
                labelled,
            )
        )
    dots.reverse()
    return StoryMap(proj.width, proj.height, outline_paths(proj), dots)


# ----------------------------------------------------------------------------------------------------
# Internals

LABEL_FONT = 16.0  # viewBox units; must match the CSS font-size of .map-place text
_Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _place_label(
    name: str, x: float, y: float, r: float, width: float, taken: list[_Box]
) -> tuple[float, float, str, bool]:
    """Where a dot's label goes: left of the dot (Arabic runs right to left, so the label starts
    next to it), else right of it, else above or below; a label that would overlap one already
    placed is hidden (its dot keeps the name as a tooltip) rather than drawn as an unreadable
    smear. Widths are estimated (about half an em per Arabic letter), which is enough to keep
    labels apart without measuring fonts on the server."""
    w = max(len(name), 2) * LABEL_FONT * 0.5
    h = LABEL_FONT * 1.2
    gap = r + 3
    left = (x - gap, y, "start", (x - gap - w, y - h / 2, x - gap, y + h / 2))
    right = (x + gap, y, "end", (x + gap, y - h / 2, x + gap + w, y + h / 2))
    above = (x + w / 2, y - gap - h / 2, "start", (x - w / 2, y - gap - h, x + w / 2, y - gap))
    below = (x + w / 2, y + gap + h / 2, "start", (x - w / 2, y + gap, x + w / 2, y + gap + h))
    # Near the left edge a left-hand label would run off the map: try the right side first there.
    order = [right, left, above, below] if x - gap - w < 0 else [left, right, above, below]
    for lx, ly, anchor, box in order:
        if box[0] >= 0 and box[2] <= width and not any(_overlap(box, t) for t in taken):
            taken.append(box)
            return lx, ly, anchor, True
    return left[0], left[1], left[2], False


def _overlap(a: _Box, b: _Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _cos_lat(lat: float) -> float:
    return max(math.cos(math.radians(lat)), 0.2)  # near the poles the map would grow without bound


def _at_least(lo: float, hi: float, span: float) -> tuple[float, float]:
    """``lo..hi`` widened about its middle to at least ``span``."""
    if hi - lo >= span:
        return lo, hi
    mid = (lo + hi) / 2
    return mid - span / 2, mid + span / 2


def _clamp_span(lo: float, hi: float, floor: float, ceiling: float) -> tuple[float, float]:
    """``lo..hi`` shifted (not shrunk) to lie within ``floor..ceiling``; cut only if it is wider."""
    if lo < floor:
        lo, hi = floor, hi + (floor - lo)
    if hi > ceiling:
        lo, hi = lo - (hi - ceiling), ceiling
    return max(lo, floor), hi


def _ring_path(ring: Ring, proj: Projection) -> str:
    pts = [proj.point(lon, lat) for lon, lat in ring]
    head = f"M{pts[0][0]:.1f} {pts[0][1]:.1f}"
    return head + "".join(f"L{x:.1f} {y:.1f}" for x, y in pts[1:]) + "Z"


@lru_cache(maxsize=1)
def _countries() -> tuple[tuple[Ring, ...], ...]:
    """Every country's rings (outer rings and holes; the path uses even-odd filling), read once per
    process from the ``countryinfo`` wheel's data files. A country whose file has no outline (a few
    small islands and states) is simply not drawn."""
    countries: list[tuple[Ring, ...]] = []
    data = resources.files("countryinfo") / "data"
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        try:
            record = json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        rings = tuple(_rings(record.get("geoJSON")))
        if rings:
            countries.append(rings)
    return tuple(countries)


def _rings(geo: Any) -> Iterable[Ring]:
    """The rings of a GeoJSON FeatureCollection/Feature/Polygon/MultiPolygon (anything else: none)."""
    if not isinstance(geo, dict):
        return
    kind = geo.get("type")
    if kind == "FeatureCollection":
        for feature in geo.get("features") or []:
            yield from _rings(feature)
    elif kind == "Feature":
        yield from _rings(geo.get("geometry"))
    elif kind == "Polygon":
        yield from _polygon(geo.get("coordinates") or [])
    elif kind == "MultiPolygon":
        for polygon in geo.get("coordinates") or []:
            yield from _polygon(polygon)


def _polygon(coords: list[Any]) -> Iterable[Ring]:
    for ring in coords:
        points = tuple((float(p[0]), float(p[1])) for p in ring if len(p) >= 2)
        if len(points) >= 3:
            yield points
