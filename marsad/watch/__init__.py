"""``marsad watch``: keep a store current from news feeds and sitemaps, unattended.

    from marsad.watch import Watcher, load_config
    watcher = Watcher(store, load_config("watch.yaml"))
    watcher.run()            # until stop(); or run(rounds=1)

Modules: ``config`` (the YAML file, validated), ``poller`` (the rounds), ``sitemap`` (safe sitemap
parsing), ``ratelimit`` (per-host spacing), ``retry`` (backoff and Retry-After), ``state`` (what is
remembered in the store between polls and restarts).
"""

from __future__ import annotations

from marsad.watch.config import ConfigError, SourceConfig, WatchConfig, load_config, parse_config
from marsad.watch.poller import RoundReport, Watcher

__all__ = [
    "ConfigError",
    "RoundReport",
    "SourceConfig",
    "WatchConfig",
    "Watcher",
    "load_config",
    "parse_config",
]
