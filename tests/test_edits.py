"""Edits, fixes, imports and diffs: properties, plus git apply and unidiff."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
import unidiff
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gofixmap.codemod.diff import unified_diff
from gofixmap.codemod.edits import EditError, apply_edits, apply_fixes, normalize
from gofixmap.codemod.imports import add_imports
from gofixmap.codemod.model import Applicability, Edit, Fix
from gofixmap.codemod.source import parse
from tests.helpers import gofmt_unformatted


@st.composite
def data_and_edits(draw: st.DrawFn) -> tuple[bytes, list[Edit]]:
    data = draw(st.binary(max_size=200))
    cuts = sorted(draw(st.lists(st.integers(0, len(data)), max_size=10, unique=True)))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        edits.append(Edit(a, b, draw(st.binary(max_size=8))))
    return data, edits


@given(data_and_edits(), st.randoms())
def test_apply_edits_matches_slicing_in_any_order(
    case: tuple[bytes, list[Edit]], rnd: object
) -> None:
    data, edits = case
    shuffled = list(edits)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    expected = bytearray(data)
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        expected[edit.start : edit.end] = edit.new_text
    assert apply_edits(data, shuffled) == bytes(expected)


@given(st.binary(min_size=4, max_size=50), st.data())
def test_overlapping_edits_are_refused(data: bytes, draw: st.DataObject) -> None:
    start = draw.draw(st.integers(0, len(data) - 2))
    end = draw.draw(st.integers(start + 1, len(data)))
    inner = draw.draw(st.integers(start, end - 1))
    with pytest.raises(EditError):
        apply_edits(data, [Edit(start, end, b"x"), Edit(inner, end, b"y")])


def test_identical_edits_merge_and_distinct_inserts_at_one_point_conflict() -> None:
    assert apply_edits(b"abc", [Edit(1, 1, b"X"), Edit(1, 1, b"X")]) == b"aXbc"
    with pytest.raises(EditError):
        normalize([Edit(1, 1, b"X"), Edit(1, 1, b"Y")], 3)
    with pytest.raises(EditError):
        apply_edits(b"abc", [Edit(2, 5, b"")])
    with pytest.raises(ValueError):
        Edit(3, 2, b"")


def test_apply_fixes_adds_imports_once() -> None:
    src = b'package p\n\nimport "fmt"\n\nvar x = fmt.Sprint()\n'
    fix = Fix(
        "add", (Edit(len(src), len(src), b"\nvar mu sync.Mutex\n"),), Applicability.SAFE, ("sync",)
    )
    out = apply_fixes(src, [fix, Fix("again", (), Applicability.SAFE, ("sync",))])
    assert out.count(b'"sync"') == 1
    assert parse("x.go", out).first_error() is None


IMPORT_CASES = {
    "none": "package p\n\nfunc f() {}\n",
    "single": 'package p\n\nimport "fmt"\n\nfunc f() { fmt.Println() }\n',
    "single-third-party": 'package p\n\nimport "example.com/x"\n\nfunc f() { x.F() }\n',
    "block": 'package p\n\nimport (\n\t"fmt"\n\t"testing"\n\n\t"example.com/x"\n)\n\n'
    "func f(*testing.T) { fmt.Println(); x.F() }\n",
    "block-third-party-only": 'package p\n\nimport (\n\t"example.com/x"\n)\n\nfunc f() { x.F() }\n',
    "already": 'package p\n\nimport "sync"\n\nvar mu sync.Mutex\n',
    "named": 'package p\n\nimport (\n\tstdsync "sync"\n)\n\nvar mu stdsync.Mutex\n',
}


@pytest.mark.parametrize("name", sorted(IMPORT_CASES))
def test_add_imports_is_gofmt_clean(name: str, tmp_path: Path) -> None:
    out = add_imports(IMPORT_CASES[name].encode(), ["sync"])
    assert out.count(b'"sync"') == 1
    path = tmp_path / "x.go"
    path.write_bytes(out)
    assert parse("x.go", out).first_error() is None
    assert gofmt_unformatted([path]) == [], out.decode()


def test_add_imports_keeps_crlf() -> None:
    out = add_imports(b'package p\r\n\r\nimport (\r\n\t"fmt"\r\n)\r\n', ["sync"])
    assert out == b'package p\r\n\r\nimport (\r\n\t"fmt"\r\n\t"sync"\r\n)\r\n'


line = st.one_of(
    st.sampled_from([b"a", b"b", b"\tx := 1", b"", b"\xff\xfe bytes", b"caf\xc3\xa9"]),
    st.binary(max_size=6).filter(lambda b: b"\n" not in b and b"\r" not in b),
)


@st.composite
def texts(draw: st.DrawFn) -> bytes:
    ending = draw(st.sampled_from([b"\n", b"\r\n"]))
    lines = draw(st.lists(line, max_size=12))
    body = ending.join(lines)
    if lines and draw(st.booleans()):
        body += ending
    return body


def _git(
    args: list[str], cwd: Path, data: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=False)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=texts(), after=texts())
def test_diff_applies_with_git_and_parses_with_unidiff(
    before: bytes, after: bytes, tmp_path: Path
) -> None:
    patch = unified_diff("dir/f.go", before, after)
    if before == after:
        assert patch == b""
        return
    parsed = unidiff.PatchSet(io.StringIO(patch.decode("utf-8", "surrogateescape")))
    assert len(parsed) == 1
    assert parsed[0].source_file == "a/dir/f.go" and parsed[0].target_file == "b/dir/f.go"
    repo = tmp_path / "repo"
    if repo.exists():
        subprocess.run(["rm", "-rf", str(repo)], check=True)
    (repo / "dir").mkdir(parents=True)
    (repo / "dir" / "f.go").write_bytes(before)
    _git(["init", "-q"], repo)
    out = _git(["apply", "--whitespace=nowarn", "-"], repo, patch)
    assert out.returncode == 0, (out.stderr, patch)
    assert (repo / "dir" / "f.go").read_bytes() == after


def test_positions_are_one_based_byte_columns() -> None:
    source = parse("x.go", 'package p\n\nvar s = "é" + x\n'.encode())
    offset = source.data.index(b"x\n")
    pos = source.position(offset)
    assert (pos.line, pos.column) == (3, 16)  # é is two bytes, so x is byte 16
    assert source.line_text(3) == 'var s = "é" + x'.encode()
