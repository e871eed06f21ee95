"""Fixture data for the web tests (imported by ``test_web_app`` and ``test_web_browser``).

Two stories, four articles from three outlets (one with a Latin name, to exercise bidi isolation),
analyses with sentences, mentions and times, briefs with citations, and entities. The Arabic text is
written for these tests. The store is filled through the ``Store`` interface only, so the same data
works with any backend ``open_store`` returns.
"""

from __future__ import annotations

import re

from marsad.model import (
    AnalyzedArticle,
    Article,
    Brief,
    BriefSentence,
    Citation,
    Entity,
    EntityType,
    Grain,
    Mention,
    Sentence,
    Story,
    TimeExpr,
)
from marsad.store import open_store
from marsad.store.base import Store

OUTLETS = ("الرافدين اليوم", "Al-Sahil News", "وكالة النخيل")

ENTITIES = [
    Entity(
        "local:badush-dam",
        "LOC",
        "سد بادوش",
        "Badush Dam",
        "dam",
        lat=36.4167,
        lon=43.0833,
        country_code="IQ",
    ),
    Entity("local:mosul", "LOC", "الموصل", "Mosul", "city", ["موصل"], 36.34, 43.13, "IQ"),
    Entity("local:nineveh", "LOC", "نينوى", "Nineveh", "governorate", lat=36.2, lon=42.9, country_code="IQ"),
    Entity("local:baghdad", "LOC", "بغداد", "Baghdad", "city", lat=33.31, lon=44.36, country_code="IQ"),
    Entity("local:tigris", "LOC", "دجلة", "Tigris", "river"),
    Entity("local:water-ministry", "ORG", "وزارة الموارد المائية", "Ministry of Water Resources", "agency"),
    Entity("local:rafidain-build", "ORG", "Rafidain Build", "Rafidain Build", "company"),
    Entity("local:ميناء العقبة", "LOC", "ميناء العقبة", "Port of Aqaba", "port", lat=29.52, lon=35.0),
    Entity("local:jordan", "LOC", "الأردن", "Jordan", "country", country_code="JO"),
]

# (id, outlet, published, title, text, mentions [(surface, entity id, type)], times [(surface, iso, grain)])
ARTICLES: list[
    tuple[str, str, str, str, str, list[tuple[str, str, EntityType]], list[tuple[str, str, Grain]]]
] = [
    (
        "a1",
        OUTLETS[0],
        "2025-03-10T09:00:00+03:00",
        "افتتاح سد بادوش على نهر دجلة بعد سنوات من التوقف",
        "افتتحت وزارة الموارد المائية يوم الاثنين سد بادوش شمال الموصل بعد توقف العمل فيه أكثر من عشر سنوات. "
        "وقال الوزير إن السد سيخزن المياه لموسم الصيف ويحمي القرى من الفيضانات.\n\n"
        "ويتوقع مهندسون أن تبدأ المرحلة الثانية في أيلول المقبل.",
        [
            ("وزارة الموارد المائية", "local:water-ministry", "ORG"),
            ("سد بادوش", "local:badush-dam", "LOC"),
            ("الموصل", "local:mosul", "LOC"),
        ],
        [("يوم الاثنين", "2025-03-10", "day"), ("أيلول المقبل", "2025-09-01", "month")],
    ),
    (
        "a2",
        OUTLETS[1],
        "2025-03-11T14:30:00+03:00",
        "سد بادوش يعود إلى العمل وسط مخاوف من شح المياه",
        "عاد سد بادوش إلى العمل أمس بحضور مسؤولين من بغداد ونينوى. "
        "ويرى خبراء أن المشروع مهم لأن مناسيب دجلة انخفضت إلى أدنى مستوى منذ عقود. "
        "وتشارك شركة Rafidain Build في أعمال الصيانة بحسب بيان رسمي.",
        [
            ("سد بادوش", "local:badush-dam", "LOC"),
            ("بغداد", "local:baghdad", "LOC"),
            ("نينوى", "local:nineveh", "LOC"),
            ("دجلة", "local:tigris", "LOC"),
            ("Rafidain Build", "local:rafidain-build", "ORG"),
        ],
        [("أمس", "2025-03-10", "day")],
    ),
    (
        "a3",
        OUTLETS[2],
        "2025-03-11",
        "الموصل: سد بادوش يستقبل أول دفعة من مياه الفيضان",
        "استقبل سد بادوش أول دفعة من المياه بعد افتتاحه. "
        "وأكد محافظ نينوى أن السد سيوفر مياه الري لآلاف المزارعين. "
        "ومن المنتظر أن تعلن الوزارة جدول المرحلة الثانية خلال شهرين.",
        [("سد بادوش", "local:badush-dam", "LOC"), ("نينوى", "local:nineveh", "LOC")],
        [],
    ),
    (
        "a4",
        OUTLETS[2],
        "2025-02-02T08:00:00+02:00",
        "الأردن يوقع اتفاقاً لتوسيع ميناء العقبة",
        "وقعت الحكومة في الأردن اتفاقاً مع شركة ملاحة دولية لتوسيع ميناء العقبة. "
        "ويهدف المشروع إلى مضاعفة قدرة الميناء على استقبال الحاويات بحلول عام 2027. "
        "وستبدأ أعمال الحفر في الربع الثالث من العام الجاري.",
        [("الأردن", "local:jordan", "LOC"), ("ميناء العقبة", "local:ميناء العقبة", "LOC")],
        [("عام 2027", "2027-01-01", "year")],
    ),
]

