"""``marsad batch``: shards → local or Dask engine → store or Parquet, and what must hold across them.

One small LocalCluster of two worker processes is shared by the module (starting one costs
seconds); every wait on it is bounded by the engine's timeout and it is closed in a finally block.
Most tests run without the NER tagger for speed; one runs it on both engines.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("distributed")

from click.testing import CliRunner  # noqa: E402

from marsad.api import Marsad  # noqa: E402
from marsad.cli import cli  # noqa: E402
from marsad.ingest import IngestOptions, iter_inputs  # noqa: E402
from marsad.model import AnalyzedArticle, Article, from_json, to_dict  # noqa: E402
from marsad.scale import BatchError, run_batch  # noqa: E402
from marsad.scale.engines import DaskEngine, LocalEngine  # noqa: E402
from marsad.scale.shards import iter_chunks  # noqa: E402
from marsad.scale.sinks import ParquetSink, StoreSink  # noqa: E402
from marsad.scale.worker import ChunkTask, load_count  # noqa: E402
from marsad.store import open_store  # noqa: E402
from marsad.understand.pipeline import ANALYZER_VERSION  # noqa: E402

STAMP = "2026-01-01T00:00:00+00:00"
TIMEOUT = 60  # seconds: the longest any test waits on the cluster

# Short sentences written for these tests.
ARTICLES: list[dict[str, Any]] = [
    {"title": "افتتاح معرض للكتاب في القاهرة", "url": "https://news.example/a/1", "outlet": "الأول",
     "published": "2025-03-02", "text": "افتتح وزير الثقافة المصري معرضا للكتاب في القاهرة يوم الأحد بمشاركة ناشرين من عشرين دولة."},
    {"title": "أمطار غزيرة في عمّان", "url": "https://news.example/a/2", "outlet": "الأول",
     "published": "2025-03-03", "text": "هطلت أمطار غزيرة على عمّان مساء الاثنين وأغلقت الشرطة عددا من الطرق في وسط المدينة."},
    {"title": "اجتماع وزاري في الرياض", "outlet": "الثاني", "published": "2025-03-04",
     "text": "عقد وزراء الطاقة اجتماعا في الرياض لبحث أسعار النفط، وقال المتحدث إن الاجتماع المقبل سيكون في أبريل."},
    {"title": "مهرجان للسينما في تونس", "url": "https://news.example/b/4", "outlet": "الثاني",
     "published": "2025-03-05", "text": "انطلق في تونس مهرجان للسينما العربية يستمر أسبوعا وتعرض فيه أفلام من المغرب ولبنان."},
    {"title": "إصلاح شبكة المياه في بيروت", "url": "https://news.example/b/5", "outlet": "الثالث",
     "published": "2025-03-06", "text": "أعلنت بلدية بيروت بدء إصلاح شبكة المياه في ثلاثة أحياء على أن تنتهي الأعمال نهاية الشهر."},
    {"title": "سباق للدراجات في الدوحة", "outlet": "الثالث", "published": "2025-03-07",
     "text": "شارك مئتا دراج في سباق أقيم في الدوحة صباح الجمعة وفاز به متسابق من الجزائر."},
    {"title": "تراجع أسعار الخضار في بغداد", "url": "https://news.example/c/7", "outlet": "الأول",
     "published": "2025-03-08", "text": "تراجعت أسعار الخضار في أسواق بغداد هذا الأسبوع بعد وصول شحنات جديدة من البصرة."},
    {"title": "ندوة عن الزراعة في الخرطوم", "url": "https://news.example/c/8", "outlet": "الثاني",
     "published": "2025-03-09", "text": "نظمت جامعة في الخرطوم ندوة عن الزراعة المستدامة حضرها خبراء من مصر والسودان."},
]  # fmt: skip


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


@pytest.fixture()
def shards(tmp_path: Path) -> Path:
    """A folder with a JSON Lines file (one malformed line, one record without text), a gzipped
    one and a Parquet file."""
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [_line(ARTICLES[0]), _line(ARTICLES[1]), '{"title": "سطر مكسور", "text": ', "",
             _line({"title": "بلا نص", "url": "https://news.example/x"}), _line(ARTICLES[2])]  # fmt: skip
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(folder / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("".join(_line(r) + "\n" for r in ARTICLES[3:6]))
    rows = ARTICLES[6:]
    table = pa.table({key: [r.get(key, "") for r in rows] for key in ("title", "url", "outlet", "published", "text")})
    pq.write_table(table, folder / "c.parquet")
    (folder / "README.txt").write_text("not a shard\n", encoding="utf-8")  # passed over in a folder
    return folder


GOOD = len(ARTICLES)  # records that become articles
READ = GOOD + 1  # plus the record without text (the malformed line is not a record)


@pytest.fixture(scope="module")
def dask_engine() -> Iterator[DaskEngine]:
    engine = DaskEngine(workers=2, ner=False, timeout=TIMEOUT)
    try:
        engine.start()
        yield engine
    finally:
        engine.close()


def _rows(folder: Path) -> list[tuple[str, str]]:
    """(id, analysis_json) of every row, in file order then row order."""
    out: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.parquet")):
        table = pq.read_table(path)
        out.extend(zip(table.column("id").to_pylist(), table.column("analysis_json").to_pylist(), strict=True))
    return out


def _run(engine: Any, sink: Any, inputs: list[str], chunk_size: int = 2, **kw: Any) -> Any:
    return run_batch(inputs, engine=engine, sink=sink, chunk_size=chunk_size, ingested_at=STAMP, **kw)


# ------------------------------------------------------------------------------------------------


def test_dask_engine_gives_the_local_engine_s_analyses(shards: Path, tmp_path: Path, dask_engine: DaskEngine) -> None:
    local = _run(LocalEngine(ner=False), ParquetSink(tmp_path / "local", chunk_size=3), [str(shards)], chunk_size=3)
    dask = _run(dask_engine, ParquetSink(tmp_path / "dask", chunk_size=1), [str(shards)], chunk_size=1)
    assert _rows(tmp_path / "local") == _rows(tmp_path / "dask")
    assert len(_rows(tmp_path / "dask")) == GOOD
    for summary in (local, dask):
        assert (summary.articles_in, summary.analysed, summary.skipped) == (READ, GOOD, 0)
        assert sorted((p.source, p.line) for p in summary.problems) == [
            (str(shards / "a.jsonl"), 3), (str(shards / "a.jsonl"), 5)]  # fmt: skip


def test_ids_and_analyses_equal_marsad_ingest(
    shards: Path, tmp_path: Path, dask_engine: DaskEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARSAD_NER", "0")
    jsonl = [str(shards / "a.jsonl"), str(shards / "b.jsonl.gz")]
    with Marsad(str(tmp_path / "ingest.db")) as m:
        m.ingest(jsonl)
        ingested = {a.id: a for a in (i for i in iter_inputs(jsonl, IngestOptions())) if isinstance(a, Article)}
        reference = {i: m.store.get_analysis(i) for i in ingested}
    store = open_store(str(tmp_path / "batch.db"))
    try:
        _run(dask_engine, StoreSink(store), jsonl)
        for article_id, expected in reference.items():
            got = store.get_analysis(article_id)
            assert got is not None and expected is not None
            assert got.article.content_hash == expected.article.content_hash
            strip = {"article": None}
            assert {**to_dict(got), **strip} == {**to_dict(expected), **strip}
    finally:
        store.close()


def test_store_sink_rerun_analyses_nothing(shards: Path, tmp_path: Path, dask_engine: DaskEngine) -> None:
    store = open_store(str(tmp_path / "s.db"))
    try:
        first = _run(dask_engine, StoreSink(store), [str(shards)])
        assert (first.analysed, first.skipped, first.duplicates) == (GOOD, 0, 0)
        assert store.count_articles() == GOOD
        assert store.unanalyzed_article_ids(ANALYZER_VERSION) == []
        assert store.get_entity("") is None  # sanity: the entity table is readable
        second = _run(dask_engine, StoreSink(store), [str(shards)])
        assert (second.articles_in, second.analysed, second.skipped, second.chunks) == (READ, 0, GOOD, 1)
        assert store.count_articles() == GOOD
    finally:
        store.close()


def test_duplicates_in_the_input_are_stored_once(tmp_path: Path) -> None:
    path = tmp_path / "dups.jsonl"
    same_url = {**ARTICLES[1], "title": "عنوان معدل", "text": ARTICLES[1]["text"] + " وعادت الحركة صباحا."}
    path.write_text("\n".join(_line(r) for r in (ARTICLES[0], ARTICLES[1], ARTICLES[0], same_url)) + "\n",
                    encoding="utf-8")  # fmt: skip
    store = open_store(":memory:")
    try:
        summary = _run(LocalEngine(ner=False), StoreSink(store), [str(path)], chunk_size=3)
        assert (summary.analysed, summary.duplicates) == (2, 2)
        assert store.count_articles() == 2  # as `marsad ingest` would: the first one is kept
        kept = store.find_article_id(url=ARTICLES[1]["url"])
        assert kept is not None and (store.get_article(kept) or Article("", "", "")).title == ARTICLES[1]["title"]
    finally:
        store.close()


def test_parquet_sink_is_readable_and_skips_finished_chunks(
    shards: Path, tmp_path: Path, dask_engine: DaskEngine
) -> None:
    out = tmp_path / "pq"
    # A run cut short by --limit leaves a shorter last chunk, which a full run must redo.
    cut = _run(dask_engine, ParquetSink(out, chunk_size=2), [str(shards)], limit=3)
    assert (cut.articles_in, cut.analysed) == (3, 2)  # the third record has no text
    full = _run(dask_engine, ParquetSink(out, chunk_size=2), [str(shards)])
    assert (full.analysed, full.skipped) == (GOOD - 2, 2)
    table = pq.read_table(out)  # the folder reads as one dataset (the manifest is ignored)
    assert table.num_rows == GOOD
    assert set(table.column_names) >= {"id", "outlet", "published", "title", "url", "analyzer_version",
                                        "entity_ids", "n_events", "analysis_json"}  # fmt: skip
    assert pa.types.is_list(table.schema.field("entity_ids").type)
    first = from_json(AnalyzedArticle, table.column("analysis_json")[0].as_py())
    assert first.analyzer_version == ANALYZER_VERSION and first.article.ingested_at == STAMP
    assert any(ids for ids in table.column("entity_ids").to_pylist())
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")}
    again = _run(dask_engine, ParquetSink(out, chunk_size=2), [str(shards)])
    assert (again.analysed, again.skipped, again.chunks) == (0, READ, 0)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")} == stamps
    assert not list(out.glob(".*tmp*"))
    with pytest.raises(BatchError, match="chunk_size"):
        ParquetSink(out, chunk_size=5)


def test_models_are_loaded_once_per_worker(shards: Path, tmp_path: Path, dask_engine: DaskEngine) -> None:
    _run(dask_engine, ParquetSink(tmp_path / "once", chunk_size=1), [str(shards)], chunk_size=1)
    counts = dask_engine.client.run(load_count)
    assert len(counts) == 2
    assert all(c.get(False) == 1 for c in counts.values()), counts


def test_chunks_in_flight_are_bounded(shards: Path, dask_engine: DaskEngine) -> None:
    pulled = handed = widest = 0
    chunks = list(iter_chunks([str(shards)], chunk_size=1))
    tasks = [(c, ChunkTask(c.source, c.kind, c.records, IngestOptions(), False, STAMP)) for c in chunks if c.records]

    def jobs() -> Iterator[tuple[Any, ChunkTask]]:
        nonlocal pulled
        for job in tasks:
            pulled += 1
            yield job

    old, dask_engine.window = dask_engine.window, 2
    try:
        order = []
        for chunk, _result in dask_engine.map(jobs()):
            handed += 1
            widest = max(widest, pulled - handed)
            order.append((chunk.source, chunk.index))
    finally:
        dask_engine.window = old
    assert widest <= 2
    assert order == [(c.source, c.index) for c, _ in tasks]  # results come back in input order


def test_tagger_on_same_analyses_on_both_engines(shards: Path, tmp_path: Path, dask_engine: DaskEngine) -> None:
    files = [str(shards / "b.jsonl.gz")]
    _run(LocalEngine(ner=True), ParquetSink(tmp_path / "l", chunk_size=2), files)
    # A second engine on the running cluster: the --scheduler path.
    with DaskEngine(scheduler=dask_engine.cluster.scheduler_address, ner=True, timeout=TIMEOUT) as remote:
        _run(remote, ParquetSink(tmp_path / "d", chunk_size=2), files)
        counts = remote.client.run(load_count)
    assert _rows(tmp_path / "l") == _rows(tmp_path / "d")
    assert all(c.get(True) == 1 for c in counts.values()), counts


def test_missing_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(BatchError, match=r"pip install 'marsad\[dask\]'"):
        DaskEngine(workers=1).start()


def test_cli_batch_into_a_store_with_stories(shards: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["batch", str(shards), "--db", db, "--no-ner", "--stories", "--chunk-size", "2"])
    assert result.exit_code == 1, result.output  # the malformed line and the empty record
    assert f"articles in {READ}, analysed {GOOD}, skipped 0, problems 2" in result.output
    assert "stories updated" in result.output
    with Marsad(db) as m:
        assert m.store.count_articles() == GOOD and m.stories()
    again = runner.invoke(cli, ["batch", str(shards), "--db", db, "--no-ner", "--json"])
    data = json.loads(again.stdout)
    assert (data["analysed"], data["skipped"]) == (0, GOOD)
    wrong = runner.invoke(cli, ["batch", str(shards), "--db", db, "--parquet", str(tmp_path / "x")])
    assert wrong.exit_code != 0 and "not both" in wrong.output
