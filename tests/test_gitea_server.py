"""The real Gitea server the bot's end-to-end tests run against (marked gitea).

Needs the binary built by .ci/gitea.sh; skips with that reason otherwise.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.gitea_server import Gitea, gitea_fixture  # noqa: F401  (the fixture)

pytestmark = pytest.mark.gitea


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def test_repository_push_and_pull_request_through_the_real_api(
    gitea: Gitea, tmp_path: Path
) -> None:
    repo = gitea.api("POST", "/user/repos", {"name": "server-check", "default_branch": "main"})
    assert repo["full_name"] == f"{gitea.admin}/server-check"
    work = tmp_path / "work"
    work.mkdir()
    _git(work, "init", "-q", "-b", "main")
    _git(
        work,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.invalid",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "base",
    )
    _git(work, "push", "-q", gitea.clone_url(gitea.admin, "server-check"), "main")
    _git(work, "checkout", "-q", "-b", "topic")
    (work / "a.txt").write_text("a\n")
    _git(work, "add", "a.txt")
    _git(
        work,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.invalid",
        "commit",
        "-q",
        "-m",
        "topic",
    )
    _git(work, "push", "-q", gitea.clone_url(gitea.admin, "server-check"), "topic")
    gitea.wait_for_branch(gitea.admin, "server-check", "topic")
    pr = gitea.api(
        "POST",
        f"/repos/{gitea.admin}/server-check/pulls",
        {"title": "t", "head": "topic", "base": "main"},
    )
    assert pr["number"] >= 1 and pr["state"] == "open"
    listed = gitea.api("GET", f"/repos/{gitea.admin}/server-check/pulls?state=open")
    assert [p["head"]["ref"] for p in listed] == ["topic"]
