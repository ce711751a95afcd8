"""The byte gate of the write-reporting rules: a file without the bytes of a
write site has no write site (``facts.writes.may_write`` is a superset)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gofixmap.codemod import source as src
from gofixmap.codemod.discover import expand
from gofixmap.codemod.toolchain import find_go
from gofixmap.rules.facts import writes as gt
from tests.helpers import ROOT

WRITES = [
    "a[i] = v",
    "a[i]=v",
    "a[i] += v",
    "a[i] <<= v",
    "a[i] &^= v",
    "(a[i]) = v",
    "a[i], b = 1, 2",
    "a[i],\n\t\tb = 1, 2",
    "x, a[i] = 1, 2",
    "a[i]++",
    "a[i] --",
    "(a[i])++",
    "a[i] /* why */ = v",
    "a[i] /* a * b */ += v",
    "s.m[k] = v",
    "m[a][b] = v",
]

NO_WRITES = [
    "x := a[i]",
    "if a[i] == v {\n\t\treturn\n\t}",
    "f(a[i], b)",
    "v, ok := m[k]\n\t_, _ = v, ok",
    "for range a[1:] {\n\t}",
]


def _file(body: str) -> src.SourceFile:
    text = f"package p\n\nfunc f(a []int, b, v, x int) {{\n\t{body}\n}}\n"
    return src.parse("p.go", text.encode())


@pytest.mark.parametrize("body", WRITES)
def test_every_form_of_write_passes_the_gate(body: str) -> None:
    file = _file(body)
    if not body.startswith("("):  # NM002 unwraps parentheses, write_sites does not
        assert list(gt.write_sites(file.root, file)), body  # the form is a write site
    assert gt.may_write(file)


@pytest.mark.parametrize("body", NO_WRITES)
def test_reads_do_not_pass_the_gate(body: str) -> None:
    file = _file(body)
    assert not list(gt.write_sites(file.root, file))
    assert not gt.may_write(file)


def _check_tree(paths: list[Path]) -> int:
    checked = 0
    for path in paths:
        data = path.read_bytes()
        file = src.parse(str(path), data)
        if next(gt.write_sites(file.root, file), None) is not None:
            assert gt.may_write(file), path
            checked += 1
        src.release()
    return checked


def test_the_gate_passes_every_file_with_a_write_in_the_goldens_and_fixtures() -> None:
    files = expand([str(ROOT / "golden"), str(ROOT / "examples"), str(ROOT / "tests" / "fixtures")])
    assert _check_tree([f.path for f in files]) > 100


@pytest.mark.slow
def test_the_gate_passes_every_file_with_a_write_in_the_standard_library() -> None:
    try:
        src_dir = Path(find_go().env()["GOROOT"]) / "src"
    except Exception:  # pragma: no cover - no toolchain
        pytest.skip("no Go toolchain")
    files = expand([str(src_dir)])
    assert _check_tree([f.path for f in files]) > 1000
