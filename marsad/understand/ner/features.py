"""Token features for the Arabic CRF tagger.

Every token gets: its normalised form (``marsad.text.normalize``), clitic-stripped candidate forms
(``marsad.text.clitics.match_keys``), prefixes/suffixes of length 1–3 of the normalised word, has-ال,
digit/Latin/punctuation flags, a length bucket, a word shape, trigger-word cues from
``data/cue_words.tsv`` (person titles, organisation heads, place heads), distributional word
clusters (``data/word_clusters.tsv``, built from unlabelled news by
``scripts/build_word_clusters.py``), the word's dominant name tag in the auxiliary corpora
(``data/name_lexicon.tsv``, ``scripts/build_name_lexicon.py``) and knowledge-base matches (the gazetteer's alias index: the
type and position of a known name covering the token).
Neighbours at ±1/±2 contribute their normalised form, stripped form, shape, cues and clusters; ±1
also contributes prefixes/suffixes; neighbour bigrams link adjacent words.

Why clusters and the gazetteer: the labelled corpora are small (~265k tokens), so most names in
new text were never seen in training; a cluster id or a knowledge-base hit lets the model
generalise from names it saw to names it did not.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.text.clitics import match_keys
from marsad.text.normalize import normalize
from marsad.text.tokens import normalize_word

_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"[0-9]")
_PUNCT = re.compile(r"^[^\w]+$")


CLUSTER_FILE = "data/word_clusters.tsv"


@lru_cache(maxsize=1)
def word_clusters() -> dict[str, tuple[str, ...]]:
    """Normalised word → its cluster ids (coarse to fine); empty when the table is absent."""
    path = resources.files("marsad.understand.ner").joinpath(CLUSTER_FILE)
    if not path.is_file():
        return {}
    table: dict[str, tuple[str, ...]] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        word, *ids = line.split("\t")
        table[word] = tuple(ids)
    return table


LEXICON_FILE = "data/name_lexicon.tsv"


@lru_cache(maxsize=1)
def name_lexicon() -> dict[str, str]:
    """Normalised word → its dominant name tag and share (``B-LOC:hi``), from the auxiliary NER
    corpora (``scripts/build_name_lexicon.py``); empty when the table is absent."""
    path = resources.files("marsad.understand.ner").joinpath(LEXICON_FILE)
    if not path.is_file():
        return {}
    table: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        word, tag, share = line.split("\t")[:3]
        table[word] = f"{tag}:{share}"
    return table


CURRENCY_FILE = "data/currency_words.txt"


@lru_cache(maxsize=1)
def currency_words() -> frozenset[str]:
    """Normalised currency names (``data/currency_words.txt``), which ANERcorp tags MISC."""
    path = resources.files("marsad.understand.ner").joinpath(CURRENCY_FILE)
    lines = path.read_text("utf-8").splitlines() if path.is_file() else []
    return frozenset(normalize(x.strip()) for x in lines if x.strip() and not x.startswith("#"))


def is_currency(word: str) -> bool:
    """True when the normalised ``word``, clitics seen through (بالدولار، والشيكل), is a currency name."""
    return not currency_words().isdisjoint(match_keys(word))


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    return {w: i for i, w in enumerate(word_clusters())}


def word_rank(word: str) -> int:
    """Frequency rank of a normalised word in the cluster table's news corpus (0 = most frequent;
    unknown words rank last). The table is written most frequent first."""
    return _ranks().get(word, 1 << 30)


def most_frequent(tokens: Iterable[str], keep: int) -> list[str]:
    """The ``keep`` tokens whose normalised forms are most frequent in news (``word_rank``).

    What a full per-word cache keeps: the head of a Zipfian vocabulary is what the next articles
    will use again, while emptying the whole cache made the tagger recompute every common word
    (on 6,000 ANT articles the BiLSTM's 50,000-word cache computed 181k words for 107k distinct)."""
    ranks = _ranks()
    return heapq.nsmallest(keep, tokens, key=lambda t: ranks.get(normalize_word(t) or t, 1 << 30))


@lru_cache(maxsize=1)
def _gazetteer() -> Any:
    from marsad.knowledge.gazetteer import load_gazetteer

    return load_gazetteer()


def gazetteer_tags(words: list[str]) -> list[str]:
    """IOB tags of knowledge-base names over normalised ``words`` (longest match, the first word
    may carry proclitics; one-word "stop" aliases that are ordinary words are skipped)."""
    gaz = _gazetteer()
    firsts = gaz.first_words
    tags = ["O"] * len(words)
    i = 0
    while i < len(words):
        hit: tuple[int, str] | None = None
        keys = match_keys(words[i]) if words[i] else ()
        if firsts.isdisjoint(keys):  # most words start no alias
            i += 1
            continue
        for k_index, key in enumerate(keys):
            if key not in firsts:
                continue
            for n in range(min(gaz.longest_from[key], len(words) - i), 0, -1):
                ids = gaz.lookup((key, *words[i + 1 : i + n]))
                if not ids:
                    continue
                if n == 1 and (key in gaz.stop_aliases or (k_index > 0 and len(key) < 3)):
                    continue
                ent = gaz.get(ids[0])
                if ent is not None:
                    hit = (n, ent.type)
                break
            if hit:
                break
        if hit:
            n, typ = hit
            tags[i] = "B-" + typ
            for j in range(i + 1, i + n):
                tags[j] = "I-" + typ
            i += n
        else:
            i += 1
    return tags


@lru_cache(maxsize=1)
def cue_words() -> dict[str, str]:
    """Normalised trigger word → cue type (PER/ORG/LOC), from ``data/cue_words.tsv``."""
    text = resources.files("marsad.understand.ner").joinpath("data/cue_words.tsv").read_text("utf-8")
    cues: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, cue = line.split("\t")[:2]
        cues[normalize(word)] = cue.strip()
    return cues


def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word:
        if "\u0600" <= ch <= "\u06ff":  # the Arabic block (compared, not a regex call per character)
            c = "a"
        elif ch.isdigit():
            c = "d"
        elif "A" <= ch <= "Z" or "a" <= ch <= "z":  # as _LATIN
            c = "X" if ch.isupper() else "x"
        else:
            c = ch if not ch.isspace() else "_"
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def _len_bucket(n: int) -> str:
    return "1" if n <= 1 else "2" if n <= 2 else "3" if n <= 3 else "5" if n <= 5 else "8" if n <= 8 else "L"


# Words whose features are kept between sentences. News vocabulary is Zipfian, so the most recent
# 50k words cover nearly every token; 300k (the earlier size) made a long-running worker grow to
# about 2 GiB of cached feature strings for a few percent more hits.
WORD_CACHE = 50_000


@lru_cache(maxsize=WORD_CACHE)
def word_attributes(token: str) -> dict[str, Any]:
    """Per-word (context-free) attributes, cached by surface token."""
    w = normalize_word(token) or token
    keys = match_keys(w)
    stem = min(keys, key=len) if keys else w
    # from each table, the value of the first of the word's forms (the word, then its
    # clitic-stripped forms) it has
    cues, cluster_table, lexicon = cue_words(), word_clusters(), name_lexicon()
    cue: str | None = None
    clusters: tuple[str, ...] | None = None
    lex: str | None = None
    for form in (w, *keys[1:]):
        if cue is None and form in cues:
            cue = cues[form]
        if clusters is None and form in cluster_table:
            clusters = cluster_table[form]
        if lex is None and form in lexicon:
            lex = lexicon[form]
    return {
        "w": w,
        "stem": stem,
        "lx": lex or "",
        "keys": keys[1:4],
        "p1": w[:1],
        "p2": w[:2],
        "p3": w[:3],
        "s1": w[-1:],
        "s2": w[-2:],
        "s3": w[-3:],
        "al": w.startswith("ال") or (len(keys) > 1 and keys[1].startswith("ال")),
        "digit": bool(_DIGIT.search(w)),
        "latin": bool(_LATIN.search(token)),
        "punct": bool(_PUNCT.match(token)),
        "len": _len_bucket(len(w)),
        "shape": _shape(token),
        "cue": cue or "",
        "c": clusters or (),
    }


@lru_cache(maxsize=WORD_CACHE)
def _own_features(token: str) -> tuple[str, ...]:
    """The context-free features of a word (cached per surface token: the same word recurs)."""
    me = word_attributes(token)
    f = [
        "b",
        "w=" + me["w"],
        "stem=" + me["stem"],
        "p1=" + me["p1"],
        "p2=" + me["p2"],
        "p3=" + me["p3"],
        "s1=" + me["s1"],
        "s2=" + me["s2"],
        "s3=" + me["s3"],
        "len=" + me["len"],
        "shape=" + me["shape"],
    ]
    f.extend("k=" + k for k in me["keys"])
    if me["al"]:
        f.append("al")
    if me["digit"]:
        f.append("digit")
    if me["latin"]:
        f.append("latin")
    if me["punct"]:
        f.append("punct")
    if me["cue"]:
        f.append("cue=" + me["cue"])
    f.extend(f"c{n}={cid}" for n, cid in enumerate(me["c"]))
    if me["lx"]:
        f.append("lx=" + me["lx"])
        f.append("lx=" + me["lx"].split(":")[0])
    return tuple(f)


@lru_cache(maxsize=2 * WORD_CACHE)
def _neighbour_features(token: str, off: int) -> tuple[str, ...]:
    """What a word contributes to the features of the word ``off`` positions away from it."""
    o = word_attributes(token)
    tag = f"{off:+d}"
    f = [f"{tag}w=" + o["w"], f"{tag}stem=" + o["stem"], f"{tag}shape=" + o["shape"]]
    if o["cue"]:
        f.append(f"{tag}cue=" + o["cue"])
    if o["al"]:
        f.append(f"{tag}al")
    if o["lx"] and abs(off) == 1:
        f.append(f"{tag}lx=" + o["lx"].split(":")[0])
    clusters = o["c"]
    if clusters:
        f.append(f"{tag}c0=" + clusters[0])
        if abs(off) == 1:
            f.extend(f"{tag}c{n}={cid}" for n, cid in enumerate(clusters[1:], 1))
    if abs(off) == 1:
        f.append(f"{tag}p2=" + o["p2"])
        f.append(f"{tag}s2=" + o["s2"])
        f.append(f"{tag}s3=" + o["s3"])
    return tuple(f)


NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)


