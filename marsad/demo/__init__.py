"""The bundled demo corpus: original Arabic news articles by fictional outlets, with gold labels.

    from marsad.demo import corpus_path, gold_path
    marsad ingest "$(python -c 'from marsad.demo import corpus_path; print(corpus_path())')"

Layout (see ``corpus/README.md``): ``text/<outlet>/*.txt`` (front matter + body), ``html/<outlet>/*.html``
(full web pages with boilerplate), ``feeds/*.jsonl`` (one article per line) and ``feeds/*.rss.xml``
(RSS 2.0 with full text). Beside the articles: ``gold.jsonl`` (one label line per Arabic article:
story, near-duplicates, contradictions, entities, dates), ``stories.json`` (story slug → titles and
summary) and ``README.md``. Those three files are metadata, not articles: a reader that walks the
folder should skip them (``METADATA_FILES``).
"""

from __future__ import annotations

from pathlib import Path

METADATA_FILES = frozenset({"gold.jsonl", "stories.json", "README.md"})
ARTICLE_FOLDERS = ("text", "html", "feeds")


def corpus_path() -> Path:
    """The folder of the demo corpus (articles in ``text/``, ``html/``, ``feeds/`` plus metadata)."""
    return Path(__file__).resolve().parent / "corpus"


def gold_path() -> Path:
    """``gold.jsonl``: one JSON object per Arabic article (see the corpus README for the fields)."""
    return corpus_path() / "gold.jsonl"


def stories_path() -> Path:
    """``stories.json``: story slug → {"title_ar", "title_en", "summary_en"}."""
    return corpus_path() / "stories.json"


def article_paths() -> list[Path]:
    """The folders that hold articles only (safe to ingest without the metadata files)."""
    return [corpus_path() / name for name in ARTICLE_FOLDERS]


__all__ = ["ARTICLE_FOLDERS", "METADATA_FILES", "article_paths", "corpus_path", "gold_path", "stories_path"]
