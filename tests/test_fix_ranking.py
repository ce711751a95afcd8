"""Rule.diagnostic ranks a finding's alternatives: one that edits only test
files never outranks a fix of production code (issue 13)."""

from __future__ import annotations

from gofixmap.codemod.model import Applicability, Edit, Fix, Span
from gofixmap.rules.nm002_nil_map_field_write import NilMapFieldWrite

SAFE, UNSAFE, DISPLAY = Applicability.SAFE, Applicability.UNSAFE, Applicability.DISPLAY_ONLY


def _fix(title: str, applicability: Applicability, *paths: str) -> Fix:
    return Fix(title, tuple(Edit(i, i, b"x", p) for i, p in enumerate(paths)), applicability)


def _ranked(path: str, *fixes: Fix) -> list[tuple[str, Applicability]]:
    diag = NilMapFieldWrite().diagnostic(path, Span(0, 1), "m", fixes, evidence="never-set")
    return [(f.title, f.applicability) for f in diag.fixes]


def test_test_only_alternative_comes_after_production_and_is_never_safe() -> None:
    in_test = _fix("make it in the test literal", SAFE, "store_test.go")
    guard = _fix("guard the write", UNSAFE, "")
    assert _ranked("store.go", in_test, guard) == [
        ("guard the write", UNSAFE),
        ("make it in the test literal (edits test files only)", UNSAFE),
    ]


def test_a_fix_that_edits_production_and_tests_is_a_production_fix() -> None:
    both = _fix("make it in every literal", SAFE, "store_test.go", "store.go")
    only = _fix("make it in the test", DISPLAY, "a_test.go")
    assert _ranked("store.go", only, both) == [
        ("make it in every literal", SAFE),
        ("make it in the test (edits test files only)", DISPLAY),
    ]


def test_findings_in_test_files_keep_their_order() -> None:
    in_test = _fix("make it here", SAFE, "")
    other = _fix("make it there", SAFE, "store.go")
    assert _ranked("store_test.go", in_test, other) == [
        ("make it here", SAFE),
        ("make it there", SAFE),
    ]
