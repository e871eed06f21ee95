"""Events: who did what to whom, where and when, in the PLOVER ontology, from one article.

How, in order (a pure function of the text and the article's earlier analysis):

1. **Triggers.** Every word outside an entity mention is looked up, with its proclitics stripped, in
   the inflected forms of ``data/event_triggers.tsv`` (verbs in every person and tense, verbal nouns
   with their plurals and possessives; see ``marsad/text/inflect.py``), and phrases are matched word
   by word. An entry with ``needs`` counts only when one of its companion words follows within four
   words (نشر قوات is a deployment; نشر بيانا is not). Two triggers of one type within two words are
   one event (توقيع اتفاق).
2. **Participants.** The sentence's entity mentions plus generic actor phrases
   (``data/actor_nouns.tsv``: مسلحون مجهولون، قوات الأمن العراقية), each a span.
3. **Actor and target.** After a verb the subject comes first (Arabic news is mostly
   verb-subject-object: انسحبت القوات الأمريكية); a participant just before the verb is the subject
   instead (القوات الأمريكية انسحبت). After a verbal noun the following name is the actor or the
   target, by type (انسحاب القوات: the forces withdraw; اعتقال الناشط: the activist is arrested;
   ``event_types.tsv``, column genitive). The target is the participant after one of the type's
   prepositions (هجوم على، اتفاق مع، عقوبات على) or the verb's object. A participant after a
   preposition is never a subject.
4. **Place** is the sentence's place mention after one of the type's place prepositions (من قاعدة
   for a withdrawal, إلى for a deployment, في otherwise), else the nearest one that is not already
   the actor or target. **Time** is the sentence's resolved time (``sentence_times``).
5. **Modality, scope and quantities** from cue words around the trigger in its clause
   (``event_qualifiers.py``). An event demanded, threatened or rejected (طالب بانسحاب) is
   hypothetical.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from functools import lru_cache

from marsad.model import Argument, Attribution, Event, Mention, Modality, Sentence, TimeExpr
from marsad.text.inflect import OBJECT_SUFFIXES, PRESENT_PREFIXES
from marsad.text.normalize import normalize
from marsad.text.tokens import Token
from marsad.understand.attributions import source_phrases
from marsad.understand.event_lexicon import (
    NEEDS_BEFORE,
    NEEDS_WINDOW,
    NOT_EVENT,
    EventLexicon,
    EventType,
    TriggerEntry,
    event_lexicon,
    word_keys,
    word_list,
    word_rows,
)
from marsad.understand.event_qualifiers import (
    MULTIPLIERS,
    event_modality,
    event_quantities,
    event_scope,
    number_at,
)
from marsad.understand.places import place_cue_words
from marsad.understand.sentence_times import explicit_time

# The closed word lists below are in data/event_rule_words.tsv (normalised as loaded), which says
# what each is for.
_RULE_WORDS = "event_rule_words.tsv"
_MERGE_TOKENS = 2  # same-type triggers this close are one event
_CASUALTY_PAIR = 6  # «قُتل 22 شخصاً وأصيب 124»: a conjoined casualty verb this close is the same event
_MIN_STEM = 3  # letters left after stripping proclitics for a trigger to count
_CASUALTY = word_list(_RULE_WORDS, "casualty")  # مقتل، أصيب، استشهد
_COMPLEMENT_OF = frozenset({"REQUEST", "THREATEN", "REJECT"})  # طالب بانسحاب: the withdrawal is not (yet) real
_COMPLEMENT_WINDOW = 3
# a demanding verb's subject and object may stand before what it demands (طالب البرلمان الأوروبي السلطات
# الأذربيجانية بالإفراج، ناشد البابا المتحاربين في السودان إلقاء السلاح), with no clause boundary between
_VERB_COMPLEMENT_WINDOW = 9
_BI_LIGHT = word_list(_RULE_WORDS, "bi_light")  # بشن هجمات: what follows is the content of a threat or demand
_DOER_BEFORE_LIGHT = word_list(_RULE_WORDS, "doer_before_light")  # قام بشن: done
_ABSORBS = frozenset({"SANCTION", "CONCEDE", "REJECT"})  # see _drop_absorbed
_AHEAD = word_list(_RULE_WORDS, "ahead")  # المرتقبة، المقبل
_TIME_ANCHORS = word_list(_RULE_WORDS, "time_anchors")  # قبيل، عشية
# see _sentence_initial: form → (event type, the lexicon form whose entry of that type it takes)
_INITIAL_VERBS = {normalize(form): (etype, normalize(sibling))
                  for form, etype, sibling in word_rows(_RULE_WORDS, "initial_verbs")}
_WARN_FORMS = word_list(_RULE_WORDS, "warn_forms")  # حذّر
_CLAUSE_OPENERS = word_list(_RULE_WORDS, "clause_openers")  # فيما، بينما
_AFTER_THAT = word_list(_RULE_WORDS, "after_that")  # بعد، قبل: «بعد أن طالب الاتحاد …» opens a verb
_ANY = word_list(_RULE_WORDS, "any")  # أي: «سترد على أي هجوم»
_TURNOUT_VERBS = word_list(_RULE_WORDS, "turnout_verbs")  # خرج (آلاف في مظاهرات)
_GIVING_VERBS = word_list(_RULE_WORDS, "giving_verbs")  # قدّم (منحة، قرضاً، مساعدات)
_ROUND_NOUNS = word_list(_RULE_WORDS, "round_nouns")  # جولة (مفاوضات)
_FRAME_PREPOSITIONS = word_list(_RULE_WORDS, "frame_prepositions")  # خلال، أثناء
_FRAME_NOUNS = word_list(_RULE_WORDS, "frame_nouns")  # عملية
_RECEIVE_VERBS = word_list(_RULE_WORDS, "receive_verbs")  # استقبل
_RECEIVING_PLACES = word_list(_RULE_WORDS, "receiving_places")  # ميناء، مستشفى
_CLOSE_VERBS = word_list(_RULE_WORDS, "close_verbs")  # أغلق
_CLOSING_AUTHORITIES = word_list(_RULE_WORDS, "closing_authorities")  # السلطات، الشرطة
_CONTROL_NOUNS = word_list(_RULE_WORDS, "control_nouns")  # السيطرة (استعادت … السيطرة على)
_BACKING_FORMS = word_list(_RULE_WORDS, "backing_forms")  # بدعم (من)
_CONTROL_OBJECT_WINDOW = 6  # words from a capture to «السيطرة» as its object (the subject between)
# words after حذّر in which «من أنه/أنها» opens what is warned of (its object may stand between: «حذّر
# الجيش سكان حيي التفاح والدرج شرقي مدينة غزة من أنه سيهاجمهما»)
_WARN_WINDOW = 12
_THAT_PRONOUN = word_list(_RULE_WORDS, "that_pronoun")  # أنه، أنها
_BE_FUTURE = word_list(_RULE_WORDS, "be_future")  # سيكون، سيتم
_TRUCE_WORDS = word_list(_RULE_WORDS, "truce_words")  # هدنة، وقف
_ONE_SIDED = word_list(_RULE_WORDS, "one_sided")  # أحادي
_ONE_SIDED_WINDOW = 6  # words after a truce in which «من جانب واحد / أحادي» makes it unilateral
_NOT_OBJECT = word_list(_RULE_WORDS, "not_object")  # أن، الذي، أمس: no object starts with these
_AGREEMENT_MAKERS = word_list(_RULE_WORDS, "agreement_makers")  # توصل إلى، وقّع، أبرم
_MAKER_PREPOSITIONS = word_list(_RULE_WORDS, "maker_prepositions")  # makers that sign nothing: إلى، أعلن
_STATEMENT_PLACE = 5  # words after a statement-like trigger in which في + place locates it
_LOCATIVE = word_list(_RULE_WORDS, "locative")  # في، قرب، شمال
_ARG_WINDOW = 8  # words after a trigger in which its arguments are looked for
_SIGNED_WINDOW = 14  # words from a signing verb to its agreement noun: two parties, a place and a day may stand between
_COMPLEMENTIZERS = word_list(_RULE_WORDS, "complementizers")  # أنّ/إنّ: the noun after them is a subject
_BEFORE_WINDOW = 3  # words before a verb in which a subject may stand (SVO)
_PREPOSITIONS = word_list(_RULE_WORDS, "prepositions")
_NOT_SITE_IDS = ("Q", "local:PER", "local:ORG", "marsad:country-")  # entities that can act
_RELATIVES = word_list(_RULE_WORDS, "relatives")  # الذي، التي
# words after a trigger in which «بين X وY» names its sides: a verbal noun's modifiers may come first
# (اشتباكات عنيفة بالأسلحة المتوسطة بين، اتفاق وقف إطلاق النار بين)
_BETWEEN_WINDOW = 6
_OWNS_BETWEEN = _PREPOSITIONS - {"بين"}  # على الحدود بين: a preposition's phrase owns the بين after it
_ADDRESSING = frozenset({"ACCUSE", "REQUEST"})
_VICTIMS = word_list(_RULE_WORDS, "victims")
_TAKES_OFFICE = word_list(_RULE_WORDS, "takes_office", written=True)
_STATEMENT_TYPES = frozenset({"ACCUSE", "REQUEST", "THREATEN", "REJECT"})  # see _ahead_of
_LINKERS = word_list(_RULE_WORDS, "linkers")  # see _is_linker
_DASHES = frozenset({"-", "–", "—", "--"})
_BOUNDARY = frozenset({".", "؟", "?", "!", "؛", ";", ":", "\n"})


@dataclass(frozen=True, slots=True)
class _Participant:
    first: int  # token indices, inclusive
    last: int
    start: int  # character offsets
    end: int
    text: str
    entity_id: str | None
    is_place: bool
    clitic: str = ""  # a proclitic on the first word that is outside the span's meaning (بطائرات: ب)

    def argument(self) -> Argument:
        return Argument(self.start, self.end, self.text, self.entity_id)


_keys = word_keys


def _token_range(tokens: list[Token], starts: list[int], start: int, end: int) -> tuple[int, int]:
    """First and last token index covering the character span [start, end)."""
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    last = max(bisect.bisect_left(starts, end) - 1, first)
    return first, last


def _prepositional(tokens: list[Token], p: _Participant) -> str | None:
    """The preposition that governs a participant (a word before it, or a clitic on its first word)."""
    if p.clitic:
        return p.clitic
    tok = tokens[p.first]
    if p.start > tok.start:
        prefix = normalize(tok.text[: p.start - tok.start])
        prefix = prefix[1:] if prefix[:1] in ("و", "ف") else prefix
        if prefix[:1] in ("ب", "ل", "ك"):
            return prefix[:1]
    j = p.first - 1
    if j > 0 and p.is_place and any(k in place_cue_words() for k in _keys(tokens[j].norm)):
        j -= 1  # من قاعدتي عين الأسد: the preposition governs the cue word and the name after it
    if j >= 0:
        before = tokens[j].norm
        bare = before[1:] if before[:1] in ("و", "ف") and len(before) > 2 else before
        if bare in _PREPOSITIONS:
            return bare
        if j < p.first - 1 and bare[:1] in ("ب", "ل") and any(k in place_cue_words() for k in _keys(bare[1:])):
            return bare[:1]  # بمدينة حلب
    return None


_GROUP_COUNTS = word_list(_RULE_WORDS, "group_counts")  # مئات، آلاف، عشرات: «مئات من سائقي الأجرة»


# Types of reactions told as a noun whose author follows «من»: «وسط استنكار من وزارة الخارجية»، «لاقت الخطوة
# ترحيباً من الوزارة»، «مناشدات متكررة من قادة أفارقة» (batch 13). Not RETREAT or REJECT: «انسحابها من
# المنظمة» names what is left.
_REACTION_TYPES = frozenset({"ACCUSE", "SUPPORT", "REQUEST"})


def _reaction_from(tokens: list[Token], parts: list[_Participant], last: int, b: int) -> _Participant | None:
    """The participant right after «من» that follows a reaction noun (one adjective may come between)."""
    k = last + 1
    if k <= b and tokens[k].norm != "من" and tokens[k].is_word and not tokens[k].norm.startswith("ال") and \
            tokens[k].norm[:1] not in ("ل", "ب") and number_at(tokens, k) is None:
        k += 1  # «مناشدات متكررة من …» (not «انتقادات للعديد من الدول»: what the criticism is aimed at)
    if k + 1 > b or tokens[k].norm != "من":
        return None
    return next((p for p in parts if p.first == k + 1), None)


def _double_construct(tokens: list[Token], last: int, hi: int, taken: set[int], triggers: frozenset[int]) -> bool:
    """Whether a bare noun (not an adjective) and then a definite genitive follow token ``last``."""
    if last + 2 > hi or {last + 1, last + 2} & (taken | triggers):
        return False
    bare, genitive = tokens[last + 1], tokens[last + 2]
    return bare.is_word and genitive.is_word and not bare.norm.startswith("ال") and \
        not bare.norm.endswith(("يه", "ي", "يون", "يين")) and number_at(tokens, last + 1) is None and \
        bare.norm not in _PREPOSITIONS and genitive.norm.startswith("ال") and genitive.norm not in _RELATIVES


def _participants(text: str, tokens: list[Token], starts: list[int], lo: int, hi: int,
                  mentions: list[Mention], lex: EventLexicon, triggers: frozenset[int] = frozenset(),
                  ) -> list[_Participant]:
    """Entity mentions and generic actor phrases among tokens ``lo..hi`` (inclusive), in order."""
    found: list[_Participant] = []
    taken: set[int] = set()
    for m in mentions:
        first, last = _token_range(tokens, starts, m.start, m.end)
        if first < lo or last > hi:
            continue
        found.append(_Participant(first, last, m.start, m.end, m.text, m.entity_id, m.type == "LOC"))
        taken.update(range(first, last + 1))
    i = lo
    while i <= hi:
        tok = tokens[i]
        head = next((k for k in _keys(tok.norm) if k in lex.actor_nouns), None) if tok.is_word else None
        if i in taken or head is None:
            i += 1
            continue
        prefix = tok.norm[: len(tok.norm) - len(head)] if tok.norm.endswith(head) else ""
        prefix_conj = prefix[:1] in ("و", "ف")
        prefix = prefix[1:] if prefix_conj else prefix
        clitic = prefix[:1] if prefix[:1] in ("ب", "ل", "ك") else ""
        last, entity = i, None
        noun, noun_norm = i, tok.norm  # the phrase's noun: the head, or the group after «مئات من»
        if head in _GROUP_COUNTS and i + 2 <= hi and tokens[i + 1].norm == "من" and tokens[i + 2].is_word and \
                i + 2 not in triggers and i + 2 not in taken and tokens[i + 2].norm not in _PREPOSITIONS and \
                number_at(tokens, i + 2) is None:
            last = noun = i + 2  # «مئات من سائقي سيارات الأجرة»: the count and the group it counts
            noun_norm = tokens[noun].norm
        while last + 1 <= hi and last - noun < 3:
            nxt = tokens[last + 1]
            if last + 1 in taken:  # قوات التحالف: the name right after the noun is part of the phrase
                m_hit = next((p for p in found if p.first == last + 1), None)
                if m_hit is None or last != noun:
                    break  # after an adjective a name starts a new phrase (… الإيرانية الولايات المتحدة)
                last, entity = m_hit.last, m_hit.entity_id
                break
            construct = last == noun and not noun_norm.startswith("ال") and (noun != i or not head.startswith("ال")) \
                and nxt.is_word and nxt.norm.startswith("ال") and nxt.norm not in _PREPOSITIONS and \
                nxt.norm not in _RELATIVES
            if construct and last + 1 not in triggers:  # طيران التحالف، قوات الاحتلال: the genitive
                last += 1
                continue
            if noun != i and last == noun and _double_construct(tokens, last, hi, taken, triggers):
                last += 2  # «مئات من سائقي سيارات الأجرة»: a second construct noun, then its genitive
                continue
            if not nxt.is_word or nxt.norm in _PREPOSITIONS or nxt.norm in _RELATIVES or \
                    not nxt.norm.endswith(("يه", "ي", "يون", "يين", "ون", "ه", "تين")) or \
                    number_at(tokens, last + 1) is not None or \
                    nxt.norm[:1] == "و" and _may_trigger(nxt.norm, id(lex)):
                break  # (الذي، التي end like adjectives but open a clause; ثلاثة is a count, the object's;
                # «مقتل 35 شخصاً وإصابة 117»: a conjoined event word is no adjective)
            if last + 1 in triggers:  # الجيش الصومالي استعادة: a trigger is not an adjective of the phrase
                break
            last += 1
        start = tokens[i].start + (1 if prefix_conj and tokens[i].text[:1] in ("و", "ف") else 0)  # not the و of والجماعات
        found = [p for p in found if not (i <= p.first and p.last <= last)]
        found.append(_Participant(i, last, start, tokens[last].end, text[start : tokens[last].end], entity, False,
                                  clitic))
        taken.update(range(i, last + 1))
        i = last + 1
    # a phrase never runs into the trigger or into «بشن/بتنفيذ …», which opens the content of a
    # threat or demand (توعد زعيم الجماعة بشن هجمات: the actor is «زعيم الجماعة»)
    stop = triggers | frozenset(k for k in range(lo, hi + 1) if tokens[k].norm in _BI_LIGHT)
    for first, last, start, end, entity in source_phrases(tokens, lo, hi, mentions, stop):
        inside = [p for p in found if first <= p.first and p.last <= last]
        if any(p.first < first <= p.last or p.first <= last < p.last for p in found if p not in inside):
            continue  # crosses a participant: keep what we have
        if inside and max(p.last - p.first for p in inside) >= last - first:
            continue
        found = [p for p in found if p not in inside]
        found.append(_Participant(first, last, start, end, text[start:end], entity, False))
    found.sort(key=lambda p: p.first)
    # «بيروت - كلّف مجلس الوزراء …»: a place that opens the sentence before a dash is the dateline,
    # where the report was filed, neither a doer nor where the event took place
    return [p for p in found if not (p.first <= lo + 1 and p.last + 1 <= hi and tokens[p.last + 1].norm in _DASHES
                                     and all(not t.is_word for t in tokens[lo : p.first]))]


def _verb_led(tokens: list[Token], f: int, lo: int, lexicon_id: int) -> bool:
    """The name found at ``f`` opens the sentence (or follows its dateline) with a word that is a
    verb of the event lexicon: a news sentence opens with its verb, and a name does not begin with
    one, so the tagger's span took the verb in."""
    opening = f == lo or (1 <= f - lo <= 3 and tokens[f - 1].norm in _DASHES)
    if not opening:
        return False
    _, forms = _candidates(tokens[f].norm, lexicon_id)
    return any(e.verbal and e.kind != "participle" for e in forms)


