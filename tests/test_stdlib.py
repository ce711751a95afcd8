"""The standard library is known by its package list, not by a missing dot."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from gofixmap.codemod import imports, source, stdlib
from gofixmap.codemod.toolchain import ToolchainError, find_go
from gofixmap.crashlog import Frame, first_user_frame

# roots of the standard library newer than some supported toolchain: the
# release that added each (a go1.26 toolchain does not list uuid)
ADDED = {"uuid": (1, 27)}


def _release(version: str) -> tuple[int, int]:
    match = re.match(r"go(\d+)\.(\d+)", version)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def test_roots_match_the_toolchain() -> None:
    try:
        tool = find_go()
    except ToolchainError as exc:
        pytest.skip(f"no Go toolchain: {exc}")
    listed = subprocess.run(
        [str(tool.go), "list", "std", "cmd"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    roots = {p.split("/", 1)[0] for p in listed if not p.startswith("vendor/")}
    assert roots <= stdlib.STD_ROOTS
    newer = {root for root, added in ADDED.items() if _release(tool.version) < added}
    assert stdlib.STD_ROOTS - roots <= {"C"} | newer
    assert not newer & roots


def test_release() -> None:
    assert _release("go1.26.8") == (1, 26)
    assert _release("go1.27rc1") == (1, 27)
    assert _release("devel") == (0, 0)


@pytest.mark.parametrize(
    ("path", "std"),
    [
        ("sync", True),
        ("encoding/json", True),
        ("myservice/internal/cache", False),  # a dotless main module
        ("github.com/org/app", False),
        ("internal/runtime/maps", True),
    ],
)
def test_is_std(path: str, std: bool) -> None:
    assert stdlib.is_std(path) is std


def test_a_dotless_module_frame_is_user_code() -> None:
    frames = [
        Frame.make("runtime.mapassign_faststr", "/usr/local/go/src/internal/runtime/maps/x.go", 1),
        Frame.make("myservice/internal/cache.(*Store).Put", "/app/internal/cache/store.go", 42),
        Frame.make("main.main", "/app/main.go", 9),
    ]
    user = first_user_frame(frames)
    assert user is not None and user.file == "/app/internal/cache/store.go"


def test_a_gopath_frame_is_user_code() -> None:
    frame = Frame.make("github.com/org/app/pkg.Put", "/go/src/github.com/org/app/pkg/put.go", 7)
    assert not frame.is_stdlib
    dotless = Frame.make("myapp/pkg.Put", "/go/src/myapp/pkg/put.go", 7)
    assert not dotless.is_stdlib


def test_std_import_never_joins_a_dotless_module_group(tmp_path: Path) -> None:
    data = b'package p\n\nimport (\n\t"myservice/internal/log"\n)\n\nvar _ = log.X\n'
    edit = imports.import_edit(source.parse("a.go", data), "sync")
    assert edit is not None
    fixed = data[: edit.start] + edit.new_text + data[edit.end :]
    assert fixed == (
        b'package p\n\nimport (\n\t"sync"\n\n\t"myservice/internal/log"\n)\n\nvar _ = log.X\n'
    )


def test_third_party_import_never_joins_the_modules_own_group(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/op\n\ngo 1.22\n")
    data = b'package p\n\nimport (\n\t"fmt"\n\n\t"example.com/op/api"\n)\n'
    file = source.parse(str(tmp_path / "a.go"), data)
    edit = imports.import_edit(file, "k8s.io/utils/ptr")
    assert edit is not None
    fixed = data[: edit.start] + edit.new_text + data[edit.end :]
    assert fixed == (
        b'package p\n\nimport (\n\t"fmt"\n\n\t"k8s.io/utils/ptr"\n\n\t"example.com/op/api"\n)\n'
    )
    # with a third-party group present, it joins that one, in order
    data = (
        b'package p\n\nimport (\n\t"fmt"\n\n\t"k8s.io/api/core/v1"\n\n\t"example.com/op/api"\n)\n'
    )
    file = source.parse(str(tmp_path / "a.go"), data)
    edit = imports.import_edit(file, "k8s.io/utils/ptr")
    assert edit is not None
    fixed = data[: edit.start] + edit.new_text + data[edit.end :]
    assert b'"k8s.io/api/core/v1"\n\t"k8s.io/utils/ptr"\n\n\t"example.com/op/api"' in fixed
