"""The byte-level prefilter never loses a finding the full pipeline would make."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

import pytest

from gofixmap import rules
from gofixmap.codemod import parallel, prefilter
from gofixmap.codemod.discover import GoFile, expand
from gofixmap.codemod.model import Diagnostic, FileResult
from gofixmap.codemod.rule import Pass, Rule
from gofixmap.codemod.runner import RunOptions
from gofixmap.codemod.toolchain import find_go

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "golden"


class _Always(Rule):
    code = "XX001"
    name = "always"
    summary = "test rule"

    def check(self, pkg: Pass) -> Iterable[Diagnostic]:
        return ()


class _Declared(_Always):
    code = "XX002"
    PREFILTER: ClassVar[tuple[bytes, ...]] = (b"k8s.io/",)


class _Never(_Always):
    code = "XX003"
    PREFILTER: ClassVar[tuple[bytes, ...]] = ()


class _Gated(_Always):
    code = "XX004"
    PREFILTER: ClassVar[tuple[bytes, ...]] = rules.MAP_GATE


def test_external_imports_are_the_import_paths_of_named_map_types() -> None:
    found = prefilter.external_imports(
        {"net/http": {"Header": "map[string][]string"}, "go/ast": {}}
    )
    assert found == (b'"net/http"',)


def test_rules_run_where_their_patterns_occur() -> None:
    external = prefilter.external_imports({"net/http": {"Header": "map[string][]string"}})
    rs = (_Always(), _Declared(), _Never(), _Gated())
    maps = [b"package p\nvar m map[string]int\n"]
    assert prefilter.active_rules(rs, maps, external) == (rs[0], rs[3])
    mutex = [b"package p\n", b"var mu sync.Mutex\n"]
    assert prefilter.active_rules(rs, mutex, external) == (rs[0], rs[3])
    header = [b'package p\nimport "net/http"\nfunc f(h http.Header) { h["a"] = nil }\n']
    assert prefilter.active_rules(rs, header, external) == (rs[0], rs[3])
    assert prefilter.active_rules(rs, header, ()) == (rs[0],)  # no such table: no marker
    assert prefilter.active_rules(rs, [b"package p\nfunc f() {}\n"], external) == (rs[0],)
    # another module's package may declare a map type or a map field
    k8s = [b'package p\nimport corev1 "k8s.io/api/core/v1"\n']
    assert prefilter.active_rules(rs, k8s, external) == (rs[0], rs[1], rs[3])
    std = [b'package p\nimport (\n\t"fmt"\n\t"net/url"\n)\n']
    assert prefilter.active_rules(rs, std, external) == (rs[0],)


def test_the_map_type_may_be_in_another_file_of_the_package() -> None:
    files = [
        b"package p\nfunc f(c *C) { c.m[1] = 2 }\n",
        b"package p\ntype C struct{ m map[int]int }\n",
    ]
    rule = _Gated()
    assert prefilter.active_rules((rule,), files) == (rule,)
    assert prefilter.active_rules((rule,), files[:1]) == ()


def test_a_package_without_markers_still_gets_its_syntax_checked(tmp_path: Path) -> None:
    """No rule can fire (no markers), yet a file that does not parse is named,
    as it is without the prefilter."""
    (tmp_path / "a.go").write_bytes(b"package p\n\nfunc f( {\n")
    (tmp_path / "b.go").write_bytes(b"package p\n\nfunc g() {}\n")
    files = expand([str(tmp_path)])
    options = RunOptions(rules=rules.all_rules(), external_types=rules.external_types())
    fast = {r.path.rsplit("/", 1)[-1]: r for r in parallel.run(files, options, jobs=1)}
    assert fast["a.go"].error_line == 3 and fast["b.go"].status.value == "clean"
    slow = parallel.run(files, options, jobs=1, use_prefilter=False)
    assert {r.path.rsplit("/", 1)[-1]: r.error_line for r in slow} == {"a.go": 3, "b.go": 0}


def _findings(results: Iterable[FileResult]) -> set[tuple[str, str, int, int, str]]:
    return {
        (d.path, d.rule, d.span.start, d.span.end, d.message)
        for r in results
        for d in r.diagnostics
    }


def _compare(
    files: list[GoFile], selected: tuple[Rule, ...], jobs: int = 1, imports: bool = False
) -> int:
    options = RunOptions(
        rules=selected,
        external_types=rules.external_types(),
        importer=rules.dependency_loader() if imports else None,
    )
    full = list(parallel.run(files, options, jobs=jobs, use_prefilter=False))
    fast = list(parallel.run(files, options, jobs=jobs, use_prefilter=True))
    raised = [e.line for r in full for e in getattr(r, "rule_errors", ())]
    assert not raised, f"a rule raised: {raised[:5]}"  # (IndexError on net, session 23)
    lost = _findings(full) - _findings(fast)
    assert not lost, f"the prefilter lost findings: {sorted(lost)[:10]}"
    assert _findings(fast) == _findings(full)
    return len(_findings(full))


def _golden_cases() -> list[tuple[type[Rule], Path]]:
    cases = []
    for cls in rules.RULES:
        folder = GOLDEN / cls.name
        cases.extend((cls, path) for path in sorted(folder.rglob("*.go")))
    return cases


def _golden_packages() -> list[tuple[type[Rule], Path, list[Path]]]:
    """Each golden case file alone (as the golden harness runs it), and each
    package directory of a golden module with all its files."""
    packages: list[tuple[type[Rule], Path, list[Path]]] = []
    for cls in rules.RULES:
        folder = GOLDEN / cls.name
        packages.extend((cls, folder, [path]) for path in sorted(folder.glob("*.go")))
        for directory in sorted(p for p in folder.rglob("*") if p.is_dir()):
            files = sorted(directory.glob("*.go"))
            if files:
                packages.append((cls, directory, files))
    return packages


def _module_path(directory: Path) -> str:
    for parent in (directory, *directory.parents):
        if parent == GOLDEN:
            return ""
        mod = parent / "go.mod"
        if mod.is_file():
            for line in mod.read_text().splitlines():
                if line.startswith("module "):
                    return line.split()[1]
    return ""


def test_prefilter_keeps_the_rule_of_every_golden_with_findings() -> None:
    """The prefilter's one decision, per package: a rule stays active where
    a golden expects its findings (the golden suite checks the findings
    themselves; the slow test below compares whole runs)."""
    external = prefilter.external_imports(rules.external_types())
    checked = 0
    for cls, directory, files in _golden_packages():
        texts = [f.read_bytes() for f in files]
        if not any(re.search(rb"//\s*want\s", t) for t in texts):
            continue
        checked += 1
        active = prefilter.active_rules((cls(),), texts, external, _module_path(directory))
        assert active, f"the prefilter drops {cls.code} on {[str(f) for f in files]}"
    assert checked > 300  # every rule's goldens with findings were seen


@pytest.mark.slow
@pytest.mark.parametrize("cls", rules.RULES, ids=lambda c: c.code)
def test_prefilter_keeps_every_golden_finding(cls: type[Rule]) -> None:
    """Each golden case alone, as the golden harness runs it, with its rule only."""
    for rule_cls, path in _golden_cases():
        if rule_cls is not cls:
            continue
        _compare([GoFile(path, path.name, True)], (cls(),))


def test_prefilter_keeps_every_finding_in_the_examples_and_fixtures() -> None:
    files = expand([str(ROOT / "examples"), str(ROOT / "tests" / "fixtures")])
    _compare(files, rules.all_rules(), jobs=2)


def _goroot_src() -> Path:
    try:
        toolchain = find_go()
    except Exception:  # pragma: no cover - no toolchain
        pytest.skip("no Go toolchain")
    src = Path(toolchain.env()["GOROOT"]) / "src"
    if not src.is_dir():  # pragma: no cover
        pytest.skip("no GOROOT/src")
    return src


@pytest.mark.slow
def test_prefilter_keeps_every_finding_on_the_standard_library() -> None:
    """The claim of the package gate, checked on 5.5k files of real code."""
    files = expand([str(_goroot_src())])
    _compare(files, rules.all_rules(), jobs=os.cpu_count() or 1)


def test_a_gopath_project_imports_its_own_packages(tmp_path: Path) -> None:
    """Without a go.mod the project's import path comes from its GOPATH
    layout (Gopkg.toml marks the root): a package that uses a named map type
    of another package of the project only through its import is not
    skipped (flux's ``var s policy.Set``, written without being made)."""
    (tmp_path / "Gopkg.toml").write_text("")
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "policy.go").write_bytes(
        b"package policy\n\ntype Set map[string]string\n"
    )
    (tmp_path / "rpc").mkdir()
    (tmp_path / "rpc" / "client.go").write_bytes(
        b'package rpc\n\nimport "example.com/proj/policy"\n\n'
        b"func policies(names []string) policy.Set {\n"
        b"\tvar s policy.Set\n\tfor _, n := range names {\n\t\ts[n] = n\n\t}\n\treturn s\n}\n"
    )
    files = [GoFile(tmp_path / "rpc" / "client.go", "rpc/client.go", True)]
    nm001 = rules.by_code("NM001")
    assert nm001 is not None
    assert _compare(files, (nm001(),), imports=True) == 1


