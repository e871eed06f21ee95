"""Small text helpers shared by story clustering, timelines and briefs.

Why a local module: story and brief code must work on analyses whose ``keywords`` are empty (older
analyses, non-finished analysers, quick benchmarks), and needs word sets for comparing sentences.
These helpers give a crude but deterministic stand-in: normalised words (marsad.text.normalize),
function words dropped, nothing more clever. Dates are parsed here too because outlets write
``published`` in ISO-8601 or RFC 2822.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from marsad.text.normalize import normalize
from marsad.understand.keywords import stopwords as keyword_stopwords

# Letters and digits of any script (\w is Unicode-aware); the Arabic comma, question mark and
# semicolon are not word characters, so «الثلاثاء،» gives الثلاثاء. Underscores are dropped too.
_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"^\d+$")


def stopwords() -> frozenset[str]:
    """The project's one list of Arabic function words (``marsad/understand/data/stopwords.txt``)."""
    return keyword_stopwords()


def words(text: str) -> list[str]:
    """Normalised word tokens of ``text`` (letters and digits; punctuation dropped)."""
    return _WORD.findall(normalize(text))


def content_words(text: str) -> list[str]:
    """Normalised words minus function words and one-letter tokens, in text order."""
    stop = stopwords()
    return [w for w in words(text) if len(w) > 1 and w not in stop]


def word_set(text: str) -> frozenset[str]:
    """Distinct content words, with a leading conjunction و/ف stripped, for sentence comparison.

    Why strip only و/ف: they are the most frequent clitics and the ones that differ between two
    outlets' phrasing of the same fact (وأعلنت / أعلنت); deeper stripping would merge real words.
    """
    out: set[str] = set()
    for w in content_words(text):
        if len(w) > 3 and w[0] in "وف":
            w = w[1:]
        if _DIGITS.match(w) or len(w) > 1:
            out.add(w)
    return frozenset(out)


def set_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Cosine of two binary word sets: |A∩B| / sqrt(|A||B|); 0 when either is empty."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / math.sqrt(len(a) * len(b)) if inter else 0.0


LEAD_TERMS = 80  # keywords of an article's opening that count in full in story comparisons
BODY_WEIGHT = 0.2  # what each later keyword counts


def lead_weighted(words: Iterable[str], lead_terms: int = LEAD_TERMS, body_weight: float = BODY_WEIGHT) -> dict[str, float]:
    """Term counts in which the first ``lead_terms`` words count 1 each and later ones ``body_weight``.

    Why: what an article is about is in its title and lead, while its later paragraphs retell the
    background it shares with every other story of its war, market or tournament. Chosen for story
    clustering over four hand-labelled sets (``bench/cluster_select.py``); on the graded pairs of
    ``bench/similarity_eval.py`` it lifts Pearson r on all four sets too (+0.004 to +0.008).
    """
    counts: dict[str, float] = {}
    for i, w in enumerate(words):
        counts[w] = counts.get(w, 0.0) + (1.0 if i < lead_terms else body_weight)
    return counts


def sublinear(count: float) -> float:
    """Term weight of a (possibly fractional) count: 1 + log for a count of 1 or more, the count
    itself below (so a word seen only deep in the body weighs less than one seen once in the lead)."""
    return 1.0 + math.log(count) if count >= 1 else count


def idf(doc_freq: int, n_docs: int) -> float:
    """Smoothed inverse document frequency, log((N + 1) / (df + 1)) + 1: the weight story clustering
    and ``marsad similarity`` give a term."""
    return math.log((n_docs + 1) / (doc_freq + 1)) + 1.0


def unit_tfidf(counts: Mapping[str, float], doc_freq: Mapping[str, int], n_docs: int) -> dict[str, float]:
    """The L2-normalised TF-IDF vector of term ``counts`` (``sublinear`` × ``idf``): how story
    clustering and ``marsad similarity`` both weigh an article's terms."""
    vec = {t: sublinear(c) * idf(doc_freq.get(t, 0), n_docs) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def parse_time(value: str | None) -> datetime | None:
    """``published`` as an aware datetime (naive values read as UTC); None when unparseable."""
    if not value:
        return None
    text = value.strip()
    dt: datetime | None
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt


def timestamp(value: str | None) -> float | None:
    """POSIX seconds of ``published``, or None."""
    dt = parse_time(value)
    return dt.timestamp() if dt else None


def sort_key_published(published: str | None, tiebreak: str) -> tuple[int, float, str]:
    """Sort key putting dated items first in time order, undated ones last, ties by ``tiebreak``."""
    ts = timestamp(published)
    return (0, ts, tiebreak) if ts is not None else (1, 0.0, tiebreak)


def first_seen(items: Iterable[str]) -> list[str]:
    """Distinct items in order of first appearance."""
    return list(dict.fromkeys(items))
