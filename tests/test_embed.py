"""Article embeddings from the shipped word vectors, and the graded similarity built on them."""

from __future__ import annotations

from importlib import resources

import numpy as np

from marsad.batch import similarity_records
from marsad.stories.embed import cosine, embed, word_vectors

WITHDRAWAL = {
    "title": "القوات الأمريكية تغادر قاعدة عين الأسد",
    "text": "غادرت القوات الأمريكية قاعدة عين الأسد في الأنبار متجهة إلى أربيل بعد قرار تسريع الانسحاب من العراق.",
}
WITHDRAWAL_REWORDED = {
    "title": "انسحاب أمريكي من العراق",
    "text": "بدأ الجنود الأمريكيون إخلاء القاعدة الجوية في غرب البلاد ونقل معداتهم شمالا، وفق مصادر عسكرية عراقية.",
}
IRAQ_OPERATION = {
    "title": "عملية للجيش العراقي في صحراء الأنبار",
    "text": "أطلق الجيش العراقي عملية عسكرية لملاحقة خلايا تنظيم داعش في صحراء الأنبار الغربية بإسناد من طيران التحالف.",
}
RATE_CUT = {
    "title": "البنك المركزي المصري يخفض الفائدة",
    "text": "خفض البنك المركزي المصري أسعار الفائدة نقطتين مئويتين في اجتماع لجنة السياسة النقدية لمواجهة تباطؤ النمو.",
}


def _text(doc: dict[str, str]) -> str:
    return f"{doc['title']}\n{doc['text']}"


def test_shipped_table_and_card() -> None:
    wv = word_vectors()
    assert wv.table.shape == (len(wv.index), wv.meta["dim"]) and len(wv.index) >= 10_000
    assert np.allclose(np.linalg.norm(wv.table[:100], axis=1), 1.0, atol=0.02)  # int8 rows stay unit length
    card = resources.files("marsad.stories").joinpath("data/DOC_VECTORS_CARD.md").read_text("utf-8")
    assert "scripts/build_doc_vectors.py" in card


def test_embedding_is_unit_deterministic_and_none_without_words() -> None:
    v = embed(_text(WITHDRAWAL))
    assert v is not None and abs(float(np.linalg.norm(v)) - 1.0) < 1e-5
    again = embed(_text(WITHDRAWAL))
    assert again is not None and np.array_equal(v, again)
    assert embed("") is None and embed("، . ؟ !") is None and embed("في من على") is None
    assert cosine(None, v) == 0.0


def test_reworded_report_is_closer_than_another_story() -> None:
    a, b = embed(_text(WITHDRAWAL)), embed(_text(WITHDRAWAL_REWORDED))
    c, d = embed(_text(IRAQ_OPERATION)), embed(_text(RATE_CUT))
    assert cosine(a, b) > cosine(a, c) > cosine(a, d)
    assert cosine(a, b) > 0.5 > cosine(a, d)


def test_similarity_is_graded() -> None:
    rows = [
        {"id": "same", "a": WITHDRAWAL, "b": WITHDRAWAL_REWORDED},
        {"id": "related", "a": WITHDRAWAL, "b": IRAQ_OPERATION},
        {"id": "unrelated", "a": WITHDRAWAL, "b": RATE_CUT},
    ]
    score = {r["id"]: r["score"] for r in similarity_records(rows)}
    assert score["same"] > score["related"] > score["unrelated"]
    assert all(0.0 <= s <= 1.0 for s in score.values())
