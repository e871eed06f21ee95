"""The optional LLM brief back end: off by default, every generated sentence checked, never loses a brief.

A fake OpenAI-compatible server runs inside the tests on 127.0.0.1 (stdlib ``http.server`` in a
thread, port 0) and answers canned completions, or echoes the numbered source sentences back.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import http_server
from fastapi.testclient import TestClient

from marsad.api import Marsad
from marsad.brief.llm import (
    LLMConfig,
    check_support,
    numbers,
    parse_completion,
    rewrite_brief,
    rewrite_brief_detailed,
)
from marsad.cli import cli
from marsad.model import BRIEF_HEADINGS, AnalyzedArticle, Article, Brief, BriefSentence, Citation
from marsad.store import open_store
from marsad.understand.pipeline import analyze, load_resources
from marsad.web import create_app

KEY = "sk-test-SECRET-4242"

ROAD = (
    "أعلنت وزارة النقل إغلاق الطريق السريع بين عمان والعقبة ثلاثة أيام لأعمال الصيانة.\n"
    "وقال مدير الطرق إن الأعمال تبدأ يوم الأحد وتشمل 40 كيلومترا من الطريق.\n"
    "ويرى خبراء أن الإغلاق سيؤخر وصول شحنات البضائع إلى ميناء العقبة.\n"
    "ومن المتوقع أن يعاد فتح الطريق مساء الأربعاء بعد انتهاء الأعمال."
)
ROAD_2 = (
    "أغلقت وزارة النقل الطريق السريع بين عمان والعقبة ثلاثة أيام لأعمال الصيانة.\n"
    "ولم تعلن الوزارة طرقا بديلة للشاحنات المتجهة إلى الجنوب."
)


# ---------------------------------------------------------------------------------------------------
# the fake server


@dataclass
class Reply:
    status: int = 200
    content: str | None = None  # the completion's text; None: ``raw`` is the whole body
    raw: bytes = b""
    delay: float = 0.0


@dataclass
class FakeLLM:
    url: str
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    echo: bool = False  # answer each source sentence back, cited to itself


def _echo(prompt: str) -> str:
    section_of = {heading: key for key, heading in BRIEF_HEADINGS.items()}
    out: dict[str, list[dict[str, Any]]] = {"what_happened": [], "why_it_matters": [], "whats_next": []}
    for line in prompt.splitlines():
        m = re.match(r"^\[(S\d+)\] \((.+?)\) (.*)$", line)
        if m:
            out[section_of[m.group(2)]].append({"text": m.group(3), "sources": [m.group(1)]})
    return "```json\n" + json.dumps(out, ensure_ascii=False) + "\n```"


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    state = FakeLLM(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            state.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            reply = state.replies.pop(0) if state.replies else Reply()
            if state.echo and reply.content is None and not reply.raw:
                reply.content = _echo(body["messages"][-1]["content"])
            if reply.delay:
                time.sleep(reply.delay)
            if reply.content is not None:
                data = json.dumps({"choices": [{"message": {"role": "assistant", "content": reply.content}}]})
                payload = data.encode()
            else:
                payload = reply.raw
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:  # the client gave up (timeout test)
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with http_server(Handler) as base:
        state.url = f"{base}/v1"
        yield state


def _config(fake: FakeLLM, **kw: Any) -> LLMConfig:
    return LLMConfig(base_url=fake.url, model="test-model", api_key=KEY, timeout=kw.pop("timeout", 5.0), **kw)


def _completion(sections: dict[str, list[tuple[str, list[str]]]]) -> str:
    return json.dumps(
        {k: [{"text": t, "sources": s} for t, s in v] for k, v in sections.items()}, ensure_ascii=False
    )


# ---------------------------------------------------------------------------------------------------
# a hand-made brief over two analysed articles (independent of the extractive writer's choices)


@pytest.fixture(scope="module")
def analyses() -> list[AnalyzedArticle]:
    res = load_resources()
    return [
        analyze(Article(id="road1", title="إغلاق الطريق", text=ROAD, outlet="وكالة أ",
                        published="2026-03-01T09:00:00+03:00"), res),
        analyze(Article(id="road2", title="إغلاق طريق العقبة", text=ROAD_2, outlet="صحيفة ب",
                        published="2026-03-01T11:00:00+03:00"), res),
    ]  # fmt: skip


def _cite(a: AnalyzedArticle, index: int) -> Citation:
    s = a.sentences[index]
    return Citation(a.article.id, a.article.outlet, s.index, s.start, s.end)


@pytest.fixture
def brief(analyses: list[AnalyzedArticle]) -> Brief:
    one, two = analyses
    return Brief(
        story_id="road",
        title="إغلاق طريق عمان العقبة",
        sentences=[
            BriefSentence("what_happened", one.sentences[0].text, [_cite(one, 0), _cite(two, 0)]),
            BriefSentence("what_happened", one.sentences[1].text, [_cite(one, 1)]),
            BriefSentence("why_it_matters", one.sentences[2].text, [_cite(one, 2)]),
            BriefSentence("whats_next", one.sentences[3].text, [_cite(one, 3)]),
        ],
        generated_at="2026-03-01T12:00:00+00:00",
    )


GOOD = {
    "what_happened": [
        ("أغلقت وزارة النقل الطريق السريع بين عمان والعقبة ثلاثة أيام للصيانة.", ["S1"]),
        ("تبدأ الأعمال يوم الأحد وتشمل ٤٠ كيلومترا من الطريق.", ["S2"]),
    ],
    "why_it_matters": [("سيؤخر الإغلاق وصول شحنات البضائع إلى ميناء العقبة بحسب خبراء.", ["S3"])],
    "whats_next": [("يتوقع أن يعاد فتح الطريق مساء الأربعاء.", ["S4"])],
}


# ---------------------------------------------------------------------------------------------------
# configuration: off by default


def test_off_by_default_and_config_from_env() -> None:
    assert LLMConfig.from_env({}) is None
    assert LLMConfig.from_env({"MARSAD_LLM_URL": "  ", "MARSAD_LLM_MODEL": "m"}) is None
    cfg = LLMConfig.from_env({"MARSAD_LLM_URL": "http://127.0.0.1:8080/v1", "MARSAD_LLM_MODEL": "qwen",
                              "MARSAD_LLM_API_KEY": KEY, "MARSAD_LLM_TIMEOUT": "7.5"})  # fmt: skip
    assert cfg is not None and cfg.endpoint == "http://127.0.0.1:8080/v1/chat/completions"
    assert (cfg.model, cfg.api_key, cfg.timeout, cfg.temperature) == ("qwen", KEY, 7.5, 0.0)
    assert KEY not in repr(cfg)
    with pytest.raises(ValueError, match="MARSAD_LLM_MODEL"):
        LLMConfig.from_env({"MARSAD_LLM_URL": "http://127.0.0.1:8080/v1"})
    with pytest.raises(ValueError, match="http"):
        LLMConfig.from_env({"MARSAD_LLM_URL": "file:///etc/passwd", "MARSAD_LLM_MODEL": "m"})


# ---------------------------------------------------------------------------------------------------
# rewrite_brief


def test_happy_path_keeps_supported_sentences_with_their_sources_citations(
    fake_llm: FakeLLM, brief: Brief, analyses: list[AnalyzedArticle]
) -> None:
    fake_llm.replies.append(Reply(content="```json\n" + _completion(GOOD) + "\n```"))
    out = rewrite_brief(brief, analyses, _config(fake_llm))
    assert out.method == "llm"
    assert [s.text for s in out.sentences] == [t for sec in GOOD.values() for t, _ in sec]
    first = out.sentences[0]
    assert [(c.article_id, c.sentence_index) for c in first.citations] == [("road1", 0), ("road2", 0)]
    assert [(c.article_id, c.sentence_index) for c in out.sentences[1].citations] == [("road1", 1)]
    assert out.sentences[3].section == "whats_next" and out.sentences[3].citations[0].sentence_index == 3
    # the request: one POST to /chat/completions with the numbered sources and temperature 0
    (req,) = fake_llm.requests
    assert req["path"] == "/v1/chat/completions"
    assert req["body"]["model"] == "test-model" and req["body"]["temperature"] == 0
    prompt = req["body"]["messages"][-1]["content"]
    assert "[S1]" in prompt and "[S4]" in prompt and "[S5]" not in prompt
    assert brief.method == "extractive" and brief.sentences[0].text == ROAD.splitlines()[0]  # input untouched


def test_authorization_header_carries_the_key(fake_llm: FakeLLM, brief: Brief, analyses: list) -> None:
    fake_llm.replies.append(Reply(content=_completion(GOOD)))
    rewrite_brief(brief, analyses, _config(fake_llm))
    assert fake_llm.requests[0]["headers"]["Authorization"] == f"Bearer {KEY}"
    fake_llm.replies.append(Reply(content=_completion(GOOD)))
    rewrite_brief(brief, analyses, LLMConfig(base_url=fake_llm.url, model="m"))
    assert "Authorization" not in fake_llm.requests[1]["headers"]


def test_hallucinated_number_invented_name_and_unknown_source_are_dropped(
    fake_llm: FakeLLM, brief: Brief, analyses: list[AnalyzedArticle]
) -> None:
    bad = {
        **GOOD,
        "what_happened": [
            GOOD["what_happened"][0],
            ("تبدأ الأعمال يوم الأحد وتشمل 50 كيلومترا من الطريق.", ["S2"]),
            ("قال وزير النقل سامر الحلبي إن الطريق السريع بين عمان والعقبة أغلق ثلاثة أيام.", ["S1"]),
            ("أغلقت وزارة النقل الطريق السريع بين عمان والعقبة ثلاثة أيام.", ["S9"]),
            ("أغلقت وزارة النقل الطريق السريع بين عمان والعقبة ثلاثة أيام.", []),
        ],
    }
    fake_llm.replies.append(Reply(content=_completion(bad)))
    result = rewrite_brief_detailed(brief, analyses, _config(fake_llm))
    texts = [s.text for s in result.brief.section("what_happened")]
    assert texts == [GOOD["what_happened"][0][0]]
    reasons = [(d.verdict.reason, d.verdict.detail) for d in result.dropped]
    assert reasons[0] == ("number", "50")
    assert reasons[1][0] == "name" and "الحلبي" in reasons[1][1]
    assert reasons[2] == ("unknown-source", "S9")
    assert reasons[3][0] == "no-sources"
    assert result.brief.method == "llm"


def test_emptied_section_keeps_its_extractive_sentences(
    fake_llm: FakeLLM, brief: Brief, analyses: list[AnalyzedArticle]
) -> None:
    partly = {
        **GOOD,
        # an opinion no source gives, and a dropped negation of nothing: both unsupported
        "why_it_matters": [("يكشف الإغلاق فشل الحكومة في التخطيط ويهدد موسم السياحة في الجنوب كله.", ["S3"])],
    }
    fake_llm.replies.append(Reply(content=_completion(partly)))
    out = rewrite_brief(brief, analyses, _config(fake_llm))
    assert out.method == "llm+extractive"
    assert [s.text for s in out.section("why_it_matters")] == [brief.sentences[2].text]
    assert out.section("why_it_matters")[0].citations == brief.sentences[2].citations
    assert out.section("whats_next")[0].text == GOOD["whats_next"][0][0]


def test_section_missing_from_the_answer_keeps_extractive(
    fake_llm: FakeLLM, brief: Brief, analyses: list
) -> None:
    fake_llm.replies.append(Reply(content=_completion({"what_happened": GOOD["what_happened"]})))
    out = rewrite_brief(brief, analyses, _config(fake_llm))
    assert out.method == "llm+extractive"
    assert out.section("whats_next") == brief.section("whats_next")


@pytest.mark.parametrize(
    "reply",
    [
        Reply(status=500, raw=b'{"error": "boom"}'),
        Reply(content="I cannot help with that."),  # not JSON
        Reply(content='{"summary": "لا شيء"}'),  # JSON, wrong schema
        Reply(content='{"what_happened": "نص"}'),  # a section that is not a list
        Reply(raw=b"<html>not a completion</html>"),  # not an OpenAI answer
        Reply(content=_completion({"what_happened": [("زعم لا مصدر له عن انهيار الجسر.", ["S1"])]})),
    ],
    ids=["http-500", "not-json", "wrong-schema", "section-not-list", "not-openai", "nothing-supported"],
)
def test_failures_return_the_extractive_brief_unchanged(
    fake_llm: FakeLLM, brief: Brief, analyses: list, reply: Reply, caplog: pytest.LogCaptureFixture
) -> None:
    fake_llm.replies.append(reply)
    with caplog.at_level(logging.DEBUG):
        out = rewrite_brief(brief, analyses, _config(fake_llm))
    assert out is brief and out.method == "extractive"
    assert len(fake_llm.requests) == 1
    assert "keeping the extractive brief" in caplog.text
    assert KEY not in caplog.text


def test_timeout_returns_extractive_and_never_shows_the_key(
    fake_llm: FakeLLM, brief: Brief, analyses: list, caplog: pytest.LogCaptureFixture
) -> None:
    fake_llm.replies.append(Reply(content=_completion(GOOD), delay=1.5))
    begun = time.monotonic()
    with caplog.at_level(logging.DEBUG):
        result = rewrite_brief_detailed(brief, analyses, _config(fake_llm, timeout=0.3))
    assert time.monotonic() - begun < 1.4  # gave up at the timeout, did not wait for the answer
    assert result.brief is brief
    assert "did not answer within" in result.error
    assert KEY not in result.error and KEY not in caplog.text


def test_unreachable_endpoint_message_has_no_key(brief: Brief, analyses: list) -> None:
    cfg = LLMConfig(base_url="http://127.0.0.1:9/v1", model="m", api_key=KEY, timeout=2)  # a closed port
    result = rewrite_brief_detailed(brief, analyses, cfg)
    assert result.brief is brief and result.error.startswith("cannot reach http://127.0.0.1:9/")
    assert KEY not in result.error
    with pytest.raises(ValueError, match="credentials") as exc:  # a key in the URL is refused
        LLMConfig(base_url=f"http://user:{KEY}@127.0.0.1:9/v1", model="m")
    assert KEY not in str(exc.value)


def test_empty_brief_makes_no_request(fake_llm: FakeLLM) -> None:
    empty = Brief(story_id="x", title="t")
    assert rewrite_brief(empty, [], _config(fake_llm)) is empty
    assert fake_llm.requests == []


# ---------------------------------------------------------------------------------------------------
# the checker and the parser as functions


def test_checker_reasons() -> None:
    src = ["أعلنت وزارة النقل إغلاق الطريق السريع بين عمان والعقبة ثلاثة أيام لأعمال الصيانة."]
    assert check_support("أغلقت وزارة النقل الطريق السريع بين عمان والعقبة ٣ أيام للصيانة.", src).supported
    assert check_support("أغلقت وزارة النقل الطريق السريع أربعة أيام.", src).reason == "number"
    assert check_support("لم تغلق وزارة النقل الطريق السريع بين عمان والعقبة.", src).reason == "negation"
    assert check_support("أغلقت وزارة النقل الطريق السريع يوم الجمعة.", src).reason == "time"
    assert check_support("ارتفعت أسعار الخضار في الأسواق الشعبية بسبب موجة البرد.", src).reason in (
        "coverage", "new-clause",
    )  # fmt: skip
    assert check_support("أغلقت وزارة النقل الطريق.", []).reason == "no-sources"
    denial = ["نفت وزارة النقل إغلاق الطريق السريع بين عمان والعقبة."]
    assert check_support("أغلقت وزارة النقل الطريق السريع بين عمان والعقبة.", denial).reason == "negation"
    assert check_support("لا تزال وزارة النقل تغلق الطريق السريع بين عمان والعقبة.", src).reason != "negation"


def test_numbers_normalise_scripts_separators_and_words() -> None:
    assert numbers("بلغ العدد ١٬٥٠٠ شخص و٢٫٥ بالمئة") == {"1500", "2.5"}
    assert numbers("قتل 1,500 شخص") == {"1500"}
    assert numbers("ثلاثة أيام والخامس من الشهر") == {"3", "5"}


def test_parse_completion_fences_and_text_around() -> None:
    text = 'Sure! Here it is:\n```json\n{"whats_next": [{"text": "نص", "sources": ["S1"]}]}\n```\nDone.'
    assert parse_completion(text) == {"whats_next": [{"text": "نص", "sources": ["S1"]}]}
    assert parse_completion('noise {"what_happened": []} noise') == {"what_happened": []}


# ---------------------------------------------------------------------------------------------------
# the Marsad flow, the CLI and the web page


FLOOD = [
    ("وكالة أ", "2026-02-10T08:00:00+03:00", "فيضانات في مدينة الموصل",
     "غمرت مياه الفيضانات أحياء واسعة في مدينة الموصل بعد أمطار غزيرة استمرت يومين متتاليين. "
     "وقال مسؤول في الدفاع المدني إن فرق الإنقاذ أجلت مئات العائلات من المناطق المنخفضة. "
     "ومن المتوقع أن تستمر الأمطار حتى نهاية الأسبوع بحسب هيئة الأنواء الجوية."),
    ("صحيفة ب", "2026-02-10T12:00:00+03:00", "الفيضانات تغمر أحياء في الموصل",
     "غمرت مياه الفيضانات أحياء واسعة في مدينة الموصل بعد أمطار غزيرة استمرت يومين. "
     "وأعلنت المحافظة تعطيل الدوام الرسمي في المدارس والدوائر الحكومية غدا."),
]  # fmt: skip


def _add_articles(store: Any) -> None:
    for n, (outlet, published, title, text) in enumerate(FLOOD):
        store.add_article(Article(id=f"flood{n}", title=title, text=text, outlet=outlet, published=published))


def test_marsad_flow_with_llm_writes_rewritten_briefs(fake_llm: FakeLLM) -> None:
    fake_llm.echo = True
    store = open_store(":memory:")
    try:
        _add_articles(store)
        m = Marsad(store, llm=_config(fake_llm))
        changed = m.process().changed
        assert changed and len(fake_llm.requests) == len(changed)
        for story_id in changed:
            stored = store.get_brief(story_id)
            assert stored is not None and stored.method == "llm"
            cited = {c.article_id for s in stored.sentences for c in s.citations}
            assert cited and cited <= {"flood0", "flood1"}
        # without a config the same flow makes no request and stays extractive
        fake_llm.requests.clear()
        plain = open_store(":memory:")
        _add_articles(plain)
        Marsad(plain).process()
        assert fake_llm.requests == []
        assert {b.method for b in (plain.get_brief(s.id) for s in plain.list_stories()) if b} == {
            "extractive"
        }
        plain.close()
    finally:
        store.close()


def test_articles_posted_to_the_api_get_rewritten_briefs(fake_llm: FakeLLM) -> None:
    """The REST write endpoint runs the same flow: with a rewriter configured, the stories it
    changes get checked, rewritten briefs."""
    fake_llm.echo = True
    token = "t" * 32
    store = open_store(":memory:")
    try:
        client = TestClient(create_app(store, tokens=[token], llm=_config(fake_llm)))
        body = [
            {"title": title, "text": text, "outlet": outlet, "published": published}
            for outlet, published, title, text in FLOOD
        ]
        r = client.post("/api/v1/articles?process=true", json=body, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 201, r.text
        changed = r.json()["stories_changed"]
        assert changed and len(fake_llm.requests) == len(changed)
        assert {store.get_brief(s).method for s in changed} == {"llm"}  # type: ignore[union-attr]
    finally:
        store.close()


def _cli(args: list[str], env: Mapping[str, str | None]) -> Any:
    return CliRunner().invoke(cli, args, env=env, catch_exceptions=False)


NO_LLM: dict[str, str | None] = {"MARSAD_LLM_URL": None, "MARSAD_LLM_MODEL": None, "MARSAD_LLM_API_KEY": None}


def test_cli_off_by_default_then_env_and_brief_llm(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.echo = True
    db = str(tmp_path / "m.db")
    with open_store(db) as store:
        _add_articles(store)
    r = _cli(["stories", "--db", db, "--json"], NO_LLM)
    assert r.exit_code == 0, r.output
    story_id = json.loads(r.output)[0]["id"]
    assert fake_llm.requests == []  # no environment: no HTTP request
    with open_store(db) as store:
        assert (store.get_brief(story_id) or Brief("", "")).method == "extractive"

    r = _cli(["brief", story_id, "--db", db, "--llm"], NO_LLM)
    assert r.exit_code != 0 and "MARSAD_LLM_URL" in r.output

    env = {"MARSAD_LLM_URL": fake_llm.url, "MARSAD_LLM_MODEL": "m", "MARSAD_LLM_API_KEY": KEY}
    r = _cli(["brief", story_id, "--db", db, "--llm", "--format", "json"], env)
    assert r.exit_code == 0, r.output
    assert len(fake_llm.requests) == 1
    assert fake_llm.requests[0]["headers"]["Authorization"] == f"Bearer {KEY}"
    assert KEY not in r.output
    with open_store(db) as store:
        assert (store.get_brief(story_id) or Brief("", "")).method == "llm"

    r = _cli(["stories", "--db", db], {"MARSAD_LLM_URL": fake_llm.url})
    assert r.exit_code != 0 and "MARSAD_LLM_MODEL" in r.output


def test_story_page_labels_a_machine_rewritten_brief(analyses: list[AnalyzedArticle], brief: Brief) -> None:
    from marsad.model import Story

    with open_store(":memory:") as store:
        for a in analyses:
            store.add_article(a.article)
            store.save_analysis(a)
        store.save_story(Story(id="road", title="إغلاق <b>الطريق</b>", article_ids=["road1", "road2"]))
        store.save_brief(brief)
        client = TestClient(create_app(store))
        page = client.get("/stories/road").text
        assert "brief-method" not in page
        store.save_brief(Brief("road", "t", brief.sentences, method="llm+extractive"))
        page = client.get("/stories/road").text
        assert 'data-method="llm+extractive"' in page and "أعاد نموذج لغوي صياغة هذا الموجز" in page
        assert "<b>الطريق</b>" not in page  # escaped
