"""`gofixmap bot` against real git (a bare remote on disk) and a local fake of
GitHub's REST API that checks every request against the documented shapes."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from gofixmap.bot import BotOptions, run_bot
from gofixmap.bot.forge import ForgeError

GO = """package demo

func names() map[string]bool {
\tvar seen map[string]bool
\tseen["a"] = true
\treturn seen
}
"""
TOKEN = "ghp_secret_token_value"
REPO = "acme/demo"


class FakeGitHub:
    """Documented endpoints only: anything else is recorded as an error (and 404)."""

    def __init__(self) -> None:
        self.pulls: list[dict[str, Any]] = []
        self.comments: list[tuple[int, str]] = []
        self.labels: dict[int, list[str]] = {}
        self.log: list[tuple[str, str]] = []
        self.errors: list[str] = []

    def handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(h.path)
        path, query = parts.path, parse_qs(parts.query)
        self.log.append((method, path))
        problems = []
        if h.headers.get("Authorization") != f"Bearer {TOKEN}":
            problems.append("auth header")
        if h.headers.get("Accept") != "application/vnd.github+json":
            problems.append("Accept")
        if h.headers.get("X-GitHub-Api-Version") != "2022-11-28":
            problems.append("API version")
        body: Any = None
        if method in ("POST", "PATCH"):
            length = int(h.headers.get("Content-Length", "0"))
            body = json.loads(h.rfile.read(length))
        if problems:
            self.errors.append(f"{method} {path}: {problems}")
            return self.reply(h, 401, {"message": "Bad credentials"})
        base = f"/repos/{REPO}"
        if method == "GET" and path == base:
            return self.reply(h, 200, {"full_name": REPO, "default_branch": "main"})
        if method == "GET" and path == f"{base}/pulls":
            state = query.get("state", ["open"])[0]
            head = query.get("head", [None])[0]
            got = [
                p
                for p in self.pulls
                if (state == "all" or p["state"] == state)
                and (head is None or f"acme:{p['head']['ref']}" == head)
            ]
            return self.reply(h, 200, got)
        if method == "POST" and path == f"{base}/pulls":
            if not {"title", "head", "base"} <= set(body):
                self.errors.append(f"create pull without required fields: {body}")
                return self.reply(h, 422, {"message": "Validation Failed"})
            n = len(self.pulls) + 1
            pr = {
                "number": n,
                "html_url": f"https://github.com/{REPO}/pull/{n}",
                "state": "open",
                "merged_at": None,
                "head": {"ref": body["head"]},
                "base": {"ref": body["base"]},
                "title": body["title"],
                "body": body.get("body"),
            }
            self.pulls.append(pr)
            return self.reply(h, 201, pr)
        for pr in self.pulls:
            n = pr["number"]
            if method == "PATCH" and path == f"{base}/pulls/{n}":
                pr.update({k: body[k] for k in ("title", "body") if k in body})
                return self.reply(h, 200, pr)
            if method == "POST" and path == f"{base}/issues/{n}/labels":
                self.labels.setdefault(n, []).extend(body["labels"])
                return self.reply(h, 200, [{"name": x} for x in self.labels[n]])
            if method == "POST" and path == f"{base}/issues/{n}/comments":
                assert isinstance(body["body"], str)
                self.comments.append((n, body["body"]))
                return self.reply(h, 201, {"id": len(self.comments), "body": body["body"]})
        self.errors.append(f"undocumented call {method} {h.path}")
        return self.reply(h, 404, {"message": "Not Found"})

    @staticmethod
    def reply(h: BaseHTTPRequestHandler, code: int, payload: Any) -> None:
        raw = json.dumps(payload).encode()
        h.send_response(code)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(raw)))
        h.end_headers()
        h.wfile.write(raw)

    def mutating(self) -> list[tuple[str, str]]:
        return [(m, p) for m, p in self.log if m != "GET"]


@pytest.fixture
def github() -> Iterator[tuple[FakeGitHub, str]]:
    fake = FakeGitHub()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.handle(self, "GET")

        def do_POST(self) -> None:
            fake.handle(self, "POST")

        def do_PATCH(self) -> None:
            fake.handle(self, "PATCH")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    assert fake.errors == []


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Human", "-c", "user.email=h@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def checkout(tmp_path: Path) -> tuple[Path, Path]:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(remote), str(work))
    (work / "go.mod").write_text("module example.com/demo\n\ngo 1.22\n")
    (work / "demo.go").write_text(GO)
    git(work, "add", ".")
    git(work, "commit", "-q", "-m", "base")
    git(work, "push", "-q", "origin", "HEAD:main")
    return work, remote


def options(work: Path, url: str, **kw: Any) -> BotOptions:
    return BotOptions(path=work, repo=REPO, api_url=url, token=TOKEN, verify=False, **kw)


def test_opens_then_unchanged_then_human_commit_is_never_clobbered(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path], tmp_path: Path
) -> None:
    fake, url = github
    work, remote = checkout
    before = (work / "demo.go").read_text()
    first = run_bot(options(work, url, labels=["bot"]))
    assert first.action == "opened" and first.number == 1
    assert first.url == f"https://github.com/{REPO}/pull/1"
    assert [f["rule"] for f in first.fixes] == ["NM001"]
    assert (work / "demo.go").read_text() == before  # the user's tree is untouched
    pushed = git(remote, "show", "gofixmap/fixes:demo.go")
    assert "seen := make(map[string]bool)" in pushed
    message = git(remote, "log", "-1", "--format=%B", "gofixmap/fixes")
    assert (
        message.startswith("fix(NM001):")
        and f"Gofixmap-Fingerprint: {first.fingerprint}" in message
    )
    assert fake.labels == {1: ["bot"]}
    assert f"gofixmap:fingerprint={first.fingerprint}" in fake.pulls[0]["body"]
    head = git(remote, "rev-parse", "gofixmap/fixes")

    # a second run with nothing new: no push, only reads
    writes = len(fake.mutating())
    second = run_bot(options(work, url, labels=["bot"]))
    assert (second.action, second.number) == ("unchanged", 1)
    assert len(fake.mutating()) == writes
    assert git(remote, "rev-parse", "gofixmap/fixes") == head

    # a human commit on the bot's branch: nothing pushed, one comment saying why
    human = tmp_path / "human"
    git(tmp_path, "clone", "-q", "-b", "gofixmap/fixes", str(remote), str(human))
    (human / "NOTES").write_text("mine\n")
    git(human, "add", "NOTES")
    git(human, "commit", "-q", "-m", "a human change")
    git(human, "push", "-q", "origin", "gofixmap/fixes")
    (work / "extra.go").write_text(GO.replace("names", "more"))
    git(work, "add", "extra.go")
    git(work, "commit", "-q", "-m", "more")
    git(work, "push", "-q", "origin", "HEAD:main")
    human_head = git(remote, "rev-parse", "gofixmap/fixes")
    third = run_bot(options(work, url))
    assert third.action == "skipped" and "not the bot's" in (third.reason or "")
    assert git(remote, "rev-parse", "gofixmap/fixes") == human_head
    assert len(fake.comments) == 1 and fake.comments[0][0] == 1


def test_new_base_updates_the_same_pull_request(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path]
) -> None:
    fake, url = github
    work, remote = checkout
    assert run_bot(options(work, url)).action == "opened"
    (work / "extra.go").write_text(GO.replace("names", "more"))
    git(work, "add", "extra.go")
    git(work, "commit", "-q", "-m", "more")
    git(work, "push", "-q", "origin", "HEAD:main")
    again = run_bot(options(work, url))
    assert (again.action, again.number) == ("updated", 1)
    assert len(fake.pulls) == 1 and "fix 2 " in fake.pulls[0]["title"]
    assert "seen := make" in git(remote, "show", "gofixmap/fixes:extra.go")


def test_closed_pull_request_with_same_fingerprint_is_not_reopened(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path]
) -> None:
    fake, url = github
    work, _ = checkout
    assert run_bot(options(work, url)).action == "opened"
    fake.pulls[0]["state"] = "closed"
    again = run_bot(options(work, url))
    assert again.action == "skipped" and again.reason == f"declined in {fake.pulls[0]['html_url']}"
    assert len(fake.pulls) == 1


def test_dry_run_writes_patch_body_and_plan_and_nothing_else(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path], tmp_path: Path
) -> None:
    fake, url = github
    work, remote = checkout
    out = tmp_path / "plan"
    result = run_bot(options(work, url, dry_run=out))
    assert result.action == "opened" and result.url is None
    assert fake.mutating() == []
    assert git(remote, "branch", "--list", "gofixmap/fixes") == ""
    assert "seen := make(map[string]bool)" in (out / "branch.patch").read_text()
    assert "| `demo.go:5` | NM001 |" in (out / "body.md").read_text()
    calls = [c["call"] for c in json.loads((out / "plan.json").read_text())["calls"]]
    assert calls == ["push", "create_pull"]


def test_bad_token_is_one_clear_line_without_the_token(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path]
) -> None:
    fake, url = github
    work, _ = checkout
    with pytest.raises(ForgeError) as err:
        run_bot(BotOptions(path=work, repo=REPO, api_url=url, token="wrong", verify=False))
    assert "401" in str(err.value) and "wrong" not in str(err.value)
    fake.errors.clear()  # the fake rightly refused the bad credentials


def test_command_line_json_and_error_exit(
    github: tuple[FakeGitHub, str], checkout: tuple[Path, Path], tmp_path: Path
) -> None:
    fake, url = github
    work, _ = checkout
    env = {**__import__("os").environ, "GITHUB_TOKEN": TOKEN}
    cmd = ["python", "-m", "gofixmap", "bot", "--repo", REPO, "--api-url", url, "--no-verify"]
    r = subprocess.run(
        [*cmd, "--format", "json", str(work)], capture_output=True, text=True, env=env
    )
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["action"] == "opened" and got["number"] == 1 and got["branch"] == "gofixmap/fixes"
    r = subprocess.run([*cmd, str(work)], capture_output=True, text=True, env=env)
    assert (r.returncode, r.stdout) == (0, f"unchanged https://github.com/{REPO}/pull/1\n")
    env["GITHUB_TOKEN"] = "wrong-token"
    r = subprocess.run([*cmd, str(work)], capture_output=True, text=True, env=env)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "401" in r.stderr and "wrong-token" not in r.stderr
    fake.errors.clear()  # the fake rightly refused the bad credentials
