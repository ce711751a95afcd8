"""Golden tests: golden/<rule-name>/<case>.go with `// want "regex"` comments.

``<case>.go.golden`` is the file after safe fixes (absent: no fix expected);
``<case>.go.unsafe.golden`` the file with --unsafe-fixes (absent: the same as
with safe fixes only). A first-line comment ``// gofixmap:strategy syncmap``
selects the strategy. GOFIXMAP_UPDATE_GOLDEN=1 rewrites the goldens.
Every golden is checked with the real toolchain: gofmt -l and go vet.

A case can also be a directory, golden/<rule-name>/<case>/, holding a Go
module (``go.mod``) with several packages: every ``.go`` file of it is an
input, with its ``// want`` comments and ``.golden`` files beside it as
above; the module is checked in one run (packages see each other). Its
``modcache/`` directory, if any, holds dependencies as the module cache lays
them out (``<module path>@<version>/...``): the test builds a module cache
from it (sources and the download entries the go command needs), points
GOMODCACHE there, and go vet builds the module against it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from gofixmap import rules
from gofixmap.codemod import gomod
from gofixmap.codemod.discover import GoFile
from gofixmap.codemod.model import Applicability, FileResult, Settings
from gofixmap.codemod.rule import Rule
from gofixmap.codemod.runner import RunOptions, run
from tests.helpers import ROOT, go, gofmt_unformatted, require_module_deps, run_file, shared_loader

GOLDEN = ROOT / "golden"
UPDATE = os.environ.get("GOFIXMAP_UPDATE_GOLDEN") == "1"
_WANT = re.compile(r"//\s*want\s+(.*)$")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"|`([^`]*)`')
_STRATEGY = re.compile(r"//\s*gofixmap:strategy\s+(\w+)")


def _rule_dirs() -> list[Path]:
    return sorted(p for p in GOLDEN.iterdir() if p.is_dir()) if GOLDEN.is_dir() else []


def _cases() -> list[Path]:
    return [c for d in _rule_dirs() for c in sorted(d.glob("*.go"))]


def _rule_for(directory: Path) -> type[Rule]:
    cls = rules.by_code(directory.name)
    assert cls is not None, f"golden/{directory.name}: no rule with that name"
    return cls


def wants(text: str) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _WANT.search(line)
        if match:
            patterns = [a if a else b for a, b in _QUOTED.findall(match.group(1))]
            assert patterns, f"line {number}: `// want` without a quoted regex"
            # Double-quoted patterns use Go escapes for `"` and `\\` only; any
            # other backslash is the regex's own.
            result[number] = [re.sub(r'\\(["\\])', r"\1", p) for p in patterns]
    return result


def _check_expected(path: Path, golden: Path, result: FileResult, fallback: bytes) -> None:
    if UPDATE:
        if result.fixed != fallback:
            golden.write_bytes(result.fixed)
        elif golden.exists():
            golden.unlink()
        return
    if golden.exists():
        assert result.fixed.decode() == golden.read_text(), f"{golden.name} differs"
    else:
        assert result.fixed == fallback, (
            f"{path.name}: a fix was produced but {golden.name} does not exist:\n"
            + result.fixed.decode()
        )


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_case(case: Path) -> None:
    cls = _rule_for(case.parent)
    text = case.read_text()
    strategy_match = _STRATEGY.search(text.split("\n", 1)[0])
    strategy = strategy_match.group(1) if strategy_match else "mutex"
    # (the findings of a fixing run are those of the original file, so the
    # safe run serves as the report)
    report = safe = run_file(case, [cls], Applicability.SAFE, strategy)
    assert report.reason == "", f"{case.name}: {report.reason}"
    assert not report.rule_errors, f"{case.name}: a rule raised: {report.rule_errors}"
    from gofixmap.codemod.source import parse

    source = parse(case.name, report.original)
    found: dict[int, list[str]] = {}
    for diag in report.diagnostics:
        found.setdefault(source.position(diag.span.start).line, []).append(diag.message)
    expected = wants(text)
    assert sorted(found) == sorted(expected), (
        f"{case.name}: flagged lines {sorted(found)}, want lines {sorted(expected)}; "
        f"messages {found}"
    )
    for line, patterns in expected.items():
        for pattern in patterns:
            assert any(re.search(pattern, m) for m in found[line]), (
                f"{case.name}:{line}: no message matches {pattern!r}: {found[line]}"
            )
    _check_expected(case, case.with_name(case.name + ".golden"), safe, report.original)
    # The harness fails a rule whose safe fixes do not converge (a fix the
    # engine refused, with its reason, is not applied: e.g. one that calls a
    # shadowed make).
    refused = [d for d, _ in safe.rejected]
    for diag in safe.remaining:
        if diag in refused:
            continue
        assert not any(f.applicability >= Applicability.SAFE for f in diag.fixes), (
            f"{case.name}: a safe fix remains after fixing: {diag.message}"
        )
    unsafe = run_file(case, [cls], Applicability.UNSAFE, strategy)
    _check_expected(case, case.with_name(case.name + ".unsafe.golden"), unsafe, safe.fixed)


# --------------------------------------------------------------------------- module cases


def _module_cases() -> list[Path]:
    return [c for d in _rule_dirs() for c in sorted(d.iterdir()) if (c / "go.mod").is_file()]


def _inputs(case: Path) -> list[Path]:
    """The .go files of a module case (its module cache left out)."""
    return sorted(p for p in case.rglob("*.go") if "modcache" not in p.relative_to(case).parts)


def _escape(path: str) -> str:
    """A module path as the module cache spells it (``!x`` for ``X``)."""
    return re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), path)


def _module_cache(case: Path, target: Path) -> Path | None:
    """A module cache built from ``case/modcache``: each ``<module>@<version>``
    directory extracted, and the download entries (``.info``, ``.mod``,
    ``.zip``) that let the go command use it with GOPROXY=off."""
    source = case / "modcache"
    if not source.is_dir():
        return None
    for mod_dir in sorted(d for d in source.rglob("*@*") if d.is_dir()):
        rel = mod_dir.relative_to(source).as_posix()
        module, version = rel.rsplit("@", 1)
        shutil.copytree(mod_dir, target / _escape(rel))
        download = target / "cache/download" / _escape(module) / "@v"
        download.mkdir(parents=True, exist_ok=True)
        (download / f"{version}.info").write_text(
            json.dumps({"Version": version, "Time": "2026-01-01T00:00:00Z"})
        )
        shutil.copy(mod_dir / "go.mod", download / f"{version}.mod")
        with zipfile.ZipFile(download / f"{version}.zip", "w") as archive:
            for file in sorted(p for p in mod_dir.rglob("*") if p.is_file()):
                archive.write(file, f"{module}@{version}/{file.relative_to(mod_dir).as_posix()}")
    return target


@pytest.fixture
def module_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """The environment of a module case: restored (and forgotten by gomod) after."""
    gomod.reset_environment()
    yield monkeypatch
    monkeypatch.undo()
    gomod.reset_environment()


def _run_module(
    case: Path, files: list[Path], cls: type[Rule], fix: Applicability | None
) -> dict[Path, FileResult]:
    options = RunOptions(
        rules=(cls(),),
        fix=fix,
        settings=Settings(),
        external_types=rules.external_types(),
        include_tests=True,
        importer=shared_loader(),
    )
    gofiles = [GoFile(p, p.relative_to(case).as_posix(), True) for p in files]
    results = {Path(r.path): r for r in run(gofiles, options)}
    return {p: results[Path(p.relative_to(case).as_posix())] for p in files}


@pytest.mark.parametrize("case", _module_cases(), ids=lambda p: f"{p.parent.name}/{p.name}/")
def test_golden_module(case: Path, tmp_path: Path, module_env: pytest.MonkeyPatch) -> None:
    cls = _rule_for(case.parent)
    cache = _module_cache(case, tmp_path / "gomodcache")
    if cache is None and "require" in (case / "go.mod").read_text():
        require_module_deps(case)  # (from the real module cache)
    if cache is not None:
        module_env.setenv("GOMODCACHE", str(cache))
        module_env.setenv("GOFLAGS", "-mod=mod")
    files = _inputs(case)
    assert files, f"{case}: no .go files"
    report = safe = _run_module(case, files, cls, Applicability.SAFE)  # (its first findings)
    from gofixmap.codemod.source import parse

    for path, result in report.items():
        name = path.relative_to(case).as_posix()
        assert result.reason == "", f"{name}: {result.reason}"
        assert not result.rule_errors, f"{name}: a rule raised: {result.rule_errors}"
        source = parse(name, result.original)
        found: dict[int, list[str]] = {}
        for diag in result.diagnostics:
            found.setdefault(source.position(diag.span.start).line, []).append(diag.message)
        expected = wants(path.read_text())
        assert sorted(found) == sorted(expected), (
            f"{name}: flagged lines {sorted(found)}, want lines {sorted(expected)}; "
            f"messages {found}"
        )
        for line, patterns in expected.items():
            for pattern in patterns:
                assert any(re.search(pattern, m) for m in found[line]), (
                    f"{name}:{line}: no message matches {pattern!r}: {found[line]}"
                )
    unsafe = _run_module(case, files, cls, Applicability.UNSAFE)
    for path in files:
        _check_expected(
            path, path.with_name(path.name + ".golden"), safe[path], report[path].original
        )
        _check_expected(
            path, path.with_name(path.name + ".unsafe.golden"), unsafe[path], safe[path].fixed
        )
    # the module, and the module with each kind of golden in place of its
    # inputs, is gofmt-clean and builds and vets (against the prepared cache)
    # (a variant whose files are those of one already checked is that one)
    extra = {"GOMODCACHE": str(cache), "GOSUMDB": "off"} if cache is not None else {}
    checked: set[tuple[Path, ...]] = set()
    for suffix in ("", ".golden", ".unsafe.golden"):
        variant = []
        for path in files:
            golden = path.with_name(path.name + suffix)
            if suffix and not golden.exists() and suffix == ".unsafe.golden":
                golden = path.with_name(path.name + ".golden")
            variant.append(golden if suffix and golden.exists() else path)
        if tuple(variant) in checked:
            continue
        checked.add(tuple(variant))
        copy = tmp_path / f"m{suffix or '.input'}"
        shutil.copytree(case, copy, ignore=shutil.ignore_patterns("modcache", "*.golden"))
        for path, source in zip(files, variant, strict=True):
            if source != path:
                shutil.copy(source, copy / path.relative_to(case))
        copies = [copy / p.relative_to(case) for p in files]
        assert not gofmt_unformatted(copies), f"{case.name}{suffix}: not gofmt-clean"
        out = go(["vet", "./..."], cwd=copy, **extra)
        assert out.returncode == 0, f"{case.name}{suffix}: go vet failed:\n{out.stderr[-4000:]}"


def _goldens(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.golden"))


@pytest.mark.parametrize("directory", _rule_dirs(), ids=lambda p: p.name)
def test_goldens_are_gofmt_clean(directory: Path, tmp_path: Path) -> None:
    copies = []
    for golden in _goldens(directory):
        copy = tmp_path / golden.name.replace(".", "_") / "x.go"
        copy.parent.mkdir()
        shutil.copy(golden, copy)
        copies.append(copy)
    inputs = [c for c in sorted(directory.glob("*.go"))]
    bad_inputs = set(gofmt_unformatted(inputs))
    bad = gofmt_unformatted(copies)
    assert not bad, f"goldens not gofmt-clean: {[Path(b).parent.name for b in bad]}"
    assert not bad_inputs, f"inputs not gofmt-clean (fixes must keep them clean): {bad_inputs}"


@pytest.mark.parametrize("directory", _rule_dirs(), ids=lambda p: p.name)
def test_goldens_and_inputs_vet_clean(directory: Path, tmp_path: Path) -> None:
    """Every input compiles and vets, and so does every golden."""
    module = tmp_path / "m"
    module.mkdir()
    if (directory / "go.mod").exists():
        require_module_deps(directory)
        shutil.copy(directory / "go.mod", module / "go.mod")
        if (directory / "go.sum").exists():
            shutil.copy(directory / "go.sum", module / "go.sum")
    else:
        # go 1.25: the first with sync.WaitGroup.Go, which some cases use
        (module / "go.mod").write_text("module golden\n\ngo 1.25\n")
    files = [*sorted(directory.glob("*.go")), *_goldens(directory)]
    if not files:
        pytest.skip("no cases")
    for number, path in enumerate(files):
        package = module / f"p{number}"
        package.mkdir()
        name = path.name.removesuffix(".unsafe.golden").removesuffix(".golden")
        shutil.copy(path, package / name)
        (package / "SOURCE").write_text(path.name)
    out = go(["vet", "./..."], cwd=module)
    if out.returncode != 0:
        names = {
            m.group(1): (module / m.group(1) / "SOURCE").read_text()
            for m in re.finditer(r"(p\d+)", out.stderr)
            if (module / m.group(1) / "SOURCE").exists()
        }
        pytest.fail(f"go vet failed ({names}):\n{out.stderr[-4000:]}")
