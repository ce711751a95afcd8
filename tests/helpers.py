"""Shared test helpers: run rules on source text, run the real Go toolchain."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import tree_sitter

from gofixmap import rules
from gofixmap.codemod.declarations import DependencyLoader
from gofixmap.codemod.discover import GoFile
from gofixmap.codemod.model import Applicability, FileResult
from gofixmap.codemod.rule import Rule, Settings
from gofixmap.codemod.runner import RunOptions, run
from gofixmap.codemod.toolchain import Toolchain, ToolchainError, find_go

ROOT = Path(__file__).resolve().parent.parent

# A whole Go file with one NM001 finding (a write into a var-declared map).
NIL_MAP = b"""package p

func f() map[string]int {
	var m map[string]int
	m["a"] = 1
	return m
}
"""


_LOADERS: dict[str, DependencyLoader] = {}


def shared_loader() -> DependencyLoader:
    """The dependency loader of this test process for the current Go
    environment (GOMODCACHE, GOPATH, ...: its repr). A CLI run keeps one
    loader for the run; the tests keep one for the process, since the
    dependencies' sources do not change while the tests run, and computing
    the exported facts of a large dependency from source (apimachinery's
    callee proofs for NM004) was most of each golden case's time. A module
    under test is another go.mod, so its packages get keys of their own."""
    loader = rules.dependency_loader()
    return _LOADERS.setdefault(repr(loader), loader)


def run_file(
    path: Path,
    rule_classes: Sequence[type[Rule]],
    fix: Applicability | None = None,
    strategy: str = "mutex",
    display: str | None = None,
) -> FileResult:
    """Run ``rule_classes`` on one file, alone as its own package."""
    options = RunOptions(
        rules=tuple(cls() for cls in rule_classes),
        fix=fix,
        settings=Settings(strategy=strategy),
        external_types=rules.external_types(),
        include_tests=True,  # goldens judge the rules' logic in test files too
        importer=shared_loader(),  # dependency types from the module cache, as the CLI
    )
    results = list(run([GoFile(path, display or path.name, True)], options))
    assert len(results) == 1, results
    return results[0]


def run_source(
    code: str,
    rule_classes: Sequence[type[Rule]],
    fix: Applicability | None = None,
    strategy: str = "mutex",
    name: str = "example.go",
) -> FileResult:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(code)
        return run_file(path, rule_classes, fix, strategy, display=name)


def go_env(toolchain: Toolchain, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(toolchain.env())
    env.update({"GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOWORK": "off"})
    env.update(extra)
    return env


def go(
    args: Sequence[str], cwd: Path, timeout: float = 300, **extra: str
) -> subprocess.CompletedProcess[str]:
    toolchain = find_go()
    return subprocess.run(
        [str(toolchain.go), *args],
        cwd=cwd,
        env=go_env(toolchain, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def gofmt_unformatted(paths: Sequence[Path]) -> list[str]:
    """Files among ``paths`` that gofmt would change (``gofmt -l``)."""
    if not paths:
        return []
    toolchain = find_go()
    out = subprocess.run(
        [str(toolchain.gofmt), "-l", *map(str, paths)],
        capture_output=True,
        text=True,
        env=go_env(toolchain),
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return [line for line in out.stdout.splitlines() if line]


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".git"))
    return dst


_MODULE_DEPS: dict[str, str | None] = {}


def require_module_deps(module: Path) -> None:
    """Skip unless the dependencies of ``module`` (a go.mod directory) are in the
    module cache; when they are not, download them once if the module proxy is
    reachable (``GOFIXMAP_TEST_OFFLINE=1`` forbids it). ``.ci/run`` downloads
    them first, so CI never skips."""
    key = str(module.resolve())
    if key not in _MODULE_DEPS:
        _MODULE_DEPS[key] = _module_deps_problem(module)
    problem = _MODULE_DEPS[key]
    if problem is not None:
        pytest.skip(problem)


def _module_deps_problem(module: Path) -> str | None:
    try:
        find_go()
    except ToolchainError as exc:
        return f"no Go toolchain: {exc}"
    offline = go(["mod", "download"], cwd=module)  # GOPROXY=off: the cache alone
    if offline.returncode == 0:
        return None
    if os.environ.get("GOFIXMAP_TEST_OFFLINE", "") not in ("", "0"):
        why = "GOFIXMAP_TEST_OFFLINE is set"
    else:
        proxy = os.environ.get("GOPROXY") or "https://proxy.golang.org,direct"
        online = go(["mod", "download"], cwd=module, timeout=600, GOPROXY=proxy)
        if online.returncode == 0:
            return None
        lines = (online.stderr or online.stdout).strip().splitlines()
        why = f"downloading failed: {lines[-1] if lines else 'exit ' + str(online.returncode)}"
    return (
        f"the dependencies of {module.name} (Kubernetes modules) are not in the Go module"
        f" cache and {why}; `bash .ci/run` or `go mod download` in {module} fetches them"
    )


def nodes(tree: tree_sitter.Tree) -> Iterator[tuple[str, str | None, int, int]]:
    """Every node of ``tree`` (anonymous ones too) in preorder: kind, field, byte range."""
    cursor = tree.walk()
    while True:
        node = cursor.node
        assert node is not None
        yield node.type, cursor.field_name, node.start_byte, node.end_byte
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return


def differences(
    old: tree_sitter.Node, new: tree_sitter.Node
) -> Iterator[tuple[tree_sitter.Node, tree_sitter.Node]]:
    """The smallest subtrees where two trees of one text differ: pairs of an
    old and a new node over the same bytes whose kinds differ, or whose
    children's fields or byte ranges do (nothing for identical trees)."""

    def shape(node: tree_sitter.Node) -> list[tuple[str | None, int, int]]:
        return [
            (node.field_name_for_child(i), c.start_byte, c.end_byte)
            for i, c in enumerate(node.children)
        ]

    if old.type != new.type or shape(old) != shape(new):
        yield old, new
        return
    for a, b in zip(old.children, new.children, strict=True):
        yield from differences(a, b)


def is_index_chain_fix(old: tree_sitter.Node, new: tree_sitter.Node) -> bool:
    """Whether ``old``/``new`` is one of the changes of gofixmap's grammar to
    tree-sitter-go's trees, index chains that tree-sitter-go reads as a
    type_instantiation_expression and gofixmap's grammar as index expressions:
    ``s.m[a.b][c.d]``, an instantiation of an instantiated type (never Go), and
    ``qt.m[q.r[e.K]]``, ``m[a[b[c]]]``, an instantiation with one generic type
    argument that reads as an index whose key is an index as well."""
    if old.type != "type_instantiation_expression" or new.type != "index_expression":
        return False
    kind, *arguments = old.named_children
    if kind.type == "generic_type":
        return True
    key = new.child_by_field_name("index")
    return (
        len(arguments) == 1
        and arguments[0].type == "generic_type"
        and key is not None
        and key.type == "index_expression"
    )
