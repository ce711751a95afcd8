"""`gofixmap bot --forge gitlab` end to end: real git, and the local fake of GitLab's
REST API v4 (tests/fake_forges.py) checking every request's documented shape."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from gofixmap.bot import BotOptions, run_bot
from gofixmap.bot.forge import ForgeError
from tests.bot_repo import GO, commit_file, git, make_checkout, user_state
from tests.fake_forges import REPO, TOKEN, FakeGitLab, serve

PROJECT = "/api/v4/projects/" + quote(REPO, safe="")


@pytest.fixture
def gitlab() -> Iterator[tuple[FakeGitLab, str]]:
    fake = FakeGitLab()
    with serve(fake) as url:
        yield fake, url


@pytest.fixture
def checkout(tmp_path: Path) -> tuple[Path, Path]:
    return make_checkout(tmp_path)


def options(work: Path, url: str, **kw: Any) -> BotOptions:
    return BotOptions(
        **{
            "path": work,
            "repo": REPO,
            "forge": "gitlab",
            "api_url": url,
            "token": TOKEN,
            "verify": False,
            **kw,
        }
    )


def test_merge_request_opened_with_labels_and_reviewer_ids_then_unchanged_then_updated(
    gitlab: tuple[FakeGitLab, str], checkout: tuple[Path, Path]
) -> None:
    fake, url = gitlab
    work, remote = checkout
    before = user_state(work)
    first = run_bot(options(work, url, labels=["bot", "nil-maps"], reviewers=["bob"], draft=True))
    assert (first.action, first.number) == ("opened", 1)
    assert first.url == f"https://gitlab.com/{REPO}/-/merge_requests/1"
    assert user_state(work) == before
    mr = fake.mrs[0]
    assert mr["title"] == "Draft: gofixmap: fix 1 nil-map writes and map races" and mr["draft"]
    assert (mr["source_branch"], mr["target_branch"]) == ("gofixmap/fixes", "main")
    assert mr["labels"] == ["bot", "nil-maps"]
    assert mr["reviewers"] == [{"id": 8, "username": "bob"}]  # by user id, looked up
    assert f"gofixmap:fingerprint={first.fingerprint}" in mr["description"]
    posts = [r for r in fake.writes() if r.path == f"{PROJECT}/merge_requests"]
    assert posts[0].body["reviewer_ids"] == [8] and posts[0].body["labels"] == "bot,nil-maps"

    writes = len(fake.writes())
    again = run_bot(options(work, url, labels=["bot", "nil-maps"], reviewers=["bob"], draft=True))
    assert (again.action, again.number) == ("unchanged", 1)
    assert len(fake.writes()) == writes  # only reads

    commit_file(work, "extra.go", GO.replace("names", "more"))
    grown = run_bot(options(work, url, labels=["bot", "nil-maps"], draft=True))
    assert (grown.action, grown.number) == ("updated", 1) and len(fake.mrs) == 1
    [put] = fake.writes()[writes:]
    assert (put.method, put.path) == ("PUT", f"{PROJECT}/merge_requests/1")
    assert set(put.body) == {"title", "description"}
    assert mr["title"] == "Draft: gofixmap: fix 2 nil-map writes and map races"
    assert "seen := make" in git(remote, "show", "gofixmap/fixes:extra.go")


def test_human_commit_gets_one_note_and_declined_merge_request_is_not_reopened(
    gitlab: tuple[FakeGitLab, str], checkout: tuple[Path, Path], tmp_path: Path
) -> None:
    fake, url = gitlab
    work, remote = checkout
    run_bot(options(work, url))
    human = tmp_path / "human"
    git(tmp_path, "clone", "-q", "-b", "gofixmap/fixes", str(remote), str(human))
    commit_file(human, "NOTES", "mine\n", push=False)
    git(human, "push", "-q", "origin", "gofixmap/fixes")
    head = git(remote, "rev-parse", "gofixmap/fixes")
    for _ in range(2):
        skipped = run_bot(options(work, url))
        assert skipped.action == "skipped" and "is not the bot's" in (skipped.reason or "")
    assert git(remote, "rev-parse", "gofixmap/fixes") == head
    assert len(fake.notes[1]) == 1 and "not the bot's" in fake.notes[1][0]["body"]

    git(human, "reset", "-q", "--hard", "HEAD~1")
    git(human, "push", "-q", "--force", "origin", "gofixmap/fixes")
    fake.mrs[0]["state"] = "closed"
    declined = run_bot(options(work, url))
    assert declined.action == "skipped"
    assert declined.reason == f"declined in https://gitlab.com/{REPO}/-/merge_requests/1"


def test_pages_conflicts_and_errors(
    gitlab: tuple[FakeGitLab, str], checkout: tuple[Path, Path]
) -> None:
    fake, url = gitlab
    work, _ = checkout
    for i in range(2):
        fake.mrs.append(
            {
                "iid": 50 + i,
                "title": "other",
                "description": "",
                "state": "opened",
                "source_branch": f"gofixmap/other-{i}",
                "target_branch": "main",
                "labels": [],
                "web_url": f"https://gitlab.com/{REPO}/-/merge_requests/{50 + i}",
            }
        )
    fake.per_page_cap = 1  # X-Next-Page / Link rel="next" must be followed
    capped = run_bot(options(work, url, max_open_prs=2))
    assert capped.reason == "2 pull requests from gofixmap/* open (--max-open-prs 2)"
    assert fake.writes() == []

    # GitLab's own rate-limit headers: RateLimit-Remaining 0 until RateLimit-Reset
    reset = str(int(time.time()) + 1)
    fake.fail_next(
        "GET",
        PROJECT,
        429,
        {"message": "Retry later"},
        {"RateLimit-Remaining": "0", "RateLimit-Reset": reset},
    )
    waited = run_bot(options(work, url, max_open_prs=2, max_wait=5))  # not 60 s: the reset
    assert waited.action == "skipped"
    assert [r.status for r in fake.log if r.path == PROJECT][-2:] == [429, 200]

    with pytest.raises(ForgeError, match="--reviewer nobody: no such GitLab user"):
        run_bot(options(work, url, reviewers=["nobody"]))
    with pytest.raises(ForgeError, match="401 bad credentials") as err:
        run_bot(options(work, url, token="glpat-wrong-one"))
    assert "glpat-wrong-one" not in str(err.value)

    # the merge request appears between the list and the create: 409, then update it
    fake.fail_next("GET", f"{PROJECT}/merge_requests", 200, [], times=1)
    fake.mrs.append(
        {
            "iid": 60,
            "title": "old",
            "description": "old",
            "state": "opened",
            "source_branch": "gofixmap/fixes",
            "target_branch": "main",
            "labels": [],
            "web_url": f"https://gitlab.com/{REPO}/-/merge_requests/60",
        }
    )
    result = run_bot(options(work, url))
    assert result.number == 60
    assert [m["iid"] for m in fake.mrs if m["source_branch"] == "gofixmap/fixes"] == [60]
    assert ("POST", f"{PROJECT}/merge_requests", 409) in [
        (r.method, r.path, r.status) for r in fake.log
    ]
    assert "gofixmap:fingerprint=" in fake.mrs[-1]["description"]


def test_dry_run_plans_the_merge_request_with_reviewer_ids_and_writes_nothing(
    gitlab: tuple[FakeGitLab, str], checkout: tuple[Path, Path], tmp_path: Path
) -> None:
    fake, url = gitlab
    work, remote = checkout
    out = tmp_path / "plan"
    result = run_bot(options(work, url, dry_run=out, reviewers=["alice"], labels=["bot"]))
    assert result.action == "opened" and result.number is None
    assert fake.writes() == [] and git(remote, "branch", "--list", "gofixmap/fixes") == ""
    plan = json.loads((out / "plan.json").read_text())
    [call] = plan["calls"]
    assert (call["method"], call["path"]) == ("POST", f"{PROJECT}/merge_requests")
    assert call["body"]["reviewer_ids"] == [7] and call["body"]["labels"] == "bot"
    assert plan["push"]["branch"] == "gofixmap/fixes"
