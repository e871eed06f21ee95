"""Build the word-vector table behind article embeddings (``marsad/stories/data/doc_vectors.npz``).

Why: ``marsad similarity`` must give a graded score ("same story" > "same conflict, another day" >
"unrelated"), and TF-IDF cosine is all-or-nothing: two reports of one happening written with
different words score near zero. No Arabic sentence encoder ships inside a PyPI package without a
hub download, so the project trains its own: word2vec (gensim, CBOW) over unlabelled Arabic news,
and an article is the SIF-weighted mean of its content words' vectors with the corpus' common
direction removed (Arora et al. 2017, "A simple but tough-to-beat baseline for sentence embeddings").

What ships: for the ``--max-words`` most frequent normalised words, their unit vectors quantised to
int8 with one float16 scale per word, their corpus counts (for the SIF weights) and the common
component. Numbers only, no text.

    python scripts/build_doc_vectors.py --news ../shared/data/news/ant_multisource_2018.jsonl.gz \
        ../shared/data/news/saudinewsnet_2015.jsonl.gz --out marsad/stories/data/doc_vectors.npz

Needs ``gensim`` (``pip install -e .[train]``). The seed is fixed; with more than one worker
word2vec's thread scheduling makes the floats differ slightly from run to run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from build_word_clusters import news_sentences  # noqa: E402

from marsad.stories.embed import SIF_A, article_tokens, content_ids  # noqa: E402


def article_texts(paths: list[str], every: int) -> list[str]:
    """Every ``every``-th article (title and text) of the news files, to estimate the common direction."""
    out: list[str] = []
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if n % every == 0:
                    rec = json.loads(line)
                    out.append(f"{rec.get('title') or ''}\n{rec.get('text') or ''}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--news", nargs="+", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--window", type=int, default=10)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--max-words", type=int, default=50_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pc-every", type=int, default=5, help="articles sampled for the common component")
    a = ap.parse_args(argv)
    from gensim.models import Word2Vec

    t0 = time.time()
    corpus = [s for p in a.news for s in news_sentences(p, None)]
    n_tokens, n_sentences = sum(len(s) for s in corpus), len(corpus)
    print(f"corpus: {n_sentences} sentences, {n_tokens} tokens ({time.time() - t0:.0f} s)", flush=True)
    model = Word2Vec(
        corpus,
        vector_size=a.dim,
        window=a.window,
        min_count=a.min_count,
        sg=0,
        negative=5,
        sample=1e-4,
        epochs=a.epochs,
        workers=a.workers,
        seed=a.seed,
    )
    del corpus
    print(f"word2vec: {len(model.wv)} words ({time.time() - t0:.0f} s)", flush=True)
    words = [w for w in model.wv.index_to_key[: a.max_words] if w.strip() and "\t" not in w]
    vecs = np.stack([model.wv[w] for w in words]).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    scale = np.abs(vecs).max(axis=1) / 127.0
    quantised = np.round(vecs / scale[:, None]).astype(np.int8)
    counts = np.array([model.wv.get_vecattr(w, "count") for w in words], dtype=np.int64)

    # The common component: first right-singular vector of SIF article sums, computed with the
    # dequantised vectors the package will use.
    table = quantised.astype(np.float32) * scale[:, None]
    weights = SIF_A / (SIF_A + counts / counts.sum())
    index = {w: i for i, w in enumerate(words)}
    sums = []
    for text in article_texts(a.news, a.pc_every):
        ids = content_ids(article_tokens(text), index)
        if ids:
            sums.append((table[ids] * weights[ids, None]).sum(axis=0))
    matrix = np.stack(sums)
    _, _, vt = np.linalg.svd(matrix, full_matrices=False)
    common = vt[0].astype(np.float32)
    print(f"common component from {len(sums)} articles ({time.time() - t0:.0f} s)", flush=True)

    np.savez_compressed(
        a.out,
        words=np.array(words),
        vectors=quantised,
        scale=scale.astype(np.float16),
        counts=counts,
        common=common,
        meta=np.array(
            json.dumps(
                {
                    "dim": a.dim,
                    "window": a.window,
                    "epochs": a.epochs,
                    "min_count": a.min_count,
                    "seed": a.seed,
                    "algorithm": "word2vec CBOW, negative 5, sample 1e-4",
                    "sentences": n_sentences,
                    "articles_for_common_component": len(sums),
                    "tokens": n_tokens,
                    "sources": [os.path.basename(p) for p in a.news],
                }
            )
        ),
    )
    print(f"wrote {a.out} ({os.path.getsize(a.out)} bytes, {len(words)} words, {time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
