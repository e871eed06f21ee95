"""The gazetteer: canonical entities and an index from their normalised names to ids.

Why an index of token tuples: names are matched against running text token by token (longest match
first), so the index maps the normalised token sequence of every alias to the entity ids that carry
it. Rows live in ``data/entities.tsv`` (hand-curated, sources in ``data/SOURCES.md``); files named
``data/entities_*.tsv`` with the same columns extend it (loaded after it, in name order).

Only Arabic names and the aliases column are indexed, not ``name_en``: English words such as
"Turkey", "Chad" or "Jordan" are ordinary words too, and Latin acronyms that are safe (NATO, ISIS)
are listed explicitly as aliases. ``stop_aliases.txt`` marks single-word aliases that are also
ordinary words (never matched alone, or matched with low confidence), and ``metonymy.tsv`` says
which government a capital stands for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import cast

from marsad.model import Entity, EntityType
from marsad.text.normalize import normalize
from marsad.text.tokens import tokenize

_TYPES = {"PER", "ORG", "LOC", "MISC"}


def data_rows(name: str) -> list[list[str]]:
    """The TAB-separated cells of ``data/{name}``, stripped; comments and blank lines skipped."""
    text = resources.files("marsad.knowledge").joinpath(f"data/{name}").read_text("utf-8")
    return [[c.strip() for c in line.split("\t")] for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=50_000)
def name_key(name: str) -> tuple[str, ...]:
    """The normalised word tuple a name is indexed under (punctuation kept only inside words).
    Cached: place resolution asks it of the same names in article after article."""
    return tuple(t.norm for t in tokenize(name) if t.norm and (t.is_word or t.norm[0].isdigit() or t.norm == "+"))


@dataclass(slots=True)
class Gazetteer:
    """Entities by id, plus the alias index used by the mention finder."""

    by_id: dict[str, Entity] = field(default_factory=dict)
    index: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    stop_aliases: frozenset[str] = frozenset()  # normalised one-word aliases never matched alone
    weak_aliases: frozenset[str] = frozenset()  # normalised one-word aliases matched with low confidence
    metonymy: dict[str, str] = field(default_factory=dict)  # capital id -> id of the government it stands for
    # the normalised title of an unnamed office holder (وزير الخارجية العراقي) -> the state body he speaks
    # for; not aliases (a minister is not his ministry), read only to link a statement's source
    offices: dict[tuple[str, ...], str] = field(default_factory=dict)
    # a state body named without its country (الحكومة، وزارة الداخلية) -> its institutions.tsv key, and
    # (country code, key) -> that country's body: «قالت الحكومة» in a Jordanian report is Jordan's
    bare_bodies: dict[tuple[str, ...], str] = field(default_factory=dict)
    bodies: dict[tuple[str, str], str] = field(default_factory=dict)
    max_len: int = 1
    first_words: set[str] = field(default_factory=set)  # first word of every alias: a fast pre-check
    longest_from: dict[str, int] = field(default_factory=dict)  # first word → words in its longest alias

    def get(self, entity_id: str) -> Entity | None:
        return self.by_id.get(entity_id)

    def entities(self) -> list[Entity]:
        return list(self.by_id.values())

    def lookup(self, key: tuple[str, ...]) -> list[str]:
        """Entity ids whose alias normalises to exactly this word tuple (most specific row first)."""
        return self.index.get(key, [])

    def longest_match(self, words: Sequence[str], start: int = 0) -> tuple[int, list[str]] | None:
        """The longest alias beginning at ``words[start]`` (normalised words) as (length, ids).

        No clitic handling here: the mention finder tries clitic-stripped forms of the first word.
        """
        if start >= len(words) or words[start] not in self.first_words:
            return None
        for n in range(min(self.longest_from[words[start]], len(words) - start), 0, -1):
            ids = self.index.get(tuple(words[start : start + n]))
            if ids:
                return n, ids
        return None

    def government_of(self, entity_id: str) -> str | None:
        """The government entity a capital stands for when used as a political actor, if any."""
        return self.metonymy.get(entity_id)

    def add(self, entity: Entity) -> None:
        self.by_id[entity.id] = entity
        for name in [entity.name_ar, *entity.aliases]:
            key = name_key(name)
            if not key:
                continue
            ids = self.index.setdefault(key, [])
            if entity.id not in ids:
                ids.append(entity.id)
            self.first_words.add(key[0])
            self.max_len = max(self.max_len, len(key))
            self.longest_from[key[0]] = max(self.longest_from.get(key[0], 0), len(key))


def _float(value: str) -> float | None:
    return float(value) if value.strip() else None


def parse_entity(row: list[str]) -> Entity:
    row = row + [""] * (10 - len(row))
    eid, etype, subtype, name_ar, name_en, aliases, lat, lon, cc, qid = [c.strip() for c in row[:10]]
    if etype not in _TYPES:
        raise ValueError(f"entity {eid}: unknown type {etype!r}")
    return Entity(
        id=eid,
        type=cast(EntityType, etype),
        subtype=subtype,
        name_ar=name_ar,
        name_en=name_en,
        aliases=[a.strip() for a in aliases.split("|") if a.strip()],
        lat=_float(lat),
        lon=_float(lon),
        country_code=cc,
        wikidata=qid,
    )


def _alias_policy() -> tuple[frozenset[str], frozenset[str]]:
    """(stop, weak) normalised one-word aliases from ``stop_aliases.txt`` (see its header)."""
    text = resources.files("marsad.knowledge").joinpath("data/stop_aliases.txt").read_text("utf-8")
    sections: dict[str, set[str]] = {"stop": set(), "weak": set()}
    current = "stop"  # lines before any section header are stop aliases
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            if current not in sections:
                raise ValueError(f"stop_aliases.txt: unknown section {line}")
            continue
        sections[current].add(normalize(line))
    return frozenset(sections["stop"]), frozenset(sections["weak"])


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once per process."""
    gaz = Gazetteer()
    data = resources.files("marsad.knowledge").joinpath("data")
    names = sorted(p.name for p in data.iterdir() if p.name.startswith("entities") and p.name.endswith(".tsv"))
    for name in names:  # entities.tsv first, then entities_*.tsv extensions (same columns)
        for row in data_rows(name):
            gaz.add(parse_entity(row))
    gaz.stop_aliases, gaz.weak_aliases = _alias_policy()
    gaz.metonymy = {row[0]: row[1] for row in data_rows("metonymy.tsv")}
    from marsad.knowledge.institutions import add_institutions  # it builds on this module's Gazetteer

    add_institutions(gaz)  # each country's ministries, army, police … (institutions.tsv, demonyms.tsv)
    return gaz
