"""Benchmark ``gofixmap batch`` on an estate made of the Go standard library.

    python benchmarks/batch.py [--modules 200] [--large 1000] [--no-dask]

The estate: one Go module per standard-library package directory (its
non-test .go files copied, ``module bench<copy>/<dir>``; the directories are
used again as further copies past their number), in one folder that is the
ROOT of the run. For ``--modules`` such modules it runs, each on a fresh
``--out``:

- ``local`` with ``--jobs 1`` and ``--jobs 2``;
- ``dask`` with a ``LocalCluster`` of 2 workers (unless ``--no-dask``; needs the
  dask extra);

and prints modules per minute of each, the ratio of 2 jobs to 1 job measured
in the same run, and the coordinator's peak resident memory (``VmHWM`` of the
coordinator process alone, read from /proc while it runs; the units are
processes of their own). Then the same with ``--large`` modules at 2 jobs: the
coordinator's memory should stay flat as the estate grows (the ratio of the
two peaks is printed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def goroot() -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from gofixmap.codemod.toolchain import find_go

    return find_go().goroot


def make_estate(where: Path, count: int) -> int:
    """``count`` modules from the standard library's package directories (each
    directory once, then again as copies until there are ``count``)."""
    src = goroot() / "src"
    packages: list[tuple[Path, list[str]]] = []
    for directory, dirnames, filenames in os.walk(src):
        dirnames[:] = sorted(d for d in dirnames if d not in ("testdata", "vendor"))
        names = [n for n in sorted(filenames) if n.endswith(".go") and not n.endswith("_test.go")]
        if names:
            packages.append((Path(directory), names))
    made = 0
    while made < count:
        copy = made // len(packages)
        directory, names = packages[made % len(packages)]
        rel = directory.relative_to(src)
        target = where / f"{copy}_{str(rel).replace('/', '_')}"
        target.mkdir(parents=True)
        (target / "go.mod").write_text(f"module bench{copy}/{rel}\n\ngo 1.22\n")
        for name in names:
            shutil.copyfile(directory / name, target / name)
        made += 1
    return made


def run(root: Path, out: Path, *args: str) -> tuple[float, int]:
    """Seconds and the coordinator's peak resident kB."""
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gofixmap", "batch", str(root), "--out", str(out), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            try:
                for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak[0] = max(peak[0], int(line.split()[1]))
            except OSError:
                pass
            time.sleep(0.1)

    watcher = threading.Thread(target=sample)
    watcher.start()
    _, err = proc.communicate()
    watcher.join()
    if proc.returncode not in (0, 1):
        sys.exit(f"gofixmap batch failed ({proc.returncode}): {err.strip()}")
    return time.monotonic() - start, peak[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=200)
    parser.add_argument("--large", type=int, default=1000)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gofixmap-batch-bench-") as tmp:
        base = Path(tmp)
        small, large = base / "estate-small", base / "estate-large"
        n_small = make_estate(small, args.modules)
        n_large = make_estate(large, args.large)
        print(f"estate: {n_small} modules (large: {n_large}) from {goroot() / 'src'}")
        results: dict[str, tuple[float, int]] = {}
        runs = [("local, 1 job", ["--jobs", "1"]), ("local, 2 jobs", ["--jobs", "2"])]
        if not args.no_dask:
            runs.append(("dask, 2 workers", ["--executor", "dask", "--jobs", "2"]))
        for label, extra in runs:
            seconds, peak = run(small, base / f"out-{len(results)}", *extra)
            results[label] = (seconds, peak)
            print(
                f"{label:>16}: {seconds:7.1f} s  {n_small / seconds * 60:7.1f} modules/min"
                f"  coordinator peak {peak / 1024:6.1f} MiB"
            )
        one, two = results["local, 1 job"][0], results["local, 2 jobs"][0]
        print(f"2 jobs / 1 job speed-up: {one / two:.2f}x")
        seconds, peak = run(large, base / "out-large", "--jobs", "2")
        print(
            f"{'large, 2 jobs':>16}: {seconds:7.1f} s  {n_large / seconds * 60:7.1f} modules/min"
            f"  coordinator peak {peak / 1024:6.1f} MiB"
        )
        small_peak = results["local, 2 jobs"][1]
        print(
            f"coordinator memory, {n_large} vs {n_small} modules: {peak / max(small_peak, 1):.2f}x"
        )


if __name__ == "__main__":
    main()
