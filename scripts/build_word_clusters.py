"""Build the distributional word-cluster table used as NER features (``ner/data/word_clusters.tsv``).

Why: ANERcorp and NewsFANE hold ~265k labelled tokens, so most names in new text were never seen
in training. Words that occur in similar contexts in a large unlabelled news stream (names of
ministers, of towns, of parties) fall into the same cluster, so the CRF can generalise from a
seen name to an unseen one through the cluster id (Turian et al. 2010; Brown-cluster features).

How: word2vec (gensim, skip-gram) over normalised tokens of unlabelled Arabic news (the ANT and
SaudiNewsNet streams) plus the *tokens only* of the NER corpora (no labels), then spherical k-means
at several granularities. Only the cluster ids ship (a table of numbers per word), no text.

    python scripts/build_word_clusters.py --news ../shared/data/news/ant_multisource_2018.jsonl.gz \
        ../shared/data/news/saudinewsnet_2015.jsonl.gz --conll ../shared/data/ner/*.conll \
        --out marsad/understand/ner/data/word_clusters.tsv

Needs ``gensim`` (training-time only: ``pip install gensim``); fixed seed, one worker for
reproducibility unless ``--workers`` says otherwise.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections.abc import Iterator

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from marsad.text.normalize import normalize  # noqa: E402

_TOKEN = re.compile(r"\w+|[^\w\s]")
_SENT_END = re.compile(r"(?<=[.!؟?])\s+|\n+")
NEWS_FIELDS = ("title", "abstract", "text", "content")


def news_sentences(path: str, limit: int | None) -> Iterator[list[str]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            rec = json.loads(line)
            for field in NEWS_FIELDS:
                value = rec.get(field)
                if not isinstance(value, str):
                    continue
                for sent in _SENT_END.split(value):
                    words = [sys.intern(normalize(t) or t) for t in _TOKEN.findall(sent)]
                    if len(words) > 2:
                        yield words


def conll_sentences(path: str) -> Iterator[list[str]]:
    cur: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                if cur:
                    yield cur
                cur = []
                continue
            tok = line.split("\t")[0] if "\t" in line else line.split()[0]
            cur.append(normalize(tok) or tok)
    if cur:
        yield cur


def spherical_kmeans(vectors: np.ndarray, k: int, *, seed: int, iterations: int = 20) -> np.ndarray:
    """Cluster unit vectors by cosine; returns one cluster id per row. Frequent-word seeding keeps
    it deterministic and puts centroids where the data is dense."""
    rng = np.random.default_rng(seed)
    n = vectors.shape[0]
    centroids = vectors[rng.choice(min(n, 20 * k), size=k, replace=False)].copy()
    labels = np.zeros(n, dtype=np.int32)
    for _ in range(iterations):
        for start in range(0, n, 20000):
            labels[start : start + 20000] = np.argmax(vectors[start : start + 20000] @ centroids.T, axis=1)
        for c in range(k):
            members = vectors[labels == c]
            if len(members):
                v = members.sum(axis=0)
                centroids[c] = v / (np.linalg.norm(v) or 1.0)
    return labels


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--news", nargs="*", default=[])
    ap.add_argument("--conll", nargs="*", default=[])
    ap.add_argument("--out", required=True)
    ap.add_argument("--limit", type=int, default=None, help="articles per news file")
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--max-words", type=int, default=150_000)
    ap.add_argument("--ks", default="64,256,1024")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--vectors", default=None, help="also save the unit word vectors (.npz: words, vectors)")
    a = ap.parse_args(argv)
    from gensim.models import Word2Vec

    t0 = time.time()
    corpus: list[list[str]] = []
    for p in a.news:
        corpus.extend(news_sentences(p, a.limit))
    for p in a.conll:
        corpus.extend(conll_sentences(p))
    n_tokens = sum(len(s) for s in corpus)
    print(f"corpus: {len(corpus)} sentences, {n_tokens} tokens ({time.time() - t0:.0f} s)", flush=True)
    model = Word2Vec(
        corpus,
        vector_size=a.dim,
        window=a.window,
        min_count=a.min_count,
        sg=1,
        negative=5,
        epochs=a.epochs,
        workers=a.workers,
        seed=a.seed,
        max_final_vocab=a.max_words,
    )
    print(f"word2vec: {len(model.wv)} words ({time.time() - t0:.0f} s)", flush=True)
    words = list(model.wv.index_to_key)
    vecs = model.wv.vectors.astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    if a.vectors:
        np.savez_compressed(a.vectors, words=np.array(words), vectors=vecs)
        print(f"wrote {a.vectors}", flush=True)
    ks = [int(k) for k in a.ks.split(",")]
    columns = [spherical_kmeans(vecs, k, seed=a.seed) for k in ks]
    print(f"k-means {ks} ({time.time() - t0:.0f} s)", flush=True)
    with open(a.out, "w", encoding="utf-8") as out:
        out.write("# Distributional word clusters for the NER tagger (see scripts/build_word_clusters.py).\n")
        out.write(f"# word2vec skip-gram dim={a.dim} window={a.window} epochs={a.epochs} min_count={a.min_count} seed={a.seed}\n")
        out.write(f"# corpus: {len(corpus)} sentences, {n_tokens} tokens from: ")
        out.write(", ".join(os.path.basename(p) for p in a.news + a.conll) + " (tokens only, no labels)\n")
        out.write("# columns: normalised word, then its cluster id at k = " + ", ".join(map(str, ks)) + "\n")
        for i, w in enumerate(words):
            if "\t" in w or not w.strip():
                continue
            out.write(w + "\t" + "\t".join(str(int(col[i])) for col in columns) + "\n")
    print(f"wrote {a.out} ({os.path.getsize(a.out)} bytes, {time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
