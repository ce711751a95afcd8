"""`gofixmap bot`: one verified pull request per repository, opened or updated idempotently.

Python contract (for `gofixmap batch --open-prs` and scripts)::

    from gofixmap.bot import BotOptions, run_bot
    result = run_bot(BotOptions(path=Path(checkout), forge="github", repo="o/n"))
    result.as_json()  # {"action", "url", "number", "branch", "fingerprint", "fixes", "reason"}

`run_bot` raises `BotError` or `ForgeError` (one clear line, never the token)
for bad input, auth, network and git errors; every other outcome is a
`BotResult` whose action is opened, updated, unchanged, nothing or skipped.
The user's working tree, index and branches are never touched: the bot works
in a temporary worktree of the fetched base.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gofixmap.bot.forge import TOKEN_VARS, Forge, ForgeError, PullRequest, make_forge, redact
from gofixmap.bot.message import (
    HUMAN_MARKER,
    TRAILER,
    AppliedFix,
    commit_message,
    fingerprint,
    human_comment,
    marker,
    pr_body,
    pr_title,
    read_marker,
)

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
    confidence: str | None = None
    unsafe_fixes: bool = False
    verify: bool = True
    draft: bool = False
    labels: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)
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
    fixes: list[AppliedFix] = field(default_factory=list)
    reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "url": self.url,
            "number": self.number,
            "branch": self.branch,
            "fingerprint": self.fingerprint,
            "fixes": [f.as_json() for f in self.fixes],
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
        secret = (env or {}).get("GOFIXMAP_BOT_TOKEN")
        raise BotError(redact(f"git {args[0]} failed in {cwd}: {last}", (secret,)))
    return r.stdout


def _git_env(token: str | None, workdir: Path) -> dict[str, str]:
    """An environment whose GIT_ASKPASS answers with the token: never in a URL,
    the git config or a credential store (credential helpers are switched off)."""
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0")
    env.update(GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0="credential.helper", GIT_CONFIG_VALUE_0="")
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


def _check_checkout(path: Path) -> None:
    """A git checkout, complete (not shallow) and clean (no tracked change)."""
    if _git(path, "rev-parse", "--is-inside-work-tree", check=False).strip() != "true":
        raise BotError(f"{path}: not a git checkout")
    if _git(path, "rev-parse", "--is-shallow-repository").strip() == "true":
        raise BotError(f"{path}: shallow checkout; fetch the full history (git fetch --unshallow)")
    dirty = _git(path, "status", "--porcelain", "--untracked-files=no").splitlines()
    if dirty:
        first = dirty[0][3:]
        more = f" and {len(dirty) - 1} more" if len(dirty) > 1 else ""
        raise BotError(
            f"{path}: dirty checkout ({first}{more} changed); commit or stash first,"
            " the bot fixes the pushed base branch, not local changes"
        )


def _scan_and_fix(tree: Path, opts: BotOptions, env: dict[str, str]) -> list[AppliedFix]:
    """Run gofixmap (with --verify) in the worktree, then, when a fix applies, the
    same run with -w (whose JSON lists only what remains; its verification comes
    from the cache). The fixes applied."""
    cmd = [sys.executable, "-m", "gofixmap", "--format", "json"]
    if opts.verify:
        cmd.append("--verify")
    if opts.unsafe_fixes:
        cmd.append("--unsafe-fixes")
    if opts.select:
        cmd += ["--select", opts.select]
    if opts.ignore:
        cmd += ["--ignore", opts.ignore]
    if opts.confidence:
        cmd += ["--confidence", opts.confidence]
    # the repository's tests run under --verify: they get no token (the sandbox
    # scrubs its environment too)
    secret = {v for vs in TOKEN_VARS.values() for v in vs} | {"GOFIXMAP_BOT_TOKEN", "GIT_ASKPASS"}
    clean = {k: v for k, v in env.items() if k not in secret}

    def gofixmap(*extra: str) -> str:
        r = subprocess.run(
            [*cmd, *extra, "./..."], cwd=tree, capture_output=True, text=True, env=clean
        )
        if r.returncode not in (0, 1):
            last = (r.stderr.strip().splitlines() or [f"exit {r.returncode}"])[-1]
            raise BotError(f"gofixmap failed on {opts.repo}: {last}")
        return r.stdout

    originals: dict[str, bytes] = {}

    def original(path: str) -> bytes:
        if path not in originals:
            originals[path] = subprocess.run(
                ["git", "show", f"HEAD:{path}"], cwd=tree, capture_output=True, env=clean
            ).stdout
        return originals[path]

    allowed = {"safe", "unsafe"} if opts.unsafe_fixes else {"safe"}
    fixes: list[AppliedFix] = []
    for f in json.loads(gofixmap() or "{}").get("findings", []):
        applied = None
        for x in f.get("fixes", []):
            v = x.get("verified")
            detail = str(v.get("detail", "")) if isinstance(v, dict) else ""
            if opts.verify and detail.startswith("not verifiable offline"):
                raise BotError(
                    f"{f['path']}: {detail}; fill the module cache (go mod download)"
                    " or run with --no-verify"
                )
            if x["applicability"] not in allowed:
                continue
            if not opts.verify or (isinstance(v, dict) and v.get("status") == "passed"):
                applied = x
                break
        if applied is None:
            continue
        lines = original(f["path"]).split(b"\n")
        target = ""
        if f.get("end_line") == f["line"] <= len(lines):
            text = lines[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1]
            target = text.decode("utf-8", "replace")
        v = applied.get("verified")
        edits = [
            (
                original(e.get("path") or f["path"])[e["start"] : e["end"]].decode(
                    "utf-8", "replace"
                ),
                str(e["new_text"]),
            )
            for e in applied.get("edits", [])
        ]
        fixes.append(
            AppliedFix(
                path=f["path"],
                line=f["line"],
                rule=f["rule"],
                fix=applied["title"],
                verification="passed" if opts.verify else "unverified",
                seconds=float(v["seconds"]) if isinstance(v, dict) else None,
                target=target,
                edits=edits + [("import", str(i)) for i in applied.get("imports", [])],
            )
        )
    if fixes:
        gofixmap("-w")
    return fixes


def _commit_per_rule(tree: Path, fixes: list[AppliedFix], fp: str, env: dict[str, str]) -> None:
    for rule in sorted({f.rule for f in fixes}):
        mine = [f for f in fixes if f.rule == rule]
        _git(tree, "add", "--", *sorted({f.path for f in mine}), env=env)
        if not _git(tree, "diff", "--cached", "--name-only", env=env).strip():
            continue
        _git(tree, "commit", "-q", "--no-verify", "-m", commit_message(rule, mine, fp), env=env)
    # edits beyond the listed paths (a file shared by two rules is in the first commit)
    _git(tree, "add", "-A", env=env)
    if _git(tree, "diff", "--cached", "--name-only", env=env).strip():
        message = f"fix: follow-up edits of the fixes above\n\n{TRAILER}: {fp}\n"
        _git(tree, "commit", "-q", "--no-verify", "-m", message, env=env)


def run_bot(opts: BotOptions) -> BotResult:
    path = opts.path.resolve()
    _check_checkout(path)
    token = _token(opts)
    forge: Forge | None = None
    if token:
        forge = make_forge(
            opts.forge,
            opts.repo,
            token,
            opts.api_url,
            max_wait=opts.max_wait,
            dry_run=opts.dry_run is not None,
        )
    elif opts.dry_run is None:
        raise BotError(f"no token: set {' or '.join(TOKEN_VARS.get(opts.forge, ('a token',)))}")
    base = opts.base or (forge.default_branch() if forge else None)
    if not base:
        raise BotError("--base is needed for a dry run without a token")
    with tempfile.TemporaryDirectory(prefix="gofixmap-bot-") as tmp:
        env = _git_env(token, Path(tmp))
        name, _, mail = opts.author.partition("<")
        for who in ("AUTHOR", "COMMITTER"):
            env[f"GIT_{who}_NAME"] = name.strip() or "gofixmap"
            env[f"GIT_{who}_EMAIL"] = mail.rstrip(">").strip() or "gofixmap@users.noreply.invalid"
        base_sha = _fetch(path, opts.remote, base, env)
        if base_sha is None:
            raise BotError(f"base branch {base!r} not found on {redact(opts.remote, (token,))}")
        date = _git(path, "log", "-1", "--format=%cI", base_sha).strip()
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date  # same fixes, same commits
        remote_sha = _fetch(path, opts.remote, opts.branch, env)
        tree = Path(tmp) / "tree"
        _git(path, "worktree", "add", "-q", "--detach", str(tree), base_sha)
        try:
            return _in_worktree(opts, forge, tree, env, base, base_sha, remote_sha)
        finally:
            _git(path, "worktree", "remove", "--force", str(tree), check=False)
            _git(path, "worktree", "prune", check=False)


def _fetch(path: Path, remote: str, branch: str, env: dict[str, str]) -> str | None:
    """The commit `branch` is at on `remote` (None: no such branch), fetched into
    the checkout's object store. FETCH_HEAD is not read: two runs on one checkout
    may fetch at once."""
    ref = f"refs/heads/{branch}"
    listed = _git(path, "ls-remote", "--heads", remote, ref, env=env).splitlines()
    shas = [x.split()[0] for x in listed if x.split()[1:] == [ref]]
    if not shas:
        return None
    _git(path, "fetch", "-q", "--no-tags", remote, ref, env=env)
    check = ["git", "cat-file", "-e", f"{shas[0]}^{{commit}}"]
    if subprocess.run(check, cwd=path, capture_output=True).returncode != 0:
        _git(path, "fetch", "-q", "--no-tags", remote, shas[0], env=env)  # moved meanwhile
    return shas[0]


def _human_commit(tree: Path, base_sha: str, remote_sha: str) -> str | None:
    """The newest commit on the remote branch (above the base) that is not the bot's."""
    for sha in _git(tree, "rev-list", remote_sha, "--not", base_sha).split():
        if f"\n{TRAILER}: " not in _git(tree, "log", "-1", "--format=%n%B", sha):
            return sha
    return None


