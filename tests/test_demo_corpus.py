"""The bundled demo corpus (``marsad/demo/corpus``) checked as data, with the standard library only.

These tests do not use Marsad's own readers on purpose: they say what the corpus promises (enough
articles, outlets, stories and days; gold labels that point at real text), independently of the
ingest code that is tested elsewhere against the same files.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "marsad" / "demo" / "corpus"
GOLD = CORPUS / "gold.jsonl"
STORIES = CORPUS / "stories.json"
CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}encoded"
FRONT_MATTER_KEYS = {"title", "outlet", "published", "url", "author"}
JSONL_FIELDS = ("id", "title", "text", "url", "outlet", "published", "author")
HEADINGS = ("ماذا حدث؟", "لماذا هذا مهم؟", "ماذا بعد؟")


# -- readers (deliberately small and independent of marsad.ingest) ---------------------------------
def arabic_ratio(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    arabic = sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff")
    return arabic / max(len(letters), 1)


def parse_front_matter(raw: str) -> tuple[dict[str, str], str]:
    lines = raw.split("\n")
    assert lines[0] == "---", "front matter must open with ---"
    end = lines.index("---", 1)
    fields: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        assert sep and key.strip() in FRONT_MATTER_KEYS, f"bad front matter line: {line!r}"
        fields[key.strip()] = value.strip()
    return fields, "\n".join(lines[end + 1 :]).strip()


class PageParser(HTMLParser):
    """Collects the <html> attributes, <title>, <meta>, canonical link and the <article> paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_attrs: dict[str, str | None] = {}
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.title = ""
        self.h1 = ""
        self.paragraphs: list[str] = []
        self.tags: set[str] = set()
        self._stack: list[str] = []
        self._article_depth = 0
        self._buffer: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.add(tag)
        if tag == "html":
            self.html_attrs = dict(attrs)
        elif tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.meta[key] = a.get("content", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href", "")
        if tag in ("meta", "link", "input", "br", "img"):
            return
        self._stack.append(tag)
        if tag == "article":
            self._article_depth += 1
        if tag in ("title", "h1") or (self._article_depth and tag in ("p", "h2")):
            self._buffer = []

    def handle_endtag(self, tag: str) -> None:
        if self._buffer is not None and tag in ("title", "h1", "p", "h2"):
            text = " ".join("".join(self._buffer).split())
            if tag == "title":
                self.title = text
            elif tag == "h1":
                self.h1 = self.h1 or text
            else:
                self.paragraphs.append(text)
            self._buffer = None
        if tag == "article":
            self._article_depth -= 1
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._buffer is not None:
            self._buffer.append(data)


def read_page(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def strip_tags(fragment: str) -> str:
    """Plain text of an HTML fragment, one line per paragraph."""
    text = re.sub(r"</p>|<br\s*/?>", "\n", fragment)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def rss_items(path: Path) -> list[dict[str, str]]:
    channel = ET.parse(path).getroot().find("channel")
    assert channel is not None, f"{path}: no <channel>"
    items = []
    for item in channel.findall("item"):
        full = item.findtext(CONTENT_NS) or item.findtext("description") or ""
        items.append(
            {
                "title": item.findtext("title") or "",
                "url": item.findtext("link") or "",
                "published": item.findtext("pubDate") or "",
                "outlet": channel.findtext("title") or "",
                "text": strip_tags(full),
            }
        )
    return items


def load_article(entry: dict[str, Any]) -> dict[str, str]:
    """The article a gold entry points at: title, url, outlet, published, text."""
    path = CORPUS / entry["path"]
    assert path.is_file(), f"gold points at a missing file: {entry['path']}"
    if "line" in entry:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert 1 <= entry["line"] <= len(lines), entry
        return json.loads(lines[entry["line"] - 1])
    if "item" in entry:
        items = rss_items(path)
        assert 1 <= entry["item"] <= len(items), entry
        return items[entry["item"] - 1]
    if path.suffix == ".txt":
        fields, body = parse_front_matter(path.read_text(encoding="utf-8"))
        return {**fields, "text": body}
    page = read_page(path)
    return {
        "title": page.meta.get("og:title", ""),
        "url": page.canonical,
        "outlet": page.meta.get("og:site_name", ""),
        "published": page.meta.get("article:published_time", ""),
        "text": "\n".join(page.paragraphs),
    }


def every_article() -> list[tuple[str, dict[str, str]]]:
    """Every article in the corpus, gold or not: (where, record)."""
    found: list[tuple[str, dict[str, str]]] = []
    for path in sorted((CORPUS / "text").rglob("*.txt")):
        fields, body = parse_front_matter(path.read_text(encoding="utf-8"))
        found.append((str(path.relative_to(CORPUS)), {**fields, "text": body}))
    for path in sorted((CORPUS / "html").rglob("*.html")):
        found.append((str(path.relative_to(CORPUS)), load_article({"path": str(path.relative_to(CORPUS))})))
    for path in sorted((CORPUS / "feeds").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found.append((f"{path.relative_to(CORPUS)}:{n}", json.loads(line)))
    for path in sorted((CORPUS / "feeds").glob("*.rss.xml")):
        for n, item in enumerate(rss_items(path), 1):
            found.append((f"{path.relative_to(CORPUS)}#{n}", item))
    return found


@pytest.fixture(scope="module")
def gold() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def articles(gold: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [load_article(g) for g in gold]


def day(published: str) -> dt.date:
    return dt.datetime.fromisoformat(published).date()


# -- size and shape ---------------------------------------------------------------------------------
def test_enough_arabic_articles_outlets_stories_and_days(gold: list[dict[str, Any]]) -> None:
    main_forms = [g for g in gold if g["form"] in ("text", "html", "jsonl")]
    assert len(main_forms) >= 44, "at least 44 articles besides the RSS items"
    assert len({g["outlet"] for g in gold}) >= 5
    dates = [day(g["published"]) for g in gold]
    assert (max(dates) - min(dates)).days >= 14
    stories = defaultdict(list)
    for g in gold:
        stories[g["story"]].append(g)
    assert len(stories) >= 8
    for slug, members in stories.items():
        assert 3 <= len(members) <= 7, (slug, len(members))
        assert len({m["outlet"] for m in members}) >= 2, slug


def test_all_three_forms_and_one_rss_feed(gold: list[dict[str, Any]]) -> None:
    forms = Counter(g["form"] for g in gold)
    main = forms["text"] + forms["html"] + forms["jsonl"]
    for form, share in (("text", 0.40), ("html", 0.30), ("jsonl", 0.30)):
        assert abs(forms[form] / main - share) <= 0.10, (form, forms)
    feeds = list((CORPUS / "feeds").glob("*.rss.xml"))
    assert len(feeds) == 1
    assert 3 <= len(rss_items(feeds[0])) <= 4
    assert forms["rss"] == len(rss_items(feeds[0]))


def test_stories_file_describes_every_story(gold: list[dict[str, Any]]) -> None:
    stories = json.loads(STORIES.read_text(encoding="utf-8"))
    assert {g["story"] for g in gold} == set(stories)
    for slug, info in stories.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        for key in ("title_ar", "title_en", "summary_en"):
            assert info.get(key, "").strip(), (slug, key)
        assert arabic_ratio(info["title_ar"]) > 0.9


def test_readme_says_what_the_corpus_is() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for needle in ("original", "Apache-2.0", "fictional"):
        assert needle in readme


# -- gold labels point at real text ------------------------------------------------------------------
def test_gold_entries_match_their_articles(
    gold: list[dict[str, Any]], articles: list[dict[str, str]]
) -> None:
    for g, a in zip(gold, articles, strict=True):
        assert a["url"] == g["url"], g["path"]
        assert a["title"] == g["title"], g["path"]
        assert a["outlet"] == g["outlet"], g["path"]
        if g["form"] == "rss":  # RFC 822 date in the feed
            assert parsedate_to_datetime(a["published"]) == dt.datetime.fromisoformat(g["published"])
        else:
            assert a["published"] == g["published"], g["path"]


def test_articles_are_arabic_newswire_length(articles: list[dict[str, str]]) -> None:
    for a in articles:
        assert arabic_ratio(a["text"]) > 0.9, a["url"]
        assert 120 <= len(a["text"].split()) <= 350, (a["url"], len(a["text"].split()))
        assert "\n" in a["text"], f"paragraphs on separate lines: {a['url']}"


def test_gold_dates_are_exact_substrings_with_iso_values(
    gold: list[dict[str, Any]], articles: list[dict[str, str]]
) -> None:
    patterns = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
    for g, a in zip(gold, articles, strict=True):
        assert 2 <= len(g["dates"]) <= 4, g["path"]
        for d in g["dates"]:
            assert d["text"] in a["text"], (g["path"], d["text"])
            assert re.fullmatch(patterns[d["grain"]], d["value"]), d
            if d["grain"] == "day":
                dt.date.fromisoformat(d["value"])


def test_relative_dates_resolve_against_publication(gold: list[dict[str, Any]]) -> None:
    weekdays = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
    for g in gold:
        published = day(g["published"])
        for d in g["dates"]:
            if d["grain"] != "day":
                continue
            value = dt.date.fromisoformat(d["value"])
            for i, name in enumerate(weekdays):
                if name in d["text"]:
                    assert value.weekday() == i, (g["path"], d)
            if d["text"].startswith("أمس"):
                assert value == published - dt.timedelta(days=1), (g["path"], d)
            if "اليوم" in d["text"]:
                assert value == published, (g["path"], d)


def test_entities_and_links_between_articles(gold: list[dict[str, Any]]) -> None:
    by_url = {g["url"]: g for g in gold}
    for g in gold:
        assert g["entities"] and all(isinstance(e, str) and e.strip() for e in g["entities"]), g["path"]
        assert len(set(g["entities"])) == len(g["entities"]), g["path"]
        for other in g["contradicts"]:
            assert other in by_url and by_url[other]["story"] == g["story"], (g["path"], other)
            assert g["url"] in by_url[other]["contradicts"], "contradictions are labelled both ways"
    dups = [g for g in gold if g["near_duplicate_of"]]
    assert len(dups) >= 2
    for g in dups:
        original = by_url[g["near_duplicate_of"]]
        assert original["story"] == g["story"] and original["outlet"] != g["outlet"]
        assert original["near_duplicate_of"] is None
    assert sum(bool(g["contradicts"]) for g in gold) >= 2


# -- the seed story -------------------------------------------------------------------------------------
def test_seed_story_has_its_angles_and_spellings(
    gold: list[dict[str, Any]], articles: list[dict[str, str]]
) -> None:
    seed = [(g, a) for g, a in zip(gold, articles, strict=True) if "ain-al-asad" in g["story"]]
    assert len(seed) >= 6
    assert len({g["outlet"] for g, _ in seed}) >= 3
    texts = [a["text"] for _, a in seed]
    joined = "\n".join(texts)
    for needle in (
        "عين الأسد",
        "فكتوريا",
        "فيكتوريا",
        "أربيل",
        "رويترز",
        "الأمريكية",
        "الأميركية",
        "الولايات المتحدة",
        "واشنطن",
        "يرى مراقبون",
        "خبراء",
        "المتحدث",
    ):
        assert needle in joined, needle
    explainers = [t for t in texts if all(h in t.split("\n") for h in HEADINGS)]
    assert explainers, "one explainer with the three headings on their own lines"
    assert any(g["contradicts"] for g, _ in seed)
    assert len({day(g["published"]) for g, _ in seed}) >= 5, "reported over several days"


# -- every file is well formed ----------------------------------------------------------------------------
def test_every_text_file_has_front_matter() -> None:
    files = sorted((CORPUS / "text").rglob("*.txt"))
    assert files
    for path in files:
        fields, body = parse_front_matter(path.read_text(encoding="utf-8"))
        assert {"title", "outlet", "published", "url"} <= set(fields), path
        dt.datetime.fromisoformat(fields["published"])
        assert re.match(r"\d{4}-\d{2}-\d{2}_[a-z0-9-]+\.txt$", path.name), path
        assert path.name[:10] == fields["published"][:10], path
        assert body.strip(), path


def test_every_html_page_has_the_required_markup() -> None:
    pages = sorted((CORPUS / "html").rglob("*.html"))
    assert pages
    for path in pages:
        page = read_page(path)
        assert page.html_attrs.get("lang") == "ar" and page.html_attrs.get("dir") == "rtl", path
        assert page.title, path
        for key in ("og:title", "og:site_name", "article:published_time", "author"):
            assert page.meta.get(key), (path, key)
        assert page.canonical.startswith("https://"), path
        dt.datetime.fromisoformat(page.meta["article:published_time"])
        assert page.h1 == page.meta["og:title"], path
        assert {"nav", "article", "aside", "form", "footer"} <= page.tags, path
        raw = path.read_text(encoding="utf-8")
        assert "اقرأ أيضاً" in raw and "©" in raw, f"boilerplate to strip is present: {path}"


def test_every_jsonl_line_parses_with_all_fields() -> None:
    ids: list[str] = []
    for path in sorted((CORPUS / "feeds").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            record = json.loads(line)
            for field in JSONL_FIELDS:
                assert isinstance(record.get(field), str) and record[field].strip(), (path, n, field)
            dt.datetime.fromisoformat(record["published"])
            ids.append(record["id"])
    assert ids and len(ids) == len(set(ids))


def test_every_article_is_labelled_unless_it_is_not_arabic(gold: list[dict[str, Any]]) -> None:
    gold_urls = {g["url"] for g in gold}
    everything = every_article()
    urls = [a["url"] for _, a in everything]
    assert len(urls) == len(set(urls)), "article URLs are unique"
    assert all(re.match(r"https://[a-z0-9.-]+\.example/", u) for u in urls), "fictional .example domains"
    unlabelled = [(where, a) for where, a in everything if a["url"] not in gold_urls]
    assert unlabelled, "the corpus carries one non-Arabic article"
    for where, a in unlabelled:
        assert arabic_ratio(a["text"]) < 0.1, f"an Arabic article without gold label: {where}"
    assert gold_urls <= set(urls)