@lru_cache(maxsize=100_000)
def _may_trigger(norm: str, _lexicon_id: int) -> bool:
    """False for a word that no lexicon entry can start, whatever surrounds it (most words): the
    scan skips it without matching. ``_lexicon_id`` keys the cache to the loaded lexicon. (It asks
    ``_candidates`` uncached, so that cache holds only the few thousand words that can start one.)"""
    lex = event_lexicon()
    phrases, forms = _candidates.__wrapped__(norm, _lexicon_id)
    return bool(phrases or forms or norm in lex.surface_norms or norm[1:] in lex.surface_norms)


def _match_trigger(tokens: list[Token], i: int, hi: int, lex: EventLexicon,
                   subject: int = 0) -> tuple[TriggerEntry, int] | None:
    """The lexicon entry a trigger at token ``i`` expresses, with the index of its last token.
    ``subject``: the length of a name right after the word; a verb's companion word may stand
    that much further (استدعى الجيش الإسرائيلي نحو 20 ألف جندي احتياط)."""
    norm = tokens[i].norm
    if norm in lex.surface_norms or norm[1:] in lex.surface_norms:
        raw = "".join(ch for ch in tokens[i].text if ch == "\u0651" or not "\u064b" <= ch <= "\u0652")
        for written in (raw, raw[1:] if raw[:1] in ("و", "ف") else raw):
            if written in lex.surfaces:  # عيّن: the shadda tells "appointed" from عين
                entry = lex.surfaces[written]  # سمّى names an office (رئيساً) to be an appointment
                if not entry.needs or _needs_met(tokens, i, hi, entry, subject if entry.verbal else 0):
                    return entry, i
    phrases, forms = _candidates(norm, id(lex))
    for entry in phrases:
        n = len(entry.phrase)
        if i + n - 1 <= hi and all(tokens[i + k].norm == entry.phrase[k] for k in range(1, n)):
            return entry, i + n - 1
    if i > 0 and tokens[i - 1].norm in ("،", ","):  # «…، مطالبة الدول»: the participle, not the noun
        forms = tuple(sorted(forms, key=lambda e: e.kind != "participle"))
    for entry in forms:
        if entry.kind == "noun" and (_pronoun_not_ta_marbuta(tokens[i], entry) or _ta_marbuta_not_pronoun(tokens[i], entry)):
            continue
        extra = subject if entry.verbal else 0
        if entry.type == "PROTEST" and entry.past_stem in _CROWD_VERBS and not _crowd_after(tokens, i, hi):
            continue  # «قطعت القوات طرق الإمداد»: a road cut is a protest only by a crowd
        if entry.type == "PROTEST" and entry.verbal and _crowd_after(tokens, i, hi):
            extra = max(extra, _CROWD_REACH)  # «أغلق مئات من سكان قضاء الفاو الطريق»
        if _reaches_far(entry):
            extra = max(extra, _HANDOVER_REACH)
        if not entry.needs or _needs_met(tokens, i, hi, entry, extra) or _far_companion(tokens, i, hi, entry) or \
                _listed_on(tokens, i, hi, entry):
            return entry, i
    return None


def _far_companion(tokens: list[Token], i: int, hi: int, entry: TriggerEntry) -> bool:
    """«كلّف مجلس النواب في جلسة عقدها اليوم وزير الداخلية السابق عمر الزنتاني بتشكيل حكومة»: the task
    of a charging verb comes with ب after the one charged and any setting, however long, within its
    clause (the ب keeps «كلّفت الحرب الاقتصاد» "cost" out). So does the office of an appointing verb
    («اختار البرلمان النيبالي الجديد في أولى جلساته اليوم النائبة سيتا غورونغ رئيسة له»)."""
    charging = entry.type == "REQUEST" and entry.past_stem in _CHARGING_VERBS
    if not charging and not (entry.type == "APPOINT" and entry.kind == "verb"):
        return False
    return any((tokens[k].norm[:1] == "ب" or not charging) and _is_companion(entry, tokens[k].norm)
               for k in _clause_ahead(tokens, i, hi))


def _clause_ahead(tokens: list[Token], i: int, hi: int) -> range:
    """The words after token ``i`` up to the end of its clause (a comma or a boundary), at most
    _CLAUSE_REACH of them: where the far companion of a verb with a long object may stand."""
    end = min(i + _CLAUSE_REACH, hi)
    for k in range(i + 1, end + 1):
        if tokens[k].norm in _BOUNDARY or tokens[k].norm in ("،", ","):
            return range(i + 1, k)
    return range(i + 1, end + 1)


_CLAUSE_REACH = 16  # words from كلّف to its ب-task, from أدرج to its list


def _listed_on(tokens: list[Token], i: int, hi: int, entry: TriggerEntry) -> bool:
    """«أدرجت وزارة الخزانة الأمريكية ثلاثة مسؤولين في قوات الدعم السريع وشركتين مسجلتين في الإمارات على
    قائمة العقوبات»: the list of a listing verb comes after the listed, however many, within its clause;
    a list of sanctions or terror (not «قائمة التراث العالمي») makes the listing a sanction."""
    if entry.type != "SANCTION" or entry.past_stem not in _LISTING_VERBS:
        return False
    for k in _clause_ahead(tokens, i, hi):
        if any(key in _LIST_NOUNS for key in _companion_keys(tokens[k].norm)):
            return any(_is_companion(entry, tokens[m].norm) for m in range(k + 1, min(k + 3, hi) + 1))
    return False


_CROWDS = word_list(_RULE_WORDS, "crowds")  # مئات، أنصار، سكان: a crowd subject after a protest verb
_CROWD_REACH = 5  # words further its companion may then stand
_CROWD_VERBS = word_list(_RULE_WORDS, "crowd_verbs")  # قطع: a protest only with a crowd for subject


def _fire_noun(tokens: list[Token], i: int, hi: int, entry: TriggerEntry) -> int | None:
    """The «النار/الرصاص» a light verb of shooting (أطلق) takes, a few words on past its subject: the
    noun is the trigger (EVENTS_GOLD rule 2: «أطلق مسلحون النار» → النار)."""
    if entry.type != "ASSAULT" or entry.past_stem not in _FIRE_VERBS:
        return None
    for k in range(i + 1, min(i + _FIRE_REACH, hi) + 1):
        if tokens[k].norm in _BOUNDARY or tokens[k].norm in ("،", ","):
            return None
        if tokens[k].norm in _FIRE_NOUNS:
            return k
    return None


_FIRE_VERBS = word_list(_RULE_WORDS, "fire_verbs")  # أطلق
_FIRE_NOUNS = word_list(_RULE_WORDS, "fire_nouns")  # النار، الرصاص
_FIRE_REACH = 8  # words from أطلق to its النار: the shooter's phrase stands between


def _made_by_relative(tokens: list[Token], i: int, before: tuple[int, int, TriggerEntry],
                      entry: TriggerEntry) -> bool:
    """«بموجب تفاهم أبرمته الرئيسة مع نظيرها»: a making verb right after an agreement noun, with that
    agreement as its pronoun object, tells the event; the noun before it only names it."""
    _, last, noun = before
    if entry.type != "AGREE" or not entry.verbal or noun.type != "AGREE" or noun.verbal or \
            not 0 < i - last <= _MERGE_TOKENS or not tokens[i].text.endswith(_POSSESSIVE_ENDINGS + ("ه",)):
        return False
    return not _AGREEMENT_MAKERS.isdisjoint(_companion_keys(tokens[i].norm))


def _carries_light(tokens: list[Token], i: int, hi: int, before: tuple[int, int, TriggerEntry],
                   entry: TriggerEntry, extra: int) -> bool:
    """The noun at ``i`` is the event that the light word before it (of the same type) only carries,
    so the noun becomes the trigger (EVENTS_GOLD rule 2):
    * a turnout verb: «خرج آلاف الشباب في مسيرات» (the marches are the event);
    * a giving verb: «قدّم البنك لموريتانيا منحة» (the verb matched on this noun as its companion, so
      the giver and an aside may stand between: «قدّم الهلال الأحمر القطري، الأحد، مساعدات طبية»);
    * a round: «عقد الطرفان جولة مفاوضات جديدة» (the talks are the event, the round their count)."""
    _, last, light = before
    if entry.verbal or light.type != entry.type:
        return False
    gap = i - last
    if entry.type == "PROTEST" and light.past_stem in _TURNOUT_VERBS:
        return gap <= NEEDS_WINDOW + max(extra, _CROWD_REACH * _crowd_after(tokens, last, hi)) and \
            _unbroken(tokens, last + 1, i)
    if entry.type == "AID" and (light.past_stem in _GIVING_VERBS or light.past_stem in _LOAN_GIVERS and
                                entry.lemma in _LOANS):
        return gap <= _SIGNED_WINDOW and _no_boundary(tokens, last + 1, i)
    return light.kind == "noun" and light.lemma in _ROUND_NOUNS and gap <= _MERGE_TOKENS and \
        _unbroken(tokens, last + 1, i)


def _crowd_after(tokens: list[Token], i: int, hi: int) -> bool:
    """A crowd's head noun right after the verb at ``i`` (مئات، أنصار، سكان)."""
    return i + 1 <= hi and any(k in _CROWDS for k in _keys(tokens[i + 1].norm))


def _reaches_far(entry: TriggerEntry) -> bool:
    """Verbs whose companion word stands past a long phrase: the giver and the receiver before what is
    handed over («سلّمت مجموعة من مسلحي القبيلة أسلحتها»), the appointer and the appointee before the
    office («اختار مجلس محافظة دهوك بالأغلبية ريبوار حسن محافظاً»), the one charged before the task
    («كلّف رئيس الجمهورية مرشح الإطار علي الشمري بتشكيل الحكومة») and the force before the base it
    leaves («أخلت القوات الأوغندية العاملة ضمن بعثة الاتحاد الأفريقي قاعدة بولو مريرتو»)."""
    return (entry.type in _HANDED_TYPES and entry.past_stem in _HANDOVER_VERBS
            or entry.type == "APPOINT" and entry.verbal
            or entry.type == "REQUEST" and entry.past_stem in _CHARGING_VERBS
            or entry.type == "RETREAT" and entry.past_stem in _LEAVING_VERBS)


_LOAN_GIVERS = word_list(_RULE_WORDS, "loan_givers")  # منح (قرضاً)
_LOANS = word_list(_RULE_WORDS, "loans")  # قرض
_HANDOVER_VERBS = word_list(_RULE_WORDS, "handover_verbs")  # سلّم
_CHARGING_VERBS = word_list(_RULE_WORDS, "charging_verbs")  # كلّف
_LEAVING_VERBS = word_list(_RULE_WORDS, "leaving_verbs")  # أخلى (قاعدة)
_HANDED_TYPES = frozenset({"CONCEDE", "AID"})  # weapons or prisoners handed over; aid delivered
_HANDOVER_REACH = 5  # words further than a companion may usually stand


_AWAITED = word_list(_RULE_WORDS, "awaited")  # مرتقب(ة): an awaited event is predicted


def _awaited(tokens: list[Token], last: int, hi: int) -> bool:
    """The event word is followed by «مرتقب(ة)» "awaited", right after it or after one adjective."""
    return any(tokens[j].norm in _AWAITED for j in range(last + 1, min(last + 2, hi) + 1))


def _since_count(t: TimeExpr) -> bool:
    """«منذ ثلاثة أشهر»، «منذ عامين»: since + a count (not «منذ مارس», an interval that began then)."""
    return t.type == "instant" and t.relative and normalize(t.text).startswith("منذ")


def _definite_masdar(norm: str, entry: TriggerEntry) -> bool:
    """«وراء القصف»: a verb row's bare stem with the article is its masdar, a definite noun that may
    refer back to an event told before (not «التقى», a verb that begins with ال; not a threatened
    reply, events._retaliation)."""
    if not entry.past_stem or entry is _RETALIATION_ENTRY:
        return False
    bare = norm[1:] if norm[:1] in ("و", "ف") else norm
    if bare.startswith("لل"):
        return bare[2:] == entry.past_stem
    bare = bare[1:] if bare[:1] in ("ل", "ك") else bare  # (not ب: «هدد بالتدخل»، «توعّد بالرد» name what
    return bare == "ال" + entry.past_stem  # is threatened or demanded, a new event)


def _has_article(norm: str) -> bool:
    """The word carries the article ال after its proclitics (والدعوة، بالاعتقال، للدعوة)."""
    bare = norm[1:] if norm[:1] in ("و", "ف") else norm
    if bare.startswith("لل"):
        return True
    bare = bare[1:] if bare[:1] in ("ب", "ل", "ك") else bare
    return bare.startswith("ال")


def _signed_object(tokens: list[Token], f: int, last: int, i: int, entry: TriggerEntry) -> bool:
    """«وقّعت السعودية والعراق في الرياض مذكرة تفاهم»، «بعد توقيع أديس أبابا اتفاقاً»: the agreement
    noun is the object of the signing word before it in the clause, one AGREE event."""
    return (entry.type == "AGREE" and not entry.verbal and 0 < i - last <= _SIGNED_WINDOW
            and any(k in _AGREEMENT_MAKERS - _MAKER_PREPOSITIONS for k in _keys(tokens[f].norm))
            and _one_clause(tokens, last + 1, i))


def _sentence_initial(tokens: list[Token], i: int, lo: int, hi: int, lex: EventLexicon) -> TriggerEntry | None:
    """A form left out of the lexicon as another word (طالب "student") that opens a sentence or
    follows its dateline is the verb: news sentences open with the verb (طالب الرئيس …، «طرابلس - طالب
    المجلس»), hardly ever with a bare noun. So is the form joined by و/ف (وطالب الوزير), or followed at
    once by its ب complement (طالب بالإفراج): the noun "student" takes neither."""
    norm = tokens[i].norm
    joined = norm[:1] in ("و", "ف") and norm[1:] in _INITIAL_VERBS
    if not joined and norm not in _INITIAL_VERBS:
        return None
    dateline = 1 <= i - 1 - lo <= 3 and tokens[i - 1].norm in _DASHES
    complement = i < hi and tokens[i + 1].norm[:1] == "ب" and len(tokens[i + 1].norm) > 3
    opened = i > lo and (tokens[i - 1].norm in _CLAUSE_OPENERS or  # «فيما طالب حاكم الإقليم …»
                         tokens[i - 1].norm == "ان" and i - 1 > lo and tokens[i - 2].norm in _AFTER_THAT)  # «بعد أن طالب»
    if not (i == lo or dateline or joined or complement or opened):
        return None
    if any(number_at(tokens, k) is not None for k in range(max(lo, i - 2), i)) or \
            joined and i < hi and tokens[i + 1].norm in ("في", "من"):  # «1.4 مليون طالب»، «شرطيتين وطالب في»
        return None
    etype, sibling = _INITIAL_VERBS[norm[1:] if joined else norm]
    return next((e for e in lex.forms.get(sibling, ()) if e.type == etype and e.verbal), None)


def _own_word(tok: Token) -> bool:
    """«قواته»، «بلاده»: a noun with a third-person pronoun, written (the written ending: «الشركة»
    folds to …ه but is no pronoun)."""
    return tok.text.endswith(_THIRD_PERSON) and len(tok.norm) > 4


def _nisba_stem(norm: str) -> str | None:
    """The country or people a nisba adjective names (اليونانية، اليوناني → يونان), or None."""
    word = norm[2:] if norm.startswith("ال") else norm
    stem = word[:-2] if word.endswith("يه") else word[:-1] if word.endswith("ي") else ""
    return stem if len(stem) >= 3 else None


_COMPATRIOT_SUBJECT = 3  # words of the that-clause's subject before its future verb


def _compatriot_acts(tokens: list[Token], i: int, j: int, hi: int) -> bool:
    """«حذّر وزير الدفاع اليوناني من أن البحرية اليونانية ستمنع …»: the that-clause's subject shares the
    warner's nisba (his own country's navy or army) and acts in the future: a warning of one's own act."""
    speaker = {stem for t in tokens[i + 1 : j] if (stem := _nisba_stem(t.norm))}
    if not speaker:
        return False
    for k in range(j + 3, min(j + 3 + _COMPATRIOT_SUBJECT, hi + 1)):
        verb = tokens[k].norm
        if verb[:1] == "س" and verb[1:2] in PRESENT_PREFIXES and len(verb) > 3 and verb not in _BE_FUTURE:
            return any(_nisba_stem(t.norm) in speaker for t in tokens[j + 2 : k])
        if not tokens[k].is_word:
            return False
    return False


def _threat_entry(lex: EventLexicon) -> TriggerEntry | None:
    """The lexicon's THREATEN verb entry, the event a warning of one's own act is."""
    return next((e for e in lex.forms.get("هددت", ()) if e.type == "THREATEN"), None)


