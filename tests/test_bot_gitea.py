"""`gofixmap bot` end to end against the real Gitea server (marked gitea)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gofixmap.bot import BotOptions, run_bot
from tests.bot_repo import GO, git
from tests.gitea_server import Gitea, gitea_fixture  # noqa: F401  (the fixture)

pytestmark = pytest.mark.gitea


def test_open_then_unchanged_then_update_with_labels(gitea: Gitea, tmp_path: Path) -> None:
    gitea.api("POST", "/user/repos", {"name": "bot-e2e", "default_branch": "main"})
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "-q", "-b", "main")
    (work / "go.mod").write_text("module example.com/demo\n\ngo 1.22\n")
    (work / "demo.go").write_text(GO)
    git(work, "add", ".")
    git(work, "commit", "-q", "-m", "base")
    git(work, "remote", "add", "origin", gitea.clone_url(gitea.admin, "bot-e2e"))
    git(work, "push", "-q", "origin", "main")
    gitea.wait_for_branch(gitea.admin, "bot-e2e", "main")
    opts = BotOptions(
        path=work,
        repo=f"{gitea.admin}/bot-e2e",
        forge="gitea",
        api_url=gitea.url,
        token=gitea.token,
        verify=False,
        labels=["gofixmap"],
    )
    first = run_bot(opts)
    assert first.action == "opened" and first.number is not None
    pr = gitea.api("GET", f"/repos/{gitea.admin}/bot-e2e/pulls/{first.number}")
    assert pr["head"]["ref"] == "gofixmap/fixes" and [x["name"] for x in pr["labels"]] == [
        "gofixmap"
    ]
    assert run_bot(opts).action == "unchanged"
