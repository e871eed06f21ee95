"""Marsad (مرصد): turns a stream of Arabic news into structured, verifiable understanding."""

from marsad.native import check as _check_native_build

__version__ = "0.1.0"

# An optional compiled build (scripts/build_native.py) must match the sources it shadows.
_check_native_build()
