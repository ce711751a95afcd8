"""How gofixmap's cold scan scales: with ``--jobs`` and with the size of the tree.

    /work/venv/bin/python benchmarks/scaling.py [--rounds 3]

On the Go standard library, with an empty cache each time, it runs gofixmap
with ``--jobs 1`` and ``--jobs N`` for every N up to the cores (speed-up over
one job), and, with the default jobs, on the first quarter, half and the whole
of the packages (whole directories, in walk order, named as files on the
command line), printing seconds per MB of Go source so that a linear cost
shows as a flat column. Medians of ``--rounds`` rounds; every configuration
runs once per round, interleaved, so that machine load hits them alike.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_std import machine, measure, med, snapshot  # noqa: E402

from gofixmap.codemod.discover import expand  # noqa: E402
from gofixmap.codemod.toolchain import find_go  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    src = Path(find_go().env()["GOROOT"]) / "src"
    files = expand([str(src)])
    by_dir: dict[str, list[str]] = defaultdict(list)
    for f in files:
        by_dir[os.path.dirname(f.filename)].append(f.filename)
    dirs = list(by_dir.values())
    total = sum(os.path.getsize(p) for p in (f.filename for f in files))
    cores = len(os.sched_getaffinity(0))
    print(f"machine: {machine()}")
    print(f"tree: {src}: {len(files)} files, {total / 1e6:.1f} MB, {len(dirs)} directories")

    pkg = snapshot()
    cache_dir = tempfile.mkdtemp(prefix="gofixmap-scaling-cache-")
    env = {**os.environ, "GOTOOLCHAIN": "local", "PYTHONPATH": pkg, "GOFIXMAP_CACHE_DIR": cache_dir}
    base = [sys.executable, "-m", "gofixmap"]

    def part(fraction: float) -> tuple[list[str], int]:
        chosen: list[str] = []
        size = 0
        for group in dirs:
            if size >= fraction * total:
                break
            chosen.extend(group)
            size += sum(os.path.getsize(p) for p in group)
        return chosen, size

    configs: dict[str, tuple[list[str], int]] = {}
    for jobs in range(1, cores + 1):
        configs[f"--jobs {jobs}, whole tree"] = ([*base, "--jobs", str(jobs), str(src)], total)
    for fraction in (0.25, 0.5):
        chosen, size = part(fraction)
        configs[f"default jobs, {fraction:.0%} of the bytes"] = ([*base, *chosen], size)
    configs["default jobs, whole tree"] = ([*base, str(src)], total)

    seconds: dict[str, list[float]] = defaultdict(list)
    for n in range(args.rounds):
        for name, (cmd, _) in configs.items():
            shutil.rmtree(cache_dir, ignore_errors=True)
            run = measure(cmd, env, cwd=pkg)
            if run.returncode not in (0, 1, 2):
                print(f"{name}: exit {run.returncode}: {run.stderr[-500:]}")
                return 1
            seconds[name].append(run.seconds)
        print(f"round {n + 1} done", flush=True)

    one = med(seconds["--jobs 1, whole tree"])
    print()
    print(f"{'':34} {'median s':>9} {'MB':>6} {'s per MB':>9} {'speed-up':>9}")
    for name, (_, size) in configs.items():
        s = med(seconds[name])
        speedup = f"{one / s:9.2f}" if name.startswith("--jobs") else f"{'':9}"
        print(f"{name:34} {s:9.2f} {size / 1e6:6.1f} {s / (size / 1e6):9.3f} {speedup}")
    shutil.rmtree(cache_dir, ignore_errors=True)
    shutil.rmtree(pkg, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