def test_a_named_map_type_of_a_dependency_keeps_the_package(tmp_path: Path) -> None:
    """A package with no ``map[``, no ``sync.`` and no import of its own
    module writes a map whose type a dependency declares (resolved here
    through a ``replace`` to a local directory): the dependency's import
    keeps it in, so the nil write is reported (session 34: it was gated
    out, and the write into a never-made map went unreported)."""
    (tmp_path / "dep").mkdir()
    (tmp_path / "dep" / "go.mod").write_text("module example.com/dep\n\ngo 1.22\n")
    (tmp_path / "dep" / "dep.go").write_text("package dep\n\ntype Tags map[string]string\n")
    app = tmp_path / "app"
    (app / "p").mkdir(parents=True)
    (app / "go.mod").write_text(
        "module example.com/app\n\ngo 1.22\n\nrequire example.com/dep v0.0.0\n\n"
        "replace example.com/dep => ../dep\n"
    )
    (app / "p" / "p.go").write_text(
        'package p\n\nimport "example.com/dep"\n\n'
        'func F() dep.Tags {\n\tvar t dep.Tags\n\tt["a"] = "b"\n\treturn t\n}\n'
    )
    nm001 = rules.by_code("NM001")
    assert nm001 is not None
    assert _compare(expand([str(app)]), (nm001(),), imports=True) == 1