def _warns_of_action(tokens: list[Token], i: int, hi: int, lex: EventLexicon) -> TriggerEntry | None:
    """«حذّرت أنقرة من أنها ستتخذ كل الإجراءات»، «حذّر ترامب الصين من أنه سيفرض رسوماً»: a warning of an
    act to come (من أنه/أنها + a future verb) is a threat (EVENTS_GOLD rule 7); «حذّر من أن 17 مليوناً
    يعانون» or «من أنه سيكون لذلك عواقب» warns of a danger and is only a cue."""
    if "حذر" not in tokens[i].norm or not any(k in _WARN_FORMS for k in _keys(tokens[i].norm)):
        return None  # (every form of حذّر has حذر in it: most words are refused without a lookup)
    for j in range(i + 1, min(i + _WARN_WINDOW, hi)):
        if tokens[j].norm in _BOUNDARY:
            return None
        own = tokens[j + 1].norm == "ان" and j + 2 <= hi and _own_word(tokens[j + 2])
        # «من أن قواته / بلاده ستـ…»: the speaker's own forces or country; «من أن قوات بلاده ستـ…»: a
        # construct that ends in it
        owned = tokens[j + 1].norm == "ان" and j + 3 <= hi and not own and tokens[j + 2].is_word and \
            not tokens[j + 2].norm.startswith("ال") and _own_word(tokens[j + 3])
        if tokens[j].norm == "من" and tokens[j + 1].norm == "ان" and _retaliation_ahead(tokens, j + 2, hi):
            return _threat_entry(lex)
        if tokens[j].norm == "من" and tokens[j + 1].norm == "ان" and not (own or owned) and \
                _compatriot_acts(tokens, i, j, hi):
            return _threat_entry(lex)
        if tokens[j].norm == "من" and (tokens[j + 1].norm in _THAT_PRONOUN or own or owned):
            k = j + 4 if owned else j + 3 if own else j + 2
            while k <= hi and tokens[k].norm in ("«", '"', "“", "'"):  # «من أنها «سترد بحزم»»
                k += 1
            if k < hi and tokens[k].norm == "قد":  # «حذّرت بروكسل من أنها قد توسع التعليق»: a possible act of its own
                k += 1
                verb = tokens[k].norm
                agrees = {"انه": "ي", "انها": "ت"}.get(tokens[j + 1].norm, verb[:1])  # «من أنه قد تشهد الأسواق»:
                if verb[:1] in PRESENT_PREFIXES and verb[:1] == agrees and len(verb) > 3:  # "it", not the warner
                    return _threat_entry(lex)
                return None
            verb = tokens[k].norm if k <= hi else ""
            if verb == "لن" and k + 1 <= hi and tokens[k + 1].norm[:1] in PRESENT_PREFIXES:
                return _threat_entry(lex)  # «من أنها
                # «لن تقف مكتوفة الأيدي»»: what it will not fail to do
            future = verb[:1] == "س" and verb[1:2] in PRESENT_PREFIXES and len(verb) > 3
            if future and verb not in _BE_FUTURE:
                return _threat_entry(lex)
            return None
    return None


_RETALIATION = word_list(_RULE_WORDS, "retaliation")
_VENGEANCE = word_list(_RULE_WORDS, "vengeance")
_RETALIATION_FORCE = word_list(_RULE_WORDS, "retaliation_force")
_RETALIATION_TRADE = word_list(_RULE_WORDS, "retaliation_trade")
_RETALIATION_REACH = 7  # words after ردّ in which what it is made of is said («بالرد على ما وصفته بـ«العدوان»»)
# the event a threatened or conditional retaliation is (a row of no lexicon: the word alone is a reply).
# Read as a verb also when it is the masdar (بالرد): as a noun it would pass for a back-reference to an
# attack told earlier in the sentence (events._drop_repeats), which it never is
_RETALIATION_ENTRY = TriggerEntry("ASSAULT", "verbi", "رد/رد", frozenset())
_RETALIATION_WINDOW = 14  # words from the threat verb («وتوعّد زعيم الجماعة عبد الملك الحوثي، في كلمة متلفزة اليوم، بالرد»)


def _retaliation(tokens: list[Token], i: int, lo: int, hi: int,
                 found: list[tuple[int, int, TriggerEntry]], attacked: bool = False) -> TriggerEntry | None:
    """«توعّدت الجماعة في بيان بالرد»، «حذّرت بيونغ يانغ من أنها سترد»، «إذا ردّت إيران على الهجوم»: ردّ
    is an attack to come when a threat names it, or when a condition opens with it (EVENTS_GOLD rule
    10). Why not a lexicon row: alone it is a reply («ردّ الوزير على سؤال»، «رداً على»), and the threat
    verb stands further before it than a companion word may (the threatener and a time between).
    انتقام "vengeance" («توعّدت الجماعة بالانتقام») needs no word of force after it, nor does a reply
    threatened in an article that has just told an attack (``attacked``: an attack in an earlier
    sentence; the reply is in kind)."""
    norm = tokens[i].norm
    if "رد" not in norm and "نتق" not in norm and "تصد" not in norm:
        return None  # (every form listed has one of them: most words are refused without a lookup)
    vengeance = any(k in _VENGEANCE for k in _keys(norm))
    if not vengeance and not any(k in _RETALIATION for k in _keys(norm)):
        return None
    bare = norm[1:] if norm[:1] in ("و", "ف") else norm
    noun = bare.startswith(("ال", "ب"))  # بالرد، برد (a condition opens with a verb: إذا ردّت)
    threatened = any(e.type == "THREATEN" and e.verbal and 0 < i - l2 <= _RETALIATION_WINDOW and
                     _no_boundary(tokens, l2 + 1, i) for _, l2, e in found)
    conditional = i > lo and any(k in _CONDITIONS for k in _keys(tokens[i - 1].norm)) and not noun
    if not (threatened or conditional) or any(e.type == "SANCTION" for _, _, e in found):
        return None  # «فرضت الصين رسوماً … وتوعّدت بالرد»: a trade war's retaliation is no attack
    if _followed_by(tokens, i, hi, _RETALIATION_TRADE, _RETALIATION_REACH):
        return None  # «سترد بالمثل»، «بالرد على أي تعريفات»
    force = vengeance or _followed_by(tokens, i, hi, _RETALIATION_FORCE, _RETALIATION_REACH) or attacked or \
        any(e.type == "ASSAULT" for _, _, e in found)  # «قُتل ثلاثة … في غارة …، وتوعّدت الوحدات بالرد»
    return _RETALIATION_ENTRY if force else None


def _backing(tokens: list[Token], i: int, hi: int, found: list[tuple[int, int, TriggerEntry]],
             lex: EventLexicon) -> TriggerEntry | None:
    """«سيطر الجيش بدعم من قوات محلية»: a partner's backing of an attack or a deployment told before it
    in the sentence is a COOPERATE of its own (EVENTS_GOLD rule 14), the entry of «بإسناد»."""
    if tokens[i].norm not in _BACKING_FORMS or not any(e.type in ("ASSAULT", "MOBILIZE") for _, _, e in found):
        return None
    if not any(tokens[j].norm == "من" for j in range(i + 1, min(i + 3, hi) + 1)):
        return None
    return next((e for e in lex.forms.get(normalize("إسناد"), ()) if e.type == "COOPERATE"), None)


def _retaliation_ahead(tokens: list[Token], k: int, hi: int) -> bool:
    """«حذّر الوزير من أن طهران سترد»، «من أن جيش بلاده سيرد»: a retaliation to come, a few words into
    the that-clause, warned of by its own side (the warning of a danger has no retaliation in it)."""
    for j in range(k, min(k + 4, hi + 1)):
        if tokens[j].norm in _BOUNDARY or tokens[j].norm in ("،", ","):
            return False
        if tokens[j].norm[:1] == "س" and any(w in _RETALIATION for w in _keys(tokens[j].norm)):
            return True
    return False


def _pronoun_not_ta_marbuta(tok: Token, entry: TriggerEntry) -> bool:
    """«ومنحه 48 ساعة» is "and gave him", not the noun منحة: a singular noun in ة written with a
    final ه is a word with the pronoun suffix, as news spells the noun with ة."""
    return entry.lemma.endswith("ه") and tok.text.endswith("ه") and entry.lemma in _keys(tok.norm)


def _ta_marbuta_not_pronoun(tok: Token, entry: TriggerEntry) -> bool:
    """«بلدتي بيتا وحوارة» is the town Huwara, not «حواره» "his dialogue": a word written with ة is no
    form of a noun that has none (its generated forms end in the pronoun ه only)."""
    return tok.text.endswith("ة") and not entry.lemma.endswith("ه")


@lru_cache(maxsize=200_000)
def _candidates(norm: str, _lexicon_id: int) -> tuple[tuple[TriggerEntry, ...], tuple[TriggerEntry, ...]]:
    """Phrase and word entries a token could start, in order (cached per word: most words start
    none). ``_lexicon_id`` keys the cache to the loaded lexicon."""
    lex = event_lexicon()
    keys = [k for k in _keys(norm) if k == norm or len(k) >= _MIN_STEM or (  # وبحث is not و + ب + حث,
        len(norm) == len(k) + 1 and norm[0] in ("و", "ف"))]  # but وحثّ is و + حثّ
    phrases = tuple(e for k in keys for e in lex.phrases.get(k, ()))
    forms = tuple(e for k in keys for e in lex.forms.get(k, ()))
    return phrases, forms


def _needs_met(tokens: list[Token], i: int, hi: int, entry: TriggerEntry, extra: int = 0) -> bool:
    """A companion word of ``entry`` after the trigger (``extra`` words further when a name stands
    between), or just before it (الجنود الأمريكيين يجري نقلهم; for a word class, see _refers_back)."""
    reach = NEEDS_WINDOW + extra
    j = i + 1
    while j <= min(i + reach, hi):
        if _is_companion(entry, tokens[j].norm) and not (
                entry.type == "RETREAT" and entry.past_stem in _HANDOVER_VERBS and tokens[j - 1].norm == "في"):
            return True  # (not «سلّم المركز في مدينة تعز سلالاً غذائية»: a town after في is where, not what)
        if number_at(tokens, j) is not None or tokens[j].norm in MULTIPLIERS or \
                any(k in _APPROXIMATORS for k in _keys(tokens[j].norm)):
            reach += 1  # «نقل نحو 20 ألف جندي»: a count is no word between the verb and its companion
            if j + 1 <= hi and tokens[j + 1].norm == "من":  # أكثر من
                reach += 1
        elif tokens[j].norm == "ما" and j + 2 <= hi and tokens[j + 1].norm == "يصل":
            reach += 3  # «ترسل ما يصل إلى 20 ألف جندي»
        elif tokens[j].norm in ("«", "»", '"', "“", "”"):
            reach += 1  # «صنّفت الإدارة «كارتل دي لوس سوليس» منظمة إرهابية»: quotes are no words
        elif tokens[j].norm in ("،", ","):
            close = _aside_end(tokens, j, hi)
            if close is not None:  # «استعادت قوات الجيش، بإسناد من مقاتلي العشائر، بلدة مهاس»: the
                reach += close - j + 1  # window reaches past the aside (its own words are still read)
        j += 1
    if entry.broad and not _refers_back(tokens, i):
        return False
    if entry.kind == "tnoun" and not _refers_back(tokens, i):
        return False  # a verbal noun's object follows it (not «المضاد للصواريخ على الرغم من اعتراض الصين»)
    before = [j for j in range(max(0, i - NEEDS_BEFORE), i) if _is_companion(entry, tokens[j].norm)]
    if entry.type == "REJECT":  # «الاتفاق الذي انسحبت منه» is left, but an agreement *on* a withdrawal
        # or *to* end a war (وينص الاتفاق على انسحاب الجيش، اتفاق لإنهاء النزاع، اتفاق سلام وإنهاء الحرب)
        # provides for it
        if tokens[i].text[:1] in ("ل", "و"):
            return False
        before = [j for j in before if not any(t.norm in _PROVIDES_FOR for t in tokens[j + 1 : i])]
        if i + 1 < len(tokens) and any(k in _WITHDRAWING_FORCES for k in _keys(tokens[i + 1].norm)):
            return False  # «لن توقّع أي اتفاق مع إسرائيل قبل انسحاب الجيش الإسرائيلي»: an army leaves ground
    return bool(before)


def _aside_end(tokens: list[Token], j: int, hi: int) -> int | None:
    """The closing comma of an aside that opens at the comma ``j`` with a ب-phrase of circumstance
    («، بإسناد من مقاتلي العشائر المحلية،»، «، بالشراكة مع خفر السواحل،»), or None."""
    if j + 1 > hi or tokens[j + 1].norm[:1] != "ب" or len(tokens[j + 1].norm) < 4:
        return None
    for k in range(j + 2, min(j + _ASIDE_MAX + 1, hi + 1)):
        if tokens[k].norm in ("،", ","):
            return k
        if tokens[k].norm in _BOUNDARY:
            return None
    return None


_ASIDE_MAX = 8  # words of such an aside


_PROVIDES_FOR = word_list(_RULE_WORDS, "provides_for")
_APPROXIMATORS = word_list(_RULE_WORDS, "approximators")  # نحو، قرابة، ما يصل إلى


def _is_companion(entry: TriggerEntry, norm: str) -> bool:
    """The word ``norm`` is one of the entry's companion words (in any of its _companion_keys)."""
    return not entry.needs.isdisjoint(_companion_keys(norm))


_PERIPHRASTIC = word_list(_RULE_WORDS, "periphrastic")  # تم، يجري


def _after_periphrasis(tokens: list[Token], i: int) -> bool:
    """A verbal noun told by a passive periphrasis («تم الاتفاق»، «وتم ترحيلهم»): the event itself."""
    return i > 0 and not _PERIPHRASTIC.isdisjoint(_keys(tokens[i - 1].norm))


def _refers_back(tokens: list[Token], i: int) -> bool:
    """A trigger whose companion may stand before it: one with an object pronoun (نقلهم، سحبها) or a
    passive periphrasis (يجري نقل، تم سحب). A needs list of a broad class (@forces) is looked for
    before any other trigger only then: «غواصات تعمل بالدفع النووي» is propulsion, no deployment."""
    return tokens[i].norm.endswith(_THIRD_PERSON) or (i > 0 and tokens[i - 1].norm in _PERIPHRASTIC)


# the object pronouns that refer back to a noun before the word (ه، ها، هم، هما), as word endings
_THIRD_PERSON = tuple(normalize(suffix) for (suffix,) in word_rows(_RULE_WORDS, "third_person"))
_POSSESSIVES = tuple(sorted(OBJECT_SUFFIXES, key=len, reverse=True))  # longest first (هما before ه)


@lru_cache(maxsize=100_000)
def _companion_keys(norm: str) -> frozenset[str]:
    """The forms a companion word is looked up by: its proclitic-stripped keys, each also without an
    accusative ا (سفنا، قواتا), without a possessive pronoun (قواتنا → قوات، وحدتها → وحده) and as a
    singular for a dual (طائرتين مسيّرتين → طايره، مسيره), so a needs list holds bare words only."""
    out: set[str] = set()
    for k in _keys(norm):
        out.add(k)
        if k.endswith("ا"):
            out.add(k[:-1])
        if len(k) >= 6 and k.endswith("تين"):  # a dual: طايرتين → طايره، مقاتلتين → مقاتله
            out.add(k[:-3] + "ه")
        elif len(k) >= 5 and k.endswith(("ين", "ان")) and not k.endswith(("يين", "يان")):
            out.add(k[:-2])  # زورقين → زورق، صاروخان → صاروخ (not the plural of a nisba, عسكريين)
        for suffix in _POSSESSIVES:
            if k.endswith(suffix) and len(k) - len(suffix) >= 3:
                base = k[: -len(suffix)]
                out.add(base)
                if base.endswith("ت"):  # وحدتها: the ة of the bare noun is written ت before a pronoun
                    out.add(base[:-1] + "ه")
                break
    return frozenset(out)


def _clause(tokens: list[Token], lo: int, hi: int, i: int) -> tuple[int, int]:
    """The clause around token ``i``: between boundary punctuation, and a comma before و."""
    a = i
    while a > lo and tokens[a - 1].norm not in _BOUNDARY:
        if tokens[a - 1].norm in ("،", ",") and tokens[a].norm.startswith("و"):
            break
        if _is_linker(tokens, a):
            break
        a -= 1
    b = i
    while b < hi and tokens[b + 1].norm not in _BOUNDARY:
        if tokens[b + 1].norm in ("،", ",") and b + 2 <= hi and tokens[b + 2].norm.startswith("و"):
            break
        if _is_linker(tokens, b + 1):
            break
        b += 1
    return a, b


def _is_linker(tokens: list[Token], k: int) -> bool:
    """Token ``k`` opens a clause of its own with its own subject: فيما، بينما، في حين (… فيما قُتل
    ثلاثة برصاص الدرك; … في حين نددت منظمات حقوقية). A name on one side is not the subject or the
    agent of a predicate on the other."""
    norm = tokens[k].norm
    if norm in _LINKERS:
        return True
    if norm in ("في", "وفي"):
        return k + 1 < len(tokens) and tokens[k + 1].norm == "حين"
    return norm == "حين" and k > 0 and tokens[k - 1].norm in ("في", "وفي")


def _pick_place(tokens: list[Token], parts: list[_Participant], i: int, etype: EventType,
                used: set[int]) -> _Participant | None:
    """Where the event happened: a place governed by a preposition, the type's own first (من for a
    withdrawal, إلى for a deployment), nearest after the trigger first. A bare place name is an
    actor or a target (قصفت إسرائيل), never the location."""
    governed = [(p, prep) for p in parts if p.is_place and p.first not in used
                and (prep := _prepositional(tokens, p)) is not None]
    if not etype.physical:
        governed = [(p, prep) for p, prep in governed if prep in ("في", "ب") and 0 < p.first - i <= _STATEMENT_PLACE]
    if not governed:
        return None
    ranked = sorted(governed, key=lambda pp: (pp[0].first < i, abs(pp[0].first - i)))
    for prep in etype.place_by:
        for p, got in ranked:
            if got == prep or (prep == "في" and got == "ب"):
                return p
    return ranked[0][0] if ranked[0][1] in _LOCATIVE else None