def _in_worktree(
    opts: BotOptions,
    forge: Forge | None,
    tree: Path,
    env: dict[str, str],
    base: str,
    base_sha: str,
    remote_sha: str | None,
) -> BotResult:
    result = BotResult(action="nothing", branch=opts.branch)
    fixes = _scan_and_fix(tree, opts, env)
    if not fixes or not _git(tree, "status", "--porcelain", env=env).strip():
        return _finish(opts, forge, result, None, tree, base_sha, "")
    fp = fingerprint(fixes)
    result.fingerprint, result.fixes = fp, fixes
    _commit_per_rule(tree, fixes, fp, env)
    new_sha = _git(tree, "rev-parse", "HEAD").strip()
    diff = _git(tree, "diff", f"{base_sha}..HEAD", env=env)
    body = pr_body(fixes, diff, fp, base_sha)
    title = forge.title(pr_title(fixes), opts.draft) if forge else pr_title(fixes)
    human = _human_commit(tree, base_sha, remote_sha) if remote_sha else None
    pulls = forge.pulls_for_branch(opts.branch) if forge else []
    open_pr = next((p for p in pulls if p.state == "open"), None)
    if open_pr:
        result.url, result.number = open_pr.url, open_pr.number
    if human and remote_sha:
        result.action = "skipped"
        result.reason = f"commit {human[:12]} on {opts.branch} is not the bot's; nothing pushed"
        if open_pr and forge:
            seen = HUMAN_MARKER.format(head=remote_sha)
            if not any(seen in c for c in forge.comments(open_pr)):
                forge.comment(open_pr, human_comment(opts.branch, remote_sha, human))
        return _finish(opts, forge, result, None, tree, base_sha, body)
    if open_pr is None:
        declined = next(
            (p for p in pulls if p.state == "closed" and (read_marker(p.body) or ("",))[0] == fp),
            None,
        )
        if declined:
            result.action, result.reason = "skipped", f"declined in {declined.url}"
            result.url, result.number = declined.url, declined.number
            return _finish(opts, forge, result, None, tree, base_sha, body)
        prefix = opts.branch.split("/", 1)[0] + "/" if "/" in opts.branch else opts.branch
        if opts.max_open_prs is not None and forge:
            count = forge.count_open_with_prefix(prefix)
            if count >= opts.max_open_prs:
                result.action = "skipped"
                cap = f"--max-open-prs {opts.max_open_prs}"
                result.reason = f"{count} pull requests from {prefix}* open ({cap})"
                return _finish(opts, forge, result, None, tree, base_sha, body)
    elif (
        remote_sha == new_sha
        and open_pr.title == title
        and read_marker(open_pr.body) == read_marker(marker(fp, base_sha))
        and set(opts.labels) <= set(open_pr.labels)
    ):
        result.action = "unchanged"
        return _finish(opts, forge, result, None, tree, base_sha, body)
    push = None
    if remote_sha != new_sha:
        push = {"branch": opts.branch, "sha": new_sha, "lease": remote_sha}
        if opts.dry_run is None:
            _git(
                tree,
                "push",
                "-q",
                "--no-verify",
                f"--force-with-lease=refs/heads/{opts.branch}:{remote_sha or ''}",
                opts.remote,
                f"HEAD:refs/heads/{opts.branch}",
                env=env,
            )
    if open_pr is None:
        result.action = "opened"
        if forge:
            pr = forge.create_pull(
                title, body, opts.branch, base, opts.labels, opts.reviewers, opts.draft
            )
            if pr.number:
                result.url, result.number = pr.url, pr.number
        return _finish(opts, forge, result, push, tree, base_sha, body)
    result.action = "updated"
    if forge:
        forge.update_pull(open_pr, title, body, opts.labels)
    return _finish(opts, forge, result, push, tree, base_sha, body)


