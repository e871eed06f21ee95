"""Story building: near-duplicates, online clustering, story records, timelines."""

from __future__ import annotations

from marsad.model import AnalyzedArticle, Article
from marsad.stories.build import build_story
from marsad.stories.cluster import StoryClusterer, cluster
from marsad.stories.dedup import NearDuplicateIndex
from marsad.stories.timeline import build_timeline
from marsad.understand.pipeline import analyze, load_resources

WITHDRAWAL = [
    ("وكالة أ", "2025-08-04T09:00:00+03:00", "القوات الأمريكية تبدأ الانسحاب من قاعدة عين الأسد",
     "قالت مصادر مطلعة إن القوات الأمريكية بدأت الانسحاب من قاعدة عين الأسد في محافظة الأنبار. "
     "وأضافت المصادر أن الجنود ينقلون إلى أربيل في إقليم كردستان."),
    ("صحيفة ب", "2025-08-05T11:00:00+03:00", "بغداد تعلق على انسحاب القوات الأمريكية من عين الأسد",
     "أكدت الحكومة العراقية أن انسحاب القوات الأمريكية من قاعدة عين الأسد يجري وفق الاتفاق مع واشنطن. "
     "وقال المتحدث إن القوات العراقية تسلمت القاعدة في الأنبار."),
    ("قناة ج", "2025-08-06T15:00:00+03:00", "قافلة أمريكية تغادر عين الأسد نحو أربيل",
     "غادرت قافلة عسكرية أمريكية قاعدة عين الأسد في الأنبار متجهة إلى أربيل. "
     "ويأتي الانسحاب قبل الموعد الذي حدده الاتفاق بين بغداد وواشنطن."),
]
HEATWAVE = [
    ("وكالة أ", "2025-08-04T10:00:00+03:00", "موجة حر تضرب البصرة وانقطاع الكهرباء",
     "سجلت درجات الحرارة في البصرة خمسين درجة مئوية اليوم وانقطعت الكهرباء عن أحياء واسعة. "
     "وقالت وزارة الكهرباء إن الأحمال تجاوزت قدرة الشبكة."),
    ("صحيفة ب", "2025-08-05T12:00:00+03:00", "انقطاع الكهرباء في البصرة مع ارتفاع الحرارة",
     "يعاني سكان البصرة من انقطاع الكهرباء لساعات طويلة مع ارتفاع درجات الحرارة إلى خمسين درجة. "
     "وأعلنت وزارة الكهرباء خطة طوارئ لتوزيع الأحمال."),
    ("قناة ج", "2025-08-06T08:00:00+03:00", "وزارة الكهرباء تعلن خطة طوارئ لمواجهة موجة الحر",
     "أعلنت وزارة الكهرباء العراقية خطة طوارئ لمواجهة موجة الحر وانقطاع الكهرباء في البصرة وذي قار. "
     "وتوقعت هيئة الأنواء الجوية استمرار الحرارة المرتفعة."),
]


def _analyses(rows: list[tuple[str, str, str, str]], prefix: str) -> list[AnalyzedArticle]:
    resources = load_resources()
    return [
        analyze(Article(id=f"{prefix}{i}", title=t, text=x, outlet=o, published=p), resources)
        for i, (o, p, t, x) in enumerate(rows)
    ]


def test_near_duplicates_found_and_distinct_articles_not() -> None:
    index = NearDuplicateIndex()
    original = (
        "أعلنت وزارة الكهرباء العراقية اليوم خطة جديدة لتطوير شبكة النقل في المحافظات الجنوبية "
        "تشمل بناء أربع محطات تحويل وتوسيع خطوط الربط مع الكويت وإيران خلال عامين، وقال المتحدث "
        "باسم الوزارة إن الخطة تهدف إلى تقليص ساعات الانقطاع في الصيف المقبل وإن تمويلها سيأتي من "
        "الموازنة الاتحادية ومن قرض ميسر تفاوضت عليه الحكومة مع مؤسسات دولية في الأشهر الماضية"
    )
    rewrite = original.replace("اليوم", "الأحد", 1)
    other = "سجلت درجات الحرارة في البصرة خمسين درجة وانقطعت الكهرباء عن أحياء واسعة من المدينة"
    assert index.add("a", original) is None
    assert index.add("b", rewrite) == "a"
    assert index.add("c", other) is None
    assert index.add("d", original) == "a"


def test_two_stories_from_three_outlets_each_are_separated() -> None:
    items = _analyses(WITHDRAWAL, "w") + _analyses(HEATWAVE, "h")
    assignment = cluster(items)
    assert len({assignment[f"w{i}"] for i in range(3)}) == 1
    assert len({assignment[f"h{i}"] for i in range(3)}) == 1
    assert assignment["w0"] != assignment["h0"]
    assert cluster(items) == assignment  # deterministic


