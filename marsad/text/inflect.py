"""Inflected surface forms of Arabic verbs and nouns, generated from a few stems, for lexicon lookup.

Why generate rather than stem: event and attribution lexicons are matched against every token of
every article, and a dictionary lookup of the (clitic-stripped) token is the fastest and the most
predictable test. A general stemmer would also conflate words we must keep apart (عين "appointed"
and عين "Ain", طالب "demanded" and طالب "student"); generation only produces the forms of words the
lexicon lists, and an entry can drop any form it finds ambiguous.

Forms are normalised (``marsad.text.normalize``: no diacritics, أإآ → ا, ة → ه, ى → ي), so passive
forms (قُتل، اعتُقل) coincide with active ones, as they do in undiacritised news text. Proclitics
(و ف ب ل ال) are not generated: ``match_keys`` strips them at lookup. The future prefix س is, because
``match_keys`` leaves it on (it is rarely a clitic on names).
"""

from __future__ import annotations

from marsad.text.normalize import normalize

_PAST_SUFFIXES = ("", "ت", "وا", "ا", "تا", "ن", "نا", "تم", "و")
OBJECT_SUFFIXES = ("ه", "ها", "هم", "هما", "نا", "كم")  # also possessive on nouns (قواتنا)
PRESENT_PREFIXES = ("ي", "ت", "ن")  # not the 1st person أ: rare in news, and it makes collisions (باحثين)
_PRESENT_SUFFIXES = ("", "ون", "ان", "ين", "ن", "وا")
_NOUN_SUFFIXES = ("ه", "ها", "هم", "هما", "ين", "ان", "ات")


def verb_forms(past: str, present_stem: str, transitive: bool = True) -> set[str]:
    """Past and present forms of a verb: ``past`` is the 3rd person masculine singular past (انسحب),
    ``present_stem`` the imperfect without its person prefix (نسحب for ينسحب). Defective verbs (last
    letter ي or ا: التقى، دعا، يلتقي، يدعو) lose it before a vowel suffix (التقت، التقوا، يلتقون)."""
    past, stem = normalize(past), normalize(present_stem)
    forms: set[str] = set()
    p_base = past[:-1] if past[-1:] in ("ي", "ا") else past
    for suffix in _PAST_SUFFIXES:
        forms.add((p_base if suffix in ("ت", "وا", "تا", "و") and p_base != past else past) + suffix)
    if p_base != past:
        forms.update({p_base + "يا", past + "ت"})
    objects = OBJECT_SUFFIXES if transitive else ()
    for obj in objects:
        forms.update({past + obj, p_base + "ت" + obj, p_base + "و" + obj})
    s_base = stem[:-1] if stem[-1:] in ("ي", "و", "ا") else stem
    for prefix in PRESENT_PREFIXES:
        present = {prefix + stem}
        for suffix in _PRESENT_SUFFIXES[1:]:
            present.add(prefix + (s_base if s_base != stem and suffix in ("ون", "وا", "ين") else stem) + suffix)
        for obj in objects:
            present.add(prefix + stem + obj)
        forms.update(present)
        forms.update("س" + f for f in present)
    return {f for f in forms if len(f) >= 2}


def noun_forms(noun: str) -> set[str]:
    """A noun with its accusative ‑ًا, dual, sound feminine plural and possessive forms (ضربة →
    ضربه، ضربتها، ضربتين، ضربات; هجوم → هجوما، هجومه، هجومين). Broken plurals are listed by the
    lexicon as nouns of their own."""
    n = normalize(noun)
    base = n[:-1] + "ت" if n.endswith("ه") else n
    forms = {n, n + "ا"} if not n.endswith("ه") else {n}
    forms.update(base + s for s in _NOUN_SUFFIXES)
    if n.endswith("ه"):
        forms.add(n[:-1] + "ات")
    return forms
