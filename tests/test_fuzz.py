"""Fuzzing the functions that meet untrusted input: text, times, ingest, search and analysis.

Why property tests here: articles come from anywhere (feeds, scraped pages, pasted text), so the
text layer, the time finder and the readers must survive any string or byte sequence — random
Unicode, mixed scripts, bidi control marks, huge tokens, truncated HTML and feeds — and either
return a well-formed result or raise the one documented error (``IngestError`` for readers).
Each property also checks a few invariants (offsets inside the text, spans that slice to their
text), so "no crash" is not the only thing that could fail.

Every generated input is counted in ``TRIED``; ``test_fuzz_total`` (last in the file) asserts the
whole run tried at least ``MIN_TOTAL`` inputs, and the count is printed in pytest's summary.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime

import pytest
from conftest import FUZZ_COUNT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.ingest.encoding import decode_bytes
from marsad.ingest.errors import IngestError
from marsad.ingest.feeds import iter_feed
from marsad.ingest.html import article_from_html
from marsad.ingest.jsonl import article_from_record
from marsad.ingest.options import IngestOptions
from marsad.ingest.textfile import article_from_text
from marsad.model import Article, IngestProblem
from marsad.store import open_store, searchtext
from marsad.text.clitics import match_keys
from marsad.text.normalize import normalize, normalize_with_offsets, original_span
from marsad.text.sentences import split_sentences
from marsad.text.tokens import tokenize
from marsad.understand.times import find_times

MIN_TOTAL = 10_000
TRIED: Counter[str] = Counter()
OPTIONS = IngestOptions()
REFERENCE = datetime(2025, 9, 14, 10, 30)

# -- strategies -----------------------------------------------------------------------------------

ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
ARABIC_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"  # harakat, tatweel
BIDI_AND_FORMAT = "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳"
PUNCT = "،؛؟.!:\"'«»()[]-–—/\\%‰٪٫٬ \n\t\r"
OTHER = "abcXYZéßжשאक中😀\U0001f1ee\U0001f1f6ﷺﻻﹰ"

news_char = st.sampled_from(ARABIC_LETTERS + ARABIC_MARKS + BIDI_AND_FORMAT + DIGITS + PUNCT + OTHER)
# Words that steer the time finder and the readers into their deeper branches.
SEEDS = [
    "أمس", "اليوم", "غدا", "الأحد", "الاثنين", "يناير", "كانون الثاني", "أيلول", "سبتمبر", "2025",
    "١٤", "الساعة", "صباحا", "مساء", "منذ", "خلال", "قبل", "بعد", "الأسبوع", "الماضي", "المقبل",
    "شهر", "عام", "هـ", "م", "رمضان", "بين", "و", "حتى", "من", "إلى", "في", "مطلع", "أواخر",
    "واشنطن", "بغداد", "قاعدة عين الأسد", "وقال", "مصدر", "رويترز", "\n\n", ".", "،",
]  # fmt: skip

mixed_text = st.lists(
    st.one_of(st.sampled_from(SEEDS), st.text(news_char, max_size=12), st.integers(-99999, 99999).map(str)),
    max_size=40,
).map(" ".join)
any_text = st.one_of(st.text(max_size=300), mixed_text, st.text(news_char, max_size=300))
huge_token = st.builds(lambda ch, n: ch * n, st.sampled_from(["ب", "a", "٣", "\u0651", "\u200f", "-", "."]),
                       st.integers(2_000, 60_000))  # fmt: skip
text_inputs = st.one_of(any_text, any_text, any_text, huge_token)


def _truncated(doc: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A document cut at a random point (a partial download, a broken writer)."""
    return st.tuples(doc, st.floats(0, 1)).map(lambda t: t[0][: int(len(t[0]) * t[1])])


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;")