def _finish(
    opts: BotOptions,
    forge: Forge | None,
    result: BotResult,
    push: dict[str, Any] | None,
    tree: Path,
    base_sha: str,
    body: str,
) -> BotResult:
    """In a dry run: DIR/branch.patch, DIR/body.md and DIR/plan.json (the push and
    the API writes the run would make)."""
    if opts.dry_run is not None:
        out = opts.dry_run
        out.mkdir(parents=True, exist_ok=True)
        (out / "branch.patch").write_text(
            _git(tree, "format-patch", "--stdout", f"{base_sha}..HEAD")
        )
        (out / "body.md").write_text(body)
        writes = [
            {"method": c.method, "path": c.path, "body": c.body}
            for c in (forge.calls if forge else [])
            if not c.sent
        ]
        plan = {"result": result.as_json(), "push": push, "calls": writes}
        (out / "plan.json").write_text(json.dumps(plan, indent=2) + "\n")
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
    p.add_argument(
        "--confidence",
        choices=("high", "medium", "low"),
        help="only fix findings whose evidence is at least this strong (see gofixmap --help)",
    )
    p.add_argument("--unsafe-fixes", action="store_true")
    p.add_argument("--no-verify", dest="verify", action="store_false")
    p.add_argument("--draft", action="store_true")
    p.add_argument("--label", action="append", default=[])
    p.add_argument("--reviewer", action="append", default=[], metavar="R")
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
        confidence=args.confidence,
        unsafe_fixes=args.unsafe_fixes,
        verify=args.verify,
        draft=args.draft,
        labels=args.label,
        reviewers=args.reviewer,
        author=args.author,
        max_open_prs=args.max_open_prs,
        dry_run=args.dry_run,
        max_wait=args.max_wait,
    )
    try:
        result = run_bot(opts)
    except (BotError, ForgeError, OSError) as exc:
        line = " ".join(str(exc).split())  # one line, whatever the cause printed
        secrets = [os.environ.get(v) for vs in TOKEN_VARS.values() for v in vs]
        sys.stderr.write(f"gofixmap bot: {redact(line, secrets)}\n")
        return 2
    sys.stdout.write(
        json.dumps(result.as_json()) + "\n" if args.format == "json" else result.line() + "\n"
    )
    return 0


__all__ = ["AppliedFix", "BotError", "BotOptions", "BotResult", "PullRequest", "run_bot"]
