"""`gofixmap bot` end to end against the real Gitea server (marked gitea).

The bot pushes over HTTP with the token from GIT_ASKPASS (the checkout's remote
URL carries no credentials); the tests' own pushes (a human's) use the admin's
password. What the bot sent is read from Gitea's access log.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import subprocess
import urllib.error
from pathlib import Path
from typing import Any

import pytest

from gofixmap.bot import BotOptions, run_bot
from tests.bot_repo import GO, commit_file, git, user_state
from tests.gitea_server import Access, Gitea, gitea_fixture  # noqa: F401  (the fixture)

pytestmark = pytest.mark.gitea

REVIEWER = "gofixmap-reviewer"
_names = itertools.count()


def make_repo(gitea: Gitea, tmp_path: Path) -> tuple[str, Path, str]:
    """A new Gitea repository with one finding on main, the reviewer a collaborator;
    (owner/name, the user's clone, the admin's push URL)."""
    name = f"bot-e2e-{next(_names)}"
    gitea.api("POST", "/user/repos", {"name": name, "default_branch": "main"})
    with contextlib.suppress(urllib.error.HTTPError):  # made by an earlier test
        gitea.api(
            "POST",
            "/admin/users",
            {
                "username": REVIEWER,
                "email": f"{REVIEWER}@example.invalid",
                "password": "Reviewer-password-1",
                "must_change_password": False,
            },
        )
    gitea.api(
        "PUT", f"/repos/{gitea.admin}/{name}/collaborators/{REVIEWER}", {"permission": "read"}
    )
    push_url = gitea.clone_url(gitea.admin, name)
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "-q", "-b", "main")
    git(work, "remote", "add", "origin", f"{gitea.url}{gitea.admin}/{name}.git")  # no secret
    commit_file(work, "go.mod", "module example.com/demo\n\ngo 1.22\n", push=False)
    commit_file(work, "demo.go", GO, push=False)
    git(work, "push", "-q", push_url, "main")
    gitea.wait_for_branch(gitea.admin, name, "main")
    git(work, "fetch", "-q", "origin")
    return f"{gitea.admin}/{name}", work, push_url


def add_finding(gitea: Gitea, repo: str, work: Path, push_url: str, fn: str) -> None:
    commit_file(work, f"{fn}.go", GO.replace("names", fn), push=False)
    git(work, "push", "-q", push_url, "HEAD:main")
    gitea.wait_for_branch(*repo.split("/"), "main")


def options(gitea: Gitea, repo: str, work: Path, **kw: Any) -> BotOptions:
    return BotOptions(
        **{
            "path": work,
            "repo": repo,
            "forge": "gitea",
            "api_url": gitea.url,
            "token": gitea.token,
            "verify": False,
            **kw,
        }
    )


def bot_requests(gitea: Gitea, since: int) -> list[Access]:
    """The bot's API calls and every git push since the `since`-th log line."""
    return [
        r
        for r in gitea.requests()[since:]
        if r.agent.startswith("gofixmap-bot") or r.path.endswith("/git-receive-pack")
    ]


