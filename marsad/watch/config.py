"""The ``marsad watch`` configuration file (YAML).

    per_host_interval: 2        # seconds between two requests to one host (default 1.0)
    max_retries: 3              # per request, on time-outs, lost connections, 429 and 5xx
    timeout: 20                 # seconds per request
    user_agent: "MyDesk/1.0 (+https://desk.example/contact)"
    max_articles_per_round: 100
    sources:
      - url: https://news.example/rss.xml
        outlet: أخبار المثال
        interval: 600           # seconds between polls of this source (default 900)
        kind: feed              # feed | sitemap | auto (default auto: decided from the content)

Why strict validation: a watcher runs unattended for days; a typo (``intervall``) or a wrong type
silently falling back to a default would only show up as missing articles much later. Every error
names the offending field (``sources[2].interval``) so the user can fix it at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from marsad.ingest.options import IngestOptions

KINDS = ("feed", "sitemap", "auto")
DEFAULT_INTERVAL = 900.0
DEFAULT_PER_HOST_INTERVAL = 1.0
DEFAULT_MAX_RETRIES = 3
DEFAULT_MAX_ARTICLES_PER_ROUND = 100  # a first poll of a big sitemap must not take all day
_TOP_KEYS = ("sources", "per_host_interval", "max_retries", "timeout", "user_agent", "max_articles_per_round")
_SOURCE_KEYS = ("url", "outlet", "interval", "kind")


class ConfigError(ValueError):
    """The configuration cannot be used; the message names the file and the bad field."""


@dataclass(frozen=True, slots=True)
class SourceConfig:
    url: str
    outlet: str
    interval: float = DEFAULT_INTERVAL
    kind: str = "auto"


@dataclass(frozen=True, slots=True)
class WatchConfig:
    sources: tuple[SourceConfig, ...]
    per_host_interval: float = DEFAULT_PER_HOST_INTERVAL
    max_retries: int = DEFAULT_MAX_RETRIES
    timeout: float = IngestOptions.timeout
    user_agent: str = IngestOptions.user_agent
    max_articles_per_round: int = DEFAULT_MAX_ARTICLES_PER_ROUND


def _number(value: Any, where: str, *, minimum: float, strict: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError(f"{where}: must be a number, got {value!r}")
    if value < minimum or (strict and value == minimum):
        bound = f"more than {minimum:g}" if strict else f"at least {minimum:g}"
        raise ConfigError(f"{where}: must be {bound}, got {value!r}")
    return float(value)


def _integer(value: Any, where: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{where}: must be a whole number, got {value!r}")
    if value < minimum:
        raise ConfigError(f"{where}: must be at least {minimum}, got {value!r}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: must be a non-empty text, got {value!r}")
    return value.strip()


def _unknown(data: dict[Any, Any], allowed: tuple[str, ...], where: str) -> None:
    extra = sorted(str(k) for k in data if k not in allowed)
    if extra:
        raise ConfigError(f"{where}unknown field {extra[0]!r} (allowed: {', '.join(allowed)})")


def _source(raw: Any, where: str) -> SourceConfig:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: must be a mapping with url and outlet, got {raw!r}")
    _unknown(raw, _SOURCE_KEYS, f"{where}: ")
    if "url" not in raw:
        raise ConfigError(f"{where}.url: missing")
    url = _text(raw["url"], f"{where}.url")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where}.url: must be an http(s) URL with a host, got {url!r}")
    if "outlet" not in raw:
        raise ConfigError(f"{where}.outlet: missing (the outlet name stored with its articles)")
    outlet = _text(raw["outlet"], f"{where}.outlet")
    interval = _number(raw.get("interval", DEFAULT_INTERVAL), f"{where}.interval", minimum=0, strict=True)
    kind = raw.get("kind", "auto")
    if kind not in KINDS:
        raise ConfigError(f"{where}.kind: must be one of {', '.join(KINDS)}, got {kind!r}")
    return SourceConfig(url=url, outlet=outlet, interval=interval, kind=kind)


def parse_config(data: Any) -> WatchConfig:
    """A validated ``WatchConfig`` from the parsed YAML document; ``ConfigError`` otherwise."""
    if not isinstance(data, dict):
        raise ConfigError("the configuration must be a mapping with a 'sources' list")
    _unknown(data, _TOP_KEYS, "")
    raw_sources = data.get("sources")
    if not isinstance(raw_sources, list) or not raw_sources:
        raise ConfigError(f"sources: must be a non-empty list, got {raw_sources!r}")
    sources = tuple(_source(raw, f"sources[{n}]") for n, raw in enumerate(raw_sources))
    seen: dict[str, int] = {}
    for n, source in enumerate(sources):
        if source.url in seen:
            raise ConfigError(f"sources[{n}].url: {source.url} is already sources[{seen[source.url]}]")
        seen[source.url] = n
    options: dict[str, Any] = {}
    if "per_host_interval" in data:
        options["per_host_interval"] = _number(data["per_host_interval"], "per_host_interval", minimum=0)
    if "max_retries" in data:
        options["max_retries"] = _integer(data["max_retries"], "max_retries", minimum=0)
    if "timeout" in data:
        options["timeout"] = _number(data["timeout"], "timeout", minimum=0, strict=True)
    if "user_agent" in data:
        options["user_agent"] = _text(data["user_agent"], "user_agent")
    if "max_articles_per_round" in data:
        options["max_articles_per_round"] = _integer(
            data["max_articles_per_round"], "max_articles_per_round", minimum=1
        )
    return WatchConfig(sources=sources, **options)


def load_config(path: str | Path) -> WatchConfig:
    """Read and validate a configuration file; every failure is a ``ConfigError`` naming the file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from None
    try:
        return parse_config(data)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
