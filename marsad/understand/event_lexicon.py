"""The lexicons of events and attributions, read once from ``marsad/understand/data``.

Why one module: the trigger, modality, actor, quantity and attribution tables are all Arabic
knowledge kept in commented TSV files; loading them (and generating the inflected forms of their
verbs and nouns) in one place keeps the extractors pure functions of text + tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from marsad.text.clitics import match_keys
from marsad.text.inflect import noun_forms, verb_forms
from marsad.text.normalize import normalize

# through importlib.resources, not __file__: a compiled build (marsad.native) has no source path
_DATA = resources.files("marsad.understand").joinpath("data")
NEEDS_WINDOW = 5  # words after a trigger in which its "needs" word must appear
NEEDS_BEFORE = 4  # words before a trigger in which its "needs" word may stand instead
NOT_EVENT = "NONE"  # event_triggers.tsv: a phrase that is no event (مؤتمر صحفي), matched before the trigger in it


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One way of expressing an event type: a word (any of its forms) or a phrase."""

    type: str
    kind: str  # verb, verbi, noun, tnoun, form, nform, participle, phrase
    lemma: str  # the form column as written (past/present for verbs)
    needs: frozenset[str]  # empty: no companion word needed
    phrase: tuple[str, ...] = ()  # normalised words of a phrase entry
    broad: bool = False  # needs name a word class (@forces): see events._needs_met

    @property
    def verbal(self) -> bool:
        return self.kind in ("verb", "verbi", "form", "participle")

    @property
    def past_stem(self) -> str:
        """A verb row's past form, normalised (سيطر of سيطر/سيطر), or "" for other rows: a form that
        begins with it is that verb's own (سيطرت, not س + a present), and the bare stem is also the
        masdar (أعلن … قطع العلاقات)."""
        return normalize(self.lemma.split("/")[0]) if self.kind in ("verb", "verbi") else ""

    @property
    def governs_object(self) -> bool:
        """A verbal noun whose genitive is its object (سحب قواتها, إرسال وحدات): the one who acts is
        the clause's subject, not the noun after it."""
        return self.kind == "tnoun"


@dataclass(frozen=True, slots=True)
class EventType:
    type: str
    cameo: str
    genitive: str  # actor | target
    target_by: tuple[str, ...]
    place_by: tuple[str, ...]
    label_ar: str
    physical: bool  # located by any place preposition in the clause (see event_types.tsv)


@dataclass(frozen=True, slots=True)
class EventLexicon:
    forms: dict[str, tuple[TriggerEntry, ...]]  # normalised form -> entries
    surfaces: dict[str, TriggerEntry]  # forms written with shadda (عيّن), matched on the raw word
    surface_norms: frozenset[str]  # their normalised forms: only these words need their raw spelling
    phrases: dict[str, tuple[TriggerEntry, ...]]  # first word of a phrase -> phrase entries
    types: dict[str, EventType]
    modality: dict[str, tuple[tuple[str, int, tuple[str, ...]], ...]]  # first cue word -> (modality, window, cue)
    modality_window: int  # the widest window of any modality cue
    actor_nouns: frozenset[str]
    quantities: dict[str, tuple[str, str]]  # word -> (key, position)
    blockers: frozenset[str]  # a verbal noun right after one of these names a topic (تعزيز التعاون)
    scope: dict[str, str]  # word -> "total" | "partial"
    agent_markers: frozenset[str]  # برصاص، شنه، على يد: the doer of a passive event follows
    doer_verbs: dict[str, frozenset[str]]  # form -> particles: «دفع X إلى تعليق»، «ردت X بضربات»: X does it


@dataclass(frozen=True, slots=True)
class AttributionLexicon:
    verbs: dict[str, bool]  # normalised form -> marks analysis
    relays: frozenset[str]  # نقل/نقلت forms: the subject relays a source introduced by عن
    preps: dict[str, tuple[tuple[tuple[str, ...], bool], ...]]  # first word -> (phrase, marks analysis), longest first
    anonymous: dict[str, bool]  # head word -> analysis source (observers, analysts, experts)
    titles: frozenset[str]  # offices that may precede a speaker's name (وزير، رئيس، المتحدث)
    told: frozenset[str]  # verb forms whose outlet addressee is a source (قال مسؤول لرويترز)
    needs: dict[str, frozenset[str]]  # verb form -> words one of which must follow (حمّل … مسؤولية)
    participles: dict[str, tuple[bool, bool]]  # form -> (marks analysis, only after a comma)
    not_written: frozenset[str]  # written forms that are no cue (يُدعى "is called")


@lru_cache(maxsize=65536)
def word_keys(norm: str) -> tuple[str, ...]:
    """A normalised word's lookup forms, proclitics stripped (``match_keys``; cached per word)."""
    return tuple(match_keys(norm)) if norm[:1].isalpha() else (norm,)


