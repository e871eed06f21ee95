"""Build the word-level name lexicon used as NER features (``ner/data/name_lexicon.tsv``).

Why: the knowledge base lists ~1,000 entities; the auxiliary NER corpora (NewsFANE newswire and
Arabic Wikipedia in WikiFANE) tag tens of thousands of names. For every normalised word they tag
mostly as part of a name, the table keeps the dominant tag (B-LOC, I-PER, …) and how dominant it
is, so the tagger knows «بلنسية» is usually a place even if ANERcorp never shows it.
Only words and tag statistics ship, no sentences.

    python scripts/build_name_lexicon.py --conll ../shared/data/ner/newsfane_coarse.conll \
        ../shared/data/ner/wikifane_coarse.conll --head 1.0 0.8 \
        --exclude-overlap ../shared/data/ner/anercorp_train.conll \
        --out marsad/understand/ner/data/name_lexicon.tsv

``--head`` takes the first fraction of each file (0.8 of WikiFANE keeps its last 20 % held out
for evaluation). Tags are mapped to PER/ORG/LOC/MISC as in training.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from marsad.text.normalize import normalize  # noqa: E402
from marsad.understand.ner.evaluate import drop_overlapping  # noqa: E402
from marsad.understand.ner.train import read_conll  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--conll", nargs="+", required=True)
    ap.add_argument("--head", nargs="*", type=float, default=[])
    ap.add_argument("--out", required=True)
    ap.add_argument("--exclude-overlap", nargs="*", default=[],
                    help="CoNLL files (ANERcorp train): sentences sharing an 8-token run with them are "
                         "left out, so cross-validation on those files sees no name from its test fold")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--min-ratio", type=float, default=0.5)
    a = ap.parse_args(argv)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    excluded = [s for p in a.exclude_overlap for s in read_conll(p)]
    for k, path in enumerate(a.conll):
        sents = read_conll(path)
        head = a.head[k] if k < len(a.head) else 1.0
        sents = sents[: int(len(sents) * head)]
        if excluded:
            before = len(sents)
            sents = drop_overlapping(sents, excluded)
            print(f"{os.path.basename(path)}: {before - len(sents)} sentences overlap --exclude-overlap, left out")
        for sent in sents:
            for tok, tag in sent:
                counts[normalize(tok) or tok][tag] += 1
    rows = []
    for word, c in counts.items():
        total = sum(c.values())
        names = {t: n for t, n in c.items() if t != "O"}
        if total < a.min_count or not names:
            continue
        tag, n = max(names.items(), key=lambda kv: (kv[1], kv[0]))
        ratio = sum(names.values()) / total
        if ratio >= a.min_ratio and "\t" not in word and word.strip():
            rows.append((word, tag, "hi" if ratio >= 0.8 else "mid", total))
    rows.sort(key=lambda r: (-r[3], r[0]))
    with open(a.out, "w", encoding="utf-8") as out:
        out.write("# Word-level name lexicon for the NER tagger (see scripts/build_name_lexicon.py).\n")
        out.write("# from: " + ", ".join(f"{os.path.basename(p)} (first {a.head[k] if k < len(a.head) else 1.0:g})"
                                        for k, p in enumerate(a.conll)) + "; tag statistics only\n")
        if a.exclude_overlap:
            out.write("# sentences overlapping " + ", ".join(os.path.basename(p) for p in a.exclude_overlap)
                      + " left out (no test-fold leakage in cross-validation)\n")
        out.write(f"# kept: words seen >= {a.min_count} times, inside a name >= {a.min_ratio:g} of the time\n")
        out.write("# columns: normalised word, dominant name tag, share inside names (hi >= 0.8, mid), count\n")
        for word, tag, share, total in rows:
            out.write(f"{word}\t{tag}\t{share}\t{total}\n")
    print(f"wrote {a.out}: {len(rows)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
