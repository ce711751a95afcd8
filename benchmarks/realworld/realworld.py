"""Precision of gofixmap on the judged real-world corpus (issue 12).

    python benchmarks/realworld/realworld.py SNAPSHOTS [--json] [--strict] [--stubs]
        [--set original|heldout|heldout2|...|heldout9|all]
        [--only NAME,...] [--jobs N] [--no-cache]

SNAPSHOTS holds one folder per manifest entry (see snapshots.py). For each
entry the snapshot's commit is checked (`.realworld-commit`, else `git
rev-parse HEAD`), `gofixmap --format json .` runs in it, and every finding is
matched to a verdict of verdicts.toml by (repo, path, rule) and a short hash of
the flagged source line: same line first, else the nearest line with the same
hash (the code moved). Precision is true / (true + false) over the current
findings that have a verdict; verdicts that match no current finding are
counted apart (a false one documents a fixed false positive, a true one a lost
true positive). Findings without a verdict are listed (--stubs prints them as
TOML entries to fill in). Each manifest entry belongs to a set (`set = ...`,
default "original"): the repositories the rules were tuned on, or the
"heldout" ones kept to measure precision on code nobody tuned on (since used
for tuning too), or "heldout2" (session 8), held out again, or "heldout3"
(session 9), a fresh measure once heldout2's false positives had been read, or
"heldout4" (session 10), fresh again once heldout3's had been, or "heldout5"
(session 11), fresh again once heldout4's had been, or "heldout6" (session 29),
fresh again once every earlier set had been read for tuning, or "heldout7"
(session 30), fresh again once heldout6's had been, or "heldout8" (session
31), fresh again once heldout7's had been, or "heldout9" (session 32), fresh
again once heldout8's had been. --set picks
the entries scanned (default: original, or any set when --only names them;
"all" scans every set), and precision is also reported per set. Exit 0, or 1
with --strict when a finding has no verdict, or 2 when a snapshot is missing,
at the wrong commit or the scan fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MARKER = ".realworld-commit"
LEVELS = ("high", "medium", "low")  # gofixmap's confidence levels, strongest first
SETS = (
    "original",
    "heldout",
    "heldout2",
    "heldout3",
    "heldout4",
    "heldout5",
    "heldout6",
    "heldout7",
    "heldout8",
    "heldout9",
)


@dataclass(frozen=True)
class Entry:
    name: str
    url: str
    commit: str
    kind: str = "operator"
    set: str = "original"


@dataclass(frozen=True)
class Verdict:
    repo: str
    path: str
    line: int
    rule: str
    hash: str
    verdict: str  # "true" | "false"
    reason: str


@dataclass
class Finding:
    repo: str
    path: str
    line: int
    rule: str
    hash: str
    message: str
    verdict: Verdict | None = None
    confidence: str = "low"  # the finding's level (gofixmap --confidence)
    evidence: str = ""  # the kind of evidence it rests on (the rule's EVIDENCE table)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    stale: list[Verdict] = field(default_factory=list)  # verdicts no current finding matches
    errors: list[str] = field(default_factory=list)
    scanned: list[str] = field(default_factory=list)
    sets: dict[str, str] = field(default_factory=dict)  # repo name -> its manifest set


def line_hash(text: str) -> str:
    """8 hex digits of sha256 over the line with all white space removed."""
    return hashlib.sha256("".join(text.split()).encode()).hexdigest()[:8]


def load_manifest(path: Path) -> list[Entry]:
    data = tomllib.loads(path.read_text())
    entries = [Entry(**r) for r in data.get("repo", [])]
    names = Counter(e.name for e in entries)
    dup = sorted(n for n, c in names.items() if c > 1)
    if dup:
        raise ValueError(f"{path}: repeated names: {', '.join(dup)}")
    for e in entries:
        if e.set not in SETS:
            raise ValueError(f"{path}: {e.name}: set must be one of {', '.join(SETS)}")
        if len(e.commit) != 40 or any(c not in "0123456789abcdef" for c in e.commit):
            raise ValueError(f"{path}: {e.name}: commit must be a full 40-hex sha")
    return entries


def load_verdicts(path: Path) -> list[Verdict]:
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text())
    out = []
    for r in data.get("finding", []):
        v = Verdict(
            repo=r["repo"],
            path=r["path"],
            line=int(r["line"]),
            rule=r["rule"],
            hash=r["hash"],
            verdict=r["verdict"],
            reason=r["reason"],
        )
        if v.verdict not in ("true", "false"):
            raise ValueError(
                f"{path}: {v.repo} {v.path}:{v.line} {v.rule}: verdict must be 'true' or 'false'"
            )
        if not v.reason.strip():
            raise ValueError(f"{path}: {v.repo} {v.path}:{v.line} {v.rule}: empty reason")
        out.append(v)
    keys = Counter((v.repo, v.path, v.line, v.rule, v.hash) for v in out)
    dup = [k for k, c in keys.items() if c > 1]
    if dup:
        raise ValueError(f"{path}: repeated verdicts: {dup[:3]}")
    return out


def match(findings: list[Finding], verdicts: Iterable[Verdict]) -> list[Verdict]:
    """Attach a verdict to each finding it fits; return the verdicts left over.

    A verdict fits a finding of the same repo, path and rule whose line hash is
    the same: at the same line first, else at the nearest line (ties: the
    earlier). Each verdict is used once, except that findings of one rule on
    one line (a read and a write of the map there) share its verdict.
    """
    pool: dict[tuple[str, str, str, str], list[Verdict]] = defaultdict(list)
    for v in verdicts:
        pool[(v.repo, v.path, v.rule, v.hash)].append(v)
    pending = []
    exact: dict[tuple[str, str, str, str, int], Verdict] = {}
    for f in findings:
        cands = pool.get((f.repo, f.path, f.rule, f.hash), [])
        same = next((v for v in cands if v.line == f.line), None)
        if same is not None:
            f.verdict = same
            cands.remove(same)
            exact[(f.repo, f.path, f.rule, f.hash, f.line)] = same
        elif (f.repo, f.path, f.rule, f.hash, f.line) in exact:
            f.verdict = exact[(f.repo, f.path, f.rule, f.hash, f.line)]
        else:
            pending.append(f)
    for f in pending:  # moved code: the nearest verdict with the same hash
        cands = pool.get((f.repo, f.path, f.rule, f.hash), [])
        if cands:
            best = min(cands, key=lambda v: (abs(v.line - f.line), v.line))
            f.verdict = best
            cands.remove(best)
    return sorted(
        (v for vs in pool.values() for v in vs), key=lambda v: (v.repo, v.path, v.line, v.rule)
    )


def snapshot_commit(snap: Path) -> str | None:
    marker = snap / MARKER
    if marker.is_file():
        return marker.read_text().strip()
    if (snap / ".git").exists():
        r = subprocess.run(
            ["git", "-C", str(snap), "rev-parse", "HEAD"], capture_output=True, text=True
        )
        if r.returncode == 0:
            return r.stdout.strip()
    return None


def gofixmap_command() -> list[str]:
    return [sys.executable, "-m", "gofixmap"]


def scan_env() -> dict[str, str]:
    """The scan measures the gofixmap of the checkout this script is in, when
    that checkout is built (its grammar extension compiled, as `pip install -e`
    does): the scan runs in the snapshot, where `python -m gofixmap` would
    otherwise import whatever gofixmap the interpreter has installed, possibly
    another checkout's."""
    checkout = HERE.parents[1]
    env = dict(os.environ)
    if any((checkout / "gofixmap" / "codemod").glob("_grammar*.so")):
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(checkout), env.get("PYTHONPATH", "")) if p
        )
    return env