def rows(name: str) -> list[list[str]]:
    """TAB-separated rows of a data file, comments and blank lines skipped."""
    out = []
    with _DATA.joinpath(name).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                out.append([c.strip() for c in line.rstrip("\n").split("\t")])
    return out


@lru_cache(maxsize=8)
def _word_lists(name: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """A data file of named word lists (``event_rule_words.tsv``): list name → its rows, each the
    columns after the name as written, in file order."""
    return _group_word_rows(name, rows(name))


def _group_word_rows(name: str, table: list[list[str]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The rows of ``table`` grouped by list name; a row without a name or a word is refused."""
    lists: dict[str, list[tuple[str, ...]]] = {}
    for r in table:
        if len(r) < 2 or not r[0] or not r[1]:
            raise ValueError(f"{name}: a row needs a list name and a word: {r!r}")
        lists.setdefault(r[0], []).append(tuple(r[1:]))
    return {k: tuple(v) for k, v in lists.items()}


def word_rows(name: str, list_name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of one list of the word-list file ``name`` (see ``_word_lists``); an error naming
    the file's lists if it has no such list."""
    lists = _word_lists(name)
    if list_name not in lists:
        raise ValueError(f"{name}: no word list {list_name!r} (it has: {', '.join(sorted(lists))})")
    return lists[list_name]


def word_list(name: str, list_name: str, written: bool = False) -> frozenset[str]:
    """One list of the word-list file ``name`` as a set of words, normalised like the tokens they
    are compared with, or as written (``written``: for a comparison with a token's own spelling)."""
    words: set[str] = set()
    for r in word_rows(name, list_name):
        if len(r) != 1:
            raise ValueError(f"{name}: list {list_name!r} is a list of words, not of {r!r}")
        words.add(r[0] if written else normalize(r[0]))
    return frozenset(words)


def _split(value: str) -> list[str]:
    return [] if value in ("", "-") else [normalize(v) for v in value.split("|") if v]


@lru_cache(maxsize=1)
def need_classes() -> dict[str, frozenset[str]]:
    """``need_classes.tsv``: class name → its words, for ``@name`` in a needs column."""
    classes: dict[str, set[str]] = {}
    for r in rows("need_classes.tsv"):  # a member @other takes in a class listed above it
        if r[1].startswith("@") and r[1][1:] not in classes:
            raise ValueError(f"need_classes.tsv: {r[1]!r} is not a class listed above {r[0]!r}")
        classes.setdefault(r[0], set()).update(classes[r[1][1:]] if r[1].startswith("@") else {normalize(r[1])})
    return {k: frozenset(v) for k, v in classes.items()}


def _needs(value: str) -> frozenset[str]:
    """A needs column: its words, with each ``@class`` replaced by the words of that class. A word
    written with the article stands for its bare form: a companion is looked up by its
    article-stripped key too, so «علّق محادثات السلام» reaches a row that wrote المحادثات."""
    words: set[str] = set()
    for w in ([] if value in ("", "-") else value.split("|")):
        if w.startswith("@"):
            if w[1:] not in need_classes():
                raise ValueError(f"event_triggers.tsv: unknown word class {w!r}")
            words |= need_classes()[w[1:]]
        elif w:
            n = normalize(w)
            words.add(n[2:] if n.startswith("ال") and len(n) > 4 else n)
    return frozenset(words)


def _forms(kind: str, value: str) -> set[str]:
    if kind in ("verb", "verbi"):
        past, present = value.split("/")
        return verb_forms(past, present, transitive=kind == "verb")
    if kind in ("noun", "tnoun"):
        return noun_forms(value)
    return {normalize(value)}


_KINDS = frozenset({"verb", "verbi", "noun", "tnoun", "form", "nform", "participle", "phrase", "surface"})


def _check_kind(kind: str, value: str) -> None:
    """A misspelt kind would silently read its row as one written form: refuse it at load."""
    if kind not in _KINDS:
        raise ValueError(f"event_triggers.tsv: unknown kind {kind!r} ({value})")


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    forms: dict[str, list[TriggerEntry]] = {}
    phrases: dict[str, list[TriggerEntry]] = {}
    surfaces: dict[str, TriggerEntry] = {}
    types = {r[0]: EventType(r[0], r[1], r[2], tuple(_split(r[3])), tuple(_split(r[4])), r[5], r[6] == "physical")
             for r in rows("event_types.tsv")}
    for row in rows("event_triggers.tsv"):
        etype, kind, value, needs, exclude = (row + ["-", "-"])[:5]
        if etype not in types and etype != NOT_EVENT:
            raise ValueError(f"event_triggers.tsv: unknown event type {etype!r} ({value})")
        required, broad = _needs(needs), "@" in needs
        if kind == "surface":
            surfaces[value] = TriggerEntry(etype, "form", value, required, broad=broad)
            continue
        if kind == "phrase":
            words = tuple(normalize(value).split())
            entry = TriggerEntry(etype, kind, value, required, words, broad=broad)
            for first in {words[0], words[0] + "ا"}:  # وقف / وقفا لإطلاق النار
                phrases.setdefault(first, []).append(entry)
            continue
        _check_kind(kind, value)
        entry = TriggerEntry(etype, kind, value, required, broad=broad)
        for form in _forms(kind, value) - set(_split(exclude)):
            forms.setdefault(form, []).append(entry)
    modality: dict[str, list[tuple[str, int, tuple[str, ...]]]] = {}
    for r in rows("modality_cues.tsv"):
        cue = tuple(normalize(r[2]).split())
        modality.setdefault(cue[0], []).append((r[0], int(r[1]), cue))
    window = max((w for cues in modality.values() for _, w, _ in cues), default=0)
    actors = frozenset(f for r in rows("actor_nouns.tsv") for f in noun_forms(r[0]) - {normalize(r[0]) + "ا"}
                       | {normalize(r[0])})  # قواتها، جنوده: the possessive forms too
    quantities = {normalize(r[0]): (r[1], r[2]) for r in rows("quantity_units.tsv")}
    blockers = frozenset(normalize(r[0]) for r in rows("event_blockers.txt"))
    scope = {normalize(r[1]): r[0] for r in rows("scope_cues.tsv")}
    agents = frozenset(normalize(r[0]) for r in rows("agent_markers.txt"))
    doer_verbs = {f: frozenset(_split(r[1])) for r in rows("doer_verbs.tsv") for f in _forms("verbi", r[0])}
    return EventLexicon(
        {k: tuple(v) for k, v in forms.items()}, surfaces, frozenset(normalize(w) for w in surfaces),
        {k: tuple(v) for k, v in phrases.items()}, types, {k: tuple(v) for k, v in modality.items()}, window,
        actors, quantities, blockers, scope, agents, doer_verbs,
    )


@lru_cache(maxsize=1)
def attribution_lexicon() -> AttributionLexicon:
    verbs: dict[str, bool] = {}
    relays: set[str] = set()
    preps: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
    told: set[str] = set()
    needs: dict[str, frozenset[str]] = {}
    participles: dict[str, tuple[bool, bool]] = {}
    not_cues: set[str] = set()
    not_written: set[str] = set()
    for row in rows("attribution_cues.tsv"):
        kind, value, analysis = row[:3]
        flags = [f.strip() for f in row[3].split(",")] if len(row) > 3 else []
        marks = analysis == "yes"
        forms: set[str] = set()
        if kind == "verb":
            for form in _forms("verb", value):
                if form.startswith("س") and not value.startswith("س"):
                    continue  # ستطالب، سيقول: a future speech act is not a source of this sentence
                verbs[form] = verbs.get(form, False) or marks
                forms.add(form)
        elif kind == "form":
            verbs[normalize(value)] = marks
            forms.add(normalize(value))
        elif kind == "prep":
            phrase = tuple(normalize(value).split())
            preps.setdefault(phrase[0], []).append((phrase, marks))
        elif kind == "relay":
            relays.update(_forms("verb", value))
        elif kind == "participle":
            base = normalize(value)
            participles[base + "ا"] = (marks, False)  # مؤكدا، داعيا: the accusative alef marks the حال
            for form in (base + "ه", base + "ين"):  # مؤكدة، مؤكدين: also adjectives, so after a comma only
                participles.setdefault(form, (marks, True))
        elif kind == "not":
            not_cues.add(normalize(value))
        elif kind == "notwritten":
            not_written.add(value)
        else:
            raise ValueError(f"attribution_cues.tsv: unknown kind {kind!r}")
        for flag in flags:
            if flag == "told":
                told.update(forms)
            elif flag.startswith("needs:"):
                for form in forms:
                    needs[form] = needs.get(form, frozenset()) | {normalize(w) for w in flag[6:].split("|")}
            elif flag:
                raise ValueError(f"attribution_cues.tsv: unknown flag {flag!r}")
    for form in not_cues:
        verbs.pop(form, None)
    anonymous = {normalize(r[0]): r[1] == "yes" for r in rows("anonymous_sources.tsv")}
    titles = {normalize(r[0]) for r in rows("source_titles.txt")}
    titles |= {t[2:] for t in titles if t.startswith("ال")} | {"ال" + t for t in titles}
    by_first = {k: tuple(sorted(v, key=lambda pm: -len(pm[0]))) for k, v in preps.items()}
    return AttributionLexicon(verbs, frozenset(relays), by_first, anonymous, frozenset(titles), frozenset(told),
                              needs, participles, frozenset(not_written))