def test_a_story_does_not_absorb_an_article_weeks_later() -> None:
    items = _analyses(WITHDRAWAL, "w")
    late = _analyses([(WITHDRAWAL[0][0], "2025-10-01T09:00:00+03:00", WITHDRAWAL[0][2], WITHDRAWAL[0][3])], "late")
    assignment = cluster(items + late)
    assert assignment["late0"] != assignment["w0"]


def test_cost_per_article_stays_flat() -> None:
    """Candidates come from an inverted index: unrelated stories are never compared."""
    clusterer = StoryClusterer()
    resources = load_resources()
    letters = "بتثجحخدذرزسشصضطظعغفقكلمن"

    def word(n: int) -> str:  # a distinct Arabic-letter word for every n
        out = ""
        while True:
            out += letters[n % len(letters)]
            n //= len(letters)
            if not n:
                return "ق" + out + "ق"

    for i in range(300):
        words = " ".join(word(i * 12 + j) for j in range(12))
        clusterer.add(analyze(Article(id=f"n{i}", title=f"عنوان{i}", text=words,
                                      published="2025-08-04T09:00:00+00:00"), resources))
    before = clusterer.comparisons
    for a in _analyses(WITHDRAWAL, "w"):
        clusterer.add(a)
    assert clusterer.comparisons - before <= 6  # not ~300 per article
    assert len(clusterer.stories) == 301


def test_build_story_counts_independent_outlets_once() -> None:
    items = _analyses(WITHDRAWAL, "w")
    story = build_story("s1", items, duplicates={"w2": "w0"})
    assert story.article_ids == ["w0", "w1", "w2"]
    assert story.outlets == ["وكالة أ", "صحيفة ب"]  # w2 copies w0: not an independent source
    assert story.first_published is not None and story.first_published.startswith("2025-08-04")
    assert story.last_published is not None and story.last_published.startswith("2025-08-06")
    assert "marsad:ain-al-asad" in story.key_entities[:3]


def test_timeline_is_dated_ordered_and_cited() -> None:
    rows = [("وكالة أ", "2025-08-20T09:00:00+03:00", "عنوان",
             "وقع الطرفان الاتفاق في سبتمبر 2024. وبدأ الانسحاب في 3 أغسطس 2025 من القاعدة.")]
    timeline = build_timeline(_analyses(rows, "t"))
    assert [(e.date, e.grain) for e in timeline] == [("2024-09-01", "month"), ("2025-08-03", "day")]
    assert all(e.citations and e.citations[0].article_id == "t0" for e in timeline)


def test_words_drop_arabic_punctuation() -> None:
    from marsad.stories.textutil import word_set, words

    # «الثلاثاء،» and «قال؟» are the words الثلاثاء and قال: the Arabic comma, question mark and
    # semicolon are punctuation, as ASCII ones are (they used to stay attached to the word).
    assert words("وصل الوفد الثلاثاء، وقال؟ «نعم»؛ foo_bar 12") == [
        "وصل", "الوفد", "الثلاثاء", "وقال", "نعم", "foo", "bar", "12"
    ]
    assert word_set("قال الوزير، غدا") == word_set("قال الوزير غدا")