def rule_errors(doc: dict[str, Any], repo: str) -> list[str]:
    """The internal errors of rules in a scan's JSON document, one line each:
    a rule that crashed on a package judged nothing there, so the precision
    measured is not the tool's (an unparsable file of the snapshot, with no
    rule named, is the snapshot's own and not counted)."""
    return [
        f"{repo}: {e.get('error', '')}"
        for e in doc.get("errors", [])
        if isinstance(e, dict) and e.get("rule")
    ]


def scan(snap: Path, repo: str, extra: list[str], errors: list[str]) -> list[Finding]:
    """Run the scan in the snapshot; findings with paths relative to it (the
    rules' internal errors go to ``errors``)."""
    r = subprocess.run(
        # every level, whatever the tool's default: precision is reported per level
        [*gofixmap_command(), "--format", "json", "--confidence", "low", *extra, "."],
        cwd=snap,
        env=scan_env(),
        capture_output=True,
        text=True,
    )
    try:
        doc = json.loads(r.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(
            f"{repo}: gofixmap exit {r.returncode}, no JSON: {r.stderr.strip()[-400:]}"
        ) from None
    errors.extend(rule_errors(doc, repo))
    out: list[Finding] = []
    lines_of: dict[str, list[str]] = {}
    for d in doc.get("findings", []):
        path = os.path.normpath(d["path"])
        if os.path.isabs(path):
            path = os.path.relpath(path, snap)
        if path not in lines_of:
            lines_of[path] = (snap / path).read_text(errors="replace").splitlines()
        src = lines_of[path]
        line = int(d["line"])
        text = src[line - 1] if 0 < line <= len(src) else ""
        out.append(
            Finding(
                repo,
                path,
                line,
                d["rule"],
                line_hash(text),
                d.get("message", ""),
                confidence=d.get("confidence") or "low",
                evidence=d.get("evidence") or "",
            )
        )
    return out


def run(snapshots: Path, entries: list[Entry], verdicts: list[Verdict], extra: list[str]) -> Report:
    rep = Report()
    for e in entries:
        snap = snapshots / e.name
        if not snap.is_dir():
            rep.errors.append(f"{e.name}: no snapshot at {snap}")
            continue
        got = snapshot_commit(snap)
        if got != e.commit:
            rep.errors.append(
                f"{e.name}: snapshot is at {got or 'an unknown commit'}, manifest pins {e.commit}"
            )
            continue
        try:
            rep.findings.extend(scan(snap, e.name, extra, rep.errors))
        except (RuntimeError, OSError) as exc:
            rep.errors.append(str(exc))
            continue
        rep.scanned.append(e.name)
        rep.sets[e.name] = e.set
    scanned = set(rep.scanned)
    rep.stale = match(rep.findings, (v for v in verdicts if v.repo in scanned))
    return rep


def precision(findings: Iterable[Finding]) -> tuple[int, int, float | None]:
    t = sum(1 for f in findings if f.verdict and f.verdict.verdict == "true")
    fl = sum(1 for f in findings if f.verdict and f.verdict.verdict == "false")
    return t, fl, (t / (t + fl) if t + fl else None)


def summary(rep: Report) -> dict[str, Any]:
    def row(fs: list[Finding]) -> dict[str, Any]:
        t, fl, p = precision(fs)
        return {
            "findings": len(fs),
            "true": t,
            "false": fl,
            "unjudged": sum(1 for f in fs if f.verdict is None),
            "precision": None if p is None else round(p, 4),
        }

    by_rule: dict[str, list[Finding]] = defaultdict(list)
    by_repo: dict[str, list[Finding]] = {name: [] for name in rep.scanned}
    by_test: dict[str, list[Finding]] = defaultdict(list)
    by_set: dict[str, list[Finding]] = {rep.sets.get(n, SETS[0]): [] for n in rep.scanned}
    for f in rep.findings:
        by_rule[f.rule].append(f)
        by_repo[f.repo].append(f)
        by_set.setdefault(rep.sets.get(f.repo, SETS[0]), []).append(f)
        by_test["test" if f.path.endswith("_test.go") else "non-test"].append(f)

    def levels(fs: list[Finding]) -> dict[str, Any]:
        """Cumulative: the findings at this level or stronger."""
        return {
            level: row([f for f in fs if LEVELS.index(f.confidence) <= LEVELS.index(level)])
            for level in LEVELS
        }

    by_evidence: dict[str, list[Finding]] = defaultdict(list)
    for f in rep.findings:
        by_evidence[f"{f.rule} {f.evidence or '?'} ({f.confidence})"].append(f)
    return {
        "overall": row(rep.findings),
        "confidence": levels(rep.findings),
        "evidence": {k: row(v) for k, v in sorted(by_evidence.items())},
        "rules": {k: row(v) for k, v in sorted(by_rule.items())},
        "repos": {k: row(v) for k, v in sorted(by_repo.items())},
        "files": {k: row(v) for k, v in sorted(by_test.items())},
        "sets": {
            k: {
                **row(v),
                "rules": {
                    r: row([f for f in v if f.rule == r]) for r in sorted({f.rule for f in v})
                },
                "confidence": levels(v),
            }
            for k, v in sorted(by_set.items(), key=lambda kv: SETS.index(kv[0]))
        },
        "gone": {
            "false": sum(1 for v in rep.stale if v.verdict == "false"),
            "true": sum(1 for v in rep.stale if v.verdict == "true"),
        },
        "unjudged": [
            {k: v for k, v in asdict(f).items() if k != "verdict"}
            for f in rep.findings
            if f.verdict is None
        ],
        "findings": [
            {
                **{k: v for k, v in asdict(f).items() if k != "verdict"},
                "verdict": f.verdict.verdict if f.verdict else None,
                "reason": f.verdict.reason if f.verdict else None,
            }
            for f in rep.findings
        ],
        "lost_true": [asdict(v) for v in rep.stale if v.verdict == "true"],
        "errors": rep.errors,
    }


def _pct(p: float | None) -> str:
    return "—" if p is None else f"{100 * p:.1f}%"


def table(title: str, rows: dict[str, dict[str, Any]]) -> list[str]:
    out = [
        f"| {title} | findings | true | false | unjudged | precision |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for k, r in rows.items():
        cells = [k, r["findings"], r["true"], r["false"], r["unjudged"], _pct(r["precision"])]
        out.append("| " + " | ".join(str(c) for c in cells) + " |")
    return out


def render(s: dict[str, Any]) -> str:
    out = table("rule", {**s["rules"], "**all**": s["overall"]})
    out += ["", *table("confidence (this level or stronger)", s["confidence"])]
    out += ["", *table("evidence kind", s["evidence"])]
    if len(s["sets"]) > 1:  # each set on its own, then all together above
        for name, row in s["sets"].items():
            out += ["", *table(f"rule ({name})", {**row["rules"], "**all**": row})]
            out += ["", *table(f"confidence ({name})", row["confidence"])]
    out += ["", *table("files", s["files"]), "", *table("repo", s["repos"])]
    g = s["gone"]
    out += [
        "",
        f"verdicts no longer matched by a finding: {g['false']} false (fixed),"
        f" {g['true']} true (lost)",
    ]
    for v in s["lost_true"]:
        out.append(f"  lost true positive: {v['repo']} {v['path']}:{v['line']} {v['rule']}")
    if s["unjudged"]:
        out += ["", f"findings without a verdict: {len(s['unjudged'])}"]
        for f in s["unjudged"]:
            out.append(
                f"  {f['repo']} {f['path']}:{f['line']} {f['rule']} [{f['hash']}] {f['message']}"
            )
    for e in s["errors"]:
        out.append(f"error: {e}")
    return "\n".join(out)


def stubs(findings: Iterable[Finding]) -> str:
    out = []
    for f in findings:
        if f.verdict is None:
            out += [
                "[[finding]]",
                f"repo = {json.dumps(f.repo)}",
                f"path = {json.dumps(f.path)}",
                f"line = {f.line}",
                f"rule = {json.dumps(f.rule)}",
                f"hash = {json.dumps(f.hash)}",
                'verdict = ""',
                f"reason = {json.dumps(f.message)}",
                "",
            ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("snapshots", type=Path)
    ap.add_argument("--manifest", type=Path, default=HERE / "manifest.toml")
    ap.add_argument("--verdicts", type=Path, default=HERE / "verdicts.toml")
    ap.add_argument(
        "--set",
        choices=[*SETS, "all"],
        help="which manifest entries to scan (default: original, or every set with --only;"
        " all: every set)",
    )
    ap.add_argument("--only", help="comma-separated manifest names")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a finding has no verdict")
    ap.add_argument(
        "--stubs", action="store_true", help="print TOML stubs for the findings without a verdict"
    )
    ap.add_argument("--jobs", type=int, help="passed to gofixmap as --jobs")
    ap.add_argument("--no-cache", action="store_true", help="passed to gofixmap")
    args = ap.parse_args(argv)
    try:
        entries = load_manifest(args.manifest)
        verdicts = load_verdicts(args.verdicts)
    except (OSError, ValueError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        print(f"realworld: {exc}", file=sys.stderr)
        return 2
    chosen = args.set or ("all" if args.only else SETS[0])
    if chosen != "all":
        entries = [e for e in entries if e.set == chosen]
    if args.only:
        only = set(args.only.split(","))
        entries = [e for e in entries if e.name in only]
    extra = []
    if args.jobs:
        extra += ["--jobs", str(args.jobs)]
    if args.no_cache:
        extra.append("--no-cache")
    rep = run(args.snapshots, entries, verdicts, extra)
    s = summary(rep)
    if args.stubs:
        print(stubs(rep.findings))
    elif args.json:
        print(json.dumps(s, indent=2))
    else:
        print(render(s))
    if rep.errors:
        return 2
    if args.strict and s["overall"]["unjudged"]:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
