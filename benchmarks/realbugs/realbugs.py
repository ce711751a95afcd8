"""Recall of gofixmap on real, fixed map bugs (issue 13).

    python benchmarks/realbugs/realbugs.py MIRRORS [--bugs FILE] [--cache DIR] [--only ID,...]
                                           [--slack N] [--jobs N] [--json] [--check]
                                           [--baseline OLD.json] [--gofixmap CMD] [--download]
                                           [--set original|heldout2|...|heldout6|all]

MIRRORS holds one git directory per repository: MIRRORS/<owner>+<name>/repo
(a bare mirror), MIRRORS/<owner>+<name> itself, or a work tree with .git.
For every bug of bugs.toml it

1. checks that `parent` is a parent of `fix` and that the buggy line at the
   parent still reads `code` (a wrong line number is an error, not a miss);
2. extracts the parent commit's Go files (`*.go`, `go.mod`, `go.sum`,
   `go.work`, `go.work.sum`, `vendor/modules.txt`, and the files that mark
   the root of a GOPATH-era project: `Gopkg.toml`, `glide.yaml`,
   `Godeps/Godeps.json`) blob by blob with `git
   ls-tree` + `git cat-file` into CACHE/<owner>+<name>/<parent>/ (blobs missing
   from a partial mirror are skipped and counted; the extraction is kept);
3. runs `gofixmap --format json --include-tests PKGDIR` with the nearest
   go.mod above the buggy file as working directory (the repository root when
   there is none: a GOPATH-era commit), PKGDIR the buggy file's directory
   relative to it, so the module's packages and go.mod resolve;
4. matches the findings against the bug.

Dependencies come from the machine's module cache as gofixmap finds them; with
--download, the modules a bug lists in `deps` (those its finding needs: a
dependency's callee or struct type) are first fetched with `go mod download`
at the version the module's go.mod requires.

Matching. The bug's lines are `line` plus `lines` (the other writes to the same
map that the fix removed; for a map written by a callee, both the callee's write
and the calls that pass it the nil map, since the finding may stand at the call
with the fix at the caller or at the callee with a guard there). A bug is found
when a finding of an acceptable rule in the buggy file is on one of these lines
("exact"), or within --slack lines
(default 3) of one of them when the finding's own source line contains the
bug's map expression: the operand indexed by the first `[` of `code`
(`c.acc.signingKeys` in `if v, ok := c.acc.signingKeys[k]; ok {`) ("near"; a
code without `[` matches exactly only). Acceptable rules: NM001-NM005 for a nil-map
bug, MR001-MR002 for a map race (the crash the operator saw is the same; which
rule explains it is reported apart as "rule-exact" when it is the bug's
`rule`). Per-rule recall groups by the bug's expected `rule`.

Sets. Each bug belongs to a set (`set` in bugs.toml, "original" when absent):
"original" is the set the work of issue 13 was measured and tuned on,
"heldout2" a later set from other repositories kept out of that tuning,
"heldout3" a third one from yet other repositories, built when heldout2's
misses began to steer the work, "heldout4" a fourth one from repositories
outside all of these and the precision corpus, built when the first three had
all been read for tuning, "heldout5" a fifth one, likewise from new
repositories, built when heldout4 had been read too, and "heldout6" a sixth
one from repositories outside every earlier set (some from the precision
corpus's heldout8 set), built when all five had been read for tuning. --set
picks one (default all); the report gives the recall of each set apart.

Exit 0, or 2 when a bug could not be checked or scanned (listed under errors
and left out of the recall).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

HERE = Path(__file__).resolve().parent
NIL_RULES = ("NM001", "NM002", "NM003", "NM004", "NM005")
RACE_RULES = ("MR001", "MR002")
CLASSES = ("local", "1", "2", "3", "4", "5", "6", "7")
LEVELS = ("high", "medium", "low")  # gofixmap's confidence levels, strongest first
SETS = ("original", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6")
GO_FILES = ("go.mod", "go.sum", "go.work", "go.work.sum")
# the root of a project without go.mod, as gofixmap finds it (discover.GOPATH_MARKS;
# a checkout's .git is not extracted): its import path comes from there
GOPATH_FILES = ("Gopkg.toml", "glide.yaml", "Godeps.json")
DEFAULT_CACHE = Path(os.environ.get("REALBUGS_CACHE", "/work/realbugs"))
COMPLETE = ".realbugs-complete"


@dataclass(frozen=True)
class Bug:
    id: str
    repo: str  # owner/name
    fix: str
    parent: str
    file: str
    line: int
    code: str
    rule: str
    klass: str
    reason: str
    lines: tuple[int, ...] = ()
    test_only: bool = False
    deps: tuple[str, ...] = ()  # dependency modules the finding needs from the module cache
    set: str = "original"  # which set of SETS the bug belongs to

    @property
    def all_lines(self) -> tuple[int, ...]:
        return (self.line, *self.lines)

    @property
    def accepted(self) -> tuple[str, ...]:
        return NIL_RULES if self.rule in NIL_RULES else RACE_RULES

    @property
    def map_expr(self) -> str | None:
        """The indexed operand of the first `[` of `code`: `c.acc.signingKeys` for
        `if scope, ok := c.acc.signingKeys[k]; ok {`; None without an index."""
        head, bracket, _ = self.code.partition("[")
        m = re.search(r"[\w.()*]+$", head.rstrip())
        return m.group(0) if bracket and m else None


@dataclass
class Result:
    bug: Bug
    found: bool = False
    how: str = "none"  # exact | near | none
    rule_exact: bool = False
    matched: dict[str, Any] | None = None
    nearby: list[dict[str, Any]] = field(default_factory=list)  # findings in the file
    builtin_types: list[str] = field(default_factory=list)
    missing_blobs: int = 0
    seconds: float = 0.0
    error: str | None = None


def load_bugs(path: Path) -> list[Bug]:
    """Read and validate bugs.toml; raise ValueError naming the entry on a bad one."""
    data = tomllib.loads(path.read_text())
    bugs: list[Bug] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("bug", [])):
        where = f"{path}: bug #{i + 1} ({raw.get('id', '?')})"
        try:
            bug = Bug(
                id=str(raw["id"]),
                repo=str(raw["repo"]),
                fix=str(raw["fix"]),
                parent=str(raw["parent"]),
                file=str(raw["file"]),
                line=int(raw["line"]),
                code=str(raw["code"]),
                rule=str(raw["rule"]),
                klass=str(raw["class"]),
                reason=str(raw["reason"]),
                lines=tuple(int(x) for x in raw.get("lines", ())),
                test_only=bool(raw.get("test_only", False)),
                deps=tuple(str(x) for x in raw.get("deps", ())),
                set=str(raw.get("set", "original")),
            )
        except KeyError as exc:
            raise ValueError(f"{where}: missing key {exc}") from None
        if bug.id in seen:
            raise ValueError(f"{where}: duplicate id")
        seen.add(bug.id)
        if bug.rule not in NIL_RULES + RACE_RULES:
            raise ValueError(f"{where}: unknown rule {bug.rule!r}")
        if bug.set not in SETS:
            raise ValueError(f"{where}: set must be one of {', '.join(SETS)}")
        if bug.klass not in CLASSES:
            raise ValueError(f"{where}: class must be one of {', '.join(CLASSES)}")
        if "/" not in bug.repo or len(bug.fix) != 40 or len(bug.parent) != 40:
            raise ValueError(f"{where}: repo must be owner/name, fix and parent full hashes")
        if not bug.code.strip() or not bug.reason.strip():
            raise ValueError(f"{where}: empty code or reason")
        bugs.append(bug)
    return bugs


def git_dir(mirrors: Path, repo: str) -> Path:
    """The git directory of owner/name under MIRRORS (see the module docstring)."""
    base = mirrors / repo.replace("/", "+")
    for cand in (base / "repo", base, base / ".git"):
        if (cand / "HEAD").is_file() and (cand / "objects").is_dir():
            return cand
    raise FileNotFoundError(f"no git directory for {repo} under {mirrors}")


def _git(gd: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(gd), *args], check=True, capture_output=True
    ).stdout


def check_bug(gd: Path, bug: Bug) -> None:
    """Raise ValueError when parent is not a parent of fix or the line does not read `code`."""
    try:
        parents = _git(gd, "rev-parse", f"{bug.fix}^@").decode().split()
    except subprocess.CalledProcessError:
        raise ValueError(f"{bug.id}: fix commit {bug.fix} is not in {gd}") from None
    if bug.parent not in parents:
        raise ValueError(f"{bug.id}: {bug.parent} is not a parent of {bug.fix}")
    try:
        text = _git(gd, "show", f"{bug.parent}:{bug.file}").decode("utf-8", "replace")
    except subprocess.CalledProcessError:
        raise ValueError(f"{bug.id}: {bug.file} does not exist at {bug.parent}") from None
    src = text.splitlines()
    for n in bug.all_lines:
        if not 1 <= n <= len(src):
            raise ValueError(f"{bug.id}: line {n} is past the end of {bug.file}")
    if bug.code.strip() not in src[bug.line - 1]:
        raise ValueError(
            f"{bug.id}: {bug.file}:{bug.line} reads {src[bug.line - 1].strip()!r}, not {bug.code!r}"
        )


def _wanted(path: str) -> bool:
    name = PurePosixPath(path).name
    return (
        name.endswith(".go")
        or name in GO_FILES
        or name in GOPATH_FILES
        or path.endswith("vendor/modules.txt")
    )


def extract(gd: Path, commit: str, dest: Path) -> int:
    """Write the Go files of `commit` under dest (once; kept); return blobs missing."""
    marker = dest / COMPLETE
    if marker.is_file():
        return int(marker.read_text() or 0)
    tmp = dest.with_name(dest.name + f".part{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    listing = _git(gd, "ls-tree", "-r", "-z", "--full-tree", commit)
    entries: list[tuple[str, str]] = []
    links: list[tuple[str, str]] = []  # symbolic links: vendor/x -> ../../staging/src/x
    for rec in listing.split(b"\0"):
        meta, _, raw_path = rec.partition(b"\t")
        if not raw_path:
            continue
        mode, kind, sha = meta.decode().split()
        path = raw_path.decode("utf-8", "surrogateescape")
        if kind == "blob" and mode == "120000":
            links.append((sha, path))
        elif kind == "blob" and _wanted(path):
            entries.append((sha, path))
    proc = subprocess.Popen(
        ["git", "--git-dir", str(gd), "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    missing = 0
    for sha, path in entries:
        proc.stdin.write(sha.encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            missing += 1
            continue
        data = proc.stdout.read(int(header[2]))
        proc.stdout.read(1)
        target = tmp / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for sha, path in links:
        # a link inside the tree (a vendored local replacement, as `go mod
        # vendor` leaves for `replace x => ./staging/src/x`): the Go tool
        # follows it, so the extracted tree keeps it; one that leaves the
        # tree is dropped
        proc.stdin.write(sha.encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            continue
        target = proc.stdout.read(int(header[2])).decode("utf-8", "surrogateescape")
        proc.stdout.read(1)
        link = tmp / path
        inside = os.path.normpath(os.path.join(os.path.dirname(path), target))
        if os.path.isabs(target) or inside == ".." or inside.startswith("../"):
            continue
        link.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            link.symlink_to(target)
    proc.stdin.close()
    proc.wait()
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / COMPLETE).write_text(str(missing))
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        tmp.rename(dest)
    except OSError:  # another run finished the same extraction first
        shutil.rmtree(tmp, ignore_errors=True)
    return missing


def module_root(tree: Path, file: str) -> Path:
    """The directory of the nearest go.mod above `file` in the extracted tree; the
    tree itself for a repository from before modules (GOPATH layout, no go.mod)."""
    d = (tree / file).parent
    while d != tree:
        if (d / "go.mod").is_file():
            return d
        d = d.parent
    return tree


def match(bug: Bug, findings: Iterable[dict[str, Any]], source: list[str], slack: int) -> Result:
    """Decide whether `findings` (paths relative to the repository root) catch `bug`.

    `source` is the buggy file's lines at the parent commit."""
    res = Result(bug)
    best: tuple[int, dict[str, Any]] | None = None  # (rank, finding): exact+rule best
    for f in findings:
        if f.get("path") != bug.file:
            continue
        line = int(f.get("line", 0))
        res.nearby.append({"rule": f.get("rule"), "line": line, "message": f.get("message")})
        if f.get("rule") not in bug.accepted:
            continue
        if line in bug.all_lines:
            rank = 0
        else:
            expr = bug.map_expr
            near = any(abs(line - n) <= slack for n in bug.all_lines)
            text = source[line - 1] if 1 <= line <= len(source) else ""
            if not (near and expr and expr in text):
                continue
            rank = 2
        if f.get("rule") != bug.rule:
            rank += 1
        if best is None or rank < best[0]:
            best = (rank, f)
    if best is not None:
        rank, f = best
        res.found = True
        res.how = "exact" if rank < 2 else "near"
        res.rule_exact = f.get("rule") == bug.rule
        res.matched = {
            "rule": f.get("rule"),
            "line": f.get("line"),
            "message": f.get("message"),
            "confidence": f.get("confidence") or "low",
            "evidence": f.get("evidence") or "",
        }
    return res


