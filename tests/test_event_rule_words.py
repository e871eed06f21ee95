"""The closed word lists of the event and attribution rules (data/event_rule_words.tsv,
data/attribution_rule_words.tsv) and their loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.text.normalize import normalize
from marsad.understand.event_lexicon import _word_lists, word_list, word_rows

_SOURCES = Path(__file__).resolve().parent.parent / "marsad" / "understand"
# each file, with the modules whose rules ask for its lists
_FILES = {
    "event_rule_words.tsv": ("events.py", "event_qualifiers.py"),
    "attribution_rule_words.tsv": ("attributions.py",),
}


@pytest.mark.parametrize("name", sorted(_FILES))
def test_every_list_loads_non_empty_and_is_asked_for(name: str) -> None:
    lists = _word_lists(name)
    assert lists
    code = "".join((_SOURCES / module).read_text(encoding="utf-8") for module in _FILES[name])
    for list_name, list_rows in lists.items():
        assert list_rows, list_name
        assert all(all(cell for cell in row) for row in list_rows), list_name
        if all(len(row) == 1 for row in list_rows):
            assert word_list(name, list_name), list_name
        assert f'"{list_name}"' in code, f"{name}: no rule asks for the list {list_name!r}"


def test_an_unknown_list_name_is_refused_with_the_lists_there_are() -> None:
    with pytest.raises(ValueError, match=r"event_rule_words\.tsv: no word list 'casualties'.*casualty"):
        word_list("event_rule_words.tsv", "casualties")
    with pytest.raises(ValueError, match="no word list"):
        word_rows("attribution_rule_words.tsv", "casualty")  # a list of the other file


def test_words_are_normalised_unless_asked_for_as_written() -> None:
    assert normalize("إلى") in word_list("event_rule_words.tsv", "prepositions")
    assert "إلى" not in word_list("event_rule_words.tsv", "prepositions")
    written = word_list("attribution_rule_words.tsv", "not_subject", written=True)
    assert "على" in written and "علي" not in written  # على, not the name علي
    with pytest.raises(ValueError, match="initial_verbs"):
        word_list("event_rule_words.tsv", "initial_verbs")  # rows of more than a word
    assert word_rows("event_rule_words.tsv", "initial_verbs")[0][1] == "REQUEST"


def test_a_row_without_a_word_is_refused() -> None:
    from marsad.understand.event_lexicon import _group_word_rows

    assert _group_word_rows("x.tsv", [["casualty", "قتل"], ["casualty", "مقتل"]]) == {"casualty": (("قتل",), ("مقتل",))}
    with pytest.raises(ValueError, match="a list name and a word"):
        _group_word_rows("x.tsv", [["casualty", "قتل"], ["casualty"]])
