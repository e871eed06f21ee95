"""Cluster the first N articles of a JSONL(.gz) news file and print what came out, for eyeballing.

Why: thresholds of ``marsad.stories.cluster.StoryClusterer`` are chosen by looking at clusters of
development material, and the speed of ``add`` must stay flat as the store grows. This script does
both with a crude local analysis (keywords from ``marsad.understand.keywords`` when it is importable,
else normalised content words; no entities), so it runs without the full pipeline.

    python bench/cluster_dev.py /work/shared/data/news/ant_multisource_2018.jsonl.gz -n 3000 \
        --from 2018-03-10 --to 2018-03-14
    python bench/cluster_dev.py ../shared/data/news/*.jsonl.gz -n 70000 --checkpoints 10000,30000,60000 --top 0

Several files are read one after the other and clustered together in publication order. With
``--checkpoints`` the cost per added article is printed for each stretch (articles/s and similarity
computations per article), to show it stays flat as the stream grows, with the peak memory.

Input lines need ``text`` (or ``content``) and may carry ``title``, ``time``/``published``/
``date_extracted`` (ISO or RFC 2822), ``id`` or ``docno`` and ``outlet``/``source`` (else the
``docno`` prefix before the first "-"). Nothing is written.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from newsfile import iter_records

from marsad.model import AnalyzedArticle, Article
from marsad.stories.cluster import StoryClusterer
from marsad.stories.textutil import content_words, parse_time


def _keyword_fn() -> Callable[[str], list[str]]:
    try:
        from marsad.understand.keywords import keywords

        return keywords
    except Exception:  # not written yet, or broken: fall back to the crude tokenisation
        return content_words


def read_articles(path: str, limit: int, date_from: str, date_to: str) -> Iterator[Article]:
    n = 0
    for number, rec in iter_records(path):
        if n >= limit:
            return
        dt = parse_time(rec.get("published") or rec.get("time") or rec.get("date_extracted"))
        day = dt.date().isoformat() if dt else ""
        if (date_from and day < date_from) or (date_to and day > date_to):
            continue
        docno = str(rec.get("id") or rec.get("docno") or f"line-{number}")
        outlet = str(rec.get("outlet") or rec.get("source") or docno.split("-")[0])
        yield Article(
            id=docno,
            title=str(rec.get("title") or ""),
            text=str(rec.get("text") or rec.get("content") or ""),
            outlet=outlet,
            published=dt.isoformat() if dt else None,
        )
        n += 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--checkpoints", default="", help="article counts at which to report the cost so far")
    ap.add_argument("-n", type=int, default=2000, help="number of articles (after date filtering)")
    ap.add_argument("--from", dest="date_from", default="", help="first day, YYYY-MM-DD")
    ap.add_argument("--to", dest="date_to", default="", help="last day, YYYY-MM-DD")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--show", type=int, default=4, help="titles shown per cluster")
    args = ap.parse_args(argv)

    kw = _keyword_fn()
    articles = [a for path in args.paths
                for a in read_articles(path, args.n, args.date_from, args.date_to)][: args.n]
    articles.sort(key=lambda a: (a.published or "", a.id))
    analyses = [AnalyzedArticle(article=a, keywords=kw(a.text)) for a in articles]
    params: dict[str, Any] = {}
    if args.threshold is not None:
        params["threshold"] = args.threshold
    clusterer = StoryClusterer(**params)
    checkpoints = sorted(int(c) for c in args.checkpoints.split(",") if c.strip())
    t0 = time.perf_counter()
    mark_t, mark_n, mark_c = t0, 0, 0
    for k, an in enumerate(analyses, 1):
        clusterer.add(an)
        if k in checkpoints:
            now = time.perf_counter()
            print(f"  at {k:>6} articles: last {k - mark_n} added at {(k - mark_n) / (now - mark_t):,.0f} articles/s,"
                  f" {(clusterer.comparisons - mark_c) / (k - mark_n):.1f} similarity computations/article,"
                  f" {len(clusterer.stories):,} stories so far")
            mark_t, mark_n, mark_c = now, k, clusterer.comparisons
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stories = {sid: list(state.articles) for sid, state in clusterer.stories.items()}
    by_id = {a.id: a for a in articles}
    n = len(articles)
    print(f"articles: {n}  clustering time: {elapsed:.2f}s  ({n / elapsed if elapsed else 0:.0f} articles/s)"
          f"  peak memory (max RSS, whole run): {peak:.0f} MiB")
    print(f"stories: {len(stories)}  multi-article: {sum(len(v) > 1 for v in stories.values())}  "
          f"multi-outlet: {sum(len({by_id[x].outlet for x in v}) > 1 for v in stories.values())}  "
          f"merges: {len(clusterer.merges)}  similarity computations/article: "
          f"{clusterer.comparisons / max(n, 1):.1f}")
    biggest = sorted(stories.items(), key=lambda kv: (-len(kv[1]), kv[0]))[: args.top]
    for sid, ids in biggest:
        outlets = sorted({by_id[x].outlet for x in ids})
        print(f"\n[{len(ids)}] {sid}  outlets={','.join(outlets)}")
        for x in ids[: args.show]:
            print(f"   {by_id[x].outlet:4} {(by_id[x].published or '')[:10]}  {by_id[x].title[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
