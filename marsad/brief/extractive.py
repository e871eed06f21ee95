"""The extractive three-part brief: ماذا حدث؟ / لماذا هذا مهم؟ / ماذا بعد؟

Why extractive: every sentence of the brief is a sentence an outlet published, so it can be cited
exactly (article id + character offsets) and a reader can check it. The writer
  1. gives every sentence of every member article a role — expectation (whats_next), significance
     and analysis (why_it_matters), or reported fact (what_happened) — from cue lexicons
     (``data/role_cues.tsv``); when an article is itself written in the three-part form, its headings
     decide the role of the sentences under them;
  2. scores sentences by role confidence × centrality (shared words with the whole story) × a lead
     prior (first sentences carry the news) × support (other outlets saying the same);
  3. selects per section with MMR so that the same fact told by three outlets appears once, cited to
     all three (citations go to every article with a near-identical sentence).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources

from marsad.model import (
    BRIEF_HEADINGS,
    BRIEF_SECTIONS,
    AnalyzedArticle,
    Brief,
    BriefSection,
    BriefSentence,
    Citation,
    Story,
)
from marsad.stories.textutil import set_similarity, sort_key_published, word_set
from marsad.text.dateline import dateline_end
from marsad.text.normalize import normalize

DEFAULT_BUDGET: dict[str, int] = {"what_happened": 3, "why_it_matters": 2, "whats_next": 2}
MIN_WORDS = 6  # shorter lines are headings, captions, datelines
CITE_SIMILARITY = 0.55  # a sentence this close in another article is the same fact: cite it too
REDUNDANT = 0.5  # MMR: skip a sentence this close to one already chosen
MMR_LAMBDA = 0.75
SAME_ARTICLE_DISCOUNT = 0.7
MAX_BRIEF_ARTICLES = 80  # a larger story is briefed from its FIRST_REPORTS and its latest articles
FIRST_REPORTS = 10
DECLARED_CONFIDENCE = 1.8  # a sentence under an explainer's own «ماذا بعد؟» heading

_HEADING_KEYS = {normalize(h).rstrip("؟?").strip(): s for s, h in BRIEF_HEADINGS.items()}


@dataclass(frozen=True, slots=True)
class _Cue:
    section: str
    weight: float
    phrase: str | None = None
    pattern: re.Pattern[str] | None = None


@lru_cache(maxsize=1)
def role_cues() -> tuple[_Cue, ...]:
    text = resources.files("marsad.brief").joinpath("data/role_cues.tsv").read_text("utf-8")
    cues: list[_Cue] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        section, cue, weight = line.split("\t")[:3]
        if cue.startswith("re:"):
            cues.append(_Cue(section, float(weight), pattern=re.compile(cue[3:])))
        else:
            cues.append(_Cue(section, float(weight), phrase=f" {normalize(cue)} "))
    return tuple(cues)


def role_scores(sentence: str) -> dict[str, float]:
    """Summed cue weights per section for one sentence (what_happened gets no cue weight)."""
    norm = f" {normalize(sentence)} "
    scores: dict[str, float] = {"why_it_matters": 0.0, "whats_next": 0.0}
    for cue in role_cues():
        hit = cue.phrase in norm if cue.phrase else bool(cue.pattern and cue.pattern.search(norm))
        if hit:
            scores[cue.section] = scores.get(cue.section, 0.0) + cue.weight
    return scores


def heading_section(sentence: str) -> str | None:
    """The brief section a heading line names («ماذا بعد؟» → whats_next), else None."""
    key = normalize(sentence).rstrip("؟?!.: ").strip()
    return _HEADING_KEYS.get(key)


@dataclass(slots=True)
class _Candidate:
    analysis: AnalyzedArticle
    index: int
    text: str
    start: int
    end: int
    words: frozenset[str]
    section: BriefSection
    confidence: float
    score: float = 0.0
    support: list[Citation] = field(default_factory=list)


def _is_brief_material(text: str, title_norm: str) -> bool:
    stripped = text.strip()
    if len(stripped.split()) < MIN_WORDS or stripped.endswith(("؟", "?", ":")):
        return False
    return normalize(stripped) != title_norm


def _candidates(analyses: list[AnalyzedArticle]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for a in analyses:
        title_norm = normalize(a.article.title)
        declared: str | None = None  # section named by the last heading seen in this article
        position = 0
        for s in a.sentences:
            named = heading_section(s.text)
            if named:
                declared = named
                continue
            if not _is_brief_material(s.text, title_norm):
                continue
            cut = dateline_end(s.text)  # «دبي، … (CNN) --» is not part of what is cited
            text, start = s.text[cut:], s.start + cut
            cues = role_scores(text)
            section: BriefSection
            if declared:
                section, confidence = declared, DECLARED_CONFIDENCE  # type: ignore[assignment]
            elif max(cues.values()) >= 0.8:
                best = max(cues, key=lambda k: cues[k])
                section, confidence = best, 1.0 + min(cues[best], 3.0) / 3.0  # type: ignore[assignment]
            else:
                section, confidence = "what_happened", 1.0 + (0.5 if position < 2 else 0.0)
            out.append(
                _Candidate(a, s.index, text, start, s.end, word_set(text), section, confidence)
            )
            position += 1
    return out


def _citation(c: _Candidate) -> Citation:
    art = c.analysis.article
    return Citation(art.id, art.outlet, c.index, c.start, c.end)


def _score(cands: list[_Candidate]) -> None:
    story_words: Counter[str] = Counter()
    for c in cands:
        story_words.update(c.words)
    total = max(len({c.analysis.article.id for c in cands}), 1)
    for c in cands:
        centrality = sum(min(story_words[w], total) for w in c.words) / (len(c.words) or 1) / total
        outlets: dict[str, Citation] = {}
        for other in cands:
            if other.analysis.article.id == c.analysis.article.id:
                continue
            if set_similarity(c.words, other.words) >= CITE_SIMILARITY:
                outlets.setdefault(other.analysis.article.id, _citation(other))
        c.support = list(outlets.values())
        lead = 1.3 if c.index <= 1 else 1.0
        c.score = c.confidence * (0.3 + centrality) * lead * (1.0 + 0.3 * math.log1p(len(c.support)))


def _select(cands: list[_Candidate], budget: int) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    pool = sorted(cands, key=lambda c: (-c.score, c.analysis.article.id, c.index))
    while pool and len(chosen) < budget:
        def mmr(c: _Candidate) -> float:
            overlap = max((set_similarity(c.words, x.words) for x in chosen), default=0.0)
            # Prefer drawing on several outlets: each sentence already taken from the same article
            # discounts the next one from it, so one long article cannot fill a whole section.
            same = sum(x.analysis.article.id == c.analysis.article.id for x in chosen)
            return MMR_LAMBDA * c.score * (SAME_ARTICLE_DISCOUNT**same) - (1 - MMR_LAMBDA) * overlap

        # Ties go to the earlier candidate in ``pool`` (its score order); positions, not
        # ``pool.index``, which compared whole candidates and made a large story cubic.
        at = max(range(len(pool)), key=lambda i: (mmr(pool[i]), -i))
        best = pool.pop(at)
        chosen.append(best)
        # What repeats the chosen sentence can never be chosen: drop it now rather than meet it
        # again one by one (a story of hundreds of reworded wire copies would be quadratic).
        pool = [c for c in pool if set_similarity(best.words, c.words) < REDUNDANT]
    return chosen


def write_brief(
    story: Story, analyses: list[AnalyzedArticle], *, max_sentences: dict[str, int] | None = None
) -> Brief:
    """The three-part brief of ``story`` from its member analyses (see module doc)."""
    budget = {**DEFAULT_BUDGET, **(max_sentences or {})}
    ordered = sorted(analyses, key=lambda a: sort_key_published(a.article.published, a.article.id))
    if len(ordered) > MAX_BRIEF_ARTICLES:
        # Citations compare every candidate sentence with every other (quadratic), so a story of
        # hundreds of articles is briefed from its first reports and its latest ones.
        ordered = ordered[:FIRST_REPORTS] + ordered[-(MAX_BRIEF_ARTICLES - FIRST_REPORTS) :]
    cands = _candidates(ordered)
    _score(cands)
    rank = {a.article.id: i for i, a in enumerate(ordered)}
    sentences: list[BriefSentence] = []
    for section in BRIEF_SECTIONS:
        picked = _select([c for c in cands if c.section == section], budget[section])
        # Chronological reading order, each fact placed where it was first told: a lead that a
        # later article repeats word for word and an earlier one also carries (its support) reads
        # before the earlier article's follow-up lines («وقال البنك في بيان …»), not after them.
        picked.sort(key=lambda c: min((rank[x.article_id], x.sentence_index) for x in (_citation(c), *c.support)))
        for c in picked:
            sentences.append(BriefSentence(section, c.text.strip(), [_citation(c), *c.support]))
    return Brief(
        story_id=story.id,
        title=story.title,
        sentences=sentences,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        method="extractive",
    )
