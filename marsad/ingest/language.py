"""Language identification of an article (ISO 639-1 code, ``"und"`` when unknown).

Why restricted detectors: lingua is accurate but each language model costs memory; Marsad only needs
to tell Arabic from the languages that realistically turn up in an Arabic news stream. Two detectors
are built lazily, once per process, and lingua itself loads each language's model on first use
(``preload_all_language_models`` is never called):

* a cheap Arabic-script pre-check counts letters: with too few letters the answer is ``"und"``;
* when more than 60 % of the letters are Arabic script and almost none of them is a letter that
  Arabic spelling does not use but Persian, Urdu, Kurdish or Pashto do (``data/non_arabic_letters.txt``),
  the text is Arabic without asking lingua: that is nearly every article of an Arabic stream, lingua
  costs about a millisecond per article there (as much as the rest of ingest), and on the 62,159
  Arabic-script articles of ANT and SaudiNewsNet its only other answers were 8 Arabic articles it
  called Urdu or Persian;
* otherwise, with the script mostly Arabic, only Arabic, Persian and Urdu are candidates (Persian/Urdu
  share the script, and lingua is trusted to separate them); lingua's "don't know" then means Arabic;
* otherwise a detector over ``OTHER_LANGUAGES`` decides.

Kurdish (Sorani, in Arabic script) is not supported by lingua; it is usually reported as Persian.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

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
# Below this share of Persian/Urdu/Kurdish/Pashto letters among all letters, Arabic-script text is
# Arabic: Arabic news borrows «گ پ چ ڤ» for foreign names (a few per article, well below 1 %), while
# Persian writes every «ی» and «ک» with them (5 % of its letters and more) and, even typed with the
# Arabic «ي ك», has «گ پ چ ژ» in about 2 % of its letters.
OTHER_LETTERS_MAX = 0.01


def _is_arabic_script(ch: str) -> bool:
    code = ord(ch)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


# Every letter of the Arabic-script blocks, so that counting them is one set lookup per character
_ARABIC_SCRIPT_LETTERS = frozenset(
    ch for ch in map(chr, range(0x0600, 0xFF00)) if _is_arabic_script(ch) and ch.isalpha()
)


def arabic_script_ratio(text: str) -> tuple[float, int]:
    """(share of letters in Arabic script, number of letters) of ``text``."""
    letters = sum(map(str.isalpha, text))
    if not letters:
        return 0.0, 0
    arabic = sum(map(_ARABIC_SCRIPT_LETTERS.__contains__, text))
    return arabic / letters, letters


@cache
def non_arabic_letters() -> frozenset[str]:
    """The letters of ``data/non_arabic_letters.txt`` (first character of each non-comment line)."""
    text = resources.files("marsad.ingest").joinpath("data/non_arabic_letters.txt").read_text(encoding="utf-8")
    return frozenset(line[0] for line in text.splitlines() if line.strip() and not line.startswith("#"))


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
        if sum(map(non_arabic_letters().__contains__, sample)) < OTHER_LETTERS_MAX * letters:
            return "ar"
        found = _detector(True).detect_language_of(sample)
        return _code(found) if found is not None else "ar"
    found = _detector(False).detect_language_of(sample)
    return _code(found) if found is not None else "und"
