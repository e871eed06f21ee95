"""``analyze_batch`` (the tagger run once over many articles) gives exactly what ``analyze`` gives
each article alone, and the batch paths that use it keep their one-article error handling."""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import patches_compiled

from marsad.batch import events_records
from marsad.cli import cli
from marsad.ingest import IngestOptions
from marsad.model import Article, to_json
from marsad.scale import worker
from marsad.understand import pipeline
from marsad.understand.pipeline import ANALYSIS_BATCH, analyze, analyze_all, analyze_batch, load_resources

# Sentences written for these tests.
TEXTS = [
    "قال وزير الخارجية العراقي فؤاد حسين في بغداد يوم الأحد إن القوات الأمريكية ستغادر قاعدة عين الأسد. "
    "وأضاف حسين أن الحكومة تتابع الانسحاب مع التحالف الدولي.",
    "التقى الرئيس الفرنسي إيمانويل ماكرون نظيره اللبناني جوزيف عون في باريس. وبحث ماكرون وعون دعم الجيش اللبناني.",
    "أعلنت شركة نفط الجنوب زيادة الإنتاج في حقل الرميلة، بحسب ما نقلت وكالة رويترز عن مصادر مطلعة.",
    "This article is written in English about Baghdad and Erbil.",
    "",
    "اعتقلت الشرطة التونسية ثلاثة أشخاص في صفاقس أمس. وقال المتحدث باسم الحرس الوطني حسام الدين الجبابلي إن التحقيق مستمر. " * 3,
    "نص قصير",
]


def _articles() -> list[Article]:
    return [Article(id=f"a{k}", title="", text=text, published="2025-03-10") for k, text in enumerate(TEXTS)]


def test_batch_equals_one_by_one_with_the_tagger() -> None:
    resources = load_resources(ner=True)
    assert resources.tagger is not None
    articles = _articles()
    alone = [to_json(analyze(a, resources)) for a in articles]
    together = [to_json(a) for a in analyze_batch(articles, resources)]
    assert together == alone
    # the names the tagger alone finds are there, so the comparison covers the tagger's spans
    assert any(m.entity_id and m.entity_id.startswith("local:") for m in analyze(articles[5], resources).mentions)


def test_batch_of_nothing_and_articles_split_into_batches() -> None:
    resources = load_resources(ner=True)
    assert analyze_batch([], resources) == []
    articles = [Article(id=f"b{k}", title="", text=TEXTS[k % 3], published="2025-03-10")
                for k in range(ANALYSIS_BATCH + 3)]  # fmt: skip
    out = analyze_all(articles, resources)
    assert [a.article.id for a in out] == [a.id for a in articles]
    assert to_json(out[-1]) == to_json(analyze(articles[-1], resources))


def test_loaded_resources_are_out_of_the_cyclic_collectors_view() -> None:
    """The knowledge base and the tagger live as long as the process: frozen (gc.freeze) when
    loaded, so full collections no longer walk them."""
    resources = load_resources(ner=True)
    assert gc.get_freeze_count() > 0
    tracked = {id(o) for o in gc.get_objects()}
    assert id(resources.gazetteer) not in tracked
    assert id(resources.gazetteer.by_id) not in tracked
    assert id(resources.tagger) not in tracked
    # what is made later is collected as usual
    later: list[object] = []
    later.append(later)
    assert id(later) in {id(o) for o in gc.get_objects()}


@patches_compiled
def test_a_failing_article_in_a_chunk_is_reported_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.find_events

    def fragile(text: str, *args: Any, **kwargs: Any) -> Any:
        if "انفجار" in text:
            raise RuntimeError("boom")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(pipeline, "find_events", fragile)
    records = [(n, {"id": f"r{n}", "title": f"خبر {n}", "text": text, "published": "2025-03-10"})
               for n, text in enumerate(["وصل الوزير إلى عمان صباح اليوم.", "وقع انفجار في سوق المدينة.",
                                         "افتتحت الجامعة مكتبة جديدة في الموصل."], 1)]  # fmt: skip
    task = worker.ChunkTask("in.jsonl", "jsonl", records, IngestOptions(), True)
    result = worker.analyze_chunk(task)
    assert [r.title for r in result.rows] == ["خبر 1", "خبر 3"]
    assert len(result.problems) == 1
    assert result.problems[0].line == 2 and "analysis failed: RuntimeError: boom" in result.problems[0].message


def test_events_records_yield_the_records_before_a_bad_date(tmp_path: Path) -> None:
    good = {"id": "g", "text": "انسحبت القوات من القاعدة.", "published": "2025-03-10"}
    bad = {"id": "b", "text": "نص", "published": "أمس"}
    out = []
    with pytest.raises(Exception, match="id 'b': published is not ISO-8601"):
        for row in events_records([good, bad, good]):
            out.append(row)
    assert [r["id"] for r in out] == ["g"]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (good, bad)) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["events", "--jsonl", str(path)])
    assert result.exit_code == 1 and "published is not ISO-8601" in result.stderr