def test_open_then_only_reads_then_update_on_a_moved_base(
    gitea: Gitea, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, work, push_url = make_repo(gitea, tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[credential]\n\thelper = store\n")
    before = user_state(work)
    with monkeypatch.context() as m:  # a user whose git would store credentials
        m.setenv("HOME", str(home))
        first = run_bot(options(gitea, repo, work, labels=["gofixmap"], reviewers=[REVIEWER]))
    assert first.action == "opened" and first.number is not None
    assert user_state(work) == before
    assert not (home / ".git-credentials").exists()
    assert gitea.token not in (work / ".git" / "config").read_text()
    pr = gitea.api("GET", f"/repos/{repo}/pulls/{first.number}")
    assert first.url == pr["html_url"]
    assert pr["head"]["ref"] == "gofixmap/fixes" and pr["base"]["ref"] == "main"
    assert pr["title"] == "gofixmap: fix 1 nil-map writes and map races"
    assert [x["name"] for x in pr["labels"]] == ["gofixmap"]
    assert [u["login"] for u in pr["requested_reviewers"]] == [REVIEWER]
    assert f"gofixmap:fingerprint={first.fingerprint}" in pr["body"]
    old_head = pr["head"]["sha"]

    mark = len(gitea.requests())
    assert run_bot(options(gitea, repo, work, labels=["gofixmap"])).action == "unchanged"
    seen = bot_requests(gitea, mark)
    assert seen and {r.method for r in seen} == {"GET"}, seen  # no push, no write

    add_finding(gitea, repo, work, push_url, "more")
    mark = len(gitea.requests())
    grown = run_bot(options(gitea, repo, work, labels=["gofixmap", "nil-maps"]))
    assert (grown.action, grown.number) == ("updated", first.number)
    assert any(r.path.endswith("/git-receive-pack") for r in bot_requests(gitea, mark))
    pulls = gitea.api("GET", f"/repos/{repo}/pulls?state=all")
    assert [p["number"] for p in pulls] == [first.number]  # never a duplicate
    pr = gitea.api("GET", f"/repos/{repo}/pulls/{first.number}")
    assert pr["title"] == "gofixmap: fix 2 nil-map writes and map races"
    assert sorted(x["name"] for x in pr["labels"]) == ["gofixmap", "nil-maps"]
    assert f"gofixmap:fingerprint={grown.fingerprint}" in pr["body"]
    branch = gitea.api("GET", f"/repos/{repo}/branches/gofixmap%2Ffixes")
    main = gitea.api("GET", f"/repos/{repo}/branches/main")
    commit = gitea.api("GET", f"/repos/{repo}/git/commits/{branch['commit']['id']}")
    assert [p["sha"] for p in commit["parents"]] == [main["commit"]["id"]]
    assert branch["commit"]["id"] != old_head  # force-pushed with lease over the bot's commit


def test_declined_new_fixes_cap_and_a_human_commit(gitea: Gitea, tmp_path: Path) -> None:
    repo, work, push_url = make_repo(gitea, tmp_path)
    first = run_bot(options(gitea, repo, work))
    assert first.action == "opened"
    gitea.api("PATCH", f"/repos/{repo}/pulls/{first.number}", {"state": "closed"})

    mark = len(gitea.requests())
    declined = run_bot(options(gitea, repo, work))
    assert (declined.action, declined.reason) == ("skipped", f"declined in {first.url}")
    assert {r.method for r in bot_requests(gitea, mark)} == {"GET"}

    add_finding(gitea, repo, work, push_url, "more")
    second = run_bot(options(gitea, repo, work, draft=True))
    assert second.action == "opened" and second.number != first.number
    pr = gitea.api("GET", f"/repos/{repo}/pulls/{second.number}")
    assert pr["title"] == "WIP: gofixmap: fix 2 nil-map writes and map races"
    assert pr.get("draft", True) is True  # Gitea marks a draft by the title's WIP prefix
    states = {p["number"]: p["state"] for p in gitea.api("GET", f"/repos/{repo}/pulls?state=all")}
    assert states == {first.number: "closed", second.number: "open"}

    capped = run_bot(options(gitea, repo, work, branch="gofixmap/other", max_open_prs=1))
    assert capped.action == "skipped"
    assert capped.reason == "1 pull requests from gofixmap/* open (--max-open-prs 1)"
    assert git(work, "ls-remote", "--heads", "origin", "gofixmap/other") == ""

    human = tmp_path / "human"
    git(tmp_path, "clone", "-q", "-b", "gofixmap/fixes", push_url, str(human))
    commit_file(human, "NOTES", "mine\n", push=False)
    git(human, "push", "-q", "origin", "gofixmap/fixes")
    human_head = git(human, "rev-parse", "HEAD").strip()
    add_finding(gitea, repo, work, push_url, "third")
    for _ in range(2):
        mark = len(gitea.requests())
        skipped = run_bot(options(gitea, repo, work, draft=True))
        assert skipped.action == "skipped" and skipped.number == second.number
        assert not any(r.path.endswith("/git-receive-pack") for r in bot_requests(gitea, mark))
    remote_head = git(work, "ls-remote", "--heads", "origin", "gofixmap/fixes").split()[0]
    assert remote_head == human_head
    comments = gitea.api("GET", f"/repos/{repo}/issues/{second.number}/comments")
    assert len(comments) == 1 and human_head[:12] in comments[0]["body"]


def test_token_reaches_git_only_through_askpass(gitea: Gitea, tmp_path: Path) -> None:
    repo, work, _ = make_repo(gitea, tmp_path)
    r = subprocess.run(
        [
            "python",
            "-m",
            "gofixmap",
            "bot",
            "--forge",
            "gitea",
            "--api-url",
            gitea.url,
            "--repo",
            repo,
            "--no-verify",
            "--format",
            "json",
            str(work),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "GITEA_TOKEN": gitea.token},
    )
    assert r.returncode == 0, r.stderr
    assert gitea.token not in r.stdout + r.stderr
    assert gitea.token not in git(work, "config", "--list", "--show-origin")
    assert "@" not in git(work, "remote", "get-url", "origin")
    bad = subprocess.run(
        [
            "python",
            "-m",
            "gofixmap",
            "bot",
            "--forge",
            "gitea",
            "--api-url",
            gitea.url,
            "--repo",
            f"{gitea.admin}/no-such-repo",
            str(work),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "GITEA_TOKEN": gitea.token},
    )
    assert bad.returncode == 2 and bad.stdout == "" and bad.stderr.count("\n") == 1
    assert "404 not found (unknown repository" in bad.stderr and gitea.token not in bad.stderr