def edge_feature(off: int) -> str:
    """Stands for a neighbour at ``off`` beyond the sentence's edge."""
    return f"{off:+d}" + ("BOS" if off < 0 else "EOS")


def tagging_tokens(tokens: list[str]) -> list[str]:
    """The tokens as both taggers and their training read them: a blank token becomes ``_`` (it
    has no features of its own, but must keep its place)."""
    return [t if t.strip() else "_" for t in tokens]


def normalised_words(tokens: list[str]) -> list[str]:
    """Each token's normalised form, as the features see it."""
    return [word_attributes(t)["w"] for t in tokens]


def word_features(token: str, off: int) -> tuple[str, ...]:
    """The features a word gives the token ``off`` positions away from it (``off == 0``: its own
    features). They do not depend on the sentence, so they are cached per word."""
    return _own_features(token) if off == 0 else _neighbour_features(token, off)


def word_parts(tokens: list[str], i: int) -> list[tuple[str, int]]:
    """The (word, offset) pairs whose ``word_features`` token ``i`` gets: its own, then its
    neighbours' inside the sentence."""
    return [(tokens[i], 0)] + [(tokens[i + off], off) for off in NEIGHBOUR_OFFSETS if 0 <= i + off < len(tokens)]


def context_features(gaz: list[str] | None, words: list[str]) -> list[list[str]]:
    """For each token of a sentence, its features that depend on the sentence, not on one word:
    knowledge-base tags of it and its neighbours at ±1 (``gaz``: the sentence's
    ``gazetteer_tags``), neighbours beyond the sentence's edges, and the normalised word bigrams
    around it (``words``: the sentence's ``normalised_words``). Training (``sentence_features``)
    and the tagger (after its cached (word, offset) scores) both take them from here, so the two
    cannot drift apart."""
    n = len(words)
    out: list[list[str]] = [[] for _ in range(n)]
    if gaz is not None:
        for i, tag in enumerate(gaz):
            if tag == "O":
                continue
            out[i].append("gz=" + tag)
            if i + 1 < n:
                out[i + 1].append("-1gz=" + tag)
            if i > 0:
                out[i - 1].append("+1gz=" + tag)
    for off in NEIGHBOUR_OFFSETS:
        edge = edge_feature(off)
        for i in range(min(n, -off)) if off < 0 else range(max(0, n - off), n):
            out[i].append(edge)
    for i in range(n - 1):
        pair = words[i] + "|" + words[i + 1]
        out[i].append("0|+1=" + pair)
        out[i + 1].append("-1|0=" + pair)
        if i > 0:
            out[i - 1].append("+1|+2=" + pair)
        if i + 2 < n:
            out[i + 2].append("-2|-1=" + pair)
    return out


def token_features(tokens: list[str], i: int, gaz: list[str] | None = None) -> list[str]:
    """Feature strings for token ``i`` of ``tokens`` (CRFsuite binary features); ``gaz`` are the
    sentence's ``gazetteer_tags`` (see ``sentence_features`` for a whole sentence at once)."""
    return _features(tokens, i, context_features(gaz, normalised_words(tokens))[i])


def _features(tokens: list[str], i: int, context: list[str]) -> list[str]:
    return [f for tok, off in word_parts(tokens, i) for f in word_features(tok, off)] + context


def sentence_features(tokens: list[str]) -> list[list[str]]:
    """Feature lists for every token of a sentence."""
    words = normalised_words(tokens)
    context = context_features(gazetteer_tags(words), words)
    return [_features(tokens, i, context[i]) for i in range(len(tokens))]
