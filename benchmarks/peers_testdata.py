"""Run gofixmap on the peers' own test suites for nil map writes and score it
against their annotations.

    /work/venv/bin/python benchmarks/peers_testdata.py [--no-peers] [--json out.json]

The suites are the testdata that the peers' modules ship, downloaded with
``go mod download -json`` through proxy.golang.org (the JSON gives the module
cache directory):

- staticcheck SA5000 (``honnef.co/go/tools``): the ``CheckNilMaps`` package
  (``staticcheck/sa5000/testdata/*/CheckNilMaps`` in current versions,
  ``staticcheck/testdata/src/CheckNilMaps`` in old ones). Annotations are
  ``//@ diag(`msg`)`` (current) or ``// want "msg"`` (old).
- nilness (``golang.org/x/tools``, the ``go/analysis/passes/nilness`` pass):
  ``testdata/src/a``. Annotations are ``// want "msg"``; the map-write
  message is ``nil dereference in map update``.
- nilaway (``go.uber.org/nilaway``): ``testdata/src/go.uber.org/maps``.
  Annotations are ``//want "msg" ...``; nilaway annotates every nil flow it
  reports, most of them dereferences of values read from maps, so only the
  annotations whose message is about writing into a nil map (``written to
  at an index``) are counted as map-write lines. Annotations with another
  message that sit on an index assignment (``x[k] = v``, the nil source named
  in the message: ``returned from f in position 1``, ``lacking guarding``)
  are scored in a second row, since the line is a write into a map that may
  be nil.

Each suite is copied to a temporary directory (with a go.mod, so that the
peers can load it) and gofixmap runs on the copy with ``--format json`` and
every rule. Scoring, per annotated map-write line:

- *hit on the line*: a gofixmap finding on that line;
- *hit at the caller*: an NM005 finding (``nil map passed to F, which writes
  into its parameter p``) on a call that passes nil to the function F that
  contains the annotated write: the same bug, reported where the nil comes
  from;
- *miss*: neither.

*Extra findings* are the findings that match no annotation (neither on an
annotated line nor a caller hit); each one is printed so it can be judged by
reading the code (benchmarks/peers-findings.md holds the verdicts).

Lines in ``EXPECTED`` are misses gofixmap once had and must keep finding
(on the line or at the caller): the script exits 1 when one is missed.

Unless ``--no-peers``, staticcheck (``-checks SA5000``) and nilaway are
installed with ``go install`` into a temporary GOBIN and run on the same
copies, and their findings are scored the same way (hit on the line only).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from gofixmap.codemod.source import parse, walk

STATICCHECK_MODULE = "honnef.co/go/tools"
NILAWAY_MODULE = "go.uber.org/nilaway"
TOOLS_MODULE = "golang.org/x/tools"
NILNESS_TESTDATA = "go/analysis/passes/nilness/testdata/src/a"
STATICCHECK_CMD = "honnef.co/go/tools/cmd/staticcheck"
NILAWAY_CMD = "go.uber.org/nilaway/cmd/nilaway"
PROXY = "https://proxy.golang.org"

# An annotation message that is about writing into a nil map.
MAP_WRITE_MESSAGE = re.compile(
    r"assignment to (entry in )?nil map|written to at an index|nil dereference in map update"
)
# (suite copy directory, file, line): annotated writes gofixmap must keep finding
EXPECTED = {
    # r := plainReflCheck(); r[0] = 0: the function returns a package map never made
    ("nilawaymaps", "maps.go", 949),
    # if m == nil { m["one"] = 1 } on a parameter
    ("nilness", "a.go", 301),
}
# An index assignment statement: x[k] = v, x[a][b] = v, x.f[k] += v ...
INDEX_ASSIGNMENT = re.compile(
    r"^\s*[\w.]+(\[[^\]]*\])+\s*(=|[-+*/%&|^]=|<<=|>>=)[^=]|\]\s*(\+\+|--)\s*$"
)
NM005_CALLEE = re.compile(r"nil map passed to (\w+(?:\.\w+)?), which writes")


@dataclass
class Annotation:
    line: int
    messages: list[str]
    code: str

    @property
    def map_write(self) -> bool:
        return any(MAP_WRITE_MESSAGE.search(m) for m in self.messages)

    @property
    def write_line(self) -> bool:
        """Another message, on a line that writes into a map at an index."""
        return not self.map_write and bool(INDEX_ASSIGNMENT.search(self.code))


@dataclass
class Suite:
    name: str
    module: str
    version: str
    source: Path  # testdata package directory in the module cache
    copy: Path = field(default=Path())
    annotations: dict[tuple[str, int], Annotation] = field(default_factory=dict)


def go_binary() -> tuple[str, dict[str, str]]:
    try:
        from gofixmap.codemod.toolchain import find_go

        tc = find_go()
        return str(tc.go), tc.env()
    except Exception:  # fall back to the system toolchain
        return "/usr/local/go/bin/go", {}


def go_env(extra: dict[str, str], **kw: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    env.update({"GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod", "GOPROXY": PROXY})
    env.update(kw)
    return env


def download(go: str, env: dict[str, str], modules: list[str]) -> dict[str, dict[str, str]]:
    work = tempfile.mkdtemp(prefix="gofixmap-peers-dl-")
    try:
        out = subprocess.run(
            [go, "mod", "download", "-json", *modules],
            env=env,
            cwd=work,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result: dict[str, dict[str, str]] = {}
    for obj in _json_stream(out):
        if obj.get("Error"):
            raise SystemExit(f"go mod download {obj['Path']}: {obj['Error']}")
        result[obj["Path"]] = obj
    return result


def _json_stream(text: str) -> list[dict[str, str]]:
    dec = json.JSONDecoder()
    objs, i = [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return objs
        obj, i = dec.raw_decode(text, i)
        objs.append(obj)


def find_sa5000(root: Path) -> Path:
    for pattern in (
        "staticcheck/sa5000/testdata/*/CheckNilMaps",
        "staticcheck/testdata/src/CheckNilMaps",
    ):
        hits = sorted(root.glob(pattern))
        if hits:
            return hits[-1]
    raise SystemExit(f"no CheckNilMaps testdata under {root}")


ANNOTATION = re.compile(r"//\s*(?:want|@\s*diag\()\s*(.*)$")
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"|`([^`]*)`')


def read_annotations(suite: Suite) -> None:
    for path in sorted(suite.copy.glob("*.go")):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            m = ANNOTATION.search(line)
            if not m:
                continue
            messages = [a or b for a, b in QUOTED.findall(m.group(1))]
            code = line[: m.start()]
            suite.annotations[(path.name, n)] = Annotation(n, messages, code)


def function_ranges(path: Path) -> dict[str, tuple[int, int]]:
    """Function name (``Recv.Name`` for methods) -> 1-based line range."""
    data = path.read_bytes()
    tree = parse(str(path), data).tree
    ranges: dict[str, tuple[int, int]] = {}
    for node in walk(tree.root_node):
        if node.type not in ("function_declaration", "method_declaration"):
            continue
        name_node = node.child_by_field_name("name")
        if name_node is None or name_node.text is None:
            continue
        name = name_node.text.decode()
        ranges.setdefault(name, (node.start_point[0] + 1, node.end_point[0] + 1))
    return ranges


@dataclass
class Score:
    suite: str
    annotated: int
    hits_line: list[int]
    hits_caller: list[tuple[int, int]]  # (annotated line, finding line)
    misses: list[int]
    extra: list[dict[str, object]]
    counts_extra: bool = True  # False for a suite's second row: its extra findings are in the first


def score(
    suite: Suite, findings: list[dict[str, object]], rows: list[Annotation], label: str
) -> Score:
    ranges: dict[str, dict[str, tuple[int, int]]] = {}
    for p in suite.copy.glob("*.go"):
        ranges[p.name] = function_ranges(p)
    annotated_lines = {(f, a.line) for (f, _), a in suite.annotations.items()}
    wanted = {(f, a.line) for (f, _), a in suite.annotations.items() if a in rows}
    by_line: dict[tuple[str, int], list[dict[str, object]]] = {}
    for f in findings:
        by_line.setdefault((Path(str(f["path"])).name, int(str(f["line"]))), []).append(f)
    hits_line, hits_caller, misses = [], [], []
    used: set[int] = set()
    for fname, line in sorted(wanted):
        if (fname, line) in by_line:
            hits_line.append(line)
            continue
        caller = None
        for f in findings:
            m = NM005_CALLEE.search(str(f["message"]))
            if not m or Path(str(f["path"])).name != fname:
                continue
            rng = ranges[fname].get(m.group(1).rsplit(".", 1)[-1])
            if rng and rng[0] <= line <= rng[1]:
                caller = f
                break
        if caller is not None:
            hits_caller.append((line, int(str(caller["line"]))))
            used.add(id(caller))
        else:
            misses.append(line)
    extra = []
    for f in findings:
        key = (Path(str(f["path"])).name, int(str(f["line"])))
        if key in annotated_lines or id(f) in used:
            continue
        # A caller finding for an annotated write scored in another row is not extra either.
        m = NM005_CALLEE.search(str(f["message"]))
        if m:
            rng = ranges[key[0]].get(m.group(1).rsplit(".", 1)[-1])
            if rng and any(
                a.map_write or a.write_line
                for (fn, _), a in suite.annotations.items()
                if fn == key[0] and rng[0] <= a.line <= rng[1]
            ):
                continue
        extra.append(f)
    return Score(label, len(wanted), hits_line, hits_caller, misses, extra)


def run_gofixmap(path: Path) -> list[dict[str, object]]:
    exe = Path(sys.executable).with_name("gofixmap")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "gofixmap"]
    proc = subprocess.run(
        [*cmd, "--format", "json", "--no-cache", str(path)], capture_output=True, text=True
    )
    if proc.returncode not in (0, 1):
        raise SystemExit(f"gofixmap failed: {proc.stderr}")
    data = json.loads(proc.stdout)
    if data.get("errors"):
        print(f"gofixmap errors on {path}: {data['errors']}", file=sys.stderr)
    findings: list[dict[str, object]] = data["findings"]
    return findings


POSITION = re.compile(r"^(?:\S*/)?([\w.-]+\.go):(\d+):(\d+): (?:error: )?(.*)$")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_peer(
    binary: Path, args: list[str], root: Path, pkg: str, env: dict[str, str]
) -> list[dict[str, object]]:
    proc = subprocess.run(
        [str(binary), *args, "./" + pkg],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    findings: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    for line in ANSI.sub("", proc.stdout + proc.stderr).splitlines():
        m = POSITION.match(line)
        if m:  # a report; nilaway follows it with indented "- file:line: step" lines
            current = {"path": m.group(1), "line": int(m.group(2)), "message": m.group(4)}
            findings.append(current)
        elif current is not None and line.startswith("\t- ") and not line.startswith("\t\t"):
            current["message"] = line[3:].split(": ", 1)[-1]  # the last step: the dereference
    return findings


def install_peers(
    go: str, env: dict[str, str], versions: dict[str, str], gobin: str
) -> dict[str, Path]:
    bins: dict[str, Path] = {}
    for name, cmd, module in (
        ("staticcheck", STATICCHECK_CMD, STATICCHECK_MODULE),
        ("nilaway", NILAWAY_CMD, NILAWAY_MODULE),
    ):
        proc = subprocess.run(
            [go, "install", f"{cmd}@{versions[module]}"],
            env=go_env(env, GOBIN=gobin),
            cwd=gobin,
            capture_output=True,
            text=True,
            timeout=900,
        )
        binary = Path(gobin) / name
        if proc.returncode == 0 and binary.exists():
            bins[name] = binary
        else:
            print(
                f"{name}: go install failed, skipped: {proc.stderr.strip()[-300:]}", file=sys.stderr
            )
    return bins


def hits_text(s: Score) -> str:
    n = len(s.hits_line) + len(s.hits_caller)
    if not s.hits_caller:
        return str(n)
    return f"{n} ({len(s.hits_line)} on the line, {len(s.hits_caller)} at the caller)"


def extra_text(s: Score) -> str:
    return str(len(s.extra)) if s.counts_extra else "(row above)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-peers", action="store_true", help="do not install and run staticcheck and nilaway"
    )
    parser.add_argument("--json", type=Path, help="write the scores as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copies")
    args = parser.parse_args()

    go, tc_env = go_binary()
    env = go_env(tc_env)
    mods = download(
        go,
        env,
        [f"{STATICCHECK_MODULE}@latest", f"{NILAWAY_MODULE}@latest", f"{TOOLS_MODULE}@latest"],
    )
    sc, na, xt = mods[STATICCHECK_MODULE], mods[NILAWAY_MODULE], mods[TOOLS_MODULE]
    suites = [
        Suite(
            "staticcheck SA5000 `CheckNilMaps`",
            sc["Path"],
            sc["Version"],
            find_sa5000(Path(sc["Dir"])),
        ),
        Suite(
            "nilaway `go.uber.org/maps`",
            na["Path"],
            na["Version"],
            Path(na["Dir"]) / "testdata/src/go.uber.org/maps",
        ),
        Suite("nilness `a`", xt["Path"], xt["Version"], Path(xt["Dir"]) / NILNESS_TESTDATA),
    ]
    copies = ["sa5000", "nilawaymaps", "nilness"]

    tmp = Path(tempfile.mkdtemp(prefix="gofixmap-peers-"))
    (tmp / "go.mod").write_text("module peerstestdata\n\ngo 1.22\n")
    for i, suite in enumerate(suites):
        suite.copy = tmp / copies[i]
        suite.copy.mkdir()
        for f in suite.source.glob("*.go"):
            shutil.copyfile(f, suite.copy / f.name)
        read_annotations(suite)

    for suite in suites:
        print(f"{suite.name}: {suite.module}@{suite.version}, {suite.source}")
        considered = [a for a in suite.annotations.values() if a.map_write]
        other_writes = [a for a in suite.annotations.values() if a.write_line]
        print(
            f"  {len(suite.annotations)} annotated lines, {len(considered)} considered"
            " map-write by their message"
            f" ({', '.join(str(a.line) for a in considered)})"
        )
        if other_writes:
            print(
                f"  {len(other_writes)} more annotated lines are index assignments"
                " with another message"
                f" ({', '.join(str(a.line) for a in other_writes)})"
            )

    results: dict[str, list[Score]] = {"gofixmap": []}
    peer_bins: dict[str, Path] = {}
    gobin = ""
    if not args.no_peers:
        gobin = tempfile.mkdtemp(prefix="gofixmap-peers-bin-")
        peer_bins = install_peers(go, env, {k: v["Version"] for k, v in mods.items()}, gobin)
    try:
        for suite in suites:
            rows = [
                ("", [a for a in suite.annotations.values() if a.map_write]),
                (
                    ", other messages on index assignments",
                    [a for a in suite.annotations.values() if a.write_line],
                ),
            ]
            fx = run_gofixmap(suite.copy)
            peer_findings: dict[str, list[dict[str, object]]] = {}
            for name, binary in peer_bins.items():
                pargs = ["-checks", "SA5000"] if name == "staticcheck" else []
                peer_findings[name] = run_peer(binary, pargs, tmp, suite.copy.name, env)
            for suffix, row in rows:
                if not row:
                    continue
                label = suite.name + suffix
                scored = [("gofixmap", score(suite, fx, row, label))]
                scored += [
                    (name, score(suite, pf, row, label)) for name, pf in peer_findings.items()
                ]
                for name, sc_ in scored:
                    if suffix:
                        sc_.extra, sc_.counts_extra = [], False
                    results.setdefault(name, []).append(sc_)
    finally:
        if gobin:
            shutil.rmtree(gobin, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    print()
    print("| suite | annotated map-write lines | gofixmap hits | misses | extra findings |")
    print("|---|--:|--:|--:|--:|")
    for s in results["gofixmap"]:
        print(f"| {s.suite} | {s.annotated} | {hits_text(s)} | {len(s.misses)} | {extra_text(s)} |")
    if len(results) > 1:
        print()
        print("| suite | tool | hits (on the line) | misses | extra findings |")
        print("|---|---|--:|--:|--:|")
        for name, scores in results.items():
            if name == "gofixmap":
                continue
            for s in scores:
                print(
                    f"| {s.suite} | {name} | {len(s.hits_line)} | {len(s.misses)}"
                    f" | {extra_text(s)} |"
                )
    for name, scores in results.items():
        for s in scores:
            if not (s.misses or s.extra or s.hits_caller):
                continue
            print(f"\n{name} on {s.suite}:")
            for ln, fl in s.hits_caller:
                print(f"  hit at the caller: annotated line {ln}, finding on line {fl}")
            for ln in s.misses:
                print(f"  miss: line {ln}")
            seen: set[tuple[int, str]] = set()
            for f in s.extra:
                key = (int(str(f["line"])), str(f["message"]))
                if key in seen:
                    continue
                seen.add(key)
                rule = f"{f['rule']} " if f.get("rule") else ""
                print(f"  extra: line {f['line']}: {rule}{f['message']}")
    missed = []
    for suite in suites:
        for s in results["gofixmap"]:
            if s.suite != suite.name:
                continue
            for line in s.misses:
                if (suite.copy.name, line) in {(d, ln) for d, _, ln in EXPECTED}:
                    missed.append(f"{suite.copy.name}: line {line}")
    if missed:
        print(f"\nexpected hits missed: {', '.join(missed)}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    tool: [
                        {
                            "suite": s.suite,
                            "annotated": s.annotated,
                            "hits_line": s.hits_line,
                            "hits_caller": s.hits_caller,
                            "misses": s.misses,
                            "extra": [
                                {k: f.get(k) for k in ("line", "rule", "message")} for f in s.extra
                            ],
                        }
                        for s in scores
                    ]
                    for tool, scores in results.items()
                },
                indent=2,
            )
        )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