def required(gomod: str, module: str) -> str | None:
    """The version `gomod` (go.mod text) requires of `module`, or None."""
    pat = re.compile(rf"^\s*(?:require\s+)?{re.escape(module)}\s+(v\S+)", re.M)
    m = pat.search(gomod)
    return m.group(1) if m else None


def download(root: Path, modules: Iterable[str], timeout: float) -> None:
    """`go mod download MODULE@VERSION` for each module at the version root's go.mod
    requires, run outside the module so that only those modules are fetched (an old
    module graph can name modules the proxy no longer serves)."""
    gomod = (root / "go.mod").read_text() if (root / "go.mod").is_file() else ""
    mods = []
    for mod in modules:
        version = required(gomod, mod)
        if version is None:
            raise RuntimeError(f"{root / 'go.mod'} does not require {mod}")
        mods.append(f"{mod}@{version}")
    if not mods:
        return
    go = shutil.which("go")
    with contextlib.suppress(Exception):  # else the go on PATH
        from gofixmap.codemod.toolchain import find_go  # the toolchain gofixmap uses

        go = str(find_go().go)
    if go is None:
        raise RuntimeError("--download needs a Go toolchain")
    env = {**os.environ, "GOFLAGS": "", "GOTOOLCHAIN": "local", "GO111MODULE": "on"}
    with tempfile.TemporaryDirectory() as outside:
        proc = subprocess.run(
            [go, "mod", "download", *mods],
            cwd=outside,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-2:]
        raise RuntimeError(f"go mod download {' '.join(mods)}: {' | '.join(tail)}")


