"""Attributions: who says each sentence, named or anonymous, and the direct quotes they are given.

How (a pure function of the text and its mentions):

* A **cue** is a speech or cognition verb in any person and tense (قال، أكد، أعلن، كشف، أفاد، يرى،
  اعتبر …) or a phrase the source follows (حسب، بحسب، وفق، نقلا عن، على لسان), from
  ``data/attribution_cues.tsv``.
* The **source** of a verb is its subject: the first candidate after it (news Arabic puts the verb
  first: قال مسؤول أمريكي، أفادت مصادر مطلعة), else one right before it (الوزير قال). The source of
  a phrase cue is the candidate after it. Candidates are the linked entity mentions (people,
  organisations, outlets, countries) and anonymous phrases whose head is listed in
  ``data/anonymous_sources.tsv`` (مصادر، مسؤول، دبلوماسي غربي، شهود عيان، مراقبون), extended over
  their adjectives (مصادر سياسية مطلعة). A title before a named person belongs to the source
  (وزير الخارجية التركي هاكان فيدان).
* A relay (نقلت رويترز عن مصادر) gives two attributions: the outlet and the source it quotes.
* **Anonymous** when the source names no entity. **Analysis** when the cue is one of opinion (يرى،
  اعتبر، رجح) or the source is a kind of commentator (مراقبون، محللون، خبراء): such sentences are
  assessments, and briefs and comparisons keep them apart from reported fact.
* A direct **quote** («…» or "…") in the sentence is kept with the sentence's first source.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from marsad.knowledge.gazetteer import load_gazetteer, name_key
from marsad.knowledge.institutions import nationality_adjectives
from marsad.model import Attribution, Mention, Sentence
from marsad.text.tokens import Token
from marsad.understand.event_lexicon import AttributionLexicon, attribution_lexicon, word_keys, word_list
from marsad.understand.event_qualifiers import number_at

# The closed word lists below are in data/attribution_rule_words.tsv (normalised as loaded, but for
# _NOT_SUBJECT), which says what each is for.
_RULE_WORDS = "attribution_rule_words.tsv"
_RELATIVE = word_list(_RULE_WORDS, "relatives")  # الذي، التي
_Source = tuple[int, int, int, int, str | None, bool]  # first/last token, start, end, entity ("" named,
# unlinked; None anonymous), analysis
_AFTER_WINDOW = 6  # words after a verb cue in which its subject may start
_BEFORE_WINDOW = 3
_STRICT_MAX = 5  # for event participants: a doer's name is short; longer runs swallow the predicate
_PHRASE_MAX = 8  # words in a source phrase (الباحث في الشؤون الخليجية خالد العنزي)
_INNER = word_list(_RULE_WORDS, "inner")  # inside a phrase: مصدر في وزارة الدفاع
_SKIP = word_list(_RULE_WORDS, "skip")  # وفق ما أفاد به سكان محليون: words between a cue and its source
_OBJECT_OPENERS = word_list(_RULE_WORDS, "object_openers")  # عشرات، أي: they open an object, not a name
_PLAIN_ADJECTIVES = word_list(_RULE_WORDS, "plain_adjectives")  # العام، المتحدة: adjectives without a nisba
_POSSESSED = ("ها", "هم", "ه")  # وزارة خارجيتها: a noun with its possessive is definite too (as written: ة is no ه)
_STOP = word_list(_RULE_WORDS, "stop")  # أن، في، الذي، أمس: words that end a source phrase
_PREPOSITIONS = word_list(_RULE_WORDS, "prepositions")
_ASSESSMENTS = word_list(_RULE_WORDS, "assessments")  # وفق تقدير لمجموعة الأزمات: an assessment
_STATEMENTS = word_list(_RULE_WORDS, "statements")  # في تصريح لصحيفة …: the setting of a statement
_OUTLETS = word_list(_RULE_WORDS, "outlets")  # قال مسؤول لوكالة فرانس برس: an addressee that relays it
# في اليمن | إذا رفضا: a phrase after these is no subject of the next verb; as written, since على and
# the name علي normalise alike (وزير المال علي حسن خليل قال)
_NOT_SUBJECT = word_list(_RULE_WORDS, "not_subject", written=True)
_PRONOUN_WORDS = word_list(_RULE_WORDS, "pronoun_words")  # عنه، منذ، هذا: no bare name starts with these
_ACCUSE = word_list(_RULE_WORDS, "accuse")  # اتهم
_MP = word_list(_RULE_WORDS, "members")  # نائب عن ائتلاف دولة القانون
_NAMED_TYPES = ("PER", "ORG", "LOC", "MISC")
_DIACRITICS = re.compile("[\u064b-\u0652\u0640]")
_QUOTE = re.compile(r"«[^»]{2,}»|\"[^\"]{2,}\"|“[^”]{2,}”")


_keys = word_keys


def _written(token: Token) -> str:
    """A token as written, without diacritics and tatweel (على, not the name علي)."""
    return _DIACRITICS.sub("", token.text)


def _conj_keys(norm: str) -> tuple[str, ...]:
    """A word as written and without a leading conjunction (وقال → قال), the only clitics a verb cue takes."""
    return (norm, norm[1:]) if norm[:1] in ("و", "ف") and len(norm) > 3 else (norm,)


@lru_cache(maxsize=100_000)
def _may_cue(norm: str, _lexicon_id: int) -> bool:
    """False for a word no cue can start (most words): the scan skips it. ``_lexicon_id`` keys
    the cache to the loaded lexicon."""
    lex = attribution_lexicon()
    return norm in lex.participles or any(key in lex.preps or key in lex.relays or key in lex.verbs
                                          for key in _conj_keys(norm))


def _cue_at(tokens: list[Token], i: int, hi: int, lex: AttributionLexicon) -> tuple[str, int, bool] | None:
    """(kind, last token, marks analysis) of a cue starting at token ``i``: verb, relay or prep."""
    for key in _conj_keys(tokens[i].norm):  # the word, or without و/ف (وقال، فأكد)
        for phrase, marks in lex.preps.get(key, ()):
            n = len(phrase)
            if i + n - 1 <= hi and all(tokens[i + k].norm == phrase[k] for k in range(1, n)):
                return "prep", i + n - 1, marks
        if key in lex.relays:
            return "relay", i, False
        if key in lex.verbs:
            if lex.not_written and _written(tokens[i]).lstrip("وف") in lex.not_written:
                return None  # يُدعى "is called", not يدّعي "claims"
            wanted = lex.needs.get(key)
            if wanted and not any(c in wanted for k in range(i + 1, min(hi, i + 6) + 1) for c in _keys(tokens[k].norm)):
                return None  # تحمل اسم …: حمّل is a cue only with مسؤولية
            return "verb", i, lex.verbs[key]
    part = lex.participles.get(tokens[i].norm)
    if part is not None and (not part[1] or (i > 0 and tokens[i - 1].norm in ("،", ","))):
        return "participle", i, part[0]
    return None


def _person_at(named: dict[int, Mention], k: int) -> bool:
    return k in named and named[k].type == "PER"


def _phrase_at(tokens: list[Token], j: int, hi: int, named: dict[int, Mention],
               lex: AttributionLexicon, strict: bool = False, stop: frozenset[int] = frozenset()) -> _Source | None:
    """A source phrase starting at token ``j``: anonymous (مصادر سياسية مطلعة، مصدر في وزارة الدفاع),
    titled or institutional (وزير الخارجية التركي هاكان فيدان، صحيفة «الشرق الأوسط»، وزارة الصحة
    اللبنانية), or a named mention (قطر، وكالة رويترز)."""
    keys = _keys(tokens[j].norm)
    nationalities = nationality_adjectives()
    anon = next((k for k in keys if k in lex.anonymous), None)
    if anon is None and j + 1 <= hi and number_at(tokens, j) is not None:
        # ثلاثة مصادر مطلعة، 3 مسؤولين أمريكيين: a count of unnamed people is still unnamed
        anon = next((k for k in _keys(tokens[j + 1].norm) if k in lex.anonymous), None)
    mp = tokens[j].norm in _MP and j + 1 <= hi and tokens[j + 1].norm == "عن"
    if mp:
        anon = tokens[j].norm  # نائب عن ائتلاف دولة القانون: an unnamed member of a named body
    # a title word that begins a known name (حركة حماس، وزارة الصحة) makes a name, which only its
    # adjectives or a person's name extend, not an open title phrase (حركة حماس | إسرائيل باغتيال …)
    title_word = anon is None and any(k in lex.titles for k in keys)
    name_title = title_word and j in named
    titled = title_word and j not in named
    if anon is None and not titled and j not in named:
        return None
    last = j
    if j in named:
        while last + 1 <= hi and tokens[last + 1].start < named[j].end:
            last += 1
    if anon is not None or titled or j in named:
        k = last + 1
        while k <= hi and k - j < (_STRICT_MAX if strict else _PHRASE_MAX) and k not in stop:
            norm = tokens[k].norm
            if norm == "»" and strict:
                last = k
                break  # a quoted name ends the phrase (حركة «الإنصاف»)
            if norm in ("«", "»", '"'):
                k += 1
                continue
            if norm == "ل" or (norm[:1] == "ل" and not norm.startswith("ال") and norm not in lex.titles
                               and any(c in _OUTLETS for c in _keys(norm)[1:])):
                break  # مسؤول عسكري إسرائيلي | لقناة «كان»: the addressee is a source of its own
            inner = (norm in _INNER or (mp and k == j + 1)) and k + 1 <= hi and tokens[k + 1].is_word \
                and tokens[k + 1].norm not in _STOP and not any(c in _STATEMENTS for c in _keys(tokens[k + 1].norm))
            if not tokens[k].is_word or (norm in _STOP and not inner) or (norm in _PREPOSITIONS and not inner):
                break
            if any(c in lex.verbs or c in lex.relays for c in _conj_keys(norm)) or norm in lex.participles:
                break  # … أنور قرقاش | قائلا
            if anon is not None and tokens[k - 1].norm not in _INNER and any(c in _OUTLETS for c in _keys(norm)):
                break  # أبلغ مسؤول أمريكي | وكالة رويترز
            if norm[:1] == "و" and ((k in named and named[k].start > tokens[k].start) or any(c in lex.anonymous or c in lex.titles for c in _keys(norm)[1:])):
                break  # شهود عيان | ومسؤول صحي، إسلام آباد | ونيودلهي: a second source
            if strict and k not in named and norm[:1] in ("ب", "ل") and len(norm) > 3 and not _adjective(norm):
                break  # باعتقال الناشطين: a governed verbal noun starts the predicate
            if strict and k not in named and (number_at(tokens, k) is not None or norm in _OBJECT_OPENERS or (
                    norm.startswith("ال") and (tokens[last].norm.startswith("ال") or
                                               tokens[last].text.endswith(_POSSESSED))
                    and not _adjective(norm) and norm not in _PLAIN_ADJECTIVES and norm not in lex.titles
                    and not _person_at(named, k + 1))):  # قائد الجيش العماد جوزيف عون: a rank before a name
                break  # اعتقلت الشرطة | السائق، منعت الحكومة | عشرات المعارضين، رفض الرئيس | أي تنازل: a
                # definite noun after a definite word is no genitive, and a count or «أي» opens the object
            if name_title and ((k in named and named[k].type != "PER") or (k not in named and not _adjective(norm))):
                break
            if j in named and not titled and anon is None and k not in named and not _adjective(norm):
                break  # after a bare name only its adjectives (قطر اليوم is not a source phrase)
            if _adjective(tokens[last].norm) and tokens[last].norm not in lex.titles and not (
                    _person_at(named, k) or (_adjective(norm) and _person_at(named, k + 1))
                    or (norm in nationalities and tokens[last].norm not in nationalities)
                    or (tokens[k - 1].norm == "«" and any(c in _OUTLETS for c in _keys(tokens[j].norm)))):
                break  # an adjective closes the phrase unless a person's name follows (… التركي هاكان فيدان,
                # … السياسي اليمني عبد الله الشامي), the nationality it still lacks (المتحدث العسكري المصري)
                # or an outlet's quoted name (وكالة الأنباء السورية «سانا»)
            if k in named:
                if any(m.type == "PER" for m in _named_between(named, j, last)):
                    break  # a person's name ends the phrase (… علي خامنئي | إسرائيل)
                end = named[k].end
                while k + 1 <= hi and tokens[k + 1].start < end:
                    k += 1
            last = k
            k += 1
        while last > j and tokens[last].norm in ("«",):
            last -= 1
        if last + 1 <= hi and tokens[last + 1].norm == "»":
            last += 1
    # a closing nationality adjective that is also a country's name (صحيفة «الاقتصادية» السعودية)
    # says whose the body is; it is not the source
    inside = [named[k] for k in range(j, last + 1)
              if k in named and not (k == last > j and tokens[k].norm in nationalities)]
    person = next((m for m in reversed(inside) if m.type in ("PER", "ORG")), None)
    # «مصادر مطلعة» is anonymous; «المحلل السياسي اليمني عبد الله الشامي» is named by its person.
    named_person = next((m for m in inside if m.type == "PER"), None)
    entity = named_person if anon is not None else person or (inside[0] if inside else None)
    analysis = lex.anonymous.get(anon, False) if anon is not None else False
    start = max(tokens[j].start, named[j].start) if j in named else tokens[j].start  # و|واشنطن
    if j not in named and tokens[j].norm[:1] in ("و", "ف", "ل", "ب") and tokens[j].norm not in lex.titles \
            and tokens[j].norm not in lex.anonymous and not tokens[j].norm.startswith("لل") and (
                tokens[j].norm[:1] in ("و", "ف") or any(c in lex.titles or c in lex.anonymous for c in keys[1:])):
        start += 1  # والمبعوث الأمريكي، لقناة «كان»، بمدير الغرفة: the conjunction or preposition is not the source
    if entity is not None:
        linked: str | None = entity.entity_id
    elif anon is not None:
        linked = None
    else:
        linked = "" if _name_follows(tokens, last, hi, named, lex) else _office_body(tokens, j, last)
    return j, last, start, tokens[last].end, linked, analysis


def _name_follows(tokens: list[Token], last: int, hi: int, named: dict[int, Mention], lex: AttributionLexicon) -> bool:
    """Whether the title ending at ``last`` is followed by its holder's name (… القطري الشيخ محمد،
    … الإسرائيلي يسرائيل كاتس), found or not by the tagger: a word without the article that is no
    function word, verb or indefinite accusative (عقد … الإسباني مؤتمراً), or a person within two words,
    perhaps after a comma (الرئيس الأميركي، دونالد ترمب) or as a hashtag (#بوتين). The title then names a person, not the
    body (a person the knowledge base lacks stays unlinked)."""
    k = last + 1
    if k <= hi and tokens[k].norm in ("،", ","):
        k += 1  # an apposition: الرئيس الأميركي، دونالد ترمب
    if k > hi:
        return False
    if tokens[k].norm == "#":
        return True  # a hashtag name: الرئيس الروسي #بوتين
    if not tokens[k].is_word:
        return False
    if _person_at(named, k) or _person_at(named, k + 1):
        return True
    norm = tokens[k].norm
    return not (norm.startswith("ال") or norm.endswith("ا") or norm in _STOP or norm in _SKIP or norm in _PREPOSITIONS
                or any(c in lex.verbs or c in lex.relays for c in _conj_keys(norm)) or norm in lex.participles
                or norm[:1] in ("و", "ف", "ب", "ل"))


def _office_body(tokens: list[Token], first: int, last: int) -> str:
    """The state body an unnamed office holder speaks for (وزير الخارجية العراقي → the Iraqi foreign
    ministry; knowledge/data/office_holders.tsv), or "" (named, not linked). Why: a statement by
    «رئيس الوزراء الإسباني» is the Spanish government's statement, which is what a reader filters
    sources by; the phrase names no entity the mention finder could link."""
    offices = load_gazetteer().offices
    words = [t.norm for t in tokens[first : last + 1] if t.is_word]
    # the whole phrase, its first word with or without a conjunction (والرئيس الأمريكي): «رئيس
    # الوزراء القطري الشيخ محمد …» is a person, linked only if the knowledge base has him
    for head in _conj_keys(words[0]) if words else ():
        body = offices.get((head, *words[1:]))
        if body is not None:
            return body
    return ""


def source_phrases(tokens: list[Token], lo: int, hi: int, mentions: list[Mention],
                   stop: frozenset[int] = frozenset()) -> list[tuple[int, int, int, int, str | None]]:
    """Titled and institutional phrases among tokens ``lo..hi`` (first token, last token,
    start, end, linked entity), left to right and not overlapping: the speakers and doers that no
    knowledge-base name covers (المتحدث باسم الجيش الإسرائيلي، القمة العربية الطارئة). Events use
    them as participants; ``stop`` are token indices a phrase never runs into (the event triggers)."""
    lex = attribution_lexicon()
    starts = [t.start for t in tokens]
    named: dict[int, Mention] = {}
    for m in mentions:
        if m.type in _NAMED_TYPES and m.entity_id:
            named.setdefault(max(bisect.bisect_right(starts, m.start) - 1, 0), m)
    out: list[tuple[int, int, int, int, str | None]] = []
    j = lo
    while j <= hi:
        keys = _keys(tokens[j].norm) if tokens[j].is_word else ()
        if not any(k in lex.titles for k in keys):  # anonymous sources (مراقبون، تقديرات) speak, they do not act
            j += 1
            continue
        if j in stop:
            j += 1
            continue
        phrase = _phrase_at(tokens, j, hi, named, lex, strict=True, stop=stop)
        if phrase is None:
            j += 1
            continue
        first, last, start, end, entity, _analysis = phrase
        out.append((first, last, start, end, entity or None))
        j = last + 1
    return out


def _named_between(named: dict[int, Mention], first: int, last: int) -> list[Mention]:
    return [named[k] for k in range(first, last + 1) if k in named]


def _adjective(norm: str) -> bool:
    return norm.startswith("ال") and norm.endswith(("يه", "ي", "يون", "يين"))


def find_attributions(text: str, sentences: list[Sentence], tokens: list[Token],
                      mentions: list[Mention]) -> list[Attribution]:
    """Every (sentence, source) attribution of an article, in text order."""
    if not tokens:
        return []
    lex = attribution_lexicon()
    starts = [t.start for t in tokens]
    named: dict[int, Mention] = {}  # first token -> mention
    for m in mentions:
        if m.type in _NAMED_TYPES and m.entity_id:
            first = max(bisect.bisect_right(starts, m.start) - 1, 0)
            named.setdefault(first, m)
    out: list[Attribution] = []
    lexicon_id = id(lex)
    for s in sentences:
        lo = bisect.bisect_left(starts, s.start)
        hi = bisect.bisect_left(starts, s.end) - 1
        found: list[Attribution] = []
        i = lo
        while i <= hi:
            token = tokens[i]
            cue = _cue_at(tokens, i, hi, lex) if token.is_word and _may_cue(token.norm, lexicon_id) else None
            if cue is None:
                i += 1
                continue
            kind, last, marks = cue
            cue_text = text[tokens[i].start : tokens[last].end]
            if kind == "participle":  # …، مؤكدا أن: the sentence's speaker, or else its main subject
                if not found and (source := _main_subject(tokens, lo, i, named, lex)) is not None:
                    found.append(_attribution(s.index, source, cue_text, tokens[i].start, tokens[last].end, marks))
                i = last + 1
                continue
            if kind == "relay" and last + 1 <= hi and tokens[last + 1].norm == "عن":
                # ونُقل عن مسؤول قوله: a relay with no outlet, its source follows عن
                if (source := _source_after(text, tokens, last + 1, hi, named, lex)) is not None:
                    found.append(_attribution(s.index, source, cue_text, tokens[i].start, tokens[last].end, marks))
                i = last + 2
                continue
            source = _source_before(text, tokens, lo, i, named, lex, adjacent=True) if kind == "verb" else None
            if source is None and kind == "verb" and i > lo and tokens[i - 1].norm in _RELATIVE:
                # غرفة طوارئ المخيم التي اتهمت قوات الدعم السريع: the speaker is the antecedent
                source = _source_before(text, tokens, lo, i - 1, named, lex, adjacent=True, relative=True)
            source = source or _source_after(text, tokens, last, hi, named, lex, verb=kind == "verb")
            if (kind == "verb" and source is not None and source[0] > last and source[1] + 1 <= hi
                    and any(c in _ACCUSE for c in _conj_keys(tokens[i].norm))
                    and tokens[source[1] + 1].norm[:1] == "ب" and len(tokens[source[1] + 1].norm) > 3):
                # وأغلقت الهند المعبر، واتهمت إسلام آباد بدعم …: the phrase is the accused, the
                # speaker is the sentence's earlier one or its main subject
                source = None if found else _main_subject(tokens, lo, i, named, lex)
            if kind == "prep" and source is None and _own_statement(tokens, last, hi, lex):
                # وفق بيان لمكتبه: the speaker named earlier in the sentence
                source = None if found else _main_subject(tokens, lo, i, named, lex)
            if kind == "relay" and (source is None or not any(
                    tokens[k].norm == "عن" for k in range(source[1] + 1, min(hi, source[1] + 3) + 1))):
                i += 1
                continue  # نقل without عن is "moved", not "quoted"
            if source is None and kind == "verb":
                source = _source_before(text, tokens, lo, i, named, lex)
            if source is None and kind == "verb" and not found and i > lo and tokens[i].norm[:1] == "و":
                # وأغلقت السلطات العراقية المعبر، واتهمت المحتجين …: a second verb of the main subject
                source = _main_subject(tokens, lo, i, named, lex)
            if source is not None:
                found.append(_attribution(s.index, source, cue_text, tokens[i].start, tokens[last].end, marks))
                k = source[1] + 1  # وفق شهود عيان ومسؤول صحي محلي: a second source joined by و
                if k <= hi and tokens[k].norm[:1] == "و" and (more := _phrase_at(tokens, k, hi, named, lex)):
                    found.append(_attribution(s.index, more, cue_text, tokens[i].start, tokens[last].end, marks))
                if kind == "verb" and any(c in lex.told for c in _conj_keys(tokens[i].norm)):
                    # قال مسؤول لوكالة فرانس برس، مصدر تحدث لـ«الشرق الأوسط»: the outlet told
                    after = source[1] + 1 if source[0] > last else last + 1
                    if (outlet := _outlet_at(tokens, after, hi, named, lex)) is not None:
                        found.append(_attribution(s.index, outlet, cue_text, tokens[i].start, tokens[last].end, False))
            if kind == "relay" and source is not None:  # نقلت رويترز عن مصادر
                j = next((k for k in range(source[1] + 1, min(hi, source[1] + 3) + 1) if tokens[k].norm == "عن"), None)
                if j is not None and (second := _source_after(text, tokens, j, hi, named, lex)):
                    found.append(_attribution(s.index, second, cue_text, tokens[i].start, tokens[last].end, marks))
            i = last + 1
        _attach_quote(text, s, found)
        kept: list[Attribution] = []
        for at in found:  # one attribution per source: a later, overlapping span is the same source
            if not any(at.start < k.end and k.start < at.end for k in kept):
                kept.append(at)
        out.extend(kept)
    _link_bare_bodies(out, mentions)
    return out


def _link_bare_bodies(said: list[Attribution], mentions: list[Mention]) -> None:
    """«قالت الحكومة»، «أعلنت وزارة الداخلية»: a state body named without its country is the body of
    the country the report is about: the country of its first linked place or body, when that
    country also has at least two of its linked mentions and twice as many as any other. Why: a
    report from Amman quotes «الحكومة» for Jordan's; a report that moves between two countries
    leaves the body unlinked rather than guessed."""
    gaz = load_gazetteer()
    bare = [(a, key) for a in said if not a.anonymous and a.entity_id is None
            and (key := gaz.bare_bodies.get(name_key(a.source_text))) is not None]
    if not bare:
        return
    counts: dict[str, int] = {}
    first = ""
    for m in sorted(mentions, key=lambda m: m.start):
        entity = gaz.get(m.entity_id) if m.entity_id else None
        if entity is not None and entity.country_code:
            counts[entity.country_code] = counts.get(entity.country_code, 0) + 1
            first = first or entity.country_code
    ranked = sorted(counts.values(), reverse=True)
    if not first or counts[first] < 2 or counts[first] != ranked[0] or (len(ranked) > 1 and ranked[1] * 2 > ranked[0]):
        return
    country = first
    for a, key in bare:
        a.entity_id = gaz.bodies.get((country, key))




def _source_after(text: str, tokens: list[Token], cue_last: int, hi: int, named: dict[int, Mention],
                  lex: AttributionLexicon, verb: bool = False) -> _Source | None:
    """The subject after a cue (قال مسؤول أمريكي، أفادت وزارة الصحة): the first source phrase, past
    words of time (قال اليوم وزير …) but not past a preposition, a quote or أن. An assessment
    passed on the way (وفق تقدير لمجموعة الأزمات) marks the source as analysis."""
    assessed = stated = False
    for j in range(cue_last + 1, min(hi, cue_last + _AFTER_WINDOW) + 1):
        tok = tokens[j]
        if tok.norm in _SKIP or (tok.norm[:1] in ("و",) and tok.norm[1:] in _SKIP):
            assessed = assessed or tok.norm in _ASSESSMENTS
            stated = stated or any(c in _STATEMENTS or c in _ASSESSMENTS or c == "تقرير" for c in _keys(tok.norm))
            continue
        if tok.norm == "عن" and j > 0 and tokens[j - 1].norm in ("صادر", "صادره"):
            continue  # بيان صادر عن الجيش
        if tokens[j - 1].norm == "ما" and any(c in lex.verbs or c in lex.relays for c in _conj_keys(tok.norm)):
            continue  # وفق ما أعلنت الجامعة العربية: the source is the verb's subject
        if not tok.is_word and tok.norm not in ("«", '"'):
            return None
        if tok.norm in ("ان", "انه", "انها", "بان") or tok.norm in _PREPOSITIONS or tok.norm in _STOP:
            return None
        if verb and not stated and j not in named and tok.norm[:1] in ("ب", "ل") and tok.norm not in lex.titles and any(
                c in lex.titles or c in lex.anonymous for c in _keys(tok.norm)[1:]):
            return None  # تعترف بحكومة طالبان: the verb's object, not its subject
        if tok.norm in lex.participles:
            return None  # واستطرد قائلاً
        found = _phrase_at(tokens, j, hi, named, lex) or _bare_name(tokens, j, hi)
        if found is not None and assessed:
            found = (*found[:5], True)
        return found
    return None


def _main_subject(tokens: list[Token], lo: int, cue: int, named: dict[int, Mention],
                  lex: AttributionLexicon) -> _Source | None:
    """The subject of the sentence's first clause, for a cue that has none of its own (فرضت واشنطن
    عقوبات، متهمة …): a source phrase that opens the sentence or follows its first word (the verb)."""
    for j in range(lo, min(cue, lo + 2)):
        if not tokens[j].is_word:
            return None
        if j > lo and _written(tokens[j - 1]) in _NOT_SUBJECT:
            continue
        phrase = _phrase_at(tokens, j, cue - 1, named, lex, strict=True)
        if phrase is not None:
            return phrase
    return None


def _own_statement(tokens: list[Token], last: int, hi: int, lex: AttributionLexicon) -> bool:
    """A statement of the speaker's own after a phrase cue (وفق بيان لمكتبه، بحسب تصريح له)."""
    k = last + 1
    while k <= hi and tokens[k].norm in _SKIP:
        k += 1
    if k == last + 1 or k > hi or not any(c in _STATEMENTS for c in _keys(tokens[k - 1].norm)):
        return False
    norm = tokens[k].norm
    if norm in ("له", "لها", "لهم"):
        return True
    return norm[:1] == "ل" and any(  # لمكتبه، لوزارتها
        c.endswith(suffix) and c[: -len(suffix)] in lex.titles
        for c in (norm[1:], norm[1:].replace("ت", "ه")[:-1] + norm[-1:]) for suffix in ("ها", "هم", "ه"))