def _arguments(text: str, tokens: list[Token], parts: list[_Participant], i: int, last: int, a: int, b: int,
               entry: TriggerEntry, lex: EventLexicon, speaker: _Participant | None = None,
               ) -> tuple[_Participant | None, _Participant | None]:
    etype = lex.types[entry.type]
    if speaker is not None:  # اتهمت الرئاسة اللبنانية إسرائيل …: the speaker is the actor
        parts = [p for p in parts if p.last < 0 or p.start >= speaker.end or p.end <= speaker.start]
        parts = sorted(parts + [speaker], key=lambda p: p.start)
    after = [p for p in parts if last < p.first <= min(b, last + _ARG_WINDOW)]
    before = [p for p in parts if a <= p.first and p.last < i and i - p.last <= _BEFORE_WINDOW and not _is_site(p)]
    free_after = [p for p in after if _prepositional(tokens, p) is None]
    actor = target = None
    if entry.verbal:
        # the subject before a verb: within three words (SVO), or further back before a transitive
        # verb whose object follows (نفت الحكومة أن تكون قد حشدت قوات)
        # a verb after و/ف starts a new predicate: the noun before the conjunction ends the last one
        # (قتلوا 7 أشخاص وأصابوا 4)
        norm = tokens[i].norm
        conjoined = norm[:1] in ("و", "ف") and norm not in lex.forms and norm[1:] in lex.forms  # not وقّعت
        near = before[-1] if before and not conjoined and _prepositional(tokens, before[-1]) is None else None
        subject_before = near
        if near is None and entry.kind == "verb":
            subject_before = next((p for p in reversed(parts) if a <= p.first and p.last < i
                                   and i - p.last <= _ARG_WINDOW and _prepositional(tokens, p) is None
                                   and not _is_site(p)), None)
        adjacent = near is not None and near.last == i - 1
        # قتل 5 مسلحين، أصيب جنديان: a count or a passive form after the verb names the victims;
        # but قوات الأمن أوقفت 409 أشخاص: after a subject the count is the object
        counted = not adjacent and last + 1 < len(tokens) and number_at(tokens, last + 1) is not None
        passive = counted or _is_passive(tokens, i)
        after_that = adjacent and near is not None and near.first > 0 and tokens[near.first - 1].norm in _COMPLEMENTIZERS
        antecedent = _antecedent(tokens, parts, i)
        if passive:
            target = free_after[0] if free_after else None
        elif after_that:
            actor = near  # أن حكومته ستطالب التحالف: the noun after أنّ is the subject
        elif antecedent is not None:
            actor = antecedent  # غرفة الطوارئ التي اتهمت قوات الدعم السريع: the relative's subject
        elif (free_after and free_after[0].first == last + 1 and not _is_site(free_after[0])
              and not (_indefinite(free_after[0]) and subject_before is not None)):
            actor = free_after[0]  # VSO; but الحكومة نشرت قوات: an indefinite noun after the verb is its object
        elif subject_before is not None:
            actor = subject_before
        elif free_after and not _is_site(free_after[0]):
            actor = free_after[0]
        if target is None and "obj" in etype.target_by:
            rest = [p for p in free_after if p is not actor and (actor is None or p.first > actor.last)]
            target = rest[0] if rest else None
    else:
        genitive = next((p for p in after if p.first == last + 1 and _prepositional(tokens, p) is None
                         and not (etype.genitive == "actor" and _is_site(p))), None)
        # the subject of the clause, for a noun that a verb governs (شرعت واشنطن في تنفيذ انسحاب)
        subject = next((p for p in reversed(parts) if a <= p.first and p.last < i and i - p.last <= _ARG_WINDOW
                        and _prepositional(tokens, p) is None and not _is_site(p)), None)
        if etype.genitive == "target":
            target = genitive
            actor = subject
        elif entry.governs_object:  # قررت الولايات المتحدة سحب قواتها: the forces are what is withdrawn
            actor = subject
        else:
            actor = genitive or subject
    if target is None:
        for p in after:
            prep = _prepositional(tokens, p)
            if prep and prep in etype.target_by and p is not actor:
                if _is_site(p) and entry.type != "ASSAULT":
                    continue  # اتفاق في بغداد: a town after a preposition is where, not with whom
                target = p
                break
    if target is not None and _is_site(target) and entry.type != "ASSAULT":
        target = None
    if target is None:
        target = _object_phrase(text, tokens, parts, i, last, b, actor, etype, entry)
    mutual = _between(tokens, parts, last, b, entry.verbal)
    if mutual is not None:  # الضربات المتبادلة بين القوات الأمريكية والفصائل: one side acts on the other
        actor, other = mutual
        target = other if other is not None else (target if target is not actor else None)
    return actor, target


def _between(tokens: list[Token], parts: list[_Participant], last: int, b: int, verbal: bool,
             ) -> tuple[_Participant, _Participant | None] | None:
    """The two sides of "بين X وY" within a few words after a trigger (the second is None when one
    plural or dual phrase names them both). After a verb, its subject before بين ends the search:
    بين then belongs to a word after it (رحّب مجلس الأمن بالاتفاق بين دمشق و…); after a noun, the
    name it governs does not (تبادل الأسرى بين إسرائيل وحماس). Nor does a preposition: its phrase
    owns the بين that follows."""
    for k in range(last + 1, min(b, last + _BETWEEN_WINDOW) + 1):
        if verbal and any(p.first == k for p in parts) or tokens[k].norm in _OWNS_BETWEEN and k > last + 1:
            return None  # مقتل 60 فلسطينياً على الحدود بين إسرائيل وغزة: بين is the border's
        if tokens[k].norm != "بين":
            continue
        sides = [p for p in parts if p.first > k and p.first <= k + 8]
        if len(sides) >= 2 and sides[0].first == k + 1 and tokens[sides[1].first].norm.startswith("و"):
            return sides[0], sides[1]
        if sides and sides[0].first == k + 1:
            return sides[0], None  # اشتباكات بين مجموعتين مسلحتين: the one phrase names both sides
        return None
    return None


def _object_phrase(text: str, tokens: list[Token], parts: list[_Participant], i: int, last: int, b: int,
                   actor: _Participant | None, etype: EventType, entry: TriggerEntry) -> _Participant | None:
    """A target that is no named participant: the noun phrase after one of the type's prepositions
    (هجوم على مواقع عسكرية) or, after a verb, its object (قصفت الطائرات مستودعات للوقود)."""
    start_at = last + 1
    if actor is not None and actor.end > tokens[last].end:
        start_at = next((k for k in range(last + 1, b + 1) if tokens[k].start >= actor.end), b + 1)
    for k in range(start_at, min(b, last + _ARG_WINDOW) + 1):
        tok = tokens[k]
        if not tok.is_word:
            if tok.norm[:1].isdigit():
                continue  # 5 مسلحين
            return None
        bare = tok.norm[1:] if tok.norm[:1] in ("و", "ف") and len(tok.norm) > 3 else tok.norm
        if bare in etype.target_by and k + 1 <= b:
            return _noun_phrase(text, tokens, parts, k + 1, b)
        if tok.norm in _BI_LIGHT:
            return None  # هدد الجيش بشن غارات: what follows is the threatened act, not a target
        named_here = any(p.first == k and p.start == tok.start for p in parts)  # بغداد is not ب + غداد
        clitic = bare[:1] if bare[:1] in ("ب", "ل") and len(bare) > 3 and not named_here else ""
        if clitic and clitic in etype.target_by:
            phrase = _noun_phrase(text, tokens, parts, k, b)
            if phrase is not None:
                offset = _suffix_offset(tok, clitic)
                return _Participant(phrase.first, phrase.last, offset, phrase.end, text[offset : phrase.end],
                                    phrase.entity_id, phrase.is_place)
            return None
        if bare in _PREPOSITIONS or bare in _NOT_OBJECT:
            if "obj" in etype.target_by and k == start_at and bare in _NOT_OBJECT:
                return None
            continue
        if "obj" in etype.target_by and entry.verbal and k == start_at:
            return _noun_phrase(text, tokens, parts, k, b)
    return None


def _unknown_subject(text: str, tokens: list[Token], target: _Participant, last: int,
                     ) -> tuple[_Participant, _Participant] | None:
    """«قطعت نيكاراغوا علاقاتها الدبلوماسية»، «وسحبت مالي سفيرها»: right after a verb, a bare word that
    no list knows, before a noun whose possessive points back to it, is the verb's subject (a name
    the tagger missed), and the possessed noun its object."""
    f = target.first
    if f != last + 1 or target.last == f or target.entity_id is not None or not tokens[last].norm.endswith("ت"):
        return None  # (a past verb in the feminine, as states are: قطعت، وسحبت)
    head, nxt = tokens[f], tokens[f + 1]
    if not head.is_word or head.norm.startswith("ال") or head.norm[:1] in ("و", "ف", "ب", "ل", "ي") or \
            head.norm in _PREPOSITIONS or head.norm in _NOT_OBJECT or \
            number_at(tokens, f) is not None or head.text.endswith(_POSSESSIVE_ENDINGS) or \
            not nxt.is_word or not nxt.text.endswith(_POSSESSIVE_ENDINGS):
        return None
    subject = _Participant(f, f, head.start, head.end, head.text, None, False)
    rest = _Participant(f + 1, target.last, nxt.start, target.end, text[nxt.start : target.end], None, False)
    return subject, rest


_POSSESSIVE_ENDINGS = ("ها", "هم", "هما")  # as written: «علاقاتها»، «سفيرها» point back to the subject


def _name_before(tokens: list[Token], parts: list[_Participant], i: int) -> _Participant | None:
    """«إعلان فرنسا دعم مخطط الحكم الذاتي»، «قرار نجامينا إنهاء الاتفاقية»: a linked name right before an
    event noun, itself the genitive of the noun before it, is who does the event."""
    return next((p for p in parts if p.last == i - 1 and p.entity_id is not None and p.first > 0 and
                 any(k in _GOVERNING_NOUNS for k in _keys(tokens[p.first - 1].norm))), None)


_GOVERNING_NOUNS = word_list(_RULE_WORDS, "governing_nouns")  # إعلان، قرار: «إعلان فرنسا دعم …»


def _threatener(tokens: list[Token], found: list[tuple[int, int, TriggerEntry]],
                chosen: dict[int, tuple[_Participant | None, _Participant | None]], i: int,
                window: int = 0) -> _Participant | None:
    """«لوّح الاتحاد الأوروبي بتعليق اتفاقية الشراكة»: the act a threat names is the threatener's. With
    ``window``, a retaliation (events._retaliation) that far after the threat, past a comma too."""
    for f, l2, e in found:
        if e.type == "THREATEN" and e.verbal and f in chosen and (
                0 < i - l2 <= _VERB_COMPLEMENT_WINDOW and _unbroken(tokens, l2 + 1, i) or
                0 < i - l2 <= window and _no_boundary(tokens, l2 + 1, i)):
            return chosen[f][0]
    return None


def _suffix_offset(tok: Token, clitic: str) -> int:
    """Character offset in the text just after a one-letter proclitic (و/ف before it allowed)."""
    at = tok.text.find(clitic)
    return tok.start + at + len(clitic) if 0 <= at <= 1 else tok.start


def _noun_phrase(text: str, tokens: list[Token], parts: list[_Participant], k: int, b: int) -> _Participant | None:
    """Up to three words from token ``k`` that form a noun phrase (a participant starting there
    is taken whole)."""
    hit = next((p for p in parts if p.first == k), None)
    if hit is not None:
        return hit
    if not tokens[k].is_word or tokens[k].norm in _PREPOSITIONS or tokens[k].norm in _NOT_OBJECT:
        return None
    last = k
    while last + 1 <= b and last - k < 2:
        nxt = tokens[last + 1]
        if not nxt.is_word or nxt.norm in _PREPOSITIONS or nxt.norm in _NOT_OBJECT or nxt.norm[:1] == "و":
            break
        if any(p.first == last + 1 for p in parts):
            p2 = next(p for p in parts if p.first == last + 1)
            last = p2.last
            break
        last += 1
    start, end = tokens[k].start, tokens[last].end
    return _Participant(k, last, start, end, text[start:end], None, False)


def _is_passive(tokens: list[Token], i: int) -> bool:
    """A passive verb: أصيب in any spelling, or a past verb vowelled as a passive (قُتل، نُقل،
    أُفرج، اعتُقل، احتُجزوا، استُهدف: a damma on the first letter, or on the third after an alef).
    Its subject is the one acted on; the doer is named only by an agent phrase (برصاص، على يد).
    Present forms are left alone: يُ is also the active prefix of derived verbs (يُرجّح، يُعلن)."""
    if any(k in ("اصيب", "اصيبت", "اصيبوا") for k in _keys(tokens[i].norm)):
        return True
    word = tokens[i].text
    if word[:1] in ("و", "ف") and len(word) > 3:
        word = word[1:]
    letters = -1
    for ch in word:
        if ch == "\u064f":  # damma
            return letters == 0 and word[:1] not in PRESENT_PREFIXES or letters == 2 and word[:1] in ("ا", "أ")
        if not "\u064b" <= ch <= "\u0652":
            letters += 1
            if letters > 2:
                return False
    return False


def _antecedent(tokens: list[Token], parts: list[_Participant], i: int) -> _Participant | None:
    """X in «X الذي/التي VERB»: a relative clause whose verb has no object pronoun (a resumptive
    ه/ها/هم makes X its object: الهجوم الذي شنته القوات) has X as its subject."""
    if i < 2 or tokens[i - 1].norm not in _RELATIVES or tokens[i].norm.endswith(_THIRD_PERSON):
        return None
    return next((p for p in parts if p.last == i - 2 and not _is_site(p) and _prepositional(tokens, p) is None),
                None)  # جمهور الفنان في السعودية الذي رحب: a name after a preposition is not the antecedent


def _sentence_subject(tokens: list[Token], parts: list[_Participant], lo: int, i: int) -> _Participant | None:
    """The first participant after the sentence's first word that no preposition governs: in a
    verb-first sentence, the subject every coordinated predicate shares."""
    return next((p for p in parts if lo < p.first < i and _prepositional(tokens, p) is None and not _is_site(p)), None)


def _agent(tokens: list[Token], parts: list[_Participant], last: int, b: int,
           lex: EventLexicon) -> _Participant | None:
    """The doer named after the first agent marker in the clause after the trigger (برصاص القوات،
    هجوم شنه مسلحون، على يد مسلحين)."""
    k = next((k for k in range(last + 1, b + 1) if _is_agent_marker(tokens[k], lex)), None)
    return None if k is None else _doer_after(parts, k)


def _is_agent_marker(tok: Token, lex: EventLexicon) -> bool:
    norm = tok.norm
    return norm in lex.agent_markers or (norm[:1] in ("و", "ف") and norm[1:] in lex.agent_markers)


def _doer_after(parts: list[_Participant], k: int) -> _Participant | None:
    return next((p for p in parts if p.first == k + 1 and not _is_site(p)), None)


def _first_conjunct(tokens: list[Token], parts: list[_Participant], p: _Participant) -> _Participant:
    """The first of coordinated participants (الهند وباكستان اتفقتا, قررت مالي والنيجر): a subject
    found by looking back from the verb is the last conjunct, and the first one stands for them."""
    by_last = {q.last: q for q in parts}
    while (p.first - 1) in by_last and p.start > tokens[p.first].start and tokens[p.first].text[:1] == "و":
        p = by_last[p.first - 1]
    return p


def _agent_at(tokens: list[Token], parts: list[_Participant], k: int, lex: EventLexicon) -> _Participant | None:
    """The doer named right after an agent marker standing at token ``k`` (شنه الحوثيون)."""
    return _doer_after(parts, k) if k < len(tokens) and _is_agent_marker(tokens[k], lex) else None


def _doer_by_verb(tokens: list[Token], parts: list[_Participant], i: int, lex: EventLexicon) -> _Participant | None:
    """X in «VERB X PARTICLE NOUN» where VERB makes X act or X acts through it (``doer_verbs.tsv``:
    دفع X إلى، ردت X بـ): the one who does the event noun at ``i``."""
    norm = tokens[i].norm
    if norm[:1] in ("ب", "ل") and not norm.startswith("ال"):
        particle, end = norm[:1], i  # the noun's proclitic
    elif i > 0:
        particle, end = tokens[i - 1].norm, i - 1  # a word (إلى، على، في): the verb's row says which
    else:
        return None
    doer = next((p for p in parts if p.last == end - 1), None)
    if doer is None or doer.first == 0:
        return None
    particles = next((lex.doer_verbs[k] for k in _keys(tokens[doer.first - 1].norm) if k in lex.doer_verbs), ())
    return doer if particle in particles else None


def _governed_actor(tokens: list[Token], i: int, governing: TriggerEntry,
                    roles: tuple[_Participant | None, _Participant | None]) -> _Participant | None:
    """The actor of an event noun at ``i`` that the verb of another event governs, from that verb's
    (actor, target) ``roles``:

    * an accusation or a demand names the doer as its object, before the noun and its particle
      (اتهمت الجماعة إسرائيل باغتيال، طالبت الحكومة التحالف بتسليم القواعد): that object does it;
    * otherwise the noun is the verb's topic or content (أدانت قطر الهجوم، هدد الوزير بشن عملية،
      رفضت الحكومة التهجير): who would do it is not said."""
    addressee = roles[1]
    if governing.type not in _ADDRESSING or addressee is None:
        return None
    if tokens[i].norm[:1] == "ب" and addressee.last == i - 1:
        return addressee
    if i > 0 and tokens[i - 1].norm in ("الي", "علي") and addressee.last == i - 2:
        return addressee  # the particle stands right after the addressee (دعا الأطراف إلى وقف)
    return None


def _inside_predicate(tokens: list[Token], verb: int, k: int) -> bool:
    """Token ``k`` stands after the verb at ``verb`` with no comma or clause boundary between them: it
    belongs to that verb's predicate («وردّت باريس» after a comma opens a new one)."""
    return 0 <= verb < k and _unbroken(tokens, verb + 1, k)


def _no_boundary(tokens: list[Token], start: int, end: int) -> bool:
    """No clause boundary among ``tokens[start:end]`` (a comma may stand there)."""
    return not any(t.norm in _BOUNDARY for t in tokens[start:end])


def _unbroken(tokens: list[Token], start: int, end: int) -> bool:
    """No clause boundary and no comma among ``tokens[start:end]``."""
    return _no_boundary(tokens, start, end) and not any(t.norm in ("،", ",") for t in tokens[start:end])


def _one_clause(tokens: list[Token], start: int, end: int) -> bool:
    """``tokens[start:end]`` stay in one clause: no boundary, and no comma that opens a new clause (a
    comma before و or before «لكن، فيما، بينما»). An aside between commas («وقّعت السنغال وغامبيا، أمس في
    العاصمة السنغالية، اتفاقاً») is no new clause."""
    if not _no_boundary(tokens, start, end):
        return False
    for k in range(start, min(end, len(tokens) - 1)):
        if tokens[k].norm in ("،", ",") and k + 1 < end:
            nxt = tokens[k + 1].norm
            if nxt[:1] in ("و", "ف") or nxt.startswith("لكن") or any(c in _CLAUSE_OPENERS for c in _keys(nxt)):
                return False
    return True