def run_gofixmap(gofixmap: list[str], cwd: Path, target: str, timeout: float) -> dict[str, Any]:
    # every confidence level, whatever the tool's default: recall is reported per level
    cmd = [*gofixmap, "--format", "json", "--include-tests", "--confidence", "low", "-j", "1"]
    cmd.append(target)
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode not in (0, 1):
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"gofixmap exited {proc.returncode}: {' | '.join(tail)}")
    try:
        doc: dict[str, Any] = json.loads(proc.stdout)
    except json.JSONDecodeError:
        tail = proc.stderr.strip().splitlines()[-2:]
        raise RuntimeError(f"gofixmap printed no JSON: {' | '.join(tail)}") from None
    return doc


def evaluate(
    bug: Bug,
    mirrors: Path,
    cache: Path,
    gofixmap: list[str],
    slack: int = 3,
    timeout: float = 900.0,
    check_only: bool = False,
    fetch_deps: bool = False,
) -> Result:
    start = time.monotonic()
    try:
        gd = git_dir(mirrors, bug.repo)
        check_bug(gd, bug)
        if check_only:
            return Result(bug)
        tree = cache / bug.repo.replace("/", "+") / bug.parent
        missing = extract(gd, bug.parent, tree)
        root = module_root(tree, bug.file)
        rel_root = root.relative_to(tree).as_posix()
        pkg = (tree / bug.file).parent.relative_to(root).as_posix()
        if fetch_deps:
            download(root, bug.deps, timeout)
        doc = run_gofixmap(gofixmap, root, pkg if pkg != "." else ".", timeout)
        prefix = "" if rel_root == "." else rel_root + "/"
        findings = [
            {**f, "path": prefix + str(f.get("path", "")).removeprefix("./")}
            for f in doc.get("findings", [])
        ]
        source = (tree / bug.file).read_text(errors="replace").splitlines()
        res = match(bug, findings, source, slack)
        res.builtin_types = list(doc.get("builtin_types", []))
        res.missing_blobs = missing
    except (OSError, ValueError, RuntimeError, subprocess.SubprocessError) as exc:
        res = Result(bug, error=str(exc))
    res.seconds = round(time.monotonic() - start, 1)
    return res


