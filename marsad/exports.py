"""Exports for analysts: the store's records as JSON Lines, CSV, Markdown or GeoJSON.

Why here and not in the CLI: the web app's export endpoints and the CLI must produce the same files.
JSON Lines carry full records (``marsad.model.to_dict``; attributions and claims with their
``article_id`` added); CSV carries a flat, documented subset that opens in a spreadsheet; Markdown is
for briefs people read.

Events are the exception: ``what="events"`` is a flat table in ACLED-like columns (``EVENT_COLUMNS``,
documented in ``event_rows``), the same rows in CSV and JSON Lines (JSON keeps numbers, nulls and the
quantities object; CSV writes empty cells and compact JSON), and as GeoJSON the events that have
coordinates. Full event records, with every span, are in the ``analyses`` export.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from marsad.model import AnalyzedArticle, Entity, Event, to_dict
from marsad.store.base import Store, paged

EVENT_COLUMNS = [
    "event_id", "event_date", "time_precision", "time_source", "event_type", "sub_event_type", "cameo",
    "actor1", "actor1_id", "actor2", "actor2_id", "admin1", "country", "location", "latitude",
    "longitude", "geo_precision", "modality", "quantities", "source", "source_url", "attributed_to",
    "notes",
]  # fmt: skip

CSV_COLUMNS: dict[str, list[str]] = {
    "articles": ["id", "published", "outlet", "title", "url", "language", "author", "source_kind"],
    "stories": ["id", "title", "first_published", "last_published", "articles", "outlets", "key_entities"],
    "entities": ["id", "type", "subtype", "name_ar", "name_en", "lat", "lon", "country_code", "mentions", "articles"],
    "events": EVENT_COLUMNS,
    "attributions": ["article_id", "sentence_index", "source", "kind", "analysis", "entity_id", "cue", "quote"],
}

FORMATS = ("jsonl", "csv", "markdown", "geojson")

# ACLED's time_precision: 1 = the day (or finer) is known, 2 = the week or month, 3 = only a wider span.
_TIME_PRECISION = {"second": 1, "minute": 1, "hour": 1, "day": 1, "week": 2, "month": 2, "quarter": 3, "year": 3}
# ACLED's geo_precision, from the place entity's subtype: 1 = a town or a site, 2 = a governorate or
# region, 3 = a country or anything wider. Subtypes not listed (city, base, airport, …) are 1.
_GEO_PRECISION = {
    "governorate": 2, "region": 2, "district": 2, "river": 2, "lake": 2,
    "country": 3, "continent": 3, "sea": 3, "ocean": 3, "strait": 3, "canal": 3,
}  # fmt: skip


def place_entity(entity_id: str | None) -> Entity | None:
    """The entity record of an event's place: the gazetteer's, or the GeoNames town's for a
    ``geonames:`` id (None for a local or unknown id)."""
    if not entity_id:
        return None
    from marsad.knowledge.gazetteer import load_gazetteer
    from marsad.knowledge.geonames import known_entity

    return known_entity(entity_id, load_gazetteer())


def place_divisions(entity: Entity) -> tuple[str, str]:
    """(governorate, country) names, in Arabic, of a place ("" where not known); a governorate or a
    country is its own."""
    from marsad.knowledge.gazetteer import load_gazetteer
    from marsad.understand.places import admin_chain

    chain = admin_chain(entity, load_gazetteer())
    admin1 = next((c["name"] for c in chain if c["feature"] == "governorate"), "")
    country = next((c["name"] for c in chain if c["feature"] == "country"), "")
    if entity.subtype == "governorate":
        admin1 = entity.name_ar
    if entity.subtype == "country":
        country = entity.name_ar
    return admin1, country


def event_date(event: Event) -> str:
    """The event's time as an ISO date (cut to ``YYYY-MM-DD``; a month or year stays as it is)."""
    return (event.time or "")[:10]