def _outlet_at(tokens: list[Token], k: int, hi: int, named: dict[int, Mention],
               lex: AttributionLexicon) -> _Source | None:
    """The outlet a statement was given to, right after its speaker (لوكالة فرانس برس، لـ«الشرق
    الأوسط»، في تصريح لصحيفة الأهرام، في مقابلة مع قناة الجزيرة)."""
    direct = False  # after مع or a bare لـ: any name; else only an outlet word with ل (لوكالة)
    if k + 1 <= hi and tokens[k].norm == "في" and any(c in _STATEMENTS for c in _keys(tokens[k + 1].norm)):
        k += 2
        if k <= hi and tokens[k].is_word and _keys(tokens[k].norm)[-1] in ("صحفي", "صحفيه", "خاص", "خاصه"):
            k += 1
        if k <= hi and tokens[k].norm == "مع":
            k += 1
            direct = True
    if k > hi or not tokens[k].is_word:
        return None
    norm = tokens[k].norm
    if norm == "ل" and k + 2 <= hi and tokens[k + 1].norm == "«":
        close = next((m for m in range(k + 2, min(hi, k + 6) + 1) if tokens[m].norm == "»"), None)
        if close is None or close == k + 2:
            return None
        inside = [m for m in _named_between(named, k + 2, close - 1) if m.type != "LOC"]  # an outlet, not
        # the region its name is (لـ«الشرق الأوسط»)
        return (k + 2, close - 1, tokens[k + 2].start, tokens[close - 1].end,
                inside[0].entity_id if inside else "", False)
    if norm == "ل":
        k += 1
        if k > hi or not tokens[k].is_word:
            return None
        norm = tokens[k].norm
        direct = True
    keys = _keys(norm)
    outlet = any(c in _OUTLETS for c in keys[1:] if norm[:1] == "ل") or (direct and (
        k in named or any(c in _OUTLETS for c in keys)))
    if not outlet:
        return None
    phrase = _phrase_at(tokens, k, hi, named, lex)
    if phrase is None or phrase[4] is None:
        return None
    if norm[:1] == "ل" and phrase[2] == tokens[k].start and not norm.startswith(("ال", "لل")):
        phrase = (phrase[0], phrase[1], phrase[2] + 1, *phrase[3:])  # لوكالة الأناضول: without the ل
    return phrase


