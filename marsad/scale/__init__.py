"""Batch analysis at scale: ``marsad batch IN... --engine dask``.

    from marsad.scale import run_batch
    from marsad.scale.engines import make_engine
    from marsad.scale.sinks import ParquetSink

    with make_engine("dask", workers=4) as engine:
        summary = run_batch(["news/"], engine=engine, sink=ParquetSink("out/"))

Why a package of its own: ``marsad ingest`` analyses one article after another in one process, which
is the right tool for a folder of articles but leaves cores idle on a dump of tens of thousands.
Here the same pure ``analyze`` runs over chunks of raw records on a pool of processes (a Dask
``LocalCluster`` or any Dask scheduler), while reading, skipping and writing stay in the client:

* ``shards``: input files (JSON Lines, gzipped or not, Parquet, folders of them) → chunks of raw
  records, bad lines reported with their line numbers;
* ``worker``: the function every engine maps: records → articles (ingest's own rules, so ids equal
  ``marsad ingest``'s) → analyses, with the models loaded once per process;
* ``engines``: ``local`` (in-process baseline) and ``dask`` (bounded number of chunks in flight,
  results handed on in input order);
* ``sinks``: a Marsad store, or one Parquet file per chunk; both skip finished work on a re-run.

Dask, distributed and pyarrow are an optional extra (``pip install 'marsad[dask]'``) and are only
imported when a Dask engine, Parquet input or Parquet output is used.
"""

from __future__ import annotations

from marsad.scale.errors import BatchError
from marsad.scale.run import BatchSummary, run_batch

__all__ = ["BatchError", "BatchSummary", "run_batch"]