def _indefinite(p: _Participant) -> bool:
    """A generic phrase without the article (قوات، مسلحون): more often an object than a subject."""
    return p.entity_id is None and not normalize(p.text).startswith("ال")


def _is_site(p: _Participant) -> bool:
    """A base, airport or town as a participant is where something happens, not who. A country is
    not a site: a state acts (وقّعت جمهورية الكونغو الديمقراطية), whether its id comes from Wikidata
    (Q…) or from Marsad's own country table (``marsad:country-cd``, entities_places.tsv)."""
    return bool(p.entity_id) and not str(p.entity_id).startswith(_NOT_SITE_IDS) and p.is_place


def _lemma_words(entry: TriggerEntry) -> set[str]:
    return {normalize(w) for w in entry.lemma.replace("/", " ").split()}


def _another_event(tokens: list[Token], i: int) -> bool:
    """A definite event noun that is the time anchor of its clause (زيارة … قبيل القمة، بعد يومين من
    القمة) or announced as ahead (القمة التاريخية المرتقبة) names an event of its own."""
    after = any(tokens[j].norm in _AHEAD for j in range(i + 1, min(i + 3, len(tokens))))
    before = any(k in _TIME_ANCHORS for j in range(max(0, i - 3), i) for k in _keys(tokens[j].norm))
    return after or before


def _possessed(norm: str, e: TriggerEntry) -> bool:
    """A noun row's word with a possessive pronoun (اعتصامهم، اجتماعها، هدنتهم), not a word that only ends
    like one (تفاهم)."""
    if e.kind not in ("noun", "tnoun"):
        return False
    lemma = normalize(e.lemma)
    stems = (lemma, lemma[:-1] + "ت") if lemma.endswith("ه") else (lemma,)
    return any(k[: -len(end)] in stems for k in _keys(norm) for end in _POSSESSIVE_ENDINGS if k.endswith(end))


def _decision_content(tokens: list[Token], i: int) -> bool:
    """«رحّبت الجامعة بقرار عدد من الدول الأوروبية الاعتراف بدولة فلسطين»: a definite verbal noun up to five
    words after a decision, a plan or a call is what they decide, plan or call for, an event of its own."""
    return any(k in _DECISION_NOUNS for j in range(max(0, i - 5), i) for k in _companion_keys(tokens[j].norm))


_DECISION_NOUNS = word_list(_RULE_WORDS, "decision_nouns")  # قرار، خطة، دعوة


def _made_after(tokens: list[Token], i: int) -> bool:
    """«تنفيذاً لتفاهم توصل إليه وزيرا الداخلية»، «بالاتفاق الذي توصلت إليه قطر والبحرين»: an agreement
    noun whose making a relative clause right after it tells."""
    for j in range(i + 1, min(i + 3, len(tokens))):
        if any(k in _AGREEMENT_MAKERS for k in _keys(tokens[j].norm)) and tokens[j].norm not in ("الي", "إلى"):
            return True
        if tokens[j].norm not in _RELATIVES:
            return False
    return False


_IN_FORCE = word_list(_RULE_WORDS, "in_force")  # «دخل اتفاق وقف إطلاق النار حيز التنفيذ»
_OATHS = word_list(_RULE_WORDS, "oaths")  # يمين، قسم
_DUES = word_list(_RULE_WORDS, "dues")  # رسوم: the trigger rows of tariffs
_IMPOSING = word_list(_RULE_WORDS, "imposing")  # فرض، رفع، زيادة: what makes a definite tariff an event
_NAMING_NEXT = word_list(_RULE_WORDS, "naming_next")  # وقف، سابقة: «اتفاق وقف الأعمال العدائية»


_ORDINAL_AHEAD = word_list(_RULE_WORDS, "ordinal_ahead")  # الأول، القادم: the first or the next of a series


def _threat_content(tokens: list[Token], i: int, kept: list[tuple[int, int, TriggerEntry]]) -> bool:
    """«رفضت الحكومة المقترح، وهدد وزير خارجيتها بالانسحاب من اتفاق ستوكهولم»، «طالبت البعثة الطرفين بهدنة
    فورية»: a ب-noun that a threat or a demand just before it takes as its content is what is threatened
    or demanded, an event of its own (EVENTS_GOLD rule 10), not an event named again."""
    lead = tokens[i].norm[:1]
    if lead == "ب":
        governing: tuple[str, ...] = ("THREATEN", "REQUEST")
    elif i > 0 and tokens[i - 1].norm in ("الي", "إلى"):
        governing = ("REQUEST",)  # «ودعت كوريا الجنوبية إلى الاعتراف بفلسطين»
    else:
        governing = ()
    if any(k.type in governing and k.verbal and 0 < i - l2 <= _ARG_WINDOW and _no_boundary(tokens, l2 + 1, i)
           for _, l2, k in kept):
        return True
    # ل right after a call: «دفع المبعوث إلى الدعوة لوقف فوري لإطلاق النار»
    return lead == "ل" and any(k.type == "REQUEST" and i - l2 == 1 for _, l2, k in kept)


_STOPPING = word_list(_RULE_WORDS, "stopping")  # بوقف الهجمات


def _stopped(tokens: list[Token], i: int, e: TriggerEntry) -> bool:
    """«يقضي بوقف الهجمات المتبادلة»، «لإنهاء القصف»: attacks that are stopped name what stops,
    not an attack."""
    return not e.verbal and i > 0 and any(k in _STOPPING for k in _keys(tokens[i - 1].norm))


_AS_CLAUSES = word_list(_RULE_WORDS, "as_clauses")  # كما، مثلما: «… كما طلب الرئيس» is a request told
_WITHDRAWING_FORCES = word_list(_RULE_WORDS, "withdrawing_forces")  # الجيش، القوات after انسحاب
_AGREED_WINDOW = 16  # «اتفقت الحكومة وقوات المعارضة المسلحة، خلال محادثات في أديس أبابا أمس، على وقف لإطلاق النار»
_REJECTED_CALLS = word_list(_RULE_WORDS, "rejected_calls")  # دعوة، مطالبة: «رفض دعوة …»
_TRUCE_STATES = word_list(_RULE_WORDS, "truce_states")  # منذ، تثبيت، اتفاق: a truce in force, not made


def _drop_repeats(tokens: list[Token], found: list[tuple[int, int, TriggerEntry]],
                  seen: set[str], blockers: frozenset[str] = frozenset()) -> list[tuple[int, int, TriggerEntry]]:
    """Triggers that restate an event rather than report a new one.

    * Casualty words (مقتل، قُتل، أصيب) in a sentence that has an attack word (هجوم، غارة، قصف):
      the dead and wounded are the attack's quantities, not a second event.
    * A definite verbal noun (الاتفاق، الهجوم، الهدنة) of a type the article already reported:
      it refers back to that event (news names an event once, then says "the agreement").
    * A verbal noun governed by a topic word (تعزيز التعاون، دخول المساعدات; ``event_blockers.txt``).
    """
    ceasefire = [i for i, _, e in found if e.type in ("AGREE", "CONCEDE") and "وقف" in _lemma_words(e)]
    found = [(i, last, e) for i, last, e in found  # وقف كامل لإطلاق النار is no shooting
             if not (e.type == "ASSAULT" and (any(0 < i - c <= 4 for c in ceasefire) or _stopped(tokens, i, e)))]
    attacks = [j for j, _, e in found if e.type == "ASSAULT" and not (_lemma_words(e) & _CASUALTY)
               and e is not _RETALIATION_ENTRY]  # (a reply to come is no attack the dead were counted in)
    kept: list[tuple[int, int, TriggerEntry]] = []
    for i, last, e in found:
        if e.type == "ASSAULT" and _lemma_words(e) & _CASUALTY and any(
                j < i or not _reported_apart(tokens, i, j) for j in attacks):
            continue  # (an attack word told after a speech verb in another clause, «قُتل ثلاثة برصاص الجيش،
            # وأكد الجيش أن قواته أطلقت النار», is the same deed as the doer tells it: the killing stays)
        if e.type == "ASSAULT" and _lemma_words(e) & _CASUALTY and tokens[i].norm[:1] == "و" and any(
                k.type == "ASSAULT" and _lemma_words(k) & _CASUALTY and 0 < i - l2 <= _CASUALTY_PAIR
                for _, l2, k in kept):
            continue  # «قُتل 22 شخصاً وأصيب 124 آخرون»: one event on قُتل carrying both counts
        if e.lemma in _AIM_VERBS and ("ASSAULT" in seen or any(k.type == "ASSAULT" for _, _, k in kept)) and \
                _doer_tells(tokens, i):
            continue  # «قُتل شخص بضربة نفّذتها مسيّرة …، وقال الجيش إنه استهدف عنصراً»: the doer names the
            # target of the strike already told
        if e.lemma in _AIM_VERBS and any(k.type == "SANCTION" and not k.verbal and 0 < i - l2 <= _ARG_WINDOW and
                                         _no_boundary(tokens, l2 + 1, i)
                                         for _, l2, k in kept):
            continue  # «حزمة عقوبات على روسيا منذ بدء الحرب، تستهدف أكثر من 100 كيان»: what they target
        norm = tokens[i].norm
        definite = "ال" in norm[:4] and (not e.verbal or _definite_masdar(norm, e)) and e.kind != "phrase"
        content = _threat_content(tokens, i, kept)  # what a threat or a call is for: an event of its own
        if definite and e.type in seen and not content and e.lemma not in _OATHS:
            continue  # (an oath sworn is told by its own verb: «أن تؤدي الحكومة الجديدة اليمين»)
        if e.type in seen and _possessed(norm, e) and not _lemma_words(e) & _CASUALTY and \
                not _another_event(tokens, i) and not _after_periphrasis(tokens, i) and not (
                i + 1 < len(tokens) and tokens[i + 1].norm in _ORDINAL_AHEAD):
            continue  # «أغلق الخريجون مدخل الميناء … وقال مسؤول إن المحتجين أنهوا اعتصامهم»: their sit-in, told
            # before (not «تعقد اللجنة اجتماعها الأول/المقبل», a meeting still to come; not «لقوا مصرعهم»,
            # «تم ترحيلهم», which tell their own deed)
        if definite and any(k.type == e.type and i - l2 > NEEDS_WINDOW for _, l2, k in kept) and not (
                _another_event(tokens, i) or content or _decision_content(tokens, i)):
            continue  # «غارات على مواقع …، في حين أدانت «الاعتداء»»: the same event named again (not
            # «جولة من المحادثات», one expression)
        if not e.verbal and e.kind != "phrase" and i > 0 and any(
                k in blockers for k in _keys(tokens[i - 1].norm)):
            continue  # تعزيز التعاون، دخول المساعدات: the noun names a topic
        if e.type == "SANCTION" and not e.verbal and e.lemma in _DUES and definite and not any(
                k in _IMPOSING for j in range(max(0, i - 4), i) for k in _keys(tokens[j].norm)):
            continue  # «رغم الرسوم الجمركية الأمريكية الجديدة»، «بحثا الرسوم الجمركية»: tariffs in force named,
            # none imposed or raised (EVENTS_GOLD rule 9; «رفعت واشنطن الرسوم الجمركية» raises them)
        maker = any(k in _AGREEMENT_MAKERS for k in _keys(norm))
        construct = i + 1 < len(tokens) and not definite and (
            tokens[i + 1].norm.startswith("ال") or tokens[i + 1].norm in _NAMING_NEXT)
        if e.type == "AGREE" and not e.verbal and e.kind != "phrase" and not maker and (
                definite or construct or norm[:1] in ("ب", "ل")):
            made = any((k in _AGREEMENT_MAKERS or k in _IN_FORCE) and (j == i - 1 or k not in _MAKER_PREPOSITIONS)
                       for j in range(max(0, i - 3), i) for k in _keys(tokens[j].norm)) or \
                _made_after(tokens, i) or content or _after_periphrasis(tokens, i)  # (إلى counts right before the
            # noun only: «التوصل إلى اتفاق», not «بالسعي إلى تقويض اتفاق»; «تم الاتفاق مع مديري السلاسل» is one reached)
            if not made:
                continue  # بالاتفاق، للهدنة، اتفاقية الشراكة، اتفاق وقف الأعمال العدائية، اتفاقات سابقة: a
                # reference to an agreement, not its making (but «بالاتفاق الذي توصلت إليه قطر والبحرين»،
                # «طالبت الطرفين بهدنة فورية»)
        if e.type == "AGREE" and not e.verbal and _lemma_words(e) & _TRUCE_WORDS and i > 0 and (
                any(k in _TRUCE_STATES for k in _keys(tokens[i - 1].norm)) or tokens[i - 1].norm in ("علي", "على")
                and any(k.type == "AGREE" and k.verbal and 0 < i - l2 <= _AGREED_WINDOW and _no_boundary(tokens, l2 + 1, i)
                        for _, l2, k in kept)):
            continue  # «منذ وقف إطلاق النار»، «تثبيت وقف إطلاق النار»، «اتفاق وقف إطلاق النار»، «اتفقا على وقف
            # إطلاق النار»: the truce in force or what was agreed, not a making of its own (EVENTS_GOLD rule 9;
            # «التوصل إلى وقف إطلاق النار»، «أعلن وقف إطلاق النار» make one)
        if e.type == "REQUEST" and any(k in _REJECTED_CALLS for k in _keys(norm)) and norm[:1] not in ("و", "ف") \
                and tokens[i - 1].norm not in _AS_CLAUSES and any(
                k.type == "REJECT" and k.verbal and 0 < i - l2 <= _ARG_WINDOW and _unbroken(tokens, l2 + 1, i)
                for _, l2, k in kept):
            continue  # «رفض المجلس دعوة الحوثيين إلى مفاوضات»: the call is what is rejected, the rejection
            # the event; what it called for is the rejected content (EVENTS_GOLD rule 10). Not across a
            # comma («قابلت كييف الإعلان بالرفض، مطالبةً بوقف …» is a demand of its own)
        kept.append((i, last, e))
    return kept


def _doer_tells(tokens: list[Token], i: int) -> bool:
    """The targeting verb at ``i`` opens the clause a speech verb reports, and its subject points back
    to the speaker: a pronoun on the complementizer («وقال الجيش إنه استهدف») or the speaker's own forces
    («قالت الأركان إن قواتها استهدفت المصفاة»). A named subject («ذكر مصدر أن الميليشيات استهدفت
    منزلاً») tells an attack of its own."""
    j = i - 1
    pronouns = _POSSESSIVE_ENDINGS + ("ه",)
    if j > 0 and tokens[j].text.endswith(pronouns) and tokens[j - 1].norm in _COMPLEMENTIZERS:
        j -= 1  # «إن قواتها»
    elif not any(tokens[j].norm.endswith(p) and tokens[j].norm[: -len(p)] in _COMPLEMENTIZERS for p in pronouns):
        return False  # «إنه»، «أنها»
    return any(k in _SPEECH_VERBS for m in range(max(0, j - 4), j) for k in _keys(tokens[m].norm))


def _reported_apart(tokens: list[Token], i: int, j: int) -> bool:
    """The attack word at ``j`` (after the casualty word at ``i``) stands in another clause that a
    speech verb opens: «…، وأكد وزير الدفاع أن قواته أطلقت النار»، «…، فيما قال الجيش إن قواته أطلقت النار»."""
    for k in range(i + 1, j):
        if tokens[k].norm not in ("،", ","):
            continue
        n = k + 2 if k + 2 < j and tokens[k + 1].norm in ("فيما", "بينما") else k + 1  # «، فيما قال الجيش»
        if n < j and any(c in _SPEECH_VERBS for c in _keys(tokens[n].norm)):
            return True
    return False


_SPEECH_VERBS = word_list(_RULE_WORDS, "speech_verbs")  # قال، أكد، أعلن: a clause of their own


def _one_sided(tokens: list[Token], last: int, hi: int) -> bool:
    """«هدنة من جانب واحد»، «وقف لإطلاق النار أحادي الجانب»، «أعلنته الخرطوم من جانب واحد»."""
    for j in range(last + 1, min(last + _ONE_SIDED_WINDOW, hi) + 1):
        if tokens[j].norm in _BOUNDARY:
            return False
        if any(k in _ONE_SIDED for k in _keys(tokens[j].norm)) or (
                tokens[j].norm == "جانب" and j + 1 <= hi and tokens[j + 1].norm == "واحد"):
            return True
    return False


_ABSORB_REACH = 5  # words further, across an unbroken stretch, that a lifted or suspended noun may stand


def _drop_absorbed(tokens: list[Token], found: list[tuple[int, int, TriggerEntry]]) -> list[tuple[int, int, TriggerEntry]]:
    """A noun that is the companion word of a suspension, a lifting or a rejection names what is
    suspended, lifted or left, not an event of its own: «علّقت مساعدات» is one SANCTION (no AID),
    «رفع العقوبات» one CONCEDE (no SANCTION), «الانسحاب من الاتفاق» one REJECT (no AGREE)."""
    absorbed: set[int] = set()
    for _first, last, e in found:
        if e.type not in _ABSORBS or not e.needs:
            continue
        for j, _, other in found:
            if other.type != e.type and not other.verbal and other.kind != "phrase" and \
                    last < j <= last + NEEDS_WINDOW + _ABSORB_REACH and _is_companion(e, tokens[j].norm) and \
                    (j <= last + NEEDS_WINDOW or _unbroken(tokens, last + 1, j)):
                absorbed.add(j)  # (further when a long subject stands between: ألغت السلطات في إقليم جامو
                # وكشمير القيود, as _subject_name_extra lets the companion stand)
    return [f for f in found if f[0] not in absorbed]


def _by_means(tokens: list[Token], l2: int, i: int, earlier: TriggerEntry, entry: TriggerEntry) -> bool:
    """«أكملت فرنسا انسحابها العسكري من السنغال بتسليم آخر قاعدتين لها»: a ب-noun of the same type just
    after an event tells how it was done, not a second event."""
    return entry.type == earlier.type and entry.type in _MEANS_TYPES and not entry.verbal and \
        tokens[i].norm[:1] == "ب" and 0 < i - l2 <= _ARG_WINDOW and _no_boundary(tokens, l2 + 1, i)


