"""Compile the per-article analysis with mypyc (optional: faster, same analyses).

    .venv/bin/python scripts/build_native.py           # compile marsad.native.NATIVE_MODULES in place
    .venv/bin/python scripts/build_native.py --clean   # back to plain Python

Needs mypy (the test extra has it; ``pip install mypy setuptools``) and a C compiler (Debian:
``apt install gcc python3-dev``). The C sources and objects go to ``build/native``; the extension
modules are written beside their ``.py`` files, with ``marsad/native.json`` recording what each
was built from (``marsad.native`` explains why, and refuses a stale build). Run it again after
changing any of those modules. Takes a few minutes.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _native_module() -> ModuleType:
    """marsad/native.py loaded on its own: importing the ``marsad`` package runs the stale-build
    check, which must not stop the very rebuild that fixes it."""
    spec = importlib.util.spec_from_file_location("marsad_native", ROOT / "marsad" / "native.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


native = _native_module()
NATIVE_MODULES, PACKAGE, STAMP = native.NATIVE_MODULES, native.PACKAGE, native.STAMP
compiled_files, source_hash, source_path = native.compiled_files, native.source_hash, native.source_path

GROUP = "marsad.compiled"  # the shared runtime library: marsad/compiled__mypyc.*.so


def clean(quiet: bool = False) -> int:
    removed = compiled_files(PACKAGE)
    for path in removed:
        path.unlink()
    (PACKAGE / STAMP).unlink(missing_ok=True)
    if not quiet:
        print(f"removed {len(removed)} compiled modules; marsad runs as plain Python")
    return 0


def build() -> int:
    try:
        from mypyc.build import mypycify
        from setuptools import setup
    except ImportError as exc:
        print(f"build_native: needs mypy and setuptools ({exc}); pip install mypy setuptools", file=sys.stderr)
        return 2
    clean(quiet=True)  # a module dropped from the list must not stay compiled
    os.chdir(ROOT)
    paths = [str(source_path(m).relative_to(ROOT)) for m in NATIVE_MODULES]
    extensions = mypycify(paths, opt_level="3", group_name=GROUP, target_dir="build/native")
    setup(name="marsad-native", ext_modules=extensions, script_args=[
        "-q", "build_ext", "--inplace", "--build-temp", "build/native/temp", "--build-lib", "build/native/lib",
    ])
    record = {"modules": {m: source_hash(source_path(m)) for m in NATIVE_MODULES}}
    (PACKAGE / STAMP).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"compiled {len(NATIVE_MODULES)} modules ({len(compiled_files(PACKAGE))} extension files)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules")
    args = parser.parse_args()
    return clean() if args.clean else build()


if __name__ == "__main__":
    raise SystemExit(main())
