"""The event/attribution scorer: how a named source's linked entity is compared with the gold."""

from __future__ import annotations

from typing import Any

from marsad.model import Attribution
from marsad.understand.events_eval import Scores, score_item

TEXT = "وقالت وكالة رويترز إن الاجتماع انتهى. وأكد سلام الجبوري أن الوفد غادر."


def _gold(source: str, entity: str | None) -> dict[str, Any]:
    start = TEXT.index(source)
    return {"sentence": 0, "source": source, "source_start": start, "source_end": start + len(source),
            "kind": "named", "analysis": False, "entity": entity}


def _said(source: str, entity_id: str | None) -> Attribution:
    start = TEXT.index(source)
    return Attribution(sentence_index=0, start=start, end=start + len(source), source_text=source, entity_id=entity_id)


def _score(golds: list[dict[str, Any]], predicted: list[Attribution]) -> Scores:
    scores = Scores()
    score_item(scores, {"id": "x-1", "text": TEXT, "events": [], "attributions": golds}, [], predicted)
    return scores


def test_right_wrong_and_missing_links() -> None:
    golds = [_gold("وكالة رويترز", "Q130879"), _gold("سلام الجبوري", None)]
    right = _score(golds, [_said("وكالة رويترز", "Q130879"), _said("سلام الجبوري", "local:PER:سلام الجبوري")])
    assert (right.links.tp, right.links.fp, right.links.fn) == (1, 0, 0)
    assert (right.link_ok, right.link_total) == (2, 2)  # a local id is "no entity", as the gold says
    wrong = _score(golds, [_said("وكالة رويترز", "Q30"), _said("سلام الجبوري", "Q130879")])
    assert (wrong.links.tp, wrong.links.fp, wrong.links.fn) == (0, 2, 1)
    assert wrong.link_ok == 0 and any(e.startswith("LINK x-1") for e in wrong.errors)
    missing = _score(golds[:1], [_said("وكالة رويترز", None)])
    assert (missing.links.tp, missing.links.fp, missing.links.fn) == (0, 0, 1)


def test_sources_without_a_gold_entity_are_not_scored_for_links() -> None:
    gold = _gold("وكالة رويترز", None)
    del gold["entity"]
    scores = _score([gold], [_said("وكالة رويترز", "Q130879")])
    assert scores.link_total == 0 and scores.named_linked == 1


def test_split_keeps_dev_prefixed_items_out_of_the_held_out_half() -> None:
    from marsad.understand.events_eval import in_split

    assert in_split("ev-0003", "dev") and not in_split("ev-0003", "test")
    assert in_split("ev-0004", "test") and not in_split("ev-0004", "dev")
    for number in ("dev-0001", "dev-0002"):  # both parities: the whole file is development material
        assert in_split(number, "dev") and not in_split(number, "test")
    assert in_split("dev-0002", "all")


def test_items_whose_sources_were_not_annotated_score_no_attributions() -> None:
    said = [_said("وكالة رويترز", "Q130879")]
    item = {"id": "x-2", "text": TEXT, "events": []}
    unannotated = Scores()
    score_item(unannotated, {**item, "attributions": None}, [], said)
    assert (unannotated.sources.tp, unannotated.sources.fp, unannotated.sources.fn) == (0, 0, 0)
    annotated_empty = Scores()
    score_item(annotated_empty, {**item, "attributions": []}, [], said)
    assert annotated_empty.sources.fp == 1  # an empty list still means "this item has no source"
