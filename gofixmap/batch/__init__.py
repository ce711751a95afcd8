"""``gofixmap batch``: every Go module of many repositories and monorepos, one
unit each, resumably (a SQLite journal in --out), on this machine or a Dask
cluster; per-unit diffs and findings, and a report.

Exit status: 0 every unit done and nothing left unfixed; 1 units done but
findings remain unfixed; 2 a unit failed, a repository could not be used, or
bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from gofixmap import rules

EXIT_ERROR = 2

EPILOG = """\
Work: every Go module (go.mod, go.work members; vendor/, testdata/ and hidden
directories skipped) of the repositories in --repos FILE (one a line: a local
path, relative to FILE, or a git URL with @ref) and below each ROOT.

--out DIR receives units/<repo>/<module path>.diff (git apply from the
repository root) and .json (the findings), journal.sqlite, report.json,
report.md and report.html. Running again with the same --out resumes: units
done are not repeated, units left running are run again; a changed commit,
gofixmap version or configuration makes a unit pending again.

exit status: 0 every unit done, 1 findings remain unfixed, 2 a unit failed
(listed at the end) or bad input.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"gofixmap batch: {message}\n")
        raise SystemExit(EXIT_ERROR)


def _positive(kind: type[int] | type[float], minimum: float) -> argparse._ActionType:
    def parse(value: str) -> int | float:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum:g}")
        return number

    return parse


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    from gofixmap.codemod.parallel import default_jobs

    p = _Parser(
        prog="gofixmap batch",
        description="Scan, fix and verify every Go module of many repositories, resumably.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("roots", nargs="*", metavar="ROOT", help="a monorepo or a folder of checkouts")
    p.add_argument("--repos", type=Path, metavar="FILE", help="repositories, one a line")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="outputs and journal")
    p.add_argument(
        "--executor",
        choices=("local", "dask"),
        default="local",
        help="local: a pool of processes (default); dask: a Dask cluster",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="the Dask scheduler (tcp://host:8786); default: a LocalCluster here",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=_positive(int, 1),
        default=default_jobs(),
        metavar="N",
        help="units at once (local) or LocalCluster workers (default: the cores)",
    )
    p.add_argument(
        "--verify",
        action="store_true",
        help="prove each fix with go vet and go test -race (sandboxed)",
    )
    p.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="also apply fixes that can change behaviour beyond the crash",
    )
    p.add_argument("--select", type=_codes, metavar="CODES", help="only these rules")
    p.add_argument("--ignore", type=_codes, metavar="CODES", help="skip these rules")
    p.add_argument(
        "--confidence",
        choices=("high", "medium", "low"),
        help="report and fix only findings whose evidence is at least this strong"
        " (default: the repository's .gofixmap.toml, else low: everything)",
    )
    p.add_argument(
        "--timeout-per-module",
        type=_positive(float, 0.001),
        default=600.0,
        metavar="S",
        help="kill a unit (and its go test) after S seconds (600)",
    )
    p.add_argument(
        "--retries",
        type=_positive(int, 0),
        default=2,
        metavar="N",
        help="runs again of a unit that timed out or lost its worker (2)",
    )
    p.add_argument(
        "--retry-failed",
        action="store_true",
        help="run again the units that failed in an earlier run",
    )
    p.add_argument(
        "--fresh", action="store_true", help="forget the journal and the outputs of earlier runs"
    )
    bot = p.add_argument_group("hand-off to gofixmap bot (needs --verify)")
    bot.add_argument(
        "--open-prs",
        action="store_true",
        help="open or update one pull request per repository with verified fixes",
    )
    bot.add_argument("--forge", choices=("github", "gitea", "gitlab"), default="github")
    bot.add_argument("--api-url", metavar="URL", help="the forge's API (default: the public one)")
    bot.add_argument(
        "--max-open-prs",
        type=_positive(int, 0),
        metavar="N",
        help="open no new pull request while N of the bot's are open",
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: a summary; json: report.json on stdout",
    )
    return p


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    from gofixmap.batch import report
    from gofixmap.batch.handoff import HandOff
    from gofixmap.batch.run import (
        BatchError,
        BatchOptions,
        exit_status,
        failures,
        run,
        write_atomic,
    )

    if not args.roots and args.repos is None:
        sys.stderr.write("gofixmap batch: nothing to do: give --repos FILE or a ROOT\n")
        return EXIT_ERROR
    if args.scheduler and args.executor != "dask":
        sys.stderr.write("gofixmap batch: --scheduler needs --executor dask\n")
        return EXIT_ERROR
    if args.open_prs and not args.verify:
        sys.stderr.write("gofixmap batch: --open-prs needs --verify\n")
        return EXIT_ERROR
    unknown = rules.unknown_codes([*(args.select or []), *(args.ignore or [])])
    if unknown:
        sys.stderr.write(
            f"gofixmap batch: unknown rule {unknown[0]!r}; `gofixmap rules` lists them\n"
        )
        return EXIT_ERROR
    options = BatchOptions(
        out=args.out,
        repos_file=args.repos,
        roots=tuple(args.roots),
        executor=args.executor,
        scheduler=args.scheduler,
        jobs=args.jobs,
        verify=args.verify,
        unsafe_fixes=args.unsafe_fixes,
        select=tuple(args.select) if args.select is not None else None,
        ignore=tuple(args.ignore) if args.ignore is not None else None,
        confidence=args.confidence,
        timeout=args.timeout_per_module,
        retries=args.retries,
        retry_failed=args.retry_failed,
        fresh=args.fresh,
        open_prs=HandOff(
            forge=args.forge,
            api_url=args.api_url,
            max_open_prs=args.max_open_prs,
            select=tuple(args.select) if args.select is not None else None,
            ignore=tuple(args.ignore) if args.ignore is not None else None,
            unsafe_fixes=args.unsafe_fixes,
            confidence=args.confidence,
        )
        if args.open_prs
        else None,
    )
    try:
        outcome = run(options)
        document = report.build(outcome, options)
        write_atomic(args.out / "report.json", (json.dumps(document, indent=2) + "\n").encode())
        write_atomic(args.out / "report.md", report.markdown(document).encode())
        write_atomic(args.out / "report.html", report.to_html(document).encode())
    except BatchError as exc:
        sys.stderr.write(f"gofixmap batch: {exc}\n")
        return EXIT_ERROR
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"gofixmap batch: {where}{exc.strerror or exc}\n")
        return EXIT_ERROR
    for repo in outcome.repos:
        if repo.note:
            sys.stderr.write(f"gofixmap batch: {repo.source}: {repo.note}\n")
    if args.format == "json":
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    else:
        t = document["totals"]
        sys.stdout.write(
            f"{t['done']}/{t['units']} units done ({t['units_run']} run now), {t['failed']} failed;"
            f" {t['findings']} findings, {t['fixes']} fixes, {t['remaining']} remaining;"
            f" report: {args.out / 'report.html'}\n"
        )
    for line in failures(outcome):
        sys.stderr.write(f"gofixmap batch: failed: {line}\n")
    return exit_status(outcome)
