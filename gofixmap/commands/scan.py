"""The default command, ``gofixmap [flags] [PATH ...]``, after its arguments
are parsed (:func:`gofixmap.cli.build_parser`): configuration, discovery, the
run, ``--verify``, the write of ``-w`` and the report in every format."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import fnmatch
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from gofixmap import __version__, config, rules
from gofixmap.codemod import cache, parallel, render
from gofixmap.codemod.discover import GoFile, PathError, expand
from gofixmap.codemod.model import FileResult, RunOptions, Settings, Status
from gofixmap.codemod.progress import Progress
from gofixmap.commands.common import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    result_changes,
    threshold,
    write_changes,
)


def _excluded(go: GoFile, patterns: Sequence[str]) -> bool:
    if not patterns:
        return False
    name = os.path.basename(go.filename)
    return any(fnmatch.fnmatch(go.display, p) or fnmatch.fnmatch(name, p) for p in patterns)


def run(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """The scan of ``args`` (parsed by :func:`gofixmap.cli.build_parser` from
    ``argv``): find, fix, verify, write and report; the exit status."""
    if args.verify and args.unsandboxed:
        # tests will run without a sandbox: first drop the user's secrets from
        # this process's own environment (a test could read /proc/<pid>/environ)
        from gofixmap.codemod.sandbox import bwrap_status, scrub_own_environment

        if bwrap_status(args.allow_network) is not None:
            scrub_own_environment(argv)
    paths = args.paths or ["."]
    stdin_mode = "-" in paths
    if stdin_mode:
        problem = _stdin_problem(args, paths)
        if problem:
            sys.stderr.write(f"gofixmap: {problem}\n")
            return EXIT_ERROR
    elif args.fix_stdout or args.stdin_filename:
        flag = "--fix-stdout" if args.fix_stdout else "--stdin-filename"
        sys.stderr.write(f"gofixmap: {flag} needs - (stdin) as the path\n")
        return EXIT_ERROR
    start = Path(args.stdin_filename).parent if stdin_mode and args.stdin_filename else None
    try:
        cfg = config.load(start or Path(paths[0].removesuffix("...") or "."))
    except config.ConfigError as exc:
        sys.stderr.write(f"gofixmap: {exc}\n")
        return EXIT_ERROR
    select = args.select if args.select is not None else list(cfg.select)
    ignore = args.ignore if args.ignore is not None else list(cfg.ignore)
    unknown = rules.unknown_codes([*select, *ignore])
    if unknown:
        sys.stderr.write(f"gofixmap: unknown rule {unknown[0]!r}; `gofixmap rules` lists them\n")
        return EXIT_ERROR
    unsafe = args.unsafe_fixes if args.unsafe_fixes is not None else cfg.unsafe_fixes
    strategy = args.strategy or cfg.strategy
    include_generated = (
        args.include_generated if args.include_generated is not None else cfg.include_generated
    )
    include_tests = args.include_tests if args.include_tests is not None else cfg.include_tests
    confidence = args.confidence or cfg.confidence
    contents: dict[str, bytes] = {}
    try:
        if stdin_mode:
            files, contents = _stdin_files(args.stdin_filename)
        else:
            files = expand(paths)
    except PathError as exc:
        sys.stderr.write(f"gofixmap: {exc}\n")
        return EXIT_ERROR
    files = [f for f in files if f.explicit or not _excluded(f, cfg.exclude)]
    only_lines = None
    if args.new_from_rev or args.new_from_patch:
        from gofixmap.changes import ChangeError, lines_from_patch, lines_from_rev

        try:
            if args.new_from_rev:
                only_lines = lines_from_rev(args.new_from_rev, Path.cwd())
            else:
                only_lines = lines_from_patch(args.new_from_patch, Path.cwd())
        except ChangeError as exc:
            flag = "--new-from-rev" if args.new_from_rev else "--new-from-patch"
            sys.stderr.write(f"gofixmap: {flag}: {exc}\n")
            return EXIT_ERROR
    fixing = args.diff or args.list or args.write or args.fix_stdout

    options = RunOptions(
        rules=rules.select(select, ignore),
        fix=threshold(unsafe) if fixing else None,
        settings=Settings(strategy=strategy),
        external_types=rules.external_types(),
        skip_generated=not include_generated,
        include_tests=include_tests,
        only_lines=only_lines,
        min_confidence=confidence,
        importer=rules.dependency_loader(None if args.no_cache else cache.default_dir()),
    )
    with Progress() as progress:
        results = list(
            parallel.run(
                files,
                options,
                jobs=args.jobs,
                cache_dir=None if args.no_cache or only_lines is not None else cache.default_dir(),
                lean=not contents,  # stdin: --fix-stdout prints even a clean buffer
                progress=progress,
                contents=contents,
                use_prefilter=not contents,
            )
        )
    if stdin_mode:  # the other files of the package were context
        results = [r for r in results if r.path == files[-1].display]
    if args.verify:
        from gofixmap.codemod.toolchain import ToolchainError, find_go
        from gofixmap.codemod.verify import VerifyOptions
        from gofixmap.commands.verification import apply_verification
        from gofixmap.rules.crashes import crash_markers

        try:
            toolchain = find_go()
        except ToolchainError as exc:
            sys.stderr.write(f"gofixmap: --verify: {exc}\n")
            return EXIT_ERROR
        verify_options = VerifyOptions(
            timeout=args.verify_timeout,
            allow_network=args.allow_network,
            scope=args.verify_scope,
            use_cache=not args.no_cache,
            crash_markers=crash_markers(),
            unsandboxed=args.unsandboxed,
        )
        from gofixmap.codemod.sandbox import SandboxUnavailable

        try:
            results = apply_verification(
                results, verify_options, toolchain, threshold=threshold(unsafe)
            )
        except SandboxUnavailable as exc:
            sys.stderr.write(f"gofixmap: --verify: {exc}\n")
            return EXIT_ERROR
    return _report(args, results, len(files))


def _report(args: argparse.Namespace, results: list[FileResult], count: int) -> int:
    out = sys.stdout
    errors = [r for r in results if r.status is Status.FAILED or r.error_line or r.rule_errors]
    fixing = args.diff or args.list or args.write or args.fix_stdout
    status = EXIT_CLEAN
    if count == 0:
        sys.stderr.write("gofixmap: no Go files found\n")
    if args.write:
        trees = [Path(os.path.realpath(p.removesuffix("..."))) for p in args.paths or ["."]]
        results = _write_results(results, errors, [t for t in trees if t.is_dir()])
    lines: dict[str, list[str]] = {}
    if args.verify:
        from gofixmap.commands.verification import verification_lines

        lines = {
            path: [f"{path}:{item}" for item in items]
            for path, items in verification_lines(results).items()
        }
    remaining_only = bool(args.write)
    if args.fix_stdout:
        for result in results:
            sys.stdout.buffer.write(result.fixed or result.original)
        sys.stdout.buffer.flush()
        sys.stderr.write(render.text(results, remaining_only=True))
    elif args.format == "json":
        out.write(render.to_json(results, remaining_only=remaining_only))
    elif args.format == "sarif":
        from gofixmap import sarif

        log = sarif.document(
            results, rules.RULES, __version__, sarif.repository_root(), remaining_only
        )
        out.write(sarif.dumps(log))
    elif args.format == "rdjson":
        out.write(render.to_rdjson(results, remaining_only=remaining_only))
    elif args.format == "github":
        out.write(render.to_github(results, remaining_only=remaining_only))
    else:
        if args.list:
            out.writelines(f"{_listed(r.path)}\n" for r in results if r.changed)
        if args.diff:
            out.flush()
            sys.stdout.buffer.write(render.diff(results, comments=lines))
            sys.stdout.buffer.flush()
        report = render.text(
            results,
            remaining_only=bool(fixing),
            color=_use_color(args.color, sys.stderr if fixing else out),
        )
        if not args.diff:
            report += "".join(f"{line}\n" for items in lines.values() for line in items)
        out.flush()
        if fixing:
            sys.stderr.write(report)
        else:
            out.write(report)
    out.flush()
    if lines and (args.diff or args.format != "text" or args.fix_stdout):
        # a fix left out because verification failed or was skipped has no diff
        # and no place in a machine format: say why on stderr, in every mode
        for items in lines.values():
            for line in items:
                if " verify passed" not in line:
                    sys.stderr.write(f"{line}\n")
    for result in results:
        if result.note:  # e.g. partially parsed: analysed, so not an error
            sys.stderr.write(f"{result.path}: {result.note}\n")
    builtin = render.builtin_types(results)
    if builtin and args.format == "text":
        sys.stderr.write(
            f"gofixmap: types of {', '.join(builtin)} came from the built-in table: their"
            " sources were not found through go.mod in the module cache or vendor/"
            " (`go mod download` fetches them)\n"
        )
    # After -w, what is left is what could not be fixed; otherwise every finding.
    remaining = sum(
        len(r.remaining if args.write or args.fix_stdout else r.diagnostics) for r in results
    )
    _summary(results, remaining, fixing, args)
    if remaining and not args.exit_zero:
        status = EXIT_FINDINGS
    if errors:
        status = EXIT_ERROR
    return status


def _listed(path: str) -> str:
    """A path for ``-l``: as it is, unless a control character (a newline) would
    break the one-name-a-line list: then quoted as git quotes names."""
    if not any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        return path
    from gofixmap.codemod.diff import quote_path

    return os.fsdecode(quote_path(os.fsencode(path)))


def _use_color(choice: str, stream: object) -> bool:
    """``--color``: auto colours a terminal unless ``NO_COLOR``; ``FORCE_COLOR`` forces it."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def _stdin_problem(args: argparse.Namespace, paths: Sequence[str]) -> str:
    if len(paths) > 1:
        return "- (stdin) cannot be combined with other paths"
    if args.write:
        return "-w cannot write stdin; --fix-stdout prints the fixed file"
    if args.verify:
        return "--verify needs files on disk, not stdin"
    if sys.stdin is None:
        return "-: standard input is closed"
    if args.stdin_filename and not args.stdin_filename.endswith(".go"):
        return f"--stdin-filename {args.stdin_filename}: not a Go file name (want NAME.go)"
    return ""


