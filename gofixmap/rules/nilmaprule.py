"""The base of the nil-map rules (NM001-NM005): what they share about tests.

A write into a nil map panics in the test that runs it, and ``go test``
reports that on its own, so these rules report neither in ``_test.go`` files
nor in packages only the module's tests run (fakes, end-to-end scaffolding:
:func:`.facts.uncalled.tests_only`), unless the run includes tests."""

from __future__ import annotations

from typing import ClassVar

from gofixmap.codemod.facts import Requirement
from gofixmap.codemod.rule import Pass, Rule
from gofixmap.rules.facts.startup import STARTUP
from gofixmap.rules.facts.testonly import MODULE_FILES
from gofixmap.rules.facts.uncalled import OUTSIDE, tests_only


class NilMapRule(Rule):
    """A rule about writes into nil maps (see the module doc)."""

    IN_TESTS: ClassVar[bool] = False
    # the facts :meth:`tests_only` reads: a subclass lists them in REQUIRES
    SCAFFOLDING: ClassVar[tuple[Requirement, ...]] = (STARTUP, OUTSIDE, MODULE_FILES)

    def tests_only(self, pkg: Pass) -> bool:
        return tests_only(pkg)
