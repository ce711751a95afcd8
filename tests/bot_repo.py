"""Real git for the bot's tests: a bare remote on disk and the user's clone of it."""

from __future__ import annotations

import subprocess
from pathlib import Path

GO = """package demo

func names() map[string]bool {
\tvar seen map[string]bool
\tseen["a"] = true
\treturn seen
}
"""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Human", "-c", "user.email=h@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def commit_file(work: Path, name: str, text: str, push: bool = True) -> None:
    (work / name).write_text(text)
    git(work, "add", name)
    git(work, "commit", "-q", "-m", f"add {name}")
    if push:
        git(work, "push", "-q", "origin", "HEAD:main")


def make_checkout(tmp_path: Path) -> tuple[Path, Path]:
    """A clone (the user's checkout) of a bare remote holding a module with one finding."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(remote), str(work))
    commit_file(work, "go.mod", "module example.com/demo\n\ngo 1.22\n", push=False)
    commit_file(work, "demo.go", GO)
    return work, remote


def user_state(work: Path) -> tuple[str, ...]:
    """What the bot must never change in the user's checkout."""
    files = tuple((p.name, p.read_bytes().hex()) for p in sorted(work.iterdir()) if p.is_file())
    return (
        git(work, "rev-parse", "HEAD"),
        git(work, "symbolic-ref", "HEAD"),
        git(work, "status", "--porcelain", "--untracked-files=all"),
        git(work, "branch", "--list"),
        git(work, "worktree", "list", "--porcelain").count("worktree "),
        repr(files),
    )