_MEANS_TYPES = frozenset({"RETREAT", "MOBILIZE"})  # a withdrawal by handing over, a deployment by sending


def _describes(tokens: list[Token], f2: int, l2: int, i: int, noun: TriggerEntry, verb: TriggerEntry) -> bool:
    """«بانفجار عبوة ناسفة استهدفت دوريتهم»: a verb without و right after an event noun and its
    genitive (no punctuation between) is a relative clause that describes the same event. A verb
    row's bare stem after a preposition or a word of cause is its masdar, a noun («في قصف مدفعي
    استهدف حياً»، «جراء قصف مدفعي إسرائيلي استهدف منازل»). «من» may stand inside a doer's
    phrase after ل («بهجوم لعناصر من داعش استهدف»), not elsewhere (where it opens another phrase)."""
    masdar = f2 == l2 and f2 > 0 and (tokens[f2 - 1].norm in _PREPOSITIONS or tokens[f2 - 1].norm in _CAUSES)
    if noun.verbal and not masdar or verb.kind not in ("verb", "verbi") or not 0 < i - l2 <= _DESCRIBE_WINDOW or \
            tokens[i].norm[:1] in ("و", "ف") or tokens[i].norm.startswith("ال"):
        return False
    return all(t.is_word and (t.norm not in _PREPOSITIONS or t.norm == "من" and tokens[k - 1].norm[:1] == "ل") and
               t.norm not in _COMPLEMENTIZERS for k, t in enumerate(tokens[l2 + 1 : i], l2 + 1))


_CAUSES = word_list(_RULE_WORDS, "causes")  # جراء، إثر: «جراء قصف مدفعي استهدف منازل»
_DESCRIBE_WINDOW = 6  # words from an event noun to the verb describing it («بهجوم لعناصر من داعش استهدف»)


_FRAMING = word_list(_RULE_WORDS, "framing")  # في أول لقاء
_ORDINALS = word_list(_RULE_WORDS, "ordinals")
_FRAME_WINDOW = 24  # (استقبل بوتين … ويتكوف وصهر الرئيس الأمريكي جاريد كوشنر، في محادثات استمرت)
# «احتُجز … في عملية نفذتها قوة عسكرية»: a generic noun that frames any verb's event, whatever its type
_GENERIC_FRAMES = word_list(_RULE_WORDS, "generic_frames", written=True)


def _generic_frame(tokens: list[Token], l2: int, i: int, verb: TriggerEntry, noun: TriggerEntry, hi: int) -> bool:
    """«احتُجز … في عملية نفذتها قوة»: a generic noun framing the verb's event whatever its type; not
    one with a genitive of its own («الضلوع في عملية الاغتيال» names another event)."""
    return noun.lemma in _GENERIC_FRAMES and not (i + 1 <= hi and tokens[i + 1].norm.startswith("ال")) and \
        _frames(tokens, l2, i, verb, noun, generic=True)


def _frames(tokens: list[Token], l2: int, i: int, verb: TriggerEntry, noun: TriggerEntry,
            generic: bool = False) -> bool:
    """«التقى ترامب الشرع في الرياض، في أول لقاء من نوعه»: an indefinite event noun of the verb's
    type inside «في (أول)» frames the event the verb reported; it is not a second one. Not for
    arrests without an ordinal (اعتقلت … في مداهمة: the raid is an act of its own; أوقف … في أول توقيف
    is one arrest) nor casualties (قُتل … في هجوم: the attack is the event and the dead its
    quantities, see _drop_repeats)."""
    if not verb.verbal or noun.verbal or noun.kind == "phrase" or not 0 < i - l2 <= _FRAME_WINDOW or \
            _lemma_words(verb) & _CASUALTY or tokens[i].norm.startswith("ال"):
        return False
    j = i - 1
    ordinal = j > l2 and tokens[j].norm in _ORDINALS
    if ordinal:
        j -= 1
    elif verb.type == "COERCE" and not generic:  # «اعتقلت … في مداهمة»: the raid is an act of its own;
        # «في أول توقيف» and «في عملية نفذتها قوة» are not
        return False
    return j > l2 and tokens[j].norm in _FRAMING and _no_boundary(tokens, l2 + 1, j)


def _restates(tokens: list[Token], i: int, hi: int, earlier: TriggerEntry, noun: TriggerEntry) -> bool:
    """«تعرّضت حافلة لهجوم مسلح …، في ثالث اعتداء من نوعه»، «أرسلت السويد 120 جندياً …، في أول انتشار
    لقواتها»: an event noun after an ordinal, or followed by «من نوعه», counts the event the sentence
    already reported (EVENTS_GOLD rule 8), whatever word reported it and however far before; so do a
    meeting verb «خلالها» "during it" after a visit or talks (زيارة … يلتقي خلالها), a noun inside «ضمن
    حزمة/سلة» (one of the package already told) and «اليوم الثالث من احتجاجاتهم» (a day of it)."""
    if earlier.type != noun.type:
        return False
    if noun.verbal and noun.type == "CONSULT" and i + 1 <= hi and tokens[i + 1].norm in _DURING_IT:
        return True  # «في زيارة رسمية …، يلتقي خلالها الرئيس»: the meeting is the visit's (not «في عملية …
        # وطوّقت خلالها مقر إقامته»: an act of its own within an operation)
    if noun.verbal or noun.kind == "phrase":
        return False
    if i > 1 and tokens[i - 1].norm in _BATCHES and tokens[i - 2].norm == "ضمن":
        return True  # «أمدّت ألمانيا أوكرانيا بمنظومتين، ضمن حزمة مساعدات»، «عيّن … ضمن سلة تعيينات»
    if i > 2 and tokens[i - 1].norm == "من" and any(tokens[k].norm in _PERIODS for k in (i - 2, i - 3)):
        return True  # «تظاهر مئات …، في اليوم الثالث من احتجاجاتهم»: the day of the protest already told
    if tokens[i].norm.startswith("ال"):
        return False
    ordinal = i > 1 and tokens[i - 1].norm in _ORDINALS and tokens[i - 2].norm in _FRAMING  # not «وأصيب آخر بضربة»
    of_its_kind = i + 2 <= hi and tokens[i + 1].norm == "من" and tokens[i + 2].norm in _OF_ITS_KIND
    return ordinal or of_its_kind


_OF_ITS_KIND = word_list(_RULE_WORDS, "of_its_kind")  # «من نوعه»: "of its kind"
_BATCHES = word_list(_RULE_WORDS, "batches")  # ضمن حزمة …: one of a package
_PERIODS = word_list(_RULE_WORDS, "periods")  # اليوم الثالث من …
_DURING_IT = word_list(_RULE_WORDS, "during_it")  # «يلتقي خلالها»: during the event just named


def _sanction_content(tokens: list[Token], l2: int, i: int, sanction: TriggerEntry, noun: TriggerEntry) -> bool:
    """«فرض الاتحاد الأوروبي عقوبات تشمل حظر السفر وتجميد الأصول»: the bans and freezes a package of
    sanctions includes are that package, not measures of their own."""
    if sanction.type != "SANCTION" or noun.verbal or noun.type not in ("SANCTION", "COERCE") or \
            not 0 < i - l2 <= _CONTENT_WINDOW or not _no_boundary(tokens, l2 + 1, i):
        return False
    return any(k in _INCLUDES for j in range(l2 + 1, i) for k in _keys(tokens[j].norm))


_INCLUDES = word_list(_RULE_WORDS, "includes")  # تشمل، تتضمن
_CONTENT_WINDOW = 12  # («فرض عقوبات على 12 مسؤولاً في الحكومة العسكرية في ميانمار تشمل تجميد أصولهم»)


def _names_the_agreement(tokens: list[Token], i: int, noun: TriggerEntry, lex: EventLexicon) -> bool:
    """«أبرمتا اتفاق شراكة اقتصادية»، «اتفاقية للتعاون الدفاعي»: a cooperation noun right after an
    agreement noun is its genitive, what the agreement is about; the agreement is the one event."""
    return noun.type == "COOPERATE" and not noun.verbal and i > 0 and any(
        e.type == "AGREE" and not e.verbal and not e.needs for k in _keys(tokens[i - 1].norm) for e in lex.forms.get(k, ()))


_SUBJECT_NAME_START = 3  # a name starting this close after a verb may end its subject's phrase


def _subject_name_extra(tokens: list[Token], name_length: dict[int, int], i: int) -> int:
    """Words a companion may stand further away because a name stands between: a name right after
    the trigger, or one after a title phrase of definite words (نشر الرئيس الإكوادوري دانييل نوبوا
    5 آلاف جندي، تعهد الرئيس الإيراني مسعود بزشكيان بأن تدفع تل أبيب ثمناً) or a definite noun placed
    by «في» (ألغت السلطات في إقليم جامو وكشمير القيود). Not after a verb that
    carries its object as a pronoun (بيان نشره المركز الإعلامي …: what follows is its subject, and
    the object is already said)."""
    if name_length.get(i + 1):
        return name_length[i + 1] - 1
    if tokens[i].norm.endswith(_THIRD_PERSON):
        return 0
    placed = False  # «في» after the definite subject, and the head noun of the place after it
    for f in range(i + 2, min(i + 1 + _SUBJECT_NAME_START + 2, len(tokens))):
        before = tokens[f - 1]
        if before.norm == "في" and not placed and f - 2 > i and tokens[f - 2].norm.startswith("ال"):
            placed = True  # السلطات في إقليم جامو وكشمير
        elif not (before.is_word and (before.norm.startswith("ال") or placed and tokens[f - 2].norm == "في")) or \
                f - i > _SUBJECT_NAME_START and not placed:
            break
        if name_length.get(f):
            return f + name_length[f] - 1 - i - 1
    return _subject_chain(tokens, name_length, i)


def _definite(tok: Token) -> bool:
    return tok.is_word and tok.norm.startswith(("ال", "لل"))  # للأمن: ل + ال


def _subject_chain(tokens: list[Token], name_length: dict[int, int], i: int) -> int:
    """«فككت المديرية العامة للأمن الوطني في المغرب خلية»، «فرّقت قوات الأمن التونسية … المحتجين»: a
    verb-first subject is a head noun and a chain of definite words (its genitives and adjectives),
    perhaps placed by «في» and a name; its words beyond the first two stand between the verb and
    its companion. Only a chain of two definite words or more counts: with one (read on 3,000 ANT
    articles) a plural object was taken for a subject (وأوقفت أجهزة الأمن مئات المسلحين), and a general
    reach misread objects (بيان نشره، تراجع الأسعار)."""
    if i + 1 >= len(tokens) or not tokens[i + 1].is_word or number_at(tokens, i + 1) is not None:
        return 0
    k = i + 2
    while k < len(tokens) and k - i <= _CHAIN_MAX and _definite(tokens[k]):
        k += 1
    chain = k - (i + 2)
    if chain < _CHAIN_MIN:
        return 0
    if k + 1 < len(tokens) and tokens[k].norm == "في" and name_length.get(k + 1):
        k += 1 + name_length[k + 1]
    return k - (i + 1) - _CHAIN_MIN


_CHAIN_MIN = 2  # definite words after the head before a subject widens the window
_CHAIN_MAX = 6  # words of the chain read at most


_ENCOURAGES = word_list(_RULE_WORDS, "encourages")
_TOWARDS = word_list(_RULE_WORDS, "towards")
_ENCOURAGED_WINDOW = 8  # words from the encouraging verb to على/إلى


def _encouraged_modality(tokens: list[Token], lo: int, i: int, entry: TriggerEntry,
                         lex: EventLexicon) -> Modality | None:
    """«قد يشجع هذا الانسحاب حلفاء مثل تركيا على توسيع عملياتهم»: an event noun that is what someone
    is encouraged or urged to do (شجّع/حثّ … على) has not happened; it takes the modality of the
    encouraging verb when that is not plain (قد يشجع: expected), else it is hypothetical."""
    if entry.verbal:
        return None
    to = next((j for j in range(i - 1, max(lo, i - 3) - 1, -1) if tokens[j].norm in _TOWARDS), None)
    if to is None or not _unbroken(tokens, to + 1, i):
        return None
    for p in range(to - 1, max(lo, to - _ENCOURAGED_WINDOW) - 1, -1):
        if tokens[p].norm in _BOUNDARY:
            return None
        if any(k in _ENCOURAGES for k in _keys(tokens[p].norm)):
            mood = event_modality(tokens, lo, p, entry, lex)
            return mood if mood != "happened" else "hypothetical"
    return None


def _ahead_of(published: str | None, own: list[TimeExpr], modality: Modality, entry: TriggerEntry,
              word: str) -> Modality:
    """An event its own clause dates after publication by a relative expression (قمة … الشهر
    المقبل، يزور … الأسبوع المقبل، يلتقي … غداً) has not happened yet: told as plain fact, it is
    planned (announced). Not a verb in the past (اتفقا على إجراء محادثات الأسبوع المقبل: the agreeing
    is done), nor a statement (a demand, threat, rejection or accusation is made now; a later date in
    its clause is that of what it demands or threatens)."""
    if modality != "happened" or not published or entry.type in _STATEMENT_TYPES:
        return modality
    if entry.verbal and not _imperfect(word, entry):
        return modality
    for t in own:
        if t.relative and t.type == "instant" and t.value:
            n = min(len(t.value), 10)
            if t.value[:n] > published[:n]:
                return "announced"
    return modality


_CONDITIONS = word_list(_RULE_WORDS, "conditions")  # اذا، لو (and في حال, below)
_CONDITION_WINDOW = 12  # words after the trigger in which the condition of a future act may open (its object
# and a relative clause between: «ستستهدف أي سفينة عسكرية أمريكية تقترب من المياه الإقليمية إذا …»)


def _conditioned(tokens: list[Token], i: int, hi: int, modality: Modality) -> Modality:
    """«سيستهدف القواعد الأمريكية في المنطقة إذا تعرّضت المنشآت لهجوم»: a future act followed by its
    condition is hypothetical (EVENTS_GOLD rule 13), as when the condition comes first."""
    if modality != "expected":
        return modality
    for j in range(i + 1, min(i + _CONDITION_WINDOW, hi) + 1):
        if tokens[j].norm in _BOUNDARY or tokens[j].norm in ("،", ","):
            return modality
        if any(k in _CONDITIONS for k in _keys(tokens[j].norm)) or \
                tokens[j].norm == "حال" and tokens[j - 1].norm == "في":  # not «حال دون» "prevented"
            return "hypothetical"
    return modality


def _imperfect(word: str, entry: TriggerEntry) -> bool:
    """The verb form is in the present (يزور، وتلتقي), not the past: «فتحت» is the past of فتح, not
    ف + a present «تحت», which its past stem tells."""
    past = entry.past_stem
    if past and word.startswith(past):
        return False
    return (word[1:] if word[:1] in ("و", "ف") else word).startswith(PRESENT_PREFIXES)


_EXECUTION = word_list(_RULE_WORDS, "execution_lemmas")  # the trigger rows of إعدام
_BLAST_VERBS = tuple(word_list(_RULE_WORDS, "blast_verbs"))  # فجّر
_HOMES = word_list(_RULE_WORDS, "homes")  # منزل، بيت
_COURT = word_list(_RULE_WORDS, "court")  # قضت، حكمت، محكمة: a court's ruling
_PURPOSE_NOUNS = word_list(_RULE_WORDS, "purpose_nouns")  # دعم: with ل, a purpose («لدعم خطة»)
_REASON_ACCUSATIVES = word_list(_RULE_WORDS, "reason_accusatives")  # تنديداً، رفضاً: why the subject acted
_VERBAL_ATTACKS = word_list(_RULE_WORDS, "verbal_attacks", written=True)  # هاجم/هاجم
_SPEECH_SETTINGS = word_list(_RULE_WORDS, "speech_settings")  # خطاب، تصريحات، تغريدة
_SPEECH_WINDOW = 10  # words after the verb in which the setting of the words may stand
_AIM_VERBS = word_list(_RULE_WORDS, "aim_verbs", written=True)
_AIMS = word_list(_RULE_WORDS, "aims")
_AIM_WINDOW = 3  # words after the verb in which its goal may stand (تستهدف الحكومة خفض العجز)


def _aims_at(tokens: list[Token], i: int, hi: int, entry: TriggerEntry) -> bool:
    """«تستهدف الحكومة خفض العجز»، «تستهدف أن يبلغ النمو 5%»: a targeting verb whose object is a goal
    means "aims at", not an attack (a count is no sign: «استهدف 60 موقعاً» is an attack)."""
    if entry.lemma not in _AIM_VERBS:
        return False
    if _followed_by(tokens, i, hi, _AIMS, _AIM_WINDOW):
        return True
    # «حملة تطعيم تستهدف 1.2 مليون طفل»، «تصريحات مهينة تستهدف ترمب»: what a plan, a campaign or words
    # "target" is their audience or goal
    return _preceded_by(tokens, i, 0, _AIM_SUBJECTS, _AIM_SUBJECT_WINDOW)


def _endangers(tokens: list[Token], i: int, hi: int, entry: TriggerEntry) -> bool:
    """«باتت المجاعة تهدد مناطق واسعة»: a present «يهدد» with no ب complement after it (what the
    threatener will do: «تهدد النقابات بإضراب») means "endangers"; a danger is no threat."""
    if entry.lemma not in _ENDANGER_VERBS or not _imperfect(tokens[i].norm, entry):
        return False
    for j in range(i + 1, min(i + _ENDANGER_WINDOW, hi) + 1):
        if tokens[j].norm in _BOUNDARY:
            break
        if tokens[j].norm[:1] == "ب" and len(tokens[j].norm) >= 3 and tokens[j].norm not in _PREPOSITIONS:
            return False  # «ويهدد ترمب بمد العقوبات»
    return True


_ENDANGER_VERBS = word_list(_RULE_WORDS, "endanger_verbs", written=True)
_ENDANGER_WINDOW = 6  # words after the verb in which its ب complement may stand (the threatened between)


def _earlier_in_sentence(tokens: list[Token], lo: int, i: int, words: frozenset[str]) -> bool:
    """One of ``words`` (in any of its lookup keys) anywhere in the sentence before token ``i``."""
    return any(k in words for j in range(lo, i) for k in _keys(tokens[j].norm))


