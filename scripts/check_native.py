"""Check that the compiled build (scripts/build_native.py) gives the same analyses as plain Python.

    .venv/bin/python scripts/check_native.py [--keep DIR] [--tests]

Copies the checkout's tracked files to a temporary folder, compiles it there (so this checkout's
own files are never touched), then analyses the bundled demo corpus plus a few awkward texts once
with the compiled copy and once with plain Python, each in its own process, and compares the
JSON of every analysis byte for byte. ``--tests`` then runs the test suite on the compiled copy
too (the few tests that patch a compiled function are skipped there, with that reason). Exit
status 0 when all agree; 1 with the first difference, or pytest's status. ``scripts/test.sh``
runs it, with ``--tests``, after the plain test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in a child process, with the checkout to test first on sys.path: one JSON analysis per line.
ANALYSE = r"""
import dataclasses
import sys
from marsad.ingest.dispatch import iter_inputs
from marsad.model import Article, to_json
from marsad.native import compiled_modules
from marsad.understand.pipeline import analyze_all, load_resources

# the ingest time is the one field that differs between two runs
articles = [dataclasses.replace(a, ingested_at="") for a in iter_inputs([sys.argv[1]]) if isinstance(a, Article)]
for n, text in enumerate([
    "",
    "This is an English text about Baghdad. It has two sentences.",
    "مرحبا",
    "قال مصدر مطلع لرويترز إن القوات الأمريكية ستنسحب من قاعدة عين الأسد بحلول سبتمبر 2026. " * 40,
    "٣ آلاف متظاهر خرجوا في 15/3/2025 إلى ساحة التحرير؛ \u200fوواشنطن تنفي!!!",
]):
    articles.append(Article(id=f"edge{n}", title="", text=text, published="2025-03-10T00:00:00+00:00"))
resources = load_resources()
print(len(compiled_modules()), file=sys.stderr)
for analysis in analyze_all(articles, resources):
    print(to_json(analysis))
"""


def _tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line and (ROOT / line).is_file()]


def _analyses(tree: Path) -> tuple[list[str], int]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", ANALYSE, str(ROOT / "marsad" / "demo" / "corpus")], cwd=tree,
                          env=env, check=True, capture_output=True, text=True)
    return done.stdout.splitlines(), int(done.stderr.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    parser.add_argument("--tests", action="store_true", help="also run the test suite on the compiled build")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="marsad-native-"))
    try:
        for name in _tracked_files():
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
        # a repository of its own, so the tests that read the checkout's file list run there too
        subprocess.run(["git", "init", "-q"], cwd=work, check=True)
        subprocess.run([sys.executable, "scripts/build_native.py"], cwd=work, check=True)
        compiled, n_compiled = _analyses(work)
        plain, n_plain = _analyses(ROOT)
        if n_plain:
            print("check_native: this checkout has a compiled build itself; remove it first "
                  "(scripts/build_native.py --clean)", file=sys.stderr)
            return 1
        if not n_compiled:
            print("check_native: the build compiled nothing", file=sys.stderr)
            return 1
        for k, (a, b) in enumerate(zip(compiled, plain, strict=False)):
            if a != b:
                print(f"check_native: analysis {k} differs\n compiled: {a[:400]}\n plain:    {b[:400]}", file=sys.stderr)
                return 1
        if len(compiled) != len(plain):
            print(f"check_native: {len(compiled)} compiled against {len(plain)} plain analyses", file=sys.stderr)
            return 1
        print(f"check_native: {len(plain)} analyses identical with {n_compiled} modules compiled and in plain Python")
        if args.tests:
            env = {**os.environ, "PYTHONPATH": str(work)}
            return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=work,
                                  env=env, check=False).returncode
        return 0
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
