"""Fixtures shared by several test files: the web app over the fixture store of ``test_web_data``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from marsad.store.base import Store
from marsad.web import create_app


@pytest.fixture(scope="module")
def web_store() -> Iterator[Store]:
    """A fresh in-memory store holding the web fixture data (one per test module)."""
    from test_web_data import build_store

    s = build_store()
    yield s
    s.close()


@pytest.fixture(scope="module")
def web_client(web_store: Store) -> TestClient:
    return TestClient(create_app(web_store))
