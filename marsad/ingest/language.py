"""Language identification of an article (ISO 639-1 code, ``"und"`` when unknown).

Why restricted detectors: lingua is accurate but each language model costs memory; Marsad only needs
to tell Arabic from the languages that realistically turn up in an Arabic news stream. Two detectors
are built lazily, once per process, and lingua itself loads each language's model on first use
(``preload_all_language_models`` is never called):

* a cheap Arabic-script pre-check counts letters: with too few letters the answer is ``"und"``;
* when more than 60 % of the letters are Arabic script, only Arabic, Persian and Urdu are candidates
  (Persian/Urdu share the script, and lingua is trusted to separate them); lingua's "don't know"
  then means Arabic;
* otherwise a detector over ``OTHER_LANGUAGES`` decides.

Kurdish (Sorani, in Arabic script) is not supported by lingua; it is usually reported as Persian.
"""

from __future__ import annotations

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

ARABIC_SCRIPT_LANGUAGES = (Language.ARABIC, Language.PERSIAN, Language.URDU)
OTHER_LANGUAGES = (
    Language.ARABIC,
    Language.ENGLISH,
    Language.FRENCH,
    Language.PERSIAN,
    Language.URDU,
    Language.TURKISH,
    Language.HEBREW,
    Language.GERMAN,
    Language.SPANISH,
    Language.RUSSIAN,
    Language.ITALIAN,
    Language.PORTUGUESE,
)
MIN_LETTERS = 12
ARABIC_SCRIPT_RATIO = 0.6
SAMPLE_CHARS = 3000  # enough for a confident answer; bounds the cost on long articles


def _is_arabic_script(ch: str) -> bool:
    code = ord(ch)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


def arabic_script_ratio(text: str) -> tuple[float, int]:
    """(share of letters in Arabic script, number of letters) of ``text``."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0, 0
    arabic = sum(1 for ch in letters if _is_arabic_script(ch))
    return arabic / len(letters), len(letters)


@cache
def _detector(arabic_script: bool) -> LanguageDetector:
    languages = ARABIC_SCRIPT_LANGUAGES if arabic_script else OTHER_LANGUAGES
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _code(language: Language) -> str:
    return language.iso_code_639_1.name.lower()


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s language (``"ar"``, ``"en"``, ``"fa"`` …) or ``"und"``."""
    sample = text[:SAMPLE_CHARS]
    ratio, letters = arabic_script_ratio(sample)
    if letters < MIN_LETTERS:
        return "und"
    if ratio > ARABIC_SCRIPT_RATIO:
        found = _detector(True).detect_language_of(sample)
        return _code(found) if found is not None else "ar"
    found = _detector(False).detect_language_of(sample)
    return _code(found) if found is not None else "und"