BACKGROUND = (
    "وتشهد سوريا حربا منذ عام 2011 قتل فيها مئات الآلاف من المدنيين والمقاتلين ونزح الملايين داخل البلاد وخارجها. "
    "وتدعم روسيا وإيران الحكومة السورية عسكريا وسياسيا بينما تدعم دول غربية وعربية فصائل المعارضة المسلحة. "
    "وكانت الغوطة الشرقية قرب العاصمة دمشق آخر معاقل المعارضة الكبيرة قرب العاصمة قبل الحملة العسكرية الأخيرة. "
    "واتهمت منظمات حقوقية دولية أطراف النزاع بارتكاب انتهاكات واسعة بحق المدنيين في المستشفيات والمدارس والأسواق. "
    "وفشلت جولات التفاوض المتعددة في جنيف وأستانا وسوتشي في التوصل إلى تسوية سياسية شاملة تنهي الصراع الدامي. "
    "وتتبادل واشنطن وموسكو الاتهامات بشأن استخدام الأسلحة الكيميائية منذ الهجوم على خان شيخون في ربيع العام الماضي. "
    "ويقدر مراقبون أن إعادة إعمار المدن المدمرة ستتكلف مئات المليارات من الدولارات وتستغرق عقودا طويلة."
)
FAMILY = [
    ("وكالة أ", "2018-04-10T09:00:00+00:00", "مجلس الأمن يصوت على مشروع قرار للتحقيق في دوما",
     "صوت مجلس الأمن الدولي مساء الثلاثاء على مشروع قرار أمريكي لإنشاء آلية تحقيق مستقلة في هجوم دوما، "
     "واستخدمت روسيا حق النقض ضد المشروع للمرة الثانية عشرة منذ بدء النزاع. "
     "وحصل المشروع على تأييد اثني عشر عضوا من أعضاء المجلس الخمسة عشر، وعارضته بوليفيا وامتنعت الصين عن التصويت. "
     "ثم طرحت موسكو مشروعا منافسا يمنح منظمة حظر الأسلحة الكيميائية صلاحيات محدودة، فسقط لعدم حصوله على الأصوات التسعة اللازمة. "
     "وقالت المندوبة الأمريكية نيكي هيلي إن التاريخ سيسجل هذا اليوم، واتهم المندوب الروسي فاسيلي نيبينزيا واشنطن بالتحضير لمغامرة. "
     "وأعرب الأمين العام أنطونيو غوتيريش عن خيبة أمله من انقسام الأعضاء الدائمين وعجزهم عن الاتفاق على نص واحد. "
     + BACKGROUND),
    ("صحيفة ب", "2018-04-10T12:00:00+00:00", "ترامب يلغي جولة خارجية للإشراف على الرد",
     "ألغى الرئيس الأمريكي دونالد ترامب زيارته المقررة إلى قمة الأمريكتين في ليما للإشراف على الرد العسكري المحتمل، "
     "وقالت المتحدثة سارة ساندرز إن نائب الرئيس مايك بنس سيترأس الوفد بدلا منه. "
     "واجتمع ترامب بكبار قادة البنتاغون ووزير الدفاع جيمس ماتيس في غرفة العمليات لمناقشة بدائل الضربة وأهدافها المحتملة. "
     "وأفادت تقارير بأن مدمرة أمريكية مزودة بصواريخ توماهوك أبحرت من قبرص باتجاه الساحل الشرقي للمتوسط. "
     "وحذرت وكالة يوروكونترول شركات الطيران من احتمال إطلاق صواريخ جو أرض أو كروز خلال الساعات الاثنتين والسبعين المقبلة. "
     "وقال مسؤولون فرنسيون وبريطانيون إنهم يتشاورون مع واشنطن بشأن مشاركة محتملة في أي عملية. "
     + BACKGROUND),
]


def test_a_shared_background_does_not_make_two_happenings_one_story() -> None:
    """Two outlets' reports of two happenings of one war, each lead followed by the same long
    background: the background counts at ``body_weight``, so the leads decide. Weighting every
    keyword in full (the previous rule) puts them together."""
    items = _analyses(FAMILY, "f")
    assert cluster(items)["f0"] != cluster(items)["f1"]
    whole_text = cluster(items, lead_terms=1_000_000, body_weight=1.0, threshold=0.2, entity_weight=0.1)
    assert whole_text["f0"] == whole_text["f1"]


def test_lead_weighted_counts_and_the_similarity_they_feed() -> None:
    from marsad.batch import similarity_parts
    from marsad.stories.textutil import lead_weighted, sublinear

    counts = lead_weighted(["a", "b", "a", "c", "c"], lead_terms=2, body_weight=0.25)
    assert counts == {"a": 1.25, "b": 1.0, "c": 0.5}
    assert sublinear(1.0) == 1.0 and sublinear(0.5) == 0.5 and sublinear(4.0) > 2.0
    # the two happenings of one war with one long background (above): their lexical overlap is small
    # beside a second report of the vote, which shares its lead (every keyword in full: 0.33 vs 0.71)
    vote = FAMILY[0]
    same = {"title": "روسيا تستخدم الفيتو ضد قرار التحقيق في دوما",
            "text": "استخدمت روسيا حق النقض ضد مشروع قرار أمريكي في مجلس الأمن الدولي لإنشاء آلية تحقيق "
                    "مستقلة في هجوم دوما، بعد أن أيده اثنا عشر عضوا وعارضته بوليفيا وامتنعت الصين. " + BACKGROUND}
    parts = dict(similarity_parts([
        {"id": "other", "a": {"title": vote[2], "text": vote[3]}, "b": {"title": FAMILY[1][2], "text": FAMILY[1][3]}},
        {"id": "same", "a": {"title": vote[2], "text": vote[3]}, "b": same},
    ]))
    assert parts["same"].lexical > 3 * parts["other"].lexical