html_doc = st.builds(
    lambda title, paras, junk: (
        f"<!doctype html><html dir=rtl><head><meta charset=utf-8><title>{title}</title></head><body>"
        f"<nav>{junk}</nav><article><h1>{title}</h1>"
        + "".join(f"<p>{p}</p>" for p in paras)
        + "</article><footer>جميع الحقوق محفوظة</footer></body></html>"
    ),
    mixed_text, st.lists(st.one_of(mixed_text, any_text), max_size=8), st.text(max_size=40),
)  # fmt: skip
html_inputs = st.one_of(_truncated(html_doc), html_doc, st.text(max_size=400))

rss_doc = st.builds(
    lambda title, items: (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{_esc(title)}</title>"
        + "".join(
            f"<item><title>{_esc(t)}</title><link>https://news.example/{i}</link>"
            f"<pubDate>{_esc(d)}</pubDate><description>{_esc(b)}</description></item>"
            for i, (t, d, b) in enumerate(items)
        )
        + "</channel></rss>"
    ),
    mixed_text,
    st.lists(st.tuples(mixed_text, st.one_of(st.just("Sun, 14 Sep 2025 10:00:00 +0300"), st.text(max_size=20)),
                       mixed_text), max_size=5),
)  # fmt: skip
atom_doc = st.builds(
    lambda title, items: (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{_esc(title)}</title>"
        + "".join(
            f'<entry><title>{_esc(t)}</title><link href="https://news.example/a{i}"/>'
            f"<updated>{_esc(d)}</updated><content type=\"html\">{_esc(b)}</content></entry>"
            for i, (t, d, b) in enumerate(items)
        )
        + "</feed>"
    ),
    mixed_text,
    st.lists(st.tuples(mixed_text, st.one_of(st.just("2025-09-14T10:00:00Z"), st.text(max_size=20)),
                       mixed_text), max_size=5),
)  # fmt: skip
feed_inputs = st.one_of(_truncated(rss_doc), _truncated(atom_doc), rss_doc, atom_doc)

json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), any_text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)  # fmt: skip
record = st.one_of(
    st.fixed_dictionaries(
        {"title": json_value, "text": st.one_of(any_text, json_value)},
        optional={"published": st.one_of(json_value, st.sampled_from(["2025-09-14", "14/09/2025", "أمس", "2025-13-40"])),
                  "url": json_value, "outlet": json_value, "id": json_value},
    ),
    json_value,
)  # fmt: skip


def _count(name: str) -> None:
    TRIED[name] += 1


