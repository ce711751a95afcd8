"""Command line: argument parsing and exit codes, nothing else.

Exit status: 0 nothing left to report; 1 findings remain; 2 usage error,
unreadable input or missing toolchain.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import errno
import fnmatch
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from gofixmap import __version__, config, rules
from gofixmap.codemod import cache, parallel, render
from gofixmap.codemod.discover import GoFile, PathError, expand
from gofixmap.codemod.model import Applicability, FileResult, RunOptions, Settings, Status
from gofixmap.codemod.progress import Progress

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

SUBCOMMANDS = {
    "rules": "list the rules, or explain one",
    "triage": "crash log -> file, line, cause and fix",
    "race": "go test -race -> fixes -> re-run until the race is gone",
    "bot": "open or update one verified pull request (GitHub, Gitea, GitLab)",
}

DESCRIPTION = """\
Find and fix the Go map bugs that crash services:
  panic: assignment to entry in nil map   (rules NM001-NM005)
  fatal error: concurrent map writes      (rules MR001-MR002)

With no flag, gofixmap reports findings like go vet (path:line:col: CODE message).
-d prints the fixes as a unified diff that `git apply` takes; -w writes them.
Only safe fixes apply unless --unsafe-fixes is given.

subcommands:
  gofixmap rules [CODE]         list the rules, or explain one
  gofixmap triage [LOG|-]       crash log -> file, line, cause and fix
  gofixmap race [PATH]          go test -race -> fixes -> re-run
  gofixmap bot --repo O/N [PATH]  open or update one verified pull request
"""

EPILOG = """\
examples:
  gofixmap ./...                 report findings in the module
  gofixmap -d ./... | git apply  apply the safe fixes through git
  gofixmap -w --select NM001 .   fix nil local maps in place
  gofixmap --format json ./...   machine-readable findings

exit status: 0 nothing left to report, 1 findings remain (after -w: those it
could not fix), 2 usage error, unreadable input or missing toolchain.
suppress a finding with `//gofixmap:ignore NM001 reason` on the line or the
line above, or `//nolint:gofixmap`. Defaults come from .gofixmap.toml found
upward from the first path.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"gofixmap: {message}\n")
        raise SystemExit(EXIT_ERROR)


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number of jobs: {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("--jobs must be at least 1")
    return jobs


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gofixmap",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="file, directory or ./... (default .)"
    )
    mode = parser.add_argument_group("what to do with fixes")
    mode.add_argument("-d", "--diff", action="store_true", help="print fixes as a unified diff")
    mode.add_argument("-l", "--list", action="store_true", help="list files that would change")
    mode.add_argument("-w", "--write", action="store_true", help="apply fixes in place, atomically")
    mode.add_argument(
        "--unsafe-fixes",
        action="store_true",
        default=None,
        help="also apply fixes that can change behaviour beyond the crash",
    )
    out = parser.add_argument_group("output and rules")
    out.add_argument(
        "--format",
        choices=("text", "json", "sarif", "rdjson", "github"),
        default="text",
        help="text (default): path:line:col: CODE message; json: one document; "
        "sarif: SARIF 2.1.0; rdjson: reviewdog; github: Actions annotations",
    )
    out.add_argument(
        "--select",
        type=_codes,
        default=None,
        metavar="CODES",
        help="only these rules (codes, prefixes like NM, or names)",
    )
    out.add_argument(
        "--ignore", type=_codes, default=None, metavar="CODES", help="skip these rules"
    )
    out.add_argument(
        "--strategy",
        choices=("mutex", "syncmap"),
        default=None,
        help="fix for shared maps: sync.RWMutex (default) or sync.Map",
    )
    out.add_argument(
        "--include-generated",
        action="store_true",
        default=None,
        help="also check files marked `Code generated ... DO NOT EDIT.`",
    )
    out.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR"
        " forces it), always, never",
    )
    out.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when there are findings (errors still exit 2)",
    )
    new = parser.add_argument_group("new code only (as golangci-lint's new-from-rev)")
    new.add_argument(
        "--new-from-rev",
        metavar="REV",
        help="only findings on lines changed since the git revision REV (and untracked files)",
    )
    new.add_argument(
        "--new-from-patch",
        metavar="FILE",
        help="only findings on lines a unified diff adds (FILE, or - for stdin)",
    )
    editor = parser.add_argument_group("editors: one file on stdin (PATH is -)")
    editor.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="where the file on stdin lives: its package and module give the context",
    )
    editor.add_argument(
        "--fix-stdout",
        action="store_true",
        help="print the fixed file (or the unchanged input) on stdout, findings on stderr",
    )
    speed = parser.add_argument_group("speed")
    speed.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="worker processes (default: the number of cores; 1: no workers)",
    )
    speed.add_argument(
        "--no-cache",
        action="store_true",
        help="do not read or write the result cache ($GOFIXMAP_CACHE_DIR, "
        "else $XDG_CACHE_HOME/gofixmap, else ~/.cache/gofixmap)",
    )
    proof = parser.add_argument_group("verification (needs a Go toolchain)")
    proof.add_argument(
        "--verify",
        action="store_true",
        help="prove each fix with go vet and go test -race in a sandbox before showing or "
        "writing it; fixes that fail are dropped with the reason",
    )
    proof.add_argument(
        "--verify-scope",
        choices=("packages", "module"),
        default="packages",
        help="test the packages whose files change (default) or the whole module",
    )
    proof.add_argument(
        "--verify-timeout",
        type=_seconds,
        default=300.0,
        metavar="SECONDS",
        help="time limit of each go command (default 300)",
    )
    proof.add_argument(
        "--allow-network",
        action="store_true",
        help="let the go command use GOPROXY to fetch missing modules (default: offline)",
    )
    proof.add_argument(
        "--unsandboxed",
        action="store_true",
        help="with --verify and no working bubblewrap: run the module's tests anyway, without"
        " isolation (every result then says 'unsandboxed'); without this flag --verify refuses",
    )
    out.add_argument("--version", action="version", version=f"gofixmap {__version__}")
    return parser


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number of seconds: {value!r}") from None
    if seconds <= 0:
        raise argparse.ArgumentTypeError("--verify-timeout must be positive")
    return seconds


