"""Every rule's VALID and INVALID examples, and its documentation."""

from __future__ import annotations

import pytest

from gofixmap import rules
from gofixmap.codemod.model import Applicability
from gofixmap.codemod.rule import Invalid, Rule
from tests.helpers import run_source

VALID = [(cls, i, code) for cls in rules.RULES for i, code in enumerate(cls.VALID)]
INVALID = [(cls, i, ex) for cls in rules.RULES for i, ex in enumerate(cls.INVALID)]


@pytest.mark.parametrize(("cls", "number", "code"), VALID, ids=lambda v: getattr(v, "code", v))
def test_valid_examples_are_silent(cls: type[Rule], number: int, code: str) -> None:
    result = run_source(code, [cls])
    assert result.reason == "", result.reason
    assert not result.diagnostics, [d.message for d in result.diagnostics]


@pytest.mark.parametrize(("cls", "number", "example"), INVALID, ids=lambda v: getattr(v, "code", v))
def test_invalid_examples_are_flagged_and_fixed(
    cls: type[Rule], number: int, example: Invalid
) -> None:
    result = run_source(example.code, [cls], Applicability.SAFE)
    assert result.reason == "", result.reason
    assert result.diagnostics, "no diagnostic"
    assert all(d.rule == cls.code for d in result.diagnostics)
    expected = example.code if example.fixed is None else example.fixed
    assert result.fixed.decode() == expected
    if example.unsafe_fixed is not None:
        unsafe = run_source(example.code, [cls], Applicability.UNSAFE)
        assert unsafe.fixed.decode() == example.unsafe_fixed


@pytest.mark.parametrize("cls", rules.RULES, ids=lambda c: c.code)
def test_rule_is_documented(cls: type[Rule]) -> None:
    doc = cls.__doc__ or ""
    if "PLACEHOLDER" in doc:
        pytest.xfail(f"{cls.code} not implemented yet")
    for section in ("What it does", "Why is this bad", "Example", "Fix safety"):
        assert section in doc, f"{cls.code}: docstring lacks {section!r}"
    assert cls.VALID and cls.INVALID, f"{cls.code}: needs VALID and INVALID examples"
    assert cls.summary and cls.summary == cls.summary.strip()
