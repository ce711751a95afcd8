"""``--open-prs``: each repository with verified fixes goes to ``gofixmap bot``.

A repository is handed over when every one of its units is done and at least
one fix passed verification. The bot works from the repository's ``origin``
(its own temporary worktree, its own verification, its own limits:
``--max-open-prs``, rate-limit waits); its answer (opened, updated, unchanged,
nothing, skipped, or an error) and the pull request's URL are recorded in the
journal, keyed by the repository's revision and the configuration, so a
resumed run does not hand the same repository over twice.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gofixmap.batch.estate import Repo
from gofixmap.batch.journal import Journal, Pull, Row


@dataclass(frozen=True)
class HandOff:
    forge: str = "github"
    api_url: str | None = None
    max_open_prs: int | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    unsafe_fixes: bool = False
    confidence: str | None = None


def slug(url: str) -> str | None:
    """OWNER/NAME (a GitLab group path too) of a git remote URL."""
    text = url.strip().rstrip("/")
    if "://" in text:
        path = text.split("://", 1)[1]
        path = path.split("/", 1)[1] if "/" in path else ""
    elif re.match(r"^[\w.-]+@[\w.-]+:", text):
        path = text.split(":", 1)[1]
    else:
        path = text
    path = path.removesuffix(".git").strip("/")
    if text.startswith("file://") or ("://" not in text and ":" not in text):
        path = "/".join(path.split("/")[-2:])  # a path on disk: its last two names
    return path if path.count("/") >= 1 else None


def origin(root: Path) -> str | None:
    done = subprocess.run(
        ["git", "remote", "get-url", "origin"], cwd=root, capture_output=True, text=True
    )
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def _revision(rows: Sequence[Row]) -> str:
    text = "\n".join(sorted(f"{r.unit.module_dir} {r.unit.revision}" for r in rows))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def open_prs(
    repos: Sequence[Repo], rows: Sequence[Row], journal: Journal, config: str, how: HandOff
) -> dict[str, Pull]:
    """The pull request of each repository handed over (or recorded before)."""
    from gofixmap.bot import BotError, BotOptions, run_bot
    from gofixmap.bot.forge import ForgeError

    found: dict[str, Pull] = {}
    for repo in repos:
        units = [r for r in rows if r.unit.repo == repo.name]
        if repo.root is None or not units or any(r.status != "done" for r in units):
            continue
        if not any(int(r.counts.get("verification", {}).get("passed", 0)) for r in units):
            continue
        revision = _revision(units)
        known = journal.pull(repo.name, revision, config)
        if known is not None and known.action != "error":  # an error is tried again
            found[repo.name] = known
            continue
        remote = origin(repo.root)
        name = slug(remote) if remote else None
        if name is None:
            pull = Pull("error", None, "no origin remote to name the repository")
        else:
            options = BotOptions(
                path=repo.root,
                repo=name,
                forge=how.forge,
                api_url=how.api_url,
                base=repo.branch,
                select=",".join(how.select) if how.select is not None else None,
                ignore=",".join(how.ignore) if how.ignore is not None else None,
                confidence=how.confidence,
                unsafe_fixes=how.unsafe_fixes,
                verify=True,
                max_open_prs=how.max_open_prs,
            )
            try:
                result = run_bot(options)
            except (BotError, ForgeError) as exc:
                pull = Pull("error", None, str(exc))
            else:
                pull = Pull(result.action, result.url, result.reason)
        journal.record_pull(repo.name, revision, config, pull)
        found[repo.name] = pull
    return found
