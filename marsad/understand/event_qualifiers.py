"""How an event is qualified: its modality, its scope and the quantities it comes with.

Separate from ``events.py`` (which finds triggers and their participants) because these are read
from cue words around a trigger, independently of who did what: modality from
``data/modality_cues.tsv`` (denied > negated > hypothetical > announced > expected > happened; a future
form with no announcing verb is expected; قد is "may" only before an imperfect verb), scope from
``data/scope_cues.tsv`` (total: لكامل قواتها; partial: بعض القوات، انسحاب تدريجي), quantities from
``data/quantity_units.tsv`` (5 قتلى، مقتل 3، 2500 جندي، 10 ملايين دولار).
"""

from __future__ import annotations

from functools import lru_cache

from marsad.model import Modality
from marsad.text.inflect import PRESENT_PREFIXES
from marsad.text.normalize import normalize
from marsad.text.tokens import Token
from marsad.understand.event_lexicon import EventLexicon, TriggerEntry, rows, word_keys, word_list, word_rows

_RULE_WORDS = "event_rule_words.tsv"  # data file of the closed word lists below, saying what each is for
_MODALITY_RANK: dict[str, int] = {"denied": 5, "hypothetical": 4, "negated": 3, "expected": 2, "announced": 1}
# «أعلن + verbal noun» of an act that is complete when it is announced (an attack, an arrest, an
# expulsion or suspension, a lifting, an appointment) reports it as done (EVENTS_GOLD rule 13); a
# withdrawal, deployment or aid pledge announced lies ahead.
_DONE_WHEN_ANNOUNCED = frozenset({"ASSAULT", "COERCE", "SANCTION", "CONCEDE", "APPOINT"})
_ANNOUNCE_VERBS = frozenset((w,) for w in word_list(_RULE_WORDS, "announce_verbs"))  # one-word modality cues
_THAT = word_list(_RULE_WORDS, "that_clause")  # أنه، بأن، إنها
_SCOPE_WINDOW = 4  # words around a trigger in which a scope word counts
# آلاف، مليون → their value; events reads the words too (a count is no word before a companion)
MULTIPLIERS = {normalize(w): float(v) for w, v in word_rows(_RULE_WORDS, "multipliers")}
@lru_cache(maxsize=1)
def _number_words() -> dict[str, int]:
    return {normalize(r[0]): int(r[1]) for r in rows("time_numbers.tsv") if r[2] in ("card", "tens", "hund", "thou")}


def event_modality(tokens: list[Token], lo: int, i: int, entry: TriggerEntry, lex: EventLexicon) -> Modality:
    found: set[str] = set()
    announcing: set[tuple[str, ...]] = set()
    first_cue = i
    for j in range(max(lo, i - lex.modality_window), i):
        for key in word_keys(tokens[j].norm):
            for modality, window, cue in lex.modality.get(key, ()):
                if i - j > window or j + len(cue) > i:
                    continue
                if any(tokens[j + k].norm != cue[k] for k in range(1, len(cue))):
                    continue
                if cue == ("قد",) and not tokens[j + 1].norm.startswith(PRESENT_PREFIXES):
                    continue  # قد + past tense is "has", not "may"
                found.add(modality)
                if modality == "announced":
                    announcing.add(cue)
                    first_cue = min(first_cue, j)
    word = tokens[i].norm
    bare = word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word
    past = entry.past_stem
    masdar = bool(past) and bare == past  # أعلن … قطع العلاقات
    if found == {"announced"} and announcing <= _ANNOUNCE_VERBS and (not entry.verbal or masdar) and \
            entry.type in _DONE_WHEN_ANNOUNCED and not any(
                _clause_ahead(tokens[k].norm) for k in range(first_cue + 1, i)):
        return "happened"  # أعلن الحوثيون استهداف سفينة، أعلنت بريطانيا تعليق المفاوضات: done as it is told
    own_stem = bool(past) and bare.startswith(past)  # «سيطرتها» is سيطر's, not س + a present «يطرتها»
    future = entry.verbal and bare.startswith("س") and bare[1:2] in PRESENT_PREFIXES and \
        bare not in ("سحب", "سافر") and not own_stem
    if future and "announced" not in found:
        found.add("expected")
    if not found:
        return "happened"
    best = max(found, key=lambda m: _MODALITY_RANK[m])
    if best == "announced" and own_stem and bare != past:
        return "happened"  # «أعلن ترامب أن قوات خاصة اعتقلت مادورو»: a verb inflected in the past reports a
        # deed done (the bare stem is also the masdar: أعلن نشر القوات)
    return best  # type: ignore[return-value]


def _clause_ahead(norm: str) -> bool:
    """«أعلنت كندا أنها سترد بفرض رسوم»: a that-clause or a future verb between the announcing verb
    and the noun puts the act ahead."""
    bare = norm[1:] if norm[:1] in ("و", "ف") and len(norm) > 3 else norm
    return norm in _THAT or (bare[:1] == "س" and bare[1:2] in PRESENT_PREFIXES and len(bare) > 3)


def event_scope(tokens: list[Token], i: int, a: int, b: int, lex: EventLexicon) -> str:
    """"total" or "partial" from a scope word within 4 words of the trigger in its clause."""
    for j in [*range(i + 1, min(b, i + _SCOPE_WINDOW) + 1), *range(i - 1, max(a, i - _SCOPE_WINDOW) - 1, -1)]:
        hit = next((lex.scope[k] for k in word_keys(tokens[j].norm) if k in lex.scope), None)
        if hit:
            return hit
    return ""


def number_at(tokens: list[Token], j: int) -> float | None:
    norm = tokens[j].norm
    digits = norm.replace(",", "").replace("٬", "")
    if digits.replace(".", "", 1).isdigit():
        value = float(digits)
    else:
        words = _number_words()
        key = next((k for k in word_keys(norm) if k in words), None)
        if key is None:
            return None
        value = float(words[key])
    if j + 1 < len(tokens) and tokens[j + 1].norm in MULTIPLIERS:
        value *= MULTIPLIERS[tokens[j + 1].norm]
    return value


def event_quantities(tokens: list[Token], a: int, b: int, lex: EventLexicon) -> dict[str, float]:
    out: dict[str, float] = {}
    for j in range(a, b + 1):
        hit = next(((k, q) for k in word_keys(tokens[j].norm) if (q := lex.quantities.get(k))), None)
        if hit is None:
            continue
        key, position = hit[1]
        if position == "after":
            for back in (1, 2, 3):  # 5 قتلى، 10 آلاف نازح، 2,500 جندي
                if j - back >= a and (value := number_at(tokens, j - back)) is not None:
                    out.setdefault(key, value)
                    break
        elif j + 1 <= b and (value := number_at(tokens, j + 1)) is not None:
            out.setdefault(key, value)
    return out
