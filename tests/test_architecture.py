"""The import graph keeps the layers apart: the engine knows no rule, a rule knows no
other rule, and no module reaches into another module's private names."""

from __future__ import annotations

import ast

from tests.helpers import ROOT

PACKAGE = ROOT / "gofixmap"


def _imports() -> list[tuple[str, str, str | None]]:
    """(importing module, imported module, imported name or None) for gofixmap imports."""
    found: list[tuple[str, str, str | None]] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.extend((module, node.module, a.name) for a in node.names)
            elif isinstance(node, ast.Import):
                found.extend((module, a.name, None) for a in node.names)
    return [f for f in found if f[1].startswith("gofixmap")]


def _is_rule(module: str) -> bool:
    parts = module.split(".")
    return len(parts) == 3 and parts[1] == "rules" and parts[2][:2] in ("nm", "mr")


def _is_module(name: str) -> bool:
    return any(PACKAGE.rglob(f"{name}.py")) or any(PACKAGE.rglob(f"{name}*.so"))


def test_the_engine_imports_no_rule() -> None:
    bad = [i for i in _imports() if i[0].startswith("gofixmap.codemod") and ".rules" in i[1]]
    assert bad == []


def test_no_rule_imports_another_rule() -> None:
    bad = [
        i
        for i in _imports()
        if _is_rule(i[0]) and (_is_rule(i[1]) or (i[2] and _is_rule(f"{i[1]}.{i[2]}")))
    ]
    assert bad == []


def test_no_private_names_of_other_modules() -> None:
    bad = [
        i
        for i in _imports()
        if i[2] and i[2].startswith("_") and not i[2].startswith("__") and not _is_module(i[2])
    ]
    assert bad == []


def test_the_checks_see_the_package() -> None:
    imports = _imports()
    assert len(imports) > 100
    assert any(_is_rule(i[0]) for i in imports)
