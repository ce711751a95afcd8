"""Command line: argument parsing and exit codes, nothing else.

Exit status: 0 nothing left to report; 1 findings remain; 2 usage error,
unreadable input or missing toolchain.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import os
import sys
from collections.abc import Sequence

from gofixmap import __version__, rules
from gofixmap.commands.common import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    Parser,
    add_fix_modes,
    add_format,
    add_strategy,
)

__all__ = ["EXIT_CLEAN", "EXIT_ERROR", "EXIT_FINDINGS", "build_parser", "main"]

SUBCOMMANDS = {
    "rules": "list the rules, or explain one",
    "triage": "crash log -> file, line, cause and fix",
    "race": "go test -race -> fixes -> re-run until the race is gone",
    "bot": "open or update one verified pull request (GitHub, Gitea, GitLab)",
    "batch": "every Go module of many repositories, resumably, locally or on Dask",
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
  gofixmap batch --out DIR [--repos FILE] [ROOT ...]  many repositories, resumably
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
    parser = Parser(
        prog="gofixmap",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="file, directory or ./... (default .)"
    )
    mode = parser.add_argument_group("what to do with fixes")
    add_fix_modes(mode, list_files=True, unsafe_default=None)
    out = parser.add_argument_group("output and rules")
    add_format(
        out,
        ("text", "json", "sarif", "rdjson", "github"),
        "text (default): path:line:col: CODE message; json: one document; "
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
    add_strategy(out, default=None)
    out.add_argument(
        "--include-generated",
        action="store_true",
        default=None,
        help="also check files marked `Code generated ... DO NOT EDIT.`",
    )
    out.add_argument(
        "--confidence",
        choices=("high", "medium", "low"),
        default=None,
        help="report and fix only findings whose evidence is at least this strong:"
        " high (the program's own code shows the nil map or the goroutines: a map nil on"
        " every path, a field nothing sets, go statements that share the map, a race"
        " report), medium (shown on some path, or by a framework's concurrency contract),"
        " low (default: everything, also what rests on what the API server or a caller"
        " may leave unset); `gofixmap rules CODE` lists each rule's kinds",
    )
    out.add_argument(
        "--include-tests",
        action="store_true",
        default=None,
        help="also report nil-map writes in _test.go files and in packages only tests run"
        " (test scaffolding: importing testing or a test framework, imported only by other"
        " directories' tests, linked by no command of the module);"
        " off by default: a test that writes into a nil map panics, so `go test` already"
        " reports it",
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


def _rules_command(argv: Sequence[str]) -> int:
    parser = Parser(prog="gofixmap rules", description="List the rules, or explain one.")
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
    from gofixmap.sarif import rule_markdown

    print(f"{found.code} {found.name}: {found.summary}\n")
    print(rule_markdown(found))
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
    from gofixmap.commands import scan

    return scan.run(build_parser().parse_args(args_list), args_list)


if __name__ == "__main__":
    raise SystemExit(main())
