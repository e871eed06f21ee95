"""Token features for the Arabic CRF tagger.

Every token gets: its normalised form (``marsad.text.normalize``), clitic-stripped candidate forms
(``marsad.text.clitics.match_keys``), prefixes/suffixes of length 1–3 of the normalised word, has-ال,
digit/Latin/punctuation flags, a length bucket, a word shape, and trigger-word cues from
``data/cue_words.tsv`` (person titles, organisation heads, place heads — no name gazetteer).
Neighbours at ±1/±2 contribute their normalised form, stripped form, shape and cues; ±1 also
contributes prefixes/suffixes; neighbour bigrams link adjacent words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.text.clitics import match_keys
from marsad.text.normalize import normalize

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"[0-9]")
_PUNCT = re.compile(r"^[^\w]+$")


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
        if _ARABIC.match(ch):
            c = "a"
        elif ch.isdigit():
            c = "d"
        elif _LATIN.match(ch):
            c = "X" if ch.isupper() else "x"
        else:
            c = ch if not ch.isspace() else "_"
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def _len_bucket(n: int) -> str:
    return "1" if n <= 1 else "2" if n <= 2 else "3" if n <= 3 else "5" if n <= 5 else "8" if n <= 8 else "L"


@lru_cache(maxsize=300_000)
def _word_info(token: str) -> dict[str, Any]:
    """Per-word (context-free) attributes, cached by surface token."""
    w = normalize(token) or token
    keys = match_keys(w)
    stem = min(keys, key=len) if keys else w
    cues = cue_words()
    cue = cues.get(w)
    if cue is None:
        for k in keys[1:]:
            cue = cues.get(k)
            if cue is not None:
                break
    return {
        "w": w,
        "stem": stem,
        "keys": keys[1:4],
        "p1": w[:1],
        "p2": w[:2],
        "p3": w[:3],
        "s1": w[-1:],
        "s2": w[-2:],
        "s3": w[-3:],
        "al": w.startswith("ال") or any(k.startswith("ال") for k in keys[1:2]),
        "digit": bool(_DIGIT.search(w)),
        "latin": bool(_LATIN.search(token)),
        "punct": bool(_PUNCT.match(token)),
        "len": _len_bucket(len(w)),
        "shape": _shape(token),
        "cue": cue or "",
    }


def token_features(tokens: list[str], i: int) -> list[str]:
    """Feature strings for token ``i`` of ``tokens`` (CRFsuite binary features)."""
    info = [_word_info(t) for t in tokens[max(0, i - 2) : i + 3]]
    c = i - max(0, i - 2)
    me = info[c]
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
    for off in (-2, -1, 1, 2):
        j = c + off
        if 0 <= j < len(info) and 0 <= i + off < len(tokens):
            o = info[j]
            tag = f"{off:+d}"
            f.append(f"{tag}w=" + o["w"])
            f.append(f"{tag}stem=" + o["stem"])
            f.append(f"{tag}shape=" + o["shape"])
            if o["cue"]:
                f.append(f"{tag}cue=" + o["cue"])
            if o["al"]:
                f.append(f"{tag}al")
            if abs(off) == 1:
                f.append(f"{tag}p2=" + o["p2"])
                f.append(f"{tag}s2=" + o["s2"])
                f.append(f"{tag}s3=" + o["s3"])
        else:
            f.append(f"{off:+d}" + ("BOS" if off < 0 else "EOS"))
    # bigrams of neighbours
    if c - 1 >= 0 and i > 0:
        f.append("-1|0=" + info[c - 1]["w"] + "|" + me["w"])
    if c + 1 < len(info) and i + 1 < len(tokens):
        f.append("0|+1=" + me["w"] + "|" + info[c + 1]["w"])
    if c - 2 >= 0 and i > 1:
        f.append("-2|-1=" + info[c - 2]["w"] + "|" + info[c - 1]["w"])
    if c + 2 < len(info) and i + 2 < len(tokens):
        f.append("+1|+2=" + info[c + 1]["w"] + "|" + info[c + 2]["w"])
    return f


def sentence_features(tokens: list[str]) -> list[list[str]]:
    """Feature lists for every token of a sentence."""
    return [token_features(tokens, i) for i in range(len(tokens))]