def _excluded(go: GoFile, patterns: Sequence[str]) -> bool:
    if not patterns:
        return False
    name = os.path.basename(go.filename)
    return any(fnmatch.fnmatch(go.display, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _rules_command(argv: Sequence[str]) -> int:
    parser = _Parser(prog="gofixmap rules", description="List the rules, or explain one.")
    parser.add_argument("code", nargs="?", help="a rule code (NM001) or name (nil-map-write)")
    parser.add_argument(
        "--markdown", action="store_true", help="every rule's documentation as markdown"
    )
    args = parser.parse_args(argv)
    if args.markdown:
        from gofixmap.sarif import rule_markdown

        sys.stdout.write("# gofixmap rules\n\nGenerated by `gofixmap rules --markdown`.\n")
        for cls in rules.RULES:
            sys.stdout.write(f"\n## {cls.code.lower()}\n\n### {cls.code} {cls.name}\n\n")
            sys.stdout.write(f"{cls.summary}.\n\n```text\n{rule_markdown(cls)}\n```\n")
        return EXIT_CLEAN
    if args.code is None:
        for cls in rules.RULES:
            print(f"{cls.code}  {cls.name:<24} {cls.summary}")
        return EXIT_CLEAN
    found = rules.by_code(args.code)
    if found is None:
        sys.stderr.write(f"gofixmap: unknown rule {args.code!r}; `gofixmap rules` lists them\n")
        return EXIT_ERROR
    print(f"{found.code} {found.name}: {found.summary}\n")
    import inspect

    print(inspect.cleandoc(found.__doc__ or ""))
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stdout is None or sys.stderr is None:
        # a closed standard stream: say so on whichever is left, once
        stream = sys.stderr or sys.stdout
        if stream is not None:
            stream.write("gofixmap: standard output is closed\n")
        return EXIT_ERROR
    # file names are bytes on POSIX: print undecodable ones as they are
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="surrogateescape")
    try:
        code = _dispatch(list(sys.argv[1:] if argv is None else argv))
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        sys.stderr.write("gofixmap: interrupted\n")
        return 130
    except OSError as exc:
        if exc.errno not in (errno.EPIPE, errno.ENOSPC, errno.EBADF, errno.EIO, errno.EFBIG):
            raise
        # stdout is gone or full: nothing more can be written there
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        if exc.errno != errno.EPIPE:
            sys.stderr.write(f"gofixmap: cannot write the output: {exc.strerror}\n")
        return EXIT_ERROR


def _dispatch(args_list: list[str]) -> int:
    if args_list and args_list[0] in SUBCOMMANDS:
        name, rest = args_list[0], args_list[1:]
        if os.path.isdir(name):
            sys.stderr.write(
                f"gofixmap: running the {name!r} subcommand; to check the directory"
                f" {name}/, write ./{name}\n"
            )
        if name == "rules":
            return _rules_command(rest)
        module = importlib.import_module(f"gofixmap.{name}")
        code: int = module.main(rest)
        return code
    return _scan(args_list)


def _scan(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
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
        fix=(Applicability.UNSAFE if unsafe else Applicability.SAFE) if fixing else None,
        settings=Settings(strategy=strategy),
        external_types=rules.external_types(),
        skip_generated=not include_generated,
        only_lines=only_lines,
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
        from gofixmap.rules.crashes import crash_markers
        from gofixmap.verify_cli import apply_verification

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
        threshold = Applicability.UNSAFE if unsafe else Applicability.SAFE
        from gofixmap.codemod.sandbox import SandboxUnavailable

        try:
            results = apply_verification(results, verify_options, toolchain, threshold=threshold)
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
        from gofixmap.verify_cli import verification_lines

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
    from gofixmap.codemod.write import WriteError, signals_raise, write_file

    written: list[FileResult] = []
    with signals_raise():
        for result in results:
            if result.changed:
                try:
                    path = Path(result.path)
                    where = Path(os.path.abspath(path))
                    tree = next((t for t in trees if where.is_relative_to(t)), None)
                    write_file(path, result.fixed, expected=result.original, root=tree)
                except WriteError as exc:
                    sys.stderr.write(f"{exc}\n")
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


if __name__ == "__main__":
    raise SystemExit(main())
