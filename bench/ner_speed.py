"""Speed of NER tagging + entity linking, and the cold load time of the tagger (issue 3 targets:
≥ 20,000 tokens/s on one core; model load ≤ 2 s).

    python bench/ner_speed.py ../shared/data/news/ant_multisource_2018.jsonl.gz --limit 2000 [--batch N] [--crf-only]

Articles are split into sentences and tokens first (not timed: that is the pipeline's shared
work); the timed part is tagging every sentence (``tagged_spans_batch``, ``--batch`` articles at a
time as ``analyze_batch`` runs them; ``--batch 1``: one article at a time) and ``link_mentions``:
knowledge-base matching and linking of every tagged span. Load time is measured in a fresh interpreter (tagger, word
clusters and gazetteer), so nothing is warm.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from marsad.knowledge.gazetteer import load_gazetteer  # noqa: E402
from marsad.text.sentences import split_sentences  # noqa: E402
from marsad.text.tokens import tokenize  # noqa: E402
from marsad.understand.mentions import link_mentions, tagged_spans_batch  # noqa: E402
from marsad.understand.ner.tagger import NerTagger, default_model_path  # noqa: E402
from marsad.understand.pipeline import ANALYSIS_BATCH  # noqa: E402

LOAD_SNIPPET = (
    "import time; t=time.perf_counter();"
    "from marsad.understand.ner.tagger import NerTagger; from marsad.understand.ner.features import "
    "word_clusters, sentence_features; from marsad.knowledge.gazetteer import load_gazetteer;"
    "NerTagger.load(); word_clusters(); load_gazetteer(); sentence_features(['بغداد']);"
    "print(time.perf_counter()-t)"
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("news", help="JSON Lines (.gz) with a 'text' or 'content' field")
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--crf-only", action="store_true", help="the CRF half alone (MARSAD_NER=crf)")
    ap.add_argument("--batch", type=int, default=ANALYSIS_BATCH, help="articles tagged together")
    a = ap.parse_args()
    loads = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], capture_output=True, text=True, check=True)
        loads.append(float(out.stdout.strip()))
    print(f"cold load (tagger + clusters + gazetteer), 3 runs: {', '.join(f'{x:.2f}' for x in loads)} s")
    texts = []
    with gzip.open(a.news, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec.get("text") or rec.get("content") or ""
            if text:
                texts.append(text)
            if len(texts) >= a.limit:
                break
    prepared = [(t, split_sentences(t), tokenize(t)) for t in texts]
    n_tokens = sum(len(toks) for _, _, toks in prepared)
    gaz, tagger = load_gazetteer(), (NerTagger.load(default_model_path()) if a.crf_only else NerTagger.load())
    link_mentions(*prepared[0][:3], gaz, tagger)  # warm the caches of the first article only
    t0 = time.perf_counter()
    n_mentions = n_local = 0
    size = max(a.batch, 1)
    for at in range(0, len(prepared), size):
        part = prepared[at : at + size]
        spans = tagged_spans_batch([(toks, sents) for _, sents, toks in part], tagger)
        for (text, sents, toks), found in zip(part, spans, strict=True):
            mentions = link_mentions(text, sents, toks, gaz, tagger, spans=found)
            n_mentions += len(mentions)
            n_local += sum(1 for m in mentions if (m.entity_id or "").startswith("local:"))
    elapsed = time.perf_counter() - t0
    print(f"{len(prepared)} articles, {n_tokens} tokens, {n_mentions} mentions ({n_local} local)")
    print(f"tagging + linking, {size} article(s) at a time: {elapsed:.1f} s = {n_tokens / elapsed:,.0f} tokens/s "
          "(one process, one core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
