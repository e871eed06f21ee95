"""Marsad's Arabic (right-to-left) web app and JSON API: ``create_app(store)``; ``server.serve``."""

from marsad.web.app import create_app

__all__ = ["create_app"]