def _pct(found: int, total: int) -> str:
    return f"{found}/{total} ({100.0 * found / total:.0f}%)" if total else "0/0"


def summary(results: list[Result]) -> dict[str, Any]:
    ok = [r for r in results if r.error is None]
    by_rule: dict[str, list[Result]] = defaultdict(list)
    by_class: dict[str, list[Result]] = defaultdict(list)
    for r in ok:
        by_rule[r.bug.rule].append(r)
        by_class[r.bug.klass].append(r)
    prod = [r for r in ok if not r.bug.test_only]

    def count(rs: list[Result]) -> dict[str, int]:
        return {
            "found": sum(r.found for r in rs),
            "rule_exact": sum(r.rule_exact for r in rs),
            "total": len(rs),
        }

    def levels(rs: list[Result]) -> dict[str, int]:
        """Found by a finding at this confidence or stronger (cumulative)."""
        return {
            level: sum(
                1
                for r in rs
                if r.found
                and LEVELS.index((r.matched or {}).get("confidence") or "low")
                <= LEVELS.index(level)
            )
            for level in LEVELS
        }

    per_set: dict[str, Any] = {}
    for name in SETS:
        rs = [r for r in ok if r.bug.set == name]
        if rs:
            classes = {k: count([r for r in rs if r.bug.klass == k]) for k in CLASSES}
            per_set[name] = {
                **count(rs),
                "per_class": {k: v for k, v in classes.items() if v["total"]},
                "per_confidence": levels(rs),
            }
    return {
        "overall": count(ok),
        "production": count(prod),
        "nil_map": count([r for r in ok if r.bug.rule in NIL_RULES]),
        "race": count([r for r in ok if r.bug.rule in RACE_RULES]),
        "per_rule": {k: count(v) for k, v in sorted(by_rule.items())},
        "per_class": {k: count(by_class[k]) for k in CLASSES if k in by_class},
        "per_set": per_set,
        "per_confidence": levels(ok),
        "errors": len(results) - len(ok),
    }