def event_rows(analysis: AnalyzedArticle) -> list[dict[str, Any]]:
    """The article's events as rows of ``EVENT_COLUMNS`` (ACLED-like), in text order.

    ``event_id`` is ``<article id>:<index in analysis.events>``. ``event_date`` is the event's
    resolved time, ``time_precision`` ACLED's code for its grain (1 day, 2 week/month, 3
    quarter/year; None when undated) and ``time_source`` whether the text states it (explicit) or it
    is the publication date. ``event_type`` is the PLOVER type; ``sub_event_type`` is the **trigger
    word** as written (Marsad has no sub-type vocabulary: the word is the finest grain it has).
    ``actor1``/``actor2`` are the actor's and the target's text, ``*_id`` their linked entity ids.
    ``location`` is the place as written; ``admin1`` (governorate), ``country``, ``latitude``,
    ``longitude`` come from the place's entity, and ``geo_precision`` (1 town or site, 2 governorate
    or region, 3 country) from its subtype; all empty for an unlinked place. ``attributed_to`` is who
    the sentence is attributed to (" (anonymous)" added for an unnamed source), ``notes`` the
    sentence, ``source``/``source_url`` the article's outlet and URL.
    """
    article = analysis.article
    sentences = {s.index: s.text for s in analysis.sentences}
    rows: list[dict[str, Any]] = []
    for i, e in enumerate(analysis.events):
        place = place_entity(e.place.entity_id) if e.place else None
        admin1, country = place_divisions(place) if place else ("", "")
        has_point = place is not None and place.lat is not None and place.lon is not None
        att = e.attribution
        rows.append({
            "event_id": f"{article.id}:{i}",
            "event_date": event_date(e),
            "time_precision": _TIME_PRECISION.get(e.time_grain) if e.time else None,
            "time_source": e.time_source,
            "event_type": e.type,
            "sub_event_type": e.trigger,
            "cameo": e.cameo,
            "actor1": e.actor.text if e.actor else "",
            "actor1_id": (e.actor.entity_id or "") if e.actor else "",
            "actor2": e.target.text if e.target else "",
            "actor2_id": (e.target.entity_id or "") if e.target else "",
            "admin1": admin1,
            "country": country,
            "location": e.place.text if e.place else "",
            "latitude": place.lat if has_point and place else None,
            "longitude": place.lon if has_point and place else None,
            "geo_precision": _GEO_PRECISION.get(place.subtype, 1) if place else None,
            "modality": e.modality,
            "quantities": dict(e.quantities),
            "source": article.outlet,
            "source_url": article.url,
            "attributed_to": (att.source_text + (" (anonymous)" if att.anonymous else "")) if att else "",
            "notes": sentences.get(e.sentence_index, ""),
        })  # fmt: skip
    return rows


def events_geojson(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the event rows that have coordinates: Point ``[lon, lat]``
    (RFC 7946 order), the row as properties."""
    features = [
        {
            "type": "Feature",
            "id": r["event_id"],
            "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
            "properties": r,
        }
        for r in rows
        if r.get("latitude") is not None and r.get("longitude") is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def _rows(store: Store, what: str) -> Iterator[dict[str, Any]]:
    if what == "articles":
        for a in paged(store.list_articles):
            yield to_dict(a)
    elif what == "analyses":
        for an in store.iter_analyses():
            yield to_dict(an)
    elif what == "stories":
        for s in paged(store.list_stories):
            yield to_dict(s)
    elif what == "briefs":
        for s in paged(store.list_stories):
            b = store.get_brief(s.id)
            if b is not None:
                yield to_dict(b)
    elif what == "entities":
        for ec in paged(store.list_entities):
            row = to_dict(ec.entity)
            row.update(mentions=ec.mentions, articles=ec.articles)
            yield row
    elif what == "events":
        for an in store.iter_analyses():
            yield from event_rows(an)
    elif what == "attributions":
        for an in store.iter_analyses():
            for att in an.attributions:
                yield {"article_id": an.article.id, **to_dict(att)}
    elif what == "claims":
        for an in store.iter_analyses():
            for claim in an.claims:
                yield {"article_id": an.article.id, **to_dict(claim)}
    else:
        raise ValueError(f"unknown export {what!r}")


def _csv_value(value: Any) -> str:
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    if isinstance(value, dict):  # event quantities: compact JSON, empty when none
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True) if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _csv_row(what: str, r: dict[str, Any]) -> dict[str, Any]:
    if what == "stories":
        return {**r, "articles": len(r["article_ids"])}
    if what == "attributions":
        return {**r, "source": r["source_text"], "kind": "anonymous" if r["anonymous"] else "named"}
    return r


def export_records(store: Store, what: str, fmt: str) -> str:
    """The whole export as one string (stores of laptop size; streaming comes with big stores).

    ``what``: articles, analyses, stories, briefs, entities, events, attributions, claims. ``fmt``:
    jsonl (all), csv (see ``CSV_COLUMNS``), markdown (briefs), geojson (events). A combination that
    does not exist is a ``ValueError`` with a one-line message.
    """
    if fmt == "geojson":
        if what != "events":
            raise ValueError(f"GeoJSON export is available for events only, not {what}")
        return json.dumps(events_geojson(_rows(store, "events")), ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _rows(store, what))
    if fmt == "csv":
        if what not in CSV_COLUMNS:
            raise ValueError(f"CSV export is available for {', '.join(CSV_COLUMNS)}; use jsonl for {what}")
        columns = CSV_COLUMNS[what]
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        for r in _rows(store, what):
            r = _csv_row(what, r)
            writer.writerow([_csv_value(r.get(c)) for c in columns])
        return buf.getvalue()
    if fmt == "markdown":
        if what != "briefs":
            raise ValueError("Markdown export is available for briefs only")
        from marsad.brief.render import brief_to_markdown
        from marsad.model import Brief, from_dict

        return "\n\n".join(brief_to_markdown(from_dict(Brief, r)) for r in _rows(store, "briefs")) + "\n"
    raise ValueError(f"unknown format {fmt!r}")