STORIES = [
    Story(
        "story-dam",
        "افتتاح سد بادوش شمال الموصل",
        ["a1", "a2", "a3"],
        list(OUTLETS),
        "2025-03-10T09:00:00+03:00",
        "2025-03-11T14:30:00+03:00",
        ["local:badush-dam", "local:mosul", "local:water-ministry"],
        "2025-03-11T15:00:00Z",
    ),
    Story(
        "story-port",
        "اتفاق لتوسيع ميناء العقبة",
        ["a4"],
        [OUTLETS[2]],
        "2025-02-02T08:00:00+02:00",
        "2025-02-02T08:00:00+02:00",
        ["local:ميناء العقبة", "local:jordan"],
        "2025-02-02T09:00:00Z",
    ),
]

DAM_WHAT = "افتتحت وزارة الموارد المائية سد بادوش شمال الموصل بعد توقف دام أكثر من عشر سنوات."


def _cite(article_id: str, sentence_index: int) -> Citation:
    outlet = next(a[1] for a in ARTICLES if a[0] == article_id)
    return Citation(article_id, outlet, sentence_index)


BRIEFS = [
    Brief(
        "story-dam",
        STORIES[0].title,
        [
            BriefSentence("what_happened", DAM_WHAT, [_cite("a1", 0), _cite("a2", 0)]),
            BriefSentence(
                "why_it_matters",
                "مناسيب دجلة في أدنى مستوى منذ عقود، والسد يخزن المياه ويوفر الري لآلاف المزارعين.",
                [_cite("a2", 1), _cite("a3", 1)],
            ),
            BriefSentence(
                "whats_next",
                "يُنتظر إعلان جدول المرحلة الثانية خلال الأشهر المقبلة.",
                [_cite("a1", 2), _cite("a3", 2)],
            ),
        ],
        "2025-03-11T15:00:00Z",
    ),
    Brief(
        "story-port",
        STORIES[1].title,
        [
            BriefSentence("what_happened", "وقع الأردن اتفاقاً لتوسيع ميناء العقبة.", [_cite("a4", 0)]),
            BriefSentence(
                "why_it_matters", "يضاعف المشروع قدرة الميناء على استقبال الحاويات.", [_cite("a4", 1)]
            ),
            BriefSentence("whats_next", "تبدأ أعمال الحفر في الربع الثالث من العام.", [_cite("a4", 2)]),
        ],
        "2025-02-02T09:00:00Z",
    ),
]

_SENTENCE = re.compile(r"[^.!؟\s][^.!؟]*[.!؟]?")


def sentences_of(text: str) -> list[Sentence]:
    """Sentences by final punctuation: enough for hand-written fixtures with known boundaries."""
    return [Sentence(i, m.start(), m.end(), m.group()) for i, m in enumerate(_SENTENCE.finditer(text))]


def _sentence_at(sentences: list[Sentence], offset: int) -> int:
    return next(s.index for s in sentences if s.start <= offset < s.end)


def analysis_of(
    article: Article,
    mentions: list[tuple[str, str, EntityType]],
    times: list[tuple[str, str, Grain]],
) -> AnalyzedArticle:
    """An analysis whose spans are found in the text (every occurrence of each mention surface)."""
    sents = sentences_of(article.text)
    found: list[Mention] = []
    for surface, entity_id, etype in mentions:
        for m in re.finditer(re.escape(surface), article.text):
            idx = _sentence_at(sents, m.start())
            found.append(Mention(m.start(), m.end(), surface, etype, entity_id, sentence_index=idx))
    found.sort(key=lambda m: m.start)
    texprs = []
    for surface, iso, grain in times:
        start = article.text.index(surface)
        texprs.append(
            TimeExpr(
                start,
                start + len(surface),
                surface,
                "instant",
                iso,
                grain,
                sentence_index=_sentence_at(sents, start),
            )
        )
    return AnalyzedArticle(article, sents, found, texprs, analyzer_version="test")


def fill(store: Store) -> Store:
    """Write the fixture records into ``store`` through its public methods."""
    store.save_entities(ENTITIES)
    for aid, outlet, published, title, text, mentions, times in ARTICLES:
        article = Article(
            aid, title, text, outlet, f"https://news.example/{aid}", published, content_hash=aid
        )
        store.add_article(article)
        store.save_analysis(analysis_of(article, mentions, times))
    for story in STORIES:
        store.save_story(story)
    for brief in BRIEFS:
        store.save_brief(brief)
    return store


def build_store() -> Store:
    """A fresh in-memory store holding the fixture data."""
    return fill(open_store(":memory:"))