def render(results: list[Result]) -> str:
    s = summary(results)
    out: list[str] = []
    o = s["overall"]
    out.append(
        f"recall {_pct(o['found'], o['total'])}  (rule-exact {_pct(o['rule_exact'], o['total'])})"
    )
    p = s["production"]
    out.append(f"  production bugs only: {_pct(p['found'], p['total'])}")
    out.append(
        f"  nil-map: {_pct(s['nil_map']['found'], s['nil_map']['total'])}"
        f"   races: {_pct(s['race']['found'], s['race']['total'])}"
    )
    if len(s["per_set"]) > 1:
        for name, v in s["per_set"].items():
            classes = "  ".join(f"{k} {c['found']}/{c['total']}" for k, c in v["per_class"].items())
            out.append(f"  set {name}: {_pct(v['found'], v['total'])}  ({classes})")
    found_at = "  ".join(f"{k} {v}" for k, v in s["per_confidence"].items())
    out.append(f"  found at confidence (that level or stronger): {found_at}")
    out.append("per rule (expected rule of the bug):")
    for k, v in s["per_rule"].items():
        out.append(f"  {k}  {_pct(v['found'], v['total'])}  rule-exact {v['rule_exact']}")
    out.append("per class (issue 13; local = within one function or one package's constructions):")
    for k, v in s["per_class"].items():
        out.append(f"  {k:>5}  {_pct(v['found'], v['total'])}")
    missed = [r for r in results if r.error is None and not r.found]
    if missed:
        out.append(f"missed ({len(missed)}):")
        for r in missed:
            b = r.bug
            near = [
                f"{n['rule']}@{n['line']}"
                for n in r.nearby
                if any(abs(int(n["line"]) - x) <= 10 for x in b.all_lines)
            ]
            extra = f"  [in file nearby: {', '.join(near)}]" if near else ""
            out.append(f"  {b.id}  {b.rule} class {b.klass}  {b.file}:{b.line}{extra}")
    found = [r for r in results if r.found]
    if found:
        out.append(f"found ({len(found)}):")
        for r in found:
            m = r.matched or {}
            out.append(f"  {r.bug.id}  {m.get('rule')}@{m.get('line')} ({r.how})")
    errs = [r for r in results if r.error is not None]
    if errs:
        out.append(f"errors ({len(errs)}):")
        for r in errs:
            out.append(f"  {r.bug.id}: {r.error}")
    return "\n".join(out)


