"""gofixmap batch --executor dask on real clusters: a distributed.LocalCluster,
and a real ``dask scheduler`` with two ``dask worker`` processes, one of them
killed mid-run. Needs the dask extra; run with ``python -m pytest -m dask``."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.batch_estate import Estate, build

pytestmark = pytest.mark.dask
pytest.importorskip("distributed")


def batch(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gofixmap", "batch", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


def rows(out: Path) -> list[tuple[str, str, str, int]]:
    if not (out / "journal.sqlite").exists():
        return []
    db = sqlite3.connect(f"file:{out / 'journal.sqlite'}?mode=ro", uri=True)
    try:
        return db.execute(
            "SELECT repo, module_dir, status, attempts FROM units ORDER BY repo, module_dir"
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        db.close()


def diffs(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.glob("units/**/*.diff"))
    }


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Estate:
    return build(tmp_path_factory.mktemp("estate"))


@pytest.fixture(scope="module")
def local_diffs(estate: Estate) -> dict[str, bytes]:
    out = estate.base / "out-local"
    done = batch("--repos", estate.repos_file, "--out", out, "--jobs", "2")
    assert done.returncode == 1, done.stderr
    found = diffs(out)
    assert len(found) == 7
    return found


def test_local_cluster_matches_the_local_executor(
    estate: Estate, local_diffs: dict[str, bytes]
) -> None:
    out = estate.base / "out-dask"
    done = batch("--repos", estate.repos_file, "--out", out, "--executor", "dask", "--jobs", "2")
    assert done.returncode == 1, done.stderr
    assert diffs(out) == local_diffs
    assert [(r[2], r[3]) for r in rows(out)] == [("done", 1)] * 7
    report = json.loads((out / "report.json").read_text())
    assert report["executor"].startswith("dask at tcp://127.0.0.1:")


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """A real scheduler and two workers (no nanny: a killed worker stays dead)."""
    file = tmp_path / "scheduler.json"
    log = open(tmp_path / "cluster.log", "wb")  # noqa: SIM115 (closed below)
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "distributed.cli.dask_scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(file),
            ],
            stdout=log,
            stderr=log,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not file.exists() or not file.read_text().strip():
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.1)
        address = json.loads(file.read_text())["address"]
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "distributed.cli.dask_worker",
                        address,
                        "--nthreads",
                        "1",
                        "--no-nanny",
                        "--no-dashboard",
                        "--host",
                        "127.0.0.1",
                    ],
                    stdout=log,
                    stderr=log,
                )
            )
        yield address, procs
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def test_a_worker_killed_mid_run_loses_no_unit(
    estate: Estate,
    local_diffs: dict[str, bytes],
    tmp_path: Path,
    cluster: tuple[str, list[subprocess.Popen[bytes]]],
) -> None:
    address, procs = cluster
    out = tmp_path / "out"
    coordinator = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gofixmap",
            "batch",
            "--repos",
            str(estate.repos_file),
            "--out",
            str(out),
            "--executor",
            "dask",
            "--scheduler",
            address,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    victim = procs[1]
    deadline = time.monotonic() + 300
    while coordinator.poll() is None and time.monotonic() < deadline:
        statuses = [r[2] for r in rows(out)]
        if "done" in statuses and "running" in statuses:
            victim.send_signal(signal.SIGKILL)
            break
        time.sleep(0.05)
    _, stderr = coordinator.communicate(timeout=300)
    assert victim.wait(timeout=10) == -signal.SIGKILL, "the worker was not killed mid-run"
    assert coordinator.returncode == 1, stderr
    found = rows(out)
    assert len(found) == 7 and all(r[2] == "done" for r in found)
    assert diffs(out) == local_diffs
    report = json.loads((out / "report.json").read_text())
    assert report["totals"]["done"] == 7 and report["failures"] == []
