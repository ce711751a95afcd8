"""The estate of a batch run: repositories (local paths, git URLs at a ref, the
checkouts below a ROOT) and their Go modules, each module one unit of work.

A module is a directory with a ``go.mod``, or a ``use`` member of a
``go.work``; ``vendor/``, ``testdata/`` and hidden directories are skipped.
A unit's revision is the repository's commit when its work tree is clean,
else a hash of the module's files, so a changed tree makes the unit new.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gofixmap.codemod.discover import modules_under, read_module, skip_dir

_SAFE = re.compile(r"[^A-Za-z0-9._~+-]")


class EstateError(Exception):
    """Input the run cannot use at all (an unreadable --repos file)."""


@dataclass(frozen=True)
class Repo:
    name: str  # unique in the estate: DIR/units/<name>/
    source: str  # as given: a path, URL@ref or ROOT
    root: Path | None  # the work tree; None when it could not be prepared
    commit: str = ""  # HEAD when the work tree is clean, else ""
    error: str = ""  # why it could not be prepared
    note: str = ""  # e.g. no Go module found
    branch: str | None = None  # the branch of URL@ref, when the ref is one
    # where its modules are looked for, when that is below ``root`` (a path
    # inside a git work tree: diffs stay relative to the work tree's root)
    scan: Path | None = None


@dataclass(frozen=True)
class Unit:
    repo: str
    repo_root: str  # absolute
    module_dir: str  # relative to the repository root, "." for the root
    module: str  # the module path of go.mod ("" when it has none)
    revision: str  # "git:<sha>" or "sha256:<hash of the module's files>"
    name: str = ""  # DIR/units/<repo>/<name>.diff

    @property
    def label(self) -> str:
        return f"{self.repo}:{self.module or self.module_dir}"


@dataclass
class Estate:
    repos: list[Repo] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)


def _git(cwd: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true", "LC_ALL": "C"}
    return subprocess.run(
        ["git", *args],
        cwd=str(cwd),
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (fatal or lines or ["unknown error"])[0]


def split_ref(text: str) -> tuple[str, str | None]:
    """``URL@ref`` → (URL, ref); the ``@`` of ``user@host`` is not a ref."""
    if "://" in text:
        start = text.index("://") + 3
        slash = text.find("/", start)
        boundary = slash if slash >= 0 else len(text)
    else:
        boundary = text.find(":")
    at = text.rfind("@")
    if boundary >= 0 and at > boundary:
        return text[:at], text[at + 1 :]
    return text, None


def _is_url(text: str) -> bool:
    return "://" in text or re.match(r"^[\w.-]+@[\w.-]+:", text) is not None


def toplevel(path: Path) -> Path:
    """The root of the git work tree that holds ``path``; ``path`` outside one."""
    found = _git(path, "rev-parse", "--show-toplevel")
    resolved = path.resolve()
    if found.returncode != 0 or not found.stdout.strip():
        return resolved
    top = Path(found.stdout.strip()).resolve()
    return top if resolved.is_relative_to(top) else resolved


def _local(name: str, source: str, path: Path) -> Repo:
    """A repository for a directory: its git work tree's root, searched below ``path``."""
    here = path.resolve()
    top = toplevel(here)
    return Repo(name, source, top, clean_commit(top), scan=here if here != top else None)


