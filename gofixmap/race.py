"""``gofixmap race``: go test -race → map races → fixes → re-run to confirm.

    gofixmap race [PATH] [-d|-w] [--from FILE] [--confirm-runs N]
                  [--strategy mutex|syncmap] [--format text|json] [-- go test flags]

Runs ``go test -race -json`` on the packages under PATH (or reads a saved
report with ``--from``), parses every ``WARNING: DATA RACE`` block and
``fatal error: concurrent map ...`` crash, locates the map expression from the
first user frame (reading the source line, because the runtime map frames can
be missing), classifies each race, applies the MR001/MR002 fix of each
map-operation race to a temporary copy of the module, re-runs the same tests
``--confirm-runs`` times and reports per race. ``-d`` prints the fix as a
diff, ``-w`` writes it (only when the re-run is clean of those races).

Exit status: 0 no race remains, 1 races remain, 2 usage error, unreadable
input, missing toolchain or a build failure.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from gofixmap import crashlog, rules
from gofixmap.codemod import render
from gofixmap.codemod.discover import PathError, expand, find_module
from gofixmap.codemod.model import Applicability, Diagnostic, FileResult, Lines, Subject
from gofixmap.codemod.render import finding_json, json_document
from gofixmap.codemod.rule import Pass, Rule, Settings
from gofixmap.codemod.runner import RunOptions, run
from gofixmap.codemod.toolchain import ToolchainError, find_go
from gofixmap.commands.common import (
    EXIT_CLEAN,
    EXIT_ERROR,
    Parser,
    add_fix_modes,
    add_format,
    add_strategy,
    result_changes,
    rule_errors,
    write_changes,
)
from gofixmap.race_reports import (
    CONTENTS,
    MAP_OP,
    MAP_VARIABLE,
    Report,
    Site,
    classify,
    racing_maps,
    reports_from,
)
from gofixmap.rules import crashes as catalogue
from gofixmap.rules.hints import RacingMaps

__all__ = [
    "CONTENTS",
    "MAP_OP",
    "MAP_VARIABLE",
    "Report",
    "Site",
    "classify",
    "go_test_race",
    "main",
    "racing_maps",
    "reports_from",
]

EXIT_RACES = 1
TIMEOUT = 900


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="gofixmap race",
        description="Run go test -race, fix the map races found, re-run to confirm.",
    )
    parser.add_argument(
        "path", nargs="?", default=".", help="module directory or ./... (default .)"
    )
    add_fix_modes(parser, write_help="write the confirmed fixes", unsafe=False)
    parser.add_argument("--from", dest="from_file", metavar="FILE", help="read a saved report")
    parser.add_argument(
        "--confirm-runs", type=int, default=3, metavar="N", help="re-runs with -count=N (3)"
    )
    add_strategy(parser)
    add_format(parser)
    return parser


class _UsageError(Exception):
    pass


def main(argv: Sequence[str]) -> int:
    args_list = list(argv)
    go_flags: list[str] = []
    if "--" in args_list:
        cut = args_list.index("--")
        go_flags = args_list[cut + 1 :]
        args_list = args_list[:cut]
    try:
        args = _parser().parse_args(args_list)
    except SystemExit as exc:
        return EXIT_CLEAN if exc.code == 0 else EXIT_ERROR
    if args.confirm_runs < 1:
        sys.stderr.write("gofixmap race: --confirm-runs must be at least 1\n")
        return EXIT_ERROR
    try:
        return _race(args, go_flags)
    except (_UsageError, PathError, ToolchainError, OSError) as exc:
        sys.stderr.write(f"gofixmap race: {exc}\n")
        return EXIT_ERROR


# --------------------------------------------------------------------------- running go


def _go_env() -> dict[str, str]:
    tool = find_go()
    env = dict(os.environ)
    env.update(tool.env())
    env["GOTOOLCHAIN"] = "local"
    env["GOFLAGS"] = "-mod=mod"
    env.setdefault("GOPROXY", "off")
    if env.get("GOPROXY") != "off" and not os.environ.get("GOFIXMAP_ALLOW_NETWORK"):
        env["GOPROXY"] = "off"
    env.setdefault("CGO_ENABLED", "1")
    return env


def go_test_race(
    module: Path, packages: Sequence[str], flags: Sequence[str], count: int = 1
) -> tuple[str, int, float]:
    """Run ``go test -race -json`` and return (report text, exit code, seconds)."""
    tool = find_go()
    cmd = [str(tool.go), "test", "-race", "-json", f"-count={count}", *flags, *packages]
    started = time.monotonic()
    try:
        out = subprocess.run(
            cmd,
            cwd=module,
            env=_go_env(),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise _UsageError(f"go test timed out after {TIMEOUT}s") from exc
    text = crashlog.parse_test_json(out.stdout.splitlines())
    return text + out.stderr, out.returncode, time.monotonic() - started


def _build_failed(text: str) -> str:
    for line in text.splitlines():
        if "[build failed]" in line or "[setup failed]" in line:
            return line.strip()
        if line.startswith("go: ") and "race" not in line:
            return line.strip()
    return ""


# --------------------------------------------------------------------------- locating


# --------------------------------------------------------------------------- fixing


# A map in a package: (the package's directory, the finding's typed subject).
MapKey = tuple[str, Subject]


def _key(diag: Diagnostic) -> MapKey | None:
    if diag.about is None:
        return None
    return str(Path(diag.path).resolve().parent), diag.about


class _Only(Rule):
    """A rule wrapper that keeps the findings of the maps a race named (by
    the typed identity of the map each finding is about, which stays the
    same from one fix round to the next)."""

    def __init__(self, inner: Rule, wanted: set[MapKey]) -> None:
        self.inner = inner
        self.wanted = wanted

    def check(self, pkg: Pass) -> Iterable[Diagnostic]:
        for diag in self.inner.check(pkg):
            if _key(diag) in self.wanted:
                yield diag


def _only(inner: Rule, wanted: set[MapKey]) -> Rule:
    attrs = {
        "code": inner.code,
        "name": inner.name,
        "summary": inner.summary,
        "REQUIRES": inner.REQUIRES,
        "PREFILTER": getattr(inner, "PREFILTER", None),
    }
    cls = type(f"Only{inner.code}", (_Only,), attrs)
    rule: Rule = cls(inner, wanted)
    return rule


def _field_of(expr: str) -> str:
    """``c.hits`` → ``hits``; ``counts`` → ``counts``."""
    return expr.rsplit(".", 1)[-1]


def _static(
    files: list[Path],
    strategy: str,
    fix: Applicability | None,
    wanted: set[MapKey] | None,
    racing: frozenset[tuple[str, int]] = frozenset(),
) -> list[FileResult]:
    selected: Sequence[Rule] = rules.select(["MR001", "MR002"])
    if wanted is not None:
        selected = tuple(_only(r, wanted) for r in selected)
    options = RunOptions(
        rules=selected,
        fix=fix,
        settings=Settings(strategy=strategy),
        external_types=rules.external_types(),
        hints=(RacingMaps.of(racing),),
        include_tests=True,  # the report's sites may be in tests
        importer=rules.dependency_loader(),
    )
    gofiles = expand([str(p) for p in files])
    return list(run(gofiles, options))


def _match(reports: list[Report], results: list[FileResult]) -> None:
    """Attach to each map-operation race the static findings for its map.

    A finding on a line the race reported names the map (its typed subject);
    then every finding about that map in the package is the race's. Only a
    race none of whose lines has a finding (a race between reads the rules
    did not report and a write they judged safe) falls back to the name:
    the declared name of a finding's map against the map the race's source
    line indexes."""
    located: list[tuple[str, int, Diagnostic, bytes]] = []
    for result in results:
        path = str(Path(result.path).resolve())
        file = Lines(result.original)
        for diag in result.diagnostics:
            line = file.position(diag.span.start).line
            located.append((path, line, diag, result.original))
    for report in reports:
        if report.classification != MAP_OP:
            continue
        dirs = {str(s.path.resolve().parent) for s in report.sites if s.path is not None}
        lines = {(str(s.path.resolve()), s.line) for s in report.sites if s.path is not None}
        keys = {_key(d) for path, line, d, _ in located if (path, line) in lines} - {None}
        names = {_field_of(s.map_expr) for s in report.sites if s.map_expr}
        for path, line, diag, original in located:
            if str(Path(path).parent) not in dirs:
                continue
            key = _key(diag)
            if keys:
                matched = key in keys or (key is None and (path, line) in lines)
            else:
                matched = (diag.about.name if diag.about else _field_of(diag.subject)) in names
            if matched:
                report.diagnostics.append(diag)
                report.sources[diag.path] = original


# --------------------------------------------------------------------------- main flow


def _race(args: argparse.Namespace, go_flags: list[str]) -> int:
    out = sys.stdout
    raw = args.path
    target = Path(raw.removesuffix("...").rstrip("/") or ".")
    if not target.exists():
        raise _UsageError(f"{raw}: no such file or directory")
    directory = target if target.is_dir() else target.parent
    module = find_module(directory)
    if module is None:
        raise _UsageError(f"{raw}: not inside a Go module (no go.mod found)")
    root = module.root
    rel = os.path.relpath(directory.resolve(), root)
    pattern = "./..." if rel == "." else f"./{rel}/..."
    timings: dict[str, float] = {}
    if args.from_file:
        try:
            data = (
                sys.stdin.read()
                if args.from_file == "-"
                else Path(args.from_file).read_text(encoding="utf-8", errors="replace")
            )
        except OSError as exc:
            raise _UsageError(f"{args.from_file}: cannot read: {exc.strerror}") from exc
        lines = data.splitlines()
        if any(line.lstrip().startswith('{"') for line in lines[:20]):
            data = crashlog.parse_test_json(lines)
        text = data
    else:
        text, _code, seconds = go_test_race(root, [pattern], go_flags)
        timings["baseline"] = seconds
        failed = _build_failed(text)
        if failed and not crashlog.parse_races(text):
            raise _UsageError(f"go test failed to build: {failed}")
    reports = reports_from(text, root, module.path)
    package_files = sorted({s.path for r in reports for s in r.sites if s.path is not None})
    results: list[FileResult] = []
    errors: list[str] = []  # rules that raised
    if any(r.classification == MAP_OP for r in reports):
        dirs = sorted({p.parent for p in package_files})
        results = _static(dirs, args.strategy, None, None, racing_maps(reports))
        errors.extend(rule_errors(results))
        _match(reports, results)
    fixing = args.diff or args.write
    fixed_results: list[FileResult] = []
    for report in reports:
        if report.classification == MAP_VARIABLE:
            report.status = "not fixable"
            report.reason = (
                f"the map variable {report.map_expr} itself is assigned while it is used; "
                "guard the assignment (no map fix)"
            )
        elif report.classification == CONTENTS:
            report.status = "not fixable"
            report.reason = "the race is on values held in or beside the map, not on the map"
        elif not report.diagnostics:
            report.status = "not fixable"
            report.reason = "no static MR001/MR002 finding for this map"
        elif not any(d.fixes for d in report.diagnostics):
            report.status = "not fixable"
            notes = {d.note for d in report.diagnostics if d.note}
            report.reason = "; ".join(sorted(notes)) or "no fix offered"
        else:
            report.status = "fixable"
    wanted = {
        key
        for r in reports
        if r.status == "fixable"
        for d in r.diagnostics
        if (key := _key(d)) is not None
    }
    remaining = 0
    write_failed = False
    if fixing and wanted:
        dirs = sorted({Path(d).resolve() for d, _ in wanted})
        fixed_results = _static(
            [Path(d) for d in dirs],
            args.strategy,
            Applicability.UNSAFE,
            wanted,
            racing_maps(reports),
        )
        errors.extend(rule_errors(fixed_results))
        changed = [r for r in fixed_results if r.changed]
        confirmed_text, seconds, confirm_code = _confirm(
            root, changed, pattern, go_flags, args.confirm_runs
        )
        timings["confirm"] = seconds
        after = reports_from(confirmed_text, root, module.path) if confirmed_text else []
        after_maps = {(_dirs(r), _field_of(r.map_expr)) for r in after}
        new_failures = _failures(confirmed_text)
        if not new_failures and confirm_code != 0 and not after:
            panic = re.search(r"^panic: (.*)$", confirmed_text, re.MULTILINE)
            new_failures = f"go test exits {confirm_code} after the fix" + (
                f" ({panic.group(1)})" if panic else ""
            )
        for report in reports:
            if report.status != "fixable":
                continue
            # report against report (both read from the source lines): loose on
            # purpose, so that a map still racing is never called fixed
            if (_dirs(report), _field_of(report.map_expr)) in after_maps:
                report.status = "fixed but still racing"
            elif new_failures:
                report.status = "fixed, but tests fail"
                report.reason = new_failures
            else:
                report.status = "fixed and confirmed"
                report.reason = f"{args.confirm_runs} run(s) of go test -race without the race"
        all_ok = all(
            r.status == "fixed and confirmed"
            for r in reports
            if r.classification == MAP_OP and r.diagnostics
        )
        if args.diff:
            out.flush()
            sys.stdout.buffer.write(render.diff(changed))
            sys.stdout.buffer.flush()
        if args.write:
            if all_ok:
                unwritten = write_changes(result_changes(changed), prefix="gofixmap race: ")
                write_failed = bool(unwritten)
            else:
                sys.stderr.write("gofixmap race: not writing: the re-run still races or fails\n")
        remaining = len(after) + sum(
            r.count for r in reports if not r.status.startswith("fixed and confirmed")
        )
    else:
        remaining = len(reports)
    _print(args, reports, timings, out)
    for line in dict.fromkeys(errors):
        sys.stderr.write(f"gofixmap race: {line}\n")
    if write_failed or errors:
        return EXIT_ERROR
    return EXIT_RACES if remaining else EXIT_CLEAN


def _dirs(report: Report) -> str:
    paths = sorted(str(s.path.resolve().parent) for s in report.sites if s.path is not None)
    return paths[0] if paths else ""


def _failures(text: str) -> str:
    names = sorted({m.group(1) for m in re.finditer(r"^--- FAIL: (\S+)", text, re.MULTILINE)})
    if names and catalogue.RACE_REPORT not in text:
        return "tests fail after the fix: " + ", ".join(names)
    return ""


def _confirm(
    root: Path, changed: list[FileResult], pattern: str, flags: list[str], runs: int
) -> tuple[str, float, int]:
    """Re-run the tests on a copy of the module with the fixes applied:
    (report text, seconds, exit code)."""
    with tempfile.TemporaryDirectory(prefix="gofixmap-race-") as tmp:
        copy = Path(tmp) / "m"
        shutil.copytree(
            root, copy, ignore=shutil.ignore_patterns(".git", "node_modules"), symlinks=True
        )
        for result in changed:
            rel = Path(result.path).resolve().relative_to(root.resolve())
            (copy / rel).write_bytes(result.fixed)
        text, code, seconds = go_test_race(copy, [pattern], flags, count=runs)
        # Report paths inside the copy as paths of the module.
        text = text.replace(str(copy.resolve()), str(root.resolve())).replace(str(copy), str(root))
        return text, seconds, code


def _site_text(site: Site, root: Path) -> str:
    where = os.path.relpath(site.path, Path.cwd()) if site.path is not None else site.frame_file
    return f"{site.op} at {where}:{site.line} ({site.function.rsplit('/', 1)[-1]})"


def _finding_json(report: Report, diag: Diagnostic) -> dict[str, object]:
    """A static finding of a race as in every JSON document."""
    source = report.sources.get(diag.path)
    if source is None:
        return {"rule": diag.rule, "message": diag.message, "path": diag.path}
    return finding_json(Lines(source), diag)


def _print(
    args: argparse.Namespace, reports: list[Report], timings: dict[str, float], out: object
) -> None:
    stream = sys.stdout
    if args.format == "json":
        doc = json_document(
            races=[
                {
                    "classification": r.classification,
                    "map": r.map_expr,
                    "test": r.test,
                    "count": r.count,
                    "runtime_map_frames": r.runtime_map_frames,
                    "sites": [
                        {
                            "op": s.op,
                            "path": str(s.path) if s.path else None,
                            "line": s.line,
                            "function": s.function,
                        }
                        for s in r.sites
                    ],
                    "findings": [_finding_json(r, d) for d in r.diagnostics],
                    "status": r.status,
                    "reason": r.reason,
                }
                for r in reports
            ],
            timings={k: round(v, 2) for k, v in timings.items()},
        )
        stream.write(doc)
        return
    target = sys.stderr if (args.diff or args.format == "json") else stream
    if not reports:
        target.write("gofixmap race: no data race found\n")
        return
    for number, report in enumerate(reports, start=1):
        name = f" on {report.map_expr}" if report.map_expr else ""
        test = f" in {report.test}" if report.test else ""
        times = f" (seen {report.count} times)" if report.count > 1 else ""
        target.write(f"race {number}{name}{test}{times}: {report.classification}\n")
        for site in report.sites:
            target.write(f"  {_site_text(site, Path('.'))}\n")
        for diag in report.diagnostics[:3]:
            fix = diag.fixes[0].title if diag.fixes else "no fix"
            target.write(f"  {diag.rule}: {diag.message} -> {fix}\n")
        status = report.status or "not fixed"
        reason = f": {report.reason}" if report.reason else ""
        target.write(f"  {status}{reason}\n")
    summary = ", ".join(f"{k} {v:.1f}s" for k, v in timings.items())
    fixed = sum(1 for r in reports if r.status == "fixed and confirmed")
    target.write(
        f"gofixmap race: {len(reports)} race(s), {fixed} fixed and confirmed"
        + (f" ({summary})" if summary else "")
        + "\n"
    )
