"""`gofixmap bot` against real git (a bare remote on disk) and the local fake of
GitHub's REST API (tests/fake_forges.py), which checks every request against the
documented shapes and answers as GitHub does, errors and rate limits included."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gofixmap import __version__
from gofixmap.bot import BotError, BotOptions, run_bot
from gofixmap.bot.forge import ForgeError
from tests.bot_repo import GO, commit_file, git, make_checkout, user_state
from tests.fake_forges import REPO, TOKEN, FakeGitHub, serve


@pytest.fixture
def github() -> Iterator[tuple[FakeGitHub, str]]:
    fake = FakeGitHub()
    with serve(fake) as url:
        yield fake, url


@pytest.fixture
def checkout(tmp_path: Path) -> tuple[Path, Path]:
    return make_checkout(tmp_path)


def options(work: Path, url: str, **kw: Any) -> BotOptions:
    return BotOptions(
        **{"path": work, "repo": REPO, "api_url": url, "token": TOKEN, "verify": False, **kw}
    )


def test_opens_one_pull_request_with_the_documented_commits_body_labels_and_reviewers(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path]
) -> None:
    fake, url = github
    work, remote = checkout
    before = user_state(work)
    first = run_bot(
        options(work, url, labels=["bot"], reviewers=["alice", "acme/core"], draft=True)
    )
    assert (first.action, first.number) == ("opened", 1)
    assert first.url == f"https://github.com/{REPO}/pull/1"
    assert user_state(work) == before  # tree, index, HEAD, branches, worktrees untouched

    assert "seen := make(map[string]bool)" in git(remote, "show", "gofixmap/fixes:demo.go")
    assert git(remote, "rev-list", "--count", "main..gofixmap/fixes") == "1\n"
    message = git(remote, "log", "-1", "--format=%B", "gofixmap/fixes")
    assert message == (
        "fix(NM001): initialise the map of 1 nil-map write\n\n"
        "- demo.go:5: Initialise seen with make [not verified: --no-verify]\n\n"
        f"Gofixmap-Fingerprint: {first.fingerprint}\n\n"
    )
    trailers = subprocess.run(
        ["git", "interpret-trailers", "--parse"], input=message, capture_output=True, text=True
    ).stdout
    assert trailers == f"Gofixmap-Fingerprint: {first.fingerprint}\n"
    assert re.fullmatch(r"[0-9a-f]{64}", first.fingerprint or "")
    assert git(remote, "log", "-1", "--format=%an <%ae>", "gofixmap/fixes") == (
        "gofixmap <gofixmap@users.noreply.invalid>\n"
    )

    pr = fake.pulls[0]
    assert pr["title"] == "gofixmap: fix 1 nil-map writes and map races"
    assert pr["draft"] is True and pr["head"]["ref"] == "gofixmap/fixes"
    assert pr["base"]["ref"] == "main"
    body = pr["body"]
    assert (
        "| `demo.go:5` | NM001 | Initialise seen with make | not verified (--no-verify) |" in body
    )
    assert "//gofixmap:ignore CODE reason" in body
    assert "<details><summary>diff</summary>" in body and "+\tseen := make" in body
    base_sha = git(remote, "rev-parse", "main").strip()
    assert (
        f"<!-- gofixmap:fingerprint={first.fingerprint} base={base_sha} version={__version__} -->"
        in body
    )
    assert [x["name"] for x in pr["labels"]] == ["bot"]
    assert pr["requested_reviewers"] == [{"login": "alice"}]
    assert pr["requested_teams"] == [{"slug": "core"}]
    assert [f.as_json() for f in first.fixes] == [
        {
            "path": "demo.go",
            "line": 5,
            "rule": "NM001",
            "fix": "Initialise seen with make",
            "verification": "unverified",
            "seconds": None,
        }
    ]


def test_second_run_with_nothing_new_only_reads(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path]
) -> None:
    fake, url = github
    work, remote = checkout
    assert run_bot(options(work, url, labels=["bot"])).action == "opened"
    head = git(remote, "rev-parse", "gofixmap/fixes")
    writes = len(fake.writes())
    second = run_bot(options(work, url, labels=["bot"]))
    assert (second.action, second.number, second.url) == ("unchanged", 1, fake.pulls[0]["html_url"])
    assert len(fake.writes()) == writes
    assert git(remote, "rev-parse", "gofixmap/fixes") == head
    # a label the pull request lacks is a change: added, nothing else written
    third = run_bot(options(work, url, labels=["bot", "nil-maps"]))
    assert third.action == "updated"
    assert [(r.method, r.path) for r in fake.writes()[writes:]] == [
        ("POST", f"/repos/{REPO}/issues/1/labels")
    ]
    assert fake.writes()[-1].body == {"labels": ["nil-maps"]}


def test_moved_base_force_pushes_over_the_bots_commits_and_updates_the_same_pull_request(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path]
) -> None:
    fake, url = github
    work, remote = checkout
    first = run_bot(options(work, url))
    old_head = git(remote, "rev-parse", "gofixmap/fixes").strip()

    commit_file(work, "README", "unrelated\n")  # the base moves, the fixes do not
    moved = run_bot(options(work, url))
    assert (moved.action, moved.number) == ("updated", 1)
    assert moved.fingerprint == first.fingerprint
    new_base = git(remote, "rev-parse", "main").strip()
    assert git(remote, "rev-parse", "gofixmap/fixes^").strip() == new_base
    ancestor = subprocess.run(
        ["git", "merge-base", "--is-ancestor", old_head, "gofixmap/fixes"], cwd=remote
    )
    assert ancestor.returncode == 1  # force-pushed: the old commit is gone from the branch
    assert f"base={new_base}" in fake.pulls[0]["body"]

    commit_file(work, "extra.go", GO.replace("names", "more"))  # a new finding
    grown = run_bot(options(work, url))
    assert (grown.action, grown.number) == ("updated", 1)
    assert grown.fingerprint != first.fingerprint
    assert len(fake.pulls) == 1
    assert fake.pulls[0]["title"] == "gofixmap: fix 2 nil-map writes and map races"
    assert git(remote, "log", "-1", "--format=%s", "gofixmap/fixes") == (
        "fix(NM001): initialise the maps of 2 nil-map writes\n"
    )
    assert "seen := make" in git(remote, "show", "gofixmap/fixes:extra.go")


def test_a_human_commit_on_the_branch_is_never_pushed_over_and_commented_on_once(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path], tmp_path: Path
) -> None:
    fake, url = github
    work, remote = checkout
    run_bot(options(work, url))
    human = tmp_path / "human"
    git(tmp_path, "clone", "-q", "-b", "gofixmap/fixes", str(remote), str(human))
    commit_file(human, "NOTES", "mine\n", push=False)
    git(human, "push", "-q", "origin", "gofixmap/fixes")
    human_head = git(remote, "rev-parse", "gofixmap/fixes").strip()
    commit_file(work, "extra.go", GO.replace("names", "more"))  # the bot would push

    third = run_bot(options(work, url))
    assert third.action == "skipped" and third.number == 1
    assert (
        third.reason
        == f"commit {human_head[:12]} on gofixmap/fixes is not the bot's; nothing pushed"
    )
    assert git(remote, "rev-parse", "gofixmap/fixes").strip() == human_head
    assert len(fake.comments[1]) == 1 and human_head[:12] in fake.comments[1][0]
    assert "not the bot's" in fake.comments[1][0]
    writes = len(fake.writes())
    assert run_bot(options(work, url)).action == "skipped"
    assert len(fake.writes()) == writes and len(fake.comments[1]) == 1  # said once


def test_declined_fixes_are_not_proposed_again_but_different_fixes_are(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path]
) -> None:
    fake, url = github
    work, _ = checkout
    assert run_bot(options(work, url)).action == "opened"
    fake.pulls[0]["state"] = "closed"  # closed without merging
    writes = len(fake.writes())
    again = run_bot(options(work, url))
    assert again.action == "skipped"
    assert again.reason == f"declined in https://github.com/{REPO}/pull/1"
    assert len(fake.writes()) == writes and len(fake.pulls) == 1

    commit_file(work, "extra.go", GO.replace("names", "more"))
    other = run_bot(options(work, url))
    assert (other.action, other.number) == ("opened", 2)
    assert [p["state"] for p in fake.pulls] == ["closed", "open"]


def _other_open_pulls(fake: FakeGitHub, n: int) -> None:
    for i in range(n):
        fake.pulls.append(
            {
                "number": 100 + i,
                "html_url": f"https://github.com/{REPO}/pull/{100 + i}",
                "state": "open",
                "title": "other",
                "body": "",
                "merged_at": None,
                "labels": [],
                "head": {"ref": f"gofixmap/other-{i}", "label": f"acme:gofixmap/other-{i}"},
                "base": {"ref": "main"},
            }
        )


def test_max_open_prs_counts_every_page_of_the_bots_pull_requests(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path]
) -> None:
    fake, url = github
    work, remote = checkout
    _other_open_pulls(fake, 3)
    fake.per_page_cap = 1  # three pages: only following Link rel="next" counts three
    capped = run_bot(options(work, url, max_open_prs=3))
    assert capped.action == "skipped"
    assert capped.reason == "3 pull requests from gofixmap/* open (--max-open-prs 3)"
    assert fake.writes() == [] and git(remote, "branch", "--list", "gofixmap/fixes") == ""
    assert run_bot(options(work, url, max_open_prs=4)).action == "opened"


def test_dry_run_writes_patch_body_and_plan_and_makes_no_write(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path], tmp_path: Path
) -> None:
    fake, url = github
    work, remote = checkout
    out = tmp_path / "plan"
    result = run_bot(options(work, url, dry_run=out, labels=["bot"]))
    assert result.action == "opened" and result.url is None
    assert fake.writes() == []
    assert git(remote, "branch", "--list", "gofixmap/fixes") == ""
    patch = (out / "branch.patch").read_text()
    assert "Subject: [PATCH] fix(NM001): initialise the map of 1 nil-map write" in patch
    check = subprocess.run(["git", "apply", "--check", "-"], input=patch, cwd=work, text=True)
    assert check.returncode == 0
    assert "| `demo.go:5` | NM001 |" in (out / "body.md").read_text()
    plan = json.loads((out / "plan.json").read_text())
    assert plan["push"]["branch"] == "gofixmap/fixes" and plan["push"]["lease"] is None
    assert [(c["method"], c["path"]) for c in plan["calls"]] == [
        ("POST", f"/repos/{REPO}/pulls"),
        ("POST", f"/repos/{REPO}/issues/{{number}}/labels"),
    ]
    assert plan["calls"][0]["body"]["head"] == "gofixmap/fixes"
    assert plan["result"]["action"] == "opened"
    assert not any(TOKEN in p.read_text() for p in out.iterdir())


def test_already_exists_answer_updates_the_open_pull_request_instead_of_a_duplicate(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path]
) -> None:
    fake, url = github
    work, _ = checkout
    run_bot(options(work, url))
    fake.pulls[0]["body"] = "edited meanwhile"
    # another run's pull request is not in the list yet: GitHub answers 422 to the create
    fake.fail_next("GET", f"/repos/{REPO}/pulls", 200, [])
    result = run_bot(options(work, url))
    assert result.number == 1 and len(fake.pulls) == 1
    assert "gofixmap:fingerprint=" in fake.pulls[0]["body"]
    statuses = [(r.method, r.path, r.status) for r in fake.log if r.path.endswith("/pulls")]
    assert ("POST", f"/repos/{REPO}/pulls", 422) in statuses


def test_rate_limits_are_waited_out_and_writes_are_a_second_apart(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path]
) -> None:
    fake, url = github
    work, _ = checkout
    secondary = {
        "message": "You have exceeded a secondary rate limit. Please wait a few minutes"
        " before you try again.",
        "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        "status": "403",
    }
    fake.fail_next("POST", f"/repos/{REPO}/pulls", 403, secondary, {"Retry-After": "1"})
    reset = str(int(time.time()) + 2)
    primary = {"message": "API rate limit exceeded for installation ID 1.", "status": "403"}
    limit = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset, "X-RateLimit-Limit": "5000"}
    fake.fail_next("GET", f"/repos/{REPO}", 403, primary, limit)
    result = run_bot(options(work, url, labels=["bot"]))
    assert result.action == "opened" and len(fake.pulls) == 1
    gets = [r for r in fake.log if r.path == f"/repos/{REPO}"]
    assert [r.status for r in gets] == [403, 200]
    assert gets[1].time - gets[0].time >= 0.9  # waited for X-RateLimit-Reset
    posts = [r for r in fake.log if (r.method, r.path) == ("POST", f"/repos/{REPO}/pulls")]
    assert [r.status for r in posts] == [403, 201]
    assert posts[1].time - posts[0].time >= 1.0  # Retry-After
    writes = fake.writes()
    gaps = [(b.time - a.time, a.path, b.path) for a, b in itertools.pairwise(writes)]
    assert all(g[0] >= 0.9 for g in gaps), gaps  # sent 1 s apart, received about so


@pytest.mark.parametrize(
    ("status", "payload", "headers", "said"),
    [
        (429, {"message": "Too many requests"}, {"Retry-After": "3600"}, "rate limited until"),
        (
            403,
            {"message": "You have exceeded a secondary rate limit.", "status": "403"},
            {},
            "rate limited until",
        ),
    ],
)
def test_a_rate_limit_beyond_max_wait_fails_at_once_with_the_reset_time(
    github: tuple[FakeGitHub, str],
    checkout: tuple[Path, Path],
    status: int,
    payload: Any,
    headers: dict[str, str],
    said: str,
) -> None:
    fake, url = github
    work, remote = checkout
    fake.fail_next("GET", f"/repos/{REPO}", status, payload, headers)
    start = time.monotonic()
    with pytest.raises(ForgeError, match=r"rate limited until \d\d:\d\d:\d\d UTC") as err:
        run_bot(options(work, url, max_wait=5))
    assert time.monotonic() - start < 5 and TOKEN not in str(err.value)
    assert git(remote, "branch", "--list", "gofixmap/fixes") == ""


def _cli(work: Path, url: str, *extra: str, token: str = TOKEN) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GITHUB_TOKEN": token}
    cmd = [sys.executable, "-m", "gofixmap", "bot", "--repo", REPO, "--api-url", url]
    return subprocess.run(
        [*cmd, "--no-verify", *extra, str(work)], capture_output=True, text=True, env=env
    )


def test_command_line_json_shape_and_text_lines(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path]
) -> None:
    _, url = github
    work, _ = checkout
    r = _cli(work, url, "--format", "json")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    got = json.loads(r.stdout)
    assert list(got) == ["action", "url", "number", "branch", "fingerprint", "fixes", "reason"]
    assert (got["action"], got["number"], got["branch"], got["reason"]) == (
        "opened",
        1,
        "gofixmap/fixes",
        None,
    )
    assert [sorted(f) for f in got["fixes"]] == [
        ["fix", "line", "path", "rule", "seconds", "verification"]
    ]
    r = _cli(work, url)
    assert (r.returncode, r.stdout) == (0, f"unchanged https://github.com/{REPO}/pull/1\n")
    assert TOKEN not in r.stdout + r.stderr


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (None, "401 bad credentials (check the token): Bad credentials"),
        (
            ("GET", f"/repos/{REPO}", 404, {"message": "Not Found"}),
            "404 not found (unknown repository",
        ),
        (
            (
                "POST",
                f"/repos/{REPO}/pulls",
                403,
                {"message": "Resource not accessible by integration"},
            ),
            "403 forbidden (the token lacks a permission): Resource not accessible by integration",
        ),
        (
            (
                "POST",
                f"/repos/{REPO}/pulls",
                422,
                {
                    "message": "Validation Failed",
                    "errors": [{"resource": "PullRequest", "field": "base", "code": "invalid"}],
                },
            ),
            "422 Validation Failed: PullRequest base invalid",
        ),
    ],
)
def test_forge_errors_are_one_line_exit_2_and_never_the_token(
    github: tuple[FakeGitHub, str],
    checkout: tuple[Path, Path],
    fault: tuple[str, str, int, Any] | None,
    said: str,
) -> None:
    fake, url = github
    work, _ = checkout
    if fault:
        fake.fail_next(*fault)
    r = _cli(work, url, token="wrong-token-value" if fault is None else TOKEN)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("gofixmap bot: "), r.stderr
    assert said in r.stderr
    assert "wrong-token-value" not in r.stderr and TOKEN not in r.stderr


def test_bad_input_is_refused_before_anything_is_pushed_or_written(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path], tmp_path: Path
) -> None:
    fake, url = github
    work, remote = checkout
    (work / "demo.go").write_text(GO + "// local edit\n")
    with pytest.raises(BotError, match=r"dirty checkout \(demo\.go changed\)"):
        run_bot(options(work, url))
    git(work, "checkout", "demo.go")
    (work / "scratch.txt").write_text("untracked files do not matter\n")

    with pytest.raises(BotError, match="base branch 'nope' not found on origin"):
        run_bot(options(work, url, base="nope"))

    shallow = tmp_path / "shallow"
    commit_file(work, "README", "two commits\n")
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{remote}", str(shallow))
    with pytest.raises(BotError, match="shallow checkout"):
        run_bot(options(shallow, url))

    with pytest.raises(BotError, match="not a git checkout"):
        run_bot(options(tmp_path, url))

    secret_url = "https://someone:hunter2-secret@127.0.0.1:9/acme/demo.git"
    with pytest.raises(BotError) as err:
        run_bot(options(work, url, remote=secret_url))
    assert "hunter2-secret" not in str(err.value) and TOKEN not in str(err.value)

    assert fake.writes() == []
    assert git(remote, "branch", "--list", "gofixmap/fixes") == ""
    assert TOKEN not in git(work, "config", "--list", "--show-origin")


VERIFIED_TEST = """package demo

