"""Benchmark gofixmap on the Go standard library against gofmt -l, staticcheck
SA5000 and nilaway.

    /work/venv/bin/python benchmarks/bench_std.py [--rounds 3] [--jobs N] [--no-peers]
        [--before REV]

In one run it alternates, for each round: ``gofmt -l`` on the files gofixmap
scans, gofixmap with an empty cache (cold) and gofixmap again (warm, nothing
changed), then prints the medians, the ratios to gofmt, the peak memory and the
findings count. With ``--before REV`` each round also runs gofixmap at that
revision (from ``git archive``) cold and warm, first on every other round, and
the CPU of the working tree's runs is printed as a ratio to it, of the medians
and round by round (machine load hits both alike); each round's line gives
the load average when it started.
Then it installs staticcheck (only SA5000 enabled) and nilaway with ``go
install`` through the module proxy into a temporary GOBIN and runs them once
on the same packages (``std`` and ``cmd``), printing time and memory
(staticcheck with an empty ``STATICCHECK_CACHE`` each time; the Go build cache,
which both peers use to load packages, is the user's).

Peak memory is the largest sum of the resident set sizes of the process and all
its descendants, sampled every 20 ms from /proc (gofixmap and gofmt use
several processes or threads); ``max proc`` is the ``ru_maxrss`` that
``wait4`` reports for the command (its largest single process).

gofixmap runs from a snapshot of its package copied to a temporary directory,
so that edits to the working tree during the benchmark do not change the tool
fingerprint between the cold and the warm runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from gofixmap.codemod.discover import expand  # noqa: E402
from gofixmap.codemod.toolchain import find_go  # noqa: E402

STATICCHECK = "honnef.co/go/tools/cmd/staticcheck@v0.8.2"
NILAWAY = "go.uber.org/nilaway/cmd/nilaway@v0.0.0-20260918162853-acb8859b9031"


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system of the process and its children
    peak_mb: float  # largest sum of RSS over the process tree
    max_child_mb: float
    returncode: int
    stdout: str
    stderr: str


def _tree_rss(root: int) -> int:
    """Sum of VmRSS (kB) of ``root`` and its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/statm") as f:
                pages = int(f.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        pid = int(entry)
        children.setdefault(ppid, []).append(pid)
        rss[pid] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def _limit(memory_bytes: int) -> Callable[[], None] | None:
    if not memory_bytes:
        return None

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    return apply


def measure(
    cmd: list[str],
    env: dict[str, str],
    cwd: str | None = None,
    timeout: float = 3600,
    memory_bytes: int = 0,
) -> Run:
    """Run ``cmd``; wall time, CPU and max RSS from wait4, tree RSS sampled from /proc."""
    with tempfile.TemporaryFile() as out_f, tempfile.TemporaryFile() as err_f:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, env=env, cwd=cwd, stdout=out_f, stderr=err_f, preexec_fn=_limit(memory_bytes)
        )
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(proc.pid))
                done.wait(0.02)

        def kill() -> None:
            if not done.wait(timeout):
                proc.kill()

        sampler = threading.Thread(target=sample, daemon=True)
        killer = threading.Thread(target=kill, daemon=True)
        sampler.start()
        killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out_f.seek(0)
        err_f.seek(0)
        out = out_f.read().decode("utf-8", "replace")
        err = err_f.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, peak / 1024, usage.ru_maxrss / 1024, proc.returncode, out, err)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))  # type: ignore[union-attr]
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, AttributeError):
        pass
    cores = f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))})"
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return f"{cores}, {model}{mem}, {system}"


def snapshot() -> str:
    """Copy the gofixmap package to a temporary directory; return it for PYTHONPATH."""
    target = Path(tempfile.mkdtemp(prefix="gofixmap-bench-"))
    shutil.copytree(
        HERE.parent / "gofixmap", target / "gofixmap", ignore=shutil.ignore_patterns("__pycache__")
    )
    return str(target)


def archive(revision: str) -> str:
    """The gofixmap package at ``revision`` in a temporary directory (for PYTHONPATH)."""
    target = Path(tempfile.mkdtemp(prefix="gofixmap-before-"))
    data = subprocess.run(
        ["git", "archive", revision, "gofixmap"],
        cwd=HERE.parent,
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=data, check=True)
    # the compiled parser is not in git: take the working tree's
    for built in (HERE.parent / "gofixmap" / "codemod").glob("_grammar*.so"):
        shutil.copy(built, target / "gofixmap" / "codemod" / built.name)
    return str(target)