FAST = settings(max_examples=1400, deadline=None, suppress_health_check=list(HealthCheck))
MEDIUM = settings(max_examples=700, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


# -- text -----------------------------------------------------------------------------------------


@FAST
@given(text_inputs)
def test_normalize_offsets_point_into_the_text(text: str) -> None:
    _count("normalize")
    norm, offsets = normalize_with_offsets(text)
    assert normalize(text) == norm
    assert len(offsets) == len(norm) + 1 and offsets[-1] == len(text)
    assert all(0 <= o <= len(text) for o in offsets)
    assert offsets == sorted(offsets)
    if norm:
        a, b = original_span(offsets, 0, len(norm))
        assert 0 <= a < b <= len(text)


@FAST
@given(text_inputs)
def test_sentences_and_tokens_are_spans_of_the_text(text: str) -> None:
    _count("sentences+tokens")
    sentences = split_sentences(text)
    last = 0
    for i, s in enumerate(sentences):
        assert s.index == i and last <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text and s.text.strip() == s.text
        last = s.end
    for tok in tokenize(text):
        assert 0 <= tok.start < tok.end <= len(text) and text[tok.start : tok.end] == tok.text


@FAST
@given(st.one_of(st.text(max_size=40), st.text(news_char, max_size=40)))
def test_match_keys_of_any_word(word: str) -> None:
    _count("match_keys")
    keys = match_keys(normalize(word))
    assert all(isinstance(k, str) for k in keys)


# -- times ----------------------------------------------------------------------------------------


@FAST
@given(text_inputs, st.one_of(st.none(), st.datetimes(datetime(1, 1, 2), datetime(9998, 12, 30))))
def test_find_times_on_anything(text: str, reference: datetime | None) -> None:
    _count("find_times")
    for t in find_times(text, reference):
        assert 0 <= t.start < t.end <= len(text) and text[t.start : t.end] == t.text


# -- ingest ---------------------------------------------------------------------------------------


def _article_or_ingest_error(make: object) -> Article | None:
    try:
        article = make()  # type: ignore[operator]
    except IngestError as exc:
        assert str(exc).strip(), "an IngestError must say why"
        return None
    assert isinstance(article, Article) and article.id and article.text.strip()
    return article


@MEDIUM
@given(html_inputs, st.booleans())
def test_html_pages_even_truncated(page: str, as_bytes: bool) -> None:
    _count("html")
    data: bytes | str = page.encode("utf-8", "surrogatepass") if as_bytes else page
    _article_or_ingest_error(lambda: article_from_html(data, source_path="fuzz.html", options=OPTIONS))


@MEDIUM
@given(feed_inputs)
def test_feeds_even_truncated(doc: str) -> None:
    _count("feeds")
    for item in iter_feed(doc.encode("utf-8"), source_path="fuzz.xml", options=OPTIONS):
        assert isinstance(item, Article | IngestProblem)
        if isinstance(item, IngestProblem):
            assert item.message.strip()


@FAST
@given(st.one_of(st.binary(max_size=2000), text_inputs.map(lambda s: s.encode("utf-8")),
                 any_text.map(lambda s: s.encode("cp1256", "replace")),
                 any_text.map(lambda s: s.encode("utf-16"))))  # fmt: skip
def test_decoding_and_text_files_from_any_bytes(data: bytes) -> None:
    _count("bytes")
    try:
        decoded = decode_bytes(data)
    except IngestError as exc:
        assert str(exc).strip()
        return
    assert isinstance(decoded.text, str)
    _article_or_ingest_error(lambda: article_from_text(decoded.text, source_path="fuzz.txt", options=OPTIONS))


@FAST
@given(record)
def test_jsonl_records_of_any_shape(value: object) -> None:
    _count("jsonl")
    # The record must survive a JSON round trip first, as it would in a .jsonl file.
    value = json.loads(json.dumps(value))
    _article_or_ingest_error(lambda: article_from_record(value, source_path="fuzz.jsonl", options=OPTIONS))


# -- search ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_store():  # type: ignore[no-untyped-def]
    store = open_store(":memory:")
    store.add_article(Article(id="a1", title="وفد في واشنطن", text="وصل وفد من بغداد إلى واشنطن.", content_hash="h1"))
    yield store
    store.close()


@FAST
@given(text_inputs)
def test_search_queries_never_break_the_index(fuzz_store, query: str) -> None:  # type: ignore[no-untyped-def]
    _count("search")
    expr = searchtext.fts_query(query)
    assert expr is None or expr.strip()
    for hit in fuzz_store.search(query, limit=5):
        assert hit.article_id == "a1"


# -- analysis -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def resources():  # type: ignore[no-untyped-def]
    from marsad.understand.pipeline import load_resources

    return load_resources()


@SLOW
@given(st.one_of(mixed_text, st.text(news_char, max_size=400), st.text(max_size=200)))
def test_whole_analysis_on_anything(resources, text: str) -> None:  # type: ignore[no-untyped-def]
    from marsad.understand.pipeline import analyze

    _count("analyze")
    analysis = analyze(Article(id="f", title=text[:30], text=text, published="2025-09-14"), resources)
    for m in analysis.mentions:
        assert 0 <= m.start < m.end <= len(text)


def test_fuzz_total(request: pytest.FixtureRequest) -> None:
    """Runs last in this file: the properties above together tried at least ``MIN_TOTAL`` inputs."""
    total = sum(TRIED.values())
    request.config.stash[FUZZ_COUNT] = dict(TRIED)
    if len(TRIED) < 10:  # run alone (-k), nothing to add up
        pytest.skip("run with the whole fuzz module to count the inputs tried")
    assert total >= MIN_TOTAL, f"only {total} fuzz inputs tried: {dict(TRIED)}"

