"""New code only: the lines a change touched (``--new-from-rev``, ``--new-from-patch``).

As golangci-lint's ``new-from-rev``: a finding counts when it is on a line the
change added or modified. The change is ``git diff REV`` of the working tree
(plus untracked files, every line of which is new), or a unified diff read
from a file. Paths are resolved against the repository top level (git) or the
current directory (patch), ``a/``/``b/`` prefixes removed.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from unidiff.errors import UnidiffParseError
from unidiff.patch import PatchSet

__all__ = ["ChangeError", "lines_from_patch", "lines_from_rev"]


class ChangeError(Exception):
    """The change could not be read; ``str()`` is the one-line reason."""


def _added(patch_text: str, base: Path) -> dict[str, frozenset[int]]:
    try:
        patch = PatchSet(patch_text)
    except UnidiffParseError as exc:
        raise ChangeError(f"not a unified diff: {exc}") from exc
    lines: dict[str, set[int]] = {}
    for patched in patch:
        if patched.is_removed_file:
            continue
        name = patched.target_file
        if name.startswith("b/"):
            name = name[2:]
        target = os.path.realpath(base / name)
        touched = lines.setdefault(target, set())
        for hunk in patched:
            touched.update(
                line.target_line_no
                for line in hunk
                if line.is_added and line.target_line_no is not None
            )
    return {k: frozenset(v) for k, v in lines.items()}


def _git(args: list[str], cwd: Path) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120, check=False)
    except OSError as exc:
        raise ChangeError(f"cannot run git: {exc.strerror}") from exc
    if out.returncode != 0:
        message = out.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ChangeError(message[-1] if message else f"git {args[0]} failed")
    return out.stdout.decode("utf-8", "surrogateescape")


def lines_from_rev(rev: str, cwd: Path) -> Mapping[str, frozenset[int]]:
    """The lines added or changed in the working tree since ``rev`` (and untracked files)."""
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
    diff = _git(["diff", "--no-color", "--no-ext-diff", "--relative", "-U0", rev, "--"], top)
    lines = dict(_added(diff, top))
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    for name in untracked.split("\0"):
        if not name.endswith(".go"):
            continue
        path = top / name
        try:
            count = path.read_bytes().count(b"\n") + 1
        except OSError:
            continue
        lines[os.path.realpath(path)] = frozenset(range(1, count + 1))
    return lines


def lines_from_patch(patch_file: str, cwd: Path) -> Mapping[str, frozenset[int]]:
    """The lines a unified diff in ``patch_file`` (``-``: stdin) adds."""
    try:
        if patch_file == "-":
            import sys

            text = sys.stdin.read()
        else:
            text = Path(patch_file).read_text(encoding="utf-8", errors="surrogateescape")
    except OSError as exc:
        raise ChangeError(f"{patch_file}: cannot read: {exc.strerror}") from exc
    return _added(text, cwd)