def med(values: list[float]) -> float:
    return statistics.median(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="gofixmap --jobs (default: cores)")
    parser.add_argument("--no-peers", action="store_true", help="skip staticcheck and nilaway")
    parser.add_argument("--peer-timeout", type=float, default=1800)
    parser.add_argument(
        "--peer-memory-gb",
        type=float,
        default=12,
        help="address-space limit for staticcheck and nilaway (nilaway on std exceeded 23 GB)",
    )
    parser.add_argument("--json", help="also write the numbers to this file")
    parser.add_argument(
        "--before", default="", help="also run gofixmap at this revision, cold and warm"
    )
    args = parser.parse_args()

    tool = find_go()
    goroot = Path(tool.env()["GOROOT"])
    src = goroot / "src"
    files = expand([str(src)])
    paths = [str(f.path) for f in files]
    size = sum(os.path.getsize(p) for p in paths)
    print(f"machine: {machine()}")
    print(
        f"go: {tool.version}; tree: {src}: {len(paths)} files, {size / 1e6:.1f} MB"
        " (no testdata/vendor)"
    )

    base_env = {**os.environ, "GOTOOLCHAIN": "local"}
    pkg = snapshot()
    cache_dir = tempfile.mkdtemp(prefix="gofixmap-bench-cache-")
    gfx_env = {**base_env, "PYTHONPATH": pkg, "GOFIXMAP_CACHE_DIR": cache_dir}
    gfx = [sys.executable, "-m", "gofixmap", str(src)]
    if args.jobs:
        gfx[3:3] = ["--jobs", str(args.jobs)]
    gofmt = [str(tool.gofmt), "-l", *paths]

    runs: dict[str, list[Run]] = {"gofmt -l": [], "gofixmap cold": [], "gofixmap warm": []}
    before = archive(args.before) if args.before else ""
    before_cache = tempfile.mkdtemp(prefix="gofixmap-bench-cache-before-")
    before_env = {**base_env, "PYTHONPATH": before, "GOFIXMAP_CACHE_DIR": before_cache}
    if before:
        runs["before cold"] = []
        runs["before warm"] = []
    findings = -1

    def now() -> Run:
        shutil.rmtree(cache_dir, ignore_errors=True)
        # cwd=pkg: `python -m` puts the working directory first on sys.path
        cold = measure(gfx, gfx_env, cwd=pkg)
        runs["gofixmap cold"].append(cold)
        runs["gofixmap warm"].append(measure(gfx, gfx_env, cwd=pkg))
        return cold

    def then() -> None:
        shutil.rmtree(before_cache, ignore_errors=True)
        runs["before cold"].append(measure(gfx, before_env, cwd=before))
        runs["before warm"].append(measure(gfx, before_env, cwd=before))

    for n in range(args.rounds):
        load = os.getloadavg()[0]
        runs["gofmt -l"].append(measure(gofmt, base_env))
        # the reference goes first every other round: a trend in the machine's
        # load then favours neither
        if before and n % 2:
            then()
        cold = now()
        if before and not n % 2:
            then()
        match = re.search(r"(\d+) findings?", cold.stderr)
        findings = int(match.group(1)) if match else -1
        line = ", ".join(
            f"{k} {v[-1].seconds:.2f} s (cpu {v[-1].cpu:.1f})" for k, v in runs.items()
        )
        print(f"round {n + 1} (load {load:.1f}): {line}", flush=True)
    cold_out = runs["gofixmap cold"][-1]
    warm_out = runs["gofixmap warm"][-1]
    same = cold_out.stdout == warm_out.stdout

    gofmt_s = med([r.seconds for r in runs["gofmt -l"]])
    table = []
    print()
    print(f"{'':16} {'median s':>9} {'cpu s':>7} {'x gofmt':>8} {'peak MB':>8} {'max proc MB':>11}")
    for name, rs in runs.items():
        s = med([r.seconds for r in rs])
        row = {
            "name": name,
            "seconds": s,
            "cpu": med([r.cpu for r in rs]),
            "ratio": s / gofmt_s,
            "peak_mb": max(r.peak_mb for r in rs),
            "max_child_mb": max(r.max_child_mb for r in rs),
        }
        table.append(row)
        print(
            f"{name:16} {s:9.2f} {row['cpu']:7.1f} {row['ratio']:8.3f} "
            f"{row['peak_mb']:8.0f} {row['max_child_mb']:11.0f}"
        )
    print(f"gofixmap findings: {findings}; warm output identical to cold: {same}")
    if before:
        for kind in ("cold", "warm"):
            cpu_now = med([r.cpu for r in runs[f"gofixmap {kind}"]])
            cpu_then = med([r.cpu for r in runs[f"before {kind}"]])
            ratios = [
                a.cpu / b.cpu
                for a, b in zip(runs[f"gofixmap {kind}"], runs[f"before {kind}"], strict=True)
            ]
            print(
                f"{kind} cpu: {cpu_now:.1f} s, {args.before} {cpu_then:.1f} s: "
                f"{cpu_now / cpu_then:.3f}x (per round: {', '.join(f'{r:.3f}' for r in ratios)}; "
                f"median {med(ratios):.3f}x)"
            )
        same_before = runs["before cold"][-1].stdout == cold_out.stdout
        print(f"output identical to {args.before}'s: {same_before}")

    peers: list[dict[str, object]] = []
    if not args.no_peers:
        gobin = tempfile.mkdtemp(prefix="gofixmap-bench-bin-")
        install_env = {
            **base_env,
            "GOBIN": gobin,
            "GOPROXY": "https://proxy.golang.org",
            "GOFLAGS": "-mod=mod",
        }
        for label, module, argv in (
            ("staticcheck SA5000", STATICCHECK, ["-checks", "SA5000"]),
            ("nilaway", NILAWAY, []),
        ):
            binary = Path(gobin) / module.split("@")[0].rsplit("/", 1)[1]
            t0 = time.perf_counter()
            inst = subprocess.run(
                [str(tool.go), "install", module],
                env=install_env,
                capture_output=True,
                text=True,
                cwd=gobin,
            )
            print(f"\n{label}: go install {module}: {time.perf_counter() - t0:.0f} s", flush=True)
            if inst.returncode != 0 or not binary.exists():
                print(f"  not installed: {inst.stderr.strip()[-500:]}")
                peers.append({"name": label, "installed": False})
                continue
            env = {**base_env, "PATH": f"{Path(tool.go).parent}:{base_env.get('PATH', '')}"}
            results = {}
            for module_dir, patterns in ((src, ["std"]), (src / "cmd", ["cmd/..."])):
                # staticcheck keeps results in its own cache: start it empty,
                # as gofixmap's cold run starts (the Go build cache is shared)
                env["STATICCHECK_CACHE"] = tempfile.mkdtemp(prefix="sc-cache-", dir=gobin)
                r = measure(
                    [str(binary), *argv, *patterns],
                    env,
                    cwd=str(module_dir),
                    timeout=args.peer_timeout,
                    memory_bytes=int(args.peer_memory_gb * 2**30),
                )
                reports = [
                    line
                    for line in r.stdout.splitlines() + r.stderr.splitlines()
                    if re.match(r"^\S+\.go:\d+:\d+: ", line)
                ]
                results[patterns[0]] = (r, reports)
                print(
                    f"  {' '.join(patterns)}: {r.seconds:.1f} s, cpu {r.cpu:.0f} s, "
                    f"peak {r.peak_mb:.0f} MB, "
                    f"exit {r.returncode}, {len(reports)} reports"
                    + (
                        f"; {r.stderr.strip().splitlines()[-1][:200]}"
                        if r.returncode not in (0, 1) and r.stderr.strip()
                        else ""
                    ),
                    flush=True,
                )
            total_s = sum(r.seconds for r, _ in results.values())
            peers.append(
                {
                    "name": label,
                    "installed": True,
                    "seconds": total_s,
                    "ratio": total_s / gofmt_s,
                    "peak_mb": max(r.peak_mb for r, _ in results.values()),
                    "reports": sum(len(x) for _, x in results.values()),
                    "exit": [r.returncode for r, _ in results.values()],
                    "sample": [x for _, xs in results.values() for x in xs][:20],
                }
            )
            print(f"  total {total_s:.1f} s = {total_s / gofmt_s:.2f}x gofmt -l")
        shutil.rmtree(gobin, ignore_errors=True)

    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "machine": machine(),
                    "go": tool.version,
                    "files": len(paths),
                    "bytes": size,
                    "findings": findings,
                    "runs": table,
                    "peers": peers,
                },
                indent=2,
            )
        )
    shutil.rmtree(cache_dir, ignore_errors=True)
    shutil.rmtree(pkg, ignore_errors=True)
    shutil.rmtree(before_cache, ignore_errors=True)
    if before:
        shutil.rmtree(before, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
