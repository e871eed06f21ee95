"""The one error a batch run raises for the user (shown as one line by the CLI)."""

from __future__ import annotations

DASK_HINT = "install the optional extra: pip install 'marsad[dask]'"


class BatchError(Exception):
    """A batch run cannot start or go on (missing extra, unusable output folder, lost scheduler)."""


def missing_extra(what: str, exc: ImportError) -> BatchError:
    """The error for a missing optional package, naming the extra that provides it."""
    return BatchError(f"{what} needs {exc.name or 'a package'} which is not installed; {DASK_HINT}")
