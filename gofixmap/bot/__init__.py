"""`gofixmap bot`: one verified pull request per repository, opened or updated idempotently.

Python contract (for `gofixmap batch --open-prs` and scripts)::

    from gofixmap.bot import BotOptions, run_bot
    result = run_bot(BotOptions(path=Path(checkout), forge="github", repo="o/n"))
    result.as_json()  # {"action", "url", "number", "branch", "fingerprint", "fixes", "reason"}

`run_bot` raises `BotError` (one clear line) for auth, network and git errors;
every other outcome is a `BotResult` whose action is opened, updated,
unchanged, nothing or skipped. The user's working tree is never touched.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gofixmap import __version__
from gofixmap.bot.forge import TOKEN_VARS, Forge, ForgeError, PullRequest, make_forge

TRAILER = "Gofixmap-Fingerprint"
DEFAULT_AUTHOR = "gofixmap <gofixmap@users.noreply.invalid>"


class BotError(Exception):
    """An error that stops the run: one line, nothing pushed."""


@dataclass
class BotOptions:
    path: Path
    repo: str
    forge: str = "github"
    api_url: str | None = None
    base: str | None = None
    branch: str = "gofixmap/fixes"
    remote: str = "origin"
    select: str | None = None
    ignore: str | None = None
    unsafe_fixes: bool = False
    verify: bool = True
    draft: bool = False
    labels: list[str] = field(default_factory=list)
    author: str = DEFAULT_AUTHOR
    max_open_prs: int | None = None
    dry_run: Path | None = None
    token: str | None = None  # default: from the environment
    max_wait: float = 600.0


@dataclass
class BotResult:
    action: str
    url: str | None = None
    number: int | None = None
    branch: str | None = None
    fingerprint: str | None = None
    fixes: list[dict[str, Any]] = field(default_factory=list)
    reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "url": self.url,
            "number": self.number,
            "branch": self.branch,
            "fingerprint": self.fingerprint,
            "fixes": self.fixes,
            "reason": self.reason,
        }

    def line(self) -> str:
        if self.action == "nothing":
            return "nothing to fix"
        if self.action == "skipped":
            return f"skipped: {self.reason}"
        return f"{self.action} {self.url}"


def _git(cwd: Path, *args: str, env: dict[str, str] | None = None, check: bool = True) -> str:
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)
    if check and r.returncode != 0:
        last = (r.stderr.strip().splitlines() or [f"exit {r.returncode}"])[-1]
        raise BotError(f"git {args[0]} failed in {cwd}: {last}")
    return r.stdout


def _git_env(token: str | None, workdir: Path) -> dict[str, str]:
    """An environment whose GIT_ASKPASS answers with the token (never in a URL or config)."""
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0")
    if token:
        script = workdir / "askpass.sh"
        script.write_text(
            "#!/bin/sh\n"
            'case "$1" in Username*) echo x-access-token;; *) echo "$GOFIXMAP_BOT_TOKEN";; esac\n'
        )
        script.chmod(0o700)
        env["GIT_ASKPASS"] = str(script)
        env["GOFIXMAP_BOT_TOKEN"] = token
    return env


def _token(opts: BotOptions) -> str | None:
    if opts.token:
        return opts.token
    for var in TOKEN_VARS.get(opts.forge, ()):
        if os.environ.get(var):
            return os.environ[var]
    return None


def _scan_and_fix(tree: Path, opts: BotOptions, env: dict[str, str]) -> list[dict[str, Any]]:
    """Run gofixmap -w in the worktree; the findings whose fix it applied."""
    cmd = [sys.executable, "-m", "gofixmap", "--format", "json"]
    if opts.verify:
        cmd.append("--verify")
    if opts.unsafe_fixes:
        cmd.append("--unsafe-fixes")
    if opts.select:
        cmd += ["--select", opts.select]
    if opts.ignore:
        cmd += ["--ignore", opts.ignore]
    # first the report (with each fix's verification), then the same run writing
    runs = [
        subprocess.run([*c, "./..."], cwd=tree, capture_output=True, text=True, env=env)
        for c in (cmd, [*cmd, "-w"])
    ]
    for r in runs:
        if r.returncode not in (0, 1):
            last = (r.stderr.strip().splitlines() or [f"exit {r.returncode}"])[-1]
            raise BotError(f"gofixmap failed on {opts.repo}: {last}")
    r = runs[0]
    fixes = []
    allowed = {"safe", "unsafe"} if opts.unsafe_fixes else {"safe"}
    for f in json.loads(r.stdout or "{}").get("findings", []):
        applied = [
            x
            for x in f.get("fixes", [])
            if x["applicability"] in allowed and x.get("verified") is not False
        ]
        if applied:
            verified = applied[0].get("verified")
            status = (
                "verified" if verified else ("unverified" if not opts.verify else "not verified")
            )
            fixes.append(
                {
                    "path": f["path"],
                    "line": f["line"],
                    "rule": f["rule"],
                    "fix": applied[0]["title"],
                    "verification": status,
                }
            )
    return fixes


def _commit_per_rule(
    tree: Path, fixes: list[dict[str, Any]], fingerprint: str, env: dict[str, str]
) -> None:
    for rule in sorted({f["rule"] for f in fixes}):
        mine = [f for f in fixes if f["rule"] == rule]
        paths = sorted({f["path"] for f in mine})
        _git(tree, "add", "--", *paths, env=env)
        if not _git(tree, "diff", "--cached", "--name-only", env=env).strip():
            continue
        lines = [
            f"fix({rule}): {mine[0]['fix'].lower()} and {len(mine) - 1} more"
            if len(mine) > 1
            else f"fix({rule}): {mine[0]['fix'].lower()}",
            "",
        ]
        lines += [f"- {f['path']}:{f['line']} ({f['verification']})" for f in mine]
        lines += ["", f"{TRAILER}: {fingerprint}"]
        _git(tree, "commit", "-q", "--no-verify", "-m", "\n".join(lines), env=env)
    # anything the rules touched beyond the listed paths (imports) goes in a last commit
    _git(tree, "add", "-A", env=env)
    if _git(tree, "diff", "--cached", "--name-only", env=env).strip():
        _git(
            tree,
            "commit",
            "-q",
            "--no-verify",
            "-m",
            f"fix: follow-up edits\n\n{TRAILER}: {fingerprint}",
            env=env,
        )


def _body(fixes: list[dict[str, Any]], diff: str, fingerprint: str, base_sha: str) -> str:
    rows = "\n".join(
        f"| `{f['path']}:{f['line']}` | {f['rule']} | {f['fix']} | {f['verification']} |"
        for f in fixes
    )
    return (
        f"gofixmap found {len(fixes)} nil-map writes and map races it can fix.\n\n"
        "| location | rule | fix | verification |\n|---|---|---|---|\n" + rows + "\n\n"
        "To keep a finding, suppress it with `//gofixmap:ignore CODE reason`"
        " on the line or the line above.\n\n"
        f"<details><summary>diff</summary>\n\n```diff\n{diff}```\n</details>\n\n"
        f"<!-- gofixmap:fingerprint={fingerprint} base={base_sha} version={__version__} -->\n"
    )


def _marker_fingerprint(body: str) -> str | None:
    start = body.find("<!-- gofixmap:fingerprint=")
    if start < 0:
        return None
    return body[start:].split("=", 1)[1].split()[0]


def run_bot(opts: BotOptions) -> BotResult:
    path = opts.path.resolve()
    if _git(path, "rev-parse", "--is-inside-work-tree", check=False).strip() != "true":
        raise BotError(f"{path}: not a git checkout")
    if _git(path, "rev-parse", "--is-shallow-repository").strip() == "true":
        raise BotError(f"{path}: shallow checkout; fetch the full history (git fetch --unshallow)")
    token = _token(opts)
    forge: Forge | None = None
    if token:
        forge = make_forge(opts.forge, opts.repo, token, opts.api_url, max_wait=opts.max_wait)
    elif opts.dry_run is None:
        raise BotError(f"no token: set {' or '.join(TOKEN_VARS.get(opts.forge, ('a token',)))}")
    base = opts.base or (forge.default_branch() if forge else None)
    if not base:
        raise BotError("--base is needed for a dry run without a token")
    with tempfile.TemporaryDirectory(prefix="gofixmap-bot-") as tmp:
        env = _git_env(token, Path(tmp))
        name, mail = (
            opts.author.rsplit("<", 1)
            if "<" in opts.author
            else (opts.author, "gofixmap@users.noreply.invalid>")
        )
        for who in ("AUTHOR", "COMMITTER"):
            env[f"GIT_{who}_NAME"] = name.strip()
            env[f"GIT_{who}_EMAIL"] = mail.rstrip(">").strip()
        if _git(path, "ls-remote", "--heads", opts.remote, base, env=env).strip() == "":
            raise BotError(f"base branch {base!r} not found on {opts.remote}")
        _git(path, "fetch", "-q", opts.remote, f"refs/heads/{base}", env=env)
        base_sha = _git(path, "rev-parse", "FETCH_HEAD").strip()
        date = _git(path, "log", "-1", "--format=%cI", base_sha).strip()
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date  # same fixes, same commits
        remote_line = _git(path, "ls-remote", "--heads", opts.remote, opts.branch, env=env).split()
        remote_sha = remote_line[0] if remote_line else None
        tree = Path(tmp) / "tree"
        _git(path, "worktree", "add", "-q", "--detach", str(tree), base_sha)
        try:
            return _in_worktree(opts, forge, path, tree, env, base, base_sha, remote_sha)
        finally:
            _git(path, "worktree", "remove", "--force", str(tree), check=False)


def _in_worktree(
    opts: BotOptions,
    forge: Forge | None,
    path: Path,
    tree: Path,
    env: dict[str, str],
    base: str,
    base_sha: str,
    remote_sha: str | None,
) -> BotResult:
    result = BotResult(action="nothing", branch=opts.branch)
    fixes = _scan_and_fix(tree, opts, env)
    diff = _git(tree, "diff", env=env)
    if not diff.strip():
        return result
    fingerprint = hashlib.sha256(diff.encode()).hexdigest()
    result.fingerprint, result.fixes = fingerprint, fixes
    _commit_per_rule(tree, fixes, fingerprint, env)
    new_sha = _git(tree, "rev-parse", "HEAD").strip()
    body = _body(fixes, diff, fingerprint, base_sha)
    title = f"gofixmap: fix {len(fixes)} nil-map writes and map races"
    # what is on the remote branch now
    needs_push = True
    human = False
    if remote_sha:
        _git(path, "fetch", "-q", opts.remote, f"refs/heads/{opts.branch}", env=env)
        remote_sha = _git(path, "rev-parse", "FETCH_HEAD").strip()
        needs_push = remote_sha != new_sha
        for sha in _git(path, "rev-list", f"{base_sha}..{remote_sha}").split():
            if f"{TRAILER}:" not in _git(path, "log", "-1", "--format=%B", sha):
                human = True
    pulls = forge.pulls_for_branch(opts.branch) if forge else []
    open_pr = next((p for p in pulls if p.state == "open"), None)
    plan: list[dict[str, Any]] = []
    if human:
        result.action, result.reason = (
            "skipped",
            f"a commit on {opts.branch} is not the bot's; nothing pushed",
        )
        if open_pr:
            result.url, result.number = open_pr.url, open_pr.number
            plan.append({"call": "comment", "number": open_pr.number})
            if opts.dry_run is None and forge:
                forge.comment(
                    open_pr,
                    f"gofixmap did not update this branch: {result.reason}. "
                    "Remove that commit or merge this pull request to let the bot continue.",
                )
        return _finish(opts, result, plan, tree, base_sha, body)
    if open_pr is None:
        declined = next(
            (
                p
                for p in pulls
                if p.state == "closed" and _marker_fingerprint(p.body) == fingerprint
            ),
            None,
        )
        if declined:
            result.action, result.reason = "skipped", f"declined in {declined.url}"
            result.url, result.number = declined.url, declined.number
            return _finish(opts, result, plan, tree, base_sha, body)
        if (
            opts.max_open_prs is not None
            and forge
            and forge.count_open_with_prefix("gofixmap/") >= opts.max_open_prs
        ):
            result.action, result.reason = (
                "skipped",
                f"{opts.max_open_prs} gofixmap pull requests already open",
            )
            return _finish(opts, result, plan, tree, base_sha, body)
    if needs_push:
        plan.append({"call": "push", "branch": opts.branch, "lease": remote_sha or ""})
        if opts.dry_run is None:
            _git(
                tree,
                "push",
                "-q",
                f"--force-with-lease=refs/heads/{opts.branch}:{remote_sha or ''}",
                opts.remote,
                f"HEAD:refs/heads/{opts.branch}",
                env=env,
            )
    if open_pr is None:
        plan.append({"call": "create_pull", "title": title, "head": opts.branch, "base": base})
        result.action = "opened"
        if opts.dry_run is None and forge:
            pr = forge.create_pull(title, body, opts.branch, base, opts.draft)
            forge.add_labels(pr, opts.labels)
            result.url, result.number = pr.url, pr.number
        return _finish(opts, result, plan, tree, base_sha, body)
    result.url, result.number = open_pr.url, open_pr.number
    if not needs_push and _marker_fingerprint(open_pr.body) == fingerprint and open_pr.body == body:
        result.action = "unchanged"
        return _finish(opts, result, plan, tree, base_sha, body)
    result.action = "updated"
    plan.append({"call": "update_pull", "number": open_pr.number, "title": title})
    if opts.dry_run is None and forge:
        pr = forge.update_pull(open_pr, title, body)
        forge.add_labels(pr, opts.labels)
    return _finish(opts, result, plan, tree, base_sha, body)


def _finish(
    opts: BotOptions,
    result: BotResult,
    plan: list[dict[str, Any]],
    tree: Path,
    base_sha: str,
    body: str,
) -> BotResult:
    if opts.dry_run is not None:
        out = opts.dry_run
        out.mkdir(parents=True, exist_ok=True)
        (out / "branch.patch").write_text(
            _git(tree, "format-patch", "--stdout", f"{base_sha}..HEAD")
        )
        (out / "body.md").write_text(body)
        (out / "plan.json").write_text(
            json.dumps({"result": result.as_json(), "calls": plan}, indent=2) + "\n"
        )
    return result


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gofixmap bot", description="open or update one verified pull request"
    )
    p.add_argument("--forge", choices=("github", "gitea", "gitlab"), default="github")
    p.add_argument("--repo", required=True, metavar="OWNER/NAME")
    p.add_argument("--api-url")
    p.add_argument("--base")
    p.add_argument("--branch", default="gofixmap/fixes")
    p.add_argument("--remote", default="origin")
    p.add_argument("--select")
    p.add_argument("--ignore")
    p.add_argument("--unsafe-fixes", action="store_true")
    p.add_argument("--no-verify", dest="verify", action="store_false")
    p.add_argument("--draft", action="store_true")
    p.add_argument("--label", action="append", default=[])
    p.add_argument("--reviewer", action="append", default=[])
    p.add_argument("--author", default=DEFAULT_AUTHOR)
    p.add_argument("--max-open-prs", type=int)
    p.add_argument("--max-wait", type=float, default=600.0, metavar="SECONDS")
    p.add_argument("--dry-run", type=Path, metavar="DIR")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("path", nargs="?", default=".")
    return p


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    opts = BotOptions(
        path=Path(args.path),
        repo=args.repo,
        forge=args.forge,
        api_url=args.api_url,
        base=args.base,
        branch=args.branch,
        remote=args.remote,
        select=args.select,
        ignore=args.ignore,
        unsafe_fixes=args.unsafe_fixes,
        verify=args.verify,
        draft=args.draft,
        labels=args.label,
        author=args.author,
        max_open_prs=args.max_open_prs,
        dry_run=args.dry_run,
        max_wait=args.max_wait,
    )
    try:
        result = run_bot(opts)
    except (BotError, ForgeError) as exc:
        sys.stderr.write(f"gofixmap bot: {exc}\n")
        return 2
    sys.stdout.write(
        json.dumps(result.as_json()) + "\n" if args.format == "json" else result.line() + "\n"
    )
    return 0


__all__ = ["BotError", "BotOptions", "BotResult", "PullRequest", "run_bot"]
