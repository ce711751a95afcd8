"""Finding Go modules below a directory: one walk that triage and the batch mode share."""

from __future__ import annotations

from pathlib import Path

from gofixmap import triage
from gofixmap.codemod.discover import modules_under


def _module(directory: Path, path: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "go.mod").write_text(f"module {path}\n\ngo 1.22\n")
    return directory.resolve()


def test_modules_under_walks_go_mods_and_go_work_members(tmp_path: Path) -> None:
    root = _module(tmp_path, "example.com/root")
    api = _module(tmp_path / "api", "example.com/api")
    _module(tmp_path / "vendor" / "x", "example.com/vendored")  # skipped, as a scan skips it
    _module(tmp_path / "pkg" / "testdata" / "m", "example.com/fixture")  # skipped
    hidden = _module(tmp_path / "_tools", "example.com/tools")  # not walked into ...
    (tmp_path / "go.work").write_text("go 1.22\n\nuse (\n\t.\n\t./_tools // the tools\n)\n")
    other = _module(tmp_path / "checkout" / "lib", "example.com/lib")
    # ... but a go.work member; a nested checkout is someone else's
    assert modules_under(tmp_path) == sorted([root, api, hidden, other])
    assert modules_under(tmp_path, [tmp_path / "checkout"]) == sorted([root, api, hidden])
    # a go.work member outside the root is not the root's
    (tmp_path / "api" / "go.work").write_text("go 1.22\n\nuse ../pkg\n")
    _module(tmp_path / "pkg", "example.com/pkg")
    assert modules_under(tmp_path / "api") == [api]


def test_triage_names_the_modules_with_a_module_path(tmp_path: Path) -> None:
    root = _module(tmp_path, "example.com/root")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "go.mod").write_text("go 1.22\n")  # no module line
    sub = _module(tmp_path / "sub", "example.com/root/sub")
    assert triage._modules(tmp_path) == [(root, "example.com/root"), (sub, "example.com/root/sub")]