import (
\t"os"
\t"strings"
\t"testing"
)

func TestNames(t *testing.T) {
\tif !names()["a"] {
\t\tt.Fatal("a missing")
\t}
}

func TestNoToken(t *testing.T) {
\tfor _, kv := range os.Environ() {
\t\tif strings.Contains(kv, "ghp_secret") {
\t\t\tt.Fatal("the repository's tests can read the token")
\t\t}
\t}
}
"""


@pytest.mark.sandbox
def test_verified_fixes_carry_status_and_time_in_the_body(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, url = github
    work, remote = checkout
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)  # as in CI: the tests verified must not see it
    commit_file(work, "demo_test.go", VERIFIED_TEST)
    result = run_bot(options(work, url, verify=True))
    assert result.action == "opened"
    [fix] = result.fixes
    assert fix.verification == "passed" and fix.seconds is not None and fix.seconds >= 0
    assert re.search(
        r"\| `demo\.go:5` \| NM001 \| Initialise seen with make \| verified \(\d+\.\d s\) \|",
        fake.pulls[0]["body"],
    )
    assert "[verified]" in git(remote, "log", "-1", "--format=%B", "gofixmap/fixes")
    # the time differs from run to run (here: a cache hit), the pull request does not change
    writes = len(fake.writes())
    assert run_bot(options(work, url, verify=True)).action == "unchanged"
    assert len(fake.writes()) == writes


@pytest.mark.sandbox
def test_a_module_whose_tests_cannot_run_offline_is_one_clear_error(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path]
) -> None:
    fake, url = github
    work, remote = checkout
    commit_file(
        work,
        "go.mod",
        "module example.com/demo\n\ngo 1.22\n\nrequire golang.org/x/nonexistentpkg v0.0.1\n",
    )
    commit_file(work, "dep.go", 'package demo\n\nimport _ "golang.org/x/nonexistentpkg"\n')
    commit_file(work, "demo_test.go", VERIFIED_TEST)
    with pytest.raises(BotError) as err:
        run_bot(options(work, url, verify=True))
    assert str(err.value) == (
        "demo.go: not verifiable offline: golang.org/x/nonexistentpkg@v0.0.1;"
        " fill the module cache (go mod download) or run with --no-verify"
    )
    assert fake.writes() == [] and git(remote, "branch", "--list", "gofixmap/fixes") == ""


def test_the_lease_keeps_a_human_commit_pushed_while_the_bot_pushes(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path], tmp_path: Path
) -> None:
    _, url = github
    work, remote = checkout
    run_bot(options(work, url))
    human = tmp_path / "human"
    git(tmp_path, "clone", "-q", "-b", "gofixmap/fixes", str(remote), str(human))
    commit_file(human, "NOTES", "mine\n", push=False)
    git(human, "push", "-q", "origin", "HEAD:refs/heads/human")
    human_head = git(human, "rev-parse", "HEAD").strip()
    commit_file(work, "extra.go", GO.replace("names", "more"))
    # the human's push lands between the bot's look at the branch and its push
    hook = remote / "hooks" / "pre-receive"
    hook.write_text(
        "#!/bin/sh\n"
        f"env -u GIT_QUARANTINE_PATH git update-ref refs/heads/gofixmap/fixes {human_head}\n"
        'rm -f "$0"\n'
    )
    hook.chmod(0o755)
    with pytest.raises(BotError, match="git push failed"):
        run_bot(options(work, url))
    assert git(remote, "rev-parse", "gofixmap/fixes").strip() == human_head
    assert not hook.exists()  # it ran


def test_nothing_to_fix_is_one_line_exit_0_and_no_write(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path]
) -> None:
    fake, url = github
    work, remote = checkout
    commit_file(
        work, "demo.go", GO.replace("var seen map[string]bool", "seen := map[string]bool{}")
    )
    r = _cli(work, url)
    assert (r.returncode, r.stdout, r.stderr) == (0, "nothing to fix\n", "")
    assert fake.writes() == [] and git(remote, "branch", "--list", "gofixmap/fixes") == ""
