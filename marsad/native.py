"""The optional compiled build of the per-article analysis, and the guard against a stale one.

Why compiled at all: the analysis is pure Python over a few hundred tokens per article, run ten
stages deep, and its cost is the interpreter's per-operation overhead, not any one algorithm.
``python scripts/build_native.py`` compiles the modules listed in ``NATIVE_MODULES`` with mypyc
(the compiler that ships with mypy, from the same type-checked sources; no other code) into C
extensions placed beside the sources, which Python then imports instead of them. Without that
step, or without a C compiler, everything runs as plain Python and gives the same analyses.

Why a guard: Python imports an extension module in preference to its ``.py``, so after an edit
the old compiled code would run silently. The build writes ``native.json`` (each compiled module
and a hash of the source it was built from); on import, ``marsad`` refuses to load when a compiled
module no longer matches its source, or when compiled modules exist without that record.
"""

from __future__ import annotations

import hashlib
import json
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

# Hot modules of the per-article analysis (pipeline.analyze), in import order. Not the data model
# (marsad.model): its classes stay ordinary Python classes for every user of the library.
NATIVE_MODULES = (
    "marsad.text.normalize",
    "marsad.text.clitics",
    "marsad.text.tokens",
    "marsad.text.sentences",
    "marsad.knowledge.gazetteer",
    "marsad.knowledge.geonames",
    "marsad.understand.entities",
    "marsad.understand.mentions",
    "marsad.understand.places",
    "marsad.understand.times",
    "marsad.understand.sentence_times",
    "marsad.understand.keywords",
    "marsad.understand.attributions",
    "marsad.understand.event_lexicon",
    "marsad.understand.event_qualifiers",
    "marsad.understand.events",
    "marsad.understand.claims",
    "marsad.understand.pipeline",
    "marsad.understand.ner.features",
    "marsad.understand.ner.consistency",
    "marsad.understand.ner.crf",
    "marsad.understand.ner.neural",
    "marsad.understand.ner.tagger",
)
STAMP = "native.json"
PACKAGE = Path(__file__).resolve().parent


class StaleNativeBuild(ImportError):
    """Compiled modules that do not match their sources."""


def source_path(module: str, package: Path = PACKAGE) -> Path:
    """The ``.py`` file of a ``marsad.…`` module under ``package`` (the ``marsad`` directory)."""
    return package.joinpath(*module.split(".")[1:]).with_suffix(".py")


def source_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compiled_files(package: Path = PACKAGE) -> list[Path]:
    """Extension modules found beside the listed modules' sources (any platform's suffix)."""
    found: list[Path] = []
    for folder in sorted({source_path(m, package).parent for m in NATIVE_MODULES} | {package}):
        found.extend(p for p in folder.glob("*.so") if p.is_file())
        found.extend(p for p in folder.glob("*.pyd") if p.is_file())
    return sorted(found)


def compiled_modules(package: Path = PACKAGE) -> list[str]:
    """The modules that run compiled: built by the last build and still beside their sources
    (empty: plain Python; a copy of the package without the extension files, e.g. an install
    from a checkout that has a build, runs as plain Python too)."""
    stamp = package / STAMP
    if not stamp.is_file():
        return []
    built = json.loads(stamp.read_text("utf-8")).get("modules", {})
    # only extensions this interpreter loads (a build for another Python version is not used)
    present = {(p.parent, p.name[: -len(suffix)]) for p in compiled_files(package) for suffix in EXTENSION_SUFFIXES
               if p.name.endswith(suffix) and "." not in p.name[: -len(suffix)]}
    return sorted(m for m in built if ((src := source_path(m, package)).parent, src.stem) in present)


def check(package: Path = PACKAGE) -> None:
    """Raise ``StaleNativeBuild`` when compiled modules would run code other than their sources."""
    stamp = package / STAMP
    fix = "run `python scripts/build_native.py` again, or `python scripts/build_native.py --clean` for plain Python"
    if not stamp.is_file():
        if compiled_files(package):
            raise StaleNativeBuild(f"marsad: compiled modules found without their build record {stamp}; {fix}")
        return
    try:
        modules = json.loads(stamp.read_text("utf-8"))["modules"]
    except (ValueError, KeyError) as exc:
        raise StaleNativeBuild(f"marsad: unreadable build record {stamp} ({exc}); {fix}") from exc
    for module, digest in modules.items():
        path = source_path(module, package)
        if not path.is_file() or source_hash(path) != digest:
            raise StaleNativeBuild(f"marsad: {module} was compiled from another version of {path}; {fix}")