def _module_cases() -> list[tuple[type[Rule], Path]]:
    """The golden modules in which the prefilter skips some package for the
    rule (where it skips none, both runs are the same run)."""
    external = prefilter.external_imports(rules.external_types())
    cases = []
    for cls in rules.RULES:
        for mod in sorted((GOLDEN / cls.name).glob("*/go.mod")):
            module_path = mod.read_text().split()[1]
            packages: dict[Path, list[bytes]] = {}
            for path in mod.parent.rglob("*.go"):
                if "modcache" not in path.relative_to(mod.parent).parts:
                    packages.setdefault(path.parent, []).append(path.read_bytes())
            if any(
                not prefilter.active_rules((cls(),), datas, external, module_path)
                for datas in packages.values()
            ):
                cases.append((cls, mod.parent))
    return cases


@pytest.mark.parametrize(
    ("cls", "case"), _module_cases(), ids=lambda v: v.code if isinstance(v, type) else v.name
)
def test_prefilter_keeps_every_finding_of_a_golden_module(cls: type[Rule], case: Path) -> None:
    """A golden module, all its packages in one run as the CLI runs them: a
    package whose finding rests on another package of the module (the map
    type or the literal that leaves it out declared there, ``ep.Labels[k] =
    v`` in a package with no ``map[`` of its own) is not gated out."""
    files = [
        GoFile(path, str(path.relative_to(case)), True)
        for path in sorted(case.rglob("*.go"))
        if "modcache" not in path.relative_to(case).parts
    ]
    _compare(files, (cls(),), imports=True)
