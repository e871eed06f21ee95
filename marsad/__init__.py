"""Marsad (مرصد): turns a stream of Arabic news into structured, verifiable understanding."""

__version__ = "0.1.0"
