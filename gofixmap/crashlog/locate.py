"""The file of the repository a stack frame names (confined to the repository)."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from gofixmap.crashlog.model import Frame

_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv"})


def _norm_parts(path: str) -> list[str]:
    text = path.replace("\\", "/")
    text = re.sub(r"^[A-Za-z]:", "", text)
    return [p for p in text.split("/") if p and p != "."]


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (OSError, ValueError):
        return False
    return True


def map_frame_to_repo(frame: Frame, repo: Path, module_path: str | None) -> Path | None:
    """The file of ``repo`` that ``frame`` points at, or None.

    A crash log is untrusted input: whatever the frame says (``../``, an
    absolute path, a package path with ``..``, a symlink in the repository
    pointing out of it), the answer is a regular file that lies inside
    ``repo`` once every symlink is resolved, or None (the frame is unmapped).
    """
    found = _map_frame(frame, Path(repo), module_path)
    if found is None or not _inside(found, Path(repo)) or not found.resolve().is_file():
        return None
    return found


def _map_frame(frame: Frame, repo: Path, module_path: str | None) -> Path | None:
    """Candidates for :func:`map_frame_to_repo`, before the confinement check.

    Tried in order: the frame's path as is (absolute inside ``repo``, or
    relative to it as ``-trimpath`` prints it); the package path minus
    ``module_path`` as a directory plus the file's base name; the repository
    ``.go`` file sharing the longest path suffix with the frame's file (a
    binary built in ``/workspace`` or CI): its whole repository-relative path,
    or at least its directory and base name. A tie between equally good suffix
    matches is ambiguous and gives None.
    """
    if not frame.file or frame.file.startswith("<"):
        return None
    repo = Path(repo)
    parts = _norm_parts(frame.file)
    if not parts:
        return None
    base = parts[-1]
    exact = Path(frame.file)
    if exact.is_absolute():
        if exact.is_file() and _inside(exact, repo):
            return exact
    elif (repo / exact).is_file():
        return repo / exact

    if module_path:
        prefix = module_path.rstrip("/")
        for pkg in (frame.package, frame.package.removesuffix("_test")):
            if pkg == prefix or pkg.startswith(prefix + "/"):
                rel = pkg[len(prefix) :].lstrip("/")
                candidate = repo / rel / base if rel else repo / base
                if candidate.is_file():
                    return candidate
        # -trimpath: "example.com/op/controllers/x.go"
        joined = "/".join(parts)
        if joined.startswith(prefix + "/"):
            candidate = repo / joined[len(prefix) + 1 :]
            if candidate.is_file():
                return candidate

    best: list[Path] = []
    best_len = 0
    for dirpath, dirnames, filenames in os.walk(repo):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        if base not in filenames:
            continue
        rel_parts = [*PurePosixPath(Path(dirpath).relative_to(repo).as_posix()).parts, base]
        rel_parts = [p for p in rel_parts if p != "."]
        n = 0
        for a, b in zip(reversed(rel_parts), reversed(parts), strict=False):
            if a != b:
                break
            n += 1
        if n < len(rel_parts) and n < 2:
            continue  # only the base name agrees, and the directories differ
        if n > best_len:
            best, best_len = [Path(dirpath) / base], n
        elif n == best_len and n > 0:
            best.append(Path(dirpath) / base)
    if len(best) == 1:
        return best[0]
    return None