def clean_commit(root: Path) -> str:
    """HEAD of the git work tree at ``root`` if nothing in it is changed or untracked."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0 or Path(top.stdout.strip()).resolve() != root.resolve():
        return ""
    head = _git(root, "rev-parse", "--verify", "HEAD")
    status = _git(root, "status", "--porcelain", "--untracked-files=normal")
    if head.returncode != 0 or status.returncode != 0 or status.stdout.strip():
        return ""
    return head.stdout.strip()


def checkout(url: str, ref: str | None, dest: Path) -> tuple[str, str | None]:
    """Clone ``url`` (or fetch into an earlier clone) and check out ``ref``
    detached; the commit, and ``ref`` again when it names a branch. Raises
    :class:`EstateError` with git's own words."""
    if not (dest / ".git").exists():
        if dest.exists():
            shutil.rmtree(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        done = _git(dest.parent, "clone", "--quiet", "--no-checkout", "--", url, dest.name)
        if done.returncode != 0:
            shutil.rmtree(dest, ignore_errors=True)
            raise EstateError(f"git clone {url}: {_first_line(done.stderr)}")
    else:
        _git(dest, "remote", "set-url", "origin", url)
        done = _git(dest, "fetch", "--quiet", "--tags", "--force", "origin")
        if done.returncode != 0:
            raise EstateError(f"git fetch {url}: {_first_line(done.stderr)}")
    wanted = [f"origin/{ref}", ref] if ref else ["origin/HEAD", "HEAD"]
    for name in wanted:
        found = _git(dest, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
        if found.returncode == 0:
            sha = found.stdout.strip()
            done = _git(dest, "checkout", "--quiet", "--force", "--detach", sha)
            if done.returncode != 0:
                raise EstateError(f"git checkout {ref}: {_first_line(done.stderr)}")
            _git(dest, "clean", "-qfdx")
            return sha, ref if ref and name == f"origin/{ref}" else None
    raise EstateError(f"{url}: no branch, tag or commit named {ref!r}")


def _unique(name: str, taken: set[str]) -> str:
    name = "/".join(_SAFE.sub("_", p) if p not in ("", ".", "..") else "_" for p in name.split("/"))
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}-{n}", n + 1
    taken.add(candidate)
    return candidate


def read_repos_file(path: Path) -> list[str]:
    """The lines of a --repos file that name a repository (``#`` starts a comment)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise EstateError(f"{path}: cannot read: {reason}") from exc
    lines = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def prepare(
    entries: Sequence[str], roots: Sequence[str], checkouts: Path, base: Path
) -> list[Repo]:
    """Repositories for the lines of --repos (relative paths from ``base``) and
    the checkouts below each ROOT. A line that cannot be used becomes a Repo
    with an ``error``; the others go on."""
    repos: list[Repo] = []
    taken: set[str] = set()
    for entry in entries:
        local = Path(entry).expanduser()
        local = local if local.is_absolute() else base / local
        url, ref = split_ref(entry)
        if local.is_dir():
            repos.append(_local(_unique(local.resolve().name, taken), entry, local))
            continue
        if not _is_url(entry) and ref is None:
            reason = "no such directory" if not local.exists() else "not a directory"
            repos.append(Repo(_unique(local.name or entry, taken), entry, None, error=reason))
            continue
        stem = url.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git")
        name = _unique(stem or "repo", taken)
        try:
            sha, branch = checkout(url, ref, checkouts / name)
        except (EstateError, subprocess.TimeoutExpired, OSError) as exc:
            repos.append(Repo(name, entry, None, error=str(exc)))
            continue
        repos.append(Repo(name, entry, (checkouts / name).resolve(), sha, branch=branch))
    for root in roots:
        top = Path(root).expanduser().resolve()
        if not top.is_dir():
            reason = "no such directory" if not top.exists() else "not a directory"
            repos.append(Repo(_unique(top.name or root, taken), root, None, error=reason))
            continue
        found = [p for p in _checkouts_below(top) if p != top]
        if (top / ".git").exists() or modules_under(top, found):
            # ROOT itself: a checkout (or a part of one), or modules outside
            # the checkouts nested below it
            repos.append(_local(_unique(top.name, taken), root, top))
        for repo_root in found:
            label = f"{top.name}/{repo_root.relative_to(top).as_posix()}"
            repos.append(Repo(_unique(label, taken), root, repo_root, clean_commit(repo_root)))
    return repos


def _checkouts_below(top: Path) -> Iterator[Path]:
    """``top`` if it is a git work tree, and every work tree nested below it."""
    for dirpath, dirnames, filenames in os.walk(top):
        if ".git" in dirnames or ".git" in filenames:
            yield Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not skip_dir(d))


def go_files(module: Path) -> list[Path]:
    """The Go files of ``module`` that gofixmap checks: not in vendor, testdata,
    hidden or ``_`` directories, nor in a nested module."""
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(module):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not skip_dir(d) and not (here / d / "go.mod").exists()
        )
        files.extend(
            here / n
            for n in sorted(filenames)
            if n.endswith(".go") and not n.startswith((".", "_")) and (here / n).is_file()
        )
    return files


def module_files(module: Path) -> Iterator[Path]:
    """The files of ``module``: below it, not in a nested module, vendor
    directories included (they belong to it), hidden directories skipped."""
    for dirpath, dirnames, filenames in os.walk(module):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not (here / d / "go.mod").exists()
        )
        for name in sorted(filenames):
            path = here / name
            if not name.startswith(".") and path.is_file() and not path.is_symlink():
                yield path


def content_hash(module: Path) -> str:
    digest = hashlib.sha256()
    for path in module_files(module):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        digest.update(os.fsencode(path.relative_to(module)) + b"\0")
        digest.update(hashlib.sha256(data).digest())
    return "sha256:" + digest.hexdigest()


def discover(repos: Sequence[Repo]) -> Estate:
    """The units of every prepared repository, in a stable order."""
    estate = Estate()
    roots = [r.root for r in repos if r.root is not None]
    for repo in repos:
        if repo.root is None:
            estate.repos.append(repo)
            continue
        top = repo.root
        scan = repo.scan or top
        nested = [r for r in roots if r != top and r.is_relative_to(scan)]
        dirs = modules_under(scan, nested)
        if not dirs:
            repo = dataclasses.replace(repo, note="no Go module found")
        estate.repos.append(repo)
        taken: set[str] = set()
        paths = [read_module(d).path for d in dirs]
        for directory, path in zip(dirs, paths, strict=True):
            rel = directory.relative_to(top).as_posix()
            name = path or f"_dir/{rel}"
            if paths.count(path) > 1:
                name = f"{name}@{rel.replace('/', '_')}"
            revision = f"git:{repo.commit}" if repo.commit else content_hash(directory)
            estate.units.append(
                Unit(repo.name, str(top), rel, path, revision, _unique(name, taken))
            )
    return estate