def _preceded_by(tokens: list[Token], i: int, lo: int, words: frozenset[str], window: int) -> bool:
    """One of ``words`` (in any of its lookup keys) within ``window`` words before token ``i`` (not
    before ``lo``), with no comma or clause boundary between."""
    for j in range(i - 1, max(lo - 1, i - window - 1), -1):
        if tokens[j].norm in _BOUNDARY or tokens[j].norm in ("،", ","):
            return False
        if any(k in words for k in _keys(tokens[j].norm)):
            return True
    return False


_AIM_SUBJECTS = word_list(_RULE_WORDS, "aim_subjects")
_AIM_SUBJECT_WINDOW = 5  # words before the verb in which such a subject may stand (حملة تطعيم ضد شلل الأطفال تستهدف)
_NATURE = word_list(_RULE_WORDS, "nature")
_CAUSE_WINDOW = 10  # words after a casualty word in which its natural cause may be named («جراء زلزال»)
_FIGURATIVE = word_list(_RULE_WORDS, "figurative_objects")


def _charged_with(tokens: list[Token], i: int, lo: int) -> bool:
    """«بتهمة الدعوة إلى اضطرابات»، «بتهم تهريب الكوكايين»: the event noun someone is charged with is
    the charge's content, not an event the text reports (the gold files never count it)."""
    return _preceded_by(tokens, i, lo, _CHARGES, _CHARGE_WINDOW)


_CHARGES = word_list(_RULE_WORDS, "charges")
_CHARGE_WINDOW = 3  # words between the charge and the act charged (بتهمة «نشر معلومات كاذبة»)
_CONTESTED = word_list(_RULE_WORDS, "contested")


def _convicted(tokens: list[Token], i: int, hi: int, entry: TriggerEntry) -> bool:
    """«بعد إدانتهم بالقيام بأعمال …»، «إدانته بهدر المال العام»: a court's conviction of someone, with
    its pronoun and what he is convicted of (ب), is no condemnation (إدانتها للهجوم، إدانتها بشدة)."""
    text = tokens[i].text
    nxt = tokens[i + 1].norm if i < hi else ""
    return entry.type == "ACCUSE" and "دانت" in text and text.endswith(_THIRD_PERSON) \
        and nxt[:1] == "ب" and (len(nxt) > 3 or nxt in ("ب", "بـ")) and nxt not in _STRONGLY  # بـ«التخابر»


_STRONGLY = word_list(_RULE_WORDS, "strongly")  # «إدانتها بشدة»: condemnation, strongly


def _controls_a_thing(tokens: list[Token], i: int, hi: int, entry: TriggerEntry) -> bool:
    """«السيطرة على الحريق»، «السيطرة على التضخم»، «خارج عن السيطرة»: control of a fire, prices or a
    situation is no capture (EVENTS_GOLD rule 14 counts taking a town or a camp)."""
    if entry.type != "ASSAULT" or not _lemma_words(entry) & _CONTROL_WORDS:
        return False
    if i > 0 and tokens[i - 1].norm == "عن":  # خارج عن السيطرة
        return True
    return _followed_by(tokens, i, hi, _CONTROLLED_THINGS, 3)


_CONTROL_WORDS = word_list(_RULE_WORDS, "control_lemmas")  # سيطر، سيطرة
_CONTROLLED_THINGS = word_list(_RULE_WORDS, "controlled_things")


def _contests(tokens: list[Token], i: int, hi: int, entry: TriggerEntry) -> bool:
    """«طعنت المعارضة في نزاهته»، «طعن في نتائج الانتخابات»: طعن في is "contested", no stabbing."""
    return entry.lemma == "طعن/طعن" and _followed_by(tokens, i, hi, _CONTESTED, 4)


_LABELLING = word_list(_RULE_WORDS, "labelling")  # بأنه، يُعد: what follows is a name given to something


def _labelled(tokens: list[Token], i: int, lo: int) -> bool:
    """«وصفتها بأنها «اعتداء على وحدة البلاد»»، «بما وصفته بالاعتداء»، «يُعد اعتداءً على كليهما»: an event
    noun given as a description of something already told (or of a political act) names it; it reports
    no event of its own (EVENTS_GOLD rule 8)."""
    j = i - 1
    while j > lo and tokens[j].norm in ("«", '"', "“", "'"):
        j -= 1
    if j < lo:
        return False
    if tokens[j].norm.startswith(_DESCRIBING) and tokens[j].text.endswith(_POSSESSIVE_ENDINGS + ("ه",)):
        return True  # «واعتبروه «تهديداً مباشراً»»: the verb holds what is described (not «واصفاً الاتهامات»)
    if tokens[j].norm in _LABELLING:  # (بأنه after a verb of describing: «ما يشتبه بأنه هجوم» is an attack)
        return not tokens[j].norm.startswith("ب") or any(
            tokens[k].norm.startswith(_DESCRIBING) for k in range(max(lo, j - 3), j))
    return tokens[i].norm[:1] == "ب" and tokens[j].norm.startswith(_DESCRIBING)


_PURPOSE_TALKS = word_list(_RULE_WORDS, "purpose_talks")  # بحث، مناقشة: «لمناقشة المقترح» after a visit
_LISTING_VERBS = word_list(_RULE_WORDS, "listing_verbs")  # أدرج (على قائمة العقوبات)
_LIST_NOUNS = word_list(_RULE_WORDS, "list_nouns")  # قائمة، لائحة (العقوبات)
_DIPLOMATIC_PROTESTS = word_list(_RULE_WORDS, "diplomatic_protests")  # احتجاج after a summons
_SOURCE_INSIGHT = word_list(_RULE_WORDS, "source_insight")  # مطلع، مقرب: «مصدر مطلع على المفاوضات»
_WITHOUT = word_list(_RULE_WORDS, "without")  # دون، بدون: «من دون تسجيل إصابات»
_SPORT = word_list(_RULE_WORDS, "sport")  # مباراة، الشوط، لاعب
_WAR_WORDS = word_list(_RULE_WORDS, "war_words")  # قتلى، مسلحين: a sentence of war, whatever sport word it has


def _source_topic(tokens: list[Token], i: int, lo: int) -> bool:
    """«بحسب مصدر مطلع على المفاوضات»: an event noun after «مطلع على» or «مقرب من» says who a source
    is, it reports no event."""
    return i - 2 >= lo and tokens[i - 1].norm in ("على", "علي", "من") and \
        any(k in _SOURCE_INSIGHT for k in _keys(tokens[i - 2].norm))


def _sporting(tokens: list[Token], lo: int, hi: int, before: tuple[int, int] | None = None) -> bool:
    """A sentence about a match (a sport word, and no word of war): its «سيطرة»، «هجوم»، «معركة» and
    «انسحاب» are play, not force. A sentence with no word of either, after such a sentence (``before``),
    goes on about the match: «واعتمد المدرب على الهجمات الخاطفة» after the score."""
    words = [k for t in tokens[lo : hi + 1] for k in _keys(t.norm)]
    if any(k in _WAR_WORDS for k in words):
        return False
    return any(k in _SPORT for k in words) or before is not None and _sporting(tokens, before[0], before[1])


_DESCRIBING = tuple(sorted(word_list(_RULE_WORDS, "describing")))  # وصف، اعتبر: beginnings of verbs of describing


def _blows_up_home(tokens: list[Token], i: int, hi: int, extra: int) -> bool:
    """«فجّرت القوات الإسرائيلية فجر اليوم منزل عائلة الأسير»: a blast verb with a home for its object
    is a punitive demolition (COERCE), not an attack on people."""
    return any(k.startswith(_BLAST_VERBS) for k in _keys(tokens[i].norm)) and \
        _followed_by(tokens, i, hi, _HOMES, NEEDS_WINDOW + extra)


def _natural_or_figurative(tokens: list[Token], i: int, hi: int, entry: TriggerEntry) -> bool:
    """«اجتاحت سيول جارفة وادي سوات»، «ضربت عاصفة الساحل»: a flood or a storm strikes, no one attacks;
    «ما فجّر موجة انتقادات»: a wave of criticism is set off, nothing blown up. Read on the word right
    after a verb of attack (its subject, or its object)."""
    if entry.type not in ("ASSAULT", "COERCE") or not entry.verbal or i + 1 > hi:
        return False  # (COERCE too: «أجبرت مياه الفيضانات الملايين على ترك منازلهم»)
    keys = _keys(tokens[i + 1].norm)
    return any(k in _NATURE or k in _FIGURATIVE for k in keys)


def _natural_subject(before: Token, verb: Token) -> bool:
    """«بسبب سيول أغلقت عدداً من الطرق»: a flood or a storm right before a verb is its doer (an
    unmarked relative clause). Not «موجة القصف» (a wave of shelling), not a masdar with the article
    (القصف، للدفع), and not a word joined by و (وسيول is also "and Seoul")."""
    if before.norm[:1] == "و" or verb.norm.startswith(("ال", "بال", "لل")):
        return False
    return any(k in _NATURE and k not in _WAVES for k in _keys(before.norm))


_WAVES = word_list(_RULE_WORDS, "waves")  # موجة


def _followed_by(tokens: list[Token], i: int, hi: int, words: frozenset[str], window: int) -> bool:
    """One of ``words`` (in any of its lookup keys) within ``window`` words after token ``i``, before
    a clause boundary."""
    for j in range(i + 1, min(i + window, hi) + 1):
        if tokens[j].norm in _BOUNDARY:
            return False
        if any(k in words for k in _keys(tokens[j].norm)):
            return True
    return False


_DECREES = word_list(_RULE_WORDS, "decrees")


def _signs_a_decree(tokens: list[Token], i: int, hi: int, entry: TriggerEntry) -> bool:
    """«وقّع الرئيس أمراً تنفيذياً»: signing a decree or a law is one side's act, not an agreement
    (EVENTS_GOLD rule 9); the decree's own content (يفرض رسوماً) is the event."""
    return entry.type == "AGREE" and any(k in _AGREEMENT_MAKERS for k in _keys(tokens[i].norm)) and \
        _followed_by(tokens, i, hi, _DECREES, _ARG_WINDOW)


_PURPOSE_REACH = 12  # words back from a purpose noun in which the verb it serves may stand


def _purpose_modality(tokens: list[Token], lo: int, i: int, entry: TriggerEntry, lex: EventLexicon) -> Modality | None:
    """«من المتوقع أن تكثف واشنطن ضغوطها … لقطع تمويل الميليشيات»: a purpose noun (ل + verbal noun)
    has happened no more than the verb it serves: it takes that verb's modality when it is not plain."""
    word = tokens[i].norm
    if word[:1] != "ل" or word[:2] == "لل" or word[1:2] in PRESENT_PREFIXES:  # not ليقطع (a verb)
        return None  # (لقطع may match a past-verb row: with ل it is the verbal noun)
    for p in range(i - 1, max(lo, i - _PURPOSE_REACH) - 1, -1):
        if tokens[p].norm in _BOUNDARY:
            return None
        verb = tokens[p].norm
        if len(verb) > 3 and verb[:1] in PRESENT_PREFIXES:  # an imperfect verb the purpose may serve
            mood = event_modality(tokens, lo, p, entry, lex)
            if mood != "happened":
                return mood
    return None


def _complement_modality(
    found: list[tuple[int, int, TriggerEntry]], i: int, entry: TriggerEntry, tokens: list[Token],
) -> Modality | None:
    """An event demanded, threatened or rejected (طالب بانسحاب، هدد بقصف، رفض وقف إطلاق النار) has
    not happened: hypothetical. When the event noun is the object of a light verbal noun with ب
    (توعد زعيم الجماعة بشن هجمات، هدد الجيش بتنفيذ عملية) the verb's subject may stand between: the
    window then reaches past it."""
    window = _COMPLEMENT_WINDOW
    if i >= 2 and tokens[i - 1].norm in _BI_LIGHT and \
            tokens[i - 2].norm not in _DOER_BEFORE_LIGHT:
        window = _COMPLEMENT_WINDOW + 5
    for _first, last, e in found:
        if e.type == "AGREE" and e.kind in ("verb", "verbi") and entry.type != "AGREE" and \
                0 < i - last <= _VERB_COMPLEMENT_WINDOW and _unbroken(tokens, last + 1, i) and \
                any(t.norm in ("علي", "على") for t in tokens[last + 1 : i]):
            return "announced"  # «اتفق الوزيران على تشكيل لجنة وتبادل المعلومات»: what is agreed is to come
        reach = max(window, _VERB_COMPLEMENT_WINDOW) if e.kind in ("verb", "verbi") else window
        if e.type in _COMPLEMENT_OF and entry.type not in _COMPLEMENT_OF and 0 < i - last <= reach and \
                _unbroken(tokens, last + 1, i):
            return "hypothetical"
    return None


