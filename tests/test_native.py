"""The guard against a stale compiled build (marsad.native), on a fake package tree.

That the compiled build gives the same analyses as plain Python is checked by
``scripts/check_native.py`` (run by scripts/test.sh after this suite): it takes minutes to compile.
"""

from __future__ import annotations

import json
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from marsad import native


def _tree(tmp_path: Path) -> Path:
    package = tmp_path / "marsad"
    for module in native.NATIVE_MODULES:
        path = native.source_path(module, package)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {module}\n", "utf-8")
    return package


def _build(package: Path) -> None:
    """What scripts/build_native.py leaves: an extension beside each source and the record."""
    for module in native.NATIVE_MODULES:
        path = native.source_path(module, package)
        path.with_name(path.stem + EXTENSION_SUFFIXES[0]).write_bytes(b"\x7fELF")
    record = {m: native.source_hash(native.source_path(m, package)) for m in native.NATIVE_MODULES}
    (package / native.STAMP).write_text(json.dumps({"modules": record}), "utf-8")


def test_every_listed_module_exists_in_the_package() -> None:
    for module in native.NATIVE_MODULES:
        assert native.source_path(module).is_file(), module
    assert "marsad.model" not in native.NATIVE_MODULES


def test_plain_python_and_a_fresh_build_pass(tmp_path: Path) -> None:
    package = _tree(tmp_path)
    native.check(package)
    assert native.compiled_modules(package) == []
    _build(package)
    native.check(package)
    assert native.compiled_modules(package) == sorted(native.NATIVE_MODULES)


def test_an_edited_source_makes_the_build_stale(tmp_path: Path) -> None:
    package = _tree(tmp_path)
    _build(package)
    edited = native.source_path("marsad.understand.events", package)
    edited.write_text(edited.read_text("utf-8") + "x = 1\n", "utf-8")
    with pytest.raises(native.StaleNativeBuild, match="marsad.understand.events was compiled from another version"):
        native.check(package)


def test_a_record_without_extensions_is_plain_python(tmp_path: Path) -> None:
    package = _tree(tmp_path)
    _build(package)
    for path in native.compiled_files(package):
        path.unlink()
    native.check(package)
    assert native.compiled_modules(package) == []


def test_a_build_for_another_python_is_not_counted(tmp_path: Path) -> None:
    package = _tree(tmp_path)
    _build(package)
    for path in native.compiled_files(package):
        path.rename(path.with_name(path.name.split(".")[0] + ".cpython-20-other.so"))
    native.check(package)
    assert native.compiled_modules(package) == []


def test_extensions_without_their_record_are_refused(tmp_path: Path) -> None:
    package = _tree(tmp_path)
    _build(package)
    (package / native.STAMP).unlink()
    with pytest.raises(native.StaleNativeBuild, match="without their build record"):
        native.check(package)


def test_an_unreadable_record_is_refused(tmp_path: Path) -> None:
    package = _tree(tmp_path)
    _build(package)
    (package / native.STAMP).write_text("{not json", "utf-8")
    with pytest.raises(native.StaleNativeBuild, match="unreadable build record"):
        native.check(package)


def test_this_checkout_is_consistent() -> None:
    """Importing marsad ran the check; running it again on the real package must pass too."""
    native.check()


def test_the_version_says_which_build_runs() -> None:
    from click.testing import CliRunner

    from marsad.cli import cli

    out = CliRunner().invoke(cli, ["--version"]).output
    n = len(native.compiled_modules())
    assert out.strip().endswith(f"(compiled build, {n} modules)" if n else "(plain Python)")