def compare(results: list[Result], baseline: dict[str, Any]) -> str:
    """Bugs found now and not in `baseline` (a --json document of an earlier run), and back."""
    before = {b["id"]: bool(b.get("found")) for b in baseline.get("bugs", [])}
    now = {r.bug.id: r.found for r in results if r.error is None}
    gained = sorted(k for k, v in now.items() if v and before.get(k) is False)
    lost = sorted(k for k, v in now.items() if not v and before.get(k) is True)
    new = sorted(k for k in now if k not in before)
    out = [f"against the baseline: +{len(gained)} found, -{len(lost)} lost, {len(new)} new bugs"]
    out += [f"  + {k}" for k in gained] + [f"  - {k}" for k in lost]
    return "\n".join(out)


def to_json(results: list[Result]) -> dict[str, Any]:
    rows = []
    for r in results:
        row = asdict(r)
        bug = row.pop("bug")
        bug["class"] = bug.pop("klass")
        rows.append({**bug, **row})
    return {"summary": summary(results), "bugs": rows}


def select_set(bugs: list[Bug], name: str) -> list[Bug]:
    """The bugs of set `name` (one of SETS), or all of them for "all"."""
    if name == "all":
        return list(bugs)
    if name not in SETS:
        raise ValueError(f"unknown set {name!r} (one of {', '.join(SETS)}, all)")
    return [b for b in bugs if b.set == name]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mirrors", type=Path, help="folder of git directories (<owner>+<name>/repo)")
    ap.add_argument("--bugs", type=Path, default=HERE / "bugs.toml")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="extracted trees (kept)")
    ap.add_argument("--only", default="", help="comma-separated bug ids")
    ap.add_argument(
        "--set",
        default="all",
        choices=(*SETS, "all"),
        help="which set of bugs to run (default all; the report splits the recall by set)",
    )
    ap.add_argument("--slack", type=int, default=3, help="lines a 'near' match may be off")
    ap.add_argument("--jobs", type=int, default=1, help="bugs scanned at once")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per gofixmap run")
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    ap.add_argument("--check", action="store_true", help="only check bugs.toml against git")
    ap.add_argument(
        "--download",
        action="store_true",
        help="go mod download each bug's `deps` into the module cache first (network)",
    )
    ap.add_argument(
        "--baseline", type=Path, help="a --json output of an earlier run: print gains and losses"
    )
    ap.add_argument(
        "--gofixmap",
        default=f"{sys.executable} -m gofixmap",
        help="command that runs gofixmap (split on spaces)",
    )
    args = ap.parse_args(argv)
    try:
        bugs = select_set(load_bugs(args.bugs), args.set)
    except (OSError, ValueError) as exc:
        print(f"realbugs: {exc}", file=sys.stderr)
        return 2
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {b.id for b in bugs}
        if unknown:
            print(f"realbugs: unknown bug ids: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        bugs = [b for b in bugs if b.id in wanted]
    cmd = args.gofixmap.split()

    def one(bug: Bug) -> Result:
        res = evaluate(
            bug, args.mirrors, args.cache, cmd, args.slack, args.timeout, args.check, args.download
        )
        if not args.json:
            state = "error" if res.error else ("found" if res.found else "missed")
            if args.check and not res.error:
                state = "checks out"
            print(f"  {bug.id}: {state} ({res.seconds}s)", file=sys.stderr, flush=True)
        return res

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(one, bugs))
    if args.check:
        errs = [r for r in results if r.error]
        for r in errs:
            print(f"realbugs: {r.error}", file=sys.stderr)
        print(f"{len(results) - len(errs)}/{len(results)} bugs check out")
        return 2 if errs else 0
    if args.json:
        print(json.dumps(to_json(results), indent=2))
    else:
        print(render(results))
        if args.baseline:
            print(compare(results, json.loads(args.baseline.read_text())))
    return 2 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
