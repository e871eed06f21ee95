"""Keywords: normalised content words, function words out, safe clitic stripping, order and repeats."""

from __future__ import annotations

from marsad.understand.keywords import keywords, stem_key, stopwords


def test_function_words_numbers_and_punctuation_are_dropped() -> None:
    words = keywords("قالت الحكومة في بغداد إن الانسحاب من القاعدة بدأ، في 3/8/2025 و٢٠٢٥ و3.5!")
    assert words == ["حكومه", "بغداد", "انسحاب", "قاعده", "بدا"]


def test_stop_words_behind_a_clitic_are_dropped() -> None:
    assert keywords("وفي ذلك فإن الأمر بما أنه لأن وهو ولكن") == ["امر"]


def test_article_prefixes_are_stripped() -> None:
    assert keywords("العراق بالعراق والعراق للعراق للحكومة") == ["عراق"] * 4 + ["حكومه"]
    assert stem_key("الله") == "الله"  # too short a stem to strip


def test_bare_clitics_are_stripped_only_when_the_text_attests_the_stem() -> None:
    assert keywords("وواشنطن ترفض وبغداد توافق، واشنطن") == ["واشنطن", "ترفض", "وبغداد", "توافق", "واشنطن"]
    assert keywords("وصل وزير الدفاع إلى لبنان") == ["وصل", "وزير", "دفاع", "لبنان"]  # root letters kept
    assert keywords("ولبنان بلد صغير") == ["ولبنان", "بلد", "صغير"]  # no bare لبنان to vouch for it


def test_repeats_and_order_are_kept_and_spelling_is_normalised() -> None:
    words = keywords("انسحبت القوات الأمريكية. القوات الأميركية انسحبت من أمريكا وأميركا")
    assert words[:3] == ["انسحبت", "قوات", "امريكيه"]
    assert words.count("قوات") == 2 and words.count("انسحبت") == 2


def test_empty_and_non_arabic_text() -> None:
    assert keywords("") == []
    assert keywords("... ، ؟ 123") == []
    assert keywords("The troops left the base in Iraq") == ["troops", "left", "base", "iraq"]


def test_stop_list_is_normalised_and_substantial() -> None:
    stop = stopwords()
    assert len(stop) >= 250
    assert {"الي", "علي", "التي", "هولاء", "قال"} <= stop
    assert all(w == w.strip() and w for w in stop)