def find_events(
    text: str, sentences: list[Sentence], tokens: list[Token], mentions: list[Mention],
    attributions: list[Attribution] | None = None, times: list[TimeExpr] | None = None,
    published: str | None = None,
) -> list[Event]:
    """The events of an article in text order. ``sentences`` carry their resolved times
    (``sentence_times``); ``mentions`` are the linked entity mentions (places included); ``times``
    the time expressions: one in the event's own clause dates it (بحلول سبتمبر 2025), else its
    sentence's time does. ``published`` (the ISO date of publication, when known) tells an event
    dated after it (يزور الرئيس الجزائر الأسبوع المقبل) as one still to come."""
    if not tokens or not sentences:
        return []
    lex = event_lexicon()
    lexicon_id = id(lex)
    starts = [t.start for t in tokens]
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_index, []).append(m)
    sources: dict[int, Attribution] = {}
    said: dict[int, list[Attribution]] = {}
    for at in attributions or ():
        said.setdefault(at.sentence_index, []).append(at)
        if at.sentence_index not in sources or sources[at.sentence_index].analysis and not at.analysis:
            sources[at.sentence_index] = at
    events: list[Event] = []
    seen_types: set[str] = set()
    # «تأخر صرف رواتبهم منذ ثلاثة أشهر»: «منذ» with a count says how long a state has lasted, not when an
    # event of the sentence happened (EVENTS_GOLD rule 12); such expressions date no event, and a
    # sentence dated only by one dates its events at publication
    times_of: dict[int, list[TimeExpr]] = {}  # sentence → its time expressions, in text order
    for t in times or ():
        times_of.setdefault(t.sentence_index, []).append(t)
    last_span: tuple[int, int] | None = None  # the token range of the sentence before
    for s in sentences:
        lo, hi = _token_range(tokens, starts, s.start, s.end)
        if hi < lo or tokens[lo].start >= s.end:
            continue
        while hi > lo and tokens[hi].start >= s.end:
            hi -= 1
        span_before, last_span = last_span, (lo, hi)
        ments = by_sentence.get(s.index, [])
        inside: set[int] = set()
        name_length: dict[int, int] = {}  # first token of a mention → its number of tokens
        for m in ments:
            f, last_m = _token_range(tokens, starts, m.start, m.end)
            if f < last_m and _verb_led(tokens, f, lo, lexicon_id):
                f += 1  # «الرباط - فكّك المكتب المركزي للأبحاث»: the tagger took the opening verb into the name
            inside.update(range(f, last_m + 1))
            name_length[f] = max(name_length.get(f, 0), last_m - f + 1)
        # «ستنقل الولايات المتحدة الشهر المقبل أول دفعة من عناصر»: a time expression is no word between a
        # verb and its companion
        timed: set[int] = set()
        for t in times_of.get(s.index, ()):
            f_t, l_t = _token_range(tokens, starts, t.start, t.end)
            timed.update(range(f_t, l_t + 1))
        dating = [t for t in times_of.get(s.index, ()) if not _since_count(t)]
        has_since = len(dating) < len(times_of.get(s.index, ()))  # the sentence has a «منذ + count»
        parts: list[_Participant] | None = None
        previous: _Participant | None = None  # the actor of the sentence's last verbal event
        previous_at = -1  # that event's trigger
        found: list[tuple[int, int, TriggerEntry]] = []
        chosen: dict[int, tuple[_Participant | None, _Participant | None]] = {}  # trigger → actor, target
        natural = False  # a verb of attack in the sentence had a flood or a storm for its subject
        sporting: bool | None = None  # the sentence is about a match (_sporting), read at its first attack word
        i = lo
        while i <= hi:
            initial = _sentence_initial(tokens, i, lo, hi, lex) or _warns_of_action(tokens, i, hi, lex) or \
                _retaliation(tokens, i, lo, hi, found, "ASSAULT" in seen_types) or _backing(tokens, i, hi, found, lex)
            if initial is not None:  # «طالب الأمين العام …»: the verb, not "student"
                found.append((i, i, initial))
                i += 1
                continue
            if i in inside or not tokens[i].is_word or not _may_trigger(tokens[i].norm, lexicon_id):
                i += 1
                continue
            extra = _subject_name_extra(tokens, name_length, i)
            extra += sum(1 for k in range(i + 1, i + NEEDS_WINDOW + extra + 1) if k in timed)
            hit = _match_trigger(tokens, i, hi, lex, extra)
            if hit is None:
                i += 1
                continue
            entry, last = hit
            if entry.kind == "participle" and i > lo and number_at(tokens, i - 1) is not None and \
                    not tokens[i].norm.endswith("ه"):  # not «الشكوى رقم 548 متهمةً واشنطن»
                i = last + 1  # «أحكاماً على 12 متهماً»: a counted participle is a noun (defendants)
                continue
            if _aims_at(tokens, i, hi, entry) or _signs_a_decree(tokens, i, hi, entry) or \
                    _endangers(tokens, i, hi, entry):
                i = last + 1
                continue
            if entry.lemma in _PURPOSE_NOUNS and tokens[i].norm[:1] == "ل" and (
                    not entry.verbal or tokens[i].norm[1:] == entry.past_stem):
                i = last + 1  # «تقديم 100 مليون دولار لدعم خطة الاستجابة»: what the money is for, no support event
                continue
            if (not entry.verbal or _has_article(tokens[i].norm)) and _charged_with(tokens, i, lo) or \
                    _contests(tokens, i, hi, entry) or _convicted(tokens, i, hi, entry) or \
                    _controls_a_thing(tokens, i, hi, entry):
                # (a verb row also matches its masdar: الدعوة)
                i = last + 1
                continue
            if entry.type == "ASSAULT" and any(k in _CONTROL_NOUNS for k in _keys(tokens[i].norm)) and any(
                    e.type == "ASSAULT" and 0 < i - l2 <= _CONTROL_OBJECT_WINDOW and _no_boundary(tokens, l2 + 1, i)
                    for _, l2, e in found):
                i = last + 1  # «استعادت القوات الحكومية اليمنية السيطرة على ثلاث قرى»: the capture's object
                continue
            if not entry.verbal and (_labelled(tokens, i, lo) or _source_topic(tokens, i, lo)):
                i = last + 1  # «ووصفتها بأنها «اعتداء على وحدة البلاد»»: a name given, no event told; «مصدر مطلع
                continue  # على المفاوضات»: who the source is
            if entry.type == "ASSAULT" and not entry.verbal and _lemma_words(entry) & _CASUALTY and \
                    any(tokens[k].norm in _WITHOUT and tokens[k + 1].norm != "ان" for k in range(max(lo, i - 3), i)):
                i = last + 1  # «من دون تسجيل إصابات»: casualties that did not happen are no attack (EVENTS_GOLD rule 4;
                # not «دون أن يؤكد مقتل مزهر», where the killing is only unconfirmed)
                continue
            if entry.type == "PROTEST" and not entry.verbal and any(e.type in ("ACCUSE", "SANCTION") for _, _, e in found) \
                    and any(k in _DIPLOMATIC_PROTESTS for k in _keys(tokens[i].norm)):
                i = last + 1  # «استدعت الخارجية السفير الفرنسي للاحتجاج على تصريحات»: a diplomat's protest (rule 7)
                continue
            if entry.type == "CONSULT" and tokens[i].norm[:1] == "ل" and _lemma_words(entry) & _PURPOSE_TALKS \
                    and any(e.type == "CONSULT" and 0 < i - l2 <= _ARG_WINDOW and _no_boundary(tokens, l2 + 1, i)
                            for _, l2, e in found):
                i = last + 1  # «سيزور البصرة الأحد المقبل للتفاوض مع المعتصمين»: the visit's purpose, not a second meeting
                continue
            if entry.type == "SANCTION" and not entry.verbal and i > lo and \
                    any(k in _LIST_NOUNS for k in _keys(tokens[i - 1].norm)):
                i = last + 1  # «على قائمة العقوبات»: the name of a list, not a sanction told (the listing verb is)
                continue
            if entry.type in ("ASSAULT", "RETREAT") and (
                    sporting if sporting is not None else (sporting := _sporting(tokens, lo, hi, span_before))):
                i = last + 1  # «شهدت سيطرة جزائرية كاملة على الشوط الثاني»، «خاضوا معركة حقيقية» in a match
                continue
            if _natural_or_figurative(tokens, i, hi, entry):
                natural = True
                i = last + 1
                continue
            if natural and entry.type == "ASSAULT" and entry.verbal and tokens[i].norm[:1] in ("و", "ف"):
                i = last + 1  # «اجتاحت سيول الوادي، فأغرقت مئات المنازل»: the flood's doing too
                continue
            if entry.type == "ASSAULT" and _lemma_words(entry) & _CASUALTY and (
                    _earlier_in_sentence(tokens, lo, i, _NATURE) or _followed_by(tokens, i, hi, _NATURE, _CAUSE_WINDOW)):
                i = last + 1  # «ضرب زلزال شمال أفغانستان، وأودى بحياة 20 وأصاب 500»، «لقي شخصان حتفهما وأصيب 29
                continue  # آخرون جراء زلزال»: no one attacked
            if entry.verbal and i > lo and _natural_subject(tokens[i - 1], tokens[i]):
                i = last + 1  # «بسبب سيول أغلقت عدداً من الطرق»: the flood's doing, no protest
                continue
            if entry.type == "ASSAULT" and _lemma_words(entry) & _EXECUTION and _earlier_in_sentence(
                    tokens, lo, i, _COURT):
                entry = replace(entry, type="COERCE")  # «قضت المحكمة … بإعدام 17 شخصاً»: a sentence (rule 14)
            if entry.type == "ASSAULT" and entry.verbal and _blows_up_home(tokens, i, hi, extra):
                entry = replace(entry, type="COERCE")  # «فجّرت القوات منزل عائلة الأسير»: a demolition
            if entry.type == NOT_EVENT:  # مؤتمر صحفي، ضبط النفس: a phrase that hides the trigger inside it
                i = last + 1
                continue
            if entry.type == "AGREE" and _lemma_words(entry) & _TRUCE_WORDS and _one_sided(tokens, last, hi):
                entry = replace(entry, type="CONCEDE")  # a unilateral ceasefire (EVENTS_GOLD rule 14)
            if entry.type == "ASSAULT" and entry.lemma in _VERBAL_ATTACKS and _followed_by(
                    tokens, i, hi, _SPEECH_SETTINGS, _SPEECH_WINDOW):
                entry = replace(entry, type="ACCUSE")  # «هاجم أوربان المفوضية في خطاب»: an attack in words
            if _names_the_agreement(tokens, i, entry, lex):
                i = last + 1
                continue
            if entry.type == "CONSULT" and not entry.verbal and tokens[i].norm.startswith("ال") and found and \
                    found[-1][1] == i - 1 and found[-1][2].verbal:
                i = last + 1  # «تبنّت القمة العربية الخطة»: the summit is the verb's subject, named as a body
                continue
            if entry.type == "CONSULT" and entry.past_stem in _RECEIVE_VERBS and i < hi and \
                    any(k in _RECEIVING_PLACES for k in _keys(tokens[i + 1].norm)):
                i = last + 1  # «استقبل ميناء العقبة أكبر سفينة»: took in, met no one
                continue
            if found and not entry.verbal and entry.lemma in _FRAME_NOUNS and i > lo and \
                    tokens[i - 1].norm in _FRAME_PREPOSITIONS and not any(e.type == "ASSAULT" for _, _, e in found):
                # «اعتُقل 14 شاباً خلال عملية عسكرية»: the arrest's setting («مقتل 20 متطرفاً أثناء عملية
                # جوية»: the attack the dead are counted in, EVENTS_GOLD rule 3)
                i = last + 1
                continue
            if entry.type == "PROTEST" and entry.past_stem in _CLOSE_VERBS and i < hi and \
                    any(k in _CLOSING_AUTHORITIES for k in _keys(tokens[i + 1].norm)):
                entry = replace(entry, type="COERCE")  # «أغلقت السلطات الطرق أمام المحتجين»
            if found and (_made_by_relative(tokens, i, found[-1], entry) or
                          _carries_light(tokens, i, hi, found[-1], entry, extra)):
                found[-1] = (i, last, entry)  # the event word takes the place of the word before it
                i = last + 1
                continue
            if entry.type == "ASSAULT" and tokens[i].norm[:1] not in ("و", "ف") and found and \
                    found[-1][1] == i - 1 and found[-1][2].lemma in _AIM_VERBS:
                found[-1] = (i, last, entry)  # «استهدف قصف صاروخي روسي منشآت الميناء»: the attack noun is the
                i = last + 1  # verb's subject and the trigger (EVENTS_GOLD rule 3)
                continue
            if entry.type == "ASSAULT" and not _lemma_words(entry) & _CASUALTY and found and \
                    found[-1][2].type == "ASSAULT" and _lemma_words(found[-1][2]) & _CASUALTY and \
                    0 < i - found[-1][1] <= _MERGE_TOKENS:
                found[-1] = (i, last, entry)  # «قُتل شرطي بهجوم مسلح»: the attack word is the trigger (EVENTS_GOLD
                i = last + 1  # rule 3), and a verb after it describes it («… بهجوم استهدف دورية»)
                continue
            if not any(e.type == entry.type and (i - l2 <= _MERGE_TOKENS or (
                    e.verbal and e.needs and not entry.verbal and (i - l2 <= NEEDS_WINDOW or (
                        _is_companion(e, tokens[i].norm) and _one_clause(tokens, l2 + 1, i)))) or
                    _describes(tokens, f2, l2, i, e, entry) or
                    _frames(tokens, l2, i, e, entry) or _restates(tokens, i, hi, e, entry) or
                    _signed_object(tokens, f2, l2, i, entry)) or
                    _generic_frame(tokens, l2, i, e, entry, hi) or _sanction_content(tokens, l2, i, e, entry) or
                    _by_means(tokens, l2, i, e, entry)
                    for f2, l2, e in found):
                # (وقّع المغرب وموريتانيا اتفاقية: the noun is the verb's object, no event of its own)
                fire = _fire_noun(tokens, i, hi, entry)  # «أطلقت دورية تابعة للبحرية النار»: the noun is the trigger
                found.append((fire, fire, entry) if fire is not None else (i, last, entry))
            i = last + 1
        found = _drop_absorbed(tokens, _drop_repeats(tokens, found, seen_types, lex.blockers))
        seen_types.update(e.type for _, _, e in found)
        for i, last, entry in found:
            if parts is None:
                parts = _participants(text, tokens, starts, lo, hi, ments, lex, frozenset(t for t, _, _ in found))
            a, b = _clause(tokens, lo, hi, i)
            said_by = next((at for at in said.get(s.index, ()) if at.cue_start == tokens[i].start), None)
            speaker = None
            if said_by is not None:
                f, l_ = _token_range(tokens, starts, said_by.start, said_by.end)
                cut = next((k for k in range(f + 1, l_ + 1) if tokens[k].norm in _BI_LIGHT), None)
                if cut is not None:  # «هدد الجيش بشن غارات»: the speaker is «الجيش»
                    l_ = cut - 1
                    speaker = _Participant(f, l_, said_by.start, tokens[l_].end, text[said_by.start : tokens[l_].end],
                                           said_by.entity_id, False)
                else:
                    speaker = _Participant(f, l_, said_by.start, said_by.end, said_by.source_text,
                                           said_by.entity_id, False)
            actor, target = _arguments(text, tokens, parts, i, last, a, b, entry, lex, speaker)
            if entry.kind == "participle":
                # «أدانت الرئاسة الغارة، مطالبة الدول الراعية…»: the sentence's subject acts on the
                # noun after the participle
                if actor is not None and actor.first > last:
                    target = actor
                actor = _sentence_subject(tokens, parts, lo, i) or previous
            made = _doer_by_verb(tokens, parts, i, lex) if not entry.verbal else None
            if made is not None:  # ما دفع المنظمة الدولية إلى تعليق أنشطتها، فيما ردت الطائرات بضربات
                actor = made
            elif not entry.verbal and actor is not None and actor.last < i:
                governor = next(((j, e) for j, _, e in reversed(found) if e.verbal and a <= j < i
                                 and not actor.first <= j <= actor.last), None)
                if governor is not None:
                    actor = _governed_actor(tokens, i, governor[1], chosen[governor[0]])
            doer = _agent_at(tokens, parts, last + 1, lex) if not entry.verbal else None
            if doer is None and actor is not None:
                doer = _agent_at(tokens, parts, actor.last + 1, lex)
            if doer is not None:  # هجوم شنه الحوثيون، مسيّرات أطلقتها قوات الدعم السريع
                actor = doer
                if target is doer or (target is not None and target.first <= doer.last):
                    target = _object_phrase(text, tokens, parts, i, last, b, doer, lex.types[entry.type], entry)
            if actor is None and not entry.verbal and entry.type in _REACTION_TYPES:
                actor = _reaction_from(tokens, parts, last, b)
            if actor is None:
                actor = _agent(tokens, parts, last, b, lex)
            if actor is None and not entry.verbal:
                actor = _name_before(tokens, parts, i) or _threatener(tokens, found, chosen, i)
            elif actor is None and entry == _RETALIATION_ENTRY:  # «توعّدت الجماعة في بيان بالرد»
                actor = _threatener(tokens, found, chosen, i, _RETALIATION_WINDOW)
            coordinated = tokens[i].norm[:1] in ("و", "ف") and len(tokens[i].norm) > 3
            if coordinated and entry.kind in ("verb", "verbi") and previous is not None and actor is not None and \
                    actor.last < i and (_inside_predicate(tokens, previous_at, actor.first) or
                                        any(t is not None and t.first == actor.first for _a, t in chosen.values())):
                # عيّن الملك جعفر حسان رئيساً وكلّفه، اعترضت البحرية سفينة تحمل ناشطين واقتادتها: a noun inside
                # the first predicate (its object, or words about it) is not the subject of the second
                actor = previous
            if coordinated and entry.kind in ("verb", "verbi") and actor is not None and actor.first > last + 1 and \
                    tokens[last + 1].norm[:1] == "ب" and len(tokens[last + 1].norm) > 3:
                # «… وتوعّدت بمواصلة ضرب السفن»: a conjoined verb whose complement follows at once has no
                # subject of its own after it; the noun there is inside the complement
                actor = None
            if actor is None and coordinated and not (entry.verbal and _is_passive(tokens, i)):
                # رحّب مجلس الأمن … ودعا، أنهى الرئيس … وعيّن: coordinated predicates share the subject
                actor = previous if previous is not None else _sentence_subject(tokens, parts, lo, i)
            if i > lo and tokens[i - 1].norm in ("،", ",") and tokens[i].norm in _REASON_ACCUSATIVES and \
                    (previous or _sentence_subject(tokens, parts, lo, i)) is not None:
                # «نظّم الصحفيون وقفة أمام البرلمان، تنديداً بتوقيف زميلين»، «انسحب النواب من الجلسة، رفضاً
                # لمشروع القانون»: an accusative verbal noun after the clause says why its subject acted;
                # that subject is its actor, not a noun of the clause before (a verb row may have matched
                # the noun: رفضا is also "the two rejected")
                actor = previous or _sentence_subject(tokens, parts, lo, i)
            if actor is None and entry.kind == "verb" and target is not None:
                split = _unknown_subject(text, tokens, target, last)
                if split is not None:
                    actor, target = split
            if actor is not None:
                actor = _first_conjunct(tokens, parts, actor)
                if entry.verbal:  # a verbal noun's actor is not the subject later predicates share
                    previous, previous_at = actor, i
            if entry.type in ("ASSAULT", "COERCE") and actor is not None and actor.entity_id is None and \
                    any(k in _VICTIMS for k in _keys(tokens[actor.first].norm)):
                # «قُتل 5 أشخاص»، «أصيب مدنيون»: people counted among the dead or detained suffer the event
                target, actor = (target if target is not None else actor), None
            if entry.type == "APPOINT" and entry.lemma in _TAKES_OFFICE:
                # «أدى قيس سعيّد اليمين»، «بعد فوزه في الانتخابات»: who takes office is the one appointed;
                # no one appoints (EVENTS_GOLD rule 11)
                target, actor = (actor if actor is not None else target), None
            if actor is not None and target is not None and target.first == actor.first:
                # «استُشهد شابان فلسطينيان برصاص القوات الإسرائيلية»: the agent phrase is the actor; the one
                # acted on is the passive's subject right after the verb, when there is one
                end = actor.first - 1
                while end > last and (_is_agent_marker(tokens[end], lex) or not tokens[end].is_word):
                    end -= 1  # not «برصاص» before the agent
                begin = last + 1
                while begin <= end and (number_at(tokens, begin) is not None or not tokens[begin].is_word):
                    begin += 1  # «وقتل 132 فلسطينياً برصاص …»: the count, then the people
                passive_subject = entry.verbal and _is_passive(tokens, i) and begin <= end and \
                    not (tokens[begin].norm[:1] in ("ب", "ل") and len(tokens[begin].norm) <= 4)  # not «أصيب بها»
                target = _noun_phrase(text, tokens, parts or [], begin, end) if passive_subject else None
            chosen[i] = (actor, target)
            used = {p.first for p in (actor, target) if p is not None and not _is_site(p)}
            in_clause = [p for p in parts if a <= p.first <= b]
            place = _pick_place(tokens, in_clause, i, lex.types[entry.type], used)
            start, end = tokens[i].start, tokens[last].end
            clause_start, clause_end = tokens[a].start, tokens[b].end
            own = [t for t in dating if clause_start <= t.start < clause_end]
            when = explicit_time(own)
            modality = _ahead_of(published, own, _complement_modality(found, i, entry, tokens)
                                 or _encouraged_modality(tokens, a, i, entry, lex)
                                 or _purpose_modality(tokens, a, i, entry, lex)
                                 or _conditioned(tokens, i, hi, event_modality(tokens, a, i, entry, lex)),
                                 entry, tokens[i].norm)
            time: str | None
            grain: str
            if entry == _RETALIATION_ENTRY and modality != "denied":
                modality = "hypothetical"  # a threatened or conditional retaliation (events._retaliation)
            if modality in ("happened", "announced", "expected") and i > lo and \
                    any(k in _ANY for k in _keys(tokens[i - 1].norm)):
                modality = "hypothetical"  # «سترد على أي هجوم»: any attack, none in particular
            if modality in ("happened", "announced") and _awaited(tokens, last, hi):
                modality = "expected"  # «زيارة مرتقبة»، «لقاء مرتقب»: awaited, a prediction
            if when is not None:
                time, grain, time_source = when[0], when[1], "explicit"
            else:
                time, grain, time_source = s.time, s.time_grain, s.time_source
                if time_source == "explicit" and has_since:
                    again = explicit_time(dating)
                    if again is not None:
                        time, grain = again
                    elif published:
                        time, grain, time_source = published[:10], "day", "publication"
            if modality == "happened" and published and time and time[:10] > published[: min(len(time), 10)]:
                # «امتدح روته قرار ألمانيا رفع إنفاقها إلى 3.5% بحلول 2029»: what is done is not dated
                # after publication; the later date is that of something else in the sentence
                time, grain, time_source = published[:10], "day", "publication"
            events.append(Event(
                sentence_index=s.index, start=start, end=end, trigger=text[start:end], type=entry.type,
                cameo=lex.types[entry.type].cameo,
                actor=actor.argument() if actor else None,
                target=target.argument() if target else None,
                place=place.argument() if place else None,
                time=time, time_grain=grain, time_source=time_source, modality=modality,
                quantities=event_quantities(tokens, a, b, lex),
                attribution=sources.get(s.index),
                scope=event_scope(tokens, i, a, b, lex),
            ))
    return events