def _stdin_files(name: str | None) -> tuple[list[GoFile], dict[str, bytes]]:
    """The file on stdin as ``name`` (default ``stdin.go``), with the other Go
    files of its directory as package context; and its content."""
    data = sys.stdin.buffer.read()
    shown = name or "stdin.go"
    target = os.path.realpath(shown)
    directory = os.path.dirname(target)
    files: list[GoFile] = []
    if name:
        with contextlib.suppress(OSError):
            for entry in sorted(os.scandir(directory), key=lambda e: e.name):
                if (
                    entry.name.endswith(".go")
                    and not entry.name.startswith((".", "_"))
                    and entry.path != target
                    and entry.is_file()
                ):
                    files.append(GoFile(entry.path, entry.path, False))
    files.append(GoFile(target, shown, True))
    return files, {target: data}


def _write_results(
    results: list[FileResult], errors: list[FileResult], trees: Sequence[Path] = ()
) -> list[FileResult]:
    """Write every changed file; a file not written counts as unfixed (and as an error).

    ``trees`` are the scanned directories: a symbolic link is written through
    when its target lies in the one that holds the link.
    """
    failed = {c.path for c in write_changes(result_changes(results), roots=trees)}
    written: list[FileResult] = []
    for result in results:
        if result.changed and Path(result.path) in failed:
            result = dataclasses.replace(
                result, fixed=result.original, remaining=result.diagnostics, applied=()
            )
            errors.append(result)
        written.append(result)
    return written


def _summary(
    results: list[FileResult], remaining: int, fixing: bool, args: argparse.Namespace
) -> None:
    findings = sum(len(r.diagnostics) for r in results)
    fixed_files = sum(1 for r in results if r.changed)
    skipped = sum(1 for r in results if r.status is Status.SKIPPED)
    parts = [f"{findings} finding{'s' if findings != 1 else ''}"]
    if fixing:
        verb = "fixed" if args.write else "fixable"
        parts.append(f"{fixed_files} file{'s' if fixed_files != 1 else ''} {verb}")
        if args.write:
            parts.append(f"{remaining} remaining")
    parts.append(f"{len(results)} file{'s' if len(results) != 1 else ''} checked")
    if skipped:
        parts.append(f"{skipped} skipped")
    if findings or fixing or skipped or args.format == "text":
        sys.stderr.write("gofixmap: " + ", ".join(parts) + "\n")
