"""Deeply nested code is checked completely: no recursion limit, no climb
that is quadratic in the depth (tree-sitter finds a parent by walking down
from the root), and one file's trouble never costs another file its fix."""

from __future__ import annotations

from pathlib import Path

from gofixmap import rules
from gofixmap.codemod.discover import expand
from gofixmap.codemod.model import Applicability, Status
from gofixmap.codemod.runner import RunOptions, run

_OPENERS = ("{", "if len(os.Args) > 0 {", "for i := 0; i < 1; i++ {", "switch {\ndefault:")


def _nested_blocks(depth: int) -> str:
    lines = ["package p", "", 'import "os"', "", "func deep() {", "\tvar m map[string]int"]
    for level in range(depth):
        indent = "\t" * (level + 1)
        opener = _OPENERS[level % len(_OPENERS)].replace("\n", "\n" + indent)
        lines.append(indent + opener)
    lines.append("\t" * (depth + 1) + 'm["a"] = 1')
    for level in reversed(range(depth)):
        lines.append("\t" * (level + 1) + "}")
    lines.append("\t_ = m")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _nested_literals(depth: int) -> str:
    lines = ["package p", "", "func literals() {"]
    for level in range(depth):
        lines.append("\t" * (level + 1) + "_ = func() {")
    lines.append("\t" * (depth + 1) + "var m map[string]int")
    lines.append("\t" * (depth + 1) + 'm["a"] = 1')
    for level in reversed(range(depth)):
        lines.append("\t" * (level + 1) + "}")
    lines.append("}")
    return "\n".join(lines) + "\n"


SHALLOW = """package p

func shallow() map[string]int {
	var counts map[string]int
	counts["a"]++
	return counts
}
"""


def _run(directory: Path) -> dict[str, object]:
    options = RunOptions(
        rules=rules.all_rules(), fix=Applicability.SAFE, external_types=rules.external_types()
    )
    return {Path(r.path).name: r for r in run(expand([str(directory)]), options)}


def _line(data: bytes, text: bytes) -> int:
    return data[: data.index(text)].count(b"\n") + 1


def test_a_thousand_nested_blocks(tmp_path: Path) -> None:
    deep = _nested_blocks(1000).encode()
    (tmp_path / "deep.go").write_bytes(deep)
    (tmp_path / "shallow.go").write_text(SHALLOW)
    results = _run(tmp_path)
    found = results["deep.go"]
    assert found.status is Status.FIXED, found.reason  # type: ignore[attr-defined]
    [diag] = found.diagnostics  # type: ignore[attr-defined]
    assert diag.rule == "NM001" and "m is nil when declared with var" in diag.message
    assert found.original[: diag.span.start].count(b"\n") + 1 == _line(deep, b'm["a"] = 1')  # type: ignore[attr-defined]
    assert b"if m == nil {" in found.fixed  # type: ignore[attr-defined]  (m is used after)
    other = results["shallow.go"]
    assert other.status is Status.FIXED  # type: ignore[attr-defined]
    assert b"counts := make(map[string]int)" in other.fixed  # type: ignore[attr-defined]


def test_five_thousand_nested_func_literals(tmp_path: Path) -> None:
    deep = _nested_literals(5000).encode()
    (tmp_path / "deep.go").write_bytes(deep)
    (tmp_path / "shallow.go").write_text(SHALLOW)
    results = _run(tmp_path)
    found = results["deep.go"]
    assert found.status is Status.FIXED, found.reason  # type: ignore[attr-defined]
    [diag] = found.diagnostics  # type: ignore[attr-defined]
    assert diag.rule == "NM001"
    assert found.original[: diag.span.start].count(b"\n") + 1 == _line(deep, b'm["a"] = 1')  # type: ignore[attr-defined]
    assert results["shallow.go"].status is Status.FIXED  # type: ignore[attr-defined]
