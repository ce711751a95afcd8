"""One way for ``scan``, ``triage`` and ``race`` to parse, apply and write.

- :class:`Parser`: argparse whose usage error is the usage and one line
  ``PROG: message`` on stderr, exit 2;
- the options several commands take, each defined once: the fix modes
  (:func:`add_fix_modes`: ``-d``, ``-l``, ``-w``, ``--unsafe-fixes``),
  ``--format`` (:func:`add_format`) and ``--strategy`` (:func:`add_strategy`);
  :func:`threshold` turns ``--unsafe-fixes`` into the lowest applicability
  applied;
- :class:`Change` and :func:`write_changes`: the apply-and-write path (every
  write through :func:`gofixmap.codemod.write.write_file`: checked against
  the bytes read, atomic, mode kept); :func:`fix_changes` turns one fix of a
  diagnostic into the changes of the files it edits;
- :func:`rule_errors`: the one-line reports of the rules that raised.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from gofixmap.codemod.model import Applicability, Diagnostic, FileResult, Fix

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

STRATEGIES = ("mutex", "syncmap")


class Parser(argparse.ArgumentParser):
    """A usage error prints the usage and ``PROG: message`` and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(EXIT_ERROR)


def add_fix_modes(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup,
    *,
    diff: bool = True,
    list_files: bool = False,
    write_help: str = "apply the fixes in place, atomically",
    unsafe: bool = True,
    unsafe_default: bool | None = False,
) -> None:
    """``-d``/``--diff``, ``-l``/``--list``, ``-w``/``--write`` and
    ``--unsafe-fixes``: the ones a command takes. ``unsafe_default=None`` lets
    a configuration file decide when the flag is absent."""
    if diff:
        parser.add_argument(
            "-d", "--diff", action="store_true", help="print the fixes as a unified diff"
        )
    if list_files:
        parser.add_argument(
            "-l", "--list", action="store_true", help="list the files that would change"
        )
    parser.add_argument("-w", "--write", action="store_true", help=write_help)
    if unsafe:
        parser.add_argument(
            "--unsafe-fixes",
            action="store_true",
            default=unsafe_default,
            help="also apply fixes that can change behaviour beyond the crash",
        )


def add_format(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup,
    choices: Sequence[str] = ("text", "json"),
    help: str | None = None,
) -> None:
    """``--format``, ``text`` by default."""
    parser.add_argument(
        "--format",
        choices=tuple(choices),
        default="text",
        help=help or "text (default) or json: one document",
    )


def add_strategy(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup, default: str | None = "mutex"
) -> None:
    """``--strategy``: how shared maps are fixed (``None``: the configuration decides)."""
    parser.add_argument(
        "--strategy",
        choices=STRATEGIES,
        default=default,
        help="fix for shared maps: sync.RWMutex (default) or sync.Map",
    )


def threshold(unsafe: bool) -> Applicability:
    """The lowest applicability a command applies."""
    return Applicability.UNSAFE if unsafe else Applicability.SAFE


def first_fix(diag: Diagnostic, at_least: Applicability) -> Fix | None:
    """The best fix of ``diag`` at or above ``at_least``, if any."""
    return next((f for f in diag.fixes if f.applicability >= at_least), None)


@dataclass(frozen=True)
class Change:
    """One file to rewrite: the bytes read and the bytes to write."""

    path: Path
    before: bytes
    after: bytes


def fix_changes(diag: Diagnostic, fix: Fix) -> list[Change]:
    """The files ``fix`` of ``diag`` edits, read from disk, with the fix applied
    (imports included). Raises :class:`~gofixmap.codemod.edits.EditError` or
    ``OSError``."""
    # (imported here: a run the cache answers loads no parser)
    from gofixmap.codemod.edits import apply_fixes, split_in_package

    changes: list[Change] = []
    for target, part in split_in_package(fix, Path(diag.path)).items():
        before = target.read_bytes()
        changes.append(Change(target, before, apply_fixes(before, [part])))
    return changes


def result_changes(results: Iterable[FileResult]) -> list[Change]:
    """The files a run changed."""
    return [Change(Path(r.path), r.original, r.fixed) for r in results if r.changed]


def write_changes(
    changes: Iterable[Change], *, roots: Sequence[Path] = (), prefix: str = ""
) -> list[Change]:
    """Write every change (once per file); return the ones not written, each
    named on stderr in one line (``prefix`` first). A symbolic link is written
    through when its target lies inside the one of ``roots`` that holds it
    (by its absolute or its real path), else only inside its own directory."""
    from gofixmap.codemod.write import WriteError, signals_raise, write_file

    failed: list[Change] = []
    done: set[Path] = set()
    with signals_raise():
        for change in changes:
            if change.path in done:
                continue
            where = Path(os.path.abspath(change.path))
            root = next((r for r in roots if _holds(r, where)), None)
            try:
                write_file(change.path, change.after, expected=change.before, root=root)
            except WriteError as exc:
                sys.stderr.write(f"{prefix}{exc}\n")
                failed.append(change)
                continue
            done.add(change.path)
    return failed


def rule_errors(results: Iterable[FileResult]) -> list[str]:
    """One line per rule that raised on a package of ``results``."""
    return [e.line for r in results for e in r.rule_errors]


def _holds(root: Path, path: Path) -> bool:
    return path.is_relative_to(os.path.abspath(root)) or path.is_relative_to(os.path.realpath(root))
