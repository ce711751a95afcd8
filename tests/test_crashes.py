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
    assert crashes.rules_for(crash.kind) == crash.rules
    assert crash.message in crashes.crash_markers()
