"""The crash catalogue is the Go runtime's own list of fatal map errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gofixmap import crashlog
from gofixmap.codemod.toolchain import ToolchainError, find_go
from gofixmap.rules import crashes

_THROW = re.compile(r'\bfatal\("(concurrent map [^"]*)"\)')
_NIL_ASSIGN = re.compile(r'plainError\("(assignment to entry in nil map)"\)')


def _runtime_sources() -> list[Path]:
    try:
        goroot = find_go().goroot
    except ToolchainError as exc:
        pytest.skip(f"no Go toolchain: {exc}")
    roots = [goroot / "src" / "runtime", goroot / "src" / "internal" / "runtime"]
    return [p for root in roots for p in root.rglob("*.go") if not p.name.endswith("_test.go")]


def test_catalogue_is_the_runtime_messages() -> None:
    fatal: set[str] = set()
    panics: set[str] = set()
    for path in _runtime_sources():
        text = path.read_text(encoding="utf-8", errors="replace")
        fatal.update(_THROW.findall(text))
        panics.update(_NIL_ASSIGN.findall(text))
    assert fatal, "no fatal map error found in the runtime source"
    assert fatal == {c.message for c in crashes.CRASHES if c.fatal}
    assert panics == {c.message for c in crashes.CRASHES if not c.fatal}
    assert "concurrent map clone and map write" in fatal
    assert "concurrent map clear and map write" not in fatal


@pytest.mark.parametrize("crash", crashes.CRASHES, ids=lambda c: c.kind)
def test_every_message_classifies_in_a_log(crash: crashes.MapCrash) -> None:
    prefix = "fatal error: " if crash.fatal else "panic: "
    log = (
        f"{prefix}{crash.message}\n\ngoroutine 7 [running]:\n"
        "main.f(...)\n\t/src/app/main.go:12 +0x1d\ncreated by main.main in goroutine 1\n"
        "\t/src/app/main.go:20 +0x2e\n"
    )
    found = crashlog.parse_log(log)
    assert [c.kind for c in found] == [crash.kind]
    assert crash.kind in crashlog.KINDS  # the kinds a log can hold come from the catalogue
    assert crashes.rules_for(crash.kind) == crash.rules
    assert crash.message in crashes.crash_markers()


@pytest.mark.parametrize("crash", [c for c in crashes.CRASHES if c.fatal], ids=lambda c: c.kind)
def test_race_takes_every_concurrent_map_throw(crash: crashes.MapCrash, tmp_path: Path) -> None:
    """``gofixmap race`` locates each of the runtime's concurrent map throws
    (maps.Clone's included), recognised through the catalogue."""
    from gofixmap import race

    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "c.go").write_text(
        "package m\n\nvar hits = map[string]int{}\n\nfunc Put(k string) {\n\thits[k] = 1\n}\n"
    )
    log = (
        f"fatal error: {crash.message}\n\ngoroutine 7 [running]:\n"
        f"example.com/m.Put(...)\n\t{tmp_path / 'c.go'}:6 +0x1d\n"
    )
    (report,) = race.reports_from(log, tmp_path, "example.com/m")
    assert report.classification == race.MAP_OP and report.map_expr == "hits"
