"""ROUGE of ``marsad summarize`` against editor-written standfirsts, beside the first-sentence baseline.

    python bench/summarize_eval.py ../shared/data/summaries/ant_bbc_cnn_dev.jsonl.gz --sentences 1

ROUGE-1/2 (F1 of unigram/bigram overlap) and ROUGE-L (F1 of the longest common subsequence) over
normalised Arabic word tokens (marsad.text.normalize: alef/ya/ta-marbuta variants and diacritics
folded), averaged over articles. Our own implementation of the standard definitions (Lin 2004).
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from marsad.batch import summarize_text
from marsad.stories.textutil import words
from marsad.text.sentences import split_sentences


def _ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _f1(overlap: float, cand: int, ref: int) -> float:
    if not overlap or not cand or not ref:
        return 0.0
    p, r = overlap / cand, overlap / ref
    return 2 * p * r / (p + r)


def _lcs(a: list[str], b: list[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[-1]))
        prev = cur
    return prev[-1]


def rouge(candidate: str, reference: str) -> dict[str, float]:
    c, r = words(candidate), words(reference)
    scores = {}
    for n in (1, 2):
        cn, rn = _ngrams(c, n), _ngrams(r, n)
        scores[f"rouge{n}"] = _f1(sum((cn & rn).values()), sum(cn.values()), sum(rn.values()))
    scores["rougeL"] = _f1(_lcs(c, r), len(c), len(r))
    return scores


def first_sentence(text: str) -> str:
    sentences = split_sentences(text)
    return sentences[0].text if sentences else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path)
    parser.add_argument("--sentences", type=int, default=1)
    args = parser.parse_args()
    opener = gzip.open if args.path.suffix == ".gz" else open
    totals = {"marsad": Counter[str](), "first sentence": Counter[str]()}
    n = 0
    with opener(args.path, "rt", encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            if not rec.get("summary"):
                continue
            n += 1
            ours = summarize_text(rec.get("title", ""), rec["text"], args.sentences)
            totals["marsad"].update(rouge(ours, rec["summary"]))
            totals["first sentence"].update(rouge(first_sentence(rec["text"]), rec["summary"]))
    print(f"{n} articles with a reference summary")
    for name, t in totals.items():
        print(f"{name:15} " + "  ".join(f"{k} {100 * v / n:5.2f}" for k, v in sorted(t.items())))


if __name__ == "__main__":
    main()