def _bare_name(tokens: list[Token], j: int, hi: int) -> _Source | None:
    """One to three words between a speech verb and أن/إن or a colon (قالت العربي الجديد إن …):
    a named source the knowledge base does not list."""
    if tokens[j].norm in _PRONOUN_WORDS or tokens[j].norm in _STOP:
        return None  # لم يُعلن عنه رسميا، هدوءا حذرا منذ أيام
    for last in range(j, min(hi, j + 2) + 1):
        nxt = tokens[last + 1].norm if last + 1 <= hi else ""
        if not tokens[last].is_word and tokens[last].norm not in ("«", "»"):
            return None
        if nxt in ("ان", "انه", "انها", "بان", ":", "،", ","):
            return j, last, tokens[j].start, tokens[last].end, "", False
    return None


def _source_before(text: str, tokens: list[Token], lo: int, cue: int, named: dict[int, Mention],
                   lex: AttributionLexicon, adjacent: bool = False, relative: bool = False) -> _Source | None:
    """A subject before the verb (SVO: مسؤول أمريكي أكد، وزارة الصحة اللبنانية أعلنت): a source phrase
    that ends right before it (``adjacent``), or any within three words."""
    best: _Source | None = None
    for j in range(cue - 1, max(lo, cue - _PHRASE_MAX) - 1, -1):
        if tokens[j].norm in ("،", ",", ".", ":"):
            break
        phrase = _phrase_at(tokens, j, cue - 1, named, lex)
        if phrase is None or (not relative and j > lo and _written(tokens[j - 1]) in _NOT_SUBJECT):
            continue  # في اليمن إذا رفضا: an object of a preposition is no subject (but على شركة المراعي التي
            # أعلنت: the antecedent of a relative may be)
        if best is None and (phrase[1] == cue - 1 or (not adjacent and cue - phrase[1] <= _BEFORE_WINDOW)):
            best = phrase
        elif best is not None and phrase[1] == best[1]:
            best = phrase  # وزارة الداخلية النيجرية التي أعلنت: the longest phrase that ends there
    return best


def _attribution(index: int, source: _Source, cue: str, cue_start: int, cue_end: int, marks: bool) -> Attribution:
    _first, _last, start, end, entity, analysis = source
    return Attribution(
        sentence_index=index, start=start, end=end, source_text="", cue=cue, cue_start=cue_start,
        cue_end=cue_end, entity_id=entity or None, anonymous=entity is None,
        analysis=analysis or (marks and entity is None),
    )


def _attach_quote(text: str, s: Sentence, found: list[Attribution]) -> None:
    """Fill source texts, and give the sentence's direct quote to its first source."""
    for at in found:
        at.source_text = text[at.start : at.end]
    if not found:
        return
    match = _QUOTE.search(text, s.start, s.end)
    if match:
        first = found[0]
        first.quote, first.quote_start, first.quote_end = match.group(0)[1:-1], match.start() + 1, match.end() - 1
